import type { KnownBlock, ModalView } from '@slack/types';
import type { Adr } from '../../domain/adr.js';
import { formatAdrNumber } from '../../domain/adr-number.js';
import { dayOf } from '../../domain/review-date.js';
import { CardActions, MessageBlocks, ReviewActions, ReviewDateBlocks, Views } from '../ids.js';
import { adrMetadata } from '../metadata.js';
import { adrButton, adrHeading, outcomeLine } from './adr-card.js';
import type { SlackMessage } from './announcements.js';
import { escapeMrkdwn, truncate } from './mrkdwn.js';

/** The DM to an ADR's author when its review date has come. */
export function reviewDueMessage(adr: Adr, options: { dueAt: string; keepMonths: number }): SlackMessage {
  const label = formatAdrNumber(adr.number);
  const outcome = outcomeLine(adr);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: adrHeading(adr) } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `:calendar: *${label} is due for review* (since ${escapeMrkdwn(dayOf(options.dueAt))}). Does this decision still hold?${outcome ? `\n${outcome}` : ''}`,
          2900,
        ),
      },
    },
    {
      type: 'actions',
      block_id: MessageBlocks.review(adr.number),
      elements: [
        adrButton(`Keep (review in ${options.keepMonths} months)`, ReviewActions.keep, adr, 'primary'),
        adrButton('Deprecate', CardActions.deprecate, adr),
        adrButton('Supersede', CardActions.supersede, adr),
        adrButton('View full ADR', CardActions.view, adr),
      ],
    },
  ];
  return { text: escapeMrkdwn(truncate(`${label}: ${adr.title} is due for review`, 300)), blocks };
}

/** Replaces the review DM once the author kept the decision. */
export function reviewKeptMessage(adr: Adr, dueAt: Date): SlackMessage {
  const label = formatAdrNumber(adr.number);
  const text = `:white_check_mark: *${escapeMrkdwn(adrHeading(adr))}* stays accepted. Next review: ${dueAt.toISOString().slice(0, 10)}.`;
  return {
    text: escapeMrkdwn(`${label} stays accepted; next review ${dueAt.toISOString().slice(0, 10)}`),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 2900) } }],
  };
}

/** The "Set review date" modal of an Accepted ADR. */
export function reviewDateView(adr: Adr, dueAt: string | null): ModalView {
  return {
    type: 'modal',
    callback_id: Views.reviewDate,
    private_metadata: adrMetadata.encode({ adrNumber: adr.number }),
    title: { type: 'plain_text', text: 'Set review date' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: truncate(
            `*${escapeMrkdwn(adrHeading(adr))}*\nOn this date its author gets a DM asking whether the decision still holds. Leave it empty for no review.`,
            2900,
          ),
        },
      },
      {
        type: 'input',
        block_id: ReviewDateBlocks.date,
        optional: true,
        label: { type: 'plain_text', text: 'Review on' },
        element: {
          type: 'datepicker',
          action_id: ReviewDateBlocks.date,
          ...(dueAt ? { initial_date: dayOf(dueAt) } : {}),
        },
      },
    ],
  };
}
