import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app-harness.js';
import { allText, click, configure, dmsTo, proposeAdr } from '../support/decisions.js';
import type { SlackView, StoredMessage } from '../support/fake-slack.js';
import { expectErrorLogged } from '../support/log-capture.js';

let t: TestApp;

beforeEach(async () => {
  t = await startTestApp();
});

afterEach(async () => {
  expect(t.fake.violations).toEqual([]);
  expect(t.fake.broadcasts).toEqual([]);
  await t.stop();
});

async function openHome(userId: string): Promise<SlackView> {
  const response = await t.slack.event({ type: 'app_home_opened', user: userId, channel: 'D_HOME', tab: 'home' });
  expect(response.status).toBe(200);
  await t.settle();
  const view = t.fake.homeView(userId);
  if (!view) throw new Error(`no Home was published for ${userId}`);
  return view;
}

function headers(view: SlackView | undefined): string[] {
  return (view?.blocks ?? [])
    .filter((block) => block.type === 'header')
    .map((block) => String((block.text as { text: string }).text));
}

function listed(view: SlackView | undefined): number[] {
  return (view?.blocks ?? [])
    .map((block) => block.accessory as { action_id?: string; value?: string } | undefined)
    .filter((accessory) => accessory?.action_id === 'adr_list_view')
    .map((accessory) => Number(accessory?.value));
}

describe('App Home', () => {
  it('shows a decider what waits for their approval, and a non-decider their drafts and the log', async () => {
    await configure(t, { channel: 'C_DECISIONS', admins: ['U_ALICE'] });
    const { card } = await proposeAdr(t, { deciders: ['U_BOB', 'U_CAROL'] });
    await click(t, card, 'adr_card_request_approval', 'U_ALICE');
    await t.slack.command('new Event sourcing for audit', { userId: 'U_ERIN' });
    await t.settle();

    const bob = await openHome('U_BOB');
    expect(headers(bob)).toEqual(['Architecture decisions', 'Waiting for your approval', 'Decision log']);
    expect(allText(bob.blocks)).toContain('adr_new_button');
    expect(allText(bob.blocks)).toContain('adr_home_filter');
    expect(listed(bob)).toEqual([1, 1]);

    const erin = await openHome('U_ERIN');
    expect(headers(erin)).toEqual(['Architecture decisions', 'Your drafts', 'Decision log']);
    expect(allText(erin.blocks)).toContain('Event sourcing for audit');
    expect(allText(erin.blocks)).toContain('adr_draft_resume');
    expect(listed(erin)).toEqual([1]);

    // Resume from the Home tab opens the wizard on that draft.
    const since = t.fake.calls.length;
    const resume = (erin.blocks.find((b) => allText(b).includes('adr_draft_resume'))?.accessory ?? {}) as {
      value: string;
    };
    await t.slack.blockAction({ actionId: 'adr_draft_resume', userId: 'U_ERIN', view: erin, value: resume.value });
    const opened = await t.fake.waitFor('views.open', undefined, { since });
    expect(allText(opened.args.view)).toContain('Event sourcing for audit');
  });

  it('re-publishes the Home of the people concerned when an approval accepts an ADR', async () => {
    await configure(t, { rule: 'any' });
    const { card } = await proposeAdr(t, { deciders: ['U_BOB', 'U_CAROL'] });
    await click(t, card, 'adr_card_request_approval', 'U_ALICE');
    expect(headers(await openHome('U_CAROL'))).toContain('Waiting for your approval');

    const since = t.fake.calls.length;
    await click(t, dmsTo(t, 'U_BOB')[0] as StoredMessage, 'adr_approval_approve', 'U_BOB');
    const published = t.fake
      .callsTo('views.publish')
      .filter((call) => call.index >= since)
      .map((call) => call.args.user_id);
    expect(new Set(published)).toEqual(new Set(['U_ALICE', 'U_BOB', 'U_CAROL']));
    // Each person once, even though the approval and the acceptance both asked for a refresh.
    expect(published).toHaveLength(3);
    const carol = t.fake.homeView('U_CAROL');
    expect(headers(carol)).not.toContain('Waiting for your approval');
    expect(allText(carol?.blocks)).toContain('Accepted');
  });

  it('filters the decision log by status and keeps the filter when the Home is refreshed', async () => {
    await proposeAdr(t, { title: 'First decision' });
    await proposeAdr(t, { title: 'Second decision' });
    await t.slack.command('accept 1');
    await t.settle();
    const home = await openHome('U_ALICE');
    expect(listed(home)).toEqual([2, 1]);

    await t.slack.blockAction({
      actionId: 'adr_home_filter',
      userId: 'U_ALICE',
      view: home,
      selectedOption: 'accepted',
    });
    await t.settle();
    const filtered = t.fake.homeView('U_ALICE');
    expect(listed(filtered)).toEqual([1]);
    expect(allText(filtered?.blocks)).toContain('"initial_option":{"text":{"type":"plain_text","text":"Accepted"}');

    await openHome('U_ALICE');
    expect(listed(t.fake.homeView('U_ALICE'))).toEqual([1]);

    await t.slack.blockAction({ actionId: 'adr_home_filter', userId: 'U_ALICE', view: home, selectedOption: 'all' });
    await t.settle();
    expect(listed(t.fake.homeView('U_ALICE'))).toEqual([2, 1]);
  });

  it('shows failed notifications to settings admins only', async () => {
    await configure(t, { channel: 'C_DECISIONS', admins: ['U_ALICE'] });
    await proposeAdr(t, { deciders: ['U_BOB'] });
    t.fake.failNext('chat.postMessage', { error: 'is_archived' });
    await t.slack.command('accept 1');
    await t.settle();
    expectErrorLogged('failed after 1 attempt(s): is_archived');
    expect(headers(await openHome('U_ALICE'))).toContain('Failed notifications');
    expect(allText(t.fake.homeView('U_ALICE')?.blocks)).toContain('is_archived');
    expect(headers(await openHome('U_BOB'))).not.toContain('Failed notifications');
  });

  it('opens the wizard from the New ADR button', async () => {
    const home = await openHome('U_ALICE');
    const since = t.fake.calls.length;
    await t.slack.blockAction({ actionId: 'adr_new_button', userId: 'U_ALICE', view: home });
    const opened = await t.fake.waitFor('views.open', undefined, { since });
    expect(allText(opened.args.view)).toContain('adr_wizard_modal');
  });
});
