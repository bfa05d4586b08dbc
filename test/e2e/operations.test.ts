import { LogLevel } from '@slack/logger';
import { afterEach, describe, expect, it } from 'vitest';
import { readMigrations } from '../../src/db/migrate.js';
import { DEFAULT_POOL_SIZE } from '../../src/db/postgres/store.js';
import { JsonLogger } from '../../src/logging/json-logger.js';
import { startTestApp, type TestApp, testEngine } from '../support/app-harness.js';
import { insert } from '../support/rows.js';
import { FORM_CONTENT_TYPE } from '../support/slack-client.js';

let t: TestApp;
let lines: string[];

async function start(level: 'info' | 'debug' = 'info') {
  lines = [];
  const logger = new JsonLogger({
    level: level === 'debug' ? LogLevel.DEBUG : LogLevel.INFO,
    write: (line) => lines.push(line),
  });
  t = await startTestApp({ env: { LOG_LEVEL: level }, logger });
}

afterEach(async () => {
  expect(t.fake.violations).toEqual([]);
  await t.stop();
});

function entries(): Record<string, unknown>[] {
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('/healthz', () => {
  it('reports the database, schema version, mode and outbox state', async () => {
    await start();
    // The start's own runs (outbox, reminders, pruning) are background tasks until they finish: on PostgreSQL
    // each takes a round trip or more.
    await t.settle();
    const response = await fetch(`${t.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      database: 'ok',
      engine: testEngine(),
      schemaVersion: Math.max(...readMigrations().map((m) => m.version)),
      // SQLite: its one connection; PostgreSQL: the pool, as many open as the start and this request needed.
      pool:
        testEngine() === 'postgres'
          ? { total: expect.any(Number), idle: expect.any(Number), waiting: 0, max: DEFAULT_POOL_SIZE }
          : { total: 1, idle: 1, waiting: 0, max: 1 },
      mode: 'token',
      outbox: { pending: 0, failed: 0, sent: 0, skipped: 0 },
      publishJobs: { pending: 0, done: 0, failed: 0 },
      backgroundTasks: 0,
      // Passes depend on when the worker (2 s after the start) first looks; test/e2e/database-upkeep.test.ts.
      upkeep: expect.objectContaining({ passes: expect.any(Number), errors: 0, lastError: null }),
    });
  });

  it('reports pending and failed outbox messages', async () => {
    await start();
    await insert(
      t,
      'outbox',
      ['pending', 'pending', 'failed'].map((status) => ({
        team_id: 'T_TEST',
        kind: 'x',
        status,
        next_attempt_at: '9999',
        created_at: '',
        updated_at: '',
      })),
    );
    const body = (await (await fetch(`${t.baseUrl}/healthz`)).json()) as { outbox: unknown };
    expect(body.outbox).toEqual({ pending: 2, failed: 1, sent: 0, skipped: 0 });
    const metrics = await (await fetch(`${t.baseUrl}/metrics`)).text();
    expect(metrics).toContain('adr_outbox_messages{state="pending"} 2');
    expect(metrics).toContain('adr_outbox_messages{state="failed"} 1');
  });
});

describe('/metrics', () => {
  it('counts requests by type and status, with an ack latency histogram, in Prometheus text format', async () => {
    await start();
    await t.slack.command('help');
    await t.slack.command('list');
    await t.slack.send('command=%2Fadr&text=help', FORM_CONTENT_TYPE, { signature: 'v0=bad' });
    await t.slack.event({ type: 'app_home_opened', user: 'U_ALICE', tab: 'home' });
    // The event is acked before its listener publishes the Home: that work is awaited, so the gauge reads 0.
    await t.settle();
    const response = await fetch(`${t.baseUrl}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await response.text();
    expect(text).toContain('adr_requests_total{type="command",status="200"} 2');
    expect(text).toContain('adr_requests_total{type="unknown",status="401"} 1');
    expect(text).toContain('adr_requests_total{type="event",status="200"} 1');
    expect(text).toContain('adr_ack_seconds_count{type="command"} 2');
    expect(text).toMatch(/adr_ack_seconds_bucket\{type="command",le="\+Inf"\} 2/);
    expect(text).toContain('# TYPE adr_ack_seconds histogram');
    expect(text).toContain('adr_background_tasks 0');
    expect(text).toContain('adr_database_up 1');
    expect(text).toContain(`adr_database_info{engine="${testEngine()}"} 1`);
  });
});

describe('structured logs', () => {
  it('writes JSON lines; lines written while handling a request carry its id', async () => {
    await start('debug');
    await t.slack.command('list', { userId: 'U_ALICE' });
    await t.slack.command('drafts', { userId: 'U_BOB' });
    await t.settle();
    const withRequest = entries().filter((entry) => typeof entry.requestId === 'string');
    const ids = new Set(withRequest.map((entry) => entry.requestId));
    expect(ids.size).toBe(2);
    for (const entry of entries()) {
      expect(entry).toMatchObject({ time: expect.any(String), level: expect.any(String), msg: expect.any(String) });
    }
    expect(withRequest.every((entry) => entry.requestType === 'command' && entry.teamId === 'T_TEST')).toBe(true);
    expect(lines.join('\n')).not.toContain('xoxb-test-token');
  });

  it('logs a failed request with its id and the Slack error, but no message text and no token', async () => {
    await start('info');
    t.fake.failNext('views.open', { error: 'invalid_auth' });
    await t.slack.command('new Quarterly merger with ACME Corp');
    await t.settle();
    const failure = entries().find((entry) => entry.level === 'error');
    expect(failure).toMatchObject({
      requestId: expect.any(String),
      requestType: 'command',
      err: { name: 'SlackCallError', message: expect.stringContaining('invalid_auth') },
    });
    const all = lines.join('\n');
    expect(all).not.toContain('Quarterly merger');
    expect(all).not.toContain('xoxb-test-token');
  });
});

describe('answering every request', () => {
  it('acts once on an event Slack delivers again, and counts the duplicate', async () => {
    await start();
    const event = { type: 'app_uninstalled' };
    expect((await t.slack.event(event, { eventId: 'EvDup1' })).status).toBe(200);
    expect((await t.slack.event(event, { eventId: 'EvDup1', retryNum: 1, retryReason: 'http_timeout' })).status).toBe(
      200,
    );
    expect((await t.slack.event(event, { eventId: 'EvDup1', retryNum: 2, retryReason: 'http_timeout' })).status).toBe(
      200,
    );
    await t.settle();
    const handled = entries().filter((entry) => String(entry.msg).startsWith('ADR Assistant was uninstalled'));
    expect(handled).toHaveLength(1);
    expect(entries().filter((entry) => String(entry.msg).startsWith('Skipped event EvDup1'))).toHaveLength(2);
    expect(await (await fetch(`${t.baseUrl}/metrics`)).text()).toContain('adr_events_duplicate_total 2');
  });

  it('answers a payload no listener handles at once, instead of after Bolt’s 3-second timeout', async () => {
    await start();
    const payload = {
      type: 'block_actions',
      user: { id: 'U_ALICE' },
      team: { id: 'T_TEST' },
      actions: [{ action_id: 'nobody_listens', block_id: 'b', type: 'button' }],
    };
    const response = await t.slack.send(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      FORM_CONTENT_TYPE,
    );
    // Bolt alone answers 404 once its 3-second timer fires.
    expect(response.status).toBe(200);
    const unknownType = await t.slack.send(
      new URLSearchParams({ payload: JSON.stringify({ type: 'made_up', user: { id: 'U' } }) }).toString(),
      FORM_CONTENT_TYPE,
    );
    expect(unknownType.status).toBe(200);
  });

  it('answers 400, not 500, to a signed payload whose shape Bolt cannot read', async () => {
    await start();
    for (const payload of [{ type: 'block_actions', actions: [] }, { type: 'view_submission' }, { type: 'shortcut' }]) {
      const response = await t.slack.send(
        new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        FORM_CONTENT_TYPE,
      );
      expect(response.status).toBe(400);
    }
    const malformed = await t.slack.send('payload=%7Bnot-json', FORM_CONTENT_TYPE);
    expect(malformed.status).toBe(400);
  });
});
