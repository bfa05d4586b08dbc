/**
 * The ADR as the product keeps it: the seed template's sections as plain data.
 * Shared by the wizard, the repositories, Markdown rendering and import.
 */

export const ADR_STATUSES = ['proposed', 'accepted', 'rejected', 'deprecated', 'superseded'] as const;
export type AdrStatus = (typeof ADR_STATUSES)[number];

export interface ConsideredOption {
  name: string;
  /** Arguments for, without the "Good, because" prefix. */
  pros: string[];
  /** Arguments against, without the "Bad, because" prefix. */
  cons: string[];
}

export interface NegativeConsequence {
  text: string;
  /** How the team mitigates this risk; the seed asks for one per negative consequence. */
  mitigation?: string;
}

/** Everything a person writes in the wizard. A draft is a partial of this. */
export interface AdrContent {
  title: string;
  /** Slack user ids (`U…`) for ADRs drafted in Slack; free-text names for imported ones. */
  deciders: string[];
  technicalStory: string;
  context: string;
  drivers: string[];
  options: ConsideredOption[];
  /** Name of one of `options`, or null while undecided. */
  chosenOption: string | null;
  justification: string;
  positiveConsequences: string[];
  negativeConsequences: NegativeConsequence[];
  links: string[];
}

export interface Adr extends AdrContent {
  teamId: string;
  /** Per-workspace number: 1 for ADR-001. */
  number: number;
  status: AdrStatus;
  /** Number of the ADR that superseded this one, when status is 'superseded'. */
  supersededBy: number | null;
  /** Numbers of the ADRs this one supersedes. */
  supersedes: number[];
  authorId: string;
  /** ISO date (YYYY-MM-DD) the ADR was proposed, or the imported date. */
  date: string;
  createdAt: string;
  updatedAt: string;
}

export function emptyContent(title = ''): AdrContent {
  return {
    title,
    deciders: [],
    technicalStory: '',
    context: '',
    drivers: [],
    options: [],
    chosenOption: null,
    justification: '',
    positiveConsequences: [],
    negativeConsequences: [],
    links: [],
  };
}

/** Just the written sections of an ADR (or of a parsed file), without its number, status or metadata. */
export function contentOf(source: AdrContent): AdrContent {
  return {
    title: source.title,
    deciders: source.deciders,
    technicalStory: source.technicalStory,
    context: source.context,
    drivers: source.drivers,
    options: source.options,
    chosenOption: source.chosenOption,
    justification: source.justification,
    positiveConsequences: source.positiveConsequences,
    negativeConsequences: source.negativeConsequences,
    links: source.links,
  };
}
