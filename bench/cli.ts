/**
 * The CLI against `node -e ''` on the same machine, run in turn (so drift hits all alike): `--help`, and `export`
 * of a 100-ADR workspace (database opened, schema checked, 100 Markdown files written). What a person waits for,
 * from spawn to exit, through the package's bin (compiled JavaScript, ADR-010). Beside them, the floor of any
 * export on this machine: Node, better-sqlite3 opening the file, one query, 100 files written, no code of the app.
 * Run alone: npx tsx bench/cli.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AdrRepository } from '../src/db/adr-repository.js';
import { openSqliteStore } from '../src/db/sqlite/store.js';
import { makeAdr, seededRandom } from './content.js';
import { REPO_ROOT } from './processes.js';
import { isMain, median } from './stats.js';

const BIN = join(REPO_ROOT, 'bin/adr-assistant.js');
const TEAM = 'T00000001';

export interface CliCase {
  name: string;
  medianMs: number;
  /** Median of the per-round ratios to `node -e ''` of the same round. */
  ratio: number;
}

export interface CliResult {
  baselineMs: number;
  cases: CliCase[];
  runs: number;
}

async function seed(databasePath: string, count: number): Promise<void> {
  const store = openSqliteStore(databasePath);
  await store.migrate();
  const adrs = new AdrRepository(store);
  const random = seededRandom(7);
  await store.transaction(async () => {
    for (let i = 0; i < count; i++) {
      const adr = makeAdr(random);
      await adrs.propose({
        teamId: TEAM,
        content: adr.content,
        authorId: adr.authorId,
        channelId: null,
        now: new Date(),
      });
    }
  });
  await store.close();
}

/** Not the CLI: what any export of the workspace must do at least, measured to show how much is the CLI's own. */
export const EXPORT_FLOOR = 'floor of an export: open with better-sqlite3, read 100 ADRs, write 100 files';
/** The same with this product's Markdown: the app's renderer bundled alone (bench/export-floor.ts). */
export const RENDERED_EXPORT_FLOOR = 'floor of this export: the same, each ADR rendered by the app’s renderer';
export const EXPORT_FLOORS: ReadonlySet<string> = new Set([EXPORT_FLOOR, RENDERED_EXPORT_FLOOR]);

/** Files are written over the old ones as the export writes them (src/cli/files.ts: writeFileOver says why). */
function floorScript(databasePath: string, out: string): string {
  const addon = join(REPO_ROOT, 'node_modules/better-sqlite3');
  return [
    `const fs = require('node:fs'); const Database = require(${JSON.stringify(addon)});`,
    `const db = new Database(${JSON.stringify(databasePath)}, { readonly: true });`,
    `const rows = db.prepare('SELECT number, content_json FROM adrs WHERE team_id = ? ORDER BY number').all(${JSON.stringify(TEAM)});`,
    `fs.mkdirSync(${JSON.stringify(out)}, { recursive: true });`,
    'for (const row of rows) {',
    `  const bytes = Buffer.from(row.content_json); const fd = fs.openSync(${JSON.stringify(out)} + '/' + row.number + '.md', fs.constants.O_WRONLY | fs.constants.O_CREAT);`,
    '  fs.writeSync(fd, bytes, 0, bytes.length, 0); fs.ftruncateSync(fd, bytes.length); fs.closeSync(fd);',
    '}',
    `if (rows.length !== 100) process.exit(2);`,
  ].join('\n');
}

/** bench/export-floor.ts as one CommonJS file (no ES module loader), its one package left to node_modules. */
async function renderedFloorScript(): Promise<string> {
  const { build } = await import('esbuild');
  const out = join(REPO_ROOT, 'node_modules/.cache/adr-bench/export-floor.cjs');
  await build({
    entryPoints: [join(REPO_ROOT, 'bench/export-floor.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20.19',
    external: ['better-sqlite3'],
    // src/domain/markdown/yaml.ts requires its package on first use, relative to import.meta.url.
    define: { 'import.meta.url': '__moduleUrl' },
    banner: { js: "const __moduleUrl = require('node:url').pathToFileURL(__filename).href;" },
    logLevel: 'warning',
  });
  return out;
}

function timed(args: string[], cwd: string): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    encoding: 'utf8',
  });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

export async function runCliBench(options: { runs?: number } = {}): Promise<CliResult> {
  const runs = options.runs ?? 15;
  const dir = mkdtempSync(join(tmpdir(), 'adr-bench-cli-'));
  try {
    const databasePath = join(dir, 'adr.sqlite');
    await seed(databasePath, 100);
    const commands: Record<string, string[]> = {
      baseline: ['-e', ''],
      '--help': [BIN, '--help'],
      'export --help': [BIN, 'export', '--help'],
      'export, 100 ADRs': [BIN, 'export', '--team', TEAM, '--out', join(dir, 'out'), '--db', databasePath],
      [EXPORT_FLOOR]: ['-e', floorScript(databasePath, join(dir, 'floor'))],
      [RENDERED_EXPORT_FLOOR]: [await renderedFloorScript(), databasePath, TEAM, join(dir, 'rendered')],
    };
    const names = Object.keys(commands);
    const times: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
    const ratios: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
    // One untimed pass warms the file system cache.
    for (const name of names) timed(commands[name] ?? [], dir);
    for (let round = 0; round < runs; round++) {
      const order = names.map((_, i) => names[(i + round) % names.length] ?? '');
      const taken: Record<string, number> = {};
      for (const name of order) taken[name] = timed(commands[name] ?? [], dir);
      for (const name of names) {
        times[name]?.push(taken[name] ?? 0);
        ratios[name]?.push((taken[name] ?? 0) / (taken.baseline ?? 1));
      }
    }
    return {
      baselineMs: median(times.baseline ?? []),
      runs,
      cases: names
        .filter((name) => name !== 'baseline')
        .map((name) => ({ name, medianMs: median(times[name] ?? []), ratio: median(ratios[name] ?? []) })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const result = await runCliBench();
  console.log(`node -e '': ${result.baselineMs.toFixed(1)} ms (median of ${result.runs})`);
  for (const c of result.cases)
    console.log(`${c.name}: ${c.medianMs.toFixed(1)} ms, ${c.ratio.toFixed(2)} × node -e ''`);
}
