import type pg from 'pg';
import { MigrationError, POSTGRES_MIGRATIONS_DIR, readMigrations } from '../migrate.js';
import type { MigrationResult } from '../store.js';

/**
 * The advisory lock that instances starting together queue on: one applies what is pending while the others wait,
 * then find nothing left to do. A constant of the app's own ('ADRASSIS' in ASCII), so no other application's
 * advisory locks collide with it by chance.
 */
export const MIGRATION_LOCK_KEY = '4702974351405959507';

/**
 * Applies pending PostgreSQL migrations in order, each in its own transaction (PostgreSQL's DDL is
 * transactional: a failing file leaves nothing behind), and records them as SQLite's runner does.
 */
export async function migratePostgres(pool: pg.Pool, dir = POSTGRES_MIGRATIONS_DIR): Promise<MigrationResult> {
  const migrations = readMigrations(dir);
  const client = await pool.connect();
  try {
    // Session-level, so it outlives each migration's transaction; released below, or when the session ends.
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TEXT NOT NULL
      )`);
      const done = new Set(
        (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
      );
      const applied: string[] = [];
      for (const migration of migrations) {
        if (done.has(migration.version)) continue;
        try {
          await client.query('BEGIN');
          // No parameters: the simple query protocol, which runs a file of several statements.
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
            migration.version,
            migration.name,
            new Date().toISOString(),
          ]);
          await client.query('COMMIT');
          applied.push(migration.name);
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw new MigrationError(migration.name, error);
        }
      }
      return { applied, version: await currentPostgresVersion(client) };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}

export async function currentPostgresVersion(client: pg.Pool | pg.PoolClient): Promise<number> {
  const exists = await client.query<{ name: string | null }>("SELECT to_regclass('schema_migrations') AS name");
  if (!exists.rows[0]?.name) return 0;
  const row = await client.query<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations');
  return row.rows[0]?.version ?? 0;
}
