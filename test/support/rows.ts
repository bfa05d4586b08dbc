import { type Kysely, sql } from 'kysely';
import type { Tables } from '../../src/db/schema.js';
import type { TestApp } from './app-harness.js';

/**
 * Engine-neutral reads and writes of a test app's rows, through the store's Kysely instance (`t.adr.store.db`),
 * so an e2e test checks the same rows with the same values on SQLite and on PostgreSQL.
 */
export type Row = Record<string, unknown>;
type Table = keyof Tables & string;
/** Column = value for every key; `null` means IS NULL. */
export type Where = Record<string, unknown>;

// biome-ignore lint/suspicious/noExplicitAny: tables and columns are chosen by name at run time
type AnyDb = Kysely<any>;

export function storeDb(t: TestApp): Kysely<Tables> {
  return t.adr.store.db;
}

function anyDb(t: TestApp): AnyDb {
  return t.adr.store.db as unknown as AnyDb;
}

/**
 * The same values on both engines: the PostgreSQL store already parses bigint (COUNT, SUM) as numbers and its
 * columns are INTEGER and TEXT (JSON is stored as text on both); a bigint from better-sqlite3's safeIntegers mode
 * becomes a number too.
 */
function normalise(row: Row): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) out[key] = typeof value === 'bigint' ? Number(value) : value;
  return out;
}

// biome-ignore lint/suspicious/noExplicitAny: Kysely's builders over a run-time table name
function filtered<Q extends { where: (...args: any[]) => Q }>(query: Q, where: Where): Q {
  let q = query;
  for (const [column, value] of Object.entries(where)) {
    q = value === null ? q.where(column, 'is', null) : q.where(column, '=', value);
  }
  return q;
}

export interface RowsOptions {
  /** Columns to read (default: all). */
  columns?: readonly string[];
  /** Order by these columns, ascending unless `desc` (default: `id` where the table has one, else none). */
  orderBy?: readonly string[];
  desc?: boolean;
  limit?: number;
}

/** Per database, the tables with an `id` column, read from the schema once (rows of those come oldest first). */
const tablesWithId = new WeakMap<object, Promise<ReadonlySet<string>>>();

function withId(t: TestApp): Promise<ReadonlySet<string>> {
  const db = anyDb(t);
  let found = tablesWithId.get(db);
  if (!found) {
    found = db.introspection
      .getTables()
      .then(
        (tables) =>
          new Set(
            tables.filter((table) => table.columns.some((column) => column.name === 'id')).map((table) => table.name),
          ),
      );
    tablesWithId.set(db, found);
  }
  return found;
}

/** Rows of `table` matching `where`, oldest first where the table has an `id`. */
export async function rows<T extends Row = Row>(
  t: TestApp,
  table: Table,
  where: Where = {},
  options: RowsOptions = {},
): Promise<T[]> {
  // biome-ignore lint/suspicious/noExplicitAny: a run-time table name
  let query: any = anyDb(t).selectFrom(table);
  query = options.columns ? query.select(options.columns) : query.selectAll();
  query = filtered(query, where);
  const orderBy = options.orderBy ?? ((await withId(t)).has(table) ? ['id'] : []);
  for (const column of orderBy) query = query.orderBy(column, options.desc ? 'desc' : 'asc');
  if (options.limit !== undefined) query = query.limit(options.limit);
  const found = (await query.execute()) as Row[];
  return found.map(normalise) as T[];
}

/** The first matching row (by `id` where the table has one), or undefined. */
export async function firstRow<T extends Row = Row>(
  t: TestApp,
  table: Table,
  where: Where = {},
  options: RowsOptions = {},
): Promise<T | undefined> {
  return (await rows<T>(t, table, where, { ...options, limit: 1 }))[0];
}

/** One column of the first matching row (by `id` where the table has one), like better-sqlite3's pluck().get(). */
export async function value<T = unknown>(
  t: TestApp,
  table: Table,
  column: string,
  where: Where = {},
  options: Omit<RowsOptions, 'columns'> = {},
): Promise<T | undefined> {
  return (await firstRow(t, table, where, { ...options, columns: [column] }))?.[column] as T | undefined;
}

/** How many rows of `table` match `where`. */
export async function count(t: TestApp, table: Table, where: Where = {}): Promise<number> {
  const query = filtered(anyDb(t).selectFrom(table).select(sql<number>`count(*)`.as('n')), where);
  const found = (await query.executeTakeFirstOrThrow()) as { n: number | string | bigint };
  return Number(found.n);
}

/** Sets `set` on the rows of `table` matching `where`. */
export async function update(t: TestApp, table: Table, set: Row, where: Where = {}): Promise<void> {
  await filtered(anyDb(t).updateTable(table).set(set), where).execute();
}

/** Inserts rows into `table`. */
export async function insert(t: TestApp, table: Table, values: Row | Row[]): Promise<void> {
  await anyDb(t).insertInto(table).values(values).execute();
}

/**
 * The app's tables (not the engine's own, nor the full-text index's), sorted by name: the same list on both
 * engines but for each engine's search tables.
 */
export async function tableNames(t: TestApp): Promise<string[]> {
  const tables = await anyDb(t).introspection.getTables();
  return tables
    .filter((table) => !table.isView)
    .map((table) => table.name)
    .filter((name) => !name.startsWith('sqlite_'))
    .sort();
}
