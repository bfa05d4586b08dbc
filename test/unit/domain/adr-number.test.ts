import { describe, expect, it } from 'vitest';
import { formatAdrNumber, parseAdrRef } from '../../../src/domain/adr-number.js';

describe('formatAdrNumber', () => {
  it.each([
    [1, 'ADR-001'],
    [7, 'ADR-007'],
    [42, 'ADR-042'],
    [999, 'ADR-999'],
    [1000, 'ADR-1000'],
    [123456, 'ADR-123456'],
  ])('formats %i as %s', (adrNumber, expected) => {
    expect(formatAdrNumber(adrNumber)).toBe(expected);
  });
});

describe('parseAdrRef', () => {
  it.each([
    ['7', 7],
    ['007', 7],
    ['ADR-7', 7],
    ['adr-007', 7],
    ['ADR-007', 7],
    ['#7', 7],
    ['# 7', 7],
    [' ADR 7 ', 7],
    ['adr7', 7],
    ['ADR-1000', 1000],
    ['999999', 999999],
    ['0000000012', 12],
    // MADR folders start at 0000; imported, that decision is ADR-000.
    ['0', 0],
    ['ADR-000', 0],
  ])('reads %j as %i', (text, expected) => {
    expect(parseAdrRef(text)).toBe(expected);
  });

  it.each([
    '-3',
    'ADR--3',
    '1000000',
    '99999999999999999999',
    '',
    '   ',
    'ADR',
    'seven',
    '7a',
    '7.5',
    'ADR-7-8',
    'PR-7',
    '#',
  ])('rejects %j', (text) => {
    expect(parseAdrRef(text)).toBeNull();
  });

  it('reads back what formatAdrNumber writes', () => {
    for (const adrNumber of [1, 9, 10, 99, 100, 999, 1000, 54321, 999999]) {
      expect(parseAdrRef(formatAdrNumber(adrNumber))).toBe(adrNumber);
    }
  });
});
