import type { InputBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { estimateCapacity, readCapacityInputs, SEED_EXAMPLE } from '../../../../src/domain/capacity.js';
import {
  CAPACITY_FIELD_BLOCKS,
  capacityFieldErrors,
  capacityInputsView,
  capacityInputsViewFor,
  capacityResultsView,
  parseCapacityMetadata,
  readAddDriver,
  readCapacityState,
} from '../../../../src/slack/blocks/capacity.js';
import { ADD_DRIVER_VALUE, CapacityBlocks, CapacityViews } from '../../../../src/slack/capacity-ids.js';
import { validateView } from '../../../support/block-kit-limits.js';

const seed = estimateCapacity(SEED_EXAMPLE);
const text = (view: unknown) => JSON.stringify(view);

/** view.state.values as Slack sends them for the inputs view. */
function stateOf(typed: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(typed).map(([field, value]) => {
      const blockId = CAPACITY_FIELD_BLOCKS[field as keyof typeof CAPACITY_FIELD_BLOCKS];
      return [blockId, { [blockId]: { type: 'plain_text_input', value } }];
    }),
  );
}

describe('capacity inputs view', () => {
  it('asks the six inputs, with the seed example as placeholders, within Block Kit limits', () => {
    const view = capacityInputsView({ target: { kind: 'draft', draftId: 7 } });
    expect(validateView(view)).toEqual([]);
    expect(view.callback_id).toBe(CapacityViews.inputs);
    const inputs = view.blocks.filter((block) => block.type === 'input');
    expect(inputs.map((block) => block.block_id)).toEqual(Object.values(CAPACITY_FIELD_BLOCKS));
    expect(text(view)).toContain('e.g. 200M');
    expect(parseCapacityMetadata(view.private_metadata)).toEqual({
      target: { kind: 'draft', draftId: 7 },
      inputs: null,
    });
  });

  it('shows inputs again exactly, and reads what Slack sends back to the same inputs', () => {
    const inputs = { ...SEED_EXAMPLE, dailyActiveUsers: 123_456_789, retentionYears: 5 };
    const view = capacityInputsViewFor({ kind: 'adr', number: 12 }, inputs);
    const typed: Record<string, string> = {};
    for (const block of view.blocks as InputBlock[]) {
      if (block.type !== 'input' || block.element.type !== 'plain_text_input') continue;
      const field = Object.entries(CAPACITY_FIELD_BLOCKS).find(([, id]) => id === block.block_id)?.[0];
      if (field) typed[field] = block.element.initial_value ?? '';
    }
    const read = readCapacityInputs(readCapacityState(stateOf(typed)));
    expect(read).toEqual({ ok: true, inputs });
  });

  it('maps field errors to their blocks', () => {
    const read = readCapacityInputs(
      readCapacityState(stateOf({ dailyActiveUsers: 'lots', actionsPerUserPerDay: '2', bytesPerItem: '500' })),
    );
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(Object.keys(capacityFieldErrors(read.errors)).sort()).toEqual(
      [
        CapacityBlocks.dailyActiveUsers,
        CapacityBlocks.peakFactor,
        CapacityBlocks.readsPerWrite,
        CapacityBlocks.retentionYears,
      ].sort(),
    );
  });

  it('reads nothing from a malformed state', () => {
    expect(readCapacityState(null)).toEqual({});
    expect(readCapacityState({ [CapacityBlocks.dailyActiveUsers]: { other: { value: '1' } } })).toEqual({});
    expect(readAddDriver(undefined)).toBe(false);
  });
});

describe('capacity results view', () => {
  it("shows the seed's figures and offers Add to ADR for a draft", () => {
    const view = capacityResultsView({ target: { kind: 'draft', draftId: 3 }, estimate: seed });
    expect(validateView(view)).toEqual([]);
    const body = text(view);
    for (const figure of ['400M', '4,630/s', '13.9k/s, plan for 15k/s', '200 GB', '73 TB', '7.5 MB/s', '750 MB/s']) {
      expect(body).toContain(figure);
    }
    expect(view.submit?.text).toBe('Add to ADR');
    expect(body).toContain(CapacityBlocks.addDriver);
    expect(parseCapacityMetadata(view.private_metadata)).toEqual({
      target: { kind: 'draft', draftId: 3 },
      inputs: SEED_EXAMPLE,
    });
  });

  it('says Update the ADR when replacing, and drops the driver checkbox when the driver is there', () => {
    const view = capacityResultsView({
      target: { kind: 'adr', number: 4 },
      estimate: seed,
      replacing: true,
      driverPresent: true,
    });
    expect(view.submit?.text).toBe('Update the ADR');
    expect(text(view)).not.toContain(CapacityBlocks.addDriver);
    expect(text(view)).toContain('ADR-004');
  });

  it('has no submit and no inputs on its own (/adr estimate)', () => {
    const view = capacityResultsView({ target: { kind: 'none' }, estimate: seed });
    expect(validateView(view)).toEqual([]);
    expect(view.submit).toBeUndefined();
    expect(view.blocks.some((block) => block.type === 'input')).toBe(false);
  });

  it('stays within limits for the largest inputs allowed', () => {
    const huge = estimateCapacity({
      dailyActiveUsers: 1e11,
      actionsPerUserPerDay: 1e6,
      bytesPerItem: 1e12,
      readsPerWrite: 1e7,
      peakFactor: 1000,
      retentionYears: 1000,
    });
    expect(validateView(capacityResultsView({ target: { kind: 'draft', draftId: 1 }, estimate: huge }))).toEqual([]);
  });

  it('reads the driver checkbox', () => {
    const ticked = {
      [CapacityBlocks.addDriver]: { [CapacityBlocks.addDriver]: { selected_options: [{ value: ADD_DRIVER_VALUE }] } },
    };
    expect(readAddDriver(ticked)).toBe(true);
    expect(
      readAddDriver({ [CapacityBlocks.addDriver]: { [CapacityBlocks.addDriver]: { selected_options: [] } } }),
    ).toBe(false);
  });

  it('refuses tampered or foreign metadata', () => {
    expect(parseCapacityMetadata('{"t":"draft"}')).toBeNull();
    expect(parseCapacityMetadata('{"t":"adr","id":-1}')).toBeNull();
    expect(parseCapacityMetadata('not json')).toBeNull();
    expect(parseCapacityMetadata(JSON.stringify({ t: 'none', in: { ...SEED_EXAMPLE, peakFactor: 0 } }))).toBeNull();
    expect(parseCapacityMetadata('{"t":"none"}')).toEqual({ target: { kind: 'none' }, inputs: null });
  });
});
