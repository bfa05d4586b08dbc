/**
 * Ids of the "this thread reads like a decision" offer (issue 16). Kept apart from ids.ts while the Slack wiring is
 * reworked; to be folded into ids.ts with the capacity and related-decision ids.
 */
export const DecisionOfferActions = {
  /** *Draft ADR from thread*: the value carries the channel and thread; opens the draft-from-thread flow. */
  draft: 'decision_offer_draft',
  /** *Not a decision*: remembered for the thread, so the app never offers again. */
  dismiss: 'decision_offer_dismiss',
} as const;

export const DecisionOfferBlocks = {
  actions: 'decision_offer_actions',
} as const;
