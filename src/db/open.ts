import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

const BUSY_TIMEOUT_MS = 5000;
/** Attempts at switching to WAL: SQLite answers SQLITE_BUSY without waiting while another connection recovers it. */
const WAL_ATTEMPTS = 50;

/**
 * better-sqlite3's addon where its install builds it. Given by path, the first `new Database` skips the search of
 * the `bindings` package (a stack trace and a dozen candidate paths: about 2 ms of every start and CLI command);
 * where a build put it elsewhere, that search runs as before.
 */
const ADDON = addonPath();

function addonPath(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');
  } catch {
    return undefined;
  }
}

/** Opens (creating its folder if needed) the SQLite database with the pragmas the app relies on. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, ADDON ? { nativeBinding: ADDON } : {});
  // First: concurrent writers (a CLI import while the app runs, a second process opening a new file) wait instead
  // of failing at once, and the switch to WAL below needs a lock another connection may hold.
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  switchToWal(db);
  db.pragma('foreign_keys = ON');
  // WAL + NORMAL is durable across application crashes; only an OS crash can lose the last commits.
  db.pragma('synchronous = NORMAL');
  return db;
}

function switchToWal(db: Db): void {
  for (let attempt = 1; ; attempt++) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      const busy = (error as { code?: string }).code?.startsWith('SQLITE_BUSY') ?? false;
      if (!busy || attempt >= WAL_ATTEMPTS) {
        db.close();
        throw error;
      }
      // The busy handler is not consulted in every case (another connection recovering the WAL): wait a little.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10 * attempt);
    }
  }
}
