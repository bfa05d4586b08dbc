/**
 * The database at scale: seeds W workspaces × N ADRs of realistic content through the AdrRepository (batched in
 * transactions), then times propose, show, list and search on it. Standalone: `npx tsx bench/db-scale.ts`.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AdrRepository } from '../src/db/adr-repository.js';
import { migrate } from '../src/db/migrate.js';
import { type Db, openDatabase } from '../src/db/open.js';
import type { AdrStatus } from '../src/domain/adr.js';
import { makeAdr, type SeedAdr, seededRandom, teamIdOf } from './content.js';
import { isMain, type Quantiles, quantiles } from './stats.js';

export interface ScaleOptions {
  databasePath: string;
  workspaces: number;
  adrsPerWorkspace: number;
  /** Timed operations per kind. */
  operations: number;
  /** ADRs per seeding transaction. */
  batchSize?: number;
  log?: (line: string) => void;
}

export interface ScaleResult {
  /** ADRs seeded before the timed operations. */
  seeded: number;
  /** ADRs at the end (the timed proposals add some). */
  adrs: number;
  statusChanges: number;
  seedMs: number;
  databaseBytes: number;
  operations: Array<{ name: string; detail: string } & Quantiles>;
  /** process.memoryUsage().rss right after the timed operations, database still open. */
  rssBytes: number;
  notes: string[];
}

/**
 * Extra seeding per ADR for tables other features add (scores, votes, …). Each seeder says whether its tables
 * exist in this database; the scale run calls the ones that do, inside the same batch transaction.
 */
export interface ExtraSeeder {
  name: string;
  applies(db: Db): boolean;
  seed(db: Db, adr: { teamId: string; number: number; seed: SeedAdr }, random: () => number): void;
}

export const EXTRA_SEEDERS: ExtraSeeder[] = [];

/** Common words: each word is in 20–65 % of the seeded ADRs (both words of a pair: 14–25 %). */
export const SEARCH_QUERIES = {
  'search, 1 word': ['database', 'latency', 'cache', 'team'],
  'search, 2 words': ['team production', 'scaling writes', 'cache latency'],
};

function tableExists(db: Db, pattern: string): boolean {
  return (
    db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name LIKE ?").pluck().get(pattern) !== 0
  );
}

/** Proposes `seed` and walks it to its final status the way the app would, recording each change. */
function insertSeed(adrs: AdrRepository, teamId: string, seed: SeedAdr, at: Date): number {
  const adr = adrs.propose({
    teamId,
    content: seed.content,
    authorId: seed.authorId,
    channelId: 'C_DECISIONS',
    now: at,
  });
  const decider = seed.content.deciders[0] ?? seed.authorId;
  const later = new Date(at.getTime() + 86_400_000);
  const path: AdrStatus[] =
    seed.finalStatus === 'deprecated'
      ? ['accepted', 'deprecated']
      : seed.finalStatus === 'proposed'
        ? []
        : [seed.finalStatus];
  let from: AdrStatus = 'proposed';
  for (const to of path) {
    adrs.changeStatus(teamId, [{ number: adr.number, from, to }], decider, later);
    from = to;
  }
  return adr.number;
}

function timeEach(count: number, warmup: number, run: (index: number) => void): Quantiles {
  for (let i = 0; i < warmup; i++) run(i);
  const samples = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    run(warmup + i);
    samples[i] = performance.now() - start;
  }
  return quantiles(samples);
}

export function runDbScale(options: ScaleOptions): ScaleResult {
  const log = options.log ?? (() => undefined);
  const batchSize = options.batchSize ?? 2_000;
  const notes: string[] = [];
  const db = openDatabase(options.databasePath);
  migrate(db);
  const adrs = new AdrRepository(db);
  const random = seededRandom(7);

  const seeders = EXTRA_SEEDERS.filter((seeder) => seeder.applies(db));
  if (seeders.length > 0) notes.push(`also seeded: ${seeders.map((s) => s.name).join(', ')}`);
  else if (tableExists(db, '%scor%')) notes.push('scoring tables exist but no EXTRA_SEEDERS entry seeds them yet');
  else notes.push('no scoring tables in this schema: scores not seeded (hook: EXTRA_SEEDERS in bench/db-scale.ts)');

  // Workspaces interleaved in time, as real traffic would write them; dates spread over three years.
  const total = options.workspaces * options.adrsPerWorkspace;
  const start = Date.UTC(2022, 0, 1);
  const step = (3 * 365 * 86_400_000) / total;
  const seedStart = performance.now();
  const insertBatch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const teamId = teamIdOf(i % options.workspaces);
      const seed = makeAdr(random);
      const number = insertSeed(adrs, teamId, seed, new Date(start + i * step));
      for (const seeder of seeders) seeder.seed(db, { teamId, number, seed }, random);
    }
  });
  for (let from = 0; from < total; from += batchSize) {
    insertBatch(from, Math.min(total, from + batchSize));
    if ((from / batchSize) % 10 === 9) log(`  seeded ${from + batchSize} / ${total} ADRs`);
  }
  const seedMs = performance.now() - seedStart;
  db.pragma('wal_checkpoint(TRUNCATE)');

  const operations = measureOperations(adrs, options, random);
  const rssBytes = process.memoryUsage().rss;

  const count = (sql: string) => db.prepare(sql).pluck().get() as number;
  const result: ScaleResult = {
    seeded: total,
    adrs: count('SELECT COUNT(*) FROM adrs'),
    statusChanges: count('SELECT COUNT(*) FROM status_changes'),
    seedMs,
    databaseBytes: 0,
    operations,
    rssBytes,
    notes,
  };
  db.close();
  result.databaseBytes = statSync(options.databasePath).size;
  return result;
}

/** Times each operation kind `options.operations` times (after a short warm-up) on a seeded database. */
export function measureOperations(
  adrs: AdrRepository,
  options: Pick<ScaleOptions, 'workspaces' | 'adrsPerWorkspace' | 'operations'>,
  random: () => number,
): ScaleResult['operations'] {
  const team = (i: number) => teamIdOf(Math.floor(seededRandom(i + 1)() * options.workspaces));
  const ops = options.operations;
  const warmup = Math.max(10, Math.floor(ops / 20));
  const fresh = Array.from({ length: ops + warmup }, () => makeAdr(random));
  const now = new Date();

  const operations: ScaleResult['operations'] = [];
  operations.push({
    name: 'propose',
    detail: 'AdrRepository.propose (number, row, history, FTS)',
    ...timeEach(ops, warmup, (i) => {
      const seed = fresh[i] as SeedAdr;
      adrs.propose({ teamId: team(i), content: seed.content, authorId: seed.authorId, channelId: null, now });
    }),
  });
  operations.push({
    name: 'show',
    detail: 'find + history of a random ADR',
    ...timeEach(ops, warmup, (i) => {
      const teamId = team(i);
      const number = 1 + ((i * 7919) % options.adrsPerWorkspace);
      if (!adrs.find(teamId, number)) throw new Error(`seeded ADR ${teamId}/${number} is missing`);
      adrs.history(teamId, number);
    }),
  });
  operations.push({
    name: 'list',
    detail: 'first page (10) of all statuses, with total',
    ...timeEach(ops, warmup, (i) => {
      adrs.list(team(i), { status: null, limit: 10, offset: 0 });
    }),
  });
  operations.push({
    name: 'list accepted',
    detail: 'first page (10) of one status, with total',
    ...timeEach(ops, warmup, (i) => {
      adrs.list(team(i), { status: 'accepted', limit: 10, offset: 0 });
    }),
  });
  // Half the operations each, so searching as a whole gets `ops` operations like the others.
  for (const [name, queries] of Object.entries(SEARCH_QUERIES)) {
    let hits = 0;
    operations.push({
      name,
      detail: `FTS5, top 10 with snippets: ${queries.map((q) => `"${q}"`).join(', ')}`,
      ...timeEach(Math.ceil(ops / 2), warmup, (i) => {
        hits += adrs.search(team(i), queries[i % queries.length] as string, 10).length;
      }),
    });
    if (hits === 0) throw new Error(`${name} found nothing: the seeded content does not match the queries`);
  }
  return operations;
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'adr-bench-db-'));
  try {
    const result = runDbScale({
      databasePath: join(dir, 'adr.sqlite'),
      workspaces: Number(process.env.BENCH_WORKSPACES ?? 100),
      adrsPerWorkspace: Number(process.env.BENCH_ADRS_PER_WORKSPACE ?? 1_000),
      operations: Number(process.env.BENCH_DB_OPS ?? 2_000),
      log: console.log,
    });
    console.log(JSON.stringify(result, null, 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) main();
