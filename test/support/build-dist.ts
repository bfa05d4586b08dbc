import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');
const STAMP = join(ROOT, 'dist/.tsbuildinfo');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * vitest globalSetup: tests that run the bin or dist/ (the CLI through `npx adr-assistant`, the bench smoke
 * test) must run what the sources say, so dist/ is rebuilt when a source file is newer than the last build.
 */
export default function buildDist(): void {
  if (existsSync(STAMP) && statSync(STAMP).mtimeMs >= newestSource(join(ROOT, 'src'))) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  // tsc leaves its build info untouched when nothing changed: the stamp says when dist/ was last checked.
  const now = new Date();
  utimesSync(STAMP, now, now);
}
