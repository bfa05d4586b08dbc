/**
 * The seed's "Selection Criteria Matrix": weighted criteria, 1–5 scores from several people, and the
 * arithmetic that turns them into a ranking. Plain data and pure functions; values are rounded only for display.
 */

import type { OutcomeTable } from './markdown/conventions.js';

export interface Criterion {
  id: string;
  name: string;
  /** Whole percent; a valid set totals 100. */
  weight: number;
}

export type ScoreValue = 1 | 2 | 3 | 4 | 5;

export interface Score {
  scorerId: string;
  option: string;
  criterionId: string;
  value: ScoreValue;
}

export const DEFAULT_CRITERIA: readonly Criterion[] = Object.freeze([
  { id: 'team_expertise', name: 'Team Expertise', weight: 25 },
  { id: 'performance', name: 'Performance', weight: 20 },
  { id: 'community_support', name: 'Community Support', weight: 15 },
  { id: 'cost', name: 'Cost', weight: 15 },
  { id: 'maturity', name: 'Maturity', weight: 10 },
  { id: 'ecosystem', name: 'Ecosystem', weight: 10 },
  { id: 'learning_curve', name: 'Learning Curve', weight: 5 },
]);

export const SCORE_VALUES: readonly ScoreValue[] = [1, 2, 3, 4, 5];

export const SCORE_LABELS: Readonly<Record<ScoreValue, string>> = {
  1: 'poor',
  2: 'fair',
  3: 'good',
  4: 'very good',
  5: 'excellent',
};

export const MAX_SCORE = 5;
export const MAX_CRITERIA = 10;
export const MAX_CRITERION_NAME_LENGTH = 60;
/** A scorer spread (max − min) of at least this much on one cell is worth a conversation. */
export const DISAGREEMENT_SPREAD = 3;
/** Totals closer than this are treated as equal, so float noise never breaks a tie. */
export const TIE_TOLERANCE = 1e-9;

export function isScoreValue(value: unknown): value is ScoreValue {
  return value === 1 || value === 2 || value === 3 || value === 4 || value === 5;
}

/**
 * Field key → friendly message; empty when the criteria are usable. Keys are `criteria` for problems with
 * the whole list and `criterion_${index}` for one row, so a modal can attach each message to its block.
 */
export function validateCriteria(criteria: readonly Criterion[]): Record<string, string> {
  const errors: Record<string, string> = {};
  if (criteria.length === 0) {
    errors.criteria = 'Add at least one criterion.';
    return errors;
  }
  if (criteria.length > MAX_CRITERIA) {
    errors.criteria = `Use at most ${MAX_CRITERIA} criteria (you have ${criteria.length}).`;
  }

  const seenNames = new Map<string, number>();
  const seenIds = new Set<string>();
  let total = 0;
  let weightsUsable = true;
  criteria.forEach((criterion, index) => {
    const key = `criterion_${index}`;
    const setOnce = (message: string) => {
      if (errors[key] === undefined) errors[key] = message;
    };
    const name = criterion.name.trim();
    if (name.length === 0) {
      setOnce('Give this criterion a name.');
    } else if (name.length > MAX_CRITERION_NAME_LENGTH) {
      setOnce(`Keep the name to ${MAX_CRITERION_NAME_LENGTH} characters or fewer (it has ${name.length}).`);
    } else {
      const folded = name.toLocaleLowerCase('en');
      const firstIndex = seenNames.get(folded);
      if (firstIndex !== undefined) {
        setOnce(`"${name}" is already criterion ${firstIndex + 1}; each criterion needs its own name.`);
      } else {
        seenNames.set(folded, index);
      }
    }
    if (criterion.id.trim().length === 0 || seenIds.has(criterion.id)) {
      setOnce('This criterion needs its own id.');
    }
    seenIds.add(criterion.id);

    const { weight } = criterion;
    if (!Number.isInteger(weight) || weight < 0 || weight > 100) {
      setOnce('The weight must be a whole number from 0 to 100.');
      weightsUsable = false;
    } else {
      total += weight;
    }
  });

  if (weightsUsable && total !== 100 && errors.criteria === undefined) {
    errors.criteria = `Weights add up to ${total} %; they must total 100 %.`;
  }
  return errors;
}

export interface CriterionCell {
  criterionId: string;
  /** Mean over the scorers who scored this cell, or null when nobody did. */
  mean: number | null;
  /** Number of scorers behind the mean. */
  count: number;
  min: number | null;
  max: number | null;
  /** weight × mean / 100; 0 when unscored. */
  contribution: number;
  /** True when max − min ≥ DISAGREEMENT_SPREAD. */
  disagreement: boolean;
}

export interface OptionResult {
  option: string;
  /** One cell per criterion, in criteria order. */
  cells: CriterionCell[];
  /** criterionId → mean, null when unscored. Convenience view of `cells`. */
  means: Record<string, number | null>;
  /** Every criterion that carries weight has at least one score. */
  complete: boolean;
  /** Weighted total on the 1–5 scale; null until `complete`, because a gap cannot honestly be ranked. */
  total: number | null;
  /** total / 5 × 100; null until complete. */
  percentOfMax: number | null;
  /**
   * Weighted mean over the criteria scored so far (renormalised over their weight), for "so far" displays of
   * incomplete options. Equal to `total` once complete. Null when nothing carrying weight is scored.
   */
  provisionalTotal: number | null;
  /** Sum of weights of the criteria scored so far. */
  scoredWeight: number;
  /** Competition rank (1, 1, 3) among complete options; null while incomplete. */
  rank: number | null;
  /** Distinct people who scored at least one cell of this option. */
  scorerCount: number;
}

export interface Disagreement {
  option: string;
  criterionId: string;
  min: number;
  max: number;
  spread: number;
}

export interface MatrixResult {
  criteria: Criterion[];
  /** Complete options by rank (ties keep the input order), then incomplete ones in input order. */
  options: OptionResult[];
  /** Distinct scorer ids in order of first appearance. */
  scorers: string[];
  disagreements: Disagreement[];
  /** Option names sharing rank 1; empty when no option is complete. More than one means a tie. */
  leaders: string[];
}

/**
 * Aggregates a scoring round.
 *
 * - A scorer who scores the same cell twice is counted once, with their LAST score (a revision replaces the
 *   earlier one; the repository stores one row per cell anyway).
 * - An option with an unscored criterion that carries weight is incomplete: it gets no total and no rank, only
 *   a provisional total. Renormalising would let an option scored only on its strengths outrank fully scored
 *   ones, so we refuse to rank it instead.
 * - Scores for options or criteria not in the lists are ignored. Expects criteria that pass validateCriteria.
 */
export function aggregate(
  criteria: readonly Criterion[],
  options: readonly string[],
  scores: readonly Score[],
): MatrixResult {
  const criterionIds = new Set(criteria.map((criterion) => criterion.id));
  const optionNames = new Set(options);

  // option → criterion → scorer → value; Map.set overwrites, so the last revision wins.
  const cellValues = new Map<string, Map<string, Map<string, number>>>();
  const scorers: string[] = [];
  const seenScorers = new Set<string>();
  for (const score of scores) {
    if (!optionNames.has(score.option) || !criterionIds.has(score.criterionId)) continue;
    if (!seenScorers.has(score.scorerId)) {
      seenScorers.add(score.scorerId);
      scorers.push(score.scorerId);
    }
    let byCriterion = cellValues.get(score.option);
    if (!byCriterion) {
      byCriterion = new Map();
      cellValues.set(score.option, byCriterion);
    }
    let byScorer = byCriterion.get(score.criterionId);
    if (!byScorer) {
      byScorer = new Map();
      byCriterion.set(score.criterionId, byScorer);
    }
    byScorer.set(score.scorerId, score.value);
  }

  const disagreements: Disagreement[] = [];
  const uniqueOptions = [...optionNames];
  const results: OptionResult[] = uniqueOptions.map((option) => {
    const byCriterion = cellValues.get(option);
    const optionScorers = new Set<string>();
    const means: Record<string, number | null> = {};
    let weightedSum = 0;
    let scoredWeight = 0;
    let complete = true;
    const cells = criteria.map((criterion): CriterionCell => {
      const values = byCriterion?.get(criterion.id);
      if (!values || values.size === 0) {
        means[criterion.id] = null;
        if (criterion.weight > 0) complete = false;
        return {
          criterionId: criterion.id,
          mean: null,
          count: 0,
          min: null,
          max: null,
          contribution: 0,
          disagreement: false,
        };
      }
      let sum = 0;
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (const [scorerId, value] of values) {
        optionScorers.add(scorerId);
        sum += value;
        if (value < min) min = value;
        if (value > max) max = value;
      }
      const mean = sum / values.size;
      means[criterion.id] = mean;
      weightedSum += criterion.weight * mean;
      scoredWeight += criterion.weight;
      const disagreement = max - min >= DISAGREEMENT_SPREAD;
      if (disagreement) disagreements.push({ option, criterionId: criterion.id, min, max, spread: max - min });
      return {
        criterionId: criterion.id,
        mean,
        count: values.size,
        min,
        max,
        contribution: (criterion.weight * mean) / 100,
        disagreement,
      };
    });
    const total = complete ? weightedSum / 100 : null;
    return {
      option,
      cells,
      means,
      complete,
      total,
      percentOfMax: total === null ? null : (total / MAX_SCORE) * 100,
      provisionalTotal: complete ? total : scoredWeight > 0 ? weightedSum / scoredWeight : null,
      scoredWeight,
      rank: null,
      scorerCount: optionScorers.size,
    };
  });

  const ranked = results
    .filter((result) => result.total !== null)
    .sort((a, b) => (b.total as number) - (a.total as number));
  applyCompetitionRanks(ranked);
  const unranked = results.filter((result) => result.total === null);
  const leaders = ranked.filter((result) => result.rank === 1).map((result) => result.option);

  return {
    criteria: criteria.map((criterion) => ({ ...criterion })),
    options: [...ranked, ...unranked],
    scorers,
    disagreements,
    leaders,
  };
}

/** Expects results sorted by total, descending. Each tie group is anchored at its first member. */
function applyCompetitionRanks(sortedByTotal: OptionResult[]): void {
  let groupTotal = Number.NaN;
  let groupRank = 0;
  sortedByTotal.forEach((result, index) => {
    const total = result.total as number;
    if (index === 0 || Math.abs(groupTotal - total) > TIE_TOLERANCE) {
      groupTotal = total;
      groupRank = index + 1;
    }
    result.rank = groupRank;
  });
}

/** Weighted total for arbitrary weights (which need not total 100) over given means; missing means count 0. */
export function weightedTotal(
  criteria: readonly Criterion[],
  means: Readonly<Record<string, number | null | undefined>>,
): number {
  let sum = 0;
  for (const criterion of criteria) sum += criterion.weight * (means[criterion.id] ?? 0);
  return sum / 100;
}

/** Two decimals, rounding half away from zero as people expect (2.455 → 2.46, not float-noise 2.45). */
export function formatScore(value: number): string {
  const scaled = Math.abs(value) * 100;
  const rounded = Math.round(scaled + scaled * Number.EPSILON * 4) / 100;
  return (value < 0 ? -rounded : rounded).toFixed(2);
}

export function formatPercent(value: number): string {
  return `${Math.round(value)} %`;
}

/** A text bar for Block Kit, e.g. `████████░░ 4.00`. Values outside 0..max are clamped for the bar only. */
export function textBar(value: number, max = MAX_SCORE, width = 10): string {
  const ratio = max > 0 && Number.isFinite(value) ? Math.min(1, Math.max(0, value / max)) : 0;
  const filled = Math.round(ratio * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${formatScore(value)}`;
}

/** `1`, or `1 (tie)` when another option shares the rank; `–` for an option that cannot be ranked yet. */
export function rankLabel(result: MatrixResult, option: OptionResult): string {
  if (option.rank === null) return '–';
  const shared = result.options.filter((other) => other.rank === option.rank).length > 1;
  return shared ? `${option.rank} (tie)` : String(option.rank);
}

/**
 * The matrix as the seed's "Selection Criteria Matrix" table, for the Decision Outcome section of a Markdown
 * export: one row per criterion with each option's mean score, then the weighted total, the rank and the number
 * of scorers. Options appear in ranked order; unscored cells show `–`.
 */
export function matrixTable(result: MatrixResult): OutcomeTable {
  const headers = ['Criterion', 'Weight', ...result.options.map((option) => option.option)];
  const rows: string[][] = result.criteria.map((criterion) => [
    criterion.name,
    `${criterion.weight} %`,
    ...result.options.map((option) => {
      const mean = option.means[criterion.id];
      return mean === null || mean === undefined ? '–' : formatScore(mean);
    }),
  ]);
  rows.push(
    [
      'Weighted total',
      '100 %',
      ...result.options.map((option) =>
        option.total === null
          ? 'incomplete'
          : `${formatScore(option.total)} (${formatPercent(option.percentOfMax ?? 0)})`,
      ),
    ],
    ['Rank', '', ...result.options.map((option) => rankLabel(result, option))],
    ['Scorers', '', ...result.options.map((option) => String(option.scorerCount))],
  );
  return { headers, rows };
}

export interface OutcomeSuggestion {
  option: string;
  justification: string;
}

/**
 * The sole leader of a matrix as a starting point for the decision outcome, or null when nothing is fully scored
 * or first place is tied (the team has to break the tie, not the arithmetic).
 */
export function outcomeSuggestion(result: MatrixResult): OutcomeSuggestion | null {
  if (result.leaders.length !== 1) return null;
  const leader = result.options.find((option) => option.option === result.leaders[0]);
  if (!leader || leader.total === null) return null;
  const scorers = `${leader.scorerCount} ${leader.scorerCount === 1 ? 'scorer' : 'scorers'}`;
  return {
    option: leader.option,
    justification: `${leader.option} ranked first in the weighted matrix with ${formatScore(leader.total)} / ${MAX_SCORE} (${formatPercent(leader.percentOfMax ?? 0)}) from ${scorers}.`,
  };
}
