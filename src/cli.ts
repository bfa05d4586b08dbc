import { existsSync } from 'node:fs';
import { runCli } from './cli/run-cli.js';

// The bin require()s this file (dist/cli.js, one bundle with the app's modules, kysely and zod: ADR-016), so it has no
// top-level await. A command's runner is imported by runCli when the command runs (src/cli/commands.ts): inside the
// bundle that evaluates code already read, so `--help` evaluates no database driver's module.
// Read as the app reads it (dotenv), and loaded only when there is a .env file.
const environment = existsSync('.env')
  ? import('dotenv').then((dotenv) => {
      dotenv.config({ quiet: true });
    })
  : Promise.resolve();

environment
  .then(() => runCli(process.argv.slice(2), process.env, { out: console.log, err: console.error }))
  .then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
