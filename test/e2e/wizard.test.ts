import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wizardMetadata } from '../../src/slack/metadata.js';
import { answerOf, startTestApp, type TestApp, viewOf } from '../support/app-harness.js';
import type { SlackView } from '../support/fake-slack.js';
import { count, firstRow, value } from '../support/rows.js';
import type { ViewStateValues } from '../support/view-state.js';

let t: TestApp;

beforeEach(async () => {
  t = await startTestApp();
});

afterEach(async () => {
  expect(t.fake.violations).toEqual([]);
  expect(t.fake.broadcasts).toEqual([]);
  await t.stop();
});

async function openWizard(text = 'new Use PostgreSQL for orders', userId = 'U_ALICE'): Promise<SlackView> {
  const since = t.fake.calls.length;
  const response = await t.slack.command(text, { userId });
  expect(response.status).toBe(200);
  return viewOf(t.fake, await t.fake.waitFor('views.open', undefined, { since }));
}

function blockIds(view: SlackView | undefined): string[] {
  return (view?.blocks ?? []).map((block) => String(block.block_id));
}

function stepOf(view: SlackView | undefined): number {
  return wizardMetadata.decode(view?.private_metadata)?.step ?? 0;
}

describe('drafting wizard', () => {
  it('walks from /adr new to a Proposed ADR-001 whose card is posted in the channel', async () => {
    const step1 = await openWizard();
    expect((step1.title as { text: string }).text).toBe('New ADR (1/5)');
    const s1 = await t.submit(step1, {
      wizard_title: 'Use PostgreSQL for orders',
      wizard_deciders: ['U_BOB', 'U_CAROL'],
      wizard_technical_story: 'JIRA-42',
      wizard_context: 'Orders need transactions across several tables.',
    });
    expect(s1.body?.response_action).toBe('update');
    expect(stepOf(s1.next)).toBe(2);

    const s2 = await t.submit(s1.next as SlackView, {
      wizard_drivers: 'ACID transactions\n* Team knows SQL',
      wizard_option_0: 'PostgreSQL',
      wizard_option_1: 'MongoDB',
    });
    expect(stepOf(s2.next)).toBe(3);
    expect(blockIds(s2.next)).toEqual(expect.arrayContaining(['wizard_pros_0', 'wizard_cons_1']));

    const s3 = await t.submit(s2.next as SlackView, {
      wizard_pros_0: 'ACID\nJSON support',
      wizard_cons_0: 'Write scaling needs sharding',
      wizard_pros_1: 'Flexible schema',
      wizard_cons_1: 'No joins',
    });
    expect(stepOf(s3.next)).toBe(4);

    const s4 = await t.submit(s3.next as SlackView, {
      wizard_chosen_option: 'PostgreSQL',
      wizard_justification: 'it gives us transactions',
      wizard_positive: 'One database to run',
      wizard_negative: 'Single primary | Mitigation: read replicas',
      wizard_links: 'https://example.com/bench',
    });
    expect(stepOf(s4.next)).toBe(5);
    expect(s4.next?.submit).toMatchObject({ text: 'Propose' });
    expect(JSON.stringify(s4.next?.blocks)).toContain('Chosen option: \\"PostgreSQL\\"');

    const since = t.fake.calls.length;
    const s5 = await t.submit(s4.next as SlackView, {});
    expect(s5.body?.response_action).toBe('clear');
    const posted = await t.fake.waitFor('chat.postMessage', undefined, { since });
    expect(posted.args.channel).toBe('C_GENERAL');
    expect(JSON.stringify(posted.args.blocks)).toContain('ADR-001: Use PostgreSQL for orders');
    await t.settle();

    const row = (await firstRow(t, 'adrs', { team_id: 'T_TEST', number: 1 })) as Record<string, string>;
    expect(row.status).toBe('proposed');
    expect(row.channel_id).toBe('C_GENERAL');
    expect(row.message_ts).toBe(answerOf<{ ts: string }>(posted).ts);
    const content = JSON.parse(String(row.content_json));
    expect(content.deciders).toEqual(['U_BOB', 'U_CAROL']);
    expect(content.drivers).toEqual(['ACID transactions', 'Team knows SQL']);
    expect(content.options[0]).toEqual({
      name: 'PostgreSQL',
      pros: ['ACID', 'JSON support'],
      cons: ['Write scaling needs sharding'],
    });
    expect(content.negativeConsequences).toEqual([{ text: 'Single primary', mitigation: 'read replicas' }]);
    expect(await count(t, 'drafts')).toBe(0);
  });

  it('shows field errors under the fields: empty title, fewer than two options, duplicate names', async () => {
    const step1 = await openWizard('new');
    const empty = await t.submit(step1, { wizard_title: '   ' });
    expect(empty.body).toEqual({
      response_action: 'errors',
      errors: { wizard_title: expect.stringContaining('title') },
    });

    const s1 = await t.submit(step1, { wizard_title: 'Pick a queue' });
    const one = await t.submit(s1.next as SlackView, { wizard_option_0: 'Kafka', wizard_option_1: '' });
    expect(one.body?.response_action).toBe('errors');
    expect(Object.keys(one.body?.errors ?? {})).toEqual(['wizard_option_0']);

    const dup = await t.submit(s1.next as SlackView, { wizard_option_0: 'Kafka', wizard_option_1: ' kafka ' });
    expect(dup.body?.errors).toEqual({ wizard_option_1: expect.stringContaining('already option 1') });
  });

  it('goes Back without losing what was typed, and adds and removes options', async () => {
    const step1 = await openWizard('new Caching');
    const s1 = await t.submit(step1, { wizard_title: 'Caching' });
    let view = s1.next as SlackView;

    // Type two options, then add a third slot: what was typed stays.
    await t.slack.blockAction({
      actionId: 'wizard_add_option',
      view,
      stateValues: {
        ...(view.state.values as ViewStateValues),
        ...withText(view, { wizard_option_0: 'Redis', wizard_option_1: 'Memcached' }),
      },
    });
    await t.settle();
    view = t.fake.getView(view.id) as SlackView;
    expect(blockIds(view)).toContain('wizard_option_2');
    expect(initialOf(view, 'wizard_option_1')).toBe('Memcached');

    // Remove the first option.
    await t.slack.blockAction({ actionId: 'wizard_remove_option', view, selectedOption: '0' });
    await t.settle();
    view = t.fake.getView(view.id) as SlackView;
    expect(initialOf(view, 'wizard_option_0')).toBe('Memcached');

    // Back to step 1 keeps the title.
    await t.slack.blockAction({ actionId: 'wizard_back', view });
    await t.settle();
    view = t.fake.getView(view.id) as SlackView;
    expect(stepOf(view)).toBe(1);
    expect(initialOf(view, 'wizard_title')).toBe('Caching');
  });

  it('keeps everything when the modal is closed, and /adr drafts resumes at that step', async () => {
    const step1 = await openWizard('new Message queue');
    const s1 = await t.submit(step1, { wizard_title: 'Message queue' });
    const view = s1.next as SlackView;
    await t.slack.viewClosed({ ...view, state: { values: withText(view, { wizard_drivers: 'Ordering matters' }) } });

    const drafts = (await t.slack.command('drafts')).json() as { blocks: unknown[] };
    expect(JSON.stringify(drafts.blocks)).toContain('Message queue');
    expect(JSON.stringify(drafts.blocks)).toContain('Step 2 of 5');

    const draftId = String(await value(t, 'drafts', 'id'));
    const since = t.fake.calls.length;
    await t.slack.blockAction({
      actionId: 'adr_draft_resume',
      value: draftId,
      channelId: 'C_GENERAL',
      message: { ts: '1.1', blocks: drafts.blocks },
    });
    const opened = await t.fake.waitFor('views.open', undefined, { since });
    const resumed = viewOf(t.fake, opened);
    expect(stepOf(resumed)).toBe(2);
    expect(initialOf(resumed, 'wizard_drivers')).toBe('Ordering matters');
  });

  it('keeps drafts private: another user cannot resume or submit them', async () => {
    const step1 = await openWizard('new Secret plans');
    const stolen = await t.submit(step1, { wizard_title: 'Hijacked' }, { userId: 'U_MALLORY' });
    expect(stolen.body?.response_action).toBe('update');
    expect(JSON.stringify(stolen.body?.view)).toContain('no longer exists');
    const title = (await value(t, 'drafts', 'content_json')) as string;
    expect(JSON.parse(title).title).toBe('Secret plans');
  });

  it('pre-fills drivers and options from a topic starter without replacing typed text', async () => {
    const step1 = await openWizard('new Database for billing');
    const s1 = await t.submit(step1, { wizard_title: 'Database for billing', wizard_topic: 'database-selection' });
    const names = ['wizard_option_0', 'wizard_option_1', 'wizard_option_2'].map((id) =>
      initialOf(s1.next as SlackView, id),
    );
    expect(names).toEqual(['PostgreSQL', 'MySQL', 'MongoDB']);
  });
});

function findInput(view: SlackView, actionId: string): Record<string, unknown> | undefined {
  for (const block of view.blocks) {
    const element = block.element as Record<string, unknown> | undefined;
    if (element?.action_id === actionId) return element;
  }
  return undefined;
}

function initialOf(view: SlackView, actionId: string): unknown {
  return findInput(view, actionId)?.initial_value;
}

function withText(view: SlackView, inputs: Record<string, string>) {
  const values: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [actionId, value] of Object.entries(inputs)) {
    const block = view.blocks.find((b) => (b.element as Record<string, unknown> | undefined)?.action_id === actionId);
    values[String(block?.block_id)] = { [actionId]: { type: 'plain_text_input', value } };
  }
  return values;
}
