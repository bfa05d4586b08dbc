import { describe, expect, it } from 'vitest';
import type { StoredAdr } from '../../../../src/db/adr-repository.js';
import { adrCardBlocks } from '../../../../src/slack/blocks/adr-card.js';
import { adrDocumentBlocks } from '../../../../src/slack/blocks/adr-document.js';
import { adrDetailView, adrShowMessage } from '../../../../src/slack/blocks/adr-list.js';
import { escapeMrkdwn } from '../../../../src/slack/blocks/mrkdwn.js';
import { wizardView } from '../../../../src/slack/blocks/wizard.js';
import { validateBlocks, validateView } from '../../../support/block-kit-limits.js';

const long = (n: number, word = 'word ') => word.repeat(Math.ceil(n / word.length)).slice(0, n);

function hugeAdr(): StoredAdr {
  return {
    teamId: 'T1',
    number: 1234,
    title: long(150, '<!channel> '),
    deciders: Array.from({ length: 40 }, (_, i) => `U${String(i).padStart(8, '0')}`),
    technicalStory: long(300),
    context: long(3000),
    drivers: Array.from({ length: 20 }, () => long(300)),
    options: Array.from({ length: 10 }, (_, i) => ({
      name: `${long(70)}${i}`,
      pros: Array.from({ length: 20 }, () => long(300)),
      cons: Array.from({ length: 20 }, () => long(300)),
    })),
    chosenOption: `${long(70)}0`,
    justification: long(3000),
    positiveConsequences: Array.from({ length: 20 }, () => long(300)),
    negativeConsequences: Array.from({ length: 20 }, () => ({ text: long(300), mitigation: long(300) })),
    links: Array.from({ length: 20 }, () => long(300)),
    status: 'superseded',
    supersededBy: 1300,
    supersedes: [1, 2, 3],
    authorId: 'U00000001',
    date: '2026-11-24',
    createdAt: '2026-11-24T00:00:00Z',
    updatedAt: '2026-11-24T00:00:00Z',
    card: null,
  };
}

describe('builders stay within Block Kit limits for the largest ADR the wizard accepts', () => {
  const adr = hugeAdr();

  it('the card', () => {
    expect(validateBlocks(adrCardBlocks(adr), 'message')).toEqual([]);
  });

  it('/adr show with a long history', () => {
    const history = Array.from({ length: 40 }, (_, i) => ({
      from: 'proposed' as const,
      to: 'accepted' as const,
      actorId: 'U1',
      note: long(200),
      at: `2026-01-${String((i % 28) + 1).padStart(2, '0')}T00:00:00Z`,
    }));
    expect(validateBlocks(adrShowMessage(adr, history).blocks, 'message')).toEqual([]);
  });

  it('the read-only modal', () => {
    expect(validateView(adrDetailView(adr, []))).toEqual([]);
  });

  it('cuts a document past its block budget with a pointer to the export', () => {
    const blocks = adrDocumentBlocks(adr, { maxBlocks: 12 });
    expect(blocks).toHaveLength(12);
    expect(JSON.stringify(blocks.at(-1))).toContain('Export Markdown');
  });

  it('every wizard step', () => {
    for (let step = 1; step <= 5; step++) {
      const view = wizardView({ draftId: 1, step, content: adr, editing: 1234, optionSlots: 10 });
      expect(validateView(view), `step ${step}`).toEqual([]);
    }
  });

  it('escapes what could ping or link', () => {
    expect(escapeMrkdwn('<!channel> & <@U123> <https://x|y>')).toBe(
      '&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://x|y&gt;',
    );
    const mrkdwn = JSON.stringify(adrCardBlocks(adr)).match(/"type":"mrkdwn","text":"(?:[^"\\]|\\.)*"/g) ?? [];
    expect(mrkdwn.length).toBeGreaterThan(0);
    for (const text of mrkdwn) expect(text).not.toContain('<!channel>');
  });
});
