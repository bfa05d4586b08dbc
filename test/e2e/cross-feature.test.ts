import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, viewOf } from '../support/app-harness.js';
import { allText, click, configure, current, dmsTo, proposeAdr } from '../support/decisions.js';
import type { SlackView } from '../support/fake-slack.js';

let t: TestApp;

beforeEach(async () => {
  t = await startTestApp();
});

afterEach(async () => {
  expect(t.fake.violations).toEqual([]);
  expect(t.fake.broadcasts).toEqual([]);
  await t.stop();
});

/** Every score select of a scoring page set to 5 for the first option and 2 for the others. */
function scoreInputs(view: SlackView, first: string): Record<string, string> {
  const inputs: Record<string, string> = {};
  let option = '';
  for (const block of view.blocks) {
    if (block.type === 'header') option = (block.text as { text: string }).text;
    const actionId = (block.element as { action_id?: string } | undefined)?.action_id ?? '';
    if (actionId.startsWith('score_')) inputs[actionId] = option === first ? '5' : '2';
  }
  return inputs;
}

describe('settings and scoring together', () => {
  it('lets a settings admin change the default criteria from /adr config, and new ADRs score against them', async () => {
    await configure(t, { admins: ['U_ALICE'] });
    const since = t.fake.calls.length;
    await t.slack.command('config', { userId: 'U_ALICE' });
    const settings = viewOf(t.fake, await t.fake.waitFor('views.open', undefined, { since }));
    const pushedAt = t.fake.calls.length;
    await t.slack.blockAction({ actionId: 'settings_scoring_criteria', view: settings, userId: 'U_ALICE' });
    await t.settle();
    const editor = viewOf(t.fake, await t.fake.waitFor('views.push', undefined, { since: pushedAt }));

    const names = editor.blocks
      .map((block) => (block.element as { action_id?: string } | undefined)?.action_id ?? '')
      .filter((id) => id.startsWith('criteria_weight_'));
    expect(names).toHaveLength(7);
    const wrong = await t.submit(editor, { criteria_weight_0: '30' }, { userId: 'U_ALICE' });
    expect(wrong.body?.response_action).toBe('errors');
    expect(JSON.stringify(wrong.body?.errors)).toContain('105 %');

    const saved = await t.submit(editor, { criteria_weight_0: '30', criteria_weight_1: '15' }, { userId: 'U_ALICE' });
    expect(saved.body?.response_action).not.toBe('errors');
    expect((await t.adr.services.scoring.getDefaultCriteria('T_TEST')).map((c) => c.weight)).toEqual([
      30, 15, 15, 15, 10, 10, 5,
    ]);
  });

  it('refuses the default criteria editor to people who are not settings admins', async () => {
    await configure(t, { admins: ['U_ALICE'] });
    await t.slack.command('config', { userId: 'U_ALICE' });
    await t.settle();
    const settings = t.fake.lastView() as SlackView;
    await t.slack.blockAction({ actionId: 'settings_scoring_criteria', view: settings, userId: 'U_ALICE' });
    await t.settle();
    const editor = t.fake.lastView() as SlackView;
    const refused = await t.submit(
      editor,
      { criteria_weight_0: '30', criteria_weight_1: '15' },
      { userId: 'U_MALLORY' },
    );
    expect(JSON.stringify(refused.body)).toContain('Only the settings admins');
    expect((await t.adr.services.scoring.getDefaultCriteria('T_TEST'))[0]?.weight).toBe(25);
  });

  it('refuses a settings submission forged by someone who is not a settings admin', async () => {
    await configure(t, { channel: 'C_DECISIONS', admins: ['U_ALICE'] });
    const since = t.fake.calls.length;
    await t.slack.command('config', { userId: 'U_ALICE' });
    const settings = viewOf(t.fake, await t.fake.waitFor('views.open', undefined, { since }));
    const forged = await t.submit(
      settings,
      { settings_approval_rule: 'any', settings_admins: ['U_MALLORY'] },
      { userId: 'U_MALLORY' },
    );
    expect(JSON.stringify(forged.body)).toContain('Only the settings admins can change the workspace settings');
    expect((await t.adr.services.settings.get('T_TEST')).adminIds).toEqual(['U_ALICE']);
  });

  it('puts the chosen option’s weighted score in the acceptance announcement and the matrix in the export', async () => {
    await configure(t, { channel: 'C_DECISIONS' });
    const { card } = await proposeAdr(t, { deciders: ['U_BOB'] });
    const since = t.fake.calls.length;
    await t.slack.blockAction({
      actionId: 'adr_card_score',
      value: '1',
      userId: 'U_BOB',
      channelId: card.channel,
      message: { ts: card.ts, blocks: card.blocks },
    });
    await t.settle();
    const scoring = viewOf(t.fake, await t.fake.waitFor('views.open', undefined, { since }));
    const submitted = await t.submit(scoring, scoreInputs(scoring, 'PostgreSQL'), { userId: 'U_BOB' });
    expect(submitted.body?.response_action).toBe('update');

    await t.slack.command('accept 1', { userId: 'U_ALICE' });
    await t.settle();
    const announcement = t.fake.messages('C_DECISIONS').at(-1);
    expect(JSON.stringify(announcement?.blocks)).toContain(
      'Weighted score 5.00 / 5 (100 %), ranked 1 of 2 by 1 scorer',
    );

    await t.slack.command('export 1', { userId: 'U_ALICE' });
    await t.settle();
    const markdown = t.fake.uploadedFiles.at(-1)?.bytes.toString('utf8') ?? '';
    const outcome = markdown.slice(
      markdown.indexOf('## Decision Outcome'),
      markdown.indexOf('### Positive Consequences'),
    );
    expect(outcome).toMatch(/\| PostgreSQL \|/);
  });

  it('keeps the scoring line and the Results button on the card through approval requests and answers', async () => {
    await configure(t, { rule: 'all' });
    const { card } = await proposeAdr(t, { deciders: ['U_BOB', 'U_CAROL'] });
    await click(t, card, 'adr_card_score', 'U_BOB', { value: '1' });
    const scoring = t.fake.lastView() as SlackView;
    await t.submit(scoring, scoreInputs(scoring, 'PostgreSQL'), { userId: 'U_BOB' });
    await t.settle();
    const scored = () => allText(current(t, card).blocks);
    expect(scored()).toContain('Scored by 1: <@U_BOB>');

    await click(t, current(t, card), 'adr_card_request_approval', 'U_ALICE');
    expect(scored()).toContain(':hourglass_flowing_sand: <@U_BOB>');
    expect(scored()).toContain('Scored by 1: <@U_BOB>');
    expect(scored()).toContain('adr_card_results');
    expect(scored()).toContain('adr_card_score');

    const request = dmsTo(t, 'U_BOB').find((m) => allText(m.blocks).includes('adr_approval_approve'));
    if (!request) throw new Error('no approval request for Bob');
    await click(t, request, 'adr_approval_approve', 'U_BOB');
    expect(scored()).toContain(':white_check_mark: <@U_BOB>');
    expect(scored()).toContain('Scored by 1: <@U_BOB>');
    expect(scored()).toContain('adr_card_results');
  });
});
