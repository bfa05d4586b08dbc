import { describe, expect, it } from 'vitest';
import {
  aggregate,
  type Criterion,
  DEFAULT_CRITERIA,
  formatScore,
  SCORE_LABELS,
  type Score,
  type ScoreValue,
  textBar,
  validateCriteria,
} from '../../../src/domain/scoring.js';

function score(scorerId: string, option: string, criterionId: string, value: ScoreValue): Score {
  return { scorerId, option, criterionId, value };
}

/** Every scorer gives `values[i]` to criterion i of `criteria` for `option`. */
function scoresFor(scorerId: string, option: string, criteria: readonly Criterion[], values: ScoreValue[]): Score[] {
  return criteria.map((criterion, index) => score(scorerId, option, criterion.id, values[index] as ScoreValue));
}

const TWO: Criterion[] = [
  { id: 'a', name: 'Alpha', weight: 60 },
  { id: 'b', name: 'Beta', weight: 40 },
];

describe('DEFAULT_CRITERIA and SCORE_LABELS', () => {
  it('holds the seed matrix with stable ids, totalling 100', () => {
    expect(DEFAULT_CRITERIA.map((criterion) => [criterion.id, criterion.name, criterion.weight])).toEqual([
      ['team_expertise', 'Team Expertise', 25],
      ['performance', 'Performance', 20],
      ['community_support', 'Community Support', 15],
      ['cost', 'Cost', 15],
      ['maturity', 'Maturity', 10],
      ['ecosystem', 'Ecosystem', 10],
      ['learning_curve', 'Learning Curve', 5],
    ]);
    expect(validateCriteria(DEFAULT_CRITERIA)).toEqual({});
  });

  it('labels the 1–5 scale', () => {
    expect(SCORE_LABELS).toEqual({ 1: 'poor', 2: 'fair', 3: 'good', 4: 'very good', 5: 'excellent' });
  });
});

describe('validateCriteria', () => {
  const criterion = (index: number, weight: number, name = `Criterion ${index}`): Criterion => ({
    id: `c${index}`,
    name,
    weight,
  });

  it('names the actual total when weights do not add up to 100', () => {
    const errors = validateCriteria([criterion(0, 50), criterion(1, 45)]);
    expect(errors).toEqual({ criteria: 'Weights add up to 95 %; they must total 100 %.' });
    expect(validateCriteria([criterion(0, 60), criterion(1, 45)]).criteria).toBe(
      'Weights add up to 105 %; they must total 100 %.',
    );
  });

  it('requires at least one and at most ten criteria', () => {
    expect(validateCriteria([]).criteria).toMatch(/at least one/);
    const eleven = Array.from({ length: 11 }, (_, index) => criterion(index, index === 0 ? 0 : 10));
    expect(validateCriteria(eleven).criteria).toMatch(/at most 10 criteria \(you have 11\)/);
    const ten = Array.from({ length: 10 }, (_, index) => criterion(index, 10));
    expect(validateCriteria(ten)).toEqual({});
  });

  it('accepts a single criterion at 100 % and zero weights', () => {
    expect(validateCriteria([criterion(0, 100)])).toEqual({});
    expect(validateCriteria([criterion(0, 100), criterion(1, 0)])).toEqual({});
  });

  it('rejects fractional, negative and oversized weights on the row', () => {
    const errors = validateCriteria([criterion(0, 12.5), criterion(1, -1), criterion(2, 101), criterion(3, 50)]);
    expect(errors.criterion_0).toMatch(/whole number from 0 to 100/);
    expect(errors.criterion_1).toMatch(/whole number from 0 to 100/);
    expect(errors.criterion_2).toMatch(/whole number from 0 to 100/);
    expect(errors.criterion_3).toBeUndefined();
    // A total over unusable weights would be meaningless, so it is not reported.
    expect(errors.criteria).toBeUndefined();
  });

  it('requires non-empty, short, case-insensitively unique names', () => {
    const errors = validateCriteria([
      criterion(0, 25, 'Cost'),
      criterion(1, 25, '  '),
      criterion(2, 25, 'cOST'),
      criterion(3, 25, 'x'.repeat(61)),
    ]);
    expect(errors.criterion_0).toBeUndefined();
    expect(errors.criterion_1).toBe('Give this criterion a name.');
    expect(errors.criterion_2).toMatch(/already criterion 1/);
    expect(errors.criterion_3).toMatch(/60 characters or fewer \(it has 61\)/);
    expect(validateCriteria([criterion(0, 100, 'x'.repeat(60))])).toEqual({});
  });

  it('rejects repeated ids, which would merge two rows of scores', () => {
    const errors = validateCriteria([
      { id: 'same', name: 'One', weight: 50 },
      { id: 'same', name: 'Two', weight: 50 },
    ]);
    expect(errors.criterion_1).toMatch(/own id/);
  });
});

describe('aggregate', () => {
  it('weights per-criterion means over three scorers', () => {
    // X: Alpha (5+4+3)/3 = 4, Beta (2+2+2)/3 = 2 → (60·4 + 40·2)/100 = 320/100 = 3.2 → 3.2/5 = 64 %
    // Y: Alpha (3+3+3)/3 = 3, Beta (5+4+4)/3 = 13/3 → (60·3 + 40·13/3)/100 = (180 + 173.33…)/100 = 3.5333… → 70.67 %
    const scores = [
      ...scoresFor('U1', 'X', TWO, [5, 2]),
      ...scoresFor('U2', 'X', TWO, [4, 2]),
      ...scoresFor('U3', 'X', TWO, [3, 2]),
      ...scoresFor('U1', 'Y', TWO, [3, 5]),
      ...scoresFor('U2', 'Y', TWO, [3, 4]),
      ...scoresFor('U3', 'Y', TWO, [3, 4]),
    ];
    const result = aggregate(TWO, ['X', 'Y'], scores);
    const [first, second] = result.options;
    expect(first?.option).toBe('Y');
    expect(first?.rank).toBe(1);
    expect(first?.total).toBeCloseTo(3.533333333, 9);
    expect(first?.percentOfMax).toBeCloseTo(70.666666667, 8);
    expect(first?.means).toEqual({ a: 3, b: 13 / 3 });
    // Contributions: 60·3/100 = 1.8 and 40·(13/3)/100 = 1.7333…
    expect(first?.cells[0]?.contribution).toBeCloseTo(1.8, 12);
    expect(first?.cells[1]?.contribution).toBeCloseTo(1.733333333333, 11);
    expect(second?.option).toBe('X');
    expect(second?.rank).toBe(2);
    expect(second?.total).toBeCloseTo(3.2, 12);
    expect(second?.percentOfMax).toBeCloseTo(64, 10);
    expect(second?.scorerCount).toBe(3);
    expect(second?.complete).toBe(true);
    expect(second?.provisionalTotal).toBe(second?.total);
    expect(result.scorers).toEqual(['U1', 'U2', 'U3']);
    expect(result.leaders).toEqual(['Y']);
  });

  it('gives tied options the same competition rank (1, 1, 3) despite float noise', () => {
    const criteria: Criterion[] = [
      { id: 'a', name: 'Alpha', weight: 10 },
      { id: 'b', name: 'Beta', weight: 90 },
    ];
    // X: Alpha (1+1+2)/3 = 4/3, Beta 4/3 → (10·4/3 + 90·4/3)/100 = 4/3; floats give 1.3333333333333335
    // Y: Alpha (5+4+4)/3 = 13/3, Beta 1 → (130/3 + 90)/100 = 400/300 = 4/3; floats give 1.333333333333333
    // Z: all 1 → 1, third place (competition ranking skips 2).
    const scores = [
      ...scoresFor('U1', 'X', criteria, [1, 1]),
      ...scoresFor('U2', 'X', criteria, [1, 1]),
      ...scoresFor('U3', 'X', criteria, [2, 2]),
      ...scoresFor('U1', 'Y', criteria, [5, 1]),
      ...scoresFor('U2', 'Y', criteria, [4, 1]),
      ...scoresFor('U3', 'Y', criteria, [4, 1]),
      ...scoresFor('U1', 'Z', criteria, [1, 1]),
    ];
    const result = aggregate(criteria, ['Z', 'X', 'Y'], scores);
    const totals = result.options.map((option) => option.total);
    expect(totals[0]).not.toBe(totals[1]); // the float noise the tolerance exists for
    expect(result.options.map((option) => [option.option, option.rank])).toEqual([
      ['X', 1],
      ['Y', 1],
      ['Z', 3],
    ]);
    expect(result.leaders).toEqual(['X', 'Y']);
  });

  it('lets a revised score replace the same scorer’s earlier one', () => {
    // U1 first gives 1 then revises to 5; U2 gives 3 → mean (5+3)/2 = 4, not (1+5+3)/3 = 3.
    const criteria: Criterion[] = [{ id: 'a', name: 'Alpha', weight: 100 }];
    const result = aggregate(
      criteria,
      ['X'],
      [score('U1', 'X', 'a', 1), score('U2', 'X', 'a', 3), score('U1', 'X', 'a', 5)],
    );
    const cell = result.options[0]?.cells[0];
    expect(cell?.mean).toBe(4);
    expect(cell?.count).toBe(2);
    expect(cell?.min).toBe(3);
    expect(result.options[0]?.total).toBe(4);
    expect(result.disagreements).toEqual([]); // the revised-away 1 would have made a spread of 4
  });

  it('flags disagreement at a spread of exactly 3 and not at 2', () => {
    const scores = [
      // X/Alpha: 1 and 4 → spread 3, flagged. X/Beta: 2 and 4 → spread 2, not flagged.
      score('U1', 'X', 'a', 1),
      score('U2', 'X', 'a', 4),
      score('U1', 'X', 'b', 2),
      score('U2', 'X', 'b', 4),
    ];
    const result = aggregate(TWO, ['X'], scores);
    expect(result.disagreements).toEqual([{ option: 'X', criterionId: 'a', min: 1, max: 4, spread: 3 }]);
    expect(result.options[0]?.cells.map((cell) => cell.disagreement)).toEqual([true, false]);
  });

  it('leaves an option with an unscored weighted criterion unranked, with a renormalised provisional total', () => {
    // X complete: Alpha 3, Beta 3 → 3. Y only has Alpha 5 → provisional 60·5/60 = 5, but no total and no rank:
    // renormalising would rank Y (scored only on its strength) above X.
    const scores = [...scoresFor('U1', 'X', TWO, [3, 3]), score('U1', 'Y', 'a', 5)];
    const result = aggregate(TWO, ['Y', 'X'], scores);
    expect(result.options.map((option) => option.option)).toEqual(['X', 'Y']);
    const y = result.options[1];
    expect(y?.complete).toBe(false);
    expect(y?.total).toBeNull();
    expect(y?.percentOfMax).toBeNull();
    expect(y?.rank).toBeNull();
    expect(y?.provisionalTotal).toBe(5);
    expect(y?.scoredWeight).toBe(60);
    expect(y?.means).toEqual({ a: 5, b: null });
    expect(y?.cells[1]).toMatchObject({ mean: null, count: 0, contribution: 0, disagreement: false });
    expect(result.leaders).toEqual(['X']);
  });

  it('counts an option complete when only zero-weight criteria are unscored', () => {
    const criteria: Criterion[] = [
      { id: 'a', name: 'Alpha', weight: 100 },
      { id: 'z', name: 'Zero', weight: 0 },
    ];
    const result = aggregate(criteria, ['X'], [score('U1', 'X', 'a', 4)]);
    expect(result.options[0]).toMatchObject({ complete: true, total: 4, rank: 1 });
  });

  it('reports no leader and a null provisional total when nothing is scored', () => {
    const result = aggregate(TWO, ['X', 'Y'], []);
    expect(result.leaders).toEqual([]);
    expect(result.scorers).toEqual([]);
    expect(result.options.map((option) => [option.option, option.provisionalTotal, option.scorerCount])).toEqual([
      ['X', null, 0],
      ['Y', null, 0],
    ]);
  });

  it('ignores scores for unknown options or criteria and counts scorers per option', () => {
    const scores = [
      ...scoresFor('U1', 'X', TWO, [4, 4]),
      score('U2', 'X', 'a', 2),
      score('U3', 'Gone', 'a', 1),
      score('U4', 'X', 'removed', 1),
    ];
    const result = aggregate(TWO, ['X'], scores);
    expect(result.scorers).toEqual(['U1', 'U2']);
    expect(result.options[0]?.scorerCount).toBe(2);
    // Alpha (4+2)/2 = 3, Beta 4 → (180 + 160)/100 = 3.4
    expect(result.options[0]?.total).toBeCloseTo(3.4, 12);
  });

  it('does not alias the caller’s criteria', () => {
    const criteria = TWO.map((criterion) => ({ ...criterion }));
    const result = aggregate(criteria, [], []);
    (result.criteria[0] as Criterion).weight = 1;
    expect(criteria[0]?.weight).toBe(60);
  });
});

describe('formatScore and textBar', () => {
  it('rounds to two decimals for display only', () => {
    expect(formatScore(2.456)).toBe('2.46');
    expect(formatScore(2.455)).toBe('2.46'); // 2.455 is 2.45499999… in binary; people expect 2.46
    expect(formatScore(1.005)).toBe('1.01');
    expect(formatScore(4)).toBe('4.00');
    expect(formatScore(3.5333333)).toBe('3.53');
  });

  it('draws proportional blocks followed by the value', () => {
    expect(textBar(4)).toBe('████████░░ 4.00');
    expect(textBar(0)).toBe('░░░░░░░░░░ 0.00');
    expect(textBar(5)).toBe('██████████ 5.00');
    expect(textBar(2.5, 5, 4)).toBe('██░░ 2.50');
    expect(textBar(3.53)).toBe('███████░░░ 3.53'); // 7.06 blocks → 7
    expect(textBar(7)).toBe('██████████ 7.00'); // clamped bar, honest number
  });
});
