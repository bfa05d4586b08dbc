import { once } from 'node:events';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAdr, seededRandom } from '../../bench/content.js';
import { runCli } from '../../src/cli/run-cli.js';
import { AdrRepository } from '../../src/db/adr-repository.js';
import {
  DatabaseMaintainer,
  type DatabaseMaintenance,
  FALLBACK_AUTOCHECKPOINT_PAGES,
  type MaintenanceRun,
  MERGE_AT_LEAST_EVERY_MS,
  searchIndexSegments,
  startDatabaseMaintenance,
  UpkeepSchedule,
} from '../../src/db/maintenance.js';
import { migrate } from '../../src/db/migrate.js';
import { type Db, openDatabase } from '../../src/db/open.js';
import { storeOf } from '../support/stores.js';

// Upkeep off the request path (ADR-007): the search index's segments merged and the WAL checkpointed by a pass the
// app runs in its worker thread, not by whichever write crosses a threshold.

const TEAMS = ['T1', 'T2', 'T3'];
const QUERIES = ['database', 'cache latency', 'team production', 'scal'];

let dir: string;
let path: string;
let db: Db;
let adrs: AdrRepository;
let maintenance: DatabaseMaintenance | undefined;
const random = seededRandom(21);

async function proposeMany(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const { content, authorId } = makeAdr(random);
    await adrs.propose({
      teamId: TEAMS[i % TEAMS.length] as string,
      content,
      authorId,
      channelId: null,
      now: new Date(),
    });
  }
}

async function searches(): Promise<string[][]> {
  const all: string[][] = [];
  for (const teamId of TEAMS) {
    for (const text of QUERIES)
      all.push((await adrs.search(teamId, text, 50)).map((hit) => `${hit.number} ${hit.snippet}`));
  }
  return all;
}

/** Frames in the WAL right now, read without checkpointing anything (header 32 bytes, frame header 24). */
function walFrames(): number {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  return Math.max(0, (statSync(`${path}-wal`).size - 32) / (pageSize + 24));
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'adr-upkeep-'));
  path = join(dir, 'adr.sqlite');
  db = openDatabase(path);
  migrate(db);
  adrs = new AdrRepository(storeOf(db));
});

afterEach(async () => {
  await maintenance?.stop();
  maintenance = undefined;
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('DatabaseMaintainer', () => {
  it('merges the segments proposals leave (no merging on the write path), and searches find the same', async () => {
    await proposeMany(60);
    // automerge is off (migration 0007): every proposal left its own segment.
    expect(searchIndexSegments(db)).toBeGreaterThanOrEqual(60);
    const before = await searches();
    expect(before.flat().length).toBeGreaterThan(30);

    const run = new DatabaseMaintainer(db).runToCompletion();
    expect(run.mergeSteps).toBeGreaterThan(0);
    expect(run.moreToMerge).toBe(false);
    // Merged until no level holds 4 (usermerge) segments.
    expect(searchIndexSegments(db)).toBeLessThan(4);
    expect(await searches()).toEqual(before);
    db.exec("INSERT INTO adr_search (adr_search) VALUES ('integrity-check')");
    expect(new DatabaseMaintainer(db).run().mergeSteps).toBe(0);
  });

  it('checkpoints the WAL, so the next write starts it over instead of growing it', async () => {
    db.pragma('wal_autocheckpoint = 0');
    await proposeMany(20);
    const grown = walFrames();
    expect(grown).toBeGreaterThan(100);

    const run = new DatabaseMaintainer(db).run();
    // The merge's own frames are in the WAL too, and checkpointed with the rest.
    expect(run.walFrames).toBeGreaterThanOrEqual(grown);
    expect(run.checkpointedFrames).toBe(run.walFrames);
    const size = walFrames();
    await proposeMany(1);
    // One proposal's frames, written from the start of the WAL file: it did not grow.
    expect(walFrames()).toBe(size);
    expect(new DatabaseMaintainer(db).checkpoint().walFrames).toBeLessThan(50);
  });

  it('keeps the search index bounded by FTS5’s crisis merge when nothing merges', async () => {
    await proposeMany(300);
    // 256 segments on level 0 merge into one on level 1 inside the write that reaches them (migration 0007).
    expect(searchIndexSegments(db)).toBeLessThanOrEqual(300 - 256 + 1);
    expect((await searches()).flat().length).toBeGreaterThan(100);
  });
});

describe('startDatabaseMaintenance', () => {
  it('leaves checkpoints to the worker up to a fallback that keeps the WAL bounded if the worker never runs', async () => {
    db.pragma('wal_checkpoint(TRUNCATE)');
    // A worker whose first pass is a minute away: nothing checkpoints but the app's own connection.
    maintenance = startDatabaseMaintenance(db, path, { intervalMs: 60_000 });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(FALLBACK_AUTOCHECKPOINT_PAGES);
    await proposeMany(20);
    const perProposal = walFrames() / 20;
    const proposals = Math.ceil((2.5 * FALLBACK_AUTOCHECKPOINT_PAGES) / perProposal);
    await proposeMany(proposals);
    // 2.5 × the fallback written, yet the WAL file never held more than the fallback plus one commit (one with
    // a crisis merge of the search index is the largest).
    expect(walFrames()).toBeGreaterThan(FALLBACK_AUTOCHECKPOINT_PAGES * 0.9);
    expect(walFrames()).toBeLessThan(FALLBACK_AUTOCHECKPOINT_PAGES + 1_000);
  });

  it('runs passes in its worker thread after writes: the index gets merged and the WAL checkpointed', async () => {
    maintenance = startDatabaseMaintenance(db, path, { intervalMs: 5, startDelayMs: 0 });
    const runs: MaintenanceRun[] = [];
    maintenance.events.on('run', (run: MaintenanceRun) => runs.push(run));
    await proposeMany(12);
    const before = await searches();
    // Passes come by themselves; wait for one that merged after the last write.
    while (searchIndexSegments(db) >= 4) await once(maintenance.events, 'run');
    expect(runs.some((run) => run.mergeSteps > 0)).toBe(true);
    expect(runs.some((run) => run.checkpointedFrames > 0)).toBe(true);
    expect(await searches()).toEqual(before);
  });

  it('merges everything and checkpoints on demand (runOnce), and stops cleanly', async () => {
    maintenance = startDatabaseMaintenance(db, path, { intervalMs: 60_000 });
    db.pragma('wal_autocheckpoint = 0');
    await proposeMany(30);
    const run = await maintenance.runOnce();
    expect(run.mergeSteps).toBeGreaterThan(0);
    expect(run.checkpointedFrames).toBe(run.walFrames);
    expect(searchIndexSegments(db)).toBeLessThan(4);
    await maintenance.stop();
    await expect(maintenance.runOnce()).rejects.toThrow(/stopped/);
  });

  it('reports a failing pass as an error, and the next pass tries again', async () => {
    maintenance = startDatabaseMaintenance(db, path, { intervalMs: 60_000 });
    await maintenance.runOnce();
    db.exec('ALTER TABLE adr_search RENAME TO adr_search_elsewhere');
    await expect(maintenance.runOnce()).rejects.toThrow(/Database maintenance failed: .*adr_search/);
    db.exec('ALTER TABLE adr_search_elsewhere RENAME TO adr_search');
    await proposeMany(8);
    expect((await maintenance.runOnce()).mergeSteps).toBeGreaterThan(0);
  });

  it('goes on in the app’s thread when the worker cannot run', async () => {
    // The worker's own connection fails (not a database); the app's connection is fine.
    const broken = join(dir, 'broken.sqlite');
    writeFileSync(broken, 'this is not a database file, it is longer than a header would be '.repeat(20));
    maintenance = startDatabaseMaintenance(db, broken, { intervalMs: 5, startDelayMs: 0 });
    const errors: string[] = [];
    const events = maintenance.events;
    await new Promise<void>((resolve) => {
      events.on('error', (error: Error) => {
        errors.push(error.message);
        if (/maintenance worker exited/.test(error.message)) resolve();
      });
    });
    expect(errors).toEqual([
      expect.stringMatching(/maintenance worker failed: SQLITE_NOTADB/),
      expect.stringMatching(/upkeep goes on in the app's thread/),
    ]);
    await proposeMany(10);
    const run = await maintenance.runOnce();
    expect(run.mergeSteps).toBeGreaterThan(0);
    expect(searchIndexSegments(db)).toBeLessThan(4);
  });

  it('uses this thread for an in-memory database', async () => {
    const memory = openDatabase(':memory:');
    try {
      migrate(memory);
      const inMemory = new AdrRepository(storeOf(memory));
      for (let i = 0; i < 10; i++) {
        const { content, authorId } = makeAdr(random);
        await inMemory.propose({ teamId: 'T1', content, authorId, channelId: null, now: new Date() });
      }
      const local = startDatabaseMaintenance(memory, ':memory:', { intervalMs: 60_000 });
      expect((await local.runOnce()).mergeSteps).toBeGreaterThan(0);
      expect(searchIndexSegments(memory)).toBeLessThan(4);
      await local.stop();
    } finally {
      memory.close();
    }
  });
});

describe('the CLI', () => {
  it('merges the search index after an import, so a bulk import leaves no pile of segments behind', async () => {
    await proposeMany(30);
    const out = join(dir, 'exported');
    const io = { out: () => undefined, err: (line: string) => expect.fail(line) };
    expect(await runCli(['export', '--db', path, '--team', 'T1', '--out', out], {}, io)).toBe(0);
    const target = join(dir, 'target.sqlite');
    expect(await runCli(['migrate', '--db', target], {}, io)).toBe(0);
    expect(await runCli(['import', '--db', target, '--team', 'T9', '--new-workspace', out], {}, io)).toBe(0);

    const imported = openDatabase(target);
    try {
      // One segment per imported ADR without the upkeep (automerge is off).
      expect(imported.prepare("SELECT COUNT(*) FROM adrs WHERE team_id = 'T9'").pluck().get()).toBe(10);
      expect(searchIndexSegments(imported)).toBeLessThan(4);
      expect((await new AdrRepository(storeOf(imported)).search('T9', 'the', 20)).length).toBe(10);
    } finally {
      imported.close();
    }
  });
});

describe('UpkeepSchedule', () => {
  it('checkpoints while writes keep coming, merges when they pause or after MERGE_AT_LEAST_EVERY_MS', () => {
    const schedule = new UpkeepSchedule();
    const merged = { mergeSteps: 1, moreToMerge: false, walFrames: 0, checkpointedFrames: 0 };
    // First, whatever was written before it started.
    expect(schedule.next(false, 0)).toBe('merge');
    schedule.merged(merged);
    expect(schedule.next(false, 50)).toBe('nothing');
    expect(schedule.next(true, 100)).toBe('checkpoint');
    expect(schedule.next(true, 200)).toBe('checkpoint');
    expect(schedule.next(false, 300)).toBe('merge');
    schedule.merged(merged);
    expect(schedule.next(false, 400)).toBe('nothing');
    expect(schedule.next(true, 500)).toBe('checkpoint');
    expect(schedule.next(true, 500 + MERGE_AT_LEAST_EVERY_MS - 1)).toBe('checkpoint');
    expect(schedule.next(true, 500 + MERGE_AT_LEAST_EVERY_MS)).toBe('merge');
    schedule.merged({ ...merged, moreToMerge: true });
    expect(schedule.next(false, 5_000)).toBe('merge');
    schedule.failed(5_000);
    expect(schedule.next(false, 5_100)).toBe('nothing');
    expect(schedule.next(true, 5_200)).toBe('checkpoint');
    expect(schedule.next(false, 5_000 + MERGE_AT_LEAST_EVERY_MS)).toBe('merge');
  });
});
