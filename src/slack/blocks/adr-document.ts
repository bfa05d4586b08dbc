import type { KnownBlock } from '@slack/types';
import {
  type AdrContent,
  type AdrRelation,
  chosenOptionOf,
  type ExtraSection,
  type SectionAnchor,
} from '../../domain/adr.js';
import { formatAdrNumber } from '../../domain/adr-number.js';
import { escapeMrkdwn, listOf, truncate } from './mrkdwn.js';

const SECTION_TEXT_MAX = 2900;

/**
 * The template's sections as Block Kit, for the review step and the full read-only view, followed by what an
 * imported file says beyond the template (extra sections, notes, neutral and unsigned consequences) where the file
 * said it. Markdown is turned into mrkdwn: tables and code as preformatted text, headings and bold as bold.
 * Long sections are split across several blocks; past `maxBlocks` the rest is cut with a pointer to the Markdown
 * export, so no ADR can break Slack's limits.
 */
export function adrDocumentBlocks(
  content: AdrContent & { relations?: AdrRelation[] },
  options: { maxBlocks: number },
): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  const section = (heading: string, body: string) => {
    for (const chunk of chunks(`*${heading}*\n${body}`, SECTION_TEXT_MAX)) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
    }
  };
  const bullets = (items: string[]) =>
    items.length > 0 ? items.map((item) => `• ${markdownToMrkdwn(item)}`).join('\n') : '_None yet._';
  const notes = content.notes ?? {};
  const withNote = (note: string | undefined, body: string) => (note ? `${markdownToMrkdwn(note)}\n${body}` : body);
  const extras = content.extraSections ?? [];
  const extrasAfter = (anchor: SectionAnchor) => {
    for (const extra of extras.filter((candidate) => candidate.after === anchor)) extraSection(extra);
  };
  const extraSection = (extra: ExtraSection) =>
    section(escapeMrkdwn(extra.heading.replace(/[*_`]/g, '')), markdownToMrkdwn(extra.text) || '_Empty._');

  section('Deciders', listOf(content.deciders));
  if ((content.consulted ?? []).length > 0) section('Consulted', escapeMrkdwn((content.consulted ?? []).join(', ')));
  if ((content.informed ?? []).length > 0) section('Informed', escapeMrkdwn((content.informed ?? []).join(', ')));
  if ((content.tags ?? []).length > 0) section('Tags', escapeMrkdwn((content.tags ?? []).join(', ')));
  if (content.technicalStory.trim()) section('Technical Story', escapeMrkdwn(content.technicalStory.trim()));
  extrasAfter('start');
  if (notes.status) section('Status notes', markdownToMrkdwn(notes.status));
  extrasAfter('status');
  section(
    'Context and Problem Statement',
    content.context.trim() ? markdownToMrkdwn(content.context.trim()) : '_None yet._',
  );
  extrasAfter('context');
  section('Decision Drivers', withNote(notes.drivers, bullets(content.drivers)));
  extrasAfter('drivers');
  section('Considered Options', withNote(notes.options, bullets(content.options.map((option) => option.name))));
  extrasAfter('options');
  const chosen = content.chosenOption;
  const justification = content.justification.trim();
  const outcome = chosen
    ? `Chosen option: "${escapeMrkdwn(chosen)}"${justification ? `, because ${markdownToMrkdwn(justification)}` : ''}`
    : justification
      ? markdownToMrkdwn(justification)
      : '_Not decided yet._';
  const named = chosen ? null : chosenOptionOf(content);
  section('Decision Outcome', named ? `${outcome}\n_Chosen option: ${escapeMrkdwn(named)}_` : outcome);
  section('Positive Consequences', withNote(notes.positive, bullets(content.positiveConsequences)));
  section(
    'Negative Consequences',
    withNote(
      notes.negative,
      bullets(
        content.negativeConsequences.map((consequence) =>
          consequence.mitigation ? `${consequence.text} (mitigation: ${consequence.mitigation})` : consequence.text,
        ),
      ),
    ),
  );
  if ((content.neutralConsequences ?? []).length > 0 || notes.neutral) {
    section('Neutral Consequences', withNote(notes.neutral, bullets(content.neutralConsequences ?? [])));
  }
  if ((content.consequences ?? []).length > 0 || notes.consequences) {
    const unsigned = content.consequences ?? [];
    section('Consequences', withNote(notes.consequences, unsigned.length > 0 ? bullets(unsigned) : ''));
  }
  extrasAfter('outcome');
  extrasAfter('consequences');
  blocks.push({ type: 'divider' });
  if (notes.prosAndCons) section('Pros and Cons of the Options', markdownToMrkdwn(notes.prosAndCons));
  for (const option of content.options) {
    const lines = [
      ...(option.description ? [markdownToMrkdwn(option.description)] : []),
      ...option.pros.map((pro) => `:white_check_mark: Good, because ${markdownToMrkdwn(pro)}`),
      ...option.cons.map((con) => `:x: Bad, because ${markdownToMrkdwn(con)}`),
      ...(option.neutral ?? []).map((text) => `:white_circle: Neutral, because ${markdownToMrkdwn(text)}`),
    ];
    section(`Pros and cons: ${escapeMrkdwn(option.name)}`, lines.length > 0 ? lines.join('\n') : '_None yet._');
  }
  extrasAfter('prosAndCons');
  section('Links', withNote(notes.links, bullets(content.links)));
  const related = content.relations ?? [];
  if (related.length > 0) {
    section(
      'Related ADRs',
      related.map((relation) => `• ${escapeMrkdwn(relation.kind)} ${formatAdrNumber(relation.target)}`).join('\n'),
    );
  }
  extrasAfter('links');

  if (blocks.length <= options.maxBlocks) return blocks;
  return [
    ...blocks.slice(0, options.maxBlocks - 1),
    {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: 'This ADR is too long to show in full here: use *Export Markdown* to read all of it.' },
      ],
    },
  ];
}

/**
 * Markdown as Slack's mrkdwn, escaped first so no text can mention, broadcast or link: tables become aligned
 * preformatted text, code fences stay preformatted, headings and `**bold**` become bold, `[text](url)` shows both,
 * list markers become bullets.
 */
export function markdownToMrkdwn(markdown: string): string {
  const lines = escapeMrkdwn(markdown).split('\n');
  const out: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (/^\s{0,3}(```|~~~)/.test(line)) {
      const fence = line.trim().slice(0, 3);
      const code: string[] = [];
      for (index++; index < lines.length && !(lines[index] ?? '').trim().startsWith(fence); index++) {
        code.push(lines[index] ?? '');
      }
      out.push(`\`\`\`${code.join('\n')}\`\`\``);
      continue;
    }
    if (/^\s*\|/.test(line)) {
      const rows: string[][] = [];
      for (; index < lines.length && /^\s*\|/.test(lines[index] ?? ''); index++) {
        const row = lines[index] ?? '';
        if (/^\s*\|?\s*:?-{3,}/.test(row)) continue;
        rows.push(
          row
            .trim()
            .replace(/^\||\|$/g, '')
            .split(/(?<!\\)\|/)
            .map((cell) => cell.trim().replace(/\\\|/g, '|')),
        );
      }
      index--;
      out.push(`\`\`\`${alignTable(rows)}\`\`\``);
      continue;
    }
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      out.push(`*${heading[1]?.replace(/\*/g, '') ?? ''}*`);
      continue;
    }
    out.push(
      line
        .replace(/^(\s*)[*+-]\s+/, '$1• ')
        .replace(/\*\*(.+?)\*\*/g, '*$1*')
        .replace(/__(.+?)__/g, '*$1*')
        .replace(/!?\[([^\]]*)\]\(([^)\s]+)[^)]*\)/g, (_, text: string, url: string) =>
          text && text !== url ? `${text} (${url})` : url,
        )
        .replace(/^\\(#)/, '$1')
        .replace(/^(\s*)&gt;\s?/, '$1> '),
    );
  }
  return out.join('\n');
}

function alignTable(rows: string[][]): string {
  const columns = Math.max(0, ...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, column) =>
    Math.min(40, Math.max(0, ...rows.map((row) => (row[column] ?? '').length))),
  );
  return rows
    .map((row) =>
      widths
        .map((width, column) => truncate(row[column] ?? '', 200).padEnd(width))
        .join(' | ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * Splits text into pieces of at most `max` characters, preferring line breaks. A piece that ends inside a
 * preformatted block closes it, and the next piece opens it again.
 */
export function chunks(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const room = max - 4;
    const cut = rest.lastIndexOf('\n', room);
    const at = cut > room / 2 ? cut : room;
    let piece = rest.slice(0, at);
    rest = rest.slice(at).replace(/^\n/, '');
    if (((piece.match(/```/g) ?? []).length & 1) === 1) {
      piece = `${piece}\`\`\``;
      rest = `\`\`\`${rest}`;
    }
    pieces.push(piece);
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces.map((piece) => truncate(piece, max));
}
