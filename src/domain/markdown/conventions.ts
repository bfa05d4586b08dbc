/**
 * The small textual conventions that render.ts writes and parse.ts reads back. Kept in one place so the two
 * never drift apart.
 */

/** Stands in for an empty section so the seed template's structure is always complete. Parsed back as empty. */
export const EMPTY_SECTION_PLACEHOLDER = '_None yet._';

/** Joins a negative consequence and its mitigation on one bullet: `* Risk — Mitigation: what we do about it`. */
export const MITIGATION_SEPARATOR = ' — Mitigation: ';

/** The relation kind of a link to another ADR inside an ADR's text (kept in the text, not written as a line). */
export const MENTIONS = 'mentions';

export const SECTION_HEADINGS = {
  context: 'Context and Problem Statement',
  drivers: 'Decision Drivers',
  options: 'Considered Options',
  outcome: 'Decision Outcome',
  positive: 'Positive Consequences',
  negative: 'Negative Consequences',
  neutral: 'Neutral Consequences',
  prosAndCons: 'Pros and Cons of the Options',
  links: 'Links',
} as const;

/**
 * Export profiles: `seed` (the product's template), `madr` (MADR 2.1.2 bullets: log4brains, adr-tools' TOC),
 * `madr4` (YAML front matter: Backstage, MADR 4 tooling) and `nygard` (adr-tools' own format).
 */
export const MARKDOWN_PROFILES = ['seed', 'madr', 'madr4', 'nygard'] as const;
export type MarkdownProfile = (typeof MARKDOWN_PROFILES)[number];

/** What each profile is called where a person picks one or reads which was used. */
export const MARKDOWN_PROFILE_NAMES: Record<MarkdownProfile, string> = {
  seed: 'ADR template',
  madr: 'MADR 2.1.2',
  madr4: 'MADR 4 (front matter)',
  nygard: 'adr-tools (Nygard)',
};

export function isMarkdownProfile(value: string): value is MarkdownProfile {
  return (MARKDOWN_PROFILES as readonly string[]).includes(value);
}

/**
 * The metadata key that keeps a status's own wording (`planned`, `✅ Accepted`) in the profiles whose `Status`
 * field tools read as one of their words (madr, madr4).
 */
export const STATUS_AS_WRITTEN_KEY = 'Status as written';

export interface OutcomeTable {
  headers: string[];
  rows: string[][];
}
