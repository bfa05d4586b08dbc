import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { viewOf } from '../support/app-harness.js';
import { type ChildApp, startChildApp } from '../support/child-app.js';
import { type FakeSlack, type SlackView, startFakeSlack } from '../support/fake-slack.js';
import { wizardInputs } from '../support/wizard-driver.js';

// The app as a separate process on a real database file: killed with SIGKILL in the middle of a burst of
// writes, then restarted on the same file; and two processes writing to one file at once.

interface Flow {
  title: string;
  /** The wizard opened: its draft was written before views.open. */
  opened: boolean;
  /** Highest wizard step whose submission was answered (HTTP 200 with the next step), 0 when none. */
  ackedStep: number;
  /** The final submission was answered with `clear`: the ADR was proposed. */
  proposed: boolean;
}

let fake: FakeSlack;
let dir: string;
let databasePath: string;
const children: ChildApp[] = [];

beforeEach(async () => {
  fake = await startFakeSlack();
  dir = mkdtempSync(join(tmpdir(), 'adr-durability-'));
  databasePath = join(dir, 'adr.sqlite');
});

afterEach(async () => {
  for (const child of children.splice(0)) await child.kill('SIGKILL');
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<ChildApp> {
  const child = await startChildApp({ fake, databasePath });
  children.push(child);
  return child;
}

function title(index: number, prefix = 'Durable decision'): string {
  return `${prefix} ${String(index).padStart(3, '0')}.`;
}

/** Drives one proposal through the wizard; any failure (the process was killed) leaves it unacknowledged. */
async function runFlow(app: ChildApp, flowTitle: string, killed: Promise<void>, onProposed: () => void): Promise<Flow> {
  const flow: Flow = { title: flowTitle, opened: false, ackedStep: 0, proposed: false };
  try {
    const response = await app.slack.command(`new ${flowTitle}`, { userId: 'U_ALICE' });
    if (response.status !== 200) return flow;
    const opened = await Promise.race([
      fake.waitFor('views.open', (call) => JSON.stringify(call.args.view).includes(flowTitle), 10_000),
      killed.then(() => null),
    ]);
    if (!opened) return flow;
    flow.opened = true;
    let view: SlackView | undefined = viewOf(fake, opened);
    for (const [index, inputs] of wizardInputs(flowTitle).entries()) {
      const submitted = await app.submit(view as SlackView, inputs);
      if (submitted.status !== 200) return flow;
      if (submitted.body?.response_action === 'update') {
        flow.ackedStep = index + 1;
        view = submitted.next;
      } else if (submitted.body?.response_action === 'clear') {
        flow.ackedStep = index + 1;
        flow.proposed = true;
        onProposed();
        return flow;
      } else {
        throw new Error(`unexpected answer ${JSON.stringify(submitted.body)}`);
      }
    }
  } catch {
    // The connection died with the process: this step was never acknowledged.
  }
  return flow;
}

function readDatabase<T>(read: (db: Database.Database) => T): T {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function expectGapFreeNumbering(db: Database.Database): number[] {
  const numbers = db
    .prepare("SELECT number FROM adrs WHERE team_id = 'T_TEST' ORDER BY number")
    .pluck()
    .all() as number[];
  expect(numbers).toEqual(numbers.map((_, index) => index + 1));
  const next = db.prepare("SELECT next_number FROM workspaces WHERE team_id = 'T_TEST'").pluck().get();
  expect(next).toBe(numbers.length + 1);
  return numbers;
}

describe('durability', () => {
  it('keeps every acknowledged write across a SIGKILL in the middle of a burst', async () => {
    const FLOWS = 36;
    const KILL_AFTER = 8;
    const first = await start();
    let proposedCount = 0;
    let markKilled: () => void = () => undefined;
    const killed = new Promise<void>((resolve) => {
      markKilled = resolve;
    });
    const kill = async () => {
      markKilled();
      await first.kill('SIGKILL');
    };
    const onProposed = () => {
      proposedCount += 1;
      if (proposedCount === KILL_AFTER) void kill();
    };

    // Flows start one after another while earlier ones are still going, so the kill finds them at every step;
    // read-only commands run alongside.
    const flows: Promise<Flow>[] = [];
    const reads: Promise<unknown>[] = [];
    for (let index = 1; index <= FLOWS; index++) {
      flows.push(runFlow(first, title(index), killed, onProposed));
      reads.push(first.slack.command(index % 2 ? 'list' : 'drafts').catch(() => undefined));
      await Promise.race([flows[flows.length - 1], new Promise((resolve) => setImmediate(resolve))]);
    }
    const results = await Promise.all(flows);
    await Promise.all(reads);
    await kill();

    const acknowledged = results.filter((flow) => flow.proposed);
    const interrupted = results.filter((flow) => !flow.proposed);
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(interrupted.length).toBeGreaterThan(0);

    const second = await start();
    readDatabase((db) => {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const numbers = expectGapFreeNumbering(db);
      const titles = db.prepare("SELECT title FROM adrs WHERE team_id = 'T_TEST'").pluck().all() as string[];
      expect(new Set(titles).size).toBe(numbers.length);
      const drafts = db.prepare('SELECT step, content_json FROM drafts').all() as {
        step: number;
        content_json: string;
      }[];
      const draftStep = new Map(drafts.map((draft) => [JSON.parse(draft.content_json).title as string, draft.step]));
      for (const flow of results) {
        const proposed = titles.includes(flow.title);
        if (flow.proposed) expect(proposed, `${flow.title} was acknowledged as proposed`).toBe(true);
        else if (flow.ackedStep > 0) {
          // Its answered step is saved: in its draft, or the proposal went through just before the kill.
          expect(proposed || (draftStep.get(flow.title) ?? 0) >= flow.ackedStep + 1, flow.title).toBe(true);
        } else if (flow.opened) {
          expect(proposed || draftStep.has(flow.title), `${flow.title} had its wizard opened`).toBe(true);
        }
      }
    });

    // The restarted app serves the same log, and goes on numbering after it.
    const listed = await second.slack.command('list');
    expect(listed.status).toBe(200);
    const count = readDatabase((db) => db.prepare('SELECT COUNT(*) FROM adrs').pluck().get() as number);
    expect(listed.body).toContain(`${count} ADR`);
    const after = await runFlow(second, title(999, 'After restart'), new Promise(() => undefined), () => undefined);
    expect(after.proposed).toBe(true);
    readDatabase((db) => {
      expect(db.prepare('SELECT number FROM adrs WHERE title = ?').pluck().get(after.title)).toBe(count + 1);
    });
    expect(await second.kill('SIGTERM')).toBe(0);
  }, 90_000);

  it('never hands out the same number twice when two processes propose on the same file at once', async () => {
    const PER_PROCESS = 12;
    const [a, b] = await Promise.all([start(), start()]);
    const never = new Promise<void>(() => undefined);
    const flows = await Promise.all(
      Array.from({ length: PER_PROCESS * 2 }, (_, index) =>
        runFlow(index % 2 ? (b as ChildApp) : (a as ChildApp), title(index + 1, 'Concurrent'), never, () => undefined),
      ),
    );
    expect(flows.every((flow) => flow.proposed)).toBe(true);
    readDatabase((db) => {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(expectGapFreeNumbering(db)).toHaveLength(PER_PROCESS * 2);
      const titles = db.prepare('SELECT title FROM adrs ORDER BY number').pluck().all() as string[];
      expect([...titles].sort()).toEqual(flows.map((flow) => flow.title).sort());
    });
    expect(await a?.kill('SIGTERM')).toBe(0);
    expect(await b?.kill('SIGTERM')).toBe(0);
  }, 90_000);
});
