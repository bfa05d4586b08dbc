import type { ActionsBlock, KnownBlock, ModalView } from '@slack/types';
import type { Adr } from '../../domain/adr.js';
import { formatAdrNumber } from '../../domain/adr-number.js';
import type { ApprovalAnswer } from '../../domain/approvals.js';
import { statusLabel } from '../../domain/lifecycle.js';
import { APPROVAL_RULE_LABELS, type ApprovalRule } from '../../domain/settings.js';
import { ApprovalActions, CardActions, MessageBlocks, RequestChangesBlocks, Views } from '../ids.js';
import { changesMetadata } from '../metadata.js';
import { adrButton, adrHeading, approvalsText, type CardExtras, outcomeLine, STATUS_EMOJI } from './adr-card.js';
import type { SlackMessage } from './announcements.js';
import { escapeMrkdwn, listOf, mention, truncate } from './mrkdwn.js';

export const COMMENT_MAX = 1000;

export interface RuleInfo {
  rule: ApprovalRule;
  needed: number;
  deciders: number;
}

function ruleText(info: RuleInfo): string {
  return `${APPROVAL_RULE_LABELS[info.rule]} must approve (${info.needed} of ${info.deciders}).`;
}

const ANSWERED: Record<Exclude<ApprovalAnswer, 'pending'>, string> = {
  approved: ':white_check_mark: You approved it.',
  changes_requested: ':pencil2: You requested changes.',
};

/**
 * The DM asking a decider to approve an ADR, and the same message after they answered (`answer`) or once the
 * ADR is decided, when the buttons go away.
 */
export function approvalRequestMessage(
  adr: Adr & CardExtras,
  options: { requestedBy?: string | null; reminder?: boolean; answer?: ApprovalAnswer; rule: RuleInfo },
): SlackMessage {
  const label = formatAdrNumber(adr.number);
  const asker = options.requestedBy ? `${mention(options.requestedBy)} asks` : 'You are asked';
  const lead = options.reminder
    ? `:bell: *Reminder:* ${label} is still waiting for your approval.`
    : `${asker} for your approval of this decision.`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: adrHeading(adr) } },
    { type: 'section', text: { type: 'mrkdwn', text: lead } },
  ];
  if (adr.context.trim()) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*Context*\n${escapeMrkdwn(truncate(adr.context.trim(), 600))}` },
    });
  }
  const outcome = outcomeLine(adr);
  if (outcome) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Proposed decision*\n${outcome}` } });
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: truncate(`Deciders: ${listOf(adr.deciders)} · ${ruleText(options.rule)}`, 2900),
      },
    ],
  });
  const approvals = approvalsText(adr);
  if (approvals) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: approvals }] });

  const open = adr.status === 'proposed';
  const actions: ActionsBlock['elements'] = [];
  if (open) {
    actions.push(
      adrButton('Approve', ApprovalActions.approve, adr, 'primary'),
      adrButton('Request changes', ApprovalActions.requestChanges, adr),
    );
  }
  actions.push(adrButton('View full ADR', CardActions.view, adr));
  if (open && options.answer && options.answer !== 'pending') {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${ANSWERED[options.answer]} You can change your answer until ${label} is decided.`,
      },
    });
  }
  if (!open) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${STATUS_EMOJI[adr.status]} ${label} is now *${statusLabel(adr.status, adr.supersededBy)}*.`,
      },
    });
  }
  blocks.push({ type: 'actions', block_id: MessageBlocks.approval(adr.number), elements: actions });
  const text = options.reminder
    ? `Reminder: ${label}: ${adr.title} is waiting for your approval`
    : `Approval requested for ${label}: ${adr.title}`;
  return { text: escapeMrkdwn(truncate(text, 300)), blocks };
}

/** What the decider sees (ephemeral) after asking for approval. */
export function approvalRequestedNotice(input: {
  adr: Adr;
  asked: string[];
  alreadyAsked: string[];
  rule: RuleInfo;
}): SlackMessage {
  const label = formatAdrNumber(input.adr.number);
  const parts: string[] = [];
  if (input.asked.length > 0) parts.push(`:outbox_tray: Asked ${listOf(input.asked)} to approve ${label} by DM.`);
  if (input.alreadyAsked.length > 0) {
    parts.push(
      `${input.asked.length > 0 ? 'Already asked' : `Everyone was already asked to approve ${label}:`} ${listOf(input.alreadyAsked)}.`,
    );
  }
  parts.push(ruleText(input.rule));
  const text = parts.join(' ');
  return {
    text: escapeMrkdwn(`Approval requested for ${label}`),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  };
}

/** The short comment modal behind "Request changes". */
export function requestChangesView(adr: Adr, location: { channelId: string; ts: string } | null): ModalView {
  return {
    type: 'modal',
    callback_id: Views.requestChanges,
    private_metadata: changesMetadata.encode({ adrNumber: adr.number, message: location }),
    title: { type: 'plain_text', text: 'Request changes' },
    submit: { type: 'plain_text', text: 'Send' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: truncate(`*${escapeMrkdwn(adrHeading(adr))}*`, 2900) },
      },
      {
        type: 'input',
        block_id: RequestChangesBlocks.comment,
        label: { type: 'plain_text', text: 'What should change?' },
        hint: { type: 'plain_text', text: 'The author gets this in a DM; it is also shown on the ADR card.' },
        element: {
          type: 'plain_text_input',
          action_id: RequestChangesBlocks.comment,
          multiline: true,
          max_length: COMMENT_MAX,
        },
      },
    ],
  };
}

/** The DM telling the author a decider requested changes. */
export function changesRequestedMessage(adr: Adr, deciderId: string, comment: string): SlackMessage {
  const label = formatAdrNumber(adr.number);
  const quoted = comment.trim()
    ? `\n>${escapeMrkdwn(truncate(comment.trim(), COMMENT_MAX)).replace(/\n/g, '\n>')}`
    : '';
  return {
    text: escapeMrkdwn(`Changes requested on ${label}: ${truncate(adr.title, 200)}`),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: truncate(
            `:pencil2: ${mention(deciderId)} requested changes on *${escapeMrkdwn(adrHeading(adr))}*.${quoted}`,
            2900,
          ),
        },
      },
      {
        type: 'actions',
        block_id: MessageBlocks.changes(adr.number),
        elements: [adrButton('Edit the ADR', CardActions.edit, adr), adrButton('View full ADR', CardActions.view, adr)],
      },
    ],
  };
}
