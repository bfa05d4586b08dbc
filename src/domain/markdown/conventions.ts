/**
 * The small textual conventions that render.ts writes and parse.ts reads back. Kept in one place so the two
 * never drift apart.
 */

/** Stands in for an empty section so the seed template's structure is always complete. Parsed back as empty. */
export const EMPTY_SECTION_PLACEHOLDER = '_None yet._';

/** Joins a negative consequence and its mitigation on one bullet: `* Risk — Mitigation: what we do about it`. */
export const MITIGATION_SEPARATOR = ' — Mitigation: ';

export const SECTION_HEADINGS = {
  context: 'Context and Problem Statement',
  drivers: 'Decision Drivers',
  options: 'Considered Options',
  outcome: 'Decision Outcome',
  positive: 'Positive Consequences',
  negative: 'Negative Consequences',
  prosAndCons: 'Pros and Cons of the Options',
  links: 'Links',
} as const;

/** The Markdown profiles export writes, in the order help texts list them (the first is the default). */
export const MARKDOWN_PROFILES = ['seed', 'madr'] as const;

export type MarkdownProfile = (typeof MARKDOWN_PROFILES)[number];

export interface OutcomeTable {
  headers: string[];
  rows: string[][];
}
