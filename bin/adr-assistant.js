#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm ci` through the prepare script; ADR-009).
import { existsSync } from 'node:fs';
import module from 'node:module';

// Node 22.1 and later keep V8's compiled code of the modules on disk, so the next command skips compiling them.
module.enableCompileCache?.();
const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('adr-assistant is not built: run `npm run build` (npm ci runs it) in the project folder.');
  process.exit(1);
}
await import(entry.href);
