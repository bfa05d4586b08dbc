import type { SettingsRepository } from '../db/settings-repository.js';
import type { ThreadKey, ThreadOffer, ThreadOfferRepository } from '../db/thread-offer-repository.js';
import type { Actor } from '../domain/actor.js';
import { type DecisionVerdict, detectDecision, type ThreadMessage } from '../domain/decision-detector.js';
import {
  decideOffer,
  MAX_OFFERS_PER_CHANNEL_PER_DAY,
  needsAiConfirmation,
  type OfferDecision,
  type OfferFacts,
  threadLinks,
} from '../domain/decision-offers.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Asks the model whether the deciding message decides; null when it could not answer. */
export type ConfirmDecision = (verdict: DecisionVerdict) => Promise<boolean | null>;

export type Noticed = OfferDecision & { verdict?: DecisionVerdict };

/**
 * Decisions noticed in threads (issue 16): in the channels a settings admin picked, offers once per thread to the
 * author of the deciding message to draft an ADR, never for a thread linked to an ADR or answered *Not a decision*,
 * at most a few per channel per day. The rules are `decideOffer`'s; this gathers its facts and claims the thread.
 * Stores no message text: only the thread's place, whether and when it offered, to whom, and the answer.
 */
export class ThreadWatchService {
  constructor(
    private readonly offers: ThreadOfferRepository,
    private readonly settings: SettingsRepository,
    private readonly now: () => Date,
    private readonly limit = MAX_OFFERS_PER_CHANNEL_PER_DAY,
  ) {}

  async isWatched(teamId: string, channelId: string): Promise<boolean> {
    return (await this.settings.get(teamId)).watchedChannelIds.includes(channelId);
  }

  /**
   * Whether reading the thread could lead to an offer: a cheap "no" (not watched, answered or offered before,
   * linked to an ADR, the channel's offers used up) saves reading it.
   */
  async worthReading(thread: ThreadKey): Promise<boolean> {
    // Would it be offered if the thread read like a decision?
    const assumed: DecisionVerdict = {
      decided: true,
      decidingTs: thread.threadTs,
      decidingUser: 'someone',
      signal: 'statement',
      trace: [],
    };
    const { facts } = await this.storedFacts(thread);
    return decideOffer({ ...facts, verdict: assumed, aiConfirms: null }, this.limit).offer;
  }

  /**
   * Reads the thread's messages with the detector, and offers when every rule agrees; `confirm` (with an AI key)
   * is asked only then. The thread is claimed in a transaction, so of two events racing for it one offers.
   */
  async consider(
    thread: ThreadKey,
    messages: readonly ThreadMessage[],
    options: { botUserId?: string | undefined; confirm?: ConfirmDecision | undefined } = {},
  ): Promise<Noticed> {
    const verdict = detectDecision(messages);
    const { facts: stored, row } = await this.storedFacts(thread);
    const facts = { ...stored, verdict, ...(options.botUserId ? { botUserId: options.botUserId } : {}) };
    // The AI already said no to this very message: asking again would give the same answer.
    if (row?.state === 'declined' && row.decidingTs === verdict.decidingTs) {
      return { offer: false, reason: 'ai-disagrees', verdict };
    }
    let aiConfirms: boolean | null = null;
    if (options.confirm && needsAiConfirmation(facts, true)) {
      aiConfirms = await options.confirm(verdict);
      if (aiConfirms === false && verdict.decidingTs) await this.offers.decline(thread, verdict.decidingTs);
    }
    const decision = decideOffer({ ...facts, aiConfirms }, this.limit);
    if (!decision.offer) return { ...decision, verdict };
    const now = this.now();
    const claim = await this.offers.claim(thread, decision, now, new Date(now.getTime() - DAY_MS), this.limit);
    if (claim === 'claimed') return { ...decision, verdict };
    return { offer: false, reason: claim === 'taken' ? 'already-offered' : 'daily-limit', verdict };
  }

  /** Posting the offer failed: forget the claim, so a later reply may offer again. */
  async offerFailed(thread: ThreadKey, userId: string): Promise<void> {
    await this.offers.release(thread, userId);
  }

  /** *Not a decision*: never offered again for this thread. */
  async dismiss(actor: Actor, thread: Omit<ThreadKey, 'teamId'>): Promise<void> {
    await this.offers.answer({ ...thread, teamId: actor.teamId }, 'dismissed', actor.userId, this.now());
  }

  /** *Draft ADR from thread* on the offer. */
  async drafting(actor: Actor, thread: Omit<ThreadKey, 'teamId'>): Promise<void> {
    await this.offers.answer({ ...thread, teamId: actor.teamId }, 'drafted', actor.userId, this.now());
  }

  /** The facts kept in the database (never the thread's text), and the thread's row if it has one. */
  private async storedFacts(thread: ThreadKey): Promise<{
    facts: Omit<OfferFacts, 'verdict' | 'aiConfirms'>;
    row: ThreadOffer | null;
  }> {
    const row = await this.offers.find(thread);
    const since = new Date(this.now().getTime() - DAY_MS);
    const links = threadLinks(thread.channelId, thread.threadTs);
    const facts = {
      channelWatched: await this.isWatched(thread.teamId, thread.channelId),
      alreadyOffered: row?.offeredAt != null,
      dismissed: row?.state === 'dismissed',
      linkedToAdr: row?.state === 'drafted' || (await this.offers.linkedToAdr(thread, links)),
      offersInChannelToday: await this.offers.offersSince(thread.teamId, thread.channelId, since),
    };
    return { facts, row };
  }
}
