import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { COMMANDS } from './cli/commands.js';
import { runCli } from './cli/run-cli.js';

const require = createRequire(import.meta.url);

// Read as the app reads it (dotenv), and loaded only when there is a .env file.
if (existsSync('.env')) (require('dotenv') as typeof import('dotenv')).config({ quiet: true });

// The bin loads this file with require(), which reads an ES module graph at once (Node 20.19+, 22.12+), where import
// waits for the file system once per module: most of a command's time on a busy machine. The command's runner
// (src/cli/commands/<name>.ts) is loaded the same way here, so runCli's import finds it loaded. From the sources
// (tsx), runCli imports it.
// Not for `--help`, which loads no database driver.
const [name, ...rest] = process.argv.slice(2);
const command = COMMANDS.find((spec) => spec.name === name);
const help = rest.some((arg) => arg === '--help' || arg === '-h');
if (command && !help && !import.meta.url.endsWith('.ts')) require(`./cli/commands/${command.name}.js`);

runCli(process.argv.slice(2), process.env, { out: console.log, err: console.error }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
