import { openPostgresStore } from './postgres/store.js';
import { openSqliteStore } from './sqlite/store.js';
import type { DatabaseTarget, DataStore } from './store.js';

/** Opens the data layer on the engine the configuration names (DATABASE_URL, or SQLite at DATABASE_PATH). */
export function openStore(target: DatabaseTarget, options: { onError?: (error: Error) => void } = {}): DataStore {
  return target.engine === 'postgres'
    ? openPostgresStore(target.url, { poolSize: target.poolSize, onError: options.onError })
    : openSqliteStore(target.path);
}
