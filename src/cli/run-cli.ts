import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AdrRepository } from '../db/adr-repository.js';
import { migrate } from '../db/migrate.js';
import { type Db, openDatabase } from '../db/open.js';
import { formatAdrNumber } from '../domain/adr-number.js';
import { ExportService } from '../services/export-service.js';
import { ImportService } from '../services/import-service.js';

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
  const { values, positionals } = parseArgs({
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
    case 'export': {
      const team = stringOption(values.team);
      const out = stringOption(values.out);
      const format = stringOption(values.format) ?? 'seed';
      if (!team || !out || (format !== 'seed' && format !== 'madr')) {
        io.err('Usage: adr-assistant export --team T --out DIR [--format seed|madr]');
        return 2;
      }
      return withDatabase(databasePath, (db) => {
        const files = new ExportService(new AdrRepository(db)).all(team, { profile: format });
        mkdirSync(out, { recursive: true });
        for (const file of files) writeFileSync(join(out, file.filename), file.content);
        io.out(`Wrote ${files.length} ADR file(s) of workspace ${team} to ${out} (${format} format).`);
        return 0;
      });
    }
    case 'import': {
      const team = stringOption(values.team);
      const dir = positionals[0];
      if (!team || !dir) {
        io.err('Usage: adr-assistant import --team T DIR');
        return 2;
      }
      const files = readdirSync(dir)
        .filter((name) => /\.(md|markdown)$/i.test(name))
        .map((fileName) => ({ fileName, text: readFileSync(join(dir, fileName), 'utf8') }));
      return withDatabase(databasePath, (db) => {
        const report = new ImportService(new AdrRepository(db), () => new Date()).import(team, files);
        for (const item of report.imported) {
          io.out(
            `imported  ${item.fileName} → ${formatAdrNumber(item.number)}${item.keptNumber ? '' : ' (new number)'}`,
          );
        }
        for (const item of report.skipped) io.out(`skipped   ${item.fileName}: ${item.reason}`);
        for (const item of report.conflicts) io.err(`conflict  ${item.fileName}: ${item.reason}`);
        for (const item of report.warnings) io.out(`warning   ${item.fileName}: ${item.message}`);
        io.out(
          `${report.imported.length} imported, ${report.skipped.length} skipped, ${report.conflicts.length} conflict(s), ${report.warnings.length} warning(s).`,
        );
        return report.conflicts.length > 0 ? 1 : 0;
      });
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

function stringOption(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Opens and migrates the database for one command, closing it whatever happens. */
function withDatabase<T>(path: string, work: (db: Db) => T): T {
  const db = openDatabase(path);
  try {
    migrate(db);
    return work(db);
  } finally {
    db.close();
  }
}
