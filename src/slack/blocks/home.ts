import type { ActionsBlock, HomeView, KnownBlock, PlainTextOption, SectionBlock } from '@slack/types';
import { formatDistanceStrict } from 'date-fns/formatDistanceStrict';
import type { OutboxKind, OutboxRow } from '../../db/outbox-repository.js';
import { ADR_STATUSES } from '../../domain/adr.js';
import { formatAdrNumber } from '../../domain/adr-number.js';
import { statusLabel } from '../../domain/lifecycle.js';
import { LAST_STEP } from '../../domain/wizard.js';
import type { HomeData } from '../../services/home-service.js';
import { HomeActions, HomeBlocks, ListActions } from '../ids.js';
import { summarySection } from './adr-list.js';
import { channelMention } from './announcements.js';
import { escapeMrkdwn, truncate } from './mrkdwn.js';
import { failedPublishLine } from './publishing.js';

const ALL = 'all';

const FILTER_OPTIONS: PlainTextOption[] = [
  { text: { type: 'plain_text', text: 'All statuses' }, value: ALL },
  ...ADR_STATUSES.map((status) => ({
    text: { type: 'plain_text' as const, text: statusLabel(status) },
    value: status,
  })),
];

const KIND_LABELS: Record<OutboxKind, string> = {
  announce_accepted: 'Announcement of the acceptance',
  accepted_thread_reply: 'Thread reply on acceptance',
  announce_retired: 'Announcement of the retirement',
  edit_accepted: 'Update of the acceptance announcement',
  approval_request: 'Approval request',
  approval_reminder: 'Approval reminder',
  changes_requested: 'Changes-requested DM',
  review_due: 'Review reminder',
  published_thread_reply: 'Thread reply with the pull request',
};

/** The value of the status filter, or undefined when it is not one of ours. */
export function parseHomeFilter(
  value: string | undefined,
): { status: (typeof ADR_STATUSES)[number] | null } | undefined {
  if (value === ALL) return { status: null };
  return (ADR_STATUSES as readonly string[]).includes(value ?? '')
    ? { status: value as (typeof ADR_STATUSES)[number] }
    : undefined;
}

function failedLine(row: OutboxRow, now: Date): SectionBlock {
  const about = row.adrNumber === null ? '' : `${formatAdrNumber(row.adrNumber)} · `;
  const where = row.channelId ? ` to ${channelMention(row.channelId)}` : '';
  const age = formatDistanceStrict(new Date(row.updatedAt), now, { addSuffix: true });
  return {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: truncate(
        `:x: ${about}${KIND_LABELS[row.kind]}${where} failed ${age} after ${row.attempts} attempt${row.attempts === 1 ? '' : 's'}: \`${escapeMrkdwn(truncate(row.lastError ?? 'unknown error', 200))}\``,
        2900,
      ),
    },
    accessory: {
      type: 'button',
      text: { type: 'plain_text', text: 'Retry' },
      action_id: HomeActions.retryNotification,
      value: String(row.id),
    },
  };
}

/** The App Home tab: what waits for this person, their drafts, the decision log, and (for admins) failures. */
export function homeView(data: HomeData, now: Date): HomeView {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Architecture decisions' } },
    {
      type: 'actions',
      block_id: HomeBlocks.top,
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'New ADR' },
          style: 'primary',
          action_id: ListActions.newAdr,
        },
      ],
    },
  ];
  if (data.failed !== null && data.decisionsChannelId === null) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: ':information_source: No decisions channel is set, so accepted decisions are not announced. Run `/adr config` to pick one.',
        },
      ],
    });
  }
  if (data.failed && data.failed.length > 0) {
    blocks.push(
      { type: 'header', text: { type: 'plain_text', text: 'Failed notifications' } },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: 'These could not be delivered after every retry. Fix the cause, then Retry.' },
        ],
      },
      ...data.failed.map((row) => failedLine(row, now)),
    );
  }
  if (data.failedPublishing && data.failedPublishing.length > 0) {
    blocks.push(
      { type: 'header', text: { type: 'plain_text', text: 'Failed pull requests' } },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'These decisions could not be published to the repository. Fix the cause (`/adr config` → Repository → Test connection), then Retry.',
          },
        ],
      },
      ...data.failedPublishing.map((job) => failedPublishLine(job, now)),
    );
  }
  if (data.waiting.length > 0) {
    blocks.push(
      { type: 'header', text: { type: 'plain_text', text: 'Waiting for your approval' } },
      ...data.waiting.map((adr) => summarySection(adr, { button: 'Review' })),
    );
  }
  if (data.drafts.length > 0) {
    blocks.push({ type: 'header', text: { type: 'plain_text', text: 'Your drafts' } });
    for (const draft of data.drafts) {
      const title = draft.content.title.trim() || 'Untitled decision';
      const editing = draft.adrNumber === null ? '' : ` (editing ${formatAdrNumber(draft.adrNumber)})`;
      const age = formatDistanceStrict(new Date(draft.updatedAt), now, { addSuffix: true });
      blocks.push({
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: truncate(`*${escapeMrkdwn(title)}*${editing}\nStep ${draft.step} of ${LAST_STEP} · saved ${age}`, 2900),
        },
        accessory: {
          type: 'button',
          text: { type: 'plain_text', text: 'Resume' },
          action_id: ListActions.resumeDraft,
          value: String(draft.id),
        },
      });
    }
  }
  const filterBlock: ActionsBlock = {
    type: 'actions',
    block_id: HomeBlocks.filter,
    elements: [
      {
        type: 'static_select',
        action_id: HomeActions.filter,
        options: FILTER_OPTIONS,
        initial_option: FILTER_OPTIONS.find((o) => o.value === (data.filter ?? ALL)) ?? FILTER_OPTIONS[0],
      },
    ],
  };
  blocks.push({ type: 'header', text: { type: 'plain_text', text: 'Decision log' } }, filterBlock);
  if (data.log.items.length === 0) {
    const text = data.filter
      ? `No ${statusLabel(data.filter).toLowerCase()} ADRs.`
      : 'No ADRs yet. Start the first one with *New ADR* or `/adr new`.';
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
  } else {
    blocks.push(...data.log.items.map((adr) => summarySection(adr)));
    if (data.log.total > data.log.items.length) {
      blocks.push({
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `Showing the latest ${data.log.items.length} of ${data.log.total}. \`/adr list\` pages through all of them; \`/adr search\` finds one.`,
          },
        ],
      });
    }
  }
  return { type: 'home', blocks: blocks.slice(0, 100) };
}
