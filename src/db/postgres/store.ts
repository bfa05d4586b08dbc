import { type CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { claimDue } from '../leased-rows.js';
import type { Tables } from '../schema.js';
import type { DataStore, Locking } from '../store.js';
import { UnitOfWork } from '../unit-of-work.js';
import { serverSideUpkeep } from '../upkeep.js';
import { kyselyPool } from './kysely-pool.js';
import { currentPostgresVersion, migratePostgres } from './migrate.js';
import { proposeInOneStatement } from './proposal.js';
import { PostgresSearchIndex } from './search.js';

export const DEFAULT_POOL_SIZE = 10;

/** SQLSTATEs after which a transaction can simply run again: serialization_failure, deadlock_detected. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_TRANSACTION_ATTEMPTS = 5;

const BIGINT_OID = 20;

const SNAPSHOT_SQL = 'SELECT pg_current_snapshot()::text AS snapshot';

/**
 * PostgreSQL through `pg`'s pool, behind Kysely's PostgresDialect. COUNT(*) and SUM() are bigint, which `pg`
 * returns as strings; counts here are far below 2^53, so they are parsed as numbers and both engines return the
 * same row types.
 */
export function openPostgresStore(
  url: string,
  options: { poolSize?: number; preparedStatements?: boolean; onError?: (error: Error) => void } = {},
): DataStore {
  const max = options.poolSize ?? DEFAULT_POOL_SIZE;
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === BIGINT_OID && format !== 'binary'
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server closed (a restart, a failover) must not crash the app: the pool replaces it.
  pool.on('error', (error) => options.onError?.(error));
  const db = new Kysely<Tables>({
    dialect: new PostgresDialect({
      pool: kyselyPool(pool, { namedStatements: options.preparedStatements !== false }),
    }),
  });
  const locking: Locking = {
    write: async (fn) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await db.transaction().execute(fn);
        } catch (error) {
          if (attempt >= MAX_TRANSACTION_ATTEMPTS || !RETRYABLE.has(sqlState(error))) throw error;
        }
      }
    },
    claimDue: (table, input) => claimDue(db, table, input, { skipLocked: true }),
    serialize: async (trx, key) => {
      await sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
    },
  };
  const work = new UnitOfWork(db, locking);
  return {
    engine: 'postgres',
    db,
    transaction: (fn) => work.transaction(fn),
    query: () => work.query(),
    proposeInOneStatement: (proposal) => proposeInOneStatement(work.query(), proposal),
    readSnapshot: async () => (await pool.query<{ snapshot: string }>(SNAPSHOT_SQL)).rows[0]?.snapshot ?? null,
    execute: <R>(query: CompiledQuery) => work.query().executeQuery<R>(query),
    afterCommit: (hook) => work.afterCommit(hook),
    inTransaction: () => work.inTransaction(),
    search: new PostgresSearchIndex(),
    locking,
    sqlite: null,
    migrate: () => migratePostgres(pool),
    currentVersion: () => currentPostgresVersion(pool),
    startUpkeep: () => serverSideUpkeep(),
    pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max }),
    close: async () => {
      await db.destroy();
    },
  };
}

function sqlState(error: unknown): string {
  return error && typeof error === 'object' && 'code' in error ? String((error as { code: unknown }).code) : '';
}
