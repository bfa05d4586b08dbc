/**
 * The SQLite data layer of this tree against the synchronous one of before issue 15 (commit fc267f7), in one
 * process, on two copies of one seeded database, in alternating batches of 100: what a propose, a show (find +
 * history) and a list cost on each, with the machine's drift hitting both alike. Issue 15 allows 10 % more.
 * Not part of `npm run bench`: it needs that commit checked out beside this tree, for example
 *   git worktree add ../before fc267f7 && ln -s "$PWD/node_modules" ../before/node_modules
 *   BENCH_BEFORE=../before npx tsx bench/sqlite-before-after.ts
 * BENCH_WORKSPACES × BENCH_ADRS_PER_WORKSPACE ADRs (100 × 1,000) are seeded by the older code, once per run.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AdrRepository } from '../src/db/adr-repository.js';
import { migrate } from '../src/db/migrate.js';
import { openDatabase } from '../src/db/open.js';
import { sqliteStoreOn } from '../src/db/sqlite/store.js';
import { makeAdr, type SeedAdr, seededRandom, teamIdOf } from './content.js';
import { isMain, quantiles } from './stats.js';

/** The older tree's synchronous repository, as far as this bench calls it. */
interface BeforeRepository {
  propose(input: {
    teamId: string;
    content: SeedAdr['content'];
    authorId: string;
    channelId: null;
    now: Date;
  }): unknown;
  find(teamId: string, number: number): unknown;
  history(teamId: string, number: number): unknown;
  list(teamId: string, options: { status: null; limit: number; offset: number }): unknown;
}

type Operation = (repository: BeforeRepository | AdrRepository, i: number) => unknown;

async function main(): Promise<void> {
  const before = process.env.BENCH_BEFORE;
  if (!before) throw new Error('Set BENCH_BEFORE to a checkout of the commit before issue 15 (see the header).');
  const tree = resolve(before);
  const workspaces = Number(process.env.BENCH_WORKSPACES ?? 100);
  const perWorkspace = Number(process.env.BENCH_ADRS_PER_WORKSPACE ?? 1_000);
  const old = {
    repository: (await import(join(tree, 'src/db/adr-repository.ts'))) as {
      AdrRepository: new (db: unknown) => BeforeRepository;
    },
    open: (await import(join(tree, 'src/db/open.ts'))) as {
      openDatabase(path: string): ReturnType<typeof openDatabase>;
    },
    migrate: (await import(join(tree, 'src/db/migrate.ts'))) as { migrate(db: unknown): void },
    scale: (await import(join(tree, 'bench/db-scale.ts'))) as {
      runDbScale(options: object): Promise<unknown>;
    },
  };
  const dir = mkdtempSync(join(tmpdir(), 'adr-bench-before-after-'));
  try {
    const seeded = join(dir, 'seeded.sqlite');
    console.log(`Seeding ${workspaces} × ${perWorkspace} ADRs with the older code…`);
    await old.scale.runDbScale({ databasePath: seeded, workspaces, adrsPerWorkspace: perWorkspace, operations: 10 });
    copyFileSync(seeded, join(dir, 'after.sqlite'));
    const beforeDb = old.open.openDatabase(seeded);
    old.migrate.migrate(beforeDb);
    const afterDb = openDatabase(join(dir, 'after.sqlite'));
    migrate(afterDb);
    const repositories = {
      before: new old.repository.AdrRepository(beforeDb),
      after: new AdrRepository(sqliteStoreOn(afterDb, join(dir, 'after.sqlite'))),
    };
    const random = seededRandom(3);
    const team = (i: number) => teamIdOf(Math.floor(seededRandom(i + 1)() * workspaces));
    const fresh = Array.from({ length: 500 }, () => makeAdr(random));
    const now = new Date();
    const operations: Record<string, Operation> = {
      propose: (repository, i) => {
        const seed = fresh[i % fresh.length] as SeedAdr;
        return repository.propose({
          teamId: team(i),
          content: seed.content,
          authorId: seed.authorId,
          channelId: null,
          now,
        });
      },
      show: async (repository, i) => {
        const number = 1 + ((i * 7919) % perWorkspace);
        await repository.find(team(i), number);
        await repository.history(team(i), number);
      },
      list: (repository, i) => repository.list(team(i), { status: null, limit: 10, offset: 0 }),
    };
    console.log('| operation | before p50 / p99 ms | after p50 / p99 ms | after ÷ before (p50) | allowed |');
    console.log('|---|---|---|---|---|');
    for (const [name, operation] of Object.entries(operations)) {
      const samples = { before: [] as number[], after: [] as number[] };
      for (let batch = 0; batch < 40; batch++) {
        const order = batch % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const);
        for (const side of order) {
          for (let i = batch * 100; i < batch * 100 + 100; i++) {
            const started = performance.now();
            await operation(repositories[side], i);
            samples[side].push(performance.now() - started);
          }
        }
      }
      const b = quantiles(samples.before);
      const a = quantiles(samples.after);
      console.log(
        `| ${name} | ${b.p50.toFixed(3)} / ${b.p99.toFixed(3)} | ${a.p50.toFixed(3)} / ${a.p99.toFixed(3)} | ${(a.p50 / b.p50).toFixed(2)} | ≤ 1.10 |`,
      );
    }
    beforeDb.close();
    afterDb.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) await main();
