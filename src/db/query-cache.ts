import { type Compilable, CompiledQuery, type Kysely, type QueryResult, type RawBuilder, sql } from 'kysely';
import { jsonArrayFrom as postgresJsonArray } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteJsonArray } from 'kysely/helpers/sqlite';
import type { Tables } from './schema.js';
import type { DataStore, Engine } from './store.js';

/**
 * Where a cached query runs: a store (inside its ambient transaction, if any: DataStore.execute), or a transaction
 * that a caller of Locking.write holds (heldBy).
 */
export type QueryTarget = Pick<DataStore, 'engine' | 'db' | 'execute'>;

/** A transaction a caller of `store.locking.write` holds, as a target for cached queries. */
export function heldBy(store: Pick<DataStore, 'engine'>, trx: Kysely<Tables>): QueryTarget {
  return { engine: store.engine, db: trx, execute: <R>(query: CompiledQuery) => trx.executeQuery<R>(query) };
}

/** Stands for the i-th parameter while a query is compiled once. */
class Slot {
  constructor(readonly index: number) {}
}

interface Template {
  compiled: CompiledQuery;
  /** For each compiled parameter, the argument it stands for (or -1: a constant of the query). */
  slots: number[];
}

/**
 * A query of fixed shape, built and compiled by Kysely once per engine and then run with new parameters: building
 * and compiling cost more than running a typical SQLite query. `build` must pass its arguments to Kysely as values
 * untouched (no arithmetic or formatting on them), so each lands in the compiled parameters where its slot was.
 */
export function cachedQuery<A extends unknown[], R>(
  build: (db: Kysely<Tables>, engine: Engine, ...args: A) => Compilable<R>,
): (store: QueryTarget, ...args: A) => Promise<QueryResult<R>> {
  const templates = new Map<Engine, Template>();
  // Not async: the query's own promise is the answer, one promise less per query (each costs a hook under Node
  // 20's AsyncLocalStorage). Callers await it inside async functions, so a throw here still rejects theirs.
  return (store, ...args) => {
    let template = templates.get(store.engine);
    if (!template) {
      const slots = args.map((_, index) => new Slot(index)) as unknown as A;
      const compiled = build(store.db, store.engine, ...slots).compile();
      template = {
        compiled,
        slots: compiled.parameters.map((value) => (value instanceof Slot ? value.index : -1)),
      };
      if (template.slots.filter((slot) => slot >= 0).length < args.length) {
        throw new Error(`A cached query lost a parameter: ${compiled.sql}`);
      }
      templates.set(store.engine, template);
    }
    const { compiled, slots } = template;
    const parameters = slots.map((slot, i) => (slot >= 0 ? args[slot] : compiled.parameters[i]));
    return store.execute<R>(CompiledQuery.raw(compiled.sql, parameters));
  };
}

export function rowsOf<R>(result: Promise<QueryResult<R>>): Promise<R[]> {
  return result.then((answer) => answer.rows);
}

export function firstOf<R>(result: Promise<QueryResult<R>>): Promise<R | undefined> {
  return result.then((answer) => answer.rows[0]);
}

/** Rows an INSERT, UPDATE or DELETE touched. */
export function affectedBy(result: Promise<QueryResult<unknown>>): Promise<number> {
  return result.then((answer) => Number(answer.numAffectedRows ?? 0n));
}

/** A JSON array of the subquery's rows: a string on SQLite, parsed by `pg` on PostgreSQL (see parseJsonColumn). */
export function jsonArray(engine: Engine, expr: Parameters<typeof sqliteJsonArray>[0]): RawBuilder<unknown> {
  return (engine === 'postgres' ? postgresJsonArray(expr) : sqliteJsonArray(expr)) as RawBuilder<unknown>;
}

export function parseJsonColumn<T>(value: unknown): T[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value as T[];
  if (typeof value !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? (parsed as T[]) : [];
  } catch {
    return [];
  }
}

export { sql };
