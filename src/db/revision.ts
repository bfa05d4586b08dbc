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
 * Reads of the snapshot on their way to the server at once, at most: each holds one of the pool's connections
 * (DEFAULT_POOL_SIZE 10), which the queries of a request need too.
 */
export const MAX_READS_IN_FLIGHT = 3;

/**
 * A snapshot names the transactions whose writes it sees (xmin:xmax:in-progress). Two equal snapshots, one read
 * before the cached answer's queries and one later, mean no transaction that writes began or ended in between, so
 * the answer's rows are the same, whichever of the two came back first. A write to another database of the same
 * server moves it too: a miss, never a stale answer.
 *
 * Reads are shared: a caller gets the result of a read sent after it asked (so it sees every commit acknowledged
 * before it asked), and every caller that asks before that read goes out shares it. A read goes out at the end of
 * the event loop's turn, beside those still on their way (up to MAX_READS_IN_FLIGHT), so a caller waits one round
 * trip, not the rest of an earlier read's and then its own. (On Node 24 at 10 connections, `/adr list` and `/adr
 * show` on PostgreSQL went from 0.66 / 0.68 to 0.72 / 0.72 × the same app on SQLite, means of three runs each whose
 * spread is as large.) Under load a request costs a fraction of a round trip (the point of a kept answer), at the
 * price of a turn's wait when idle.
 */
export class PostgresRevision implements DatabaseRevision {
  /** Reads on their way to the server: each settles (never rejects) once it is back. */
  private readonly inFlight = new Set<Promise<void>>();
  /** The read that goes out next: joined by whoever asks before it does. */
  private next: Promise<Revision | null> | null = null;

  constructor(
    private readonly store: Pick<DataStore, 'inTransaction'>,
    private readonly readSnapshot: () => Promise<string | null>,
  ) {}

  current(): Promise<Revision | null> {
    if (this.store.inTransaction()) return Promise.resolve(null);
    this.next ??= this.goesOut().then(() => {
      this.next = null;
      return this.send();
    });
    return this.next;
  }

  movedOnlyBy(): boolean {
    return false;
  }

  /** Settles at the end of this turn of the event loop, then as soon as fewer than the most reads are on their way. */
  private async goesOut(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.inFlight.size >= MAX_READS_IN_FLIGHT) await Promise.race(this.inFlight);
  }

  private send(): Promise<Revision | null> {
    const read = this.read();
    const back = read.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(back);
    void back.then(() => this.inFlight.delete(back));
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
