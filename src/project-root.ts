import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's folder: the nearest one above this module holding a package.json. Files the app reads at run time
 * (migrations/, prompts/) and the upkeep worker's bundle (dist/) are found from here, the same from the sources
 * (src/, tests, tsx) and from the bundle (dist/app.js, dist/cli.js, or a chunk of them: ADR-016), where a path
 * relative to `import.meta.url` would depend on the file esbuild put the module in.
 */
export function findProjectRoot(from: string = import.meta.url): string {
  const start = dirname(fileURLToPath(from));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json above ${start}: cannot find the project's folder`);
  }
}

export const PROJECT_ROOT = findProjectRoot();

/** A file or folder of the project, from its path relative to the project's folder. */
export function projectPath(...segments: string[]): string {
  return join(PROJECT_ROOT, ...segments);
}
