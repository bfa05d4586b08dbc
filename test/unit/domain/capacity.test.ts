import { describe, expect, it } from 'vitest';
import {
  addCapacityToContext,
  addEstimateToAdr,
  CAPACITY_BLOCK_HEADING,
  type CapacityInputs,
  capacityBlock,
  capacityInputsIn,
  estimateCapacity,
  formatBandwidth,
  formatBytes,
  formatCount,
  formatRate,
  inputsAsText,
  isPeakDriver,
  parseQuantity,
  peakDriver,
  planningFigure,
  readCapacityInputs,
  SEED_EXAMPLE,
  summarizeEstimate,
  withCapacityBlock,
  withoutCapacityBlock,
} from '../../../src/domain/capacity.js';

describe("the seed's worked example (Design Twitter)", () => {
  // 200M DAU, 2 tweets per user per day, ~500 bytes each, reads 100× writes, peak 3× average.
  const estimate = estimateCapacity(SEED_EXAMPLE);

  it('uses the inputs the seed states', () => {
    expect(SEED_EXAMPLE).toMatchObject({
      dailyActiveUsers: 200_000_000,
      actionsPerUserPerDay: 2,
      bytesPerItem: 500,
      readsPerWrite: 100,
      peakFactor: 3,
    });
  });

  it('400M writes per day', () => {
    expect(estimate.writesPerDay).toBe(400_000_000);
    expect(formatCount(estimate.writesPerDay)).toBe('400M');
  });

  it('400M / 86400 ≈ 4,630 per second', () => {
    expect(estimate.writesPerSecond.average).toBeCloseTo(4629.63, 2);
    expect(formatRate(estimate.writesPerSecond.average)).toBe('4,630/s');
  });

  it('peak 3× average: 13,889/s computed, ~15,000/s planned as the seed rounds it', () => {
    expect(estimate.writesPerSecond.peak).toBeCloseTo(13_888.89, 2);
    expect(estimate.writesPerSecond.plannedPeak).toBe(15_000);
    expect(formatRate(estimate.writesPerSecond.plannedPeak)).toBe('15k/s');
  });

  it('500 bytes each: 200 GB per day, 73 TB per year', () => {
    expect(estimate.storageBytes.perDay).toBe(200e9);
    expect(formatBytes(estimate.storageBytes.perDay)).toBe('200 GB');
    expect(estimate.storageBytes.perYear).toBe(73e12);
    expect(formatBytes(estimate.storageBytes.perYear)).toBe('73 TB');
  });

  it('7.5 MB/s written and 750 MB/s read at 100 reads per write', () => {
    expect(estimate.bandwidthBytesPerSecond.write).toBe(7.5e6);
    expect(formatBandwidth(estimate.bandwidthBytesPerSecond.write)).toBe('7.5 MB/s');
    expect(estimate.bandwidthBytesPerSecond.read).toBe(750e6);
    expect(formatBandwidth(estimate.bandwidthBytesPerSecond.read)).toBe('750 MB/s');
  });

  it('summarises every figure in words', () => {
    const summary = summarizeEstimate(estimate);
    expect(summary.inputs).toBe(
      '200M daily active users × 2 actions per day; 500 B per item; 100 reads per write; peak 3× average; kept 1 year',
    );
    expect(summary.writes).toBe('400M per day; 4,630/s on average, 13.9k/s at peak (plan for 15k/s)');
    expect(summary.reads).toBe('463k/s on average, 1.39M/s at peak');
    expect(summary.storage).toBe('200 GB per day, 73 TB per year, 73 TB over 1 year');
    expect(summary.bandwidth).toBe('7.5 MB/s written, 750 MB/s read at 15k writes/s');
    expect(peakDriver(estimate)).toBe(
      'Handle 15k writes/s and 1.5M reads/s at peak (3× the average of 4,630 writes/s)',
    );
  });
});

describe('estimateCapacity', () => {
  const base: CapacityInputs = { ...SEED_EXAMPLE, retentionYears: 5 };

  it('multiplies storage by the retention', () => {
    expect(estimateCapacity(base).storageBytes.retained).toBe(365e12);
  });

  it('scales linearly with users and actions', () => {
    const doubled = estimateCapacity({ ...base, dailyActiveUsers: 400e6 });
    expect(doubled.writesPerDay).toBe(2 * estimateCapacity(base).writesPerDay);
  });

  it('keeps a peak that is already a round figure', () => {
    // 86,400 writes a day is 1/s; at 5× peak, 5/s exactly: nothing to round up.
    const estimate = estimateCapacity({ ...base, dailyActiveUsers: 86_400, actionsPerUserPerDay: 1, peakFactor: 5 });
    expect(estimate.writesPerSecond.peak).toBe(5);
    expect(estimate.writesPerSecond.plannedPeak).toBe(5);
    expect(summarizeEstimate(estimate).writes).not.toContain('plan for');
  });

  it('zero reads per write means no read traffic', () => {
    const estimate = estimateCapacity({ ...base, readsPerWrite: 0 });
    expect(estimate.readsPerSecond.average).toBe(0);
    expect(estimate.bandwidthBytesPerSecond.read).toBe(0);
  });
});

describe('planningFigure', () => {
  it.each([
    [13_888.9, 15_000],
    [4_629.6, 5_000],
    [15_000, 15_000],
    [1_000, 1_000],
    [1_001, 1_200],
    [61, 75],
    [76, 100],
    [0.116, 0.12],
    [0, 0],
  ])('%d → %d', (value, planned) => {
    expect(planningFigure(value)).toBeCloseTo(planned, 10);
  });

  it('is never below the value and at most a third above it', () => {
    for (let value = 0.01; value < 1e9; value *= 1.37) {
      const planned = planningFigure(value);
      expect(planned).toBeGreaterThanOrEqual(value * (1 - 1e-12));
      expect(planned / value).toBeLessThanOrEqual(4 / 3 + 1e-9);
    }
  });
});

describe('formatters', () => {
  it.each([
    [0, '0'],
    [2, '2'],
    [2.5, '2.5'],
    [0.1157, '0.116'],
    [750, '750'],
    [4_629.63, '4,630'],
    [9_999.4, '9,999'],
    [13_888.9, '13.9k'],
    [463_000, '463k'],
    [999_960, '1M'],
    [1_388_889, '1.39M'],
    [400e6, '400M'],
    [2.5e9, '2.5B'],
  ])('count %d → %s', (value, text) => {
    expect(formatCount(value)).toBe(text);
  });

  it.each([
    [0, '0 B'],
    [500, '500 B'],
    [1_500, '1.5 KB'],
    [7.5e6, '7.5 MB'],
    [750e6, '750 MB'],
    [200e9, '200 GB'],
    [73e12, '73 TB'],
    [365e12, '365 TB'],
    [1.2e15, '1.2 PB'],
    [999_999, '1 MB'],
  ])('bytes %d → %s', (value, text) => {
    expect(formatBytes(value)).toBe(text);
  });
});

describe('parseQuantity', () => {
  it.each([
    ['200M', 200e6],
    ['200 m', 200e6],
    ['200,000,000', 200e6],
    ['200 000 000', 200e6],
    ['2e8', 200e6],
    ['1.5k', 1500],
    ['1,5', 1.5],
    ['3x', 3],
    ['3×', 3],
    ['100:1', 100],
    ['.5', 0.5],
    ['1bn', 1e9],
  ])('%s → %d', (text, value) => {
    expect(parseQuantity(text)).toBe(value);
  });

  it.each([
    ['500', 500],
    ['500 B', 500],
    ['500 bytes', 500],
    ['2 KB', 2000],
    ['1.5MB', 1.5e6],
    ['1 KiB', 1024],
  ])('bytes %s → %d', (text, value) => {
    expect(parseQuantity(text, { bytes: true })).toBe(value);
  });

  it.each(['', 'lots', '1:100', '2 KB', '12abc', '--3', '1.2.3'])('%s is not a count', (text) => {
    expect(parseQuantity(text)).toBeNull();
  });
});

describe('readCapacityInputs', () => {
  const typed = {
    dailyActiveUsers: '200M',
    actionsPerUserPerDay: '2',
    bytesPerItem: '500 B',
    readsPerWrite: '100:1',
    peakFactor: '3x',
    retentionYears: '5',
  };

  it('reads what people type', () => {
    expect(readCapacityInputs(typed)).toEqual({ ok: true, inputs: { ...SEED_EXAMPLE, retentionYears: 5 } });
  });

  it('names each bad field with a message that says what to type', () => {
    const read = readCapacityInputs({ ...typed, dailyActiveUsers: 'many', peakFactor: '0.5', bytesPerItem: '' });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(Object.keys(read.errors).sort()).toEqual(['bytesPerItem', 'dailyActiveUsers', 'peakFactor']);
    expect(read.errors.dailyActiveUsers).toContain('"many" is not a number');
    expect(read.errors.peakFactor).toContain('1 or more');
    expect(read.errors.bytesPerItem).toContain('enter a number');
  });

  it('refuses zero users and absurd figures, accepts zero reads and zero retention', () => {
    const read = readCapacityInputs({ ...typed, dailyActiveUsers: '0', actionsPerUserPerDay: '1e30' });
    expect(read.ok).toBe(false);
    if (!read.ok) expect(Object.keys(read.errors).sort()).toEqual(['actionsPerUserPerDay', 'dailyActiveUsers']);
    expect(readCapacityInputs({ ...typed, readsPerWrite: '0', retentionYears: '0' }).ok).toBe(true);
  });

  it('shows inputs again in a form that reads back to the same numbers', () => {
    const inputs: CapacityInputs = {
      dailyActiveUsers: 123_456_789,
      actionsPerUserPerDay: 2.5,
      bytesPerItem: 1_500,
      readsPerWrite: 100,
      peakFactor: 3,
      retentionYears: 7,
    };
    const text = inputsAsText(inputs);
    expect(text.dailyActiveUsers).toBe('123456789');
    expect(inputsAsText(SEED_EXAMPLE).dailyActiveUsers).toBe('200M');
    expect(text.bytesPerItem).toBe('1.5 KB');
    expect(readCapacityInputs(text)).toEqual({ ok: true, inputs });
  });
});

describe('the estimate in the context', () => {
  const seed = estimateCapacity(SEED_EXAMPLE);
  const bigger = estimateCapacity({ ...SEED_EXAMPLE, dailyActiveUsers: 500e6, retentionYears: 3 });

  it('is a short block with the inputs and the results', () => {
    expect(capacityBlock(seed)).toBe(
      [
        CAPACITY_BLOCK_HEADING,
        '- Inputs: 200M daily active users × 2 actions per day; 500 B per item; 100 reads per write; peak 3× average; kept 1 year.',
        '- Writes: 400M per day; 4,630/s on average, 13.9k/s at peak (plan for 15k/s).',
        '- Reads: 463k/s on average, 1.39M/s at peak.',
        '- Storage: 200 GB per day, 73 TB per year, 73 TB over 1 year.',
        '- Bandwidth: 7.5 MB/s written, 750 MB/s read at 15k writes/s.',
      ].join('\n'),
    );
  });

  it('goes after the existing text, or alone in an empty context', () => {
    expect(withCapacityBlock('We need a timeline store.', seed)).toBe(
      `We need a timeline store.\n\n${capacityBlock(seed)}`,
    );
    expect(withCapacityBlock('', seed)).toBe(capacityBlock(seed));
    expect(withCapacityBlock('  \n\n', seed)).toBe(capacityBlock(seed));
  });

  it('replaces itself in place when the estimate is edited, keeping the text around it', () => {
    const before = `Intro paragraph.\n\n${capacityBlock(seed)}\n\nMore text after.\n- a list of the person's own`;
    const after = withCapacityBlock(before, bigger);
    expect(after).toBe(
      `Intro paragraph.\n\n${capacityBlock(bigger)}\n\nMore text after.\n- a list of the person's own`,
    );
    expect(withCapacityBlock(after, bigger)).toBe(after);
  });

  it('leaves a list written right under the block alone', () => {
    const before = `${capacityBlock(seed)}\n- Our own note: the CDN absorbs media reads.`;
    expect(withCapacityBlock(before, bigger)).toBe(
      `${capacityBlock(bigger)}\n- Our own note: the CDN absorbs media reads.`,
    );
  });

  it('finds the block after a Markdown round trip (bold heading, * bullets, CRLF) and drops a pasted duplicate', () => {
    const markdownish = capacityBlock(seed)
      .replace(CAPACITY_BLOCK_HEADING, `**${CAPACITY_BLOCK_HEADING}**`)
      .replace(/^- /gm, '* ')
      .replace(/\n/g, '\r\n');
    const before = `Start.\r\n\r\n${markdownish}\r\n\r\nMiddle.\r\n\r\n${capacityBlock(seed)}\r\n\r\nEnd.`;
    expect(withCapacityBlock(before, bigger)).toBe(`Start.\n\n${capacityBlock(bigger)}\n\nMiddle.\n\nEnd.`);
    expect(capacityInputsIn(markdownish)).toEqual(SEED_EXAMPLE);
  });

  it('reads the inputs back, so the modal can open with them', () => {
    const inputs = {
      ...SEED_EXAMPLE,
      dailyActiveUsers: 123_456_789,
      bytesPerItem: 2_500,
      peakFactor: 2.5,
      retentionYears: 7,
    };
    expect(capacityInputsIn(withCapacityBlock('Text', estimateCapacity(inputs)))).toEqual(inputs);
    expect(capacityInputsIn('No estimate here. Capacity estimate: lots.')).toBeNull();
  });

  it('can be removed', () => {
    expect(withoutCapacityBlock(`Intro.\n\n${capacityBlock(seed)}\n\nOutro.`)).toBe('Intro.\n\nOutro.');
  });

  it('is refused with a reason when the context would outgrow its field', () => {
    const long = 'x'.repeat(2_900);
    const update = addCapacityToContext(long, seed, 3_000);
    expect(update.ok).toBe(false);
    if (!update.ok) expect(update.reason).toMatch(/more than the 3000 it can hold/);
    expect(addCapacityToContext('Short.', seed, 3_000)).toEqual({
      ok: true,
      context: withCapacityBlock('Short.', seed),
    });
  });
});

describe('addEstimateToAdr', () => {
  const limits = { contextMax: 3000, driverMax: 300, maxDrivers: 20 };
  const seed = estimateCapacity(SEED_EXAMPLE);
  const later = estimateCapacity({ ...SEED_EXAMPLE, dailyActiveUsers: 50e6 });
  const content = { title: 'Timeline store', context: 'We need a timeline store.', drivers: ['Team knows Go'] };

  it('adds the block, and the peak driver when asked', () => {
    const added = addEstimateToAdr(content, seed, { addDriver: true }, limits);
    expect(added).toEqual({
      ok: true,
      content: {
        title: 'Timeline store',
        context: withCapacityBlock('We need a timeline store.', seed),
        drivers: ['Team knows Go', peakDriver(seed)],
      },
    });
    expect(isPeakDriver(peakDriver(seed))).toBe(true);
    expect(isPeakDriver('Team knows Go')).toBe(false);
  });

  it('leaves the drivers alone without the driver', () => {
    const added = addEstimateToAdr(content, seed, { addDriver: false }, limits);
    expect(added.ok && added.content.drivers).toEqual(['Team knows Go']);
  });

  it('updates the block and the driver in place when the estimate is edited', () => {
    const first = addEstimateToAdr(content, seed, { addDriver: true }, limits);
    if (!first.ok) throw new Error(first.reason);
    const moved = { ...first.content, drivers: [peakDriver(seed), 'Team knows Go'] };
    const second = addEstimateToAdr(moved, later, { addDriver: false }, limits);
    expect(second).toEqual({
      ok: true,
      content: {
        title: 'Timeline store',
        context: withCapacityBlock('We need a timeline store.', later),
        drivers: [peakDriver(later), 'Team knows Go'],
      },
    });
  });

  it('refuses with a reason when the drivers are full or the context too long', () => {
    const full = { ...content, drivers: Array.from({ length: 20 }, (_, i) => `Driver ${i}`) };
    const refused = addEstimateToAdr(full, seed, { addDriver: true }, limits);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.reason).toContain('20 decision drivers');
    expect(addEstimateToAdr(full, seed, { addDriver: false }, limits).ok).toBe(true);
    expect(addEstimateToAdr({ ...content, context: 'x'.repeat(2990) }, seed, { addDriver: false }, limits).ok).toBe(
      false,
    );
  });
});
