import { subDays } from 'date-fns/subDays';
import type { AdrRepository, StoredAdr } from '../db/adr-repository.js';
import type { ApprovalRepository } from '../db/approval-repository.js';
import type { Db } from '../db/open.js';
import type { ReviewRepository } from '../db/review-repository.js';
import type { SettingsRepository } from '../db/settings-repository.js';
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
    private readonly db: Db,
    private readonly adrs: AdrRepository,
    private readonly reviews: ReviewRepository,
    private readonly approvals: ApprovalRepository,
    private readonly settings: SettingsRepository,
    private readonly decisions: DecisionService,
    private readonly notifications: NotificationService,
    private readonly now: () => Date,
  ) {}

  /** Queues one reminder per due review and per pending approval past its workspace's delay. */
  runDue(now: Date = this.now()): { reviews: number; approvalReminders: number } {
    let reviews = 0;
    let approvalReminders = 0;
    for (const due of this.reviews.due(now)) {
      // The claim comes first: of several instances that read the same due review, one queues its reminder.
      this.db.transaction(() => {
        if (!this.reviews.markReminded(due.teamId, due.adrNumber)) return;
        const adr = this.adrs.find(due.teamId, due.adrNumber);
        if (!adr) return;
        this.notifications.queueReviewDue(due.teamId, due.adrNumber, adr.authorId, due.dueAt, now);
        reviews += 1;
      })();
    }
    for (const { teamId, days } of this.settings.withApprovalReminders()) {
      for (const pending of this.approvals.dueReminders(teamId, subDays(now, days))) {
        this.db.transaction(() => {
          if (!this.approvals.markReminded(teamId, pending.adrNumber, pending.deciderId, now)) return;
          this.notifications.queueApprovalReminder(teamId, pending.adrNumber, pending.deciderId, now);
          approvalReminders += 1;
        })();
      }
    }
    return { reviews, approvalReminders };
  }

  /** "Keep": the decision still holds, so its next review moves one period ahead of today. */
  keep(actor: Actor, number: number): Result<{ adr: StoredAdr; dueAt: Date }> {
    const found = this.reviewable(actor, number);
    if (!found.ok) return found;
    const months = this.settings.get(actor.teamId).reviewPeriodMonths || FALLBACK_REVIEW_MONTHS;
    const dueAt = reviewDueAt(this.now(), months) as Date;
    this.reviews.set(actor.teamId, number, dueAt, actor.userId, this.now());
    return ok({ adr: this.adrs.find(actor.teamId, number) ?? found.value, dueAt });
  }

  /** Sets (a `YYYY-MM-DD` day after today) or clears (null) the review date of an Accepted ADR. */
  setDate(actor: Actor, number: number, day: string | null): Result<{ adr: StoredAdr; dueAt: Date | null }> {
    const found = this.reviewable(actor, number);
    if (!found.ok) return found;
    if (day === null) {
      this.reviews.clear(actor.teamId, number);
      return ok({ adr: this.adrs.find(actor.teamId, number) ?? found.value, dueAt: null });
    }
    const dueAt = new Date(`${day}T00:00:00.000Z`);
    if (!DATE.test(day) || Number.isNaN(dueAt.getTime())) return refuse('Pick a date from the calendar.');
    if (dueAt.getTime() <= this.now().getTime()) return refuse('Pick a date after today.');
    this.reviews.set(actor.teamId, number, dueAt, actor.userId, this.now());
    return ok({ adr: this.adrs.find(actor.teamId, number) ?? found.value, dueAt });
  }

  /** An Accepted ADR that `actor` may set the review date of (its author and deciders). */
  reviewable(actor: Actor, number: number): Result<StoredAdr> {
    const found = this.decisions.resolve(actor.teamId, String(number));
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
