/**
 * The database at scale: seeds W workspaces × N ADRs of realistic content through the AdrRepository (batched in
 * transactions), then times propose, show, list and search on it. The database upkeep runs in its worker thread
 * throughout, as in the app (WAL checkpoints and search index merges: src/db/maintenance.ts), so the timed calls
 * pay what a request pays while it works alongside. Standalone: `npx tsx bench/db-scale.ts`.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AdrRepository } from '../src/db/adr-repository.js';
import {
  MAINTENANCE_INTERVAL_MS,
  type MaintenanceRun,
  MERGE_AT_LEAST_EVERY_MS,
  startDatabaseMaintenance,
} from '../src/db/maintenance.js';
import { migrate } from '../src/db/migrate.js';
import { type Db, openDatabase } from '../src/db/open.js';
import { ScoringRepository } from '../src/db/scoring-repository.js';
import { WorkspaceCriteriaRepository } from '../src/db/workspace-criteria-repository.js';
import type { AdrStatus } from '../src/domain/adr.js';
import { DEFAULT_CRITERIA, type ScoreValue } from '../src/domain/scoring.js';
import { DecisionService } from '../src/services/decision-service.js';
import { ScoringService } from '../src/services/scoring-service.js';
import { storeOf } from '../test/support/stores.js';
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
  /** The first Proposed ADR of the first workspace (what the HTTP scoring case scores), if any. */
  proposedSample: number | null;
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

/** Share of ADRs that get a scoring matrix (the default 7 criteria) and scores from SCORERS_PER_ADR people. */
const SCORED_SHARE = 0.1;
const SCORERS_PER_ADR = 3;

/** One ScoringRepository per database, so seeding does not prepare its statements again for every ADR. */
const scoringRepositories = new WeakMap<Db, ScoringRepository>();

export const EXTRA_SEEDERS: ExtraSeeder[] = [
  {
    name: `scores on ${SCORED_SHARE * 100} % of ADRs (${SCORERS_PER_ADR} scorers × options × ${DEFAULT_CRITERIA.length} criteria)`,
    applies: (db) => tableExists(db, 'scores') && tableExists(db, 'scoring_matrices'),
    async seed(db, { teamId, number, seed }, random) {
      if (random() >= SCORED_SHARE) return;
      let repository = scoringRepositories.get(db);
      if (!repository) {
        repository = new ScoringRepository(storeOf(db));
        scoringRepositories.set(db, repository);
      }
      const at = new Date(Date.UTC(2024, 0, 1));
      await repository.ensure(teamId, number, DEFAULT_CRITERIA, at);
      const scorers = [seed.authorId, ...seed.content.deciders, 'U00000040', 'U00000039']
        .filter((id, index, all) => all.indexOf(id) === index)
        .slice(0, SCORERS_PER_ADR);
      for (const scorer of scorers) {
        const cells = seed.content.options.flatMap((option) =>
          DEFAULT_CRITERIA.map((criterion) => ({
            option: option.name,
            criterionId: criterion.id,
            value: (1 + Math.floor(random() * 5)) as ScoreValue,
          })),
        );
        await repository.saveScores(teamId, number, scorer, cells, at);
      }
    },
  },
];

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
async function insertSeed(adrs: AdrRepository, teamId: string, seed: SeedAdr, at: Date): Promise<number> {
  const adr = await adrs.propose({
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
    await adrs.changeStatus(teamId, [{ number: adr.number, from, to }], decider, later);
    from = to;
  }
  return adr.number;
}

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

export async function runDbScale(options: ScaleOptions): Promise<ScaleResult> {
  const log = options.log ?? (() => undefined);
  const batchSize = options.batchSize ?? 2_000;
  const notes: string[] = [];
  const db = openDatabase(options.databasePath);
  migrate(db);
  const maintenance = startDatabaseMaintenance(db, options.databasePath);
  const upkeep = { passes: 0, mergeSteps: 0, checkpointedFrames: 0 };
  maintenance.events.on('run', (run: MaintenanceRun) => {
    upkeep.passes++;
    upkeep.mergeSteps += run.mergeSteps;
    upkeep.checkpointedFrames += Math.max(0, run.checkpointedFrames);
  });
  const adrs = new AdrRepository(storeOf(db));
  const random = seededRandom(7);
  // Seeders draw from their own sequence, so adding one leaves the ADRs themselves (and search figures) unchanged.
  const seederRandom = seededRandom(11);

  const seeders = EXTRA_SEEDERS.filter((seeder) => seeder.applies(db));
  if (seeders.length > 0) notes.push(`also seeded: ${seeders.map((s) => s.name).join(', ')}`);

  // Workspaces interleaved in time, as real traffic would write them; dates spread over three years.
  const total = options.workspaces * options.adrsPerWorkspace;
  const start = Date.UTC(2022, 0, 1);
  const step = (3 * 365 * 86_400_000) / total;
  const seedStart = performance.now();
  const store = storeOf(db);
  const insertBatch = (from: number, to: number) =>
    store.transaction(async () => {
      for (let i = from; i < to; i++) {
        const teamId = teamIdOf(i % options.workspaces);
        const seed = makeAdr(random);
        const number = await insertSeed(adrs, teamId, seed, new Date(start + i * step));
        // The extra seeders write through the connection itself, inside the same transaction.
        for (const seeder of seeders) seeder.seed(db, { teamId, number, seed }, seederRandom);
      }
    });
  for (let from = 0; from < total; from += batchSize) {
    await insertBatch(from, Math.min(total, from + batchSize));
    if ((from / batchSize) % 10 === 9) log(`  seeded ${from + batchSize} / ${total} ADRs`);
  }
  const seedMs = performance.now() - seedStart;
  // What the worker had not merged yet when seeding ended, as after a bulk import: done before timing anything.
  await maintenance.runOnce();
  db.pragma('wal_checkpoint(TRUNCATE)');

  const timedFrom = { ...upkeep };
  const operations = await measureOperations(adrs, options, random);
  operations.push(...(await measureScoring(db, adrs, options)));
  const rssBytes = process.memoryUsage().rss;
  // The worker's reports queue behind the synchronous timing loops: let them arrive before counting.
  await maintenance.runOnce();
  await maintenance.stop();
  notes.push(
    `database upkeep ran in its worker thread as in the app (a look every ${MAINTENANCE_INTERVAL_MS} ms: a WAL checkpoint after new writes, search index merges once writes pause or every ${MERGE_AT_LEAST_EVERY_MS / 1000} s): during the timed operations ${upkeep.passes - timedFrom.passes} passes, ${upkeep.mergeSteps - timedFrom.mergeSteps} merge steps, ${thousands(upkeep.checkpointedFrames - timedFrom.checkpointedFrames)} WAL frames checkpointed`,
  );

  const count = (sql: string) => db.prepare(sql).pluck().get() as number;
  const proposedSample =
    (db
      .prepare("SELECT number FROM adrs WHERE team_id = ? AND status = 'proposed' ORDER BY number LIMIT 1")
      .pluck()
      .get(teamIdOf(0)) as number | undefined) ?? null;
  const result: ScaleResult = {
    seeded: total,
    adrs: count('SELECT COUNT(*) FROM adrs'),
    statusChanges: count('SELECT COUNT(*) FROM status_changes'),
    seedMs,
    databaseBytes: 0,
    operations,
    rssBytes,
    proposedSample,
    notes,
  };
  db.close();
  result.databaseBytes = statSync(options.databasePath).size;
  return result;
}

/** Times each operation kind `options.operations` times (after a short warm-up) on a seeded database. */
export async function measureOperations(
  adrs: AdrRepository,
  options: Pick<ScaleOptions, 'workspaces' | 'adrsPerWorkspace' | 'operations'>,
  random: () => number,
): Promise<ScaleResult['operations']> {
  const team = (i: number) => teamIdOf(Math.floor(seededRandom(i + 1)() * options.workspaces));
  const ops = options.operations;
  const warmup = Math.max(10, Math.floor(ops / 20));
  const fresh = Array.from({ length: ops + warmup }, () => makeAdr(random));
  const now = new Date();

  const operations: ScaleResult['operations'] = [];
  operations.push({
    name: 'propose',
    detail: 'AdrRepository.propose (number, row, history, FTS); checkpoints, index merges in the upkeep worker',
    ...(await timeEach(ops, warmup, async (i) => {
      const seed = fresh[i] as SeedAdr;
      await adrs.propose({ teamId: team(i), content: seed.content, authorId: seed.authorId, channelId: null, now });
    })),
  });
  operations.push({
    name: 'show',
    detail: 'find + history of a random ADR',
    ...(await timeEach(ops, warmup, async (i) => {
      const teamId = team(i);
      const number = 1 + ((i * 7919) % options.adrsPerWorkspace);
      if (!(await adrs.find(teamId, number))) throw new Error(`seeded ADR ${teamId}/${number} is missing`);
      await adrs.history(teamId, number);
    })),
  });
  operations.push({
    name: 'list',
    detail: 'first page (10) of all statuses, with total',
    ...(await timeEach(ops, warmup, async (i) => {
      await adrs.list(team(i), { status: null, limit: 10, offset: 0 });
    })),
  });
  operations.push({
    name: 'list accepted',
    detail: 'first page (10) of one status, with total',
    ...(await timeEach(ops, warmup, async (i) => {
      await adrs.list(team(i), { status: 'accepted', limit: 10, offset: 0 });
    })),
  });
  // Half the operations each, so searching as a whole gets `ops` operations like the others.
  for (const [name, queries] of Object.entries(SEARCH_QUERIES)) {
    let hits = 0;
    operations.push({
      name,
      detail: `FTS5, top 10 with snippets: ${queries.map((q) => `"${q}"`).join(', ')}`,
      ...(await timeEach(Math.ceil(ops / 2), warmup, async (i) => {
        hits += (await adrs.search(team(i), queries[i % queries.length] as string, 10)).length;
      })),
    });
    if (hits === 0) throw new Error(`${name} found nothing: the seeded content does not match the queries`);
  }
  return operations;
}

/** ScoringService.results (ADR, matrix, scores, aggregate, sensitivity) on seeded ADRs that have scores. */
async function measureScoring(
  db: Db,
  adrs: AdrRepository,
  options: Pick<ScaleOptions, 'operations'>,
): Promise<ScaleResult['operations']> {
  if (!tableExists(db, 'scores')) return [];
  const scored = db
    .prepare('SELECT team_id AS teamId, adr_number AS number FROM scoring_matrices ORDER BY team_id, adr_number')
    .all() as Array<{ teamId: string; number: number }>;
  if (scored.length === 0) return [];
  const now = () => new Date();
  const scoring = new ScoringService(
    new ScoringRepository(storeOf(db)),
    new WorkspaceCriteriaRepository(storeOf(db)),
    new DecisionService(adrs, now),
    now,
  );
  const ops = options.operations;
  const warmup = Math.max(10, Math.floor(ops / 20));
  let scorers = 0;
  const timed = await timeEach(ops, warmup, async (i) => {
    const target = scored[(i * 7919) % scored.length] as { teamId: string; number: number };
    const result = await scoring.results(target.teamId, String(target.number));
    if (!result.ok) throw new Error(`scoring results of ${target.teamId}/${target.number}: ${result.reason}`);
    scorers += result.value.result.scorers.length;
  });
  return [
    {
      name: 'scoring aggregation',
      detail: `ScoringService.results of a scored ADR (${thousands(scored.length)} scored; ${(scorers / (ops + warmup)).toFixed(1)} scorers each): ADR, matrix, scores, aggregate, sensitivity`,
      ...timed,
    },
  ];
}

const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'adr-bench-db-'));
  try {
    const result = await runDbScale({
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

if (isMain(import.meta.url)) await main();
