import { describe, expect, it } from 'vitest';
import { type RelatedAdr, relatedListBlocks, relatedWizardBlocks } from '../../../../src/slack/blocks/related.js';
import { RelatedActions } from '../../../../src/slack/related-ids.js';
import { validateBlocks } from '../../../support/block-kit-limits.js';

const adr = (number: number, overrides: Partial<RelatedAdr> = {}): RelatedAdr => ({
  number,
  title: `Decision ${number}`,
  status: 'accepted',
  supersededBy: null,
  chosenOption: 'Apache Kafka',
  justification: 'consumers need replay',
  ...overrides,
});

describe('related decisions in the wizard', () => {
  it('shows nothing when nothing is related', () => {
    expect(relatedWizardBlocks({ related: [] })).toEqual([]);
    expect(relatedListBlocks([])).toEqual([]);
  });

  it('shows number, title, status and outcome with Related and This replaces it', () => {
    const blocks = relatedWizardBlocks({ related: [adr(12), adr(3, { status: 'superseded', supersededBy: 12 })] });
    expect(validateBlocks(blocks, 'modal')).toEqual([]);
    const body = JSON.stringify(blocks);
    expect(body).toContain('ADR-012');
    expect(body).toContain('Chosen option: \\"Apache Kafka\\", because consumers need replay');
    expect(body).toContain(RelatedActions.markRelated);
    // A superseded ADR cannot be replaced again.
    expect(body.match(new RegExp(RelatedActions.replaces, 'g'))?.length).toBe(1);
  });

  it('marks what is already linked or replaced, at most three', () => {
    const blocks = relatedWizardBlocks({
      related: [adr(1), adr(2), adr(3), adr(4)],
      linked: new Set([1]),
      replacing: 2,
    });
    const body = JSON.stringify(blocks);
    expect(body).toContain('✓ Related');
    expect(body).toContain(RelatedActions.undoReplaces);
    expect(body).not.toContain('ADR-004');
  });

  it('escapes titles so nobody can ping the channel', () => {
    const blocks = relatedWizardBlocks({ related: [adr(9, { title: '<!channel> use <@U123>' })] });
    expect(JSON.stringify(blocks)).not.toContain('<!channel>');
    expect(validateBlocks(relatedListBlocks([adr(9, { title: '<!here>'.repeat(40) })]), 'message')).toEqual([]);
  });

  it('lists related decisions for /adr show, with a count past the maximum', () => {
    const blocks = relatedListBlocks(
      Array.from({ length: 14 }, (_, i) => adr(i + 1)),
      10,
    );
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    expect(JSON.stringify(blocks)).toContain('…and 4 more');
  });
});
