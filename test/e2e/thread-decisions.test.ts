import { afterEach, describe, expect, it } from 'vitest';
import { countTeamRows } from '../../src/db/team-data.js';
import { DecisionOfferActions } from '../../src/slack/ids.js';
import { startTestApp, type TestApp, viewOf } from '../support/app-harness.js';
import { type FakeOpenAI, startFakeOpenAI } from '../support/fake-openai.js';
import type { EphemeralMessage, SlackView, StoredMessage } from '../support/fake-slack.js';
import { count, firstRow, rows, tableNames } from '../support/rows.js';
import type { EventOptions } from '../support/slack-client.js';
import { wizardInputs } from '../support/wizard-driver.js';

let t: TestApp;
let openai: FakeOpenAI | undefined;

const WATCHED = 'C_WATCHED';
const OTHER = 'C_OTHER';
/** In every seeded message, so a scan of the database finds any text that was stored. */
const MARKER = 'zanzibar';

afterEach(async () => {
  expect(t.fake.violations).toEqual([]);
  expect(t.fake.broadcasts).toEqual([]);
  await t.stop();
  await openai?.close();
  openai = undefined;
});

async function start(ai = false): Promise<void> {
  if (ai) openai = await startFakeOpenAI();
  t = await startTestApp(
    openai ? { env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseURL, AI_TIMEOUT_MS: '2000' } } : {},
  );
}

/** `/adr config` as a settings admin, picking the channels to watch. */
async function watch(channels: string[], userId = 'U_ALICE') {
  const since = t.fake.calls.length;
  await t.slack.command('config', { userId });
  const view = viewOf(t.fake, await t.fake.waitFor('views.open', undefined, { since }));
  const submitted = await t.submit(view, { settings_watched_channels: channels }, { userId });
  await t.settle();
  return submitted;
}

/** A thread that reaches a decision in its last reply, written by Carol. */
function seedDecision(channel: string, rootTs: string): StoredMessage[] {
  return t.fake.seedThread(channel, rootTs, [
    { user: 'U_ALICE', text: `Kafka or SQS for the ${MARKER} order events? We need it before the Q3 launch.` },
    { user: 'U_BOB', text: `SQS is simpler to run and the ${MARKER} team already uses AWS for everything else.` },
    { user: 'U_CAROL', text: `Agreed. Let's go with SQS for the ${MARKER} events.` },
  ]);
}

function messageEvent(message: StoredMessage): Record<string, unknown> {
  return {
    type: 'message',
    channel: message.channel,
    channel_type: 'channel',
    user: message.user,
    text: message.text,
    ts: message.ts,
    thread_ts: message.thread_ts,
  };
}

/** Slack delivers a thread reply; resolves once the app's work after the ack is done. */
async function replied(message: StoredMessage, options: EventOptions = {}): Promise<void> {
  const response = await t.slack.event(messageEvent(message), options);
  expect(response.status).toBe(200);
  await t.settle();
}

async function reacted(message: StoredMessage, user: string, name = 'white_check_mark'): Promise<void> {
  t.fake.react(message.channel, message.ts, name, user);
  const response = await t.slack.event({
    type: 'reaction_added',
    user,
    reaction: name,
    item_user: message.user,
    item: { type: 'message', channel: message.channel, ts: message.ts },
  });
  expect(response.status).toBe(200);
  await t.settle();
}

function offerRowsOf(): Promise<Record<string, unknown>[]> {
  return rows(t, 'thread_offers', {}, { orderBy: ['thread_ts'] });
}

function last<T>(list: T[]): T {
  const item = list.at(-1);
  if (item === undefined) throw new Error('expected at least one');
  return item;
}

/** Clicks a button of the ephemeral offer as the person who received it. */
async function clickOffer(offer: EphemeralMessage, actionId: string) {
  const since = t.fake.calls.length;
  const response = await t.slack.blockAction({
    actionId,
    userId: offer.user,
    channelId: offer.channel,
    message: { ts: offer.message_ts, ...(offer.blocks ? { blocks: offer.blocks } : {}), channel: offer.channel },
    isEphemeral: true,
  });
  expect(response.status).toBe(200);
  await t.settle();
  return since;
}

describe('Decisions noticed in threads', () => {
  it('is off by default, and watches only the channels picked in /adr config', async () => {
    await start();
    const [, , decided] = seedDecision(WATCHED, '1712340000.000100');
    await replied(decided as StoredMessage);
    expect(t.fake.ephemerals()).toEqual([]);
    expect(t.fake.callsTo('conversations.replies')).toEqual([]);

    expect((await watch([WATCHED])).body?.response_action).toBe('clear');
    const [, , other] = seedDecision(OTHER, '1712340100.000100');
    await replied(other as StoredMessage);
    expect(t.fake.ephemerals()).toEqual([]);
    expect(t.fake.callsTo('conversations.replies')).toEqual([]);
    expect(await offerRowsOf()).toEqual([]);

    // The modal shows what is watched, and refuses a channel the app would not hear from.
    const since = t.fake.calls.length;
    await t.slack.command('config', { userId: 'U_ALICE' });
    const view = viewOf(t.fake, await t.fake.waitFor('views.open', undefined, { since }));
    expect(JSON.stringify(view.blocks)).toContain(`"initial_conversations":["${WATCHED}"]`);
    t.fake.setNotInChannel('C_SECRET');
    const refused = await t.submit(view, { settings_watched_channels: [WATCHED, 'C_SECRET'] });
    expect(refused.body?.response_action).toBe('errors');
    expect(refused.body?.errors?.settings_watched_channels).toContain('/invite @ADR Assistant');
  });

  it('offers once, privately, to the author of the deciding reply, in the thread', async () => {
    await start();
    await watch([WATCHED]);
    const [root, , carol] = seedDecision(WATCHED, '1712341000.000100') as [StoredMessage, StoredMessage, StoredMessage];

    // A thread whose replies decide nothing yet: nothing offered, nothing stored.
    const [, open] = t.fake.seedThread(WATCHED, '1712340900.000100', [
      { user: 'U_ALICE', text: `Kafka or SQS for the ${MARKER} order events?` },
      { user: 'U_BOB', text: `SQS is simpler to run for the ${MARKER} team.` },
    ]) as StoredMessage[];
    await replied(open as StoredMessage);
    expect(t.fake.ephemerals()).toEqual([]);
    expect(await offerRowsOf()).toEqual([]);

    await replied(carol);
    const offers = t.fake.ephemerals();
    expect(offers).toHaveLength(1);
    expect(offers[0]).toMatchObject({ channel: WATCHED, user: 'U_CAROL', thread_ts: root.ts });
    expect(offers[0]?.text).toContain('reads like a decision');
    const buttons = JSON.stringify(offers[0]?.blocks);
    expect(buttons).toContain(DecisionOfferActions.draft);
    expect(buttons).toContain(DecisionOfferActions.dismiss);
    // Read with the workspace's own token.
    expect(t.fake.callsTo('chat.postEphemeral')[0]?.token).toBe('xoxb-test-token');
    expect(await offerRowsOf()).toEqual([
      expect.objectContaining({
        team_id: 'T_TEST',
        channel_id: WATCHED,
        thread_ts: root.ts,
        state: 'offered',
        offered_to: 'U_CAROL',
        deciding_ts: carol.ts,
      }),
    ]);

    // A later reply, Slack retrying the event, and ✅ from two people on the deciding reply: no second offer,
    // and the thread is not even read again.
    const reads = t.fake.callsTo('conversations.replies').length;
    const dan = { ...carol, ts: '1712341009.000100', user: 'U_DAN', text: `Great, ${MARKER} it is.` };
    await replied(dan);
    await replied(carol, { eventId: 'EvRETRIED01' });
    await replied(carol, { eventId: 'EvRETRIED01', retryNum: 1, retryReason: 'http_timeout' });
    await reacted(carol, 'U_ALICE');
    await reacted(carol, 'U_BOB', 'heavy_check_mark');
    expect(t.fake.ephemerals()).toHaveLength(1);
    expect(await offerRowsOf()).toHaveLength(1);
    // Only the reactions' look-ups of which thread the message is in.
    expect(t.fake.callsTo('conversations.replies').length - reads).toBe(2);
  });

  it('offers once when two events race for one thread', async () => {
    await start();
    await watch([WATCHED]);
    const [, bob, carol] = seedDecision(WATCHED, '1712342000.000100') as StoredMessage[];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    t.fake.failNext('conversations.replies', { until: gate }, 2);
    const since = t.fake.calls.length;
    await Promise.all([
      t.slack.event(messageEvent(carol as StoredMessage)),
      t.slack.event(messageEvent(bob as StoredMessage)),
    ]);
    // Both reads are in flight before either answers.
    const first = await t.fake.waitFor('conversations.replies', undefined, { since });
    await t.fake.waitFor('conversations.replies', undefined, { since: first.index + 1 });
    release();
    await t.settle();
    expect(t.fake.ephemerals()).toHaveLength(1);
    expect(await offerRowsOf()).toHaveLength(1);
  });

  it('offers on ✅ from two people on a reply that answers the thread', async () => {
    await start();
    await watch([WATCHED]);
    const [, redis] = t.fake.seedThread(WATCHED, '1712343000.000100', [
      { user: 'U_ALICE', text: `Which cache should the ${MARKER} catalogue use, Redis or Memcached?` },
      { user: 'U_BOB', text: `Redis, it gives us persistence and the ${MARKER} team runs it already.` },
    ]) as StoredMessage[];
    await reacted(redis as StoredMessage, 'U_ALICE');
    expect(t.fake.ephemerals()).toEqual([]);
    await reacted(redis as StoredMessage, 'U_CAROL');
    expect(t.fake.ephemerals()).toEqual([expect.objectContaining({ user: 'U_BOB', thread_ts: '1712343000.000100' })]);
    // Other reactions, and ✅ on the thread's first message, are not looked at.
    const reads = t.fake.callsTo('conversations.replies').length;
    await reacted(redis as StoredMessage, 'U_DAN', 'tada');
    expect(t.fake.callsTo('conversations.replies').length).toBe(reads);
  });

  it('never offers for a thread linked to an ADR: an ADR card, or an ADR drafted from the thread', async () => {
    await start();
    await watch([WATCHED]);

    // A thread drafted from with the message shortcut, then proposed: its permalink is the technical story.
    const [root, , carol] = seedDecision(WATCHED, '1712344000.000100') as StoredMessage[];
    const since = t.fake.calls.length;
    await t.slack.messageShortcut('adr_from_thread_shortcut', {
      channelId: WATCHED,
      message: { ts: root?.ts ?? '', user: 'U_ALICE', text: root?.text ?? '' },
    });
    const opened = viewOf(t.fake, await t.fake.waitFor('views.open', undefined, { since }));
    await t.settle();
    let view: SlackView | undefined = t.fake.getView(opened.id);
    expect(JSON.stringify(view?.blocks)).toContain('/archives/C_WATCHED/p1712344000000100');
    for (const inputs of wizardInputs('Order events on SQS')) {
      view = (await t.submit(view as SlackView, inputs)).next;
    }
    await t.settle();
    expect(await count(t, 'drafts')).toBe(0);
    await replied(carol as StoredMessage);

    // A thread under an ADR card.
    const card = last(t.fake.messages(WATCHED).filter((message) => message.bot_id !== undefined));
    const [, , underCard] = seedDecision(WATCHED, card.ts) as StoredMessage[];
    await replied(underCard as StoredMessage);

    expect(t.fake.ephemerals()).toEqual([]);
    expect(await offerRowsOf()).toEqual([]);
  });

  it('offers at most three times per channel a day', async () => {
    await start();
    await watch([WATCHED, OTHER]);
    for (const n of [1, 2, 3, 4]) {
      const [, , carol] = seedDecision(WATCHED, `17123450${n}0.000100`) as StoredMessage[];
      await replied(carol as StoredMessage);
    }
    expect(t.fake.ephemerals(WATCHED)).toHaveLength(3);
    expect((await offerRowsOf()).filter((row) => row.channel_id === WATCHED)).toHaveLength(3);
    // Another channel has its own three.
    const [, , elsewhere] = seedDecision(OTHER, '1712345900.000100') as StoredMessage[];
    await replied(elsewhere as StoredMessage);
    expect(t.fake.ephemerals(OTHER)).toHaveLength(1);
  });

  it('remembers *Not a decision* and replaces the offer with a confirmation', async () => {
    await start();
    await watch([WATCHED]);
    const [root, , carol] = seedDecision(WATCHED, '1712346000.000100') as StoredMessage[];
    await replied(carol as StoredMessage);
    const offer = last(t.fake.ephemerals());

    const since = await clickOffer(offer, DecisionOfferActions.dismiss);
    const answer = t.fake.callsTo('response_url').filter((call) => call.index >= since);
    expect(answer).toHaveLength(1);
    expect(answer[0]?.args).toMatchObject({ replace_original: true });
    expect(String(answer[0]?.args.text)).toContain('not a decision');
    expect(await offerRowsOf()).toEqual([
      expect.objectContaining({ thread_ts: root?.ts, state: 'dismissed', answered_by: 'U_CAROL' }),
    ]);

    // Even after the offer's claim is gone from the day's count, the thread is never offered again.
    await replied(carol as StoredMessage);
    expect(t.fake.ephemerals()).toHaveLength(1);
  });

  it('*Draft ADR from thread* opens the wizard with the thread linked', async () => {
    await start();
    await watch([WATCHED]);
    const [root, , carol] = seedDecision(WATCHED, '1712347000.000100') as StoredMessage[];
    await replied(carol as StoredMessage);
    const offer = last(t.fake.ephemerals());

    const since = await clickOffer(offer, DecisionOfferActions.draft);
    const opened = viewOf(t.fake, await t.fake.waitFor('views.open', undefined, { since }));
    const wizard = t.fake.getView(opened.id);
    expect(wizard?.callback_id).toBe('adr_wizard_modal');
    expect(JSON.stringify(wizard?.blocks)).toContain('https://test.slack.com/archives/C_WATCHED/p1712347000000100');
    const draft = (await firstRow(t, 'drafts', {}, { columns: ['user_id', 'channel_id', 'content_json'] })) as {
      user_id: string;
      channel_id: string;
      content_json: string;
    };
    expect(draft).toMatchObject({ user_id: 'U_CAROL', channel_id: WATCHED });
    expect(JSON.parse(draft.content_json).technicalStory).toBe(
      'https://test.slack.com/archives/C_WATCHED/p1712347000000100',
    );
    const answer = t.fake.callsTo('response_url').filter((call) => call.index >= since);
    expect(answer.map((call) => call.args.replace_original)).toEqual([true]);
    expect(await offerRowsOf()).toEqual([
      expect.objectContaining({ thread_ts: root?.ts, state: 'drafted', answered_by: 'U_CAROL' }),
    ]);
  });

  it('stores no message text from watched channels, in any table', async () => {
    await start();
    await watch([WATCHED]);
    for (const n of [1, 2]) {
      const [, bob, carol] = seedDecision(WATCHED, `17123480${n}0.000100`) as StoredMessage[];
      await replied(bob as StoredMessage);
      await replied(carol as StoredMessage);
    }
    await clickOffer(last(t.fake.ephemerals()), DecisionOfferActions.dismiss);
    expect(t.fake.ephemerals()).toHaveLength(2);

    const tables = await tableNames(t);
    expect(tables).toContain('thread_offers');
    for (const table of tables) {
      const found = await rows(t, table as 'adrs');
      const text = found
        .flatMap((row) => Object.values(row))
        .map((value) => (Buffer.isBuffer(value) ? value.toString('latin1') : String(value)))
        .join('\n')
        .toLowerCase();
      expect(text, table).not.toContain(MARKER);
      expect(text, table).not.toContain("let's go with");
    }
    expect((await countTeamRows(t.adr.store, 'T_TEST')).thread_offers).toBe(2);
  });
});

describe('Decisions noticed in threads, with an AI key', () => {
  it('asks the model before offering, with the thread fenced as data, and offers only when it agrees', async () => {
    await start(true);
    await watch([WATCHED]);
    const ai = openai as FakeOpenAI;

    ai.script({ json: { decided: false, reason: 'They only compared the two queues.' } });
    const [root, , carol] = seedDecision(WATCHED, '1712349000.000100') as StoredMessage[];
    await replied(carol as StoredMessage);
    expect(t.fake.ephemerals()).toEqual([]);
    expect(ai.requests).toHaveLength(1);
    const body = ai.requests[0]?.body as { messages: { role: string; content: string }[] };
    const prompt = body.messages.find((message) => message.role === 'user')?.content ?? '';
    expect(prompt).toContain('<untrusted kind="thread">');
    expect(prompt).toContain('<untrusted kind="deciding_message">');
    expect(prompt).toContain("Let's go with SQS");
    expect(prompt).not.toContain('U_CAROL');
    expect(await offerRowsOf()).toEqual([
      expect.objectContaining({ thread_ts: root?.ts, state: 'declined', deciding_ts: carol?.ts, offered_at: null }),
    ]);

    // The same deciding message is not asked about again.
    await replied(carol as StoredMessage);
    expect(ai.requests).toHaveLength(1);

    // Another thread the model confirms is offered.
    const [, , confirmed] = seedDecision(WATCHED, '1712349100.000100') as StoredMessage[];
    await replied(confirmed as StoredMessage);
    expect(ai.requests).toHaveLength(2);
    expect(t.fake.ephemerals()).toEqual([expect.objectContaining({ user: 'U_CAROL', thread_ts: '1712349100.000100' })]);
  });
});
