import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectPath } from '../project-root.js';
import type { Db } from './open.js';

/** SQLite's migrations. Their versions are those recorded in existing databases' schema_migrations. */
export const MIGRATIONS_DIR = projectPath('migrations', 'sqlite');

/** PostgreSQL's: the same schema, at the same versions (src/db/postgres/migrate.ts applies them). */
export const POSTGRES_MIGRATIONS_DIR = projectPath('migrations', 'postgres');

const FILE_PATTERN = /^(\d{4})_([a-z0-9_-]+)\.sql$/;

/** First-line directive of a migration that rebuilds a table other tables reference. */
const FOREIGN_KEYS_OFF = /^-- migrate: foreign_keys off\b/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export class MigrationError extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`Migration ${file} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'MigrationError';
  }
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return listMigrations(dir).map(({ version, name }) => ({
    version,
    name,
    sql: readFileSync(join(dir, name), 'utf8'),
  }));
}

/** The migration files in order, checked by name only (their SQL is read when one is pending). */
function listMigrations(dir: string): Omit<Migration, 'sql'>[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = FILE_PATTERN.exec(file);
      if (!match) throw new MigrationError(file, new Error('file name must look like 0001_slug.sql'));
      return { version: Number(match[1]), name: file };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    const previous = migrations[index - 1];
    if (previous && previous.version === migration.version) {
      throw new MigrationError(migration.name, new Error(`version ${migration.version} is used twice`));
    }
  });
  return migrations;
}

/**
 * Applies pending migrations in order, each in its own transaction, and records them.
 * A failing file rolls back alone: the database stays at the last good version.
 */
export function migrate(db: Db, dir = MIGRATIONS_DIR): { applied: string[]; version: number } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  // Every start and CLI command gets here: when nothing is pending, no migration file is read.
  const done = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  if (listMigrations(dir).every((migration) => done.has(migration.version))) {
    return { applied: [], version: currentVersion(db) };
  }
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').pluck();
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: string[] = [];
  for (const migration of readMigrations(dir)) {
    // A migration that rebuilds a referenced table (SQLite's 12-step ALTER) runs with foreign keys off, which
    // SQLite allows only outside a transaction, and checks them before it commits.
    const rebuild = FOREIGN_KEYS_OFF.test(migration.sql);
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
    if (rebuild && !isApplied.get(migration.version)) db.pragma('foreign_keys = OFF');
    try {
      // Checked inside the write lock: another process (a second app, the CLI) may have applied it meanwhile.
      const ran = db
        .transaction(() => {
          if (isApplied.get(migration.version)) return false;
          db.exec(migration.sql);
          if (rebuild) {
            const broken = db.pragma('foreign_key_check') as unknown[];
            if (broken.length > 0) throw new Error(`${broken.length} row(s) break a foreign key after the rebuild`);
          }
          record.run(migration.version, migration.name, new Date().toISOString());
          return true;
        })
        .immediate();
      if (ran) applied.push(migration.name);
    } catch (error) {
      throw new MigrationError(migration.name, error);
    } finally {
      if (rebuild) db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    }
  }
  return { applied, version: currentVersion(db) };
}

export function currentVersion(db: Db): number {
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
  return row.version ?? 0;
}
