import { openSqliteStore } from './sqlite/store.js';
import type { DatabaseTarget, DataStore } from './store.js';

/**
 * Opens the data layer on the engine the configuration names (DATABASE_URL, or SQLite at DATABASE_PATH). The
 * PostgreSQL driver loads only when it is named: an app on SQLite never reads its modules.
 */
export async function openStore(
  target: DatabaseTarget,
  options: { onError?: (error: Error) => void } = {},
): Promise<DataStore> {
  if (target.engine === 'sqlite') return openSqliteStore(target.path);
  const { openPostgresStore } = await import('./postgres/store.js');
  return openPostgresStore(target.url, {
    poolSize: target.poolSize,
    preparedStatements: target.preparedStatements,
    onError: options.onError,
  });
}
