import type { Db } from './open.js';

/** Where the database stands: two reads of it compare equal only when nothing in the database changed between them. */
export interface Revision {
  /** Rows this connection inserted, updated or deleted since it opened (SQLite's `total_changes()`, triggers included). */
  changes: number;
  /** Moves when another connection committed (`PRAGMA data_version`): the upkeep worker, the CLI, a second app. */
  version: number;
}

/**
 * Reads the database's revision in one statement, so that what is derived from its rows can be kept until they
 * change, in any table and by any process. Null inside a transaction: what it reads may still be rolled back.
 */
export class DatabaseRevision {
  private readonly statement;

  constructor(private readonly db: Db) {
    this.statement = db.prepare('SELECT total_changes(), data_version FROM pragma_data_version').raw();
  }

  current(): Revision | null {
    if (this.db.inTransaction) return null;
    const [changes, version] = this.statement.get() as [number, number];
    return { changes, version };
  }
}

export function sameRevision(a: Revision, b: Revision): boolean {
  return a.changes === b.changes && a.version === b.version;
}
