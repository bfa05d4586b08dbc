import { parseArgs } from 'node:util';
import { migrate } from '../db/migrate.js';
import { openDatabase } from '../db/open.js';

const USAGE = `Usage: adr-assistant <command> [options]

Commands:
  migrate                                   apply database migrations and exit
  export --team T --out DIR [--format seed|madr]
                                            write a workspace's ADRs as Markdown files
  import --team T DIR                       import an ADR folder (adr-tools, MADR, log4brains, this app)

Options:
  --db PATH    database file (default: DATABASE_PATH or ./data/adr.sqlite)`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Runs one CLI command; returns the process exit code. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      team: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
    },
    strict: false,
  });
  const databasePath = String(values.db ?? env.DATABASE_PATH ?? './data/adr.sqlite');
  switch (command) {
    case 'migrate': {
      const db = openDatabase(databasePath);
      try {
        const { applied, version } = migrate(db);
        io.out(
          applied.length > 0
            ? `Applied ${applied.length} migration(s): ${applied.join(', ')}. Schema version ${version}.`
            : `Database is up to date (schema version ${version}).`,
        );
        return 0;
      } finally {
        db.close();
      }
    }
    case undefined:
    case 'help':
    case '--help':
      io.out(USAGE);
      return 0;
    default:
      io.err(`Unknown command "${command}".\n${USAGE}`);
      return 2;
  }
}
