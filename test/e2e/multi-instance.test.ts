import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { viewOf } from '../support/app-harness.js';
import { type ChildApp, startChildApp } from '../support/child-app.js';
import { type FakeSlack, type SlackView, startFakeSlack } from '../support/fake-slack.js';
import { createPostgresDatabase } from '../support/postgres.js';
import { wizardInputs } from '../support/wizard-driver.js';

// Two app processes on one database, signed requests spread over both: what a deployment with two replicas
// behind a load balancer sees. Nothing a request needs may live in one process only.

type Engine = 'sqlite' | 'postgres';

/** The engines several instances run on: one SQLite file, or one PostgreSQL database of the run's server. */
const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

const TEAM = 'T_TEST';
const DECISIONS = 'C_DECISIONS';

/** The database both instances share, and a way to read it as the test's own client. */
interface SharedDatabase {
  env: Record<string, string>;
  rows<T>(query: string): Promise<T[]>;
  close(): Promise<void>;
}

async function sharedDatabase(engine: Engine, dir: string): Promise<SharedDatabase> {
  if (engine === 'postgres') {
    const url = await createPostgresDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return {
      env: { DATABASE_URL: url },
      rows: async <T>(query: string) => (await client.query(query)).rows as T[],
      close: () => client.end(),
    };
  }
  const path = join(dir, 'adr.sqlite');
  return {
    env: { DATABASE_PATH: path },
    rows: async <T>(query: string) => {
      const db = new Database(path, { readonly: true, fileMustExist: true });
      try {
        return db.prepare(query).all() as T[];
      } finally {
        db.close();
      }
    },
    close: async () => undefined,
  };
}

describe.each(ENGINES)('several instances on one %s database', (engine) => {
  let fake: FakeSlack;
  let dir: string;
  let database: SharedDatabase;
  const running: ChildApp[] = [];

  beforeEach(async () => {
    fake = await startFakeSlack({ teamId: TEAM });
    fake.seedChannel({ id: DECISIONS, name: 'decisions', teamId: TEAM });
    dir = mkdtempSync(join(tmpdir(), 'adr-instances-'));
    database = await sharedDatabase(engine, dir);
  });

  afterEach(async () => {
    for (const child of running.splice(0)) await child.kill('SIGKILL');
    await database.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Two instances, started together as a rollout starts replicas (both apply migrations at once). */
  async function startTwo(): Promise<[ChildApp, ChildApp]> {
    const [a, b] = await Promise.all([
      startChildApp({ fake, databasePath: join(dir, 'unused.sqlite'), env: database.env }),
      startChildApp({ fake, databasePath: join(dir, 'unused.sqlite'), env: database.env }),
    ]);
    running.push(a, b);
    return [a, b];
  }

  /** Stops both gracefully: each finishes what it had started (the dispatchers' runs included). */
  async function stopAll(): Promise<void> {
    for (const child of running.splice(0)) expect(await child.kill('SIGTERM')).toBe(0);
  }

  /**
   * `/adr new` on one instance, then each wizard step on `instanceFor(step)`: the wizard's state must travel in
   * the view and the database, not in a process. Resolves true when the final step was acknowledged.
   */
  async function propose(title: string, instanceFor: (step: number) => ChildApp): Promise<boolean> {
    const since = fake.calls.length;
    const response = await instanceFor(0).slack.command(`new ${title}`, { userId: 'U_ALICE' });
    if (response.status !== 200) return false;
    const opened = await fake.waitFor('views.open', (call) => JSON.stringify(call.args.view).includes(title), {
      since,
      timeoutMs: 30_000,
    });
    let view: SlackView | undefined = viewOf(fake, opened);
    for (const [index, inputs] of wizardInputs(title).entries()) {
      const submitted = await instanceFor(index + 1).submit(view as SlackView, inputs);
      if (submitted.status !== 200) return false;
      if (submitted.body?.response_action === 'clear') return true;
      view = submitted.next;
    }
    return false;
  }

  async function numbers(): Promise<number[]> {
    const rows = await database.rows<{ number: number }>(
      `SELECT number FROM adrs WHERE team_id = '${TEAM}' ORDER BY number`,
    );
    return rows.map((row) => Number(row.number));
  }

  it('hands out 200 distinct, gap-free numbers for 200 concurrent proposals whose steps alternate instances', async () => {
    const apps = await startTwo();
    const titles = Array.from(
      { length: 200 },
      (_, index) => `Concurrent decision ${String(index + 1).padStart(3, '0')}`,
    );
    const proposed = await Promise.all(
      titles.map((title, index) => propose(title, (step) => apps[(index + step) % 2] as ChildApp)),
    );
    expect(proposed.every(Boolean)).toBe(true);
    expect(await numbers()).toEqual(titles.map((_, index) => index + 1));
    const stored = await database.rows<{ title: string }>(`SELECT title FROM adrs WHERE team_id = '${TEAM}'`);
    expect(stored.map((row) => row.title).sort()).toEqual([...titles].sort());
    const next = await database.rows<{ next_number: number }>(
      `SELECT next_number FROM workspaces WHERE team_id = '${TEAM}'`,
    );
    expect(Number(next[0]?.next_number)).toBe(201);
    // No wizard draft is left behind: every final step found the draft its earlier steps wrote on the other instance.
    expect(await database.rows(`SELECT id FROM drafts WHERE team_id = '${TEAM}'`)).toEqual([]);
    await stopAll();
  }, 180_000);

  it('keeps no answer or score on one instance that the other instance changed', async () => {
    const [a, b] = await startTwo();
    const answer = async (app: ChildApp, text: string) =>
      JSON.stringify((await app.slack.command(text, { userId: 'U_ALICE' })).json());
    expect(await propose('Primary database', (step) => (step % 2 ? b : a))).toBe(true);
    // Asked twice on A, so A keeps the answer (src/slack/answer-cache.ts) before B changes what it depends on.
    expect(await answer(a, 'list')).toContain('Primary database');
    expect(await answer(a, 'list')).not.toContain('Message queue');
    expect(await answer(a, 'show 1')).toContain('Proposed');
    expect(await propose('Message queue', (step) => (step % 2 ? a : b))).toBe(true);
    expect(await answer(a, 'list')).toContain('Message queue');
    expect((await b.slack.command('accept 1', { userId: 'U_ALICE' })).status).toBe(200);
    expect(await answer(a, 'show 1')).toContain('Accepted');

    // Scoring ADR-002: Alice on A, Bob on B, then Alice revises on A, whose kept scores must not hide Bob's.
    const card = fake
      .messages()
      .find(
        (message) =>
          JSON.stringify(message.blocks).includes('adr_card_score') &&
          JSON.stringify(message.blocks).includes('Message queue'),
      );
    if (!card) throw new Error('the card of ADR-002 was not posted');
    const score = async (app: ChildApp, userId: string, value: string) => {
      const since = fake.calls.length;
      const clicked = await app.slack.blockAction({
        actionId: 'adr_card_score',
        value: '2',
        userId,
        channelId: card.channel,
        message: { ts: card.ts, blocks: card.blocks },
      });
      expect(clicked.status).toBe(200);
      const view = viewOf(fake, await fake.waitFor('views.open', undefined, { since, timeoutMs: 30_000 }));
      const inputs: Record<string, string> = {};
      for (const block of view.blocks) {
        const actionId = (block.element as { action_id?: string } | undefined)?.action_id ?? '';
        if (/^score_\d+_/.test(actionId)) inputs[actionId] = value;
      }
      expect(Object.keys(inputs).length).toBeGreaterThan(0);
      const submitted = await app.submit(view, inputs, { userId });
      expect(submitted.body?.response_action).toBe('update');
      return JSON.stringify(submitted.next?.blocks);
    };
    expect(await score(a, 'U_ALICE', '4')).toContain('1 scorer');
    expect(await score(b, 'U_BOB', '2')).toContain('2 scorers');
    expect(await score(a, 'U_ALICE', '5')).toContain('2 scorers');
    const scores = await database.rows<{ scorer_id: string; value: number }>(
      `SELECT DISTINCT scorer_id, value FROM scores WHERE team_id = '${TEAM}' AND adr_number = 2 ORDER BY scorer_id`,
    );
    expect(scores.map((row) => [row.scorer_id, Number(row.value)])).toEqual([
      ['U_ALICE', 5],
      ['U_BOB', 2],
    ]);
    await stopAll();
  }, 120_000);

  it('announces each accepted decision once while both instances run a dispatcher', async () => {
    const [a, b] = await startTwo();
    const config = await a.slack.command('config', { userId: 'U_ALICE' });
    expect(config.status).toBe(200);
    const settings = viewOf(
      fake,
      await fake.waitFor('views.open', (call) => JSON.stringify(call.args).includes('settings')),
    );
    const saved = await b.submit(settings, { settings_decisions_channel: DECISIONS }, { userId: 'U_ALICE' });
    expect(saved.status).toBe(200);

    const COUNT = 16;
    const titles = Array.from({ length: COUNT }, (_, index) => `Announced decision ${index + 1}`);
    for (const [index, title] of titles.entries()) {
      expect(await propose(title, (step) => ((index + step) % 2 ? b : a))).toBe(true);
    }
    // All acceptances at once, alternating instances, so both dispatchers look at the same due rows together.
    const accepted = await Promise.all(
      titles.map((_, index) => (index % 2 ? b : a).slack.command(`accept ${index + 1}`, { userId: 'U_ALICE' })),
    );
    expect(accepted.every((response) => response.status === 200)).toBe(true);
    const announcementOf = (number: number) => (message: { text?: string; thread_ts?: string }) =>
      message.thread_ts === undefined && (message.text ?? '').includes(`ADR-${String(number).padStart(3, '0')}`);
    for (let number = 1; number <= COUNT; number++) {
      await fake.waitFor(
        'chat.postMessage',
        (call) => call.args.channel === DECISIONS && announcementOf(number)(call.args as { text?: string }),
        { timeoutMs: 30_000 },
      );
    }
    await stopAll();

    for (let number = 1; number <= COUNT; number++) {
      expect(fake.messages(DECISIONS).filter(announcementOf(number)), `ADR-${number}`).toHaveLength(1);
    }
    const outbox = await database.rows<{ status: string; attempts: number }>(
      `SELECT status, attempts FROM outbox WHERE team_id = '${TEAM}' AND channel_id = '${DECISIONS}'`,
    );
    expect(outbox.length).toBeGreaterThanOrEqual(COUNT);
    expect(outbox.every((row) => row.status === 'sent' && Number(row.attempts) === 1)).toBe(true);
  }, 180_000);

  it('handles a Slack event retried to the other instance once', async () => {
    const [a, b] = await startTwo();
    const event = { type: 'app_home_opened', user: 'U_ALICE', channel: 'D_HOME', tab: 'home' };
    const [first, retry] = await Promise.all([
      a.slack.event(event, { eventId: 'Ev_RETRIED' }),
      b.slack.event(event, { eventId: 'Ev_RETRIED', retryNum: 1, retryReason: 'http_timeout' }),
    ]);
    expect([first.status, retry.status]).toEqual([200, 200]);
    await fake.waitFor('views.publish', (call) => call.args.user_id === 'U_ALICE');
    await stopAll();
    expect(fake.callsTo('views.publish').filter((call) => call.args.user_id === 'U_ALICE')).toHaveLength(1);
    const seen = await database.rows(`SELECT event_id FROM processed_events WHERE event_id = 'Ev_RETRIED'`);
    expect(seen).toHaveLength(1);
  }, 60_000);

  it('loses no acknowledged write when one instance is killed with SIGKILL in the middle of a burst', async () => {
    const [a, b] = await startTwo();
    const FLOWS = 60;
    let acknowledgedOnA = 0;
    let killed = false;
    const results = await Promise.all(
      Array.from({ length: FLOWS }, async (_, index) => {
        const app = index % 2 ? b : a;
        const title = `Burst decision ${String(index + 1).padStart(2, '0')}`;
        let done = false;
        try {
          done = await propose(title, () => app);
        } catch {
          // The connection died with the process: never acknowledged.
        }
        if (done && app === a && ++acknowledgedOnA === 8 && !killed) {
          killed = true;
          await a.kill('SIGKILL');
        }
        return { title, done, onA: app === a };
      }),
    );
    expect(killed).toBe(true);
    // The survivor served every proposal sent to it, before and after the other died.
    expect(results.filter((flow) => !flow.onA).every((flow) => flow.done)).toBe(true);
    const stored = new Set(
      (await database.rows<{ title: string }>(`SELECT title FROM adrs WHERE team_id = '${TEAM}'`)).map(
        (row) => row.title,
      ),
    );
    for (const flow of results.filter((candidate) => candidate.done)) {
      expect(stored.has(flow.title), `${flow.title} was acknowledged`).toBe(true);
    }
    const all = await numbers();
    expect(all).toEqual(all.map((_, index) => index + 1));
    // The survivor goes on numbering after everything either instance wrote.
    expect(await propose('After the crash', () => b)).toBe(true);
    expect((await numbers()).at(-1)).toBe(all.length + 1);
    running.splice(running.indexOf(a), 1);
    await stopAll();
  }, 180_000);
});
