#!/usr/bin/env node
// Builds dist/ with esbuild (ADR-016): one bundled ES module per entry point, with source maps. `npm run build`,
// and so `npm ci` (prepare), `npm start` (prestart), the image's build stage and the tests' global setup
// (test/support/build-dist.ts). Types are checked by `npm run typecheck` (tsc --noEmit), not here.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
/** Written last: when dist/ was last built from the sources (test/support/build-dist.ts compares it with them). */
export const STAMP = join(DIST, '.built');

/** Where each bundle goes (without .js) and its source. The worker's path is src/db/maintenance.ts's. */
const ENTRY_POINTS = {
  app: 'src/app.ts',
  cli: 'src/cli.ts',
  'db/maintenance-worker': 'src/db/maintenance-worker.ts',
  // Each CLI command's runner (src/cli/commands/), at the path src/cli.ts requires it from before it runs.
  ...Object.fromEntries(
    readdirSync(join(ROOT, 'src/cli/commands'))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => [`cli/commands/${file.slice(0, -3)}`, `src/cli/commands/${file}`]),
  ),
};

/**
 * Packages left to Node's loader, read from node_modules at run time; everything else the entry points import is
 * bundled (the app's modules, kysely, zod, date-fns, dotenv).
 */
const EXTERNAL = [
  // Native addons: a .node file cannot be bundled.
  'better-sqlite3',
  '@resvg/resvg-js',
  // Loaded on first use only (a chart, an AI request, a publish, DATABASE_URL): bundled, every start would read them.
  'openai',
  'vega',
  'vega-lite',
  '@octokit/*',
  '@gitbeaker/*',
  'bottleneck',
  'pg',
  // Bolt and the Slack SDK: CommonJS, and src/slack/bolt.ts requires Bolt's files one by one (not its index); the
  // app's own imports of @slack/web-api and @slack/logger must be the very modules Bolt loads.
  '@slack/*',
  // Only from the sources (src/db/maintenance.ts starts the .ts worker through tsx).
  'tsx',
];

// A CommonJS package inside an ES module bundle (dotenv) calls require(), which an ES module does not have.
const BANNER =
  "import { createRequire as __bundleRequire } from 'node:module';\nconst require = __bundleRequire(import.meta.url);";

export async function buildDist() {
  rmSync(DIST, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(Object.entries(ENTRY_POINTS)),
    outdir: DIST,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    // Each dynamic import() of the sources becomes a chunk of its own, loaded when the import runs: `--help` reads
    // no database code, a start no PostgreSQL driver, AI client or Git host SDK. Without splitting, a lazily
    // imported module's imports of external packages would be hoisted to the top of the bundle and load at start.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: true,
    external: EXTERNAL,
    banner: { js: BANNER },
    metafile: true,
    logLevel: 'warning',
  });
  writeFileSync(join(DIST, 'meta.json'), JSON.stringify(result.metafile));
  mkdirSync(DIST, { recursive: true });
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
  const kB = (file) => `${Math.round((result.metafile.outputs[file]?.bytes ?? 0) / 1024)} kB`;
  const entries = Object.keys(ENTRY_POINTS).map((name) => `${name}.js ${kB(`dist/${name}.js`)}`);
  return `dist/: ${entries.join(', ')}, and ${outputs.length - entries.length} chunks`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(await buildDist());
}
