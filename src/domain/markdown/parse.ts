import { parse as parseYaml } from 'yaml';
import {
  type AdrContent,
  type AdrStatus,
  type ConsideredOption,
  emptyContent,
  type NegativeConsequence,
} from '../adr.js';
import { EMPTY_SECTION_PLACEHOLDER, type OutcomeTable } from './conventions.js';
import { describeFileName, isIsoDate } from './slug.js';

/** Which convention a file follows; decides nothing, but tells the importer (and the user) what was read. */
export type AdrSourceFormat = 'seed' | 'madr2' | 'madr3' | 'log4brains' | 'adr-tools' | 'unknown';

/** A reference to another ADR as written in the file: its number when one can be read, and its file slug. */
export interface AdrLinkRef {
  number: number | null;
  /** Link target without folders and `.md` (`0002-use-sqlite`, `20201029-superseder`), or the text itself. */
  ref: string;
}

/**
 * What an ADR file says, as far as it says it. Fields the file lacks are empty (and usually warned about), so the
 * importer can fill them: a number when the file has none, a date from git, and so on.
 */
export interface ParsedAdr extends AdrContent {
  /** From `# ADR-007: …`, `# 7. …` or a `0007-` file name; null for date-named (log4brains) files. MADR starts at 0. */
  number: number | null;
  status: AdrStatus;
  supersededBy: AdrLinkRef | null;
  supersedes: AdrLinkRef[];
  /** YYYY-MM-DD, or null when neither the file nor its name has one. */
  date: string | null;
  tags: string[];
  /** A GFM table at the end of the decision outcome text (the scoring matrix this app exports). */
  outcomeTable: OutcomeTable | null;
  /** Sections this model has no place for (`Confirmation`, `Tests`…), kept so nothing is silently lost. */
  extraSections: { heading: string; text: string }[];
  format: AdrSourceFormat;
  /** Human sentences about what was guessed or skipped. */
  warnings: string[];
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

interface Heading {
  level: number;
  text: string;
}

interface Part {
  heading: Heading;
  lines: string[];
}

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Splits lines at headings of level ≤ maxLevel, ignoring anything inside code fences. */
function splitByHeadings(lines: readonly string[], maxLevel: number): { before: string[]; parts: Part[] } {
  const before: string[] = [];
  const parts: Part[] = [];
  let fence: string | null = null;
  for (const line of lines) {
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch?.[1]) {
      if (fence === null) fence = fenceMatch[1];
      else if (fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length) fence = null;
    } else if (fence === null) {
      const match = HEADING.exec(line);
      if (match?.[1] && match[1].length <= maxLevel) {
        parts.push({ heading: { level: match[1].length, text: (match[2] ?? '').trim() }, lines: [] });
        continue;
      }
    }
    const current = parts.at(-1);
    if (current) current.lines.push(line);
    else before.push(line);
  }
  return { before, parts };
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
  | 'negative';

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
  'more information': 'links',
  references: 'links',
  status: 'status',
  consequences: 'consequences',
  'positive consequences': 'positive',
  'negative consequences': 'negative',
};

function sectionKind(heading: string): SectionKind | undefined {
  const key = heading.toLowerCase().replace(/[:*_]/g, '').replace(/\s+/g, ' ').trim();
  return SECTION_KINDS[key];
}

/** Prose of a section: trimmed, placeholder read as empty, heading-escapes written by the renderer undone. */
function sectionText(lines: readonly string[]): string {
  const text = lines
    .map((line) => line.replace(/^\\(#{1,6}(\s|$))/, '$1'))
    .join('\n')
    .trim();
  return text === EMPTY_SECTION_PLACEHOLDER ? '' : text;
}

interface BulletItem {
  head: string;
  /** Continuation lines, de-indented by the marker's width: wrapped text or nested lists. */
  rest: string[];
}

const BULLET = /^ {0,3}[*+-][ \t]+(.*)$/;

function parseBullets(lines: readonly string[]): { items: BulletItem[]; prose: string[] } {
  const items: BulletItem[] = [];
  const prose: string[] = [];
  let current: BulletItem | null = null;
  let inFence = false;
  for (const line of lines) {
    if (FENCE.test(line)) inFence = !inFence;
    const bullet = inFence ? null : BULLET.exec(line);
    if (current && !inFence && /^\s{2,}\S/.test(line)) {
      current.rest.push(line.replace(/^ {1,2}/, '').trimEnd());
    } else if (bullet) {
      current = { head: (bullet[1] ?? '').trim(), rest: [] };
      items.push(current);
    } else if (line.trim() === '') {
      if (inFence) prose.push(line);
    } else {
      current = null;
      if (line.trim() !== EMPTY_SECTION_PLACEHOLDER) prose.push(line);
    }
  }
  return { items, prose };
}

function itemText(item: BulletItem): string {
  return [item.head, ...item.rest].join('\n').trim();
}

/** Bullets as items; prose paragraphs without bullets become one item each. */
function listItems(lines: readonly string[]): string[] {
  const { items, prose } = parseBullets(lines);
  const texts = items.map(itemText);
  const paragraphs = sectionText(prose)
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '' && paragraph !== EMPTY_SECTION_PLACEHOLDER);
  return [...texts, ...paragraphs].filter((text) => text !== '' && text !== EMPTY_SECTION_PLACEHOLDER);
}

/** Considered options; a nested list under an option (`Monorepo` › `with Yarn`) becomes `Monorepo, with Yarn`. */
function optionNames(lines: readonly string[]): string[] {
  const names: string[] = [];
  for (const item of parseBullets(lines).items) {
    const nested = parseBullets(item.rest).items;
    if (nested.length > 0) names.push(...nested.map((child) => `${item.head}, ${child.head}`));
    else if (item.head !== '') names.push([item.head, ...item.rest].join(' ').trim());
  }
  return names;
}

type Argument = { kind: 'good' | 'bad' | 'neutral' | 'other'; text: string };

function classifyArgument(text: string): Argument {
  const match = /^(?:[✅❌⚪➖👍👎]\uFE0F?\s*)?(good|bad|neutral|pro|con)\s*(?:,\s*because\b|:)\s*([\s\S]*)$/iu.exec(
    text,
  );
  if (!match?.[1]) return { kind: 'other', text };
  const word = match[1].toLowerCase();
  const kind = word === 'good' || word === 'pro' ? 'good' : word === 'bad' || word === 'con' ? 'bad' : 'neutral';
  return { kind, text: (match[2] ?? '').trim() };
}

const MITIGATION = /\s+[—–-]+\s+Mitigation:\s+/i;

function negativeConsequence(text: string): NegativeConsequence {
  const match = MITIGATION.exec(text);
  if (!match) return { text };
  return { text: text.slice(0, match.index).trim(), mitigation: text.slice(match.index + match[0].length).trim() };
}

const MARKDOWN_LINK = /\[([^\]]*)\]\(([^)\s]*)(?:\s+"[^"]*")?\)/;

/** `ADR-012`, `[0012-use-x](0012-use-x.md)`, `[2. Use X](0002-use-x.md)`, `[20201029-superseder](…)`. */
function readAdrRef(text: string): AdrLinkRef {
  const link = MARKDOWN_LINK.exec(text);
  const label = (link?.[1] ?? text).trim();
  const target = link?.[2];
  const fromLabel = /^ADR[-\s]?0*(\d{1,6})\b/i.exec(label) ?? /^0*(\d{1,6})\.\s/.exec(label);
  if (target) {
    const file = describeFileName(target);
    const number = fromLabel?.[1] ? Number(fromLabel[1]) : file.number;
    return { number, ref: file.slug };
  }
  const file = describeFileName(label);
  return { number: fromLabel?.[1] ? Number(fromLabel[1]) : file.number, ref: label };
}

interface StatusReading {
  status: AdrStatus;
  supersededBy: AdrLinkRef | null;
  warning?: string;
}

const STATUS_SYNONYMS: Record<string, AdrStatus> = {
  proposed: 'proposed',
  proposal: 'proposed',
  draft: 'proposed',
  open: 'proposed',
  pending: 'proposed',
  'in review': 'proposed',
  'in progress': 'proposed',
  wip: 'proposed',
  'on hold': 'proposed',
  accepted: 'accepted',
  approved: 'accepted',
  adopted: 'accepted',
  decided: 'accepted',
  done: 'accepted',
  rejected: 'rejected',
  declined: 'rejected',
  deprecated: 'deprecated',
  obsolete: 'deprecated',
  retired: 'deprecated',
  superseded: 'superseded',
  replaced: 'superseded',
};

function readStatus(raw: string): StatusReading {
  const text = raw.replace(/[*`]/g, '').trim();
  const superseded = /^(?:superseded|replaced)\b\s*(?:by\b\s*:?\s*)?(.*)$/i.exec(text);
  if (superseded) {
    const target = (superseded[1] ?? '').trim();
    return { status: 'superseded', supersededBy: target === '' ? null : readAdrRef(target) };
  }
  const word = text
    .toLowerCase()
    .replace(/[^a-z ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const known = STATUS_SYNONYMS[word] ?? STATUS_SYNONYMS[word.split(' ')[0] ?? ''];
  if (known) {
    const warning =
      word === known || word.startsWith(`${known} `) ? undefined : `Status "${raw.trim()}" was read as ${known}.`;
    return { status: known, supersededBy: null, ...(warning ? { warning } : {}) };
  }
  return {
    status: 'proposed',
    supersededBy: null,
    warning: `Status "${raw.trim()}" is not one this app knows; it was read as proposed.`,
  };
}

const METADATA_KEYS: Record<string, 'status' | 'date' | 'deciders' | 'technicalStory' | 'tags' | 'ignored'> = {
  status: 'status',
  date: 'date',
  deciders: 'deciders',
  'decision-makers': 'deciders',
  'decision makers': 'deciders',
  'decision maker(s)': 'deciders',
  'technical story': 'technicalStory',
  ticket: 'technicalStory',
  tags: 'tags',
  consulted: 'ignored',
  informed: 'ignored',
};

type Metadata = Partial<Record<'status' | 'date' | 'deciders' | 'technicalStory' | 'tags', string>>;

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
    if (!match || !field) {
      intro.push(line);
      continue;
    }
    if (field !== 'ignored') metadata[field] = (match[4] ?? '').trim();
    const lineStyle = match[2] ? 'bold' : match[1] === '*' ? 'bullet-star' : match[1] ? 'bullet-dash' : 'plain';
    if (field !== 'technicalStory' || style === null) style = style === 'bold' ? style : lineStyle;
  }
  return { metadata, style, intro };
}

function frontMatterMetadata(source: string, warnings: string[]): Metadata {
  let data: unknown;
  try {
    data = parseYaml(source);
  } catch (error) {
    warnings.push(`The YAML front matter could not be read (${(error as Error).message.split('\n')[0]}).`);
    return {};
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return {};
  const metadata: Metadata = {};
  for (const [rawKey, value] of Object.entries(data as Record<string, unknown>)) {
    const field = METADATA_KEYS[rawKey.toLowerCase()];
    if (!field || field === 'ignored' || value === null || value === undefined) continue;
    metadata[field] = Array.isArray(value)
      ? value.map(String).join(', ')
      : value instanceof Date
        ? value.toISOString().slice(0, 10)
        : String(value);
  }
  return metadata;
}

function splitNames(text: string | undefined): string[] {
  if (!text || text.trim() === EMPTY_SECTION_PLACEHOLDER) return [];
  return text
    .split(/[,;]/)
    .map((name) => name.trim())
    .filter((name) => name !== '' && !/^\[.*\]$/.test(name));
}

function normalizeOptionName(name: string): string {
  return name
    .replace(new RegExp(MARKDOWN_LINK.source, 'g'), '$1')
    .replace(/[`*_]/g, '')
    .replace(/["“”‘’']/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[.\s]+$/, '')
    .trim();
}

/** Finds the option a heading or a "Chosen option" names: exactly, then ignoring formatting, then by prefix. */
function matchOption(options: readonly ConsideredOption[], name: string): ConsideredOption | undefined {
  const exact = options.find((option) => option.name === name);
  if (exact) return exact;
  const wanted = normalizeOptionName(name);
  if (wanted === '') return undefined;
  const normalized = options.find((option) => normalizeOptionName(option.name) === wanted);
  if (normalized) return normalized;
  const byPrefix = options.filter((option) => {
    const candidate = normalizeOptionName(option.name);
    return candidate.startsWith(wanted) && /^[^a-z0-9]/.test(candidate.slice(wanted.length));
  });
  return byPrefix.length === 1 ? byPrefix[0] : undefined;
}

/** `Chosen option: "X", because Y` → X and Y. The closing quote is the one followed by `, because`, `.` or the end. */
function readChosenOption(line: string): { chosen: string; rest: string } | null {
  const start = /^\s*(?:\*\*)?Chosen option:?(?:\*\*)?:?\s*/i.exec(line);
  if (!start) return null;
  const body = line.slice(start[0].length);
  const quote = body[0];
  const closing: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’' };
  const close = quote ? closing[quote] : undefined;
  if (!close) {
    const plain = /^(.*?)(?:,?\s+because\b\s*(.*))?$/i.exec(body);
    return { chosen: (plain?.[1] ?? body).replace(/[.\s]+$/, '').trim(), rest: (plain?.[2] ?? '').trim() };
  }
  for (let index = body.indexOf(close, 1); index !== -1; index = body.indexOf(close, index + 1)) {
    const after = body.slice(index + 1);
    const because = /^\s*,?\s*because\b[ \t]*/i.exec(after);
    if (because) return { chosen: body.slice(1, index), rest: after.slice(because[0].length) };
    if (/^\s*[.,;]?\s*$/.test(after)) return { chosen: body.slice(1, index), rest: '' };
  }
  return { chosen: body.slice(1).replace(/["'”’.\s]+$/, ''), rest: '' };
}

const TABLE_SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

function tableCells(line: string): string[] {
  const inner = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

/** Removes a GFM table that ends the text, returning it parsed. */
function takeTrailingTable(lines: string[]): OutcomeTable | null {
  let end = lines.length;
  while (end > 0 && lines[end - 1]?.trim() === '') end--;
  let start = end;
  while (start > 0 && lines[start - 1]?.trim().startsWith('|')) start--;
  if (end - start < 2 || !TABLE_SEPARATOR.test(lines[start + 1] ?? '')) return null;
  const [headerLine = '', , ...rowLines] = lines.slice(start, end);
  lines.splice(start);
  return { headers: tableCells(headerLine), rows: rowLines.map(tableCells) };
}

function humanizeSlug(slug: string): string {
  const words = slug
    .replace(/^\d+[-_.\s]*/, '')
    .replace(/[-_]+/g, ' ')
    .trim();
  return words === '' ? slug : words.charAt(0).toUpperCase() + words.slice(1);
}

export function parseAdrMarkdown(text: string, fileName: string): ParsedAdr {
  const warnings: string[] = [];
  const file = describeFileName(fileName);
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const { frontMatter, body } = splitFrontMatter(normalized);
  const withoutComments = body.replace(/<!--[\s\S]*?-->/g, '');
  const { before, parts } = splitByHeadings(withoutComments.split('\n'), 2);

  const result: ParsedAdr = {
    ...emptyContent(),
    number: null,
    status: 'accepted',
    supersededBy: null,
    supersedes: [],
    date: null,
    tags: [],
    outcomeTable: null,
    extraSections: [],
    format: 'unknown',
    warnings,
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
  if (result.title === '') {
    result.title = humanizeSlug(file.slug);
    warnings.push(`The file has no title; "${result.title}" was made from its file name.`);
  }
  if (result.number === null) result.number = file.number;
  else if (file.number !== null && file.number !== result.number) {
    warnings.push(`The title says ADR ${result.number} but the file name says ${file.number}; the title wins.`);
  }

  const preamble = readPreamble(preambleLines);
  const metadata: Metadata = frontMatter === null ? {} : frontMatterMetadata(frontMatter, warnings);
  for (const [key, value] of Object.entries(preamble.metadata)) {
    if (metadata[key as keyof Metadata] === undefined) metadata[key as keyof Metadata] = value;
  }

  const intro = sectionText(preamble.intro);
  let statusText: string | undefined = metadata.status;
  const sectionKinds = new Set<SectionKind>();
  const arguments_ = { neutral: 0, other: 0 };

  for (const part of sections) {
    const kind = sectionKind(part.heading.text);
    if (kind) sectionKinds.add(kind);
    switch (kind) {
      case 'context':
        result.context = appendText(result.context, sectionText(part.lines));
        break;
      case 'drivers':
        result.drivers.push(...listItems(part.lines));
        break;
      case 'options':
        for (const name of optionNames(part.lines)) result.options.push({ name, pros: [], cons: [] });
        break;
      case 'outcome':
        readOutcome(part.lines, result, arguments_);
        break;
      case 'prosAndCons':
        readProsAndCons(part.lines, result, arguments_);
        break;
      case 'links':
        readLinks(listItems(part.lines), result);
        break;
      case 'status': {
        const { items, prose } = parseBullets(part.lines);
        const lines = [...prose, ...items.map(itemText)].map((line) => line.trim()).filter((line) => line !== '');
        const [statusLine, ...others] = lines;
        if (statusLine !== undefined && statusText === undefined) statusText = statusLine;
        readLinks(others, result);
        break;
      }
      case 'consequences':
        readConsequences(part.lines, result, arguments_);
        break;
      case 'positive':
        result.positiveConsequences.push(...listItems(part.lines));
        break;
      case 'negative':
        result.negativeConsequences.push(...listItems(part.lines).map(negativeConsequence));
        break;
      default: {
        const sectionBody = sectionText(part.lines);
        if (sectionBody !== '') result.extraSections.push({ heading: part.heading.text, text: sectionBody });
      }
    }
  }

  if (intro !== '') result.context = appendText(intro, result.context);
  if (metadata.technicalStory !== undefined) {
    result.technicalStory = metadata.technicalStory === EMPTY_SECTION_PLACEHOLDER ? '' : metadata.technicalStory;
  } else {
    // MADR 3 writes "Technical Story:" as the first line of the context.
    const story = /^Technical Story:[ \t]*(.+)$/im.exec(result.context);
    if (story?.[1]) {
      result.technicalStory = story[1].trim();
      result.context = result.context.replace(story[0], '').trim();
    }
  }
  result.deciders = splitNames(metadata.deciders);
  result.tags = splitNames(metadata.tags);

  if (statusText === undefined || statusText.trim() === '') {
    result.status = 'accepted';
    warnings.push('The file has no status; it was read as accepted, as log4brains does.');
  } else {
    const reading = readStatus(statusText);
    result.status = reading.status;
    if (reading.supersededBy) result.supersededBy = reading.supersededBy;
    if (reading.warning) warnings.push(reading.warning);
  }

  const rawDate = metadata.date?.trim();
  if (rawDate && isIsoDate(rawDate.slice(0, 10))) {
    result.date = rawDate.slice(0, 10);
  } else {
    if (rawDate) warnings.push(`The date "${rawDate}" is not YYYY-MM-DD and was ignored.`);
    result.date = file.date;
    warnings.push(
      file.date ? `The file has no date; ${file.date} was taken from its file name.` : 'The file has no date.',
    );
  }

  resolveChosenOption(result);
  if (arguments_.neutral > 0) {
    warnings.push(`${arguments_.neutral} neutral argument(s) were skipped: this app keeps only pros and cons.`);
  }
  if (arguments_.other > 0) {
    warnings.push(`${arguments_.other} argument(s) were neither "Good, because" nor "Bad, because" and were skipped.`);
  }
  for (const extra of result.extraSections) warnings.push(`The section "${extra.heading}" has no place here.`);

  result.format = detectFormat({
    hasFrontMatter: frontMatter !== null,
    preambleStyle: preamble.style,
    headingNumberStyle,
    hasStatusSection: sectionKinds.has('status'),
    dateNamed: file.date !== null,
    hasTags: metadata.tags !== undefined,
  });
  return result;
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

function readOutcome(lines: readonly string[], result: ParsedAdr, counts: { neutral: number; other: number }): void {
  const { before, parts } = splitByHeadings(lines, 3);
  const own = [...before];
  const table = takeTrailingTable(own);
  if (table) result.outcomeTable = table;

  const chosenIndex = own.findIndex((line) => readChosenOption(line) !== null);
  if (chosenIndex === -1) {
    result.justification = appendText(result.justification, sectionText(own));
  } else {
    const reading = readChosenOption(own[chosenIndex] ?? '');
    result.chosenOption = reading?.chosen.trim() || null;
    const justification = sectionText([reading?.rest ?? '', ...own.slice(chosenIndex + 1)]);
    result.justification = appendText(sectionText(own.slice(0, chosenIndex)), justification);
  }

  for (const part of parts) {
    switch (sectionKind(part.heading.text)) {
      case 'positive':
        result.positiveConsequences.push(...listItems(part.lines));
        break;
      case 'negative':
        result.negativeConsequences.push(...listItems(part.lines).map(negativeConsequence));
        break;
      case 'consequences':
        readConsequences(part.lines, result, counts);
        break;
      default: {
        const text = sectionText(part.lines);
        if (text !== '') result.extraSections.push({ heading: part.heading.text, text });
      }
    }
  }
}

/** One "Consequences" list in MADR 3 style (`Good, because` / `Bad, because`), or Nygard's prose. */
function readConsequences(lines: readonly string[], result: ParsedAdr, counts: { neutral: number }): void {
  let unsorted = 0;
  for (const item of listItems(lines)) {
    const argument = classifyArgument(item);
    if (argument.kind === 'good') result.positiveConsequences.push(argument.text);
    else if (argument.kind === 'bad') result.negativeConsequences.push(negativeConsequence(argument.text));
    else if (argument.kind === 'neutral') counts.neutral++;
    else {
      result.positiveConsequences.push(item);
      unsorted++;
    }
  }
  if (unsorted > 0) {
    result.warnings.push(
      'Some consequences do not say whether they are good or bad; they were kept as positive consequences.',
    );
  }
}

function readProsAndCons(
  lines: readonly string[],
  result: ParsedAdr,
  counts: { neutral: number; other: number },
): void {
  for (const part of splitByHeadings(lines, 3).parts) {
    const name = part.heading.text;
    let option = matchOption(result.options, name);
    if (!option) {
      option = { name, pros: [], cons: [] };
      result.options.push(option);
    }
    for (const item of parseBullets(part.lines).items) {
      const argument = classifyArgument(itemText(item));
      if (argument.kind === 'good') option.pros.push(argument.text);
      else if (argument.kind === 'bad') option.cons.push(argument.text);
      else if (argument.kind === 'neutral') counts.neutral++;
      else counts.other++;
    }
  }
}

function readLinks(items: readonly string[], result: ParsedAdr): void {
  for (const item of items) {
    const supersedes = /^Supersedes\b:?\s*(.+)$/i.exec(item);
    const supersededBy = /^Superseded by\b:?\s*(.+)$/i.exec(item);
    if (supersedes?.[1]) result.supersedes.push(readAdrRef(supersedes[1]));
    else if (supersededBy?.[1]) {
      if (!result.supersededBy) result.supersededBy = readAdrRef(supersededBy[1]);
    } else result.links.push(item);
  }
}

function resolveChosenOption(result: ParsedAdr): void {
  if (result.chosenOption === null) return;
  const option = matchOption(result.options, result.chosenOption);
  if (option) result.chosenOption = option.name;
  else if (result.options.length > 0) {
    result.warnings.push(`The chosen option "${result.chosenOption}" is not among the considered options.`);
  }
}
