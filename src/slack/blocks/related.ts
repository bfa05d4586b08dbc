import type { KnownBlock } from '@slack/types';
import type { Adr } from '../../domain/adr.js';
import { formatAdrNumber } from '../../domain/adr-number.js';
import { statusLabel } from '../../domain/lifecycle.js';
import { RelatedActions, RelatedBlocks } from '../related-ids.js';
import { outcomeLine, STATUS_EMOJI } from './adr-card.js';
import { escapeMrkdwn, truncate } from './mrkdwn.js';

/** What a related decision shows: number, title, status and its one-line outcome. */
export type RelatedAdr = Pick<Adr, 'number' | 'title' | 'status' | 'supersededBy' | 'chosenOption' | 'justification'>;

export interface RelatedPanel {
  related: readonly RelatedAdr[];
  /** Numbers already in the draft's Links as related: their *Related* button reads as done. */
  linked?: ReadonlySet<number>;
  /** The ADR the draft will supersede when accepted, if *This replaces it* was pressed. */
  replacing?: number | null;
}

function itemText(adr: RelatedAdr): string {
  const outcome = outcomeLine(adr);
  return truncate(
    `${STATUS_EMOJI[adr.status]} *${formatAdrNumber(adr.number)}*  ${escapeMrkdwn(truncate(adr.title, 150))}\n` +
      `${statusLabel(adr.status, adr.supersededBy)}${outcome ? ` · ${truncate(outcome, 300)}` : ''}`,
    2900,
  );
}

/**
 * The wizard's "Looks related" panel (after step 1 and on the review step): up to three ADRs with *Related* and
 * *This replaces it*. Empty when nothing is related: the wizard then shows nothing at all.
 */
export function relatedWizardBlocks(panel: RelatedPanel): KnownBlock[] {
  if (panel.related.length === 0) return [];
  const blocks: KnownBlock[] = [
    {
      type: 'context',
      block_id: RelatedBlocks.heading,
      elements: [
        {
          type: 'mrkdwn',
          text: ':mag: *Looks related.* Decided before? Link it, or say this one replaces it.',
        },
      ],
    },
  ];
  for (const adr of panel.related.slice(0, 3)) {
    const value = String(adr.number);
    const linked = panel.linked?.has(adr.number) ?? false;
    const replacing = panel.replacing === adr.number;
    // Only an ADR still in force can be superseded.
    const replaceable = adr.status === 'accepted' || adr.status === 'proposed';
    blocks.push({
      type: 'section',
      block_id: RelatedBlocks.item(adr.number),
      text: { type: 'mrkdwn', text: itemText(adr) },
    });
    blocks.push({
      type: 'actions',
      block_id: RelatedBlocks.actions(adr.number),
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: linked ? '✓ Related' : 'Related' },
          action_id: RelatedActions.markRelated,
          value,
        },
        ...(replaceable
          ? [
              replacing
                ? {
                    type: 'button' as const,
                    text: { type: 'plain_text' as const, text: '✓ Replaces it (undo)' },
                    action_id: RelatedActions.undoReplaces,
                    value,
                  }
                : {
                    type: 'button' as const,
                    text: { type: 'plain_text' as const, text: 'This replaces it' },
                    action_id: RelatedActions.replaces,
                    value,
                  },
            ]
          : []),
        { type: 'button', text: { type: 'plain_text', text: 'View' }, action_id: RelatedActions.view, value },
      ],
    });
  }
  return blocks;
}

/** `/adr show` and the full view: related decisions both ways, as short lines; nothing when there are none. */
export function relatedListBlocks(related: readonly RelatedAdr[], max = 10): KnownBlock[] {
  if (related.length === 0) return [];
  const lines = related
    .slice(0, max)
    .map(
      (adr) =>
        `${STATUS_EMOJI[adr.status]} *${formatAdrNumber(adr.number)}* ${escapeMrkdwn(truncate(adr.title, 120))} · ${statusLabel(adr.status, adr.supersededBy)}`,
    );
  const more = related.length > max ? `\n…and ${related.length - max} more` : '';
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`*Related decisions*\n${lines.join('\n')}${more}`, 2900) },
    },
  ];
}
