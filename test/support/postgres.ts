import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openPostgresStore } from '../../src/db/postgres/store.js';
import { openSqliteStore } from '../../src/db/sqlite/store.js';
import type { DataStore, Engine } from '../../src/db/store.js';

/** The engines the data layer runs on, for tests that run once per engine (describe.each(ENGINES)). */
export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

/** The database test/global-setup.ts migrated once; a test database copies it instead of migrating again. */
export const MIGRATED_TEMPLATE = 'adr_template';

function socketDir(): string {
  return inject('postgresSocketDir');
}

export function postgresUrl(database: string): string {
  return `postgres://postgres@localhost/${encodeURIComponent(database)}?host=${encodeURIComponent(socketDir())}`;
}

async function copyDatabase(template: string): Promise<string> {
  const name = `adr_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl('postgres') });
  await admin.connect();
  try {
    // FILE_COPY copies the template's files (about 110 ms for the migrated schema with its 64 search partitions);
    // the default, WAL_LOG, writes every page through the WAL (about 200 ms). Durability is off on the test server.
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY FILE_COPY`);
  } finally {
    await admin.end();
  }
  return postgresUrl(name);
}

/** The next migrated database of this test file, copied while the test before it runs. */
let nextMigrated: Promise<string> | undefined;

function prefetchMigrated(): void {
  const copying = copyDatabase(MIGRATED_TEMPLATE);
  // Taken by the next call, which sees a failure; one left over when the file ends is never waited for.
  copying.catch(() => undefined);
  nextMigrated = copying;
}

/**
 * A new database on the run's server: migrated (a copy of the template, made ahead of time for the file's next
 * test) or empty.
 */
export async function createPostgresDatabase(options: { migrated?: boolean } = {}): Promise<string> {
  if (options.migrated === false) return copyDatabase('template1');
  const taken = nextMigrated ?? copyDatabase(MIGRATED_TEMPLATE);
  nextMigrated = undefined;
  const url = await taken;
  prefetchMigrated();
  return url;
}

export interface TestStore {
  store: DataStore;
  /** The SQLite file or the PostgreSQL URL, to open a second store on the same database (a second instance). */
  location: string;
  /** Another store on the same database; closed with this one. */
  openAnother(): DataStore;
  close(): Promise<void>;
}

/** A store on a fresh database of `engine`, migrated unless told otherwise. */
export async function openTestStore(engine: Engine, options: { migrated?: boolean } = {}): Promise<TestStore> {
  const others: DataStore[] = [];
  if (engine === 'postgres') {
    const url = await createPostgresDatabase(options);
    const store = openPostgresStore(url);
    return {
      store,
      location: url,
      openAnother: () => {
        const other = openPostgresStore(url);
        others.push(other);
        return other;
      },
      close: async () => {
        await Promise.all([store, ...others].map((s) => s.close()));
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'adr-store-'));
  const path = join(dir, 'adr.sqlite');
  const store = openSqliteStore(path);
  if (options.migrated !== false) await store.migrate();
  return {
    store,
    location: path,
    openAnother: () => {
      const other = openSqliteStore(path);
      others.push(other);
      return other;
    },
    close: async () => {
      await Promise.all([store, ...others].map((s) => s.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
