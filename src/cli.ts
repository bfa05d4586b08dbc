import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { COMMANDS } from './cli/commands.js';
import { runCli } from './cli/run-cli.js';

// The bin require()s this file (dist/cli.js, bundled: ADR-016), which reads it and the chunks it imports at once
// (Node 20.19+, 22.12+), so it has no top-level await. Each command's runner is a bundle entry of its own
// (dist/cli/commands/<name>.js, with its chunks: kysely, the database driver) and is required here the same way
// before the command runs, so runCli's import finds it loaded instead of waiting for the file system chunk by chunk.
// Not for `--help`, which reads no database code; from the sources (tsx), runCli imports it.
const [name, ...rest] = process.argv.slice(2);
const command = COMMANDS.find((spec) => spec.name === name);
const help = rest.some((arg) => arg === '--help' || arg === '-h');
if (command && !help && !import.meta.url.endsWith('.ts')) {
  createRequire(import.meta.url)(`./cli/commands/${command.name}.js`);
}

// Read as the app reads it (dotenv), and loaded only when there is a .env file. Its default export: in the bundle,
// a CommonJS package imported on demand has no named exports.
const environment = existsSync('.env')
  ? import('dotenv').then(({ default: dotenv }) => {
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
