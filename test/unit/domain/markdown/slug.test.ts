import { describe, expect, it } from 'vitest';
import { adrFileName, describeFileName, isIsoDate, SLUG_MAX, slugify } from '../../../../src/domain/markdown/slug.js';

describe('slugify', () => {
  it.each([
    ['Use PostgreSQL', 'use-postgresql'],
    ['Use PostgreSQL (v16) for Café data!', 'use-postgresql-v16-for-cafe-data'],
    ['  --Déjà vu__again--  ', 'deja-vu-again'],
    ['C# & .NET 8', 'c-net-8'],
    ['日本語', 'untitled'],
    ['', 'untitled'],
  ])('%j → %j', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });

  it('keeps slugs within SLUG_MAX, cut at a word boundary', () => {
    const slug = slugify(
      'Adopt an event driven architecture with Kafka for order processing and billing notifications',
    );
    expect(slug.length).toBeLessThanOrEqual(SLUG_MAX);
    expect(slug).toBe('adopt-an-event-driven-architecture-with-kafka-for-order');
    expect(slugify('x'.repeat(100))).toBe('x'.repeat(SLUG_MAX));
  });
});

describe('adrFileName', () => {
  it('pads the number to four digits', () => {
    expect(adrFileName(7, 'Use PostgreSQL')).toBe('0007-use-postgresql.md');
    expect(adrFileName(1234, 'Use Redis for caching')).toBe('1234-use-redis-for-caching.md');
    expect(adrFileName(12345, 'Big')).toBe('12345-big.md');
  });
});

describe('describeFileName', () => {
  it.each([
    ['docs/adr/0007-use-postgresql.md', { slug: '0007-use-postgresql', number: 7, date: null }],
    ['7-use-postgresql.md', { slug: '7-use-postgresql', number: 7, date: null }],
    ['0000-use-madr.md', { slug: '0000-use-madr', number: 0, date: null }],
    ['20201029-superseder.md', { slug: '20201029-superseder', number: null, date: '2020-10-29' }],
    ['adr_with_a_WeIrd-filename.md', { slug: 'adr_with_a_WeIrd-filename', number: null, date: null }],
    ['C:\\adr\\0002-x.markdown', { slug: '0002-x', number: 2, date: null }],
  ])('%s', (fileName, expected) => {
    expect(describeFileName(fileName)).toEqual(expected);
  });
});

describe('isIsoDate', () => {
  it('accepts real calendar dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('2024-1-01')).toBe(false);
  });
});
