import { subDays } from 'date-fns/subDays';
import type { AdrRepository, StoredAdr } from '../db/adr-repository.js';
import type { ApprovalRepository } from '../db/approval-repository.js';
import type { ReviewRepository } from '../db/review-repository.js';
import type { SettingsRepository } from '../db/settings-repository.js';
import type { Transactions } from '../db/store.js';
import type { Actor } from '../domain/actor.js';
import { formatAdrNumber } from '../domain/adr-number.js';
import { statusLabel } from '../domain/lifecycle.js';
import { reviewDueAt } from '../domain/review-date.js';
import { FALLBACK_REVIEW_MONTHS } from '../domain/settings.js';
import type { DecisionService } from './decision-service.js';
import type { NotificationService } from './notification-service.js';
import { ok, type Result, refuse } from './result.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Review dates of Accepted ADRs and reminders of pending approvals. Due times live in the database;
 * `runDue(now)` turns whatever is due into outbox messages, so a restart or a late run forgets nothing.
 */
export class ReviewService {
  constructor(
    private readonly db: Transactions,
    private readonly adrs: AdrRepository,
    private readonly reviews: ReviewRepository,
    private readonly approvals: ApprovalRepository,
    private readonly settings: SettingsRepository,
    private readonly decisions: DecisionService,
    private readonly notifications: NotificationService,
    private readonly now: () => Date,
  ) {}

  /** Queues one reminder per due review and per pending approval past its workspace's delay. */
  async runDue(now: Date = this.now()): Promise<{ reviews: number; approvalReminders: number }> {
    let reviews = 0;
    let approvalReminders = 0;
    for (const due of await this.reviews.due(now)) {
      // The mark is taken first and only once per due date, so of two instances looking at once one reminds.
      const sent = await this.db.transaction(async () => {
        const adr = await this.adrs.find(due.teamId, due.adrNumber);
        if (!adr) return false;
        if (!(await this.reviews.markReminded(due.teamId, due.adrNumber, due.dueAt))) return false;
        await this.notifications.queueReviewDue(due.teamId, due.adrNumber, adr.authorId, due.dueAt, now);
        return true;
      });
      if (sent) reviews += 1;
    }
    for (const { teamId, days } of await this.settings.withApprovalReminders()) {
      for (const pending of await this.approvals.dueReminders(teamId, subDays(now, days))) {
        const sent = await this.db.transaction(async () => {
          if (!(await this.approvals.markReminded(teamId, pending.adrNumber, pending.deciderId, now))) return false;
          await this.notifications.queueApprovalReminder(teamId, pending.adrNumber, pending.deciderId, now);
          return true;
        });
        if (sent) approvalReminders += 1;
      }
    }
    return { reviews, approvalReminders };
  }

  /** "Keep": the decision still holds, so its next review moves one period ahead of today. */
  async keep(actor: Actor, number: number): Promise<Result<{ adr: StoredAdr; dueAt: Date }>> {
    const found = await this.reviewable(actor, number);
    if (!found.ok) return found;
    const months = (await this.settings.get(actor.teamId)).reviewPeriodMonths || FALLBACK_REVIEW_MONTHS;
    const dueAt = reviewDueAt(this.now(), months) as Date;
    await this.reviews.set(actor.teamId, number, dueAt, actor.userId, this.now());
    return ok({ adr: (await this.adrs.find(actor.teamId, number)) ?? found.value, dueAt });
  }

  /** Sets (a `YYYY-MM-DD` day after today) or clears (null) the review date of an Accepted ADR. */
  async setDate(
    actor: Actor,
    number: number,
    day: string | null,
  ): Promise<Result<{ adr: StoredAdr; dueAt: Date | null }>> {
    const found = await this.reviewable(actor, number);
    if (!found.ok) return found;
    if (day === null) {
      await this.reviews.clear(actor.teamId, number);
      return ok({ adr: (await this.adrs.find(actor.teamId, number)) ?? found.value, dueAt: null });
    }
    const dueAt = new Date(`${day}T00:00:00.000Z`);
    if (!DATE.test(day) || Number.isNaN(dueAt.getTime())) return refuse('Pick a date from the calendar.');
    if (dueAt.getTime() <= this.now().getTime()) return refuse('Pick a date after today.');
    await this.reviews.set(actor.teamId, number, dueAt, actor.userId, this.now());
    return ok({ adr: (await this.adrs.find(actor.teamId, number)) ?? found.value, dueAt });
  }

  /** An Accepted ADR that `actor` may set the review date of (its author and deciders). */
  async reviewable(actor: Actor, number: number): Promise<Result<StoredAdr>> {
    const found = await this.decisions.resolve(actor.teamId, String(number));
    if (!found.ok) return found;
    const adr = found.value;
    const label = formatAdrNumber(number);
    if (adr.status !== 'accepted') {
      return refuse(
        `${label} is ${statusLabel(adr.status, adr.supersededBy)}: only an Accepted ADR has a review date.`,
      );
    }
    if (!this.decisions.mayChange(adr, actor.userId)) {
      return refuse(`Only the author and the deciders of ${label} can change its review date.`);
    }
    return ok(adr);
  }
}
