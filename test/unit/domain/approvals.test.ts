import { describe, expect, it } from 'vitest';
import {
  type Approval,
  approvalLine,
  approvalsNeeded,
  askableDeciders,
  tallyApprovals,
} from '../../../src/domain/approvals.js';

const answer = (deciderId: string, value: Approval['answer']): Approval => ({
  deciderId,
  answer: value,
  comment: null,
  requestedAt: '2026-01-01T00:00:00.000Z',
  answeredAt: value === 'pending' ? null : '2026-01-02T00:00:00.000Z',
});

describe('approval rules', () => {
  it('needs one, a strict majority, or everyone', () => {
    expect([1, 2, 3, 4, 5].map((n) => approvalsNeeded('any', n))).toEqual([1, 1, 1, 1, 1]);
    expect([1, 2, 3, 4, 5].map((n) => approvalsNeeded('majority', n))).toEqual([1, 2, 2, 3, 3]);
    expect([1, 2, 3, 4, 5].map((n) => approvalsNeeded('all', n))).toEqual([1, 2, 3, 4, 5]);
  });

  it('meets the majority of three at the second approval, whatever the third said', () => {
    const deciders = ['U1', 'U2', 'U3'];
    expect(tallyApprovals('majority', deciders, [answer('U1', 'approved')]).met).toBe(false);
    const two = [answer('U1', 'approved'), answer('U2', 'changes_requested'), answer('U3', 'approved')];
    expect(tallyApprovals('majority', deciders, two)).toEqual({ approved: 2, needed: 2, met: true });
    expect(tallyApprovals('all', deciders, two).met).toBe(false);
  });

  it('does not count answers of people who are no longer deciders, nor ADRs without deciders', () => {
    const approvals = [answer('U_OLD', 'approved'), answer('U1', 'approved')];
    expect(tallyApprovals('all', ['U1', 'U2'], approvals)).toEqual({ approved: 1, needed: 2, met: false });
    expect(tallyApprovals('any', [], approvals).met).toBe(false);
  });

  it('lists every decider in order, pending when not asked yet', () => {
    const line = approvalLine(['U1', 'U2', 'U3'], [answer('U3', 'approved'), answer('U1', 'changes_requested')]);
    expect(line.map((a) => `${a.deciderId}:${a.answer}`)).toEqual([
      'U1:changes_requested',
      'U2:pending',
      'U3:approved',
    ]);
  });

  it('asks only Slack users, once each (imported ADRs may name people in free text)', () => {
    expect(askableDeciders(['U1ABC', 'Jane Doe', 'U1ABC', 'W2XYZ'])).toEqual(['U1ABC', 'W2XYZ']);
  });
});
