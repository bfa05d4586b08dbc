import { type CompiledQuery, Kysely, type QueryResult } from 'kysely';
import { claimDue } from '../leased-rows.js';
import { startDatabaseMaintenance } from '../maintenance.js';
import { currentVersion, migrate } from '../migrate.js';
import { type Db, openDatabase } from '../open.js';
import type { Tables } from '../schema.js';
import type { DataStore, Locking } from '../store.js';
import { UnitOfWork } from '../unit-of-work.js';
import { SqliteConnection } from './connection.js';
import { Fts5SearchIndex } from './search.js';

/**
 * SQLite through better-sqlite3 (ADR-001), behind Kysely: one connection, which a query or a transaction takes in
 * turn (SqliteConnection).
 */
export function openSqliteStore(path: string): DataStore {
  return sqliteStoreOn(openDatabase(path), path);
}

/** The store over a connection already open (the CLI opens and checks the file first). */
export function sqliteStoreOn(raw: Db, path: string): DataStore {
  const connection = new SqliteConnection(raw);
  const db = new Kysely<Tables>({ dialect: connection.dialect });
  const held = new Kysely<Tables>({ dialect: connection.heldDialect });
  const locking: Locking = {
    write: (fn) => connection.transaction(() => fn(held)),
    claimDue: (table, input) => claimDue(db, table, input, { skipLocked: false }),
    serialize: async () => {},
  };
  const work = new UnitOfWork(db, locking);
  return {
    engine: 'sqlite',
    db,
    transaction: (fn) => work.transaction(fn),
    query: () => work.query(),
    proposeInOneStatement: null,
    readSnapshot: null,
    // better-sqlite3 runs a statement to its end before returning, so a query may run on the connection at once,
    // without waiting for a turn, when it cannot land in someone else's transaction: inside the caller's own unit
    // of work, or when no transaction is open. Otherwise it waits for its turn through Kysely.
    execute: <R>(query: CompiledQuery) =>
      work.inTransaction() || !raw.inTransaction
        ? new Promise<QueryResult<R>>((resolve) => resolve(connection.run<R>(query)))
        : work.query().executeQuery<R>(query),
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
