/**
 * Ids of the related decisions shown while drafting (issue 16). Kept apart from ids.ts while the Slack wiring is
 * reworked; to be folded into ids.ts with the capacity and decision-offer ids. Button values are ADR numbers.
 */
export const RelatedActions = {
  /** *Related*: adds `Related: ADR-NNN` to the draft's Links. */
  markRelated: 'related_mark',
  /** *This replaces it*: the draft supersedes that ADR when accepted. */
  replaces: 'related_replaces',
  /** *Not replacing*: undoes *This replaces it*. */
  undoReplaces: 'related_undo_replaces',
  /** Opens the related ADR. */
  view: 'related_view',
} as const;

export const RelatedBlocks = {
  heading: 'related_heading',
  item: (adrNumber: number) => `related_item_${adrNumber}`,
  actions: (adrNumber: number) => `related_actions_${adrNumber}`,
} as const;
