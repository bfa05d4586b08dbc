import { describe, expect, it } from 'vitest';
import { relatedBothWays, relatedLink, relatedNumbersIn, withRelatedLink } from '../../../src/domain/related-links.js';

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
