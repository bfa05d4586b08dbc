import {
  type AdrContent,
  type AdrStatus,
  type ConsideredOption,
  type ExtraSection,
  emptyContent,
  type NegativeConsequence,
  type NoteSlot,
  type SectionAnchor,
} from '../adr.js';
import { statusLabel } from '../lifecycle.js';
import { chunkLines, type Part, splitByHeadings, trimBlankLines } from './blocks.js';
import { EMPTY_SECTION_PLACEHOLDER, type OutcomeTable, STATUS_AS_WRITTEN_KEY } from './conventions.js';
import { readDate } from './dates.js';
import { describeFileName } from './slug.js';
import { yaml } from './yaml.js';

/** Which convention a file follows; decides nothing, but tells the importer (and the user) what was read. */
export type AdrSourceFormat = 'seed' | 'madr2' | 'madr3' | 'log4brains' | 'adr-tools' | 'unknown';

/** A reference to another ADR as written in the file: its number when one can be read, and its file slug. */
export interface AdrLinkRef {
  number: number | null;
  /** Link target without folders and `.md` (`0002-use-sqlite`, `20201029-superseder`), or the text itself. */
  ref: string;
  /** The reference as the file wrote it (`[2. Use X](0002-use-x.md)`), for a link that cannot be resolved. */
  written?: string;
}

/**
 * What an ADR file says, as far as it says it. Everything the template has no field for is kept verbatim in
 * notes and extra sections, so rendering it again loses no paragraph, item, table, code block or link.
 */
export interface ParsedAdr extends AdrContent {
  /** From `# ADR-007: …`, `# 7. …` or a `0007-` file name; null for date-named (log4brains) files. MADR starts at 0. */
  number: number | null;
  status: AdrStatus;
  /** The status as written, when it is not just the lifecycle word (`planned`, `✅ Accepted`). */
  statusWording: string | null;
  supersededBy: AdrLinkRef | null;
  supersedes: AdrLinkRef[];
  /** adr-tools links besides supersede: `Amends [..](..)`, `Clarified by [..](..)`. */
  relations: { kind: string; ref: AdrLinkRef }[];
  /** YYYY-MM-DD, or null when neither the file nor its name has one. */
  date: string | null;
  /** A GFM table at the end of the decision outcome text (the scoring matrix this app exports), also kept in the text. */
  outcomeTable: OutcomeTable | null;
  format: AdrSourceFormat;
  /** Human sentences about what was guessed. */
  warnings: string[];
  /** Human sentences about where things went (a status mapped, sections kept as extra sections). */
  notices: string[];
}

const NOT_ADR_FILES = new Set([
  'template.md',
  'adr-template.md',
  'index.md',
  'readme.md',
  'toc.md',
  'changelog.md',
  'contributing.md',
  'code_of_conduct.md',
]);

/** Whether a file in an ADR folder is a decision, not a template, an index or a licence. */
export function isAdrFile(fileName: string, text: string): boolean {
  const base = (fileName.split(/[\\/]/).pop() ?? fileName).toLowerCase();
  if (!/\.(md|markdown)$/.test(base)) return false;
  if (NOT_ADR_FILES.has(base) || base.startsWith('license') || base.startsWith('licence')) return false;
  if (/(^|[-_.])template\.(md|markdown)$/.test(base)) return false;
  if (text.trim() === '') return false;
  // Unfilled templates saved under another name still carry their placeholder title.
  if (/^#\s+[[{]short title\b/im.test(text)) return false;
  return true;
}

function splitFrontMatter(text: string): { frontMatter: string | null; body: string } {
  const match = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(text);
  if (!match) return { frontMatter: null, body: text };
  return { frontMatter: match[1] ?? '', body: text.slice(match[0].length) };
}

type SectionKind =
  | 'context'
  | 'drivers'
  | 'options'
  | 'outcome'
  | 'prosAndCons'
  | 'links'
  | 'status'
  | 'consequences'
  | 'positive'
  | 'negative'
  | 'neutral';

const SECTION_KINDS: Record<string, SectionKind> = {
  'context and problem statement': 'context',
  'context and problem': 'context',
  'problem statement': 'context',
  context: 'context',
  'decision drivers': 'drivers',
  drivers: 'drivers',
  'considered options': 'options',
  options: 'options',
  'decision outcome': 'outcome',
  decision: 'outcome',
  outcome: 'outcome',
  'pros and cons of the options': 'prosAndCons',
  'pros and cons': 'prosAndCons',
  links: 'links',
  status: 'status',
  consequences: 'consequences',
  'positive consequences': 'positive',
  positive: 'positive',
  'negative consequences': 'negative',
  negative: 'negative',
  'neutral consequences': 'neutral',
  neutral: 'neutral',
};

function sectionKind(heading: string): SectionKind | undefined {
  const key = heading.toLowerCase().replace(/[:*_]/g, '').replace(/\s+/g, ' ').trim();
  return SECTION_KINDS[key];
}

/** Prose of a section: trimmed, placeholder read as empty, heading-escapes written by the renderer undone. */
function sectionText(lines: readonly string[]): string {
  const text = trimBlankLines(lines.map((line) => line.replace(/^\\(#{1,6}(\s|$))/, '$1'))).join('\n');
  return text.trim() === EMPTY_SECTION_PLACEHOLDER ? '' : text;
}

/** Items of a list section, and whatever else it says kept verbatim. */
function listAndNotes(lines: readonly string[]): { items: string[]; notes: string } {
  const items: string[] = [];
  const rest: string[] = [];
  for (const chunk of chunkLines(lines.map((line) => line.replace(/^\\(#{1,6}(\s|$))/, '$1')))) {
    if (chunk.kind === 'item') {
      if (chunk.item.text !== '' && chunk.item.text !== EMPTY_SECTION_PLACEHOLDER) items.push(chunk.item.text);
    } else if (chunk.text.trim() !== EMPTY_SECTION_PLACEHOLDER) rest.push(chunk.text);
  }
  return { items, notes: rest.join('\n\n') };
}

/** Considered options; a nested list under an option (`Monorepo` › `with Yarn`) becomes `Monorepo, with Yarn`. */
function optionNames(items: readonly string[]): string[] {
  const names: string[] = [];
  for (const item of items) {
    const [head = '', ...rest] = item.split('\n');
    const nested = chunkLines(rest);
    if (rest.length > 0 && nested.length > 0 && nested.every((chunk) => chunk.kind === 'item')) {
      names.push(...nested.map((chunk) => `${head.trim()}, ${chunk.kind === 'item' ? chunk.item.text : ''}`));
    } else names.push(item);
  }
  return names;
}

type Sign = 'good' | 'bad' | 'neutral';

const SIGN_WORDS: Record<string, Sign> = {
  good: 'good',
  pro: 'good',
  pros: 'good',
  bad: 'bad',
  con: 'bad',
  cons: 'bad',
  neutral: 'neutral',
};

/** `Good, because x`, `✅ Good, because x`, `Pro: x`, `👍 x`, `✅ x` → a signed argument; null when unsigned. */
function signedText(text: string): { sign: Sign; text: string } | null {
  const worded =
    /^(?:[✅❌⚪➕➖👍👎🟢🔴🟡]\uFE0F?\s*)?(good|bad|neutral|pros?|cons?)\s*(?:,\s*because\b|:)[ \t]*([\s\S]*)$/iu.exec(
      text,
    );
  if (worded?.[1]) {
    const sign = SIGN_WORDS[worded[1].toLowerCase()];
    if (sign) return { sign, text: (worded[2] ?? '').trim() };
  }
  const emoji = /^([✅➕👍🟢]|❌|➖|👎|🔴|⚪|🟡)\uFE0F?\s+([\s\S]+)$/u.exec(text);
  if (emoji?.[1]) {
    const symbol = emoji[1];
    const sign: Sign = /[✅➕👍🟢]/u.test(symbol) ? 'good' : /[⚪🟡]/u.test(symbol) ? 'neutral' : 'bad';
    return { sign, text: (emoji[2] ?? '').trim() };
  }
  return null;
}

const LABELS: Record<string, Sign> = {
  pros: 'good',
  pro: 'good',
  advantages: 'good',
  advantage: 'good',
  benefits: 'good',
  positive: 'good',
  positives: 'good',
  good: 'good',
  'positive consequences': 'good',
  cons: 'bad',
  con: 'bad',
  disadvantages: 'bad',
  disadvantage: 'bad',
  drawbacks: 'bad',
  negative: 'bad',
  negatives: 'bad',
  bad: 'bad',
  'negative consequences': 'bad',
  neutral: 'neutral',
  'neutral consequences': 'neutral',
};

/** A line that only names a sign for the list after it: `**Pros**`, `Cons:`, `#### Advantages`. */
function labelSign(text: string): Sign | null {
  if (text.includes('\n')) return null;
  const key = text
    .replace(/^#{1,6}\s+/, '')
    .replace(/[*_:]/g, '')
    .trim()
    .toLowerCase();
  return LABELS[key] ?? null;
}

interface Arguments {
  good: string[];
  bad: string[];
  neutral: string[];
  unsigned: string[];
  /** The text that is not an item, verbatim. */
  rest: string;
  /** The text and the unsigned items, verbatim and in order: what an option says besides its arguments. */
  described: string;
}

/**
 * Arguments of an option or consequences of a decision: signed by their wording, by a label line before them
 * (`Pros:`, `### Negative`) or by `+`/`-` markers when both are used. Everything else is kept: unsigned items
 * and verbatim text.
 */
function readArguments(lines: readonly string[]): Arguments {
  const result: Arguments = { good: [], bad: [], neutral: [], unsigned: [], rest: '', described: '' };
  const rest: string[] = [];
  let described = '';
  const describe = (text: string, gap: boolean) => {
    described = described === '' ? text : `${described}${gap ? '\n\n' : '\n'}${text}`;
  };
  const chunks = chunkLines(lines.map((line) => line.replace(/^\\(#{1,6}(\s|$))/, '$1')));
  const markers = new Set(chunks.flatMap((chunk) => (chunk.kind === 'item' ? [chunk.item.marker] : [])));
  const plusMinus = markers.has('+') && markers.has('-') && !markers.has('*');
  let label: Sign | null = null;
  for (const chunk of chunks) {
    if (chunk.kind === 'rest') {
      const paragraphs = chunk.text.split(/\n\s*\n/);
      const last = paragraphs.at(-1) ?? '';
      const lastLabel = labelSign(last.trim());
      const kept = lastLabel ? paragraphs.slice(0, -1) : paragraphs;
      const keptText = kept.join('\n\n').trim();
      if (keptText !== '' && keptText !== EMPTY_SECTION_PLACEHOLDER) {
        rest.push(keptText);
        describe(keptText, chunk.gap);
      }
      label = lastLabel ?? (keptText === '' ? label : null);
      continue;
    }
    const text = chunk.item.text;
    if (text === '' || text === EMPTY_SECTION_PLACEHOLDER) continue;
    const signed = signedText(text);
    const sign: Sign | null =
      signed?.sign ?? label ?? (plusMinus ? (chunk.item.marker === '+' ? 'good' : 'bad') : null);
    const body = signed ? signed.text : text;
    if (sign === null) {
      result.unsigned.push(body);
      describe(bulletItem(body), chunk.gap);
    } else result[sign].push(body);
  }
  result.rest = rest.join('\n\n');
  result.described = described;
  return result;
}

const MITIGATION = /\s+[—–-]+\s+Mitigation:\s+/i;

function negativeConsequence(text: string): NegativeConsequence {
  const match = MITIGATION.exec(text);
  if (!match) return { text };
  return { text: text.slice(0, match.index).trim(), mitigation: text.slice(match.index + match[0].length).trim() };
}

const MARKDOWN_LINK = /\[([^\]]*)\]\(([^)\s]*)(?:\s+"[^"]*")?\)/;

/** `ADR-012`, `[0012-use-x](0012-use-x.md)`, `[2. Use X](0002-use-x.md)`, `[20201029-superseder](…)`. */
export function readAdrRef(text: string): AdrLinkRef {
  const link = MARKDOWN_LINK.exec(text);
  const label = (link?.[1] ?? text).trim();
  const target = link?.[2];
  const fromLabel = /^ADR[-\s]?0*(\d{1,6})\b/i.exec(label) ?? /^0*(\d{1,6})\.\s/.exec(label);
  if (target) {
    const file = describeFileName(target.replace(/#.*$/, ''));
    const number = file.number ?? (fromLabel?.[1] ? Number(fromLabel[1]) : null);
    return { number, ref: file.slug };
  }
  const file = describeFileName(label);
  return { number: fromLabel?.[1] ? Number(fromLabel[1]) : file.number, ref: label };
}

interface StatusReading {
  status: AdrStatus;
  supersededBy: AdrLinkRef | null;
  /** True when the wording is the lifecycle word itself (any case), which every profile writes its own way. */
  plain: boolean;
  known: boolean;
}

const STATUS_SYNONYMS: Record<string, AdrStatus> = {
  proposed: 'proposed',
  proposal: 'proposed',
  draft: 'proposed',
  open: 'proposed',
  pending: 'proposed',
  planned: 'proposed',
  'in review': 'proposed',
  'in progress': 'proposed',
  wip: 'proposed',
  'on hold': 'proposed',
  deferred: 'proposed',
  postponed: 'proposed',
  accepted: 'accepted',
  approved: 'accepted',
  adopted: 'accepted',
  decided: 'accepted',
  done: 'accepted',
  implemented: 'accepted',
  active: 'accepted',
  agreed: 'accepted',
  rejected: 'rejected',
  declined: 'rejected',
  abandoned: 'rejected',
  deprecated: 'deprecated',
  obsolete: 'deprecated',
  retired: 'deprecated',
  superseded: 'superseded',
  replaced: 'superseded',
};

/** Reads a status as written: the lifecycle state it maps to, and whether the words were the state's own. */
export function readStatus(raw: string): StatusReading {
  const text = raw.replace(/[*`_]/g, '').trim();
  const superseded = /^(?:[^\p{L}\p{N}[]*)(?:superseded|replaced)\b\s*(?:by\b\s*:?\s*)?(.*)$/iu.exec(text);
  if (superseded) {
    const target = (superseded[1] ?? '').trim();
    const plainTarget = target === '' || /^(\[[^\]]*\]\([^)\s]*\)|ADR[-\s]?\d+)$/i.test(target);
    const plain = plainTarget && /^superseded(\s+by\s+\S|$)/i.test(text);
    return {
      status: 'superseded',
      supersededBy: target === '' ? null : { ...readAdrRef(target), written: target },
      plain,
      known: true,
    };
  }
  const word = text
    .toLowerCase()
    .replace(/[^a-z ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const known = STATUS_SYNONYMS[word] ?? STATUS_SYNONYMS[word.split(' ')[0] ?? ''];
  if (known) return { status: known, supersededBy: null, plain: text.toLowerCase() === known, known: true };
  return { status: 'proposed', supersededBy: null, plain: false, known: false };
}

type MetadataField =
  | 'status'
  | 'statusAsWritten'
  | 'date'
  | 'deciders'
  | 'technicalStory'
  | 'tags'
  | 'consulted'
  | 'informed'
  | 'title';

const METADATA_KEYS: Record<string, MetadataField> = {
  status: 'status',
  [STATUS_AS_WRITTEN_KEY.toLowerCase()]: 'statusAsWritten',
  'status-as-written': 'statusAsWritten',
  date: 'date',
  deciders: 'deciders',
  'decision-makers': 'deciders',
  'decision makers': 'deciders',
  'decision maker(s)': 'deciders',
  'technical story': 'technicalStory',
  'technical-story': 'technicalStory',
  tags: 'tags',
  consulted: 'consulted',
  informed: 'informed',
};

type Metadata = Partial<Record<MetadataField, string | string[]>>;

interface Preamble {
  metadata: Metadata;
  style: 'bold' | 'bullet-star' | 'bullet-dash' | 'plain' | null;
  intro: string[];
}

/** Reads `**Status**: x`, `* Status: x`, `- Status: x` and `Date: x` lines between the title and the first section. */
function readPreamble(lines: readonly string[]): Preamble {
  const metadata: Metadata = {};
  const intro: string[] = [];
  let style: Preamble['style'] = null;
  for (const line of lines) {
    const match =
      /^\s*(?:([*+-])[ \t]+)?(?:\*\*([^*:]+?):?\*\*\s*:?|([A-Za-z][A-Za-z ()-]*?)\s*:)[ \t]*(.*?)(?:\\|[ \t]{2,})?$/.exec(
        line,
      );
    const key = (match?.[2] ?? match?.[3])?.trim().toLowerCase();
    const field = key ? METADATA_KEYS[key] : undefined;
    if (!match || !field || metadata[field] !== undefined) {
      intro.push(line);
      continue;
    }
    metadata[field] = (match[4] ?? '').trim();
    const lineStyle = match[2] ? 'bold' : match[1] === '*' ? 'bullet-star' : match[1] ? 'bullet-dash' : 'plain';
    if (field !== 'technicalStory' || style === null) style = style === 'bold' ? style : lineStyle;
  }
  return { metadata, style, intro };
}

const FRONT_MATTER_FIELDS: Record<string, MetadataField> = { ...METADATA_KEYS, title: 'title' };

function frontMatterMetadata(source: string, warnings: string[]): { metadata: Metadata; extra: string } {
  let data: unknown;
  try {
    data = yaml().parse(source);
  } catch (error) {
    warnings.push(`The YAML front matter could not be read (${(error as Error).message.split('\n')[0]}).`);
    return { metadata: {}, extra: '' };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { metadata: {}, extra: '' };
  const metadata: Metadata = {};
  const extra: Record<string, unknown> = {};
  for (const [rawKey, value] of Object.entries(data as Record<string, unknown>)) {
    const field = FRONT_MATTER_FIELDS[rawKey.toLowerCase()];
    if (!field) {
      extra[rawKey] = value;
      continue;
    }
    if (value === null || value === undefined) continue;
    metadata[field] = Array.isArray(value)
      ? value.map(String)
      : value instanceof Date
        ? value.toISOString().slice(0, 10)
        : String(value);
  }
  const extraText = Object.keys(extra).length > 0 ? yaml().stringify(extra).trimEnd() : '';
  return { metadata, extra: extraText };
}

function splitNames(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.map((name) => name.trim()).filter((name) => name !== '');
  if (value.trim() === EMPTY_SECTION_PLACEHOLDER) return [];
  const text = value.trim().replace(/^\[(.*)\]$/, '$1');
  return text
    .split(/[,;]/)
    .map((name) => name.trim().replace(/^["']|["']$/g, ''))
    .filter((name) => name !== '' && !/^\[.*\]$/.test(name) && !/^\{.*\}$/.test(name));
}

function scalar(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

export function normalizeOptionName(name: string): string {
  return name
    .replace(new RegExp(MARKDOWN_LINK.source, 'g'), '$1')
    .replace(/[`*_]/g, '')
    .replace(/["“”‘’']/g, '')
    .replace(/^\s*(?:option\s*)?\d+\s*[:.)-]\s*/i, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[.\s]+$/, '')
    .trim();
}

/** Finds the option a heading names: exactly, then ignoring formatting and `Option 2:` prefixes, then by prefix. */
export function matchOption(options: readonly ConsideredOption[], name: string): ConsideredOption | undefined {
  const exact = options.find((option) => option.name === name);
  if (exact) return exact;
  const wanted = normalizeOptionName(name);
  if (wanted === '') return undefined;
  const normalized = options.filter((option) => normalizeOptionName(option.name) === wanted);
  if (normalized.length === 1) return normalized[0];
  const byPrefix = options.filter((option) => {
    const candidate = normalizeOptionName(option.name);
    return candidate.startsWith(wanted) && /^[^a-z0-9]/.test(candidate.slice(wanted.length));
  });
  return byPrefix.length === 1 ? byPrefix[0] : undefined;
}

/**
 * The outcome line `Chosen option: "X", because Y` read back exactly: X is what stands between the quotes before
 * the first `", because`, `".` or the end. What joins X to Y when it is not `, because ` is kept as the connector.
 * Any other wording is not this line, and the outcome is then kept as the prose it is.
 */
function readChosenOption(text: string): { chosen: string; justification: string; connector?: string } | null {
  const match = /^Chosen option: "([^\n]*?)"(, because(?: |[ \t]*\n\s*)|\.[ \t]*\n\s*|\.$|$)/.exec(text);
  if (!match) return null;
  const chosen = match[1] ?? '';
  if (chosen.trim() === '' || chosen !== chosen.trim()) return null;
  const connector = match[2] ?? '';
  const justification = text.slice(match[0].length);
  if (connector === ', because ' && justification !== '' && !/^\s/.test(justification)) {
    return { chosen, justification };
  }
  if ((connector === '.' || connector === '') && justification === '') {
    return connector === '' ? { chosen, justification: '', connector: '' } : { chosen, justification: '' };
  }
  if (justification === '' || /^\s/.test(justification)) return null;
  return { chosen, justification, connector };
}

const TABLE_SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

function tableCells(line: string): string[] {
  const inner = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

/** A GFM table that ends the text, parsed (the text keeps it). */
function trailingTable(text: string): OutcomeTable | null {
  const lines = trimBlankLines(text.split('\n'));
  let start = lines.length;
  while (start > 0 && lines[start - 1]?.trim().startsWith('|')) start--;
  if (lines.length - start < 2 || !TABLE_SEPARATOR.test(lines[start + 1] ?? '')) return null;
  const [headerLine = '', , ...rowLines] = lines.slice(start);
  return { headers: tableCells(headerLine), rows: rowLines.map(tableCells) };
}

/** The first column of a table whose header names options (`Option`, `Name`, `Alternative`, `Approach`). */
function tableOptionNames(text: string): string[] {
  const lines = text.split('\n').map((line) => line.trim());
  const start = lines.findIndex((line, index) => line.startsWith('|') && TABLE_SEPARATOR.test(lines[index + 1] ?? ''));
  if (start === -1) return [];
  const header = tableCells(lines[start] ?? '')[0] ?? '';
  if (!/^(?:[*_]*)(options?|names?|alternatives?|approach(?:es)?|solutions?|choices?)(?:[*_]*)$/i.test(header))
    return [];
  const names: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const name = tableCells(line)[0]?.trim() ?? '';
    if (name !== '') names.push(name);
  }
  return names;
}

function humanizeSlug(slug: string): string {
  const words = slug
    .replace(/^\d+[-_.\s]*/, '')
    .replace(/[-_]+/g, ' ')
    .trim();
  return words === '' ? slug : words.charAt(0).toUpperCase() + words.slice(1);
}

/** Everything one file says, as the reader goes through its sections. */
class Reader {
  readonly result: ParsedAdr;
  private anchor: SectionAnchor = 'start';
  private statusLines: string[] = [];
  readonly sectionKinds = new Set<SectionKind>();

  constructor(
    result: ParsedAdr,
    private readonly hasMetadataStatus: boolean,
  ) {
    this.result = result;
  }

  get statusFromSection(): string | undefined {
    return this.statusLines[0];
  }

  /** `Status as written: …` in a `## Status` section (this app's nygard export of an unknown wording). */
  wordingFromSection: string | undefined;

  private note(slot: NoteSlot, text: string): void {
    if (text.trim() === '') return;
    const notes = this.result.notes ?? {};
    notes[slot] = [notes[slot], text].filter((part) => part !== undefined && part !== '').join('\n\n');
    this.result.notes = notes;
  }

  private extra(heading: string, level: 2 | 3, text: string, after: SectionAnchor): void {
    const section: ExtraSection = { heading, level, text, after };
    this.result.extraSections = [...(this.result.extraSections ?? []), section];
  }

  section(part: Part): void {
    const kind = sectionKind(part.heading.text);
    if (kind) this.sectionKinds.add(kind);
    const adr = this.result;
    switch (kind) {
      case 'context':
        adr.context = appendText(adr.context, sectionText(part.lines));
        this.anchor = 'context';
        return;
      case 'drivers': {
        const { items, notes } = listAndNotes(part.lines);
        adr.drivers.push(...items);
        this.note('drivers', notes);
        this.anchor = 'drivers';
        return;
      }
      case 'options':
        this.options(part.lines);
        this.anchor = 'options';
        return;
      case 'outcome':
        this.outcome(part.lines);
        this.anchor = 'outcome';
        return;
      case 'prosAndCons':
        this.prosAndCons(part.lines);
        this.anchor = 'prosAndCons';
        return;
      case 'links':
        this.links(part.lines);
        this.anchor = 'links';
        return;
      case 'status':
        this.status(part.lines);
        this.anchor = 'status';
        return;
      case 'consequences':
      case 'positive':
      case 'negative':
      case 'neutral':
        this.consequences(part.lines, kind);
        this.anchor = 'consequences';
        return;
      default: {
        const text = sectionText(part.lines);
        if (text !== '' || part.heading.text !== '') this.extra(part.heading.text, 2, text, this.anchor);
      }
    }
  }

  private options(lines: readonly string[]): void {
    const { before, parts } = splitByHeadings(lines, 3);
    const { items, notes } = listAndNotes(before);
    for (const name of optionNames(items)) this.result.options.push({ name, pros: [], cons: [] });
    // An option table (`| Option | … |`) names the options in its first column when there is no list; the
    // table itself stays as it was written.
    if (items.length === 0 && parts.length === 0) {
      for (const name of tableOptionNames(notes)) this.result.options.push({ name, pros: [], cons: [] });
    }
    this.note('options', notes);
    // `### Option 1: Name` headings: the option, with what is said about it.
    for (const part of parts) this.optionBody(part.heading.text, part.lines);
  }

  private optionBody(name: string, lines: readonly string[]): void {
    let option = matchOption(this.result.options, name);
    if (!option) {
      option = { name, pros: [], cons: [] };
      this.result.options.push(option);
    }
    const read = readArguments(lines);
    option.pros.push(...read.good);
    option.cons.push(...read.bad);
    if (read.neutral.length > 0) option.neutral = [...(option.neutral ?? []), ...read.neutral];
    const description = read.described;
    if (description !== '') option.description = appendText(option.description ?? '', description);
  }

  private prosAndCons(lines: readonly string[]): void {
    const { before, parts } = splitByHeadings(lines, 3);
    this.note('prosAndCons', sectionText(before));
    for (const part of parts) this.optionBody(part.heading.text, part.lines);
  }

  private outcome(lines: readonly string[]): void {
    const { before, parts } = splitByHeadings(lines, 3);
    const text = sectionText(before);
    const adr = this.result;
    const chosen = adr.chosenOption === null && adr.justification === '' ? readChosenOption(text) : null;
    if (chosen) {
      adr.chosenOption = chosen.chosen;
      adr.justification = chosen.justification;
      if (chosen.connector !== undefined) adr.chosenOptionConnector = chosen.connector;
    } else {
      adr.justification = appendText(adr.justification, text);
    }
    adr.outcomeTable = trailingTable(text);
    for (const part of parts) {
      const kind = sectionKind(part.heading.text);
      if (kind === 'positive' || kind === 'negative' || kind === 'neutral' || kind === 'consequences') {
        this.consequences(part.lines, kind);
      } else {
        this.extra(part.heading.text, 3, sectionText(part.lines), 'outcome');
      }
    }
  }

  private consequences(lines: readonly string[], kind: 'consequences' | 'positive' | 'negative' | 'neutral'): void {
    const { before, parts } = splitByHeadings(lines, 4);
    const adr = this.result;
    // Under a signed heading every item has that sign and keeps its words; elsewhere the wording signs it.
    const forced = kind === 'positive' ? 'good' : kind === 'negative' ? 'bad' : kind === 'neutral' ? 'neutral' : null;
    let read: Arguments;
    if (forced) {
      const { items, notes } = listAndNotes(before);
      read = { good: [], bad: [], neutral: [], unsigned: [], rest: notes, described: notes };
      read[forced].push(...items);
    } else read = readArguments(before);
    const unsigned = read.unsigned;
    const good = read.good;
    const bad = read.bad;
    const neutral = read.neutral;
    adr.positiveConsequences.push(...good);
    adr.negativeConsequences.push(...bad.map(negativeConsequence));
    if (neutral.length > 0) adr.neutralConsequences = [...(adr.neutralConsequences ?? []), ...neutral];
    if (unsigned.length > 0) adr.consequences = [...(adr.consequences ?? []), ...unsigned];
    const slot: NoteSlot = kind;
    this.note(slot, read.rest);
    for (const part of parts) {
      const subKind = sectionKind(part.heading.text);
      if (subKind === 'positive' || subKind === 'negative' || subKind === 'neutral') {
        this.consequences(part.lines, subKind);
      } else {
        // A subsection the consequences have no place for stays a subsection of the outcome.
        const level = Math.min(3, part.heading.level) as 2 | 3;
        this.extra(part.heading.text, level === 2 ? 3 : level, sectionText(part.lines), 'outcome');
      }
    }
  }

  private links(lines: readonly string[]): void {
    const { items, notes } = listAndNotes(lines);
    for (const item of items) if (!this.relation(item)) this.result.links.push(item);
    this.note('links', notes);
  }

  private status(lines: readonly string[]): void {
    const { items, notes } = listAndNotes(lines);
    const paragraphs = notes === '' ? [] : notes.split(/\n\s*\n/);
    const all = [...paragraphs, ...items];
    const rest: string[] = [];
    for (const paragraph of all) {
      const text = paragraph.trim();
      if (this.statusLines.length === 0 && !this.hasMetadataStatus) {
        this.statusLines.push(text);
        continue;
      }
      if (!text.includes('\n') && this.relation(text)) continue;
      const asWritten = new RegExp(`^${STATUS_AS_WRITTEN_KEY}:[ \\t]*(.+)$`).exec(text);
      if (asWritten?.[1] && this.wordingFromSection === undefined) {
        this.wordingFromSection = asWritten[1].trim();
        continue;
      }
      rest.push(paragraph);
    }
    this.note('status', rest.join('\n\n'));
  }

  /** `Supersedes [..](..)`, `Superseded by ADR-3`, `Amended by [..](..)`: true when the line was a relation. */
  private relation(line: string): boolean {
    const match =
      /^([A-Z][a-z]+(?: by| to)?):?\s+((?:\[[^\]]*\]\([^)\s]*\.md(?:#[^)\s]*)?\)|ADR[-\s]?\d{1,6})(?:\s*(?:,|and)\s*(?:\[[^\]]*\]\([^)\s]*\.md(?:#[^)\s]*)?\)|ADR[-\s]?\d{1,6}))*)$/.exec(
        line.trim(),
      );
    if (!match?.[1] || !match[2]) return false;
    const kind = match[1];
    const refs = [...match[2].matchAll(/\[[^\]]*\]\([^)\s]*\)|ADR[-\s]?\d{1,6}/gi)].map((found) => ({
      ...readAdrRef(found[0]),
      written: found[0],
    }));
    if (refs.length !== 1 && /^superseded by$/i.test(kind)) return false;
    for (const ref of refs) {
      if (/^supersedes$/i.test(kind)) this.result.supersedes.push(ref);
      else if (/^superseded by$/i.test(kind)) this.result.supersededBy ??= ref;
      else this.result.relations.push({ kind, ref });
    }
    return true;
  }
}

function bulletItem(text: string): string {
  const [first = '', ...rest] = text.split('\n');
  return [`* ${first}`, ...rest.map((line) => (line === '' ? '' : `  ${line}`))].join('\n');
}

export function parseAdrMarkdown(text: string, fileName: string): ParsedAdr {
  const warnings: string[] = [];
  const notices: string[] = [];
  const file = describeFileName(fileName);
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const { frontMatter, body } = splitFrontMatter(normalized);
  const withoutComments = body.replace(/<!--[\s\S]*?-->/g, '');
  const { before, parts } = splitByHeadings(withoutComments.split('\n'), 2);

  const result: ParsedAdr = {
    ...emptyContent(),
    number: null,
    status: 'accepted',
    statusWording: null,
    supersededBy: null,
    supersedes: [],
    relations: [],
    date: null,
    outcomeTable: null,
    format: 'unknown',
    warnings,
    notices,
  };

  // The title is the first H1 that comes before any section; what sits between it and the first section is preamble.
  const preambleLines = [...before];
  let sections = parts;
  let headingNumberStyle: 'seed' | 'adr-tools' | null = null;
  const first = parts[0];
  if (first?.heading.level === 1) {
    preambleLines.push(...first.lines);
    sections = parts.slice(1);
    const title = first.heading.text;
    const seedTitle = /^ADR[-\s]?0*(\d{1,6})\s*(?:[:.–—-]\s*|\s+)(.*)$/i.exec(title);
    const numberedTitle = /^0*(\d{1,6})\.\s+(.*)$/.exec(title);
    if (seedTitle) {
      result.number = Number(seedTitle[1]);
      result.title = (seedTitle[2] ?? '').trim();
      headingNumberStyle = 'seed';
    } else if (numberedTitle) {
      result.number = Number(numberedTitle[1]);
      result.title = (numberedTitle[2] ?? '').trim();
      headingNumberStyle = 'adr-tools';
    } else {
      result.title = title;
    }
  }
  // A second H1 is a section written one level too high: read it as one.
  sections = sections.map((part) =>
    part.heading.level === 1 ? { ...part, heading: { ...part.heading, level: 2 } } : part,
  );

  const front = frontMatter === null ? { metadata: {}, extra: '' } : frontMatterMetadata(frontMatter, warnings);
  if (front.extra !== '') result.frontMatterExtra = front.extra;
  const preamble = readPreamble(preambleLines);
  const metadata: Metadata = { ...front.metadata };
  for (const [key, value] of Object.entries(preamble.metadata) as [MetadataField, string][]) {
    if (metadata[key] === undefined) metadata[key] = value;
  }

  if (result.title === '') {
    const fromFront = scalar(metadata.title)?.trim();
    if (fromFront) result.title = fromFront;
    else {
      result.title = humanizeSlug(file.slug);
      warnings.push(`The file has no title; "${result.title}" was made from its file name.`);
    }
  } else if (metadata.title !== undefined && scalar(metadata.title) !== result.title) {
    result.frontMatterExtra = [
      result.frontMatterExtra,
      yaml()
        .stringify({ title: scalar(metadata.title) })
        .trimEnd(),
    ]
      .filter((part) => part)
      .join('\n');
  }
  if (file.number !== null) {
    if (result.number !== null && file.number !== result.number) {
      notices.push(
        `The title says ${result.number} but the file name says ${file.number}; the file name's number is kept.`,
      );
    }
    result.number = file.number;
  }

  const reader = new Reader(result, metadata.status !== undefined || metadata.statusAsWritten !== undefined);
  for (const part of sections) reader.section(part);

  const intro = sectionText(preamble.intro);
  if (intro !== '') result.context = appendText(intro, result.context);
  const story = scalar(metadata.technicalStory);
  if (story !== undefined) {
    result.technicalStory = story === EMPTY_SECTION_PLACEHOLDER ? '' : story;
  } else {
    // MADR 3 writes "Technical Story:" as the first line of the context.
    const inContext = /^Technical Story:[ \t]*(.+)$/m.exec(result.context);
    if (inContext?.[1] && result.context.startsWith(inContext[0])) {
      result.technicalStory = inContext[1].trim();
      result.context = result.context.slice(inContext[0].length).trim();
    }
  }
  result.deciders = splitNames(metadata.deciders);
  const tags = splitNames(metadata.tags);
  if (tags.length > 0) result.tags = tags;
  const consulted = splitNames(metadata.consulted);
  if (consulted.length > 0) result.consulted = consulted;
  const informed = splitNames(metadata.informed);
  if (informed.length > 0) result.informed = informed;

  const lifecycle = scalar(metadata.status) ?? reader.statusFromSection;
  readStatusInto(result, scalar(metadata.statusAsWritten) ?? reader.wordingFromSection, lifecycle);

  const rawDate = scalar(metadata.date)?.trim();
  const date = rawDate ? readDate(rawDate) : null;
  if (date) result.date = date;
  else if (rawDate && !/^\{.*\}$|^\[.*\]$|^YYYY-MM-DD$|^unknown$/i.test(rawDate)) {
    result.date = file.date;
    warnings.push(
      `The date "${rawDate}" could not be read${file.date ? `; ${file.date} was taken from the file name` : '; the date is unknown'}.`,
    );
  } else if (file.date) {
    result.date = file.date;
    notices.push(`The date ${file.date} comes from the file name.`);
  }

  for (const extra of result.extraSections ?? []) {
    notices.push(`"${extra.heading}" is kept as a section of its own.`);
  }

  result.format = detectFormat({
    hasFrontMatter: frontMatter !== null,
    preambleStyle: preamble.style,
    headingNumberStyle,
    hasStatusSection: reader.sectionKinds.has('status'),
    dateNamed: file.date !== null,
    hasTags: metadata.tags !== undefined,
  });
  return result;
}

/**
 * The status: the file's words, mapped to the lifecycle. An export of this app writes an unknown wording beside
 * the lifecycle word (`Status as written`), which then decides without a guess.
 */
function readStatusInto(result: ParsedAdr, asWritten: string | undefined, lifecycle: string | undefined): void {
  const statusText = asWritten ?? lifecycle;
  if (statusText === undefined || statusText.trim() === '' || statusText.trim() === EMPTY_SECTION_PLACEHOLDER) {
    result.status = 'accepted';
    result.warnings.push('The file has no status; it was read as accepted, as log4brains does.');
    return;
  }
  const written = statusText.trim();
  const reading = readStatus(written);
  const explicit = asWritten !== undefined && lifecycle !== undefined ? readStatus(lifecycle) : null;
  result.status = explicit?.known ? explicit.status : reading.status;
  result.supersededBy = reading.supersededBy ?? explicit?.supersededBy ?? null;
  if (reading.plain && !explicit) return;
  result.statusWording = written;
  if (explicit?.known) return;
  if (reading.known)
    result.notices.push(`Status "${written}" is kept as written and counts as ${statusLabel(reading.status)}.`);
  else
    result.warnings.push(
      `Status "${written}" is not one this app knows; it is kept as written and counts as Proposed.`,
    );
}

function appendText(first: string, second: string): string {
  return [first, second].filter((text) => text !== '').join('\n\n');
}

function detectFormat(facts: {
  hasFrontMatter: boolean;
  preambleStyle: Preamble['style'];
  headingNumberStyle: 'seed' | 'adr-tools' | null;
  hasStatusSection: boolean;
  dateNamed: boolean;
  hasTags: boolean;
}): AdrSourceFormat {
  if (facts.hasFrontMatter) return 'madr3';
  if (facts.preambleStyle === 'bold') return 'seed';
  if (facts.preambleStyle === 'bullet-star' || facts.preambleStyle === 'bullet-dash') {
    if (facts.dateNamed || facts.hasTags || facts.preambleStyle === 'bullet-dash') return 'log4brains';
    return 'madr2';
  }
  if (facts.headingNumberStyle === 'adr-tools' || facts.hasStatusSection) return 'adr-tools';
  if (facts.dateNamed) return 'log4brains';
  if (facts.headingNumberStyle === 'seed') return 'seed';
  return 'unknown';
}

/** The sign-free wording of an argument, for a reader that compares texts (the fidelity check). */
export function withoutSign(text: string): string {
  return signedText(text)?.text ?? text;
}
