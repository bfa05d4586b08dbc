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

  async queueApprovalRequests(teamId: string, adrNumber: number, deciderIds: string[], requestedBy: string, now: Date) {
    for (const deciderId of deciderIds) {
      await this.enqueue(
        { teamId, kind: 'approval_request', adrNumber, channelId: deciderId, payload: { requestedBy, deciderId } },
        now,
      );
    }
  }

  async queueApprovalReminder(teamId: string, adrNumber: number, deciderId: string, now: Date): Promise<void> {
    await this.enqueue(
      { teamId, kind: 'approval_reminder', adrNumber, channelId: deciderId, payload: { deciderId } },
      now,
    );
  }

  async queueChangesRequested(
    teamId: string,
    adrNumber: number,
    authorId: string,
    deciderId: string,
    comment: string,
    now: Date,
  ): Promise<void> {
    await this.enqueue(
      { teamId, kind: 'changes_requested', adrNumber, channelId: authorId, payload: { deciderId, comment } },
      now,
    );
  }

  async queueReviewDue(teamId: string, adrNumber: number, authorId: string, dueAt: string, now: Date): Promise<void> {
    await this.enqueue({ teamId, kind: 'review_due', adrNumber, channelId: authorId, payload: { dueAt } }, now);
  }

  /** The reply in the proposal's thread once the decision's pull request is open. */
  async queuePublished(
    teamId: string,
    adrNumber: number,
    card: { channelId: string; ts: string },
    pull: { url: string; number: number; noun: string },
    now: Date,
  ): Promise<void> {
    await this.enqueue(
      {
        teamId,
        kind: 'published_thread_reply',
        adrNumber,
        channelId: card.channelId,
        threadTs: card.ts,
        payload: { url: pull.url, number: pull.number, noun: pull.noun },
      },
      now,
    );
  }

  /** The messages and review date a status change owes; called inside the status change's transaction. */
  async recordStatusChange(event: StatusChangeEvent): Promise<void> {
    const { teamId, actorId, at } = event;
    const settings = await this.settings.get(teamId);
    const channel = settings.decisionsChannelId;
    for (const change of event.changes) {
      const adr = await this.adrs.find(teamId, change.number);
      if (!adr) continue;
      if (change.to === 'accepted') {
        if (channel) {
          await this.enqueue(
            { teamId, kind: 'announce_accepted', adrNumber: adr.number, channelId: channel, payload: { actorId } },
            at,
          );
        }
        if (adr.card) {
          await this.enqueue(
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
        if (due && (await this.reviews.dueAt(teamId, adr.number)) === null) {
          await this.reviews.set(teamId, adr.number, due, actorId, at);
        }
      } else if (change.to === 'superseded' || change.to === 'deprecated') {
        if (channel) {
          await this.enqueue(
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
        if (await this.outbox.latestOfKind(teamId, adr.number, 'announce_accepted')) {
          await this.enqueue({ teamId, kind: 'edit_accepted', adrNumber: adr.number, channelId: null }, at);
        }
      }
    }
  }

  private async enqueue(message: NewOutboxMessage, now: Date): Promise<void> {
    await this.outbox.enqueue(message, now);
    this.events?.emit('queued');
  }
}
