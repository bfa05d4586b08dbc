import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredAdr } from '../../src/db/adr-repository.js';
import { emptyContent } from '../../src/domain/adr.js';
import { DEFAULT_CRITERIA } from '../../src/domain/scoring.js';
import { postAdrCard } from '../../src/slack/card-poster.js';
import { answerOf, startTestApp, type TestApp, viewOf } from '../support/app-harness.js';
import type { RecordedCall, SlackView } from '../support/fake-slack.js';
import { storeDb } from '../support/rows.js';

let t: TestApp;
/** Answers a chat.update the test holds in flight; called again after each test so a failing one never hangs. */
let answer = () => {};

beforeEach(async () => {
  t = await startTestApp();
});

afterEach(async () => {
  answer();
  expect(t.fake.violations).toEqual([]);
  expect(t.fake.broadcasts).toEqual([]);
  await t.stop();
});

const TEAM = 'T_TEST';
const OPTIONS = ['PostgreSQL', 'MongoDB', 'MySQL'];

async function proposeAdr(): Promise<StoredAdr> {
  const content = {
    ...emptyContent('Primary database'),
    deciders: ['U_BOB'],
    options: OPTIONS.map((name) => ({ name, pros: [], cons: [] })),
  };
  const adr = await t.adr.services.decisions.propose(TEAM, 'U_ALICE', content, 'C_GENERAL');
  await postAdrCard(t.adr.app.client, t.adr.services.decisions, adr, 'C_GENERAL');
  return (await t.adr.services.decisions.find(TEAM, adr.number)) as StoredAdr;
}

async function card() {
  const adr = (await t.adr.services.decisions.find(TEAM, 1)) as StoredAdr;
  const message = t.fake.messages(adr.card?.channelId).find((m) => m.ts === adr.card?.ts);
  if (!message) throw new Error('card not posted');
  return message;
}

async function openScoring(userId: string): Promise<SlackView> {
  const since = t.fake.calls.length;
  const message = await card();
  await t.slack.blockAction({
    actionId: 'adr_card_score',
    value: '1',
    userId,
    teamId: TEAM,
    channelId: message.channel,
    message: { ts: message.ts, blocks: message.blocks },
  });
  return viewOf(t.fake, await t.fake.waitFor('views.open', undefined, { since }));
}

/** Every score select of the page set to `value`. */
function fillAll(view: SlackView, value: number): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const block of view.blocks) {
    const actionId = (block.element as { action_id?: string } | undefined)?.action_id ?? '';
    if (/^score_\d+_/.test(actionId)) inputs[actionId] = String(value);
  }
  return inputs;
}

async function cardUpdates(since: number): Promise<RecordedCall[]> {
  const { channel, ts } = await card();
  return t.fake.calls
    .slice(since)
    .filter((call) => call.method === 'chat.update' && call.args.channel === channel && call.args.ts === ts);
}

function noteOf(view: SlackView | undefined): string {
  return JSON.stringify(view?.blocks ?? []);
}

describe('the ADR card during a burst of scoring', () => {
  it('is refreshed once more after the submissions that arrive while it is being updated, with all of them', async () => {
    await proposeAdr();
    const people = ['U_ALICE', 'U_BOB', 'U_CAROL', 'U_DAVE'];
    const views = new Map<string, SlackView>();
    for (const userId of people) views.set(userId, await openScoring(userId));

    // Slack is slow to answer the first update; meanwhile three more people save their scores.
    t.fake.failNext('chat.update', { until: new Promise<void>((resolve) => (answer = resolve)) });
    const since = t.fake.calls.length;
    const [first, ...others] = people;
    await t.submit(views.get(first as string) as SlackView, fillAll(views.get(first as string) as SlackView, 4), {
      userId: first as string,
    });
    const held = await t.fake.waitFor('chat.update', undefined, { since });
    expect(JSON.stringify(held.args.blocks)).toContain('Scored by 1: <@U_ALICE>');
    for (const userId of others) {
      const view = views.get(userId) as SlackView;
      const saved = await t.submit(view, fillAll(view, 3), { userId });
      expect(saved.next?.callback_id).toBe('adr_scoring_results_modal');
    }
    expect(await cardUpdates(since)).toHaveLength(1);

    answer();
    await t.settle();
    const updates = await cardUpdates(since);
    // One update per burst instead of one per submission, and the last one counts everybody.
    expect(updates).toHaveLength(2);
    expect(updates.map((call) => answerOf(call).ok)).toEqual([true, true]);
    const everybody = 'Scored by 4: <@U_ALICE>, <@U_BOB>, <@U_CAROL>, <@U_DAVE>';
    expect(JSON.stringify(updates[1]?.args.blocks)).toContain(everybody);
    expect(JSON.stringify((await card()).blocks)).toContain(everybody);
    expect((await card()).updates).toBe(2);
  });

  it('is refreshed once per submission when they do not overlap', async () => {
    await proposeAdr();
    const since = t.fake.calls.length;
    for (const [index, userId] of ['U_ALICE', 'U_BOB'].entries()) {
      const view = await openScoring(userId);
      await t.submit(view, fillAll(view, 2 + index), { userId });
      await t.settle();
      expect(await cardUpdates(since)).toHaveLength(index + 1);
    }
    expect(JSON.stringify((await card()).blocks)).toContain('Scored by 2: <@U_ALICE>, <@U_BOB>');
  });
});

describe('the note after the last page', () => {
  it('counts the cells of criteria added while the person was scoring, and only theirs', async () => {
    await proposeAdr();
    const stale = await openScoring('U_CAROL');

    // Alice (the author) adds Security while Carol's page is open.
    const rows = DEFAULT_CRITERIA.map((criterion) => ({
      id: criterion.id,
      name: criterion.name,
      weight: String(criterion.id === 'learning_curve' ? 0 : criterion.weight),
    }));
    const edited = await t.adr.services.scoring.saveCriteria({ teamId: TEAM, userId: 'U_ALICE' }, 1, [
      ...rows,
      { id: null, name: 'Security', weight: '5' },
    ]);
    expect(edited).toMatchObject({ ok: true, value: { kind: 'saved' } });

    // Bob opens the page after the change: he scores Security too, so nothing of his is missing.
    const fresh = await openScoring('U_BOB');
    const bob = await t.submit(fresh, fillAll(fresh, 5), { userId: 'U_BOB' });
    expect(noteOf(bob.next)).toContain('your scores are saved.');
    expect(noteOf(bob.next)).not.toContain('still unscored');

    // Carol's page had no Security selects: her three Security cells are missing (Bob's do not count for her).
    const carol = await t.submit(stale, fillAll(stale, 4), { userId: 'U_CAROL' });
    expect(carol.next?.callback_id).toBe('adr_scoring_results_modal');
    expect(noteOf(carol.next)).toContain(
      'your scores are saved. 3 of your cells are still unscored (the criteria or options changed)',
    );
    const stored = await storeDb(t)
      .selectFrom('scores')
      .select(['scorer_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('criterion_id', '=', 'security')
      .groupBy('scorer_id')
      .execute();
    expect(stored).toEqual([{ scorer_id: 'U_BOB', n: 3 }]);

    // Carol revises with the new page: her note no longer mentions missing cells.
    const revising = await openScoring('U_CAROL');
    const again = await t.submit(revising, fillAll(revising, 4), { userId: 'U_CAROL' });
    expect(noteOf(again.next)).not.toContain('still unscored');
    expect(noteOf(again.next)).toContain('Scored by 2: <@U_BOB>, <@U_CAROL>');
    await t.settle();
  });
});
