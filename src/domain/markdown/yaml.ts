import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

/**
 * The yaml package (about 70 modules), loaded the first time front matter is read or written: only some Markdown
 * profiles have it, so a start or an export in the seed or MADR 2 profile never pays for it.
 */
export function yaml(): typeof Yaml {
  loaded ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return loaded;
}
