import { describe, expect, it } from 'vitest';
import { ADR_STATUSES, type AdrStatus } from '../../../src/domain/adr.js';
import {
  allowedTransitions,
  canTransition,
  checkSupersede,
  isEditable,
  isFinalStatus,
  statusLabel,
} from '../../../src/domain/lifecycle.js';

const ALLOWED: ReadonlyArray<readonly [AdrStatus, AdrStatus]> = [
  ['proposed', 'accepted'],
  ['proposed', 'rejected'],
  ['accepted', 'deprecated'],
  ['accepted', 'superseded'],
];

describe('status transitions', () => {
  const everyPair = ADR_STATUSES.flatMap((from) => ADR_STATUSES.map((to) => [from, to] as const));

  it.each(everyPair)('%s → %s is allowed only if it is in the table', (from, to) => {
    const expected = ALLOWED.some(([allowedFrom, allowedTo]) => allowedFrom === from && allowedTo === to);
    expect(canTransition(from, to)).toBe(expected);
    expect(allowedTransitions(from).includes(to)).toBe(expected);
  });

  it('lists the allowed next statuses', () => {
    expect(allowedTransitions('proposed')).toEqual(['accepted', 'rejected']);
    expect(allowedTransitions('accepted')).toEqual(['deprecated', 'superseded']);
    expect(allowedTransitions('rejected')).toEqual([]);
    expect(allowedTransitions('deprecated')).toEqual([]);
    expect(allowedTransitions('superseded')).toEqual([]);
  });

  it('returns a copy, so callers cannot change the table', () => {
    allowedTransitions('proposed').push('deprecated');
    expect(canTransition('proposed', 'deprecated')).toBe(false);
  });

  it('treats rejected, deprecated and superseded as final', () => {
    expect(ADR_STATUSES.filter(isFinalStatus)).toEqual(['rejected', 'deprecated', 'superseded']);
  });

  it('lets only proposals be edited', () => {
    expect(ADR_STATUSES.filter(isEditable)).toEqual(['proposed']);
  });
});

describe('statusLabel', () => {
  it.each([
    ['proposed', undefined, 'Proposed'],
    ['accepted', undefined, 'Accepted'],
    ['rejected', undefined, 'Rejected'],
    ['deprecated', undefined, 'Deprecated'],
    ['superseded', 4, 'Superseded by ADR-004'],
    ['superseded', 1234, 'Superseded by ADR-1234'],
    ['superseded', null, 'Superseded'],
    ['superseded', undefined, 'Superseded'],
    ['accepted', 4, 'Accepted'],
  ] as const)('%s (superseded by %s) reads %j', (status, supersededBy, expected) => {
    expect(statusLabel(status, supersededBy)).toBe(expected);
  });
});

describe('checkSupersede', () => {
  const noChain = () => null;

  it('accepts an accepted target replaced by a proposed or accepted ADR', () => {
    expect(checkSupersede({ number: 1, status: 'accepted' }, { number: 2, status: 'proposed' }, noChain)).toEqual({
      ok: true,
    });
    expect(checkSupersede({ number: 1, status: 'accepted' }, { number: 2, status: 'accepted' }, noChain)).toEqual({
      ok: true,
    });
  });

  it.each(['proposed', 'rejected', 'deprecated', 'superseded'] as const)('refuses a %s target', (status) => {
    const result = checkSupersede({ number: 1, status }, { number: 2, status: 'accepted' }, noChain);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/Only an accepted ADR can be superseded.*ADR-001/);
  });

  it('refuses an ADR superseding itself', () => {
    const result = checkSupersede({ number: 5, status: 'accepted' }, { number: 5, status: 'accepted' }, noChain);
    expect(result).toEqual({ ok: false, reason: 'ADR-005 cannot supersede itself.' });
  });

  it.each(['rejected', 'deprecated', 'superseded'] as const)('refuses a %s replacement', (status) => {
    const result = checkSupersede({ number: 1, status: 'accepted' }, { number: 2, status }, noChain);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(`ADR-002 is ${status}`);
  });

  it('refuses a cycle found by walking the replacement’s superseded-by chain', () => {
    // 2 is superseded by 3, 3 by 1: letting 2 supersede 1 would close the loop.
    const chain: Record<number, number> = { 2: 3, 3: 1 };
    const result = checkSupersede({ number: 1, status: 'accepted' }, { number: 2, status: 'accepted' }, (n) => {
      return chain[n] ?? null;
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain('loop');
  });

  it('accepts a chain that does not reach the target, and stops on corrupted loops', () => {
    const chain: Record<number, number> = { 2: 3, 3: 4, 4: 3 };
    const result = checkSupersede({ number: 1, status: 'accepted' }, { number: 2, status: 'accepted' }, (n) => {
      return chain[n] ?? null;
    });
    expect(result).toEqual({ ok: true });
  });
});
