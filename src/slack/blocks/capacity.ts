import type { InputBlock, KnownBlock, ModalView } from '@slack/types';
import { z } from 'zod';
import { formatAdrNumber } from '../../domain/adr-number.js';
import {
  CAPACITY_FIELDS,
  type CapacityEstimate,
  type CapacityField,
  type CapacityInputs,
  formatBandwidth,
  formatBytes,
  formatCount,
  formatFactor,
  formatRate,
  inputsAsText,
  peakDriver,
  SEED_EXAMPLE,
  summarizeEstimate,
} from '../../domain/capacity.js';
import { ADD_DRIVER_VALUE, CapacityActions, CapacityBlocks, CapacityViews } from '../capacity-ids.js';
import { escapeMrkdwn, truncate } from './mrkdwn.js';

/** Where *Add to ADR* writes the estimate: a wizard draft, a stored ADR, or nowhere (`/adr estimate` on its own). */
export type CapacityTarget = { kind: 'draft'; draftId: number } | { kind: 'adr'; number: number } | { kind: 'none' };

export type CapacityTexts = Record<CapacityField, string>;

const FIELD_INPUTS: Record<CapacityField, { label: string; hint: string }> = {
  dailyActiveUsers: { label: 'Daily active users', hint: 'People using it on a typical day: 200M, 50k, 1,200.' },
  actionsPerUserPerDay: {
    label: 'Actions per user per day',
    hint: 'Items each of them creates a day (tweets, orders, uploads): the writes.',
  },
  bytesPerItem: { label: 'Bytes per item', hint: 'Size of one stored item with its metadata: 500, 2 KB, 1.5 MB.' },
  readsPerWrite: { label: 'Reads per write', hint: 'The read:write ratio, N reads for each write: 100 or 100:1.' },
  peakFactor: { label: 'Peak factor', hint: 'Busiest traffic as a multiple of the daily average: 3 for 3×.' },
  retentionYears: { label: 'Retention (years)', hint: 'How long items are kept; storage is sized for it.' },
};

/** Field ↔ block id: each input's action id equals its block id. */
export const CAPACITY_FIELD_BLOCKS: Record<CapacityField, string> = {
  dailyActiveUsers: CapacityBlocks.dailyActiveUsers,
  actionsPerUserPerDay: CapacityBlocks.actionsPerUserPerDay,
  bytesPerItem: CapacityBlocks.bytesPerItem,
  readsPerWrite: CapacityBlocks.readsPerWrite,
  peakFactor: CapacityBlocks.peakFactor,
  retentionYears: CapacityBlocks.retentionYears,
};

const INPUT_MAX = 40;

// private_metadata: the target, and on the results view the inputs that produced it (so submitting it needs no
// second parse of what was typed, and *Change inputs* can show them again).
const InputsSchema = z.object({
  dailyActiveUsers: z.number().positive().finite(),
  actionsPerUserPerDay: z.number().positive().finite(),
  bytesPerItem: z.number().positive().finite(),
  readsPerWrite: z.number().min(0).finite(),
  peakFactor: z.number().min(1).finite(),
  retentionYears: z.number().min(0).finite(),
});

const MetadataSchema = z.object({
  t: z.enum(['draft', 'adr', 'none']),
  id: z.number().int().positive().optional(),
  in: InputsSchema.optional(),
});

export interface CapacityMetadata {
  target: CapacityTarget;
  inputs: CapacityInputs | null;
}

function encodeMetadata(target: CapacityTarget, inputs: CapacityInputs | null): string {
  const id = target.kind === 'draft' ? target.draftId : target.kind === 'adr' ? target.number : undefined;
  return JSON.stringify({ t: target.kind, ...(id === undefined ? {} : { id }), ...(inputs ? { in: inputs } : {}) });
}

export function parseCapacityMetadata(raw: string | undefined): CapacityMetadata | null {
  try {
    const parsed = MetadataSchema.safeParse(JSON.parse(raw ?? ''));
    if (!parsed.success) return null;
    const { t, id, in: inputs } = parsed.data;
    if (t !== 'none' && id === undefined) return null;
    const target: CapacityTarget =
      t === 'draft'
        ? { kind: 'draft', draftId: id as number }
        : t === 'adr'
          ? { kind: 'adr', number: id as number }
          : { kind: 'none' };
    return { target, inputs: inputs ?? null };
  } catch {
    return null;
  }
}

function targetLine(target: CapacityTarget): string {
  switch (target.kind) {
    case 'draft':
      return '*Add to ADR* puts it into the context of your draft.';
    case 'adr':
      return `*Add to ADR* puts it into the context of ${formatAdrNumber(target.number)}.`;
    default:
      return 'A back-of-the-envelope estimate. Start it from a draft (step 1) to add it to an ADR.';
  }
}

function fieldInput(field: CapacityField, initial: string): InputBlock {
  const blockId = CAPACITY_FIELD_BLOCKS[field];
  const { label, hint } = FIELD_INPUTS[field];
  const value = initial.slice(0, INPUT_MAX);
  return {
    type: 'input',
    block_id: blockId,
    label: { type: 'plain_text', text: label },
    hint: { type: 'plain_text', text: hint },
    element: {
      type: 'plain_text_input',
      action_id: blockId,
      max_length: INPUT_MAX,
      ...(value ? { initial_value: value } : {}),
      placeholder: { type: 'plain_text', text: `e.g. ${inputsAsText(SEED_EXAMPLE)[field]}` },
    },
  };
}

export interface CapacityInputsModel {
  target: CapacityTarget;
  /** What to show in the fields: what was typed, the estimate already in the context, or nothing. */
  values?: Partial<CapacityTexts>;
}

/** The six inputs. Empty fields show the seed's worked example as placeholders. */
export function capacityInputsView(model: CapacityInputsModel): ModalView {
  const values = model.values ?? {};
  return {
    type: 'modal',
    callback_id: CapacityViews.inputs,
    title: { type: 'plain_text', text: 'Estimate capacity' },
    submit: { type: 'plain_text', text: 'Estimate' },
    close: { type: 'plain_text', text: model.target.kind === 'draft' ? 'Back' : 'Close' },
    private_metadata: encodeMetadata(model.target, null),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text:
            'Requests per second, storage and bandwidth from six figures (the seed’s System Design Step 2). ' +
            'Type 200M, 2.5k or 1,000,000; sizes as 500, 2 KB or 1.5 MB.',
        },
      },
      ...CAPACITY_FIELDS.map((field) => fieldInput(field, values[field] ?? '')),
      { type: 'context', elements: [{ type: 'mrkdwn', text: targetLine(model.target) }] },
    ],
  };
}

/** The inputs view filled with these inputs again (*Change inputs*, or an estimate already in the context). */
export function capacityInputsViewFor(target: CapacityTarget, inputs: CapacityInputs | null): ModalView {
  return capacityInputsView({ target, ...(inputs ? { values: inputsAsText(inputs) } : {}) });
}

/** Reads the six fields from `view.state.values`; anything missing reads as empty, for readCapacityInputs to name. */
export function readCapacityState(values: unknown): Partial<CapacityTexts> {
  const texts: Partial<CapacityTexts> = {};
  if (typeof values !== 'object' || values === null) return texts;
  const state = values as Record<string, Record<string, { value?: unknown } | undefined> | undefined>;
  for (const field of CAPACITY_FIELDS) {
    const blockId = CAPACITY_FIELD_BLOCKS[field];
    const value = state[blockId]?.[blockId]?.value;
    if (typeof value === 'string') texts[field] = value;
  }
  return texts;
}

/** Whether *also add the peak as a decision driver* is ticked on the results view. */
export function readAddDriver(values: unknown): boolean {
  if (typeof values !== 'object' || values === null) return false;
  const state = values as Record<string, Record<string, { selected_options?: unknown } | undefined> | undefined>;
  const selected = state[CapacityBlocks.addDriver]?.[CapacityBlocks.addDriver]?.selected_options;
  return Array.isArray(selected) && selected.some((option) => option?.value === ADD_DRIVER_VALUE);
}

/** Field errors keyed by block id, for `response_action: 'errors'`. */
export function capacityFieldErrors(errors: Partial<Record<CapacityField, string>>): Record<string, string> {
  const byBlock: Record<string, string> = {};
  for (const field of CAPACITY_FIELDS) {
    const message = errors[field];
    if (message) byBlock[CAPACITY_FIELD_BLOCKS[field]] = truncate(message, 2000);
  }
  return byBlock;
}

export interface CapacityResultsModel {
  target: CapacityTarget;
  estimate: CapacityEstimate;
  /** The context already has an estimate: *Add to ADR* replaces it. */
  replacing?: boolean;
  /** The draft already lists the peak driver, so the checkbox is not offered again. */
  driverPresent?: boolean;
}

function fields(pairs: [string, string][]): KnownBlock {
  return {
    type: 'section',
    fields: pairs.map(([label, value]) => ({ type: 'mrkdwn' as const, text: `*${label}*\n${value}` })),
  };
}

/** The figures, with *Add to ADR* when there is an ADR or draft to add them to. */
export function capacityResultsView(model: CapacityResultsModel): ModalView {
  const { estimate, target } = model;
  const { writesPerSecond: writes, readsPerSecond: reads, storageBytes: storage, inputs } = estimate;
  const summary = summarizeEstimate(estimate);
  const years = formatCount(inputs.retentionYears);
  const blocks: KnownBlock[] = [
    { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(truncate(summary.inputs, 2900)) }] },
    { type: 'header', text: { type: 'plain_text', text: 'Requests' } },
    fields([
      ['Writes per day', formatCount(estimate.writesPerDay)],
      ['Writes per second', `${formatRate(writes.average)} average`],
      [
        `Peak (${formatFactor(inputs.peakFactor)} average)`,
        writes.plannedPeak > writes.peak * (1 + 1e-9)
          ? `${formatRate(writes.peak)}, plan for ${formatRate(writes.plannedPeak)}`
          : formatRate(writes.peak),
      ],
      ['Reads per second', `${formatRate(reads.average)} average, ${formatRate(reads.peak)} peak`],
    ]),
    { type: 'header', text: { type: 'plain_text', text: 'Storage and bandwidth' } },
    fields([
      ['Per day', formatBytes(storage.perDay)],
      ['Per year', formatBytes(storage.perYear)],
      [`Over ${years} ${inputs.retentionYears === 1 ? 'year' : 'years'}`, formatBytes(storage.retained)],
      ['Write bandwidth', formatBandwidth(estimate.bandwidthBytesPerSecond.write)],
      [
        `Read bandwidth (${formatCount(inputs.readsPerWrite)} per write)`,
        formatBandwidth(estimate.bandwidthBytesPerSecond.read),
      ],
    ]),
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Bandwidth at the planned peak of ${formatRate(writes.plannedPeak)}; decimal units (1 GB = 10⁹ bytes), a year of 365 days.`,
        },
      ],
    },
    {
      type: 'actions',
      block_id: CapacityBlocks.resultActions,
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Change inputs' },
          action_id: CapacityActions.changeInputs,
        },
      ],
    },
  ];
  const addable = target.kind !== 'none';
  if (addable) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: targetLine(target) }] });
    if (!model.driverPresent) {
      blocks.push({
        type: 'input',
        block_id: CapacityBlocks.addDriver,
        optional: true,
        label: { type: 'plain_text', text: 'Decision driver' },
        element: {
          type: 'checkboxes',
          action_id: CapacityBlocks.addDriver,
          options: [
            {
              text: { type: 'plain_text', text: 'Also add the peak as a decision driver' },
              value: ADD_DRIVER_VALUE,
            },
          ],
        },
      });
      blocks.push({
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `Driver: _${escapeMrkdwn(peakDriver(estimate))}_` }],
      });
    }
  }
  return {
    type: 'modal',
    callback_id: CapacityViews.results,
    title: { type: 'plain_text', text: 'Capacity estimate' },
    ...(addable ? { submit: { type: 'plain_text', text: model.replacing ? 'Update the ADR' : 'Add to ADR' } } : {}),
    close: { type: 'plain_text', text: target.kind === 'draft' ? 'Back' : 'Close' },
    private_metadata: encodeMetadata(target, inputs),
    blocks,
  };
}
