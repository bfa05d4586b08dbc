/**
 * Editing a list of criteria as people type it: rows of name and weight text, turned into criteria with stable ids
 * and checked field by field. Pure: the criteria editor modal and the workspace settings share it.
 */
import { type Criterion, MAX_CRITERIA, validateCriteria } from './scoring.js';

/** One row of the criteria editor. `id` is null for a row added in this edit. */
export interface CriterionRow {
  id: string | null;
  name: string;
  /** What was typed in the weight field. */
  weight: string;
}

export interface CriteriaFieldErrors {
  /** A problem with the whole list: the total, or too many rows. */
  total?: string;
  /** Row index → message about that row's name. */
  names: Record<number, string>;
  /** Row index → message about that row's weight. */
  weights: Record<number, string>;
}

const WEIGHT_MESSAGE = 'The weight must be a whole number from 0 to 100.';
const ID_MAX = 40;

export function toRows(criteria: readonly Criterion[]): CriterionRow[] {
  return criteria.map((criterion) => ({ id: criterion.id, name: criterion.name, weight: String(criterion.weight) }));
}

/** `25`, `25 %` and `25%` are 25; anything else (blank, 12.5, "a lot") is NaN. */
export function parseWeight(text: string): number {
  const trimmed = text.trim().replace(/\s*%$/, '');
  return /^\d{1,3}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/**
 * A new id from a criterion's name (`Time to market` → `time_to_market`), never one in `taken`. Ids of removed
 * criteria stay taken, so their old scores cannot come back under a new criterion of the same name.
 */
export function criterionIdFor(name: string, taken: ReadonlySet<string>): string {
  const slug =
    name
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, ID_MAX) || 'criterion';
  if (!taken.has(slug)) return slug;
  for (let suffix = 2; ; suffix++) {
    const candidate = `${slug}_${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Rows → criteria. Existing rows keep their id (a rename keeps the scores given so far); new rows get a fresh id
 * that avoids every id in `usedIds` and every id kept by another row. Weights that do not parse become NaN, which
 * `criteriaFieldErrors` reports.
 */
export function criteriaFromRows(rows: readonly CriterionRow[], usedIds: Iterable<string> = []): Criterion[] {
  const kept = new Set<string>();
  const keptIds = rows.map((row) => {
    if (row.id === null || kept.has(row.id)) return null;
    kept.add(row.id);
    return row.id;
  });
  const taken = new Set([...usedIds, ...kept]);
  return rows.map((row, index) => {
    const name = row.name.trim();
    let id = keptIds[index] ?? null;
    if (id === null) {
      id = criterionIdFor(name, taken);
      taken.add(id);
    }
    return { id, name, weight: parseWeight(row.weight) };
  });
}

function weightUsable(weight: number): boolean {
  return Number.isInteger(weight) && weight >= 0 && weight <= 100;
}

/** Field-by-field problems with `criteria` (from criteriaFromRows); null when they can be saved. */
export function criteriaFieldErrors(criteria: readonly Criterion[]): CriteriaFieldErrors | null {
  const weights: Record<number, string> = {};
  criteria.forEach((criterion, index) => {
    if (!weightUsable(criterion.weight)) weights[index] = WEIGHT_MESSAGE;
  });
  // With the weights made valid, what validateCriteria still reports for a row is about its name.
  const withUsableWeights = criteria.map((criterion) =>
    weightUsable(criterion.weight) ? criterion : { ...criterion, weight: 0 },
  );
  const found = validateCriteria(withUsableWeights);
  const names: Record<number, string> = {};
  withUsableWeights.forEach((_, index) => {
    const message = found[`criterion_${index}`];
    if (message !== undefined) names[index] = message;
  });
  const hasWeightErrors = Object.keys(weights).length > 0;
  const total = criteria.length > MAX_CRITERIA || !hasWeightErrors ? found.criteria : undefined;
  if (total === undefined && Object.keys(names).length === 0 && !hasWeightErrors) return null;
  return { ...(total === undefined ? {} : { total }), names, weights };
}
