/** When the deciders' answers accept an ADR. Pure: the rule, the deciders, the answers. */
import type { ApprovalRule } from './settings.js';

export const APPROVAL_ANSWERS = ['pending', 'approved', 'changes_requested'] as const;
export type ApprovalAnswer = (typeof APPROVAL_ANSWERS)[number];

export interface Approval {
  deciderId: string;
  answer: ApprovalAnswer;
  comment: string | null;
  requestedAt: string;
  answeredAt: string | null;
}

/** How many approvals `rule` needs out of `deciderCount` deciders (at least one). */
export function approvalsNeeded(rule: ApprovalRule, deciderCount: number): number {
  const n = Math.max(1, deciderCount);
  switch (rule) {
    case 'any':
      return 1;
    case 'majority':
      return Math.floor(n / 2) + 1;
    case 'all':
      return n;
  }
}

export interface ApprovalTally {
  approved: number;
  needed: number;
  met: boolean;
}

/** Only approvals by people who are deciders now count: someone removed from the deciders no longer decides. */
export function tallyApprovals(
  rule: ApprovalRule,
  deciders: readonly string[],
  approvals: readonly Approval[],
): ApprovalTally {
  const current = new Set(deciders);
  const approved = approvals.filter((a) => a.answer === 'approved' && current.has(a.deciderId)).length;
  const needed = approvalsNeeded(rule, current.size);
  return { approved, needed, met: current.size > 0 && approved >= needed };
}

/** Deciders in the ADR's order, each with their answer, `pending` for those not asked yet. */
export function approvalLine(deciders: readonly string[], approvals: readonly Approval[]): Approval[] {
  const byDecider = new Map(approvals.map((a) => [a.deciderId, a]));
  return deciders.map(
    (deciderId) =>
      byDecider.get(deciderId) ?? { deciderId, answer: 'pending', comment: null, requestedAt: '', answeredAt: null },
  );
}

/** Slack user ids among the deciders; imported ADRs may name people in free text, who cannot be asked. */
export function askableDeciders(deciders: readonly string[]): string[] {
  return [...new Set(deciders.filter((d) => /^[UW][A-Z0-9_]{2,}$/.test(d)))];
}
