import type { Adr, ConsideredOption, ExtraSection, NegativeConsequence, SectionAnchor } from '../adr.js';
import { formatAdrNumber } from '../adr-number.js';
import { statusLabel } from '../lifecycle.js';
import {
  EMPTY_SECTION_PLACEHOLDER,
  type MarkdownProfile,
  MENTIONS,
  MITIGATION_SEPARATOR,
  type OutcomeTable,
  SECTION_HEADINGS,
  STATUS_AS_WRITTEN_KEY,
} from './conventions.js';
import { readStatus } from './parse.js';
import { yaml } from './yaml.js';

export interface RenderOptions {
  /** `seed`: the seed's ADR template exactly. `madr`, `madr4`, `nygard`: what log4brains, Backstage, adr-tools read. */
  profile: MarkdownProfile;
  /** Turns a decider (a Slack user id, or a name for imported ADRs) into the name to print. Default: as stored. */
  displayName?: (userIdOrName: string) => string;
  /** The scoring matrix, printed as a GFM table after the "Chosen option" paragraph. */
  outcomeTable?: OutcomeTable;
  /** File name of another ADR (`0004-use-redis.md`), so links between ADRs point at the exported files. */
  fileNameOf?: (adrNumber: number) => string;
  /** Title of another ADR, for adr-tools' link text (`[4. Use Redis](0004-use-redis.md)`). */
  titleOf?: (adrNumber: number) => string | undefined;
}

/** Where each profile writes the extra sections anchored after a template section: the group they follow. */
type Group = 'status' | 'context' | 'drivers' | 'options' | 'outcome' | 'consequences' | 'prosAndCons' | 'links';

/**
 * The group each section anchor belongs to (an extra section after it is written with that group), and the order
 * of the groups. Every profile writes the consequences inside the decision outcome but Nygard's, which gives them a
 * section of their own.
 */
const WITH_OUTCOME: Record<SectionAnchor, Group | 'start'> = {
  start: 'start',
  status: 'status',
  context: 'context',
  drivers: 'drivers',
  options: 'options',
  outcome: 'outcome',
  consequences: 'outcome',
  prosAndCons: 'prosAndCons',
  links: 'links',
};
const OWN_CONSEQUENCES: Record<SectionAnchor, Group | 'start'> = { ...WITH_OUTCOME, consequences: 'consequences' };

const GROUP_OF: Record<MarkdownProfile, Record<SectionAnchor, Group | 'start'>> = {
  seed: WITH_OUTCOME,
  madr: WITH_OUTCOME,
  madr4: WITH_OUTCOME,
  nygard: OWN_CONSEQUENCES,
};

const ORDER_WITH_OUTCOME: readonly Group[] = [
  'status',
  'context',
  'drivers',
  'options',
  'outcome',
  'prosAndCons',
  'links',
];

const GROUP_ORDER: Record<MarkdownProfile, readonly Group[]> = {
  seed: ORDER_WITH_OUTCOME,
  madr: ORDER_WITH_OUTCOME,
  madr4: ORDER_WITH_OUTCOME,
  nygard: ['status', 'context', 'drivers', 'options', 'outcome', 'consequences', 'prosAndCons', 'links'],
};

export function renderAdrMarkdown(adr: Adr, options: RenderOptions): string {
  const { profile } = options;
  const displayName = options.displayName ?? ((name: string) => name);
  const deciders = adr.deciders.map((decider) => displayName(decider).trim()).filter((name) => name !== '');
  const blocks: string[] = [];
  const keepEmpty = profile === 'seed';
  const notes = adr.notes ?? {};
  const extras = adr.extraSections ?? [];
  const groupOf = GROUP_OF[profile];

  const section = (level: 2 | 3, heading: string, body: string | null, optional: boolean) => {
    if (body === null && optional && !keepEmpty) return;
    blocks.push(`${'#'.repeat(level)} ${heading}`, body ?? EMPTY_SECTION_PLACEHOLDER);
  };
  const extrasOf = (group: Group | 'start', level: 2 | 3) => {
    for (const extra of extras) {
      // Subsections (level 3) all belong to the decision outcome, the only section the parser finds them in.
      const place = extra.level === 3 ? 'outcome' : groupOf[extra.after];
      if (extra.level === level && place === group) blocks.push(...extraBlocks(extra));
    }
  };
  const withNotes = (note: string | undefined, body: string | null, level: number): string | null =>
    joinBlocks([note ? escapeFreeText(note, level) : null, body]);

  blocks.push(...header(adr, options, deciders));
  extrasOf('start', 2);

  for (const group of GROUP_ORDER[profile]) {
    switch (group) {
      case 'status':
        if (profile === 'nygard') blocks.push('## Status', nygardStatus(adr, notes.status, options));
        else if (notes.status) blocks.push('## Status', escapeFreeText(notes.status, 2));
        break;
      case 'context': {
        let context = freeText(adr.context, 2);
        if (profile === 'madr4' && adr.technicalStory.trim() !== '') {
          context = joinBlocks([`Technical Story: ${oneLine(adr.technicalStory)}`, context]);
        }
        section(2, profile === 'nygard' ? 'Context' : SECTION_HEADINGS.context, context, false);
        break;
      }
      case 'drivers':
        section(2, SECTION_HEADINGS.drivers, withNotes(notes.drivers, bulletList(adr.drivers), 2), true);
        break;
      case 'options':
        section(
          2,
          SECTION_HEADINGS.options,
          withNotes(notes.options, bulletList(adr.options.map((option) => option.name)), 3),
          profile === 'nygard',
        );
        break;
      case 'outcome': {
        section(2, profile === 'nygard' ? 'Decision' : SECTION_HEADINGS.outcome, outcomeBody(adr, options), false);
        if (profile === 'seed' || profile === 'madr') {
          section(
            3,
            SECTION_HEADINGS.positive,
            withNotes(notes.positive, bulletList(adr.positiveConsequences), 4),
            true,
          );
          section(
            3,
            SECTION_HEADINGS.negative,
            withNotes(notes.negative, bulletList(adr.negativeConsequences.map(negativeConsequenceText)), 4),
            true,
          );
          const neutral = withNotes(notes.neutral, bulletList(adr.neutralConsequences ?? []), 4);
          if (neutral) blocks.push(`### ${SECTION_HEADINGS.neutral}`, neutral);
          const unsigned = withNotes(notes.consequences, bulletList(adr.consequences ?? []), 4);
          if (unsigned) blocks.push('### Consequences', unsigned);
        } else if (profile === 'madr4') {
          const consequences = signedConsequences(adr);
          if (consequences) blocks.push('### Consequences', consequences);
        }
        extrasOf('outcome', 3);
        break;
      }
      case 'consequences': {
        const consequences = signedConsequences(adr);
        blocks.push('## Consequences', consequences ?? EMPTY_SECTION_PLACEHOLDER);
        break;
      }
      case 'prosAndCons':
        prosAndCons(adr, profile, notes.prosAndCons, blocks);
        break;
      case 'links': {
        const body = withNotes(notes.links, bulletList(linkItems(adr, profile, options)), 2);
        section(2, SECTION_HEADINGS.links, body, true);
        break;
      }
    }
    extrasOf(group, 2);
    if (profile !== 'nygard' && group === 'outcome') extrasOf('consequences', 2);
  }
  return `${blocks.join('\n\n')}\n`;
}

function header(adr: Adr, options: RenderOptions, deciders: string[]): string[] {
  const { profile } = options;
  const title = oneLine(adr.title);
  const tags = adr.tags ?? [];
  const consulted = adr.consulted ?? [];
  const informed = adr.informed ?? [];
  const wording = currentWording(adr);
  switch (profile) {
    case 'seed': {
      const lines = [
        `**Date**: ${adr.date ?? 'Unknown'}`,
        `**Status**: ${wording && !needsLifecycle(wording, adr) ? wording : statusLabel(adr.status, adr.supersededBy)}`,
        `**Deciders**: ${deciders.length > 0 ? deciders.join(', ') : EMPTY_SECTION_PLACEHOLDER}`,
        `**Technical Story**: ${oneLine(adr.technicalStory) || EMPTY_SECTION_PLACEHOLDER}`,
      ];
      if (wording && needsLifecycle(wording, adr))
        lines.splice(2, 0, `**${STATUS_AS_WRITTEN_KEY}**: ${oneLine(wording)}`);
      if (consulted.length > 0) lines.push(`**Consulted**: ${consulted.join(', ')}`);
      if (informed.length > 0) lines.push(`**Informed**: ${informed.join(', ')}`);
      if (tags.length > 0) lines.push(`**Tags**: ${tags.join(', ')}`);
      // A backslash before the newline is a CommonMark hard break; the last line needs none (and must not have one).
      return [`# ${formatAdrNumber(adr.number)}: ${title}`, lines.join('\\\n')];
    }
    case 'madr': {
      const metadata = [`* Status: ${madrStatus(adr, options)}`];
      if (wording) metadata.push(`* ${STATUS_AS_WRITTEN_KEY}: ${oneLine(wording)}`);
      if (deciders.length > 0) metadata.push(`* Deciders: ${deciders.join(', ')}`);
      if (consulted.length > 0) metadata.push(`* Consulted: ${consulted.join(', ')}`);
      if (informed.length > 0) metadata.push(`* Informed: ${informed.join(', ')}`);
      if (adr.date) metadata.push(`* Date: ${adr.date}`);
      if (tags.length > 0) metadata.push(`* Tags: ${tags.join(', ')}`);
      const blocks = [`# ${formatAdrNumber(adr.number)}: ${title}`, metadata.join('\n')];
      if (adr.technicalStory.trim() !== '') blocks.push(`Technical Story: ${oneLine(adr.technicalStory)}`);
      return blocks;
    }
    case 'madr4': {
      const data: Record<string, unknown> = { status: madrStatus(adr, options) };
      if (wording) data['status-as-written'] = oneLine(wording);
      if (adr.date) data.date = adr.date;
      if (deciders.length > 0) data['decision-makers'] = deciders;
      if (consulted.length > 0) data.consulted = consulted;
      if (informed.length > 0) data.informed = informed;
      if (tags.length > 0) data.tags = tags;
      const frontMatter = [yaml().stringify(data).trimEnd(), adr.frontMatterExtra?.trimEnd()]
        .filter((part) => part)
        .join('\n');
      return [`---\n${frontMatter}\n---\n\n# ${formatAdrNumber(adr.number)}: ${title}`];
    }
    case 'nygard': {
      const lines: string[] = [];
      if (adr.date) lines.push(`Date: ${adr.date}`);
      if (deciders.length > 0) lines.push(`Deciders: ${deciders.join(', ')}`);
      if (consulted.length > 0) lines.push(`Consulted: ${consulted.join(', ')}`);
      if (informed.length > 0) lines.push(`Informed: ${informed.join(', ')}`);
      if (tags.length > 0) lines.push(`Tags: ${tags.join(', ')}`);
      if (adr.technicalStory.trim() !== '') lines.push(`Technical Story: ${oneLine(adr.technicalStory)}`);
      const blocks = [`# ${adr.number}. ${title}`];
      // One paragraph per line, as adr-tools writes `Date:`; hard breaks would add characters tools do not expect.
      blocks.push(...lines);
      return blocks;
    }
  }
}

/** The status wording kept from an import, while the lifecycle has not moved away from what it meant. */
function currentWording(adr: Adr): string | null {
  return adr.statusWording && adr.statusWording.trim() !== '' ? adr.statusWording.trim() : null;
}

/** A wording that does not say its lifecycle state by itself is written beside the state, so no reader guesses. */
function needsLifecycle(wording: string | null, adr: Adr): boolean {
  if (wording === null) return false;
  const reading = readStatus(wording);
  return !reading.known || reading.status !== adr.status;
}

function madrStatus(adr: Adr, options: RenderOptions): string {
  if (adr.status === 'superseded' && adr.supersededBy != null) {
    return `superseded by ${adrReference(adr.supersededBy, 'madr', options)}`;
  }
  return adr.status;
}

function nygardStatus(adr: Adr, statusNotes: string | undefined, options: RenderOptions): string {
  const wording = currentWording(adr);
  const lines: string[] = [];
  const beside = wording !== null && needsLifecycle(wording, adr);
  if (wording && !beside) lines.push(escapeFreeText(wording, 2));
  else if (adr.status === 'superseded' && adr.supersededBy != null) {
    lines.push(`Superseded by ${adrReference(adr.supersededBy, 'nygard', options)}`);
  } else lines.push(statusLabel(adr.status));
  if (beside) lines.push(`${STATUS_AS_WRITTEN_KEY}: ${oneLine(wording ?? '')}`);
  for (const superseded of adr.supersedes) lines.push(`Supersedes ${adrReference(superseded, 'nygard', options)}`);
  if (wording && !beside && adr.supersededBy != null && !/^\W*superseded\b/i.test(wording)) {
    lines.push(`Superseded by ${adrReference(adr.supersededBy, 'nygard', options)}`);
  }
  for (const relation of writtenRelations(adr)) {
    lines.push(`${relation.kind} ${adrReference(relation.target, 'nygard', options)}`);
  }
  if (statusNotes) lines.push(escapeFreeText(statusNotes, 2));
  return lines.join('\n\n');
}

function adrReference(adrNumber: number, profile: MarkdownProfile, options: RenderOptions): string {
  const fileName = options.fileNameOf?.(adrNumber);
  if (!fileName) return formatAdrNumber(adrNumber);
  if (profile === 'nygard') {
    const title = options.titleOf?.(adrNumber);
    return `[${adrNumber}. ${title ? oneLine(title).replace(/[[\]]/g, '') : formatAdrNumber(adrNumber)}](${fileName})`;
  }
  if (profile === 'seed') return `[${formatAdrNumber(adrNumber)}](${fileName})`;
  // Tools match the link text against the target's file slug, so the text is the file name without `.md`.
  return `[${fileName.replace(/\.md$/i, '')}](${fileName})`;
}

function linkItems(adr: Adr, profile: MarkdownProfile, options: RenderOptions): string[] {
  const items = [...adr.links];
  if (profile === 'nygard') return items;
  for (const superseded of adr.supersedes) items.push(`Supersedes ${adrReference(superseded, profile, options)}`);
  if (adr.supersededBy != null) items.push(`Superseded by ${adrReference(adr.supersededBy, profile, options)}`);
  for (const relation of writtenRelations(adr)) {
    items.push(`${relation.kind} ${adrReference(relation.target, profile, options)}`);
  }
  return items;
}

/** Relations written as lines of their own; a mention is a link inside the text, which the text keeps. */
function writtenRelations(adr: Adr) {
  return (adr.relations ?? []).filter((relation) => relation.kind !== MENTIONS);
}

function outcomeBody(adr: Adr, options: RenderOptions): string | null {
  const parts: string[] = [];
  const justification = adr.justification.trim();
  if (adr.chosenOption != null && adr.chosenOption.trim() !== '') {
    const chosen = `Chosen option: "${oneLine(adr.chosenOption)}"`;
    // A justification that opens with a code fence starts on its own line, or the fence would not be one.
    const opensBlock = /^\s{0,3}(```|~~~)/.test(justification);
    const connector =
      adr.chosenOptionConnector ?? (justification === '' ? '.' : opensBlock ? ', because\n\n' : ', because ');
    // The justification's first line continues the "Chosen option" line unless the connector ends in a newline.
    const inline = !connector.endsWith('\n');
    parts.push(`${chosen}${connector}${escapeFreeText(justification, 3, inline)}`);
  } else if (justification !== '') {
    // Imported ADRs state the decision in their own words: kept as written.
    parts.push(escapeFreeText(justification, 3));
  }
  const table = options.outcomeTable;
  if (table && table.headers.length > 0) parts.push(gfmTable(table));
  return parts.length > 0 ? parts.join('\n\n') : null;
}

/** One consequences list as MADR 3/4 writes it, with the unsigned ones as they came. */
function signedConsequences(adr: Adr): string | null {
  const notes = adr.notes ?? {};
  const items = [
    ...adr.positiveConsequences.map((text) => `Good, because ${text.trim()}`),
    ...adr.negativeConsequences.map((consequence) => `Bad, because ${negativeConsequenceText(consequence)}`),
    ...(adr.neutralConsequences ?? []).map((text) => `Neutral, because ${text.trim()}`),
    ...(adr.consequences ?? []),
  ];
  const prose = [notes.positive, notes.negative, notes.neutral, notes.consequences]
    .filter((note): note is string => note !== undefined && note.trim() !== '')
    .map((note) => escapeFreeText(note, 4));
  return joinBlocks([prose.length > 0 ? prose.join('\n\n') : null, bulletList(items)]);
}

function prosAndCons(adr: Adr, profile: MarkdownProfile, note: string | undefined, blocks: string[]): void {
  const keepEmpty = profile === 'seed';
  const described = (option: ConsideredOption) =>
    option.pros.length > 0 || option.cons.length > 0 || (option.neutral ?? []).length > 0 || !!option.description;
  const shown = keepEmpty ? adr.options : adr.options.filter(described);
  if (shown.length === 0 && !note) {
    if (keepEmpty) blocks.push(`## ${SECTION_HEADINGS.prosAndCons}`, EMPTY_SECTION_PLACEHOLDER);
    return;
  }
  blocks.push(`## ${SECTION_HEADINGS.prosAndCons}`);
  if (note) blocks.push(escapeFreeText(note, 3));
  const [good, bad, neutral] =
    profile === 'seed'
      ? ['✅ Good, because ', '❌ Bad, because ', '⚪ Neutral, because ']
      : ['Good, because ', 'Bad, because ', 'Neutral, because '];
  for (const option of shown) {
    const argumentsList = [
      ...option.pros.map((pro) => good + pro.trim()),
      ...option.cons.map((con) => bad + con.trim()),
      ...(option.neutral ?? []).map((text) => neutral + text.trim()),
    ];
    const body = joinBlocks([
      option.description ? escapeFreeText(option.description, 3) : null,
      bulletList(argumentsList),
    ]);
    blocks.push(`### ${oneLine(option.name)}`, body ?? EMPTY_SECTION_PLACEHOLDER);
  }
}

function extraBlocks(extra: ExtraSection): string[] {
  const heading = `${'#'.repeat(extra.level)} ${extra.heading}`.trimEnd();
  return extra.text.trim() === '' ? [heading] : [heading, escapeFreeText(extra.text, extra.level)];
}

function negativeConsequenceText(consequence: NegativeConsequence): string {
  const mitigation = consequence.mitigation?.trim();
  return mitigation ? `${consequence.text.trim()}${MITIGATION_SEPARATOR}${mitigation}` : consequence.text.trim();
}

function gfmTable({ headers, rows }: OutcomeTable): string {
  const row = (cells: readonly string[]) =>
    `| ${headers.map((_, index) => tableCell(cells[index] ?? '')).join(' | ')} |`;
  return [row(headers), `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map(row)].join('\n');
}

function tableCell(text: string): string {
  return oneLine(text).replace(/\|/g, '\\|');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function joinBlocks(parts: readonly (string | null | undefined)[]): string | null {
  const kept = parts.filter((part): part is string => part !== null && part !== undefined && part.trim() !== '');
  return kept.length > 0 ? kept.join('\n\n') : null;
}

/** A bullet list, or null when there is nothing to list. Multi-line items continue on indented lines. */
function bulletList(items: readonly string[]): string | null {
  const lines: string[] = [];
  for (const item of items) {
    const itemLines = item
      .trim()
      .split('\n')
      .map((line) => line.trimEnd());
    const [first = '', ...rest] = itemLines;
    if (first.trim() === '') continue;
    lines.push(`* ${first}`, ...rest.map((line) => (line === '' ? '' : `  ${line}`)));
  }
  return lines.length > 0 ? lines.join('\n') : null;
}

function freeText(text: string, level: number): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : escapeFreeText(trimmed, level);
}

/**
 * A line of prose that starts like a heading of a level the reader splits at would end its section early; a
 * backslash keeps it prose. Deeper headings are kept as they are.
 */
function escapeFreeText(text: string, level: number, firstLineInline = false): string {
  let inFence: string | null = null;
  return text
    .split('\n')
    .map((line, index) => {
      if (index === 0 && firstLineInline) return line;
      const fence = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (fence) {
        if (inFence === null) inFence = fence;
        else if (fence[0] === inFence[0] && fence.length >= inFence.length) inFence = null;
        return line;
      }
      if (inFence !== null) return line;
      const heading = /^\s{0,3}(#{1,6})(\s|$)/.exec(line);
      return heading?.[1] && heading[1].length <= level ? `\\${line.trimStart()}` : line;
    })
    .join('\n');
}
