import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MIGRATIONS_DIR,
  MigrationError,
  migrate,
  POSTGRES_MIGRATIONS_DIR,
  readMigrations,
} from '../../src/db/migrate.js';
import { migratePostgres } from '../../src/db/postgres/migrate.js';
import { openPostgresStore } from '../../src/db/postgres/store.js';
import { createPostgresDatabase } from '../support/postgres.js';

// PostgreSQL's migrations (migrations/postgres) against a real server: the same schema versions as SQLite's, and
// several instances starting together apply each file once.

const CLI = join(import.meta.dirname, '../../src/cli.ts');

/** `adr-assistant migrate --database-url URL` in its own process, as an instance starting would. */
function migrateInProcess(url: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [
      '--import',
      import.meta.resolve('tsx'),
      CLI,
      'migrate',
      '--database-url',
      url,
    ]);
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('close', (code) => resolve({ code, output }));
  });
}

const pools: pg.Pool[] = [];

function poolOf(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pools.push(pool);
  return pool;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.end()));
});

describe('PostgreSQL migrations', () => {
  it('end at the version SQLite ends at, each PostgreSQL version being one SQLite has', () => {
    const sqlite = readMigrations(MIGRATIONS_DIR).map((m) => m.version);
    const postgres = readMigrations(POSTGRES_MIGRATIONS_DIR).map((m) => m.version);
    expect(postgres.at(-1)).toBe(sqlite.at(-1));
    expect(postgres.every((version) => sqlite.includes(version))).toBe(true);
  });

  it('create the tables SQLite has, and apply nothing the second time', async () => {
    const url = await createPostgresDatabase({ migrated: false });
    const pool = poolOf(url);
    const first = await migratePostgres(pool);
    expect(first.applied).toEqual(readMigrations(POSTGRES_MIGRATIONS_DIR).map((m) => m.name));
    expect(first.version).toBe(readMigrations(MIGRATIONS_DIR).at(-1)?.version);
    expect((await migratePostgres(pool)).applied).toEqual([]);
    const tables = await pool.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT IN (SELECT inhrelid::regclass::text FROM pg_inherits) ORDER BY table_name",
    );
    // The same tables and columns as SQLite's, with each engine's own search index instead of FTS5's tables.
    const sqlite = new Database(':memory:');
    migrate(sqlite);
    const sqliteTables = (
      sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'adr_search%' ORDER BY name")
        .pluck()
        .all() as string[]
    ).sort();
    expect(tables.rows.map((row) => row.table_name)).toEqual(
      [...sqliteTables, 'adr_search', 'adr_search_sections'].sort(),
    );
    for (const table of sqliteTables) {
      const sqliteColumns = (
        sqlite.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[]
      ).sort();
      const postgresColumns = await pool.query<{ column_name: string }>(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1",
        [table],
      );
      expect(postgresColumns.rows.map((row) => row.column_name).sort(), table).toEqual(sqliteColumns);
    }
    sqlite.close();
    const partitions = await pool.query("SELECT 1 FROM pg_inherits WHERE inhparent = 'adr_search'::regclass");
    expect(partitions.rowCount).toBe(64);
  });

  it('apply each file once when four instances start together (advisory lock)', async () => {
    const url = await createPostgresDatabase({ migrated: false });
    const results = await Promise.all(Array.from({ length: 4 }, () => migratePostgres(poolOf(url))));
    const applied = results.flatMap((result) => result.applied).sort();
    expect(applied).toEqual(readMigrations(POSTGRES_MIGRATIONS_DIR).map((m) => m.name));
    // One instance applied everything; the others waited on the lock and found nothing left.
    expect(results.filter((result) => result.applied.length > 0)).toHaveLength(1);
    const recorded = await poolOf(url).query('SELECT version FROM schema_migrations');
    expect(recorded.rowCount).toBe(readMigrations(POSTGRES_MIGRATIONS_DIR).length);
  });

  it('apply each file once when three processes run `migrate --database-url` at once', async () => {
    const url = await createPostgresDatabase({ migrated: false });
    const results = await Promise.all(Array.from({ length: 3 }, () => migrateInProcess(url)));
    for (const result of results) expect(result.code, result.output).toBe(0);
    expect(results.filter((result) => result.output.includes('Applied'))).toHaveLength(1);
    expect(results.filter((result) => result.output.includes('up to date'))).toHaveLength(2);
    const names = await poolOf(url).query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY version');
    expect(names.rows.map((row) => row.name)).toEqual(readMigrations(POSTGRES_MIGRATIONS_DIR).map((m) => m.name));
  }, 60_000);

  it('roll a failing file back alone, naming it, and stay at the last good version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adr-pg-migrations-'));
    writeFileSync(join(dir, '0001_good.sql'), 'CREATE TABLE good (id INTEGER PRIMARY KEY);');
    writeFileSync(join(dir, '0002_broken.sql'), 'CREATE TABLE half (id INTEGER); SELECT * FROM missing_table;');
    const url = await createPostgresDatabase({ migrated: false });
    const pool = poolOf(url);
    await expect(migratePostgres(pool, dir)).rejects.toThrow(MigrationError);
    await expect(migratePostgres(pool, dir)).rejects.toThrow(/0002_broken\.sql/);
    const half = await pool.query("SELECT to_regclass('half') AS name");
    expect(half.rows[0].name).toBeNull();
    const store = openPostgresStore(url);
    try {
      expect(await store.currentVersion()).toBe(1);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
