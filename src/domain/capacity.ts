/**
 * Back-of-the-envelope capacity estimation, the seed's System Design Step 2: from a handful of inputs to requests
 * per second, storage and bandwidth. Decimal units throughout (1 GB = 10^9 bytes), as the seed counts
 * (400 M × 500 bytes = 200 GB).
 */

export const SECONDS_PER_DAY = 86_400;
export const DAYS_PER_YEAR = 365;

export interface CapacityInputs {
  dailyActiveUsers: number;
  /** Writes (items created) per user per day: tweets, orders, uploads. */
  actionsPerUserPerDay: number;
  bytesPerItem: number;
  /** The read side of a read:write ratio of N:1 (100 for "100 reads per write"). */
  readsPerWrite: number;
  /** Peak traffic as a multiple of the daily average. */
  peakFactor: number;
  retentionYears: number;
}

export interface CapacityEstimate {
  inputs: CapacityInputs;
  writesPerDay: number;
  writesPerSecond: { average: number; peak: number; plannedPeak: number };
  readsPerSecond: { average: number; peak: number };
  storageBytes: { perDay: number; perYear: number; retained: number };
  /** Bytes per second at the planned peak, as the seed sizes bandwidth. */
  bandwidthBytesPerSecond: { write: number; read: number };
}

/**
 * Preferred numbers for a planning figure, in tenths of a power of ten. The seed plans for "~15,000/s" where
 * 3 × 4,630 is 13,889: it sizes for a round figure at or above the computed peak, then derives bandwidth from it.
 */
const PLANNING_STEPS = [10, 12, 15, 20, 25, 30, 40, 50, 60, 75, 100] as const;

/** The smallest preferred number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5 × 10^n) at or above `value`. */
export function planningFigure(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return value > 0 ? value : 0;
  const exponent = Math.floor(Math.log10(value)) - 1;
  const scale = (steps: number) => (exponent >= 0 ? steps * 10 ** exponent : steps / 10 ** -exponent);
  for (const step of PLANNING_STEPS) {
    const candidate = scale(step);
    // A relative tolerance so that 15,000 stays 15,000 despite floating point in log10 and the scaling.
    if (candidate >= value * (1 - 1e-12)) return candidate;
  }
  return scale(100);
}

export function estimateCapacity(inputs: CapacityInputs): CapacityEstimate {
  const writesPerDay = inputs.dailyActiveUsers * inputs.actionsPerUserPerDay;
  const average = writesPerDay / SECONDS_PER_DAY;
  const peak = average * inputs.peakFactor;
  const plannedPeak = planningFigure(peak);
  const perDay = writesPerDay * inputs.bytesPerItem;
  const perYear = perDay * DAYS_PER_YEAR;
  const write = plannedPeak * inputs.bytesPerItem;
  return {
    inputs: { ...inputs },
    writesPerDay,
    writesPerSecond: { average, peak, plannedPeak },
    readsPerSecond: { average: average * inputs.readsPerWrite, peak: peak * inputs.readsPerWrite },
    storageBytes: { perDay, perYear, retained: perYear * inputs.retentionYears },
    bandwidthBytesPerSecond: { write, read: write * inputs.readsPerWrite },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading figures

/** Three significant digits at most, trailing zeros dropped: 7.5, 13.9, 200, 4,630. */
function significant(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, 2 - magnitude);
  const rounded = Number(value.toFixed(decimals));
  return rounded.toLocaleString('en-US', { maximumFractionDigits: decimals });
}

const COUNT_UNITS = [
  { factor: 1e12, suffix: 'T' },
  { factor: 1e9, suffix: 'B' },
  { factor: 1e6, suffix: 'M' },
  { factor: 1e3, suffix: 'k' },
] as const;

/**
 * A count for reading: whole numbers below 10,000 as they are ("4,630"), larger ones with k, M, B (billion) or T
 * ("13.9k", "400M"); small fractions with up to three significant digits ("0.116").
 */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return '∞';
  const absolute = Math.abs(value);
  if (absolute < 10) return significant(value);
  if (absolute < 10_000) return Math.round(value).toLocaleString('en-US');
  for (const unit of COUNT_UNITS) {
    // Rounding may carry a figure into the next unit (999.96k is 1M).
    if (absolute >= unit.factor * 0.9995) return `${significant(value / unit.factor)}${unit.suffix}`;
  }
  return significant(value);
}

const BYTE_UNITS = [
  { factor: 1e18, suffix: 'EB' },
  { factor: 1e15, suffix: 'PB' },
  { factor: 1e12, suffix: 'TB' },
  { factor: 1e9, suffix: 'GB' },
  { factor: 1e6, suffix: 'MB' },
  { factor: 1e3, suffix: 'KB' },
] as const;

/** Bytes in decimal units for reading: "500 B", "7.5 MB", "200 GB", "73 TB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '∞';
  const absolute = Math.abs(bytes);
  for (const unit of BYTE_UNITS) {
    if (absolute >= unit.factor * 0.9995) return `${significant(bytes / unit.factor)} ${unit.suffix}`;
  }
  return `${significant(bytes)} B`;
}

export const formatRate = (perSecond: number): string => `${formatCount(perSecond)}/s`;
export const formatBandwidth = (bytesPerSecond: number): string => `${formatBytes(bytesPerSecond)}/s`;

/** The estimate as labelled lines, shared by the modal and the ADR's context block. */
export interface CapacitySummary {
  inputs: string;
  writes: string;
  reads: string;
  storage: string;
  bandwidth: string;
}

export function formatFactor(value: number): string {
  return `${significant(value)}×`;
}

function years(value: number, text = formatCount(value)): string {
  return `${text} ${value === 1 ? 'year' : 'years'}`;
}

/** The inputs in one line, every figure exact so the line reads back (parseInputsLine) to the same inputs. */
export function describeInputs(inputs: CapacityInputs): string {
  const text = inputsAsText(inputs);
  return (
    `${text.dailyActiveUsers} daily active users × ${text.actionsPerUserPerDay} actions per day; ` +
    `${text.bytesPerItem}${/[a-z]$/i.test(text.bytesPerItem) ? '' : ' B'} per item; ` +
    `${text.readsPerWrite} reads per write; peak ${text.peakFactor}× average; ` +
    `kept ${years(inputs.retentionYears, text.retentionYears)}`
  );
}

export function summarizeEstimate(estimate: CapacityEstimate): CapacitySummary {
  const { inputs, writesPerSecond: writes, readsPerSecond: reads, storageBytes: storage } = estimate;
  const plan = writes.plannedPeak > writes.peak * (1 + 1e-9) ? ` (plan for ${formatRate(writes.plannedPeak)})` : '';
  return {
    inputs: describeInputs(inputs),
    writes:
      `${formatCount(estimate.writesPerDay)} per day; ${formatRate(writes.average)} on average, ` +
      `${formatRate(writes.peak)} at peak${plan}`,
    reads: `${formatRate(reads.average)} on average, ${formatRate(reads.peak)} at peak`,
    storage:
      `${formatBytes(storage.perDay)} per day, ${formatBytes(storage.perYear)} per year, ` +
      `${formatBytes(storage.retained)} over ${years(inputs.retentionYears)}`,
    bandwidth:
      `${formatBandwidth(estimate.bandwidthBytesPerSecond.write)} written, ` +
      `${formatBandwidth(estimate.bandwidthBytesPerSecond.read)} read at ${formatCount(writes.plannedPeak)} writes/s`,
  };
}

/** The peak as a decision driver the person may add to the ADR. */
export function peakDriver(estimate: CapacityEstimate): string {
  const { writesPerSecond: writes, inputs } = estimate;
  return (
    `Handle ${formatCount(writes.plannedPeak)} writes/s and ${formatCount(writes.plannedPeak * inputs.readsPerWrite)} ` +
    `reads/s at peak (${formatFactor(inputs.peakFactor)} the average of ${formatCount(writes.average)} writes/s)`
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Reading inputs

export type CapacityField = keyof CapacityInputs;

export const CAPACITY_FIELDS: readonly CapacityField[] = [
  'dailyActiveUsers',
  'actionsPerUserPerDay',
  'bytesPerItem',
  'readsPerWrite',
  'peakFactor',
  'retentionYears',
];

/** Upper bounds that keep every figure finite and meaningful; anything larger is a typo. */
const FIELD_RULES: Record<CapacityField, { label: string; max: number; allowZero: boolean; bytes?: true }> = {
  dailyActiveUsers: { label: 'Daily active users', max: 1e11, allowZero: false },
  actionsPerUserPerDay: { label: 'Actions per user per day', max: 1e6, allowZero: false },
  bytesPerItem: { label: 'Bytes per item', max: 1e12, allowZero: false, bytes: true },
  readsPerWrite: { label: 'Reads per write', max: 1e7, allowZero: true },
  peakFactor: { label: 'Peak factor', max: 1000, allowZero: false },
  retentionYears: { label: 'Retention', max: 1000, allowZero: true },
};

/** The seed's worked example (Design Twitter): the modal's placeholders and a sound first estimate. */
export const SEED_EXAMPLE: CapacityInputs = {
  dailyActiveUsers: 200e6,
  actionsPerUserPerDay: 2,
  bytesPerItem: 500,
  readsPerWrite: 100,
  peakFactor: 3,
  retentionYears: 1,
};

const COUNT_SUFFIXES: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, bn: 1e9, t: 1e12 };
const BYTE_SUFFIXES: Record<string, number> = {
  b: 1,
  byte: 1,
  bytes: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/**
 * Reads a number as people type it: "200M", "200 000 000", "200,000,000", "2e8", "1.5k", "3x", "100:1"; with
 * `bytes`, also "500 B", "2 KB", "1 MiB". Returns null when the text is not one number.
 */
export function parseQuantity(text: string, options: { bytes?: boolean } = {}): number | null {
  let cleaned = text
    .trim()
    .toLowerCase()
    .replace(/[\s\u00a0\u202f_]/g, '');
  if (cleaned === '') return null;
  // "100:1" is a ratio of reads to writes; "1:100" would mean the opposite and is refused rather than guessed.
  const ratio = /^([\d.,e+]+):1$/.exec(cleaned);
  if (ratio?.[1]) cleaned = ratio[1];
  cleaned = cleaned.replace(/[×x]$/, '');
  // Thousands separators: "200,000,000". A single comma followed by other than three digits is a decimal comma.
  if (/^\d{1,3}(,\d{3})+(\.\d+)?/.test(cleaned)) cleaned = cleaned.replace(/,/g, '');
  else cleaned = cleaned.replace(/^(\d+),(\d+)/, '$1.$2');
  const match = /^(\d+(?:\.\d+)?(?:e[+-]?\d+)?|\.\d+)([a-z]*)$/.exec(cleaned);
  if (!match?.[1]) return null;
  const value = Number(match[1]);
  const suffix = match[2] ?? '';
  if (suffix === '') return value;
  const factor = options.bytes ? BYTE_SUFFIXES[suffix] : COUNT_SUFFIXES[suffix];
  return factor === undefined ? null : value * factor;
}

export type CapacityRead =
  | { ok: true; inputs: CapacityInputs }
  | { ok: false; errors: Partial<Record<CapacityField, string>> };

/** Validates what a person typed into the six fields; each error names its field, for the modal's inline errors. */
export function readCapacityInputs(raw: Partial<Record<CapacityField, string | undefined>>): CapacityRead {
  const errors: Partial<Record<CapacityField, string>> = {};
  const values: Partial<CapacityInputs> = {};
  for (const field of CAPACITY_FIELDS) {
    const rule = FIELD_RULES[field];
    const text = (raw[field] ?? '').trim();
    if (text === '') {
      errors[field] = `${rule.label}: enter a number.`;
      continue;
    }
    const value = parseQuantity(text, { bytes: rule.bytes ?? false });
    if (value === null || !Number.isFinite(value)) {
      errors[field] = rule.bytes
        ? `${rule.label}: "${text.slice(0, 40)}" is not a size; try 500, 2 KB or 1.5 MB.`
        : `${rule.label}: "${text.slice(0, 40)}" is not a number; try 200M, 2.5k or 1,000,000.`;
    } else if (value < 0 || (value === 0 && !rule.allowZero)) {
      errors[field] = `${rule.label} must be ${rule.allowZero ? 'zero or more' : 'more than zero'}.`;
    } else if (value > rule.max) {
      errors[field] = `${rule.label} can be at most ${rule.bytes ? formatBytes(rule.max) : formatCount(rule.max)}.`;
    } else if (field === 'peakFactor' && value < 1) {
      errors[field] = 'Peak factor: the peak is at least the average, so 1 or more (3 means 3× the average).';
    } else {
      values[field] = value;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, inputs: values as CapacityInputs };
}

/** A value exactly as it can be typed back: "200M" when it is a whole number of millions, else every digit. */
function exactText(value: number, units: readonly { factor: number; suffix: string }[], separator = ''): string {
  for (const unit of units) {
    const quotient = value / unit.factor;
    const thousandths = Math.round(quotient * 1000);
    if (quotient >= 1 && quotient < 1000 && Math.abs(thousandths / 1000 - quotient) < 1e-9 * quotient) {
      return `${thousandths / 1000}${separator}${unit.suffix}`;
    }
  }
  return String(value);
}

/** Inputs as the modal shows them again, in the units people type and without losing a digit. */
export function inputsAsText(inputs: CapacityInputs): Record<CapacityField, string> {
  const count = (value: number) => exactText(value, COUNT_UNITS);
  return {
    dailyActiveUsers: count(inputs.dailyActiveUsers),
    actionsPerUserPerDay: count(inputs.actionsPerUserPerDay),
    bytesPerItem: exactText(inputs.bytesPerItem, BYTE_UNITS.slice(2), ' '),
    readsPerWrite: count(inputs.readsPerWrite),
    peakFactor: count(inputs.peakFactor),
    retentionYears: count(inputs.retentionYears),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The estimate in an ADR's context

/** First line of the block *Add to ADR* writes into the context; how the block is found again to update it. */
export const CAPACITY_BLOCK_HEADING = 'Capacity estimate (back of the envelope):';

const HEADING_LINE = /^[ \t]*[*_]{0,2}capacity estimate \(back of the envelope\):?[*_]{0,2}[ \t]*$/i;
/** Only the block's own lines: a list the person writes right under it stays theirs. */
const BULLET_LINE = /^[ \t]*[-*•][ \t]+(inputs|writes|reads|storage|bandwidth)\b/i;

/** The block as plain text (the context is plain text; Markdown export keeps it as a list). */
export function capacityBlock(estimate: CapacityEstimate): string {
  const summary = summarizeEstimate(estimate);
  return [
    CAPACITY_BLOCK_HEADING,
    `- Inputs: ${summary.inputs}.`,
    `- Writes: ${summary.writes}.`,
    `- Reads: ${summary.reads}.`,
    `- Storage: ${summary.storage}.`,
    `- Bandwidth: ${summary.bandwidth}.`,
  ].join('\n');
}

interface BlockSpan {
  start: number;
  /** Index after the block's last line. */
  end: number;
}

/** Line ranges of every capacity block in the text: the heading and the bullet lines right under it. */
function blockSpans(lines: readonly string[]): BlockSpan[] {
  const spans: BlockSpan[] = [];
  for (let index = 0; index < lines.length; index++) {
    if (!HEADING_LINE.test(lines[index] ?? '')) continue;
    let end = index + 1;
    while (end < lines.length && BULLET_LINE.test(lines[end] ?? '')) end++;
    spans.push({ start: index, end });
    index = end - 1;
  }
  return spans;
}

function tidy(lines: string[]): string {
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * The context with the estimate's block in it: in place of the block already there (a second copy, pasted by
 * hand, is removed), or after the text, a blank line between.
 */
export function withCapacityBlock(context: string, estimate: CapacityEstimate): string {
  const block = capacityBlock(estimate);
  const lines = context.replace(/\r\n?/g, '\n').split('\n');
  const spans = blockSpans(lines);
  const first = spans[0];
  if (!first) return tidy([...lines, '', block]);
  const kept: string[] = [];
  let cursor = 0;
  for (const span of spans) {
    kept.push(...lines.slice(cursor, span.start));
    if (span === first) kept.push(block);
    cursor = span.end;
  }
  kept.push(...lines.slice(cursor));
  return tidy(kept);
}

export type ContextUpdate = { ok: true; context: string } | { ok: false; reason: string };

/** withCapacityBlock, refused with a sentence when the context would outgrow what the wizard's field holds. */
export function addCapacityToContext(context: string, estimate: CapacityEstimate, maxLength: number): ContextUpdate {
  const updated = withCapacityBlock(context, estimate);
  if (updated.length <= maxLength) return { ok: true, context: updated };
  return {
    ok: false,
    reason:
      `With the estimate the context would have ${updated.length} characters, more than the ${maxLength} it can ` +
      `hold. Shorten the context by ${updated.length - maxLength} characters, then add the estimate again.`,
  };
}

/** The context without any capacity block. */
export function withoutCapacityBlock(context: string): string {
  const lines = context.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  let cursor = 0;
  for (const span of blockSpans(lines)) {
    kept.push(...lines.slice(cursor, span.start));
    cursor = span.end;
  }
  kept.push(...lines.slice(cursor));
  return tidy(kept);
}

const INPUTS_LINE =
  /^[ \t]*[-*•][ \t]+Inputs:[ \t]*(\S+) daily active users × (\S+) actions per day; (.+?) per item; (\S+) reads per write; peak (\S+?)× average; kept (\S+) years?\.?[ \t]*$/i;

/** The inputs of the estimate already in the context, so *Estimate capacity* opens with them; null when none. */
export function capacityInputsIn(context: string): CapacityInputs | null {
  const lines = context.replace(/\r\n?/g, '\n').split('\n');
  const span = blockSpans(lines)[0];
  if (!span) return null;
  for (const line of lines.slice(span.start + 1, span.end)) {
    const match = INPUTS_LINE.exec(line);
    if (!match) continue;
    const [, dailyActiveUsers, actionsPerUserPerDay, bytesPerItem, readsPerWrite, peakFactor, retentionYears] = match;
    const read = readCapacityInputs({
      dailyActiveUsers,
      actionsPerUserPerDay,
      bytesPerItem,
      readsPerWrite,
      peakFactor,
      retentionYears,
    });
    return read.ok ? read.inputs : null;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Add to ADR

const PEAK_DRIVER = /^Handle \S+ writes\/s and \S+ reads\/s at peak \(/;

/** Whether a driver is one peakDriver wrote (so a new estimate replaces it rather than adding a second). */
export function isPeakDriver(driver: string): boolean {
  return PEAK_DRIVER.test(driver.trim());
}

export interface EstimateLimits {
  contextMax: number;
  driverMax: number;
  maxDrivers: number;
}

export type AdrUpdate<T> = { ok: true; content: T } | { ok: false; reason: string };

/**
 * *Add to ADR*: the estimate's block into the context (replacing an earlier one) and, when asked, the peak as a
 * driver (replacing the driver an earlier estimate added, wherever the person moved it). Whatever else the person
 * wrote stays as it was.
 */
export function addEstimateToAdr<T extends { context: string; drivers: string[] }>(
  content: T,
  estimate: CapacityEstimate,
  options: { addDriver: boolean },
  limits: EstimateLimits,
): AdrUpdate<T> {
  const context = addCapacityToContext(content.context, estimate, limits.contextMax);
  if (!context.ok) return context;
  let drivers = content.drivers;
  const existing = drivers.findIndex(isPeakDriver);
  if (options.addDriver || existing >= 0) {
    const driver = peakDriver(estimate);
    if (driver.length > limits.driverMax) {
      return {
        ok: false,
        reason: `The peak driver would have ${driver.length} characters, more than ${limits.driverMax}.`,
      };
    }
    if (existing >= 0) drivers = drivers.map((item, index) => (index === existing ? driver : item));
    else if (drivers.length >= limits.maxDrivers) {
      return {
        ok: false,
        reason: `The ADR already has ${drivers.length} decision drivers, the most it can hold. Remove one, or add the estimate without the driver.`,
      };
    } else drivers = [...drivers, driver];
  }
  return { ok: true, content: { ...content, context: context.context, drivers } };
}
