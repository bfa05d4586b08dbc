import { ConsoleLogger, LogLevel } from '@slack/logger';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackgroundTasks } from '../../../src/background.js';
import { migrate } from '../../../src/db/migrate.js';
import { type Db, openDatabase } from '../../../src/db/open.js';
import { OutboxRepository, type OutboxRow } from '../../../src/db/outbox-repository.js';
import { OutboxDispatcher } from '../../../src/slack/outbox/dispatcher.js';
import type { Delivery } from '../../../src/slack/outbox/render.js';
import { classifySlackError } from '../../../src/slack/slack-errors.js';
import { configuredBotToken, SlackClients } from '../../../src/slack/workspace-clients.js';
import { DEFAULT_BOT_TOKEN, type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';
import { ManualTimers } from '../../support/manual-timers.js';
import { storeOf } from '../../support/stores.js';

class CapturingLogger extends ConsoleLogger {
  readonly errors: string[] = [];
  override error(...messages: unknown[]): void {
    this.errors.push(messages.map(String).join(' '));
  }
  override warn(): void {}
}

const T0 = new Date('2026-03-01T12:00:00.000Z');

let fake: FakeSlack;
let db: Db;
let outbox: OutboxRepository;
let logger: CapturingLogger;
let background: BackgroundTasks;
let timers: ManualTimers;
let clock: Date;
let failedRows: OutboxRow[];

function dispatcher(
  render: (row: OutboxRow) => Delivery | Promise<Delivery> = postTo('C_DECISIONS'),
  maxAttempts = 4,
  apiUrl?: string,
) {
  return new OutboxDispatcher({
    outbox,
    clients: new SlackClients(
      configuredBotToken(DEFAULT_BOT_TOKEN),
      { slackApiUrl: apiUrl ?? fake.url, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logger },
      logger,
    ),
    render: async (row) => render(row),
    logger,
    background,
    now: () => clock,
    retryBaseMs: 1_000,
    maxAttempts,
    idlePollMs: 60_000,
    timers,
    onFailed: (row) => failedRows.push(row),
  });
}

function postTo(channel: string) {
  return (row: OutboxRow): Delivery => ({
    kind: 'post',
    channel,
    message: { text: `message ${row.id}`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `#${row.id}` } }] },
  });
}

async function enqueue(kind: OutboxRow['kind'] = 'announce_accepted', at = clock): Promise<number> {
  return await outbox.enqueue({ teamId: 'T1', kind, adrNumber: 1, channelId: 'C_DECISIONS' }, at);
}

beforeEach(async () => {
  fake = await startFakeSlack();
  db = openDatabase(':memory:');
  migrate(db);
  // Outbox rows have no foreign keys: the renderer, not the database, decides whether their ADR still matters.
  outbox = new OutboxRepository(storeOf(db));
  logger = new CapturingLogger();
  logger.setLevel(LogLevel.ERROR);
  background = new BackgroundTasks(logger);
  timers = new ManualTimers();
  clock = T0;
  failedRows = [];
});

afterEach(async () => {
  await background.drain();
  db.close();
  await fake.close();
});

describe('OutboxDispatcher', () => {
  it('sends due rows oldest first and records the posted ts', async () => {
    const first = await enqueue();
    const second = await enqueue();
    expect(await dispatcher().runOnce()).toMatchObject({ sent: 2 });
    const posted = fake.messages('C_DECISIONS');
    expect(posted.map((m) => m.text)).toEqual([`message ${first}`, `message ${second}`]);
    expect(await outbox.find(first)).toMatchObject({
      status: 'sent',
      attempts: 1,
      sentTs: posted[0]?.ts,
      sentChannelId: 'C_DECISIONS',
    });
  });

  it('sends each row once when two dispatchers (two instances) drain the same outbox at the same time', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) ids.push(await enqueue());
    const [a, b] = await Promise.all([dispatcher().runOnce(), dispatcher().runOnce()]);
    expect(a.sent + b.sent).toBe(ids.length);
    expect(fake.messages('C_DECISIONS').map((m) => m.text)).toHaveLength(ids.length);
    expect(new Set(fake.messages('C_DECISIONS').map((m) => m.text)).size).toBe(ids.length);
    const rows = await Promise.all(ids.map((id) => outbox.find(id)));
    expect(rows.every((row) => row?.status === 'sent' && row?.attempts === 1)).toBe(true);
  });

  it('delivers, once, what a dispatcher that died after claiming had taken, when its lease ends', async () => {
    const id = await enqueue();
    // The claim of an instance killed before it could send: the row is hidden until the lease ends.
    await outbox.claimDue(T0, new Date(T0.getTime() + 60_000));
    expect(await dispatcher().runOnce()).toMatchObject({ sent: 0 });
    clock = new Date(T0.getTime() + 60_000);
    const [a, b] = await Promise.all([dispatcher().runOnce(), dispatcher().runOnce()]);
    expect(a.sent + b.sent).toBe(1);
    expect(fake.messages('C_DECISIONS').map((m) => m.text)).toEqual([`message ${id}`]);
    expect(await outbox.find(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('backs off exponentially on 5xx and network errors, then fails for good, logs it and reports it', async () => {
    const id = await enqueue();
    const d = dispatcher(postTo('C_DECISIONS'), 3);
    fake.failNext('chat.postMessage', { status: 500 }, 3);
    expect(await d.runOnce()).toMatchObject({ retried: 1 });
    expect((await outbox.find(id))?.nextAttemptAt).toBe(new Date(T0.getTime() + 1_000).toISOString());

    clock = new Date(T0.getTime() + 1_000);
    expect(await d.runOnce()).toMatchObject({ retried: 1 });
    expect((await outbox.find(id))?.nextAttemptAt).toBe(new Date(T0.getTime() + 3_000).toISOString());

    clock = new Date(T0.getTime() + 2_999);
    expect(await d.runOnce()).toMatchObject({ sent: 0, retried: 0 });
    clock = new Date(T0.getTime() + 3_000);
    expect(await d.runOnce()).toMatchObject({ failed: 1 });
    expect(await outbox.find(id)).toMatchObject({ status: 'failed', attempts: 3, lastError: 'HTTP 500 from Slack' });
    expect(logger.errors.join('\n')).toContain(
      `Notification #${id} (announce_accepted of ADR 1, team T1) failed after 3 attempt(s)`,
    );
    expect(failedRows.map((row) => row.id)).toEqual([id]);
    expect(fake.messages('C_DECISIONS')).toEqual([]);
  });

  it('retries after a network error', async () => {
    const id = await enqueue();
    // Nothing listens on the discard port: the connection is refused.
    expect(await dispatcher(postTo('C_DECISIONS'), 4, 'http://127.0.0.1:9/api/').runOnce()).toMatchObject({
      retried: 1,
    });
    expect(await outbox.find(id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: expect.stringContaining('network error'),
    });
    clock = new Date(T0.getTime() + 1_000);
    expect(await dispatcher().runOnce()).toMatchObject({ sent: 1 });
    expect(await outbox.find(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('fails at once on a permanent Slack error, without retrying', async () => {
    const id = await enqueue();
    fake.failNext('chat.postMessage', { error: 'not_in_channel' });
    expect(await dispatcher().runOnce()).toMatchObject({ failed: 1 });
    expect(await outbox.find(id)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'not_in_channel' });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('waits for an edit until the message it edits has been posted', async () => {
    const source = await enqueue('announce_accepted');
    const edit = await enqueue('edit_accepted');
    const render = async (row: OutboxRow): Promise<Delivery> => {
      if (row.kind !== 'edit_accepted') return postTo('C_DECISIONS')(row);
      const original = (await outbox.find(source)) as OutboxRow;
      if (original.status === 'pending') return { kind: 'defer', until: new Date(original.nextAttemptAt) };
      return {
        kind: 'update',
        channel: original.sentChannelId as string,
        ts: original.sentTs as string,
        message: { text: 'edited', blocks: [] },
      };
    };
    const d = dispatcher(render);
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    expect(await d.runOnce()).toMatchObject({ retried: 1, deferred: 1 });
    expect((await outbox.find(edit))?.nextAttemptAt).toBe(new Date(T0.getTime() + 7_000).toISOString());
    expect(fake.callsTo('chat.update')).toEqual([]);

    clock = new Date(T0.getTime() + 7_000);
    expect(await d.runOnce()).toMatchObject({ sent: 2 });
    expect(fake.messages('C_DECISIONS')[0]?.text).toBe('edited');
  });

  it('runs at start, then sleeps until the next row is due (or the idle poll)', async () => {
    await enqueue();
    const later = await enqueue('announce_accepted', new Date(T0.getTime() + 20_000));
    const d = dispatcher();
    d.start();
    await background.drain();
    expect(fake.messages('C_DECISIONS')).toHaveLength(1);
    expect(timers.requested.at(-1)).toBe(20_000);

    clock = new Date(T0.getTime() + 20_000);
    timers.fire();
    await background.drain();
    expect((await outbox.find(later))?.status).toBe('sent');
    expect(timers.requested.at(-1)).toBe(60_000);

    // Kicks made while nothing is running coalesce into one run.
    await enqueue();
    d.kick();
    d.kick();
    await background.drain();
    expect(fake.callsTo('chat.postMessage')).toHaveLength(3);
    await d.stop();
    await enqueue();
    d.kick();
    await background.drain();
    expect(fake.callsTo('chat.postMessage')).toHaveLength(3);
  });
});

describe('classifySlackError', () => {
  it('tells transient failures from permanent ones', () => {
    expect(classifySlackError({ code: 'slack_webapi_rate_limited_error', retryAfter: 12 })).toMatchObject({
      retryable: true,
      retryAfterMs: 12_000,
    });
    expect(classifySlackError({ code: 'slack_webapi_http_error', statusCode: 503 }).retryable).toBe(true);
    expect(classifySlackError({ code: 'slack_webapi_http_error', statusCode: 400 }).retryable).toBe(false);
    expect(classifySlackError({ code: 'slack_webapi_request_error', original: new Error('ECONNRESET') })).toMatchObject(
      {
        retryable: true,
        message: 'network error: ECONNRESET',
      },
    );
    expect(
      classifySlackError({ code: 'slack_webapi_platform_error', data: { error: 'internal_error' } }).retryable,
    ).toBe(true);
    expect(
      classifySlackError({ code: 'slack_webapi_platform_error', data: { error: 'channel_not_found' } }).retryable,
    ).toBe(false);
    expect(classifySlackError({ code: 'slack_webapi_platform_error', data: { error: 'message_not_found' } }).gone).toBe(
      true,
    );
  });
});
