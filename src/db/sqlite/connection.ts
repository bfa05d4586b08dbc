import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type { Db } from '../open.js';

type Statement = ReturnType<Db['prepare']>;

/** Statements kept per SQL text: preparing one costs more than running a typical query (about 8 µs against 5). */
const STATEMENT_CACHE_SIZE = 500;

const TAKEN = Promise.resolve();

/**
 * better-sqlite3's one connection, shared by Kysely's queries and the store's transactions, which take it in turns
 * (first come, first served). Kysely's own SQLite driver would do the same through its connection builder, at about
 * 60 promises for an empty transaction: under Node 20's AsyncLocalStorage each costs a promise hook, which made a
 * proposal 60 % slower than on the synchronous layer before ADR-013. Here a transaction is one turn, and BEGIN and
 * COMMIT run on the connection directly.
 */
export class SqliteConnection {
  private held = false;
  private readonly waiting: (() => void)[] = [];
  private readonly statements = new Map<string, Statement>();
  /** What Kysely runs its queries through, each taking a turn. */
  readonly dialect: Dialect;
  /** What Kysely runs a transaction's queries through: the turn is the transaction's already. */
  readonly heldDialect: Dialect;

  constructor(private readonly raw: Db) {
    const connection: DatabaseConnection = {
      executeQuery: <R>(query: CompiledQuery) => new Promise<QueryResult<R>>((resolve) => resolve(this.run<R>(query))),
      streamQuery: () => {
        throw new Error('Streaming is not used on SQLite');
      },
    };
    this.dialect = dialectOf({
      acquire: async () => {
        await this.take();
        return connection;
      },
      release: () => this.give(),
      destroy: () => raw.close(),
    });
    this.heldDialect = dialectOf({
      acquire: async () => connection,
      release: () => undefined,
      destroy: () => undefined,
    });
  }

  /** Runs one statement now, prepared once per SQL text (least recently used dropped first). */
  run<R>(query: CompiledQuery): QueryResult<R> {
    const statement = this.prepare(query.sql);
    const parameters = query.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  /**
   * One read-write transaction in its own turn: BEGIN IMMEDIATE takes the write lock at once (waiting up to
   * busy_timeout for another process's writer), so what it reads stays true until it commits.
   */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.take();
    try {
      this.prepare('BEGIN IMMEDIATE').run([]);
      try {
        const result = await fn();
        this.prepare('COMMIT').run([]);
        return result;
      } catch (error) {
        if (this.raw.inTransaction) this.prepare('ROLLBACK').run([]);
        throw error;
      }
    } finally {
      this.give();
    }
  }

  private prepare(text: string): Statement {
    let statement = this.statements.get(text);
    if (statement) {
      this.statements.delete(text);
    } else {
      statement = this.raw.prepare(text);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) {
        this.statements.delete(this.statements.keys().next().value as string);
      }
    }
    this.statements.set(text, statement);
    return statement;
  }

  private take(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return TAKEN;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands the turn to the next in line, which keeps it held. */
  private give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }
}

function dialectOf(turns: {
  acquire: () => Promise<DatabaseConnection>;
  release: () => void;
  destroy: () => void;
}): Dialect {
  const refuse = async () => {
    // The store's transactions go through SqliteConnection.transaction; Kysely's would not take the write lock.
    throw new Error('Use DataStore.transaction on SQLite');
  };
  const driver: Driver = {
    init: async () => undefined,
    acquireConnection: turns.acquire,
    beginTransaction: refuse,
    commitTransaction: refuse,
    rollbackTransaction: refuse,
    releaseConnection: async () => turns.release(),
    destroy: async () => turns.destroy(),
  };
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => driver,
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
}
