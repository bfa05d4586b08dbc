import { CopyError, copyToPostgres } from '../../db/copy-to-postgres.js';
import { openPostgresStore } from '../../db/postgres/store.js';
import { openExistingDatabase } from '../database.js';
import { CliFailure, type CommandRunner } from '../spec.js';
import { postgresFailure } from './migrate.js';

/** Copies a SQLite log into an empty PostgreSQL database in one transaction, every table's counts checked. */
export const runCopyToPostgres: CommandRunner = async ({ databasePath, databaseUrl, io }) => {
  if (databaseUrl === undefined) {
    throw new CliFailure(
      'copy-to-postgres needs --database-url postgres://… (or DATABASE_URL): the empty PostgreSQL database to copy into.',
    );
  }
  const source = openExistingDatabase(databasePath);
  const target = openPostgresStore(databaseUrl, { preparedStatements: false });
  try {
    const counts = await copyToPostgres(source, target, { log: io.out });
    for (const count of counts) io.out(`  ${count.table}: ${count.sqlite} in SQLite, ${count.postgres} in PostgreSQL`);
    io.out(`Copied ${databasePath} to PostgreSQL; every count matches.`);
    return 0 as const;
  } catch (error) {
    if (error instanceof CopyError)
      throw new CliFailure(`copy-to-postgres stopped, nothing was copied: ${error.message}.`);
    throw postgresFailure(error);
  } finally {
    source.close();
    await target.close();
  }
};
