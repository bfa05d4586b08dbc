import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/** Statement shapes named at most: each connection keeps every one it ran until it closes. */
const MAX_NAMED = 200;

/**
 * `*` as a select list or RETURNING list (not `count(*)`). A prepared statement's result columns are fixed when it
 * is planned: after another instance's migration adds a column to the table, running it again fails ("cached plan
 * must not change result type"), so these always run unnamed.
 */
const STAR_COLUMNS = /(^|[\s,(])("[^"]+"\.)?\*(\s|,|$)/;

/**
 * The pool as Kysely's PostgreSQL dialect takes it (ADR-017), sending every query the same two ways:
 *
 * - Its parameters' NULs become U+FFFD. PostgreSQL text cannot hold U+0000, which SQLite stores (Slack text may
 *   carry it), so the same input is stored on both engines instead of failing on one. JSON columns are unaffected
 *   (JSON.stringify escapes NUL as \u0000).
 * - With `namedStatements`, a query with parameters is sent as a named (prepared) statement, the same name for the
 *   same SQL text, so a connection parses and plans a shape once and afterwards only binds and runs it: planning
 *   cost a search 0.9 ms of its 4.8 (p50). Past MAX_NAMED shapes, the rest run unnamed, as do those selecting `*`
 *   (STAR_COLUMNS). A pooler that does not keep prepared statements per client (PgBouncer in transaction mode
 *   before 1.21, or with max_prepared_statements = 0) needs them off: DATABASE_PREPARED_STATEMENTS=off.
 */
export function kyselyPool(pool: pg.Pool, options: { namedStatements: boolean }): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    if (!options.namedStatements || STAR_COLUMNS.test(text)) return undefined;
    let name = names.get(text);
    if (name === undefined && names.size < MAX_NAMED) {
      name = `adr_${names.size + 1}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    connect: async () => {
      const client = await pool.connect();
      const query = (text: string, parameters: readonly unknown[] = []) => {
        // A cursor (Kysely's streaming, unused here) passes through as it came.
        if (typeof text !== 'string') return client.query(text);
        const values = parameters.map(withoutNul);
        const name = values.length > 0 ? nameOf(text) : undefined;
        return client.query(name ? { name, text, values } : { text, values });
      };
      return { query, release: (destroy?: boolean) => client.release(destroy) } as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}

function withoutNul(value: unknown): unknown {
  return typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value;
}
