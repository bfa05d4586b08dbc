#!/usr/bin/env node
// Runs the bundled CLI (dist/cli.js, built by `npm ci` through the prepare script: ADR-016). CommonJS
// (bin/package.json), so starting it needs no ES module loader of its own: about 6 ms of every command.
const { existsSync } = require('node:fs');
const { enableCompileCache } = require('node:module');
const { join } = require('node:path');

// Node 22.1 and later keep V8's compiled code of the modules on disk, so the next command skips compiling them.
enableCompileCache?.();
const entry = join(__dirname, '../dist/cli.js');
if (!existsSync(entry)) {
  console.error('adr-assistant is not built: run `npm run build` (npm ci runs it) in the project folder.');
  process.exit(1);
}
// require() loads the CLI's ES module and the chunks it imports synchronously (Node 20.19+ and 22.12+, the
// `engines` floor), hence no top-level await in src/cli.ts; a command's own chunks load when it runs.
require(entry);
