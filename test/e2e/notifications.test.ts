import { addMonths } from 'date-fns';
import { afterEach, describe, expect, it } from 'vitest';
import { sameDatabaseAs, startTestApp, type TestApp, type TestAppOptions, viewOf } from '../support/app-harness.js';
import { allText, click, configure, current, dmsTo, mrkdwnTexts, proposeAdr } from '../support/decisions.js';
import type { StoredMessage } from '../support/fake-slack.js';
import { expectErrorLogged } from '../support/log-capture.js';
import { count, rows, value } from '../support/rows.js';

let t: TestApp;
const extra: TestApp[] = [];

async function start(options: TestAppOptions = {}): Promise<TestApp> {
  t = await startTestApp(options);
  return t;
}

afterEach(async () => {
  for (const app of extra.splice(0)) await app.stop();
  expect(t.fake.violations).toEqual([]);
  expect(t.fake.broadcasts).toEqual([]);
  await t.stop();
});

function outboxRows(kind?: string): Promise<Record<string, unknown>[]> {
  return rows(t, 'outbox', kind ? { kind } : {});
}

function postsTo(channel: string) {
  return t.fake.callsTo('chat.postMessage').filter((call) => call.args.channel === channel);
}

async function command(text: string, userId = 'U_ALICE'): Promise<string> {
  const response = await t.slack.command(text, { userId });
  await t.settle();
  return response.body;
}

/** The fallback text and every mrkdwn text of a message: where Slack would render a mention. */
function renderedTexts(message: Pick<StoredMessage, 'text' | 'blocks'>): string[] {
  return [message.text ?? '', ...mrkdwnTexts(message.blocks)];
}

describe('channel notifications', () => {
  it('announces an acceptance in the decisions channel and the proposal thread, and edits it on supersede', async () => {
    await start();
    await configure(t, { channel: 'C_DECISIONS' });
    const { card } = await proposeAdr(t, { deciders: ['U_BOB'] });
    expect(await command('accept 1')).toContain('is now Accepted');

    const [announcement] = t.fake.messages('C_DECISIONS');
    expect(announcement?.text).toBe('ADR-001 accepted: Use PostgreSQL for orders');
    const row = (await outboxRows('announce_accepted'))[0];
    expect(row).toMatchObject({
      status: 'sent',
      attempts: 1,
      sent_channel_id: 'C_DECISIONS',
      sent_ts: announcement?.ts,
    });
    const thread = t.fake.messages('C_GENERAL').filter((m) => m.thread_ts === card.ts);
    expect(thread).toHaveLength(1);
    expect(allText(thread[0]?.blocks)).toContain('Announced in <#C_DECISIONS>');

    await proposeAdr(t, { title: 'Use CockroachDB for orders', deciders: ['U_BOB'] });
    const since = t.fake.calls.length;
    expect(await command('supersede 1 by 2')).toContain('superseded by ADR-002');

    const updates = t.fake.callsTo('chat.update').filter((c) => c.index >= since && c.args.channel === 'C_DECISIONS');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.args.ts).toBe(announcement?.ts);
    const edited = current(t, announcement as StoredMessage);
    expect(edited.updates).toBe(1);
    expect(allText(edited.blocks)).toContain('Superseded by ADR-002: Use CockroachDB for orders');
    expect(edited.text).toContain('(Superseded by ADR-002)');

    const channel = t.fake.messages('C_DECISIONS');
    expect(channel).toHaveLength(2);
    expect(channel[1]?.text).toBe(
      'ADR-001: Use PostgreSQL for orders is superseded by ADR-002: Use CockroachDB for orders',
    );
    expect((await outboxRows()).every((r) => r.status === 'sent')).toBe(true);
  });

  it('announces a deprecation and marks the earlier announcement deprecated', async () => {
    await start();
    await configure(t, { channel: 'C_DECISIONS' });
    await proposeAdr(t);
    await command('accept 1');
    await command('deprecate 1');
    const [first, second] = t.fake.messages('C_DECISIONS');
    expect(second?.text).toBe('ADR-001: Use PostgreSQL for orders is now deprecated');
    expect(first?.updates).toBe(1);
    expect(allText(first?.blocks)).toContain('*Deprecated*');
    expect(allText(first?.blocks)).toContain('no longer applies');
  });

  it('only replies in the thread when no decisions channel is set', async () => {
    await start();
    const { card } = await proposeAdr(t);
    await command('accept 1');
    expect(await outboxRows('announce_accepted')).toEqual([]);
    expect(t.fake.messages('C_GENERAL').filter((m) => m.thread_ts === card.ts)).toHaveLength(1);
  });

  it('honours Retry-After on a 429 and then posts exactly one message', async () => {
    await start();
    await configure(t, { channel: 'C_DECISIONS' });
    await proposeAdr(t);
    t.fake.failNext('chat.postMessage', { status: 429, retryAfter: 30 });
    const before = Date.now();
    await command('accept 1');

    const [row] = await outboxRows('announce_accepted');
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: expect.stringContaining('rate limited') });
    const nextAttempt = new Date(String(row?.next_attempt_at)).getTime();
    expect(nextAttempt).toBeGreaterThanOrEqual(before + 30_000);
    expect(t.fake.messages('C_DECISIONS')).toEqual([]);

    // Not before Slack said so...
    expect((await t.adr.slack.dispatcher.runOnce(new Date(nextAttempt - 1_000))).sent).toBe(0);
    // ...then once.
    expect(await t.adr.slack.dispatcher.runOnce(new Date(nextAttempt))).toMatchObject({ sent: 1, failed: 0 });
    await t.adr.slack.dispatcher.runOnce(new Date(nextAttempt + 60_000));

    expect(t.fake.messages('C_DECISIONS')).toHaveLength(1);
    expect(postsTo('C_DECISIONS').map((call) => call.response?.status)).toEqual([429, 200]);
    expect((await outboxRows('announce_accepted'))[0]).toMatchObject({
      status: 'sent',
      attempts: 2,
      sent_ts: t.fake.messages('C_DECISIONS')[0]?.ts,
    });
  });

  it('sends a notification still pending at shutdown once, after the restart', async () => {
    // A long backoff keeps the first app from retrying on its own before it is stopped.
    await start({ env: { OUTBOX_RETRY_BASE_MS: '600000' } });
    await configure(t, { channel: 'C_DECISIONS' });
    await proposeAdr(t);
    t.fake.failNext('chat.postMessage', { status: 500 });
    await command('accept 1');
    expect((await outboxRows('announce_accepted'))[0]).toMatchObject({ status: 'pending', attempts: 1 });
    await t.adr.stop();

    // The same database file and Slack, eleven minutes later: the start run finds the row due.
    const first = t;
    const restarted = await startTestApp({
      fake: first.fake,
      ...sameDatabaseAs(first),
      now: () => new Date(Date.now() + 11 * 60_000),
    });
    extra.push(restarted);
    await restarted.settle();
    expect(first.fake.messages('C_DECISIONS')).toHaveLength(1);
    expect(postsTo('C_DECISIONS').map((call) => call.response?.status)).toEqual([500, 200]);

    // A further run (or another restart) does not post it again.
    await restarted.adr.slack.dispatcher.runOnce(new Date(Date.now() + 24 * 3_600_000));
    expect(first.fake.messages('C_DECISIONS')).toHaveLength(1);
    const [row] = await rows(restarted, 'outbox', { kind: 'announce_accepted' }, { columns: ['status', 'attempts'] });
    expect(row).toEqual({ status: 'sent', attempts: 2 });
  });

  it('marks a notification failed after its last retry, logs it, and shows it to admins with a Retry', async () => {
    await start({ env: { OUTBOX_MAX_ATTEMPTS: '2', OUTBOX_RETRY_BASE_MS: '600000' } });
    await configure(t, { channel: 'C_DECISIONS', admins: ['U_ALICE'] });
    await proposeAdr(t);
    // The announcement and the thread reply fail; at the retry the announcement fails again, for good.
    t.fake.failNext('chat.postMessage', { status: 503 }, 3);
    await command('accept 1');
    const result = await t.adr.slack.dispatcher.runOnce(new Date(Date.now() + 3_600_000));
    expect(result).toMatchObject({ failed: 1, sent: 1 });
    await t.settle();
    expect(expectErrorLogged('failed after 2 attempt(s)')[0]?.text).toContain(
      'Notification #1 (announce_accepted of ADR 1, team T_TEST) failed after 2 attempt(s): HTTP 503 from Slack',
    );
    expect((await outboxRows('announce_accepted'))[0]).toMatchObject({
      status: 'failed',
      attempts: 2,
      last_error: 'HTTP 503 from Slack',
    });

    const home = t.fake.homeView('U_ALICE');
    expect(allText(home?.blocks)).toContain('Failed notifications');
    expect(allText(home?.blocks)).toContain('HTTP 503 from Slack');

    await t.slack.blockAction({
      actionId: 'adr_home_retry',
      userId: 'U_ALICE',
      view: home as NonNullable<typeof home>,
    });
    await t.settle();
    expect(t.fake.messages('C_DECISIONS')).toHaveLength(1);
    expect((await outboxRows('announce_accepted'))[0]).toMatchObject({ status: 'sent' });
    expect(allText(t.fake.homeView('U_ALICE')?.blocks)).not.toContain('Failed notifications');
  });

  it('escapes user text in every message: an ADR titled "Ping <!channel> & <@U123>" pings nobody', async () => {
    await start();
    await configure(t, { channel: 'C_DECISIONS', rule: 'any' });
    const { card } = await proposeAdr(t, { title: 'Ping <!channel> & <@U123>', deciders: ['U_BOB'] });
    await click(t, card, 'adr_card_request_approval', 'U_ALICE');
    const request = dmsTo(t, 'U_BOB')[0] as StoredMessage;
    await click(t, request, 'adr_approval_approve', 'U_BOB');
    await proposeAdr(t, { title: 'Successor <!here>', deciders: ['U_BOB'] });
    await command('supersede 1 by 2');

    const sent = [...t.fake.messages('C_DECISIONS'), ...t.fake.messages('C_GENERAL'), ...dmsTo(t, 'U_BOB')];
    const aboutTitle = sent.filter((m) => (m.text ?? '').includes('Ping'));
    // The announcement (edited on supersede), the retirement, the thread reply, the card, the approval request.
    expect(aboutTitle.length).toBeGreaterThanOrEqual(5);
    for (const message of aboutTitle) {
      expect(message.text).toContain('&lt;!channel&gt; &amp; &lt;@U123&gt;');
      for (const text of renderedTexts(message)) {
        expect(text).not.toMatch(/<!channel>|<!here>|<@U123>/);
      }
    }
    expect(allText(t.fake.messages('C_DECISIONS')[1])).toContain('Successor &lt;!here&gt;');
  });
});

describe('configuration', () => {
  it('tells the configuring user how to invite the app when it is not in the chosen channel', async () => {
    await start();
    t.fake.seedChannel({ id: 'C_PRIVATE', name: 'architecture' });
    t.fake.setNotInChannel('C_PRIVATE');
    const answer = await configure(t, { channel: 'C_PRIVATE' });
    expect(answer.body).toEqual({
      response_action: 'errors',
      errors: { settings_decisions_channel: expect.stringContaining('/invite @ADR Assistant in #architecture') },
    });
    expect(await count(t, 'workspace_settings')).toBe(0);

    t.fake.failNext('conversations.info', { error: 'channel_not_found' });
    const missing = await configure(t, { channel: 'C_SECRET' });
    expect(missing.body?.errors?.settings_decisions_channel).toContain('/invite @ADR Assistant');
  });

  it('makes the first configurer the settings admin; others then see the settings read-only', async () => {
    await start();
    const saved = await configure(t, { channel: 'C_DECISIONS', rule: 'all', reviewMonths: 6, reminderDays: 3 });
    expect(saved.body?.response_action).toBe('clear');
    expect(await t.adr.services.settings.get('T_TEST')).toMatchObject({
      decisionsChannelId: 'C_DECISIONS',
      approvalRule: 'all',
      reviewPeriodMonths: 6,
      approvalReminderDays: 3,
      adminIds: ['U_ALICE'],
    });
    const since = t.fake.calls.length;
    const other = (await t.slack.command('config', { userId: 'U_MALLORY' })).json() as { blocks: unknown[] };
    expect(allText(other.blocks)).toContain('Only the settings admins can change them');
    expect(allText(other.blocks)).toContain('All deciders');
    expect(t.fake.callsTo('views.open').filter((c) => c.index >= since)).toEqual([]);
  });
});

describe('review reminders', () => {
  it('sets a review date on acceptance and DMs the author once when it is due; Keep pushes it', async () => {
    await start();
    await configure(t, { channel: 'C_DECISIONS', reviewMonths: 6 });
    const { card } = await proposeAdr(t);
    const acceptedAt = new Date();
    await command('accept 1');
    const due = new Date((await value(t, 'adr_reviews', 'due_at')) as string);
    expect(due.getTime()).toBeGreaterThanOrEqual(addMonths(acceptedAt, 6).getTime() - 60_000);
    expect(allText(current(t, card).blocks)).toContain(`Review due ${due.toISOString().slice(0, 10)}`);

    const { reviews } = t.adr.services;
    const { dispatcher } = t.adr.slack;
    expect(await reviews.runDue(addMonths(acceptedAt, 5))).toEqual({ reviews: 0, approvalReminders: 0 });
    const later = addMonths(acceptedAt, 7);
    expect(await reviews.runDue(later)).toEqual({ reviews: 1, approvalReminders: 0 });
    await dispatcher.runOnce(later);
    expect(await reviews.runDue(later)).toEqual({ reviews: 0, approvalReminders: 0 });
    await dispatcher.runOnce(later);

    const reminders = dmsTo(t, 'U_ALICE').filter((m) => (m.text ?? '').includes('due for review'));
    expect(reminders).toHaveLength(1);
    const reminder = reminders[0] as StoredMessage;
    for (const action of ['adr_review_keep', 'adr_card_deprecate', 'adr_card_supersede']) {
      expect(allText(reminder.blocks)).toContain(action);
    }

    await click(t, reminder, 'adr_review_keep', 'U_ALICE');
    const pushed = new Date((await value(t, 'adr_reviews', 'due_at')) as string);
    expect(pushed.getTime()).toBeGreaterThan(addMonths(new Date(), 6).getTime() - 60_000);

    await click(t, reminder, 'adr_card_deprecate', 'U_ALICE');
    expect(await value(t, 'adrs', 'status')).toBe('deprecated');
    expect(t.fake.messages('C_DECISIONS').at(-1)?.text).toContain('is now deprecated');
  });

  it('reminds a decider of a pending approval once, after the configured days', async () => {
    await start();
    await configure(t, { reminderDays: 3 });
    const { card } = await proposeAdr(t, { deciders: ['U_BOB', 'U_CAROL'] });
    const requestedAt = new Date();
    await click(t, card, 'adr_card_request_approval', 'U_ALICE');
    await click(t, dmsTo(t, 'U_CAROL')[0] as StoredMessage, 'adr_approval_approve', 'U_CAROL');

    const { reviews } = t.adr.services;
    const { dispatcher } = t.adr.slack;
    const day = 24 * 3_600_000;
    expect((await reviews.runDue(new Date(requestedAt.getTime() + 2 * day))).approvalReminders).toBe(0);
    const later = new Date(requestedAt.getTime() + 4 * day);
    expect((await reviews.runDue(later)).approvalReminders).toBe(1);
    await dispatcher.runOnce(later);
    expect((await reviews.runDue(new Date(requestedAt.getTime() + 10 * day))).approvalReminders).toBe(0);

    const bob = dmsTo(t, 'U_BOB');
    expect(bob).toHaveLength(2);
    expect(bob[1]?.text).toContain('Reminder');
    expect(allText(bob[1]?.blocks)).toContain('adr_approval_approve');
    expect(dmsTo(t, 'U_CAROL')).toHaveLength(1);
  });

  it('lets the author set a review date from the card', async () => {
    await start();
    const { card } = await proposeAdr(t);
    await command('accept 1');
    const since = t.fake.calls.length;
    await click(t, current(t, card), 'adr_card_review_date', 'U_ALICE');
    const view = viewOf(t.fake, await t.fake.waitFor('views.open', undefined, { since }));
    const past = await t.submit(view, { review_date: '2020-01-01' });
    expect(past.body?.errors?.review_date).toContain('after today');
    const ok = await t.submit(view, { review_date: '2099-03-01' });
    expect(ok.body?.response_action).toBe('clear');
    await t.settle();
    expect(await value(t, 'adr_reviews', 'due_at')).toBe('2099-03-01T00:00:00.000Z');
    expect(allText(current(t, card).blocks)).toContain('Review due 2099-03-01');
  });
});
