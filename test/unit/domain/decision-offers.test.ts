import { describe, expect, it } from 'vitest';
import type { DecisionVerdict } from '../../../src/domain/decision-detector.js';
import {
  decideOffer,
  MAX_OFFERS_PER_CHANNEL_PER_DAY,
  needsAiConfirmation,
  type OfferFacts,
} from '../../../src/domain/decision-offers.js';

const decided: DecisionVerdict = {
  decided: true,
  decidingTs: '1700000000.000200',
  decidingUser: 'U2',
  signal: 'statement',
  trace: [],
};

const facts = (overrides: Partial<OfferFacts> = {}): OfferFacts => ({
  channelWatched: true,
  verdict: decided,
  alreadyOffered: false,
  dismissed: false,
  linkedToAdr: false,
  offersInChannelToday: 0,
  aiConfirms: null,
  botUserId: 'UBOT',
  ...overrides,
});

describe('decideOffer', () => {
  it('offers to the author of the deciding message', () => {
    expect(decideOffer(facts())).toEqual({ offer: true, userId: 'U2', decidingTs: '1700000000.000200' });
    expect(decideOffer(facts({ aiConfirms: true })).offer).toBe(true);
  });

  it.each([
    ['channel-not-watched', { channelWatched: false }],
    ['no-decision', { verdict: { ...decided, decided: false, decidingTs: null, decidingUser: null } }],
    ['no-decision', { verdict: { ...decided, decidingUser: 'UBOT' } }],
    ['linked-to-adr', { linkedToAdr: true }],
    ['dismissed', { dismissed: true }],
    ['already-offered', { alreadyOffered: true }],
    ['daily-limit', { offersInChannelToday: MAX_OFFERS_PER_CHANNEL_PER_DAY }],
    ['ai-disagrees', { aiConfirms: false }],
  ] as const)('does not offer: %s', (reason, overrides) => {
    expect(decideOffer(facts(overrides as Partial<OfferFacts>))).toEqual({ offer: false, reason });
  });

  it('asks the AI only when everything else says yes', () => {
    const { aiConfirms: _, ...rest } = facts();
    expect(needsAiConfirmation(rest, true)).toBe(true);
    expect(needsAiConfirmation(rest, false)).toBe(false);
    expect(needsAiConfirmation({ ...rest, alreadyOffered: true }, true)).toBe(false);
  });
});
