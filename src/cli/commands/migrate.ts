import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { migrate } from '../../db/migrate.js';
import { openDatabase } from '../../db/open.js';
import { fileFailure } from '../files.js';
import { CliFailure, type CliIo, type CommandRunner, type ExitCode } from '../spec.js';

export const runMigrate: CommandRunner = async ({ databasePath, databaseUrl, io }) => {
  if (databaseUrl !== undefined) return migratePostgresDatabase(databaseUrl, io);
  const created = databasePath !== ':memory:' && !existsSync(databasePath);
  let db: ReturnType<typeof openDatabase>;
  try {
    db = openDatabase(databasePath);
  } catch (error) {
    throw fileFailure('The database', databasePath, error);
  }
  try {
    const { applied, version } = migrate(db);
    if (created) {
      const absolute = resolve(databasePath);
      io.out(`Created a new database at ${databasePath}${absolute === databasePath ? '' : ` (${absolute})`}.`);
    }
    io.out(
      applied.length > 0
        ? `Applied ${applied.length} migration(s): ${applied.join(', ')}. Schema version ${version}.`
        : `Database is up to date (schema version ${version}).`,
    );
    return 0;
  } finally {
    db.close();
  }
};

async function migratePostgresDatabase(url: string, io: CliIo): Promise<ExitCode> {
  // Loaded here so that SQLite commands never load the PostgreSQL driver.
  const { openPostgresStore } = await import('../../db/postgres/store.js');
  const store = openPostgresStore(url, { preparedStatements: false });
  try {
    const { applied, version } = await store.migrate();
    io.out(
      applied.length > 0
        ? `Applied ${applied.length} migration(s) to PostgreSQL: ${applied.join(', ')}. Schema version ${version}.`
        : `The PostgreSQL database is up to date (schema version ${version}).`,
    );
    return 0;
  } catch (error) {
    throw postgresFailure(error);
  } finally {
    await store.close();
  }
}

/** A connection or server error in plain words (the URL's password never appears: pg does not print it). */
export function postgresFailure(error: unknown): Error {
  if (error instanceof CliFailure) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string' && /^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|ENOENT)$/.test(code)) {
    return new CliFailure(`Cannot reach the PostgreSQL server of --database-url (${code}): ${message}.`);
  }
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    return new CliFailure(`PostgreSQL refused: ${message} (SQLSTATE ${code}).`);
  }
  return error instanceof Error ? error : new Error(message);
}
