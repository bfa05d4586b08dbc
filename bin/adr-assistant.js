#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm ci` through the prepare script; ADR-010).
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// Node 22.1 and later keep V8's compiled code of the modules on disk, so the next command skips compiling them.
module.enableCompileCache?.();
const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('adr-assistant is not built: run `npm run build` (npm ci runs it) in the project folder.');
  process.exit(1);
}
// require() loads the CLI's ES modules synchronously (Node 20.19+ and 22.12+, the `engines` floor): one read per
// file, where import would wait for the file system module by module (src/cli.ts).
module.createRequire(import.meta.url)(fileURLToPath(entry));
