import type { KnownBlock } from '@slack/types';
import type { AdrContent } from '../../domain/adr.js';
import { escapeMrkdwn, listOf, truncate } from './mrkdwn.js';

const SECTION_TEXT_MAX = 2900;

/**
 * The template's sections as Block Kit, for the review step and the full read-only view.
 * Long sections are split across several blocks; past `maxBlocks` the rest is cut with a
 * pointer to the Markdown export, so no ADR can break Slack's limits.
 */
export function adrDocumentBlocks(content: AdrContent, options: { maxBlocks: number }): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  const section = (heading: string, body: string) => {
    for (const chunk of chunks(`*${heading}*\n${body}`, SECTION_TEXT_MAX)) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
    }
  };
  const bullets = (items: string[]) =>
    items.length > 0 ? items.map((item) => `• ${escapeMrkdwn(item)}`).join('\n') : '_None yet._';

  section('Deciders', listOf(content.deciders));
  if (content.technicalStory.trim()) section('Technical Story', escapeMrkdwn(content.technicalStory.trim()));
  section(
    'Context and Problem Statement',
    content.context.trim() ? escapeMrkdwn(content.context.trim()) : '_None yet._',
  );
  section('Decision Drivers', bullets(content.drivers));
  section('Considered Options', bullets(content.options.map((option) => option.name)));
  const outcome = content.chosenOption
    ? `Chosen option: "${escapeMrkdwn(content.chosenOption)}"${
        content.justification.trim() ? `, because ${escapeMrkdwn(content.justification.trim())}` : ''
      }`
    : '_Not decided yet._';
  section('Decision Outcome', outcome);
  section('Positive Consequences', bullets(content.positiveConsequences));
  section(
    'Negative Consequences',
    bullets(
      content.negativeConsequences.map((consequence) =>
        consequence.mitigation ? `${consequence.text} (mitigation: ${consequence.mitigation})` : consequence.text,
      ),
    ),
  );
  blocks.push({ type: 'divider' });
  for (const option of content.options) {
    const lines = [
      ...option.pros.map((pro) => `:white_check_mark: Good, because ${escapeMrkdwn(pro)}`),
      ...option.cons.map((con) => `:x: Bad, because ${escapeMrkdwn(con)}`),
    ];
    section(`Pros and cons: ${escapeMrkdwn(option.name)}`, lines.length > 0 ? lines.join('\n') : '_None yet._');
  }
  section('Links', bullets(content.links));

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

/** Splits text into pieces of at most `max` characters, preferring line breaks. */
export function chunks(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const cut = rest.lastIndexOf('\n', max);
    const at = cut > max / 2 ? cut : max;
    pieces.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, '');
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces.map((piece) => truncate(piece, max));
}
