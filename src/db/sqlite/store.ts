import { type CompiledQuery, Kysely, type QueryResult, type SqliteDatabase, SqliteDialect, sql } from 'kysely';
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

type Statement = ReturnType<Db['prepare']>;

/**
 * Prepared statements kept per SQL text, least recently used dropped first. Kysely's SQLite driver prepares every
 * query anew; it gets this as its connection instead. Safe because the driver runs one query at a time on the
 * connection and never streams here.
 */
function statementCache(raw: Db): SqliteDatabase & { prepare(text: string): Statement } {
  const statements = new Map<string, Statement>();
  return {
    close: () => raw.close(),
    prepare: (text: string) => {
      let statement = statements.get(text);
      if (statement) {
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

/** What Kysely's SQLite driver answers for a query, without its connection queue. */
function runOn<R>(database: { prepare(text: string): Statement }, query: CompiledQuery): QueryResult<R> {
  const statement = database.prepare(query.sql);
  const parameters = query.parameters as unknown[];
  if (statement.reader) return { rows: statement.all(parameters) as R[] };
  const { changes, lastInsertRowid } = statement.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
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
  const statements = statementCache(raw);
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: statements }) });
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
    proposeInOneStatement: null,
    // better-sqlite3 runs a statement to its end before returning, so a query may run on the connection at once,
    // skipping Kysely's queue (an await per query), when it cannot land in someone else's transaction: inside the
    // caller's own unit of work, or when no transaction is open. Otherwise it waits in the queue.
    execute: <R>(query: CompiledQuery) =>
      work.inTransaction() || !raw.inTransaction
        ? new Promise<QueryResult<R>>((resolve) => resolve(runOn<R>(statements, query)))
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
