import { Kysely, type SqliteDatabase, SqliteDialect, sql } from 'kysely';
import { startDatabaseMaintenance } from '../maintenance.js';
import { currentVersion, migrate } from '../migrate.js';
import { type Db, openDatabase } from '../open.js';
import { claimDueOutbox } from '../outbox-claims.js';
import type { Tables } from '../schema.js';
import type { DataStore, Locking } from '../store.js';
import { UnitOfWork } from '../unit-of-work.js';
import { Fts5SearchIndex } from './search.js';

/** Statements kept per SQL text: preparing one costs more than running a typical query (about 8 µs against 5). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query anew; this hands it the connection with prepared statements
 * reused instead. Safe because the driver runs one query at a time on the connection and never streams here.
 */
function withStatementCache(raw: Db): SqliteDatabase {
  const statements = new Map<string, ReturnType<Db['prepare']>>();
  return {
    close: () => raw.close(),
    prepare: (text: string) => {
      let statement = statements.get(text);
      if (statement) {
        // Most recently used last, so the oldest is the one dropped when the cache is full.
        statements.delete(text);
      } else {
        statement = raw.prepare(text);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value as string);
      }
      statements.set(text, statement);
      return statement;
    },
  };
}

/**
 * SQLite through better-sqlite3 (ADR-001), behind Kysely's SqliteDialect: one connection, which Kysely hands to
 * one query or transaction at a time.
 */
export function openSqliteStore(path: string): DataStore {
  return sqliteStoreOn(openDatabase(path), path);
}

/** The store over a connection already open (the CLI opens and checks the file first). */
export function sqliteStoreOn(raw: Db, path: string): DataStore {
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) });
  const locking: Locking = {
    write: (fn) =>
      db.connection().execute(async (connection) => {
        // IMMEDIATE takes the write lock at BEGIN (waiting up to busy_timeout for another process's writer), so
        // what the transaction reads stays true until it commits.
        await sql`BEGIN IMMEDIATE`.execute(connection);
        try {
          const result = await fn(connection);
          await sql`COMMIT`.execute(connection);
          return result;
        } catch (error) {
          if (raw.inTransaction) await sql`ROLLBACK`.execute(connection);
          throw error;
        }
      }),
    claimDueOutbox: (input) => claimDueOutbox(db, input, { skipLocked: false }),
  };
  const work = new UnitOfWork(db, locking);
  return {
    engine: 'sqlite',
    db,
    transaction: (fn) => work.transaction(fn),
    query: () => work.query(),
    afterCommit: (hook) => work.afterCommit(hook),
    inTransaction: () => work.inTransaction(),
    search: new Fts5SearchIndex(),
    locking,
    sqlite: raw,
    migrate: async () => migrate(raw),
    currentVersion: async () => currentVersion(raw),
    startUpkeep: (options) => startDatabaseMaintenance(raw, path, options),
    pool: () => ({ total: 1, idle: 1, waiting: 0, max: 1 }),
    close: async () => {
      await db.destroy();
    },
  };
}
