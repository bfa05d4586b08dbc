import type { AdrRepository } from '../db/adr-repository.js';
import type { NewOutboxMessage, OutboxRepository } from '../db/outbox-repository.js';
import type { ReviewRepository } from '../db/review-repository.js';
import type { SettingsRepository } from '../db/settings-repository.js';
import { reviewDueAt } from '../domain/review-date.js';
import type { AppEvents } from './app-events.js';
import type { StatusChangeEvent } from './decision-service.js';

/**
 * Decides which Slack messages a change owes and writes them to the outbox, always inside the caller's
 * transaction; the dispatcher renders and sends them later, so a crash or a Slack outage loses none.
 */
export class NotificationService {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly settings: SettingsRepository,
    private readonly reviews: ReviewRepository,
    private readonly adrs: AdrRepository,
    /** `queued` is emitted after each write, so delivery starts at once (the dispatcher waits for the commit). */
    private readonly events?: AppEvents,
  ) {}

  queueApprovalRequests(teamId: string, adrNumber: number, deciderIds: string[], requestedBy: string, now: Date) {
    for (const deciderId of deciderIds) {
      this.enqueue(
        { teamId, kind: 'approval_request', adrNumber, channelId: deciderId, payload: { requestedBy, deciderId } },
        now,
      );
    }
  }

  queueApprovalReminder(teamId: string, adrNumber: number, deciderId: string, now: Date): void {
    this.enqueue({ teamId, kind: 'approval_reminder', adrNumber, channelId: deciderId, payload: { deciderId } }, now);
  }

  queueChangesRequested(
    teamId: string,
    adrNumber: number,
    authorId: string,
    deciderId: string,
    comment: string,
    now: Date,
  ): void {
    this.enqueue(
      { teamId, kind: 'changes_requested', adrNumber, channelId: authorId, payload: { deciderId, comment } },
      now,
    );
  }

  queueReviewDue(teamId: string, adrNumber: number, authorId: string, dueAt: string, now: Date): void {
    this.enqueue({ teamId, kind: 'review_due', adrNumber, channelId: authorId, payload: { dueAt } }, now);
  }

  /** The messages and review date a status change owes; called inside the status change's transaction. */
  recordStatusChange(event: StatusChangeEvent): void {
    const { teamId, actorId, at } = event;
    const settings = this.settings.get(teamId);
    const channel = settings.decisionsChannelId;
    for (const change of event.changes) {
      const adr = this.adrs.find(teamId, change.number);
      if (!adr) continue;
      if (change.to === 'accepted') {
        if (channel) {
          this.enqueue(
            { teamId, kind: 'announce_accepted', adrNumber: adr.number, channelId: channel, payload: { actorId } },
            at,
          );
        }
        if (adr.card) {
          this.enqueue(
            {
              teamId,
              kind: 'accepted_thread_reply',
              adrNumber: adr.number,
              channelId: adr.card.channelId,
              threadTs: adr.card.ts,
              payload: { actorId, announcedIn: channel },
            },
            at,
          );
        }
        const due = reviewDueAt(at, settings.reviewPeriodMonths);
        if (due && this.reviews.dueAt(teamId, adr.number) === null) {
          this.reviews.set(teamId, adr.number, due, actorId, at);
        }
      } else if (change.to === 'superseded' || change.to === 'deprecated') {
        if (channel) {
          this.enqueue(
            {
              teamId,
              kind: 'announce_retired',
              adrNumber: adr.number,
              channelId: channel,
              payload: { actorId, to: change.to, supersededBy: change.supersededBy },
            },
            at,
          );
        }
        // The earlier announcement is found (and waited for, if still queued) when this edit is sent.
        if (this.outbox.latestOfKind(teamId, adr.number, 'announce_accepted')) {
          this.enqueue({ teamId, kind: 'edit_accepted', adrNumber: adr.number, channelId: null }, at);
        }
      }
    }
  }

  private enqueue(message: NewOutboxMessage, now: Date): void {
    this.outbox.enqueue(message, now);
    this.events?.emit('queued');
  }
}
