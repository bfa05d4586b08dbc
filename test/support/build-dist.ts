import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');
/** Written by scripts/build.js when a build has finished. */
const STAMP = join(ROOT, 'dist/.built');

function newestSource(path: string): number {
  if (!statSync(path).isDirectory()) return statSync(path).mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestSource(join(path, entry)));
  return newest;
}

/**
 * vitest globalSetup: tests that run the bin or dist/ (the CLI through `npx adr-assistant`, the failed-start tests,
 * the bench smoke test) must run what the sources say, so dist/ is bundled again (scripts/build.js, about a second)
 * when a source file, the build script or the package file is newer than the last build.
 */
export default function buildDist(): void {
  const inputs = ['src', 'scripts/build.js', 'package.json'].map((path) => newestSource(join(ROOT, path)));
  if (existsSync(STAMP) && statSync(STAMP).mtimeMs >= Math.max(...inputs)) return;
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.js')], { cwd: ROOT, stdio: 'inherit' });
}
