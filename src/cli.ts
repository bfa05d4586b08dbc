import { config as loadDotenv } from 'dotenv';
import { runCli } from './cli/run-cli.js';

loadDotenv({ quiet: true });
runCli(process.argv.slice(2), process.env, { out: console.log, err: console.error }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
