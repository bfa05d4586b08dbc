import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { AdrRepository } from '../db/adr-repository.js';
import { CopyError, copyToPostgres } from '../db/copy-to-postgres.js';
import { DatabaseMaintainer } from '../db/maintenance.js';
import { migrate } from '../db/migrate.js';
import { type Db, openDatabase } from '../db/open.js';
import { openPostgresStore } from '../db/postgres/store.js';
import { countTeamRows, purgeTeam } from '../db/team-data.js';
import { formatAdrNumber } from '../domain/adr-number.js';
import { ExportService } from '../services/export-service.js';
import { ImportService } from '../services/import-service.js';

const USAGE = `Usage: adr-assistant <command> [options]

Commands:
  migrate                                   apply database migrations and exit (PostgreSQL with
                                            --database-url)
  copy-to-postgres --db FILE --database-url URL
                                            copy a SQLite decision log into an empty PostgreSQL
                                            database and check every table's counts
  export --team T --out DIR [--format seed|madr]
                                            write a workspace's ADRs as Markdown files
  import --team T DIR                       import an ADR folder (adr-tools, MADR, log4brains, this app)
  backup --out FILE                         copy the live database to FILE (SQLite online backup)
  purge --team T [--yes]                    delete every row of workspace T in every table; without
                                            --yes, only shows what would be deleted

Options:
  --db PATH           SQLite database file (default: DATABASE_PATH or ./data/adr.sqlite)
  --database-url URL  PostgreSQL database (default: DATABASE_URL); migrate and copy-to-postgres only`;

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
      yes: { type: 'boolean' },
      'database-url': { type: 'string' },
    },
    strict: false,
  });
  const databasePath = String(values.db ?? env.DATABASE_PATH ?? './data/adr.sqlite');
  const databaseUrl = stringOption(values['database-url']) ?? stringOption(env.DATABASE_URL);
  if (databaseUrl && command && SQLITE_ONLY.has(command)) {
    io.err(`${command} works on a SQLite database (--db) in this version; unset DATABASE_URL or drop --database-url.`);
    return 2;
  }
  switch (command) {
    case 'migrate': {
      if (databaseUrl) return migratePostgresDatabase(databaseUrl, io);
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
      return withDatabase(databasePath, { writes: false }, (db) => {
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
      return withDatabase(databasePath, { writes: true }, (db) => {
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
    case 'copy-to-postgres':
      return copySqliteToPostgres(databasePath, databaseUrl, io);
    case 'backup':
      return backup(databasePath, values.out, io);
    case 'purge':
      return purge(databasePath, values.team, values.yes === true, io);
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

/** Commands that read and write SQLite only until the repositories run on both engines (ADR-010). */
const SQLITE_ONLY = new Set(['export', 'import', 'backup', 'purge']);

async function migratePostgresDatabase(url: string, io: CliIo): Promise<number> {
  const store = openPostgresStore(url);
  try {
    const { applied, version } = await store.migrate();
    io.out(
      applied.length > 0
        ? `Applied ${applied.length} migration(s) to PostgreSQL: ${applied.join(', ')}. Schema version ${version}.`
        : `PostgreSQL database is up to date (schema version ${version}).`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

async function copySqliteToPostgres(databasePath: string, url: string | undefined, io: CliIo): Promise<number> {
  if (!url) {
    io.err('copy-to-postgres needs --database-url postgres://… (or DATABASE_URL): an empty PostgreSQL database.');
    return 2;
  }
  if (!existsSync(databasePath)) {
    io.err(`There is no SQLite database at ${databasePath} (set DATABASE_PATH or --db).`);
    return 1;
  }
  const source = openDatabase(databasePath);
  const target = openPostgresStore(url);
  try {
    migrate(source);
    const counts = await copyToPostgres(source, target, { log: io.out });
    for (const count of counts) io.out(`  ${count.table}: ${count.sqlite} in SQLite, ${count.postgres} in PostgreSQL`);
    io.out(`Copied ${databasePath} to PostgreSQL; every count matches.`);
    return 0;
  } catch (error) {
    if (!(error instanceof CopyError)) throw error;
    io.err(`copy-to-postgres stopped, nothing was copied: ${error.message}.`);
    return 1;
  } finally {
    source.close();
    await target.close();
  }
}

function stringOption(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Opens and migrates the database for one command, closing it whatever happens. After a command that `writes`,
 * the upkeep the app's maintenance worker would do (search index merges, WAL checkpoint) is done here, so a
 * bulk import leaves the index merged even when no app runs.
 */
function withDatabase<T>(path: string, options: { writes: boolean }, work: (db: Db) => T): T {
  const db = openDatabase(path);
  try {
    migrate(db);
    const result = work(db);
    if (options.writes) new DatabaseMaintainer(db).runToCompletion();
    return result;
  } finally {
    db.close();
  }
}

/** SQLite's online backup: a consistent copy while the app keeps running and writing. */
async function backup(databasePath: string, out: unknown, io: CliIo): Promise<number> {
  if (typeof out !== 'string' || out === '') {
    io.err('backup needs --out FILE, e.g. --out ./backups/adr-2026-01-31.sqlite');
    return 2;
  }
  if (!existsSync(databasePath)) {
    io.err(`There is no database at ${databasePath} (set DATABASE_PATH or --db).`);
    return 1;
  }
  if (resolve(out) === resolve(databasePath)) {
    io.err('--out must not be the database itself.');
    return 2;
  }
  const db = openDatabase(databasePath);
  try {
    await db.backup(out);
  } finally {
    db.close();
  }
  const copy = new Database(out, { readonly: true });
  try {
    const check = copy.pragma('integrity_check', { simple: true });
    const adrs = copy.prepare('SELECT COUNT(*) FROM adrs').pluck().get() as number;
    if (check !== 'ok') {
      io.err(`The backup at ${out} failed its integrity check: ${String(check)}`);
      return 1;
    }
    io.out(`Backed up ${databasePath} to ${out} (${adrs} ADRs; integrity check ok).`);
    return 0;
  } finally {
    copy.close();
  }
}

/** Deletes a workspace's rows in every table, in one transaction; only shows the counts without --yes. */
function purge(databasePath: string, team: unknown, yes: boolean, io: CliIo): number {
  if (typeof team !== 'string' || team === '') {
    io.err('purge needs --team T (the workspace id, e.g. T0123ABC).');
    return 2;
  }
  const db = openDatabase(databasePath);
  try {
    migrate(db);
    const counts = yes ? purgeTeam(db, team) : countTeamRows(db, team);
    if (yes) new DatabaseMaintainer(db).runToCompletion();
    const lines = Object.entries(counts).map(([table, count]) => `  ${table}: ${count}`);
    if (lines.length === 0) {
      io.out(`Workspace ${team} has no rows: nothing to delete.`);
      return 0;
    }
    if (!yes) {
      io.err(`Would delete every row of workspace ${team}:\n${lines.join('\n')}\nRun again with --yes to delete them.`);
      return 1;
    }
    io.out(`Deleted every row of workspace ${team}:\n${lines.join('\n')}`);
    return 0;
  } finally {
    db.close();
  }
}
