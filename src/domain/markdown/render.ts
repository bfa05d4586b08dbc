import type { Adr, NegativeConsequence } from '../adr.js';
import { formatAdrNumber } from '../adr-number.js';
import { statusLabel } from '../lifecycle.js';
import {
  EMPTY_SECTION_PLACEHOLDER,
  type MarkdownProfile,
  MITIGATION_SEPARATOR,
  type OutcomeTable,
  SECTION_HEADINGS,
} from './conventions.js';

export interface RenderOptions {
  /** `seed`: the seed's ADR template exactly. `madr`: MADR 2.1.2 bullet metadata, read by log4brains and others. */
  profile: MarkdownProfile;
  /** Turns a decider (a Slack user id, or a name for imported ADRs) into the name to print. Default: as stored. */
  displayName?: (userIdOrName: string) => string;
  /** The scoring matrix, printed as a GFM table after the "Chosen option" paragraph. */
  outcomeTable?: OutcomeTable;
  /** File name of another ADR (`0004-use-redis.md`), so the madr profile can link to it. */
  fileNameOf?: (adrNumber: number) => string;
}

export function renderAdrMarkdown(adr: Adr, options: RenderOptions): string {
  const { profile } = options;
  const displayName = options.displayName ?? ((name: string) => name);
  const deciders = adr.deciders.map((decider) => displayName(decider).trim()).filter((name) => name !== '');
  const blocks: string[] = [`# ${formatAdrNumber(adr.number)}: ${oneLine(adr.title)}`];

  if (profile === 'seed') {
    blocks.push(
      [
        `**Date**: ${adr.date}`,
        `**Status**: ${statusLabel(adr.status, adr.supersededBy)}`,
        `**Deciders**: ${deciders.length > 0 ? deciders.join(', ') : EMPTY_SECTION_PLACEHOLDER}`,
        `**Technical Story**: ${oneLine(adr.technicalStory) || EMPTY_SECTION_PLACEHOLDER}`,
      ]
        // A backslash before the newline is a CommonMark hard break; the last line needs none (and must not have one).
        .join('\\\n'),
    );
  } else {
    const metadata = [`* Status: ${madrStatus(adr, options.fileNameOf)}`];
    if (deciders.length > 0) metadata.push(`* Deciders: ${deciders.join(', ')}`);
    metadata.push(`* Date: ${adr.date}`);
    blocks.push(metadata.join('\n'));
    if (adr.technicalStory.trim() !== '') blocks.push(`Technical Story: ${oneLine(adr.technicalStory)}`);
  }

  const keepEmpty = profile === 'seed';
  const section = (level: 2 | 3, heading: string, body: string | null, optional: boolean) => {
    if (body === null && optional && !keepEmpty) return;
    blocks.push(`${'#'.repeat(level)} ${heading}`, body ?? EMPTY_SECTION_PLACEHOLDER);
  };

  section(2, SECTION_HEADINGS.context, freeText(adr.context), false);
  section(2, SECTION_HEADINGS.drivers, bulletList(adr.drivers), true);
  section(2, SECTION_HEADINGS.options, bulletList(adr.options.map((option) => option.name)), false);
  section(2, SECTION_HEADINGS.outcome, outcomeBody(adr, options.outcomeTable), false);
  section(3, SECTION_HEADINGS.positive, bulletList(adr.positiveConsequences), true);
  section(3, SECTION_HEADINGS.negative, bulletList(adr.negativeConsequences.map(negativeConsequenceText)), true);

  const arguedOptions = keepEmpty
    ? adr.options
    : adr.options.filter((option) => option.pros.length > 0 || option.cons.length > 0);
  if (arguedOptions.length > 0) {
    blocks.push(`## ${SECTION_HEADINGS.prosAndCons}`);
    const [good, bad] =
      profile === 'seed' ? ['✅ Good, because ', '❌ Bad, because '] : ['Good, because ', 'Bad, because '];
    for (const option of arguedOptions) {
      const argumentsList = [
        ...option.pros.map((pro) => good + pro.trim()),
        ...option.cons.map((con) => bad + con.trim()),
      ];
      blocks.push(`### ${oneLine(option.name)}`, bulletList(argumentsList) ?? EMPTY_SECTION_PLACEHOLDER);
    }
  } else {
    section(2, SECTION_HEADINGS.prosAndCons, null, true);
  }

  section(2, SECTION_HEADINGS.links, bulletList(linkItems(adr, profile, options.fileNameOf)), true);
  return `${blocks.join('\n\n')}\n`;
}

function madrStatus(adr: Adr, fileNameOf: RenderOptions['fileNameOf']): string {
  if (adr.status === 'superseded' && adr.supersededBy != null) {
    return `superseded by ${adrReference(adr.supersededBy, 'madr', fileNameOf)}`;
  }
  return adr.status;
}

function adrReference(adrNumber: number, profile: MarkdownProfile, fileNameOf: RenderOptions['fileNameOf']): string {
  if (profile === 'madr' && fileNameOf) {
    const fileName = fileNameOf(adrNumber);
    // Tools match the link text against the target's file slug, so the text is the file name without `.md`.
    return `[${fileName.replace(/\.md$/i, '')}](${fileName})`;
  }
  return formatAdrNumber(adrNumber);
}

function linkItems(adr: Adr, profile: MarkdownProfile, fileNameOf: RenderOptions['fileNameOf']): string[] {
  const items = [...adr.links];
  for (const superseded of adr.supersedes) items.push(`Supersedes ${adrReference(superseded, profile, fileNameOf)}`);
  if (adr.supersededBy != null) items.push(`Superseded by ${adrReference(adr.supersededBy, profile, fileNameOf)}`);
  return items;
}

function outcomeBody(adr: Adr, table: OutcomeTable | undefined): string | null {
  const parts: string[] = [];
  if (adr.chosenOption != null && adr.chosenOption.trim() !== '') {
    const justification = adr.justification.trim();
    const chosen = `Chosen option: "${oneLine(adr.chosenOption)}"`;
    parts.push(justification === '' ? `${chosen}.` : `${chosen}, because ${escapeFreeText(justification)}`);
  } else if (adr.justification.trim() !== '') {
    // Imported Nygard-style ADRs state the decision as prose, without a chosen option.
    parts.push(escapeFreeText(adr.justification.trim()));
  }
  if (table && table.headers.length > 0) parts.push(gfmTable(table));
  return parts.length > 0 ? parts.join('\n\n') : null;
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

/** A bullet list, or null when there is nothing to list. Multi-line items continue on indented lines. */
function bulletList(items: readonly string[]): string | null {
  const lines: string[] = [];
  for (const item of items) {
    const [first = '', ...rest] = item
      .trim()
      .split('\n')
      .map((line) => line.trimEnd())
      .filter((line) => line.trim() !== '');
    if (first === '') continue;
    lines.push(`* ${first}`, ...rest.map((line) => `  ${line}`));
  }
  return lines.length > 0 ? lines.join('\n') : null;
}

function freeText(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : escapeFreeText(trimmed);
}

/** A line of prose that starts like a heading would end its section early; a backslash keeps it prose. */
function escapeFreeText(text: string): string {
  let inFence = false;
  return text
    .split('\n')
    .map((line) => {
      if (/^\s{0,3}(```|~~~)/.test(line)) inFence = !inFence;
      return !inFence && /^\s{0,3}#{1,6}(\s|$)/.test(line) ? `\\${line.trimStart()}` : line;
    })
    .join('\n');
}
