import type { Db } from '../../src/db/open.js';
import { sqliteStoreOn } from '../../src/db/sqlite/store.js';
import type { DataStore } from '../../src/db/store.js';

const stores = new WeakMap<Db, DataStore>();

/**
 * The data layer over a better-sqlite3 connection a test opened (and migrated) itself, so the test can keep
 * reading and writing rows directly; one store per connection, so its repositories share one unit of work.
 */
export function storeOf(db: Db): DataStore {
  let store = stores.get(db);
  if (!store) {
    store = sqliteStoreOn(db, db.name);
    stores.set(db, store);
  }
  return store;
}
