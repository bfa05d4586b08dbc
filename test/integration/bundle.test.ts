import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNode } from '../../bench/processes.js';
import { DEFAULT_BOT_TOKEN, type FakeSlack, startFakeSlack } from '../support/fake-slack.js';

// dist/ as scripts/build.js bundles it (ADR-016; rebuilt by the tests' global setup when stale): what each entry
// point reads when it starts, from esbuild's metafile, and the upkeep worker's own bundle running in the app.

const ROOT = join(import.meta.dirname, '../..');

interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<
    string,
    {
      entryPoint?: string;
      inputs: Record<string, unknown>;
      imports: { path: string; kind: string; external?: boolean }[];
    }
  >;
}

const meta = JSON.parse(readFileSync(join(ROOT, 'dist/meta.json'), 'utf8')) as Metafile;

function outputOf(entryPoint: string): string {
  const found = Object.entries(meta.outputs).find(([, output]) => output.entryPoint === entryPoint);
  if (!found) throw new Error(`No output for ${entryPoint}`);
  return found[0];
}

/** What a process reads once the given outputs are loaded: their static imports, chunk after chunk. */
function staticallyLoaded(...outputs: string[]): { packages: Set<string>; inputs: string[] } {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const edge of meta.outputs[file]?.imports ?? []) {
      if (edge.kind !== 'import-statement') continue;
      if (edge.external) packages.add(edge.path.startsWith('node:') ? 'node:' : edge.path);
      else visit(edge.path);
    }
  };
  for (const output of outputs) visit(output);
  return { packages, inputs: [...seen].flatMap((file) => Object.keys(meta.outputs[file]?.inputs ?? {})) };
}

/** The package an input file belongs to (esbuild names it by its real path: node_modules may be a symlink). */
function packageOf(input: string): string | undefined {
  const inside = input.split('node_modules/').at(-1);
  if (inside === undefined || inside === input) return undefined;
  const parts = inside.split('/');
  return parts.slice(0, parts[0]?.startsWith('@') ? 2 : 1).join('/');
}

const LOADED_ON_FIRST_USE = ['pg', 'openai', 'openai/core/error', 'vega', 'vega-lite', '@resvg/resvg-js', 'bottleneck'];

describe('the bundles', () => {
  it('bundle the app’s modules and its pure-JS packages, and leave native addons and lazy SDKs to node_modules', () => {
    const bundled = new Set(Object.keys(meta.inputs).flatMap((input) => packageOf(input) ?? []));
    expect([...bundled].sort()).toEqual(['date-fns', 'dotenv', 'kysely', 'zod']);
  });

  it('start the app without reading a lazily used SDK or the PostgreSQL driver', () => {
    const atStart = staticallyLoaded(
      'dist/app.js',
      outputOf('src/config.ts'),
      outputOf('src/composition-root.ts'),
    ).packages;
    for (const name of LOADED_ON_FIRST_USE) expect(atStart).not.toContain(name);
    expect([...atStart].filter((name) => name.startsWith('@octokit/') || name.startsWith('@gitbeaker/'))).toEqual([]);
    expect(atStart).toContain('better-sqlite3');
  });

  it('answer `--help` without reading a database driver or kysely', () => {
    const help = staticallyLoaded('dist/cli.js');
    expect([...help.packages]).toEqual(['node:']);
    expect(help.inputs.filter((input) => packageOf(input) !== undefined || input.startsWith('src/db/'))).toEqual([]);
    // A command's chunks bring them (export: kysely and better-sqlite3).
    const exporting = staticallyLoaded(outputOf('src/cli/commands/export.ts'));
    expect(exporting.packages).toContain('better-sqlite3');
    expect(exporting.inputs.some((input) => packageOf(input) === 'kysely')).toBe(true);
  });
});

describe('the bundled app', () => {
  let fake: FakeSlack;
  let dir: string;

  beforeAll(async () => {
    fake = await startFakeSlack();
    dir = mkdtempSync(join(tmpdir(), 'adr-bundle-'));
  });

  afterAll(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the database upkeep in its worker bundle (dist/db/maintenance-worker.js)', async () => {
    const app = await startNode(join(ROOT, 'dist/app.js'), {
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_BOT_TOKEN: DEFAULT_BOT_TOKEN,
      SLACK_API_URL: fake.url,
      DATABASE_PATH: join(dir, 'adr.sqlite'),
      LOG_LEVEL: 'warn',
    });
    try {
      // The worker starts two seconds after the app (WORKER_START_DELAY_MS); its first pass checkpoints the
      // migrations' writes.
      let upkeep: { passes: number; errors: number; lastError: unknown } | undefined;
      for (let tries = 0; tries < 100 && !(upkeep && upkeep.passes + upkeep.errors > 0); tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        upkeep = ((await (await fetch(`${app.origin}/healthz`)).json()) as { upkeep: typeof upkeep }).upkeep;
      }
      expect(upkeep).toMatchObject({ errors: 0, lastError: null });
      expect(upkeep?.passes).toBeGreaterThan(0);
    } finally {
      await app.stop();
    }
    expect(app.output()).toBe('');
  }, 20_000);

  it('reads a .env file in its working folder (dotenv, a CommonJS package inside the bundle)', async () => {
    const folder = mkdtempSync(join(dir, 'env-'));
    writeFileSync(
      join(folder, '.env'),
      `SLACK_SIGNING_SECRET=secret\nSLACK_BOT_TOKEN=xoxb-never-issued\nSLACK_API_URL=${fake.url}\nDATABASE_PATH=adr.sqlite\n`,
    );
    // Asynchronously: the fake Slack answering the token check runs in this process.
    const run = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        [join(ROOT, 'dist/app.js')],
        { cwd: folder, env: { PATH: process.env.PATH ?? '', PORT: '0' }, encoding: 'utf8', timeout: 15_000 },
        (_error, _stdout, stderr) => resolve({ status: child.exitCode, stderr }),
      );
    });
    expect(run.stderr).toContain('Slack refused SLACK_BOT_TOKEN (invalid_auth)');
    expect(run.status).toBe(1);
  });
});

describe('the bundled CLI', () => {
  it('reads a .env file in its working folder, as the app does', () => {
    const folder = mkdtempSync(join(tmpdir(), 'adr-bundle-cli-'));
    try {
      writeFileSync(join(folder, '.env'), 'DATABASE_PATH=from-env.sqlite\n');
      const run = spawnSync(process.execPath, [join(ROOT, 'bin/adr-assistant.js'), 'migrate'], {
        cwd: folder,
        env: { PATH: process.env.PATH ?? '' },
        encoding: 'utf8',
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(existsSync(join(folder, 'from-env.sqlite'))).toBe(true);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
