import { describe, expect, it } from 'vitest';
import {
  aggregate,
  DEFAULT_CRITERIA,
  matrixTable,
  outcomeSuggestion,
  type Score,
  type ScoreValue,
} from '../../../src/domain/scoring.js';
import {
  criteriaFieldErrors,
  criteriaFromRows,
  criterionIdFor,
  parseWeight,
  toRows,
} from '../../../src/domain/scoring-criteria.js';
import {
  OPTIONS_PER_PAGE,
  optionPages,
  optionsFingerprint,
  optionsPerPage,
} from '../../../src/domain/scoring-pages.js';

describe('parseWeight', () => {
  it('reads whole percentages, with or without a percent sign', () => {
    expect(parseWeight('25')).toBe(25);
    expect(parseWeight(' 25 % ')).toBe(25);
    expect(parseWeight('0')).toBe(0);
  });

  it('gives NaN for anything else', () => {
    for (const text of ['', '12.5', '-5', 'a lot', '1e2', '1000']) expect(parseWeight(text)).toBeNaN();
  });
});

describe('criterionIdFor and criteriaFromRows', () => {
  it('derives ids from names and never reuses a taken one', () => {
    expect(criterionIdFor('Time to market', new Set())).toBe('time_to_market');
    expect(criterionIdFor('Cost', new Set(['cost', 'cost_2']))).toBe('cost_3');
    expect(criterionIdFor('日本語', new Set())).toBe('criterion');
    expect(criterionIdFor('Sécurité', new Set())).toBe('securite');
  });

  it('keeps the id of a renamed row, so its scores keep counting', () => {
    const rows = toRows(DEFAULT_CRITERIA);
    rows[3] = { id: 'cost', name: 'Total cost of ownership', weight: '15' };
    const criteria = criteriaFromRows(rows);
    expect(criteria[3]).toEqual({ id: 'cost', name: 'Total cost of ownership', weight: 15 });
  });

  it('gives a re-added criterion a fresh id, so scores of the removed one stay out', () => {
    const criteria = criteriaFromRows(
      [
        { id: 'performance', name: 'Performance', weight: '60' },
        { id: null, name: 'Cost', weight: '40' },
      ],
      ['cost', 'performance'],
    );
    expect(criteria.map((criterion) => criterion.id)).toEqual(['performance', 'cost_2']);
  });

  it('treats a duplicated id (stale metadata) as a new row', () => {
    const criteria = criteriaFromRows([
      { id: 'a', name: 'A', weight: '50' },
      { id: 'a', name: 'B', weight: '50' },
    ]);
    expect(criteria.map((criterion) => criterion.id)).toEqual(['a', 'b']);
  });
});

describe('criteriaFieldErrors', () => {
  const rows = (...pairs: Array<[string, string]>) =>
    criteriaFromRows(pairs.map(([name, weight]) => ({ id: null, name, weight })));

  it('accepts weights that total 100', () => {
    expect(criteriaFieldErrors(rows(['Speed', '60'], ['Cost', '40']))).toBeNull();
  });

  it('reports a wrong total on the list, not on a row', () => {
    expect(criteriaFieldErrors(rows(['Speed', '60'], ['Cost', '45']))).toEqual({
      total: 'Weights add up to 105 %; they must total 100 %.',
      names: {},
      weights: {},
    });
  });

  it('puts name problems under the name and weight problems under the weight, both at once', () => {
    const errors = criteriaFieldErrors(rows(['Speed', '50'], [' speed ', '12.5'], ['', '37']));
    expect(errors?.names).toEqual({
      1: '"speed" is already criterion 1; each criterion needs its own name.',
      2: 'Give this criterion a name.',
    });
    expect(errors?.weights).toEqual({ 1: 'The weight must be a whole number from 0 to 100.' });
    // The total is meaningless while a weight is unreadable, so it is not reported.
    expect(errors?.total).toBeUndefined();
  });

  it('refuses more than ten criteria and an empty list', () => {
    const eleven = rows(...Array.from({ length: 11 }, (_, i): [string, string] => [`C${i}`, i === 0 ? '0' : '10']));
    expect(criteriaFieldErrors(eleven)?.total).toMatch(/at most 10 criteria/);
    expect(criteriaFieldErrors([])?.total).toBe('Add at least one criterion.');
  });
});

describe('optionPages', () => {
  it('puts up to four options on a page', () => {
    expect(optionPages(3, 7)).toEqual([[0, 1, 2]]);
    expect(optionPages(10, 7)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
  });

  it('never lets a page exceed the modal block budget, even at 10 options × 10 criteria', () => {
    for (let criteria = 1; criteria <= 10; criteria++) {
      const perPage = optionsPerPage(criteria);
      expect(perPage).toBeLessThanOrEqual(OPTIONS_PER_PAGE);
      // One header plus one select per criterion per option, plus the modal's own few blocks.
      expect(perPage * (1 + criteria) + 8).toBeLessThanOrEqual(100);
    }
    expect(optionPages(10, 10).flat()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('has one empty page when there is nothing to score', () => {
    expect(optionPages(0, 7)).toEqual([[]]);
  });
});

describe('optionsFingerprint', () => {
  it('changes when an option is renamed, added or reordered', () => {
    const base = optionsFingerprint(['PostgreSQL', 'MySQL']);
    expect(optionsFingerprint(['PostgreSQL', 'MySQL'])).toBe(base);
    expect(optionsFingerprint(['PostgreSQL', 'MariaDB'])).not.toBe(base);
    expect(optionsFingerprint(['MySQL', 'PostgreSQL'])).not.toBe(base);
    expect(optionsFingerprint(['PostgreSQL', 'MySQL', 'SQLite'])).not.toBe(base);
    expect(optionsFingerprint(['PostgreSQLMySQL'])).not.toBe(base);
  });
});

function everywhere(scorerId: string, option: string, value: ScoreValue): Score[] {
  return DEFAULT_CRITERIA.map((criterion) => ({ scorerId, option, criterionId: criterion.id, value }));
}

describe('matrixTable', () => {
  it("is the seed's matrix with each option's means, in ranked order, then total, rank and scorers", () => {
    const result = aggregate(
      DEFAULT_CRITERIA,
      ['MongoDB', 'PostgreSQL', 'DynamoDB'],
      [
        ...everywhere('U1', 'PostgreSQL', 5),
        ...everywhere('U2', 'PostgreSQL', 4),
        ...everywhere('U1', 'MongoDB', 3),
        { scorerId: 'U1', option: 'DynamoDB', criterionId: 'cost', value: 2 },
      ],
    );
    const table = matrixTable(result);
    expect(table.headers).toEqual(['Criterion', 'Weight', 'PostgreSQL', 'MongoDB', 'DynamoDB']);
    expect(table.rows[0]).toEqual(['Team Expertise', '25 %', '4.50', '3.00', '–']);
    expect(table.rows[3]).toEqual(['Cost', '15 %', '4.50', '3.00', '2.00']);
    expect(table.rows.slice(-3)).toEqual([
      ['Weighted total', '100 %', '4.50 (90 %)', '3.00 (60 %)', 'incomplete'],
      ['Rank', '', '1', '2', '–'],
      ['Scorers', '', '2', '1', '1'],
    ]);
  });

  it('marks tied ranks', () => {
    const result = aggregate(DEFAULT_CRITERIA, ['A', 'B'], [...everywhere('U1', 'A', 4), ...everywhere('U1', 'B', 4)]);
    expect(matrixTable(result).rows.find((row) => row[0] === 'Rank')).toEqual(['Rank', '', '1 (tie)', '1 (tie)']);
  });
});

describe('outcomeSuggestion', () => {
  it('offers the sole leader with its score and the number of its scorers', () => {
    const result = aggregate(
      DEFAULT_CRITERIA,
      ['PostgreSQL', 'MySQL'],
      [
        ...everywhere('U1', 'PostgreSQL', 5),
        ...everywhere('U2', 'PostgreSQL', 4),
        ...everywhere('U3', 'PostgreSQL', 4),
        ...everywhere('U1', 'MySQL', 3),
      ],
    );
    expect(outcomeSuggestion(result)).toEqual({
      option: 'PostgreSQL',
      justification: 'PostgreSQL ranked first in the weighted matrix with 4.33 / 5 (87 %) from 3 scorers.',
    });
  });

  it('offers nothing for a tie or when nothing is fully scored', () => {
    const tie = aggregate(DEFAULT_CRITERIA, ['A', 'B'], [...everywhere('U1', 'A', 4), ...everywhere('U1', 'B', 4)]);
    expect(outcomeSuggestion(tie)).toBeNull();
    const partial = aggregate(
      DEFAULT_CRITERIA,
      ['A', 'B'],
      [{ scorerId: 'U1', option: 'A', criterionId: 'cost', value: 5 }],
    );
    expect(outcomeSuggestion(partial)).toBeNull();
  });
});
