import { describe, expect, it } from 'vitest';
import {
  relatedBothWays,
  relatedLink,
  relatedNumbersIn,
  relatedSummaryLines,
  withRelatedLink,
} from '../../../src/domain/related-links.js';

describe('related links', () => {
  it('writes Related: ADR-NNN once, never to itself', () => {
    expect(relatedLink(12)).toBe('Related: ADR-012');
    const links = withRelatedLink(['https://example.com/rfc'], 12);
    expect(links).toEqual(['https://example.com/rfc', 'Related: ADR-012']);
    expect(withRelatedLink(links, 12)).toEqual(links);
    expect(withRelatedLink(links, 5, 5)).toEqual(links);
  });

  it('reads the numbers back from the ways people write them', () => {
    expect(
      relatedNumbersIn([
        'Related: ADR-012, ADR-7',
        'related adrs: adr 3',
        'See also ADR-0040',
        'Benchmark: https://example.com/ADR-99',
        'ADR-5 is mentioned but not as related',
      ]),
    ).toEqual([12, 7, 3, 40]);
  });

  it('lists related decisions both ways', () => {
    const self = { number: 10, links: ['Related: ADR-002'] };
    const others = [
      { number: 2, links: [] },
      { number: 11, links: ['Related: ADR-010'] },
      { number: 12, links: ['Related: ADR-009'] },
      { number: 10, links: ['Related: ADR-010'] },
    ];
    expect(relatedBothWays(self, others)).toEqual([2, 11]);
  });
});

describe('relatedSummaryLines', () => {
  it('gives the prompts one bounded line per related ADR', () => {
    const text = relatedSummaryLines([
      {
        number: 12,
        title: 'Use Kafka for domain events',
        status: 'accepted',
        date: '2026-03-01',
        chosenOption: 'Apache Kafka',
        justification: 'consumers need\nreplay',
      },
      {
        number: 3,
        title: 'Use RabbitMQ',
        status: 'superseded',
        date: '2025-01-10',
        chosenOption: null,
        justification: '',
      },
    ]);
    expect(text).toBe(
      'ADR-012 (accepted, 2026-03-01): Use Kafka for domain events. Chosen: Apache Kafka, because consumers need replay.\n' +
        'ADR-003 (superseded, 2025-01-10): Use RabbitMQ.',
    );
    const many = Array.from({ length: 50 }, (_, i) => ({
      number: i + 1,
      title: 'x'.repeat(200),
      status: 'accepted',
      date: '2026-01-01',
      chosenOption: null,
      justification: '',
    }));
    expect(relatedSummaryLines(many, 1_000).length).toBeLessThanOrEqual(1_000);
  });

  it('says so when an imported ADR has no date', () => {
    const undated = {
      number: 4,
      title: 'Use MADR',
      status: 'accepted',
      date: null,
      chosenOption: null,
      justification: '',
    };
    expect(relatedSummaryLines([undated])).toBe('ADR-004 (accepted, date unknown): Use MADR.');
  });
});
