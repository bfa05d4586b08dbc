/**
 * Ids of the capacity estimate (issue 16). Kept apart from ids.ts while the Slack wiring is reworked; to be folded
 * into ids.ts (Views, an `CapacityBlocks` and a `CapacityActions` group) when the modal is wired.
 */

export const CapacityViews = {
  /** The inputs; submitting it answers with the results view. */
  inputs: 'adr_capacity_inputs_modal',
  /** The figures; submitting it (*Add to ADR*) writes the block into the draft's or the ADR's context. */
  results: 'adr_capacity_results_modal',
} as const;

/** Inputs of the estimate: each input's action id equals its block id, the key for `response_action: 'errors'`. */
export const CapacityBlocks = {
  dailyActiveUsers: 'capacity_daily_active_users',
  actionsPerUserPerDay: 'capacity_actions_per_user',
  bytesPerItem: 'capacity_bytes_per_item',
  readsPerWrite: 'capacity_reads_per_write',
  peakFactor: 'capacity_peak_factor',
  retentionYears: 'capacity_retention_years',
  /** Checkbox on the results view: also add the peak as a decision driver. */
  addDriver: 'capacity_add_driver',
  resultActions: 'capacity_result_actions',
} as const;

export const CapacityActions = {
  /** *Estimate capacity* on the wizard's step 1 and on the ADR card; opens (or pushes) the inputs view. */
  open: 'capacity_open',
  /** *Change inputs* on the results view: back to the inputs, as typed. */
  changeInputs: 'capacity_change_inputs',
} as const;

/** Value of the *add the peak as a driver* checkbox option. */
export const ADD_DRIVER_VALUE = 'add_peak_driver';
