/**
 * Whether the app offers to draft an ADR from a thread that reads like a decision (issue 16): once per thread, to
 * the author of the deciding message, never for a thread already linked to an ADR or dismissed as *Not a
 * decision*, at most a few offers per channel per day, and, with an AI key, only when the model agrees.
 * Pure: the caller gathers the facts (what it stores is the thread's ts and whether it offered, never text).
 */
import type { DecisionVerdict } from './decision-detector.js';

export const MAX_OFFERS_PER_CHANNEL_PER_DAY = 3;

export interface OfferFacts {
  /** A settings admin picked this channel in `/adr config`. */
  channelWatched: boolean;
  verdict: DecisionVerdict;
  /** The app offered for this thread before (whatever the answer). */
  alreadyOffered: boolean;
  /** Someone answered *Not a decision* for this thread. */
  dismissed: boolean;
  /** An ADR was drafted from this thread, or links to it. */
  linkedToAdr: boolean;
  /** Offers already made in this channel in the last 24 hours. */
  offersInChannelToday: number;
  /** With an AI key: the model's answer to "is this a decision?"; null without a key or when it failed. */
  aiConfirms: boolean | null;
  /** The app's own bot user: it never offers to itself. */
  botUserId?: string;
}

export type OfferDecision =
  | { offer: true; userId: string; decidingTs: string }
  | {
      offer: false;
      reason:
        | 'channel-not-watched'
        | 'no-decision'
        | 'already-offered'
        | 'dismissed'
        | 'linked-to-adr'
        | 'daily-limit'
        | 'ai-disagrees';
    };

/** Checks in order of cost to the person: a cheap "no" first, the AI last (the caller asks it only if needed). */
export function decideOffer(facts: OfferFacts, limit = MAX_OFFERS_PER_CHANNEL_PER_DAY): OfferDecision {
  if (!facts.channelWatched) return { offer: false, reason: 'channel-not-watched' };
  const { verdict } = facts;
  if (!verdict.decided || !verdict.decidingUser || !verdict.decidingTs || verdict.decidingUser === facts.botUserId) {
    return { offer: false, reason: 'no-decision' };
  }
  if (facts.linkedToAdr) return { offer: false, reason: 'linked-to-adr' };
  if (facts.dismissed) return { offer: false, reason: 'dismissed' };
  if (facts.alreadyOffered) return { offer: false, reason: 'already-offered' };
  if (facts.offersInChannelToday >= limit) return { offer: false, reason: 'daily-limit' };
  if (facts.aiConfirms === false) return { offer: false, reason: 'ai-disagrees' };
  return { offer: true, userId: verdict.decidingUser, decidingTs: verdict.decidingTs };
}

/** Whether the AI should be asked at all: only when everything else says yes (the model call costs). */
export function needsAiConfirmation(facts: Omit<OfferFacts, 'aiConfirms'>, aiAvailable: boolean): boolean {
  return aiAvailable && decideOffer({ ...facts, aiConfirms: null }).offer;
}
