import type { Db } from './open.js';
import type { DataStore } from './store.js';

/** Where the database stands: two reads of it compare equal only when nothing in the database changed between them. */
export interface Revision {
  /**
   * SQLite: rows this connection inserted, updated or deleted since it opened (`total_changes()`, triggers
   * included). PostgreSQL: -1 (what a connection of the pool wrote is not told apart).
   */
  changes: number;
  /**
   * SQLite: moves when another connection committed (`PRAGMA data_version`): the upkeep worker, the CLI, a second
   * app. PostgreSQL: the current snapshot (`pg_current_snapshot()`), which moves whenever any transaction that
   * writes starts or ends, on any instance.
   */
  version: number | string;
}

/**
 * Reads the database's revision, so that what is derived from its rows can be kept until they change, in any
 * table and by any process or instance. Null inside a transaction: what it reads may still be rolled back.
 */
export interface DatabaseRevision {
  current(): Promise<Revision | null>;
  /**
   * True when `after` is `before` moved by exactly `rows` row writes of this connection and nothing else: what a
   * cache may move on by itself. Never on PostgreSQL, where the pool's connections are not told apart.
   */
  movedOnlyBy(before: Revision, after: Revision, rows: number): boolean;
}

export function databaseRevisionOf(store: DataStore): DatabaseRevision {
  if (store.sqlite) return new SqliteRevision(store.sqlite);
  if (!store.readSnapshot) throw new Error('A PostgreSQL store reads its snapshot');
  return new PostgresRevision(store, store.readSnapshot);
}

/** One statement on the connection itself: cheaper than a query through the store's queue. */
export class SqliteRevision implements DatabaseRevision {
  private readonly statement;

  constructor(private readonly db: Db) {
    this.statement = db.prepare('SELECT total_changes(), data_version FROM pragma_data_version').raw();
  }

  async current(): Promise<Revision | null> {
    if (this.db.inTransaction) return null;
    const [changes, version] = this.statement.get() as [number, number];
    return { changes, version };
  }

  movedOnlyBy(before: Revision, after: Revision, rows: number): boolean {
    return after.version === before.version && after.changes === before.changes + rows;
  }
}

/**
 * A snapshot names the transactions whose writes it sees (xmin:xmax:in-progress). Two equal snapshots, one read
 * before the cached answer's queries and one later, mean no transaction that writes began or ended in between, so
 * the answer's rows are the same. A write to another database of the same server moves it too: a miss, never a
 * stale answer.
 *
 * Reads are shared: a caller gets the result of a read sent after it asked (so it sees every commit acknowledged
 * before it asked), and every caller that asks before that read goes out shares it. A read goes out at the end of
 * the event loop's turn, or when the read before it is back: under load a request then costs a fraction of a
 * round trip instead of one (the point of a kept answer), at the price of a turn's wait when idle.
 */
export class PostgresRevision implements DatabaseRevision {
  /** The read on its way to the server, if any; settles (never rejects) once it is back. */
  private sent: Promise<void> | null = null;
  /** The read that goes out next: joined by whoever asks before it does. */
  private next: Promise<Revision | null> | null = null;

  constructor(
    private readonly store: Pick<DataStore, 'inTransaction'>,
    private readonly readSnapshot: () => Promise<string | null>,
  ) {}

  current(): Promise<Revision | null> {
    if (this.store.inTransaction()) return Promise.resolve(null);
    if (!this.next) {
      const goesOut = this.sent ?? new Promise<void>((resolve) => setImmediate(resolve));
      this.next = goesOut.then(() => {
        this.next = null;
        return this.send();
      });
    }
    return this.next;
  }

  movedOnlyBy(): boolean {
    return false;
  }

  private send(): Promise<Revision | null> {
    const read = this.read();
    const back = () => {
      if (this.sent === sent) this.sent = null;
    };
    const sent = read.then(back, back);
    this.sent = sent;
    return read;
  }

  private async read(): Promise<Revision | null> {
    const snapshot = await this.readSnapshot();
    return snapshot === null ? null : { changes: -1, version: snapshot };
  }
}

export function sameRevision(a: Revision, b: Revision): boolean {
  return a.changes === b.changes && a.version === b.version;
}
