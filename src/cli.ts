import { existsSync } from 'node:fs';
import { runCli } from './cli/run-cli.js';

// Read as the app reads it (dotenv), and loaded only when there is a .env file.
if (existsSync('.env')) (await import('dotenv')).config({ quiet: true });
runCli(process.argv.slice(2), process.env, { out: console.log, err: console.error }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
