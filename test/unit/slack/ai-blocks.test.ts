import { describe, expect, it } from 'vitest';
import { type AdrContent, emptyContent } from '../../../src/domain/adr.js';
import type { Finding } from '../../../src/domain/review.js';
import type { WizardState } from '../../../src/domain/wizard.js';
import { aiResultNote, aiWizardExtras, aiWorkingView, findingsBlocks } from '../../../src/slack/blocks/ai.js';
import { wizardMetadata } from '../../../src/slack/metadata.js';
import { renderWizard } from '../../../src/slack/wizard/wizard-modal.js';
import { validateBlocks, validateView } from '../../support/block-kit-limits.js';

const long = (n: number, char = 'x') => char.repeat(n);

function state(step: number, content: AdrContent = emptyContent('Pick a database')): WizardState {
  return { draftId: 7, step, content, editing: null };
}

function actionIdsOf(view: { blocks?: unknown[] }): string[] {
  return JSON.stringify(view.blocks ?? [])
    .split('"action_id":"')
    .slice(1)
    .map((rest) => rest.slice(0, rest.indexOf('"')));
}

/** The largest draft the wizard accepts: ten options, twenty long arguments each, long everything. */
function hugeContent(): AdrContent {
  const items = Array.from({ length: 20 }, (_, i) => `${i} ${long(290)}`);
  return {
    ...emptyContent(long(150, 'T')),
    context: long(3000, 'c'),
    technicalStory: long(300, 's'),
    drivers: items,
    options: Array.from({ length: 10 }, (_, i) => ({ name: `${i} ${long(70, 'o')}`, pros: items, cons: items })),
    chosenOption: `0 ${long(70, 'o')}`,
    justification: long(3000, 'j'),
    positiveConsequences: items,
    negativeConsequences: items.map((text) => ({ text, mitigation: long(290, 'm') })),
    links: items,
  };
}

describe('AI blocks', () => {
  it('leaves every AI button out without a key, but keeps the review button', () => {
    const extras = aiWizardExtras({ aiEnabled: false });
    expect(extras.step1Actions).toBeUndefined();
    expect(extras.step3Actions).toBeUndefined();
    expect(extras.optionAccessory).toBeUndefined();
    expect(actionIdsOf({ blocks: extras.reviewBlocks })).toEqual(['ai_review_draft']);
    expect(JSON.stringify(extras.reviewBlocks)).not.toContain('AI');
  });

  it('offers pros-and-cons suggestions only for options with an empty side', () => {
    const extras = aiWizardExtras({ aiEnabled: true });
    expect(extras.optionAccessory?.(0, { name: 'A', pros: ['p'], cons: ['c'] })).toBeUndefined();
    expect(extras.optionAccessory?.(1, { name: 'B', pros: ['p'], cons: [] })).toMatchObject({
      action_id: 'ai_suggest_pros_cons',
      value: '1',
    });
  });

  it('renders findings by section with emoji, escaped, within Block Kit limits however many there are', () => {
    const findings: Finding[] = Array.from({ length: 60 }, (_, i) => ({
      section: 'Decision Drivers',
      severity: i % 2 === 0 ? 'warning' : 'suggestion',
      message: `${i} <!channel> ${long(380)}`,
    }));
    const blocks = findingsBlocks({ findings });
    expect(validateBlocks(blocks, 'modal')).toEqual([]);
    expect(blocks.length).toBeLessThanOrEqual(6);
    const text = JSON.stringify(blocks);
    expect(text).toContain(':warning: *Decision Drivers*: 0 &lt;!channel&gt;');
    expect(text).toContain(':bulb: *Decision Drivers*: 1 &lt;!channel&gt;');
    expect(text).toContain('30 warnings, 30 suggestions');
    expect(text).not.toContain('<!channel>');
  });

  it('says so when there are no findings', () => {
    expect(JSON.stringify(findingsBlocks({ findings: [] }))).toContain('no findings');
  });

  it('keeps every step of the largest draft within Slack limits with all AI controls and findings', () => {
    const findings: Finding[] = Array.from({ length: 40 }, () => ({
      section: 'Context and Problem Statement',
      severity: 'warning',
      message: long(300),
    }));
    for (let step = 1; step <= 5; step++) {
      const view = renderWizard(
        { ...state(step, hugeContent()), notice: long(3000, 'n') },
        { aiEnabled: true, review: { findings, aiPending: true } },
      );
      expect(validateView(view)).toEqual([]);
    }
  });

  it('shows a working view without inputs that keeps the wizard metadata, so closing it saves the draft', () => {
    const view = aiWorkingView(state(3), 'Suggesting pros and cons…');
    expect(validateView(view)).toEqual([]);
    expect(view.callback_id).toBe('adr_wizard_modal');
    expect(view.notify_on_close).toBe(true);
    expect(wizardMetadata.decode(view.private_metadata)).toEqual({ draftId: 7, step: 3 });
    expect(view.blocks.some((block) => block.type === 'input')).toBe(false);
    expect(view.submit).toBeUndefined();
  });

  it('writes the note for a closed modal with the title escaped', () => {
    const saved = aiResultNote('Use <!here> & Postgres', { ok: true });
    expect(saved.text).toBe('Your AI draft of "Use &lt;!here&gt; &amp; Postgres" is saved: /adr drafts');
    const failed = aiResultNote('', { ok: false, userMessage: 'The AI service is busy.' });
    expect(failed.text).toBe('The AI service is busy. Your draft of your ADR is saved: /adr drafts');
  });
});
