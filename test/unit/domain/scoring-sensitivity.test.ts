import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregate,
  type Criterion,
  DEFAULT_CRITERIA,
  type Score,
  type ScoreValue,
} from '../../../src/domain/scoring.js';
import {
  describeSensitivity,
  type OptionMeans,
  singleWeightRobustness,
  winnerFlipThresholds,
} from '../../../src/domain/sensitivity.js';

const TWO: Criterion[] = [
  { id: 'a', name: 'Alpha', weight: 60 },
  { id: 'b', name: 'Beta', weight: 40 },
];

/**
 * Solved by hand. Weights Alpha 60, Beta 40.
 *   X: Alpha 4, Beta 2     → 0.6·4 + 0.4·2    = 3.2
 *   Y: Alpha 3, Beta 13/3  → 0.6·3 + 0.4·13/3 = 3.5333…  (winner)
 * Moving Alpha to w (Beta gets 100 − w): gap X − Y = (w·(4 − 3) + (100 − w)·(2 − 13/3)) / 100 = (w·10/3 − 700/3) / 100,
 * zero at w = 70. Check at 70: X = 0.7·4 + 0.3·2 = 3.4, Y = 0.7·3 + 0.3·13/3 = 3.4.
 * Moving Beta instead: the same line seen from the other side, zero at Beta = 30, X ahead below it.
 */
const HAND: OptionMeans[] = [
  { option: 'X', means: { a: 4, b: 2 } },
  { option: 'Y', means: { a: 3, b: 13 / 3 } },
];

function scoresFromMeans(criteria: readonly Criterion[], table: Record<string, ScoreValue[]>): Score[] {
  return Object.entries(table).flatMap(([option, values]) =>
    criteria.map((criterion, index) => ({
      scorerId: 'U1',
      option,
      criterionId: criterion.id,
      value: values[index] as ScoreValue,
    })),
  );
}

describe('winnerFlipThresholds', () => {
  it('finds the exact crossing for a 2-option, 2-criterion case', () => {
    const thresholds = winnerFlipThresholds(TWO, HAND);
    expect(thresholds).toHaveLength(2);
    const [alpha, beta] = thresholds;
    expect(alpha).toMatchObject({
      criterionId: 'a',
      challenger: 'X',
      winner: 'Y',
      currentWeight: 60,
      direction: 'above',
      displayWeight: 70,
    });
    expect(alpha?.weight).toBeCloseTo(70, 9);
    expect(beta).toMatchObject({ criterionId: 'b', direction: 'below', currentWeight: 40, displayWeight: 30 });
    expect(beta?.weight).toBeCloseTo(30, 9);
  });

  it('rounds the threshold in the direction that keeps the sentence true', () => {
    // Weights 50/50. X: Alpha 5, Beta 1 → 3 (winner). Y: Alpha 1, Beta 4 → 2.5.
    // Alpha at w: gap Y − X = (w·(1 − 5) + (100 − w)·(4 − 1)) / 100 = (300 − 7w) / 100 → zero at 300/7 = 42.857…
    //   Y ahead below it → "less than 42": at 42, X = 2.1 + 0.58 = 2.68 < Y = 0.42 + 2.32 = 2.74. Rounding to 43
    //   would be false: at 43, X = 2.72 > Y = 2.71.
    // Beta at w: zero at 400/7 = 57.142… → "more than 58" (ceil), true for every weight above 58.
    const criteria: Criterion[] = [
      { id: 'a', name: 'Alpha', weight: 50 },
      { id: 'b', name: 'Beta', weight: 50 },
    ];
    const options: OptionMeans[] = [
      { option: 'X', means: { a: 5, b: 1 } },
      { option: 'Y', means: { a: 1, b: 4 } },
    ];
    const thresholds = winnerFlipThresholds(criteria, options);
    expect(thresholds.map((t) => [t.criterionId, t.direction, t.displayWeight])).toEqual([
      ['a', 'below', 42],
      ['b', 'above', 58],
    ]);
    expect(thresholds[0]?.weight).toBeCloseTo(300 / 7, 9);
    expect(thresholds[1]?.weight).toBeCloseTo(400 / 7, 9);
  });

  it('reports nothing when a challenger cannot overtake within 0..100', () => {
    // Y beats X on both criteria: no weighting lets X win.
    const options: OptionMeans[] = [
      { option: 'X', means: { a: 2, b: 2 } },
      { option: 'Y', means: { a: 4, b: 3 } },
    ];
    expect(winnerFlipThresholds(TWO, options)).toEqual([]);
  });

  it('reports nothing without a sole winner or with a single criterion', () => {
    const tied: OptionMeans[] = [
      { option: 'X', means: { a: 3, b: 3 } },
      { option: 'Y', means: { a: 3, b: 3 } },
    ];
    expect(winnerFlipThresholds(TWO, tied)).toEqual([]);
    expect(winnerFlipThresholds([{ id: 'a', name: 'Alpha', weight: 100 }], HAND)).toEqual([]);
  });

  it('gives thresholds at which the two totals really meet (property)', () => {
    const arbitraryCase = fc
      .record({
        cuts: fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 4 }),
        means: fc.array(fc.array(fc.integer({ min: 3, max: 15 }), { minLength: 5, maxLength: 5 }), {
          minLength: 2,
          maxLength: 4,
        }),
      })
      .map(({ cuts, means }) => {
        const bounds = [0, ...cuts.sort((a, b) => a - b), 100];
        const criteria = bounds.slice(1).map((bound, index) => ({
          id: `c${index}`,
          name: `C${index}`,
          weight: bound - (bounds[index] as number),
        }));
        const options = means.map((row, index) => ({
          option: `O${index}`,
          means: Object.fromEntries(criteria.map((criterion, j) => [criterion.id, (row[j] as number) / 3])),
        }));
        return { criteria, options };
      });
    fc.assert(
      fc.property(arbitraryCase, ({ criteria, options }) => {
        const robustness = singleWeightRobustness(criteria, options, 10);
        for (const threshold of winnerFlipThresholds(criteria, options)) {
          const moved = criteria.find((criterion) => criterion.id === threshold.criterionId) as Criterion;
          const othersWeight = 100 - moved.weight;
          const totalAt = (option: OptionMeans, weight: number) =>
            criteria.reduce((sum, criterion) => {
              const w = criterion.id === moved.id ? weight : (criterion.weight * (100 - weight)) / othersWeight;
              return sum + (w * (option.means[criterion.id] as number)) / 100;
            }, 0);
          const challenger = options.find((option) => option.option === threshold.challenger) as OptionMeans;
          const winner = options.find((option) => option.option === threshold.winner) as OptionMeans;
          expect(totalAt(challenger, threshold.weight)).toBeCloseTo(totalAt(winner, threshold.weight), 9);
          const beyond = threshold.direction === 'above' ? (threshold.weight + 100) / 2 : threshold.weight / 2;
          expect(totalAt(challenger, beyond)).toBeGreaterThan(totalAt(winner, beyond));
          // A winner that holds within ±10 can have no crossing within 10 points.
          if (robustness.robust) expect(Math.abs(threshold.weight - threshold.currentWeight)).toBeGreaterThan(10);
        }
      }),
      { numRuns: 300, seed: 20240607 },
    );
  });
});

describe('singleWeightRobustness', () => {
  it('holds for a clear winner', () => {
    const options: OptionMeans[] = [
      { option: 'PostgreSQL', means: Object.fromEntries(DEFAULT_CRITERIA.map((c) => [c.id, 5])) },
      { option: 'MongoDB', means: Object.fromEntries(DEFAULT_CRITERIA.map((c) => [c.id, 2])) },
    ];
    expect(singleWeightRobustness(DEFAULT_CRITERIA, options)).toEqual({
      winner: 'PostgreSQL',
      delta: 10,
      robust: true,
      flips: [],
    });
  });

  it('counts a tie at the edge of the range as losing the lead', () => {
    // HAND: Alpha 60 + 10 = 70 is exactly where X ties Y (3.4 each); Beta 40 − 10 = 30 is the same point.
    const result = singleWeightRobustness(TWO, HAND, 10);
    expect(result.winner).toBe('Y');
    expect(result.robust).toBe(false);
    expect(result.flips).toEqual([
      { criterionId: 'a', direction: 'up', fromWeight: 60, toWeight: 70, newLeaders: ['X', 'Y'] },
      { criterionId: 'b', direction: 'down', fromWeight: 40, toWeight: 30, newLeaders: ['X', 'Y'] },
    ]);
    // One point less and Y stays ahead: Alpha 69 → X = 0.69·4 + 0.31·2 = 3.38, Y = 0.69·3 + 0.31·13/3 = 3.4133…
    expect(singleWeightRobustness(TWO, HAND, 9).robust).toBe(true);
  });

  it('clamps at 0 and 100', () => {
    // Alpha at 100 can only move down; moving it to 90 gives X = 0.9·4 + 0.1·2 = 3.8, Y = 2.7 + 0.4333 = 3.1333.
    const criteria: Criterion[] = [
      { id: 'a', name: 'Alpha', weight: 100 },
      { id: 'b', name: 'Beta', weight: 0 },
    ];
    const result = singleWeightRobustness(criteria, HAND, 10);
    expect(result.winner).toBe('X');
    expect(result.robust).toBe(true);
  });

  it('has no winner to test when first place is tied', () => {
    const tied: OptionMeans[] = [
      { option: 'X', means: { a: 3, b: 3 } },
      { option: 'Y', means: { a: 3, b: 3 } },
    ];
    expect(singleWeightRobustness(TWO, tied)).toMatchObject({ winner: null, robust: false });
  });
});

describe('describeSensitivity', () => {
  it('says a clear winner holds, then how far a weight must move to change it', () => {
    // P: 5 everywhere but Learning Curve 1 → 0.95·5 + 0.05·1 = 4.8. Q: 1 everywhere but Learning Curve 5 → 1.2.
    // Learning Curve at w: gap Q − P = (w·(5 − 1) + (100 − w)·(1 − 5)) / 100 = (8w − 400) / 100 → zero at 50.
    const table: Record<string, ScoreValue[]> = { PostgreSQL: [5, 5, 5, 5, 5, 5, 1], MongoDB: [1, 1, 1, 1, 1, 1, 5] };
    const result = aggregate(DEFAULT_CRITERIA, ['MongoDB', 'PostgreSQL'], scoresFromMeans(DEFAULT_CRITERIA, table));
    expect(describeSensitivity(result, 'ADR-007')).toEqual([
      "ADR-007's winner, PostgreSQL, holds for any single weight moved by ±10 points.",
      'MongoDB overtakes PostgreSQL if Learning Curve weighs more than 50 % (now 5 %).',
    ]);
  });

  it('says when no weight can change the outcome', () => {
    const table: Record<string, ScoreValue[]> = { PostgreSQL: [5, 5, 5, 5, 5, 5, 5], MongoDB: [2, 2, 2, 2, 2, 2, 2] };
    const result = aggregate(DEFAULT_CRITERIA, ['PostgreSQL', 'MongoDB'], scoresFromMeans(DEFAULT_CRITERIA, table));
    expect(describeSensitivity(result, 'ADR-007')).toEqual([
      "ADR-007's winner, PostgreSQL, holds for any single weight moved by ±10 points.",
      "No single criterion's weight, anywhere from 0 to 100 %, lets another option overtake PostgreSQL.",
    ]);
  });

  it('leads with the smallest flipping change for a fragile winner, at most three sentences', () => {
    // Team Expertise 25: P 3, Q 4. Everything else: P 4, Q 3 except Learning Curve both 3.
    // P = 0.25·3 + 0.7·4 + 0.05·3 = 3.7; Q = 0.25·4 + 0.7·3 + 0.05·3 = 3.25.
    // Team Expertise at w, others scaled: A_P = (70·4 + 5·3)/75 = 295/75, A_Q = (70·3 + 5·3)/75 = 225/75.
    //   gap Q − P = (w·1 + (100 − w)·(−70/75)) / 100 → zero at w = 7000/145 = 48.27… → "more than 49".
    const table: Record<string, ScoreValue[]> = { P: [3, 4, 4, 4, 4, 4, 3], Q: [4, 3, 3, 3, 3, 3, 3] };
    const result = aggregate(DEFAULT_CRITERIA, ['P', 'Q'], scoresFromMeans(DEFAULT_CRITERIA, table));
    const sentences = describeSensitivity(result, 'ADR-012');
    expect(sentences[0]).toBe("ADR-012's winner, P, holds for any single weight moved by ±10 points.");
    expect(sentences[1]).toBe('Q overtakes P if Team Expertise weighs more than 49 % (now 25 %).');
    expect(sentences.length).toBeLessThanOrEqual(3);

    // With ±30 the same crossing (23.3 points away) is within reach, so the threshold comes first.
    const fragile = describeSensitivity(result, 'ADR-012', 30);
    expect(fragile[0]).toBe('Q overtakes P if Team Expertise weighs more than 49 % (now 25 %).');
    expect(fragile.some((sentence) => sentence.includes('holds'))).toBe(false);
  });

  it('explains ties and missing scores instead of testing a winner', () => {
    const tieTable: Record<string, ScoreValue[]> = { A: [3, 3], B: [3, 3] };
    const tie = aggregate(TWO, ['A', 'B'], scoresFromMeans(TWO, tieTable));
    expect(describeSensitivity(tie, 'ADR-003')).toEqual([
      'ADR-003 is a tie between A and B at 3.00; a change in weights may separate them.',
    ]);
    expect(describeSensitivity(aggregate(TWO, ['A'], []), 'ADR-003')).toEqual([
      'ADR-003 has no fully scored option yet, so there is no winner to test.',
    ]);
    const single = aggregate(TWO, ['A', 'B'], scoresFromMeans(TWO, { A: [3, 3] }));
    expect(describeSensitivity(single, 'ADR-003')).toEqual([
      'ADR-003 has only one fully scored option (A), so there is nothing to compare.',
    ]);
  });
});
