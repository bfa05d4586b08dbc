import type { AdrRepository, StoredAdr } from '../db/adr-repository.js';
import type { ApprovalRepository } from '../db/approval-repository.js';
import type { SettingsRepository } from '../db/settings-repository.js';
import type { Transactions } from '../db/store.js';
import type { Actor } from '../domain/actor.js';
import { formatAdrNumber } from '../domain/adr-number.js';
import { type ApprovalAnswer, type ApprovalTally, askableDeciders, tallyApprovals } from '../domain/approvals.js';
import { statusLabel } from '../domain/lifecycle.js';
import { APPROVAL_RULE_LABELS, type ApprovalRule } from '../domain/settings.js';
import type { AppEvents } from './app-events.js';
import type { DecisionService } from './decision-service.js';
import type { NotificationService } from './notification-service.js';
import { ok, type Result, refuse } from './result.js';

export interface ApprovalRequested {
  adr: StoredAdr;
  /** Deciders asked now. */
  asked: string[];
  /** Deciders asked before and still counted. */
  alreadyAsked: string[];
  rule: ApprovalRule;
  needed: number;
}

export interface ApprovalAnswered {
  adr: StoredAdr;
  answer: Exclude<ApprovalAnswer, 'pending'>;
  tally: ApprovalTally;
  rule: ApprovalRule;
  /** True when this answer met the rule and the ADR became Accepted. */
  accepted: boolean;
}

/**
 * Approval requests and answers. An answer and the acceptance it may trigger are one transaction, together
 * with the notifications they owe, so two deciders answering at once can never accept an ADR twice.
 */
export class ApprovalService {
  constructor(
    private readonly db: Transactions,
    private readonly adrs: AdrRepository,
    private readonly approvals: ApprovalRepository,
    private readonly settings: SettingsRepository,
    private readonly decisions: DecisionService,
    private readonly notifications: NotificationService,
    private readonly now: () => Date,
    /** Told (`approvalsChanged`) after a request or an answer is stored. */
    private readonly events?: AppEvents,
  ) {}

  async request(actor: Actor, number: number): Promise<Result<ApprovalRequested>> {
    const result = await this.db.transaction(async (): Promise<Result<ApprovalRequested>> => {
      const adr = await this.adrs.find(actor.teamId, number);
      if (!adr) return refuse(`${formatAdrNumber(number)} does not exist in this workspace.`);
      const label = formatAdrNumber(number);
      if (adr.status !== 'proposed') {
        return refuse(
          `${label} is ${statusLabel(adr.status, adr.supersededBy)}: only a Proposed ADR can be sent for approval.`,
        );
      }
      if (!this.decisions.mayChange(adr, actor.userId)) {
        return refuse(`Only the author and the deciders of ${label} can request its approval.`);
      }
      const deciders = askableDeciders(adr.deciders);
      if (deciders.length === 0) {
        return refuse(
          `${label} names no deciders yet, so there is nobody to ask. Edit it (Edit on its card, or /adr edit ${number}) and name the deciders on the first step, then request approval again.`,
        );
      }
      const now = this.now();
      const asked = await this.approvals.request(actor.teamId, number, deciders, actor.userId, now);
      await this.notifications.queueApprovalRequests(actor.teamId, number, asked, actor.userId, now);
      const rule = (await this.settings.get(actor.teamId)).approvalRule;
      return ok({
        adr: (await this.adrs.find(actor.teamId, number)) ?? adr,
        asked,
        alreadyAsked: deciders.filter((d) => !asked.includes(d)),
        rule,
        needed: tallyApprovals(rule, deciders, []).needed,
      });
    });
    if (result.ok) {
      this.events?.emit('approvalsChanged', { teamId: actor.teamId, adrNumber: number, actorId: actor.userId });
    }
    return result;
  }

  /** Why `userId` may not answer for `adr` now, or null when they may. */
  answerRefusal(adr: StoredAdr, userId: string): string | null {
    const label = formatAdrNumber(adr.number);
    if (adr.status !== 'proposed') {
      return `${label} is already ${statusLabel(adr.status, adr.supersededBy)}, so its approval is closed and answers no longer change anything.`;
    }
    if (!askableDeciders(adr.deciders).includes(userId)) {
      return `Only the deciders named on ${label} can approve it or request changes, and you are not one of them. Ask its author to add you as a decider if you should decide.`;
    }
    return null;
  }

  async answer(
    actor: Actor,
    number: number,
    answer: Exclude<ApprovalAnswer, 'pending'>,
    comment: string | null,
  ): Promise<Result<ApprovalAnswered>> {
    const result = await this.db.transaction(async (): Promise<Result<ApprovalAnswered>> => {
      const adr = await this.adrs.find(actor.teamId, number);
      if (!adr) return refuse(`${formatAdrNumber(number)} does not exist in this workspace.`);
      const refusal = this.answerRefusal(adr, actor.userId);
      if (refusal) return refuse(refusal);
      const now = this.now();
      await this.approvals.answer(actor.teamId, number, actor.userId, answer, comment, now);
      const rule = (await this.settings.get(actor.teamId)).approvalRule;
      const deciders = askableDeciders(adr.deciders);
      const tally = tallyApprovals(rule, deciders, await this.approvals.forAdr(actor.teamId, number));
      let accepted = false;
      if (answer === 'approved' && tally.met) {
        const note = `approved by ${tally.approved} of ${deciders.length} deciders (${APPROVAL_RULE_LABELS[rule].toLowerCase()})`;
        const changed = await this.decisions.acceptByApproval(actor.teamId, number, actor.userId, note);
        if (!changed.ok) return changed;
        accepted = true;
      }
      if (answer === 'changes_requested' && adr.authorId !== actor.userId) {
        await this.notifications.queueChangesRequested(
          actor.teamId,
          number,
          adr.authorId,
          actor.userId,
          comment ?? '',
          now,
        );
      }
      return ok({ adr: (await this.adrs.find(actor.teamId, number)) ?? adr, answer, tally, rule, accepted });
    });
    if (result.ok) {
      this.events?.emit('approvalsChanged', { teamId: actor.teamId, adrNumber: number, actorId: actor.userId });
    }
    return result;
  }

  /** The workspace rule and what it needs for this ADR, for messages. */
  async ruleFor(adr: StoredAdr): Promise<{ rule: ApprovalRule; needed: number; deciders: number }> {
    const rule = (await this.settings.get(adr.teamId)).approvalRule;
    const deciders = askableDeciders(adr.deciders);
    return { rule, needed: tallyApprovals(rule, deciders, []).needed, deciders: deciders.length };
  }
}
