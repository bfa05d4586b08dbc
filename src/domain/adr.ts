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
  /** Arguments neither for nor against ("Neutral, because"), without the prefix. */
  neutral?: string[];
  /** What an imported file says about the option besides its arguments (examples, code, tables), verbatim. */
  description?: string;
}

/** Where a section the template has no place for stood in its file: after which of the template's sections. */
export const SECTION_ANCHORS = [
  'start',
  'status',
  'context',
  'drivers',
  'options',
  'outcome',
  'consequences',
  'prosAndCons',
  'links',
] as const;
export type SectionAnchor = (typeof SECTION_ANCHORS)[number];

/** A section of an imported file that the template has no place for, kept verbatim. */
export interface ExtraSection {
  heading: string;
  /** 2 for a `##` section, 3 for a `###` subsection of the decision outcome or consequences. */
  level: 2 | 3;
  /** Markdown body as written. */
  text: string;
  after: SectionAnchor;
}

/** Text of a template section that is not one of its list items (an intro paragraph, a table), verbatim. */
export type NoteSlot =
  | 'status'
  | 'drivers'
  | 'options'
  | 'consequences'
  | 'positive'
  | 'negative'
  | 'neutral'
  | 'prosAndCons'
  | 'links';
export type SectionNotes = Partial<Record<NoteSlot, string>>;

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
  /**
   * What an imported file wrote between `Chosen option: "X"` and the justification when it was not `, because `
   * (`".\nBecause…"`, `", because\n\n- …"`), so the line is written back exactly.
   */
  chosenOptionConnector?: string;
  /** Consequences the source gives no sign (Nygard's single list): they stay unsigned. */
  consequences?: string[];
  neutralConsequences?: string[];
  /** MADR's RACI fields and log4brains tags, as names or words. */
  consulted?: string[];
  informed?: string[];
  tags?: string[];
  notes?: SectionNotes;
  extraSections?: ExtraSection[];
  /** Front matter keys no profile field holds (Jekyll's `parent`, `nav_order`…), as YAML, for the madr4 profile. */
  frontMatterExtra?: string;
}

/** A link between ADRs as adr-tools writes it (`Amends`, `Clarified by`…), besides supersede. */
export interface AdrRelation {
  /** The phrase as written: `Amends`, `Amended by`, `Clarified by`. */
  kind: string;
  target: number;
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
  /** ISO date (YYYY-MM-DD) the ADR was proposed, or the imported one; null when an imported file has none. */
  date: string | null;
  /** The status as the imported file wrote it ("planned", "✅ Accepted"), while it still maps to `status`. */
  statusWording?: string | null;
  /** The imported file's name (`0007-use-x.md`, `20201029-superseder.md`): exports reuse it. */
  sourceFileName?: string | null;
  relations?: AdrRelation[];
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
    ...(source.chosenOptionConnector ? { chosenOptionConnector: source.chosenOptionConnector } : {}),
    ...optional('consequences', source.consequences),
    ...optional('neutralConsequences', source.neutralConsequences),
    ...optional('consulted', source.consulted),
    ...optional('informed', source.informed),
    ...optional('tags', source.tags),
    ...(source.notes && Object.keys(source.notes).length > 0 ? { notes: source.notes } : {}),
    ...optional('extraSections', source.extraSections),
    ...(source.frontMatterExtra ? { frontMatterExtra: source.frontMatterExtra } : {}),
  };
}

/**
 * The option an ADR chose, for display: the chosen option, or the one an imported file names in its own words
 * (`Chosen option: 'X', because…`, `Chosen option: **X**`), which the file keeps as prose.
 */
export function chosenOptionOf(content: AdrContent): string | null {
  if (content.chosenOption) return content.chosenOption;
  const line = /^\s*(?:\*\*)?Chosen options?:?(?:\*\*)?:?[ \t]*(.+)/i.exec(content.justification)?.[1];
  if (!line) return null;
  const quoted = /^["'“‘`*]+(.+?)["'”’`*]+(?:[,.;]|\s|$)/.exec(line)?.[1];
  const plain = quoted ?? line.replace(/,?\s+because\b[\s\S]*$/i, '').replace(/[.\s]+$/, '');
  return plain.trim() === '' ? null : plain.trim();
}

function optional<K extends string, T>(key: K, list: T[] | undefined): Partial<Record<K, T[]>> {
  return list && list.length > 0 ? ({ [key]: list } as Record<K, T[]>) : {};
}
