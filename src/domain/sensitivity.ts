/**
 * Is the winner of a scoring matrix robust to the weights people argued about?
 *
 * Moving one criterion c from weight w0 to w while scaling every other weight by (100 − w) / (100 − w0) keeps the
 * total at 100 and makes each option's weighted total linear in w:
 *
 *   T(w) = (w · m_c + (100 − w) · A) / 100,   A = Σ_{j≠c} w_j · m_j / (100 − w0)
 *
 * so the gap between two options is linear too. That gives exact crossing points, and checking the two ends of a
 * ±delta range is enough to know whether the winner holds everywhere inside it.
 */
import {
  type Criterion,
  formatScore,
  type MatrixResult,
  type OptionResult,
  TIE_TOLERANCE,
  weightedTotal,
} from './scoring.js';

const WEIGHT_EPSILON = 1e-7;

export interface OptionMeans {
  option: string;
  /** criterionId → mean score; null or absent when unscored. */
  means: Readonly<Record<string, number | null | undefined>>;
}

export interface WeightFlip {
  criterionId: string;
  direction: 'up' | 'down';
  fromWeight: number;
  toWeight: number;
  /** Options level on top at the moved weight (more than one when it becomes a tie). */
  newLeaders: string[];
}

export interface RobustnessResult {
  /** The sole leader at the current weights; null when nothing is scored or first place is tied. */
  winner: string | null;
  delta: number;
  /** True when the winner stays strictly ahead for every single weight moved anywhere within ±delta. */
  robust: boolean;
  flips: WeightFlip[];
}

export interface FlipThreshold {
  criterionId: string;
  challenger: string;
  winner: string;
  currentWeight: number;
  /** The exact weight (in %) at which challenger and winner tie. */
  weight: number;
  /** 'above': the challenger overtakes when the weight exceeds `weight`; 'below': when it drops under it. */
  direction: 'above' | 'below';
  /** Whole percent rounded so the sentence stays true: up for 'above', down for 'below'. */
  displayWeight: number;
}

/** The options that can take part: complete ones. */
export function comparableOptions(result: MatrixResult): OptionResult[] {
  return result.options.filter((option) => option.complete);
}

export function leadersAt(criteria: readonly Criterion[], options: readonly OptionMeans[]): string[] {
  const totals = options.map((option) => ({ option: option.option, total: weightedTotal(criteria, option.means) }));
  const best = Math.max(...totals.map((entry) => entry.total));
  return totals.filter((entry) => best - entry.total <= TIE_TOLERANCE).map((entry) => entry.option);
}

function soleWinner(criteria: readonly Criterion[], options: readonly OptionMeans[]): string | null {
  if (options.length === 0) return null;
  const leaders = leadersAt(criteria, options);
  return leaders.length === 1 ? (leaders[0] ?? null) : null;
}

/** A criterion can only be moved when every compared option has a mean for it. */
function movableCriteria(criteria: readonly Criterion[], options: readonly OptionMeans[]): Criterion[] {
  return criteria.filter((criterion) => options.every((option) => typeof option.means[criterion.id] === 'number'));
}

/**
 * The weights after moving `moved` to `newWeight` and scaling the others proportionally. When the others weigh
 * nothing (moved was at 100 %), the freed weight is shared equally among the other movable criteria.
 */
function reweight(movable: readonly Criterion[], moved: Criterion, newWeight: number): Criterion[] {
  const others = movable.filter((criterion) => criterion.id !== moved.id);
  const othersWeight = others.reduce((sum, criterion) => sum + criterion.weight, 0);
  const remaining = 100 - newWeight;
  const reweighted = others.map((criterion) => ({
    ...criterion,
    weight: othersWeight > 0 ? (criterion.weight * remaining) / othersWeight : remaining / others.length,
  }));
  return [...reweighted, { ...moved, weight: newWeight }];
}

/**
 * Moves each criterion's weight by ±delta points (clamped to 0..100, the difference spread proportionally over
 * the others) and reports every move that costs the winner sole first place. A tie counts as a loss: the
 * statement "the winner holds" must stay true.
 */
export function singleWeightRobustness(
  criteria: readonly Criterion[],
  options: readonly OptionMeans[],
  delta = 10,
): RobustnessResult {
  const movable = movableCriteria(criteria, options);
  const winner = soleWinner(movable, options);
  if (winner === null) return { winner, delta, robust: false, flips: [] };

  const flips: WeightFlip[] = [];
  for (const criterion of movable) {
    if (movable.length < 2) break;
    const ends: Array<[WeightFlip['direction'], number]> = [
      ['down', Math.max(0, criterion.weight - delta)],
      ['up', Math.min(100, criterion.weight + delta)],
    ];
    for (const [direction, toWeight] of ends) {
      if (toWeight === criterion.weight) continue;
      const leaders = leadersAt(reweight(movable, criterion, toWeight), options);
      if (leaders.length !== 1 || leaders[0] !== winner) {
        flips.push({
          criterionId: criterion.id,
          direction,
          fromWeight: criterion.weight,
          toWeight,
          newLeaders: leaders,
        });
      }
    }
  }
  return { winner, delta, robust: flips.length === 0, flips };
}

/** Mean of the other criteria under the redistribution shape used by `reweight`, i.e. A in the file comment. */
function othersAverage(movable: readonly Criterion[], moved: Criterion, option: OptionMeans): number {
  const others = movable.filter((criterion) => criterion.id !== moved.id);
  const othersWeight = others.reduce((sum, criterion) => sum + criterion.weight, 0);
  let sum = 0;
  for (const criterion of others) {
    const share = othersWeight > 0 ? criterion.weight / othersWeight : 1 / others.length;
    sum += share * (option.means[criterion.id] as number);
  }
  return sum;
}

/**
 * For each criterion and each challenger, the weight of that criterion at which the challenger ties the current
 * winner (others scaled proportionally). Only crossings strictly inside 0..100 on the far side of the current
 * weight are reported: those are the weights past which the challenger really overtakes.
 *
 * With d_m = m_c(challenger) − m_c(winner) and d_A = A(challenger) − A(winner), the gap is
 * (w · d_m + (100 − w) · d_A) / 100, which is zero at w* = 100 · d_A / (d_A − d_m).
 */
export function winnerFlipThresholds(criteria: readonly Criterion[], options: readonly OptionMeans[]): FlipThreshold[] {
  const movable = movableCriteria(criteria, options);
  const winner = soleWinner(movable, options);
  if (winner === null || movable.length < 2) return [];
  const winnerMeans = options.find((option) => option.option === winner) as OptionMeans;

  const thresholds: FlipThreshold[] = [];
  for (const criterion of movable) {
    const winnerAverage = othersAverage(movable, criterion, winnerMeans);
    const winnerMean = winnerMeans.means[criterion.id] as number;
    for (const challenger of options) {
      if (challenger.option === winner) continue;
      const meanGap = (challenger.means[criterion.id] as number) - winnerMean;
      const averageGap = othersAverage(movable, criterion, challenger) - winnerAverage;
      const slope = meanGap - averageGap;
      if (Math.abs(slope) <= TIE_TOLERANCE) continue;
      const weight = (100 * averageGap) / (averageGap - meanGap);
      // A crossing at 0 or 100 (up to float noise) is only a tie at the very edge, never an overtake.
      if (!(weight > WEIGHT_EPSILON && weight < 100 - WEIGHT_EPSILON)) continue;
      // The gap is negative at the current weight, so it turns positive past w* in the direction the slope points.
      const direction: FlipThreshold['direction'] = slope > 0 ? 'above' : 'below';
      if (direction === 'above' && weight <= criterion.weight + WEIGHT_EPSILON) continue;
      if (direction === 'below' && weight >= criterion.weight - WEIGHT_EPSILON) continue;
      thresholds.push({
        criterionId: criterion.id,
        challenger: challenger.option,
        winner,
        currentWeight: criterion.weight,
        weight,
        direction,
        displayWeight: direction === 'above' ? Math.ceil(weight - TIE_TOLERANCE) : Math.floor(weight + TIE_TOLERANCE),
      });
    }
  }
  return thresholds;
}

function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export function describeThreshold(threshold: FlipThreshold, criterionName: string): string {
  const { challenger, winner, displayWeight, currentWeight } = threshold;
  const condition =
    threshold.direction === 'above'
      ? displayWeight >= 100
        ? 'weighs 100 %'
        : `weighs more than ${displayWeight} %`
      : displayWeight <= 0
        ? 'weighs 0 %'
        : `weighs less than ${displayWeight} %`;
  return `${challenger} overtakes ${winner} if ${criterionName} ${condition} (now ${currentWeight} %).`;
}

/**
 * Up to three sentences on how much the weights would have to change to change the outcome, most relevant first.
 * Incomplete options take no part (they have no honest total yet).
 */
export function describeSensitivity(result: MatrixResult, adrLabel: string, delta = 10): string[] {
  const options = comparableOptions(result);
  if (options.length === 0) return [`${adrLabel} has no fully scored option yet, so there is no winner to test.`];
  if (options.length === 1) {
    return [`${adrLabel} has only one fully scored option (${options[0]?.option}), so there is nothing to compare.`];
  }
  if (result.leaders.length > 1) {
    const top = options[0]?.total ?? 0;
    return [
      `${adrLabel} is a tie between ${joinNames(result.leaders)} at ${formatScore(top)}; a change in weights may separate them.`,
    ];
  }

  const criteria = result.criteria;
  const nameOf = new Map(criteria.map((criterion) => [criterion.id, criterion.name]));
  const robustness = singleWeightRobustness(criteria, options, delta);
  const winner = robustness.winner ?? result.leaders[0] ?? '';

  // For one criterion moved one way, only the first challenger to overtake matters.
  const closest = new Map<string, FlipThreshold>();
  for (const threshold of winnerFlipThresholds(criteria, options)) {
    const key = `${threshold.criterionId}:${threshold.direction}`;
    const known = closest.get(key);
    if (!known || Math.abs(threshold.weight - threshold.currentWeight) < Math.abs(known.weight - known.currentWeight)) {
      closest.set(key, threshold);
    }
  }
  const thresholdSentences = [...closest.values()]
    .sort((a, b) => Math.abs(a.weight - a.currentWeight) - Math.abs(b.weight - b.currentWeight))
    .map((threshold) => describeThreshold(threshold, nameOf.get(threshold.criterionId) ?? threshold.criterionId));

  const sentences: string[] = [];
  if (robustness.robust) {
    sentences.push(`${adrLabel}'s winner, ${winner}, holds for any single weight moved by ±${delta} points.`);
    if (thresholdSentences.length === 0) {
      sentences.push(`No single criterion's weight, anywhere from 0 to 100 %, lets another option overtake ${winner}.`);
    }
  }
  sentences.push(...thresholdSentences);
  const firstFlip = robustness.flips[0];
  if (sentences.length === 0 && firstFlip) {
    // Only possible when a move ties at the edge of the range (e.g. a weight clamped to 0 %).
    const outcome =
      firstFlip.newLeaders.length > 1
        ? `${joinNames(firstFlip.newLeaders)} share first place`
        : `${firstFlip.newLeaders[0]} comes first`;
    sentences.push(
      `${adrLabel}'s winner, ${winner}, is fragile: with ${nameOf.get(firstFlip.criterionId) ?? firstFlip.criterionId} at ${firstFlip.toWeight} %, ${outcome}.`,
    );
  }
  return sentences.slice(0, 3);
}
