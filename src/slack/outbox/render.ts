import type { AdrRepository, StoredAdr } from '../../db/adr-repository.js';
import type { OutboxRepository, OutboxRow } from '../../db/outbox-repository.js';
import type { SettingsRepository } from '../../db/settings-repository.js';
import { askableDeciders } from '../../domain/approvals.js';
import { FALLBACK_REVIEW_MONTHS } from '../../domain/settings.js';
import type { ApprovalService } from '../../services/approval-service.js';
import {
  type AdrRef,
  acceptedAnnouncement,
  acceptedThreadReply,
  retiredAnnouncement,
  type SlackMessage,
} from '../blocks/announcements.js';
import { approvalRequestMessage, changesRequestedMessage } from '../blocks/approvals.js';
import { publishedThreadReply } from '../blocks/publishing.js';
import { reviewDueMessage } from '../blocks/review.js';

/** What sending one outbox row means right now. */
export type Delivery =
  | { kind: 'post'; channel: string; threadTs?: string; message: SlackMessage }
  | { kind: 'update'; channel: string; ts: string; message: SlackMessage }
  | { kind: 'skip'; reason: string }
  | { kind: 'defer'; until: Date };

export type OutboxRenderer = (row: OutboxRow, now: Date) => Promise<Delivery>;

export interface RendererDeps {
  adrs: AdrRepository;
  outbox: OutboxRepository;
  settings: SettingsRepository;
  approvals: ApprovalService;
  /**
   * The chosen option's weighted score line ("Weighted score 4.2 / 5, first of 3"), when the options were scored.
   * The scoring feature provides it; without it the announcement simply has no score line.
   */
  scoreLine?: (adr: StoredAdr) => Promise<string | undefined>;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/**
 * Renders outbox rows when they are sent, from the ADR's state at that moment: a late announcement shows the
 * status the ADR has by then, and a request that no longer applies (the ADR was decided) is skipped.
 */
export function createOutboxRenderer(deps: RendererDeps): OutboxRenderer {
  const refOf = async (teamId: string, number: number | null): Promise<AdrRef | null> => {
    if (number === null) return null;
    const adr = await deps.adrs.find(teamId, number);
    return adr ? { number: adr.number, title: adr.title } : null;
  };
  const announcement = async (adr: StoredAdr, acceptedBy: string | null): Promise<SlackMessage> => {
    const scoreLine = await deps.scoreLine?.(adr);
    return acceptedAnnouncement(adr, {
      acceptedBy,
      replacement: await refOf(adr.teamId, adr.supersededBy),
      ...(scoreLine ? { scoreLine } : {}),
    });
  };

  return async (row) => {
    const adr = row.adrNumber === null ? null : await deps.adrs.find(row.teamId, row.adrNumber);
    if (!adr) return { kind: 'skip', reason: 'the ADR no longer exists' };
    const channel = row.channelId;
    switch (row.kind) {
      case 'announce_accepted':
        if (!channel) return { kind: 'skip', reason: 'no channel' };
        return { kind: 'post', channel, message: await announcement(adr, text(row.payload.actorId)) };
      case 'accepted_thread_reply':
        if (!channel || !row.threadTs) return { kind: 'skip', reason: 'no thread' };
        return {
          kind: 'post',
          channel,
          threadTs: row.threadTs,
          message: acceptedThreadReply(adr, text(row.payload.announcedIn)),
        };
      case 'announce_retired':
        if (!channel) return { kind: 'skip', reason: 'no channel' };
        return {
          kind: 'post',
          channel,
          message: retiredAnnouncement(adr, await refOf(adr.teamId, adr.supersededBy), text(row.payload.actorId)),
        };
      case 'edit_accepted': {
        const source = await deps.outbox.latestOfKind(row.teamId, adr.number, 'announce_accepted');
        if (!source) return { kind: 'skip', reason: 'there is no acceptance announcement to update' };
        if (source.status === 'pending') return { kind: 'defer', until: new Date(source.nextAttemptAt) };
        if (source.status !== 'sent' || !source.sentChannelId || !source.sentTs) {
          return { kind: 'skip', reason: 'the acceptance announcement was never delivered' };
        }
        return {
          kind: 'update',
          channel: source.sentChannelId,
          ts: source.sentTs,
          message: await announcement(adr, text(source.payload.actorId)),
        };
      }
      case 'approval_request':
      case 'approval_reminder': {
        const deciderId = text(row.payload.deciderId) ?? channel;
        if (!deciderId || !channel) return { kind: 'skip', reason: 'no decider' };
        if (adr.status !== 'proposed') return { kind: 'skip', reason: 'the ADR is decided' };
        if (!askableDeciders(adr.deciders).includes(deciderId)) return { kind: 'skip', reason: 'no longer a decider' };
        const answer = adr.approvals?.find((a) => a.deciderId === deciderId)?.answer ?? 'pending';
        if (answer !== 'pending') return { kind: 'skip', reason: 'already answered' };
        return {
          kind: 'post',
          channel,
          message: approvalRequestMessage(adr, {
            requestedBy: text(row.payload.requestedBy),
            reminder: row.kind === 'approval_reminder',
            rule: await deps.approvals.ruleFor(adr),
          }),
        };
      }
      case 'changes_requested': {
        const deciderId = text(row.payload.deciderId);
        if (!channel || !deciderId) return { kind: 'skip', reason: 'no author' };
        return {
          kind: 'post',
          channel,
          message: changesRequestedMessage(adr, deciderId, text(row.payload.comment) ?? ''),
        };
      }
      case 'review_due': {
        if (!channel) return { kind: 'skip', reason: 'no author' };
        if (adr.status !== 'accepted') return { kind: 'skip', reason: 'the ADR is no longer accepted' };
        const keepMonths = (await deps.settings.get(row.teamId)).reviewPeriodMonths || FALLBACK_REVIEW_MONTHS;
        return {
          kind: 'post',
          channel,
          message: reviewDueMessage(adr, { dueAt: text(row.payload.dueAt) ?? row.createdAt, keepMonths }),
        };
      }
      case 'published_thread_reply': {
        const url = text(row.payload.url);
        const number = Number(row.payload.number);
        if (!channel || !row.threadTs || !url || !Number.isInteger(number))
          return { kind: 'skip', reason: 'no thread' };
        const noun = text(row.payload.noun) ?? 'pull request';
        return {
          kind: 'post',
          channel,
          threadTs: row.threadTs,
          message: publishedThreadReply(adr, { url, number, noun, state: 'open' }),
        };
      }
    }
  };
}
