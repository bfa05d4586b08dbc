import type { CompiledQuery, Kysely, QueryResult, Selectable } from 'kysely';
import type { LeaseClaim, LeasedTable } from './leased-rows.js';
import type { DatabaseMaintenance } from './maintenance.js';
import type { Db } from './open.js';
import type { QueryTarget } from './query-cache.js';
import type { Tables } from './schema.js';

/**
 * The data layer over either engine (ADR-013). Where the SQL is the same it is written once with Kysely against
 * `db`; where the engines differ, one small interface each: full-text search, locking, upkeep, migrations.
 */
export type Engine = 'sqlite' | 'postgres';

export type DatabaseTarget =
  | { engine: 'sqlite'; path: string }
  | { engine: 'postgres'; url: string; poolSize?: number; preparedStatements?: boolean };

/** What goes into the search index for one ADR: its sections as plain text. */
export interface SearchDocument {
  adrId: number;
  teamId: string;
  number: number;
  title: string;
  context: string;
  drivers: string;
  options: string;
  outcome: string;
}

/** A new proposal as stored: what `DataStore.proposeInOneStatement` writes. */
export interface NewProposal {
  teamId: string;
  title: string;
  authorId: string;
  /** YYYY-MM-DD */
  date: string;
  contentJson: string;
  channelId: string | null;
  /** ISO-8601: created, updated and the first status change. */
  now: string;
  search: Pick<SearchDocument, 'title' | 'context' | 'drivers' | 'options' | 'outcome'>;
}

export interface ProposalStored {
  number: number;
  /** ADRs that already name this number as their successor (an imported log can). */
  supersedes: number[];
}

export interface SearchRow {
  number: number;
  title: string;
  status: string;
  superseded_by: number | null;
  date: string;
  author_id: string;
  /** Best matching excerpt, matched terms between SEARCH_MARK_START and SEARCH_MARK_END, '…' where it was cut. */
  snippet: string;
}

/**
 * Ranked full-text search of one workspace: prefix terms (`cache` finds `caching`), stemmed, accents ignored,
 * title weighted above context above the other sections, every term required.
 */
export interface SearchIndex {
  /** Puts (or replaces) the ADR's row; call it in the transaction that wrote the ADR. */
  put(target: QueryTarget, document: SearchDocument): Promise<void>;
  /** Best first; `text` is what a person typed (query syntax in it is neutralised). */
  search(db: Kysely<Tables>, teamId: string, text: string, limit: number): Promise<SearchRow[]>;
}

export interface Locking {
  /**
   * One read-write transaction, all of it or none. SQLite: BEGIN IMMEDIATE, so it holds the database's write lock
   * from its first statement (no two writers interleave, across processes). PostgreSQL: READ COMMITTED, where row
   * locks order writers (UPDATE … RETURNING of a workspace's counter for numbering); retried from the start when
   * PostgreSQL aborts it for a deadlock or a serialization failure, so `fn` must be safe to run again.
   * Inside, use `trx` only: the engine's other connections do not see what it has not committed.
   */
  write<T>(fn: (trx: Kysely<Tables>) => Promise<T>): Promise<T>;
  /**
   * Claims up to `limit` pending rows of `table` (outbox messages, publish jobs) due at `now` for one runner: each
   * claimed row's next_attempt_at moves to `leaseUntil`, so no other runner takes it until then; one that dies
   * mid-work leaves its rows to be claimed again when the lease ends. Oldest first. PostgreSQL: FOR UPDATE SKIP
   * LOCKED, so runners of several instances claim disjoint rows without waiting for each other.
   */
  claimDue<T extends LeasedTable>(table: T, input: LeaseClaim): Promise<Selectable<Tables[T]>[]>;
  /**
   * Inside a transaction (`trx`): makes every other transaction that serializes on `key` wait until this one ends,
   * for a check-then-write over rows that may not exist yet (no row to lock). PostgreSQL: a transaction-scoped
   * advisory lock. SQLite: nothing to do, BEGIN IMMEDIATE already lets one writer in at a time.
   */
  serialize(trx: Kysely<Tables>, key: string): Promise<void>;
}

export interface PoolStats {
  /** Connections open (SQLite: its one connection). */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
  max: number;
}

export interface MigrationResult {
  applied: string[];
  version: number;
}

export interface DataStore {
  readonly engine: Engine;
  readonly db: Kysely<Tables>;
  readonly search: SearchIndex;
  readonly locking: Locking;
  /**
   * One atomic unit of work (Locking.write) made ambient: repositories called inside `fn` use its transaction
   * through `query()`, nested calls join it. `fn` may run again on PostgreSQL after a deadlock, so events go
   * through `afterCommit`.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** The open transaction of the calling unit of work, else the pool (SQLite: its one connection). */
  query(): Kysely<Tables>;
  /**
   * Where an engine pays a round trip per statement (PostgreSQL), a proposal in one statement: the workspace's
   * next number, the ADR, its first status change and its search entry, all or nothing, and what the ADR's read
   * would add (so none is needed). Null where statements cost microseconds (SQLite): the repository then runs them
   * in one transaction.
   */
  readonly proposeInOneStatement: ((proposal: NewProposal) => Promise<ProposalStored>) | null;
  /**
   * PostgreSQL: the current snapshot (`pg_current_snapshot()`), read on a connection of the pool without Kysely's
   * executor, as PostgresRevision asks on nearly every request (about 10 µs of the app's CPU less per read). Null on
   * SQLite, whose revision is a statement on its connection (SqliteRevision).
   */
  readonly readSnapshot: (() => Promise<string | null>) | null;
  /** Runs a compiled query where `query()` would: what fixed-shape queries (cachedQuery) go through. */
  execute<R>(query: CompiledQuery): Promise<QueryResult<R>>;
  /** Runs `hook` after the open transaction commits (never if it rolls back), or at once outside a transaction. */
  afterCommit(hook: () => void): void;
  inTransaction(): boolean;
  /**
   * Applies pending migrations of this engine in order, each in its own transaction. Several instances starting
   * together never apply one twice: SQLite re-checks inside BEGIN IMMEDIATE, PostgreSQL holds an advisory lock.
   */
  migrate(): Promise<MigrationResult>;
  currentVersion(): Promise<number>;
  /**
   * Background upkeep: SQLite's worker thread (src/db/maintenance.ts: search index merges and WAL checkpoints);
   * on PostgreSQL nothing, autovacuum does it.
   */
  startUpkeep(options?: { intervalMs?: number; startDelayMs?: number }): DatabaseMaintenance;
  pool(): PoolStats;
  /** The better-sqlite3 connection on SQLite (online backup, the upkeep worker), null on PostgreSQL. */
  readonly sqlite: Db | null;
  close(): Promise<void>;
}

export const SEARCH_MARK_START = '\u0002';
export const SEARCH_MARK_END = '\u0003';

/**
 * What a person typed, as search terms: runs of letters, digits and '_' (NFKC-normalised), at most 16. Both
 * engines build their query from these, so no query syntax ever reaches them.
 */
export function searchTerms(text: string): string[] {
  return text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((term) => term.length > 0)
    .slice(0, 16);
}

/** What a service needs to make its writes one atomic unit of work (a DataStore has it). */
export type Transactions = Pick<DataStore, 'transaction' | 'afterCommit'>;
