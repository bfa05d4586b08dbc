import { type Kysely, sql } from 'kysely';
import type { AdrContent } from '../domain/adr.js';
import type { Db } from './open.js';
import { heldBy } from './query-cache.js';
import type { Tables } from './schema.js';
import { searchDocument } from './search-document.js';
import type { DataStore } from './store.js';

/**
 * The tables copied, parents before children (the foreign keys are checked as rows arrive). adr_status_counts is
 * not copied: PostgreSQL's triggers count the ADRs as they are inserted, and the check below compares the counts.
 * The search index is rebuilt from each ADR's content, as PostgreSQL indexes it.
 */
export const COPIED_TABLES = [
  'workspaces',
  'adrs',
  'adr_relations',
  'status_changes',
  'drafts',
  'workspace_criteria',
  'scoring_matrices',
  'scores',
  'workspace_settings',
  'approvals',
  'adr_reviews',
  'outbox',
  'user_preferences',
  'installations',
  'processed_events',
  'repository_settings',
  'publish_jobs',
  'published_files',
  'thread_offers',
] as const satisfies readonly (keyof Tables)[];

/** SQLite tables that are not data to copy: migrations bookkeeping, the derived counts and log revision (PostgreSQL's triggers keep their own), FTS5's index. */
const NOT_COPIED = new Set(['schema_migrations', 'adr_status_counts', 'adr_log_revision']);
const IS_FTS5_TABLE = /^adr_search(_(config|content|data|docsize|idx))?$/;

/** Tables with an identity `id` whose sequence must continue after the copied ids. */
const WITH_IDENTITY = [
  'adrs',
  'status_changes',
  'drafts',
  'scores',
  'outbox',
  'installations',
  'publish_jobs',
] as const;

const BATCH_ROWS = 500;

export interface TableCount {
  table: string;
  sqlite: number;
  postgres: number;
}

export class CopyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyError';
  }
}

/**
 * Copies a SQLite decision log into an empty PostgreSQL database (migrated first), in one PostgreSQL transaction
 * (all of it or nothing), from one consistent snapshot of the SQLite file (a read transaction: the app may keep
 * running on it, and what it writes after the snapshot is not copied). Returns every table's counts on both
 * sides; a CopyError when the target is not empty, the source has a table this copy does not know, or a count
 * differs after the copy.
 */
export async function copyToPostgres(
  source: Db,
  target: DataStore,
  options: { log?: (line: string) => void } = {},
): Promise<TableCount[]> {
  if (target.engine !== 'postgres') throw new CopyError('the target must be a PostgreSQL database');
  source.exec('BEGIN');
  try {
    return await copyInSnapshot(source, target, options);
  } finally {
    source.exec('COMMIT');
  }
}

async function copyInSnapshot(
  source: Db,
  target: DataStore,
  options: { log?: (line: string) => void },
): Promise<TableCount[]> {
  const unknown = (
    source
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all() as string[]
  ).filter(
    (table) =>
      !NOT_COPIED.has(table) && !IS_FTS5_TABLE.test(table) && !(COPIED_TABLES as readonly string[]).includes(table),
  );
  if (unknown.length > 0) {
    throw new CopyError(`the SQLite database has tables this version cannot copy: ${unknown.join(', ')}`);
  }
  await target.migrate();
  for (const table of COPIED_TABLES) {
    const row = await sql<{ found: number }>`SELECT 1 AS found FROM ${sql.table(table)} LIMIT 1`.execute(target.db);
    if (row.rows.length > 0) throw new CopyError(`the PostgreSQL database is not empty: ${table} has rows`);
  }
  return target.locking.write(async (trx) => {
    for (const table of COPIED_TABLES) {
      const info = source.prepare(`SELECT name, pk FROM pragma_table_info('${table}')`).all() as {
        name: string;
        pk: number;
      }[];
      const columns = info.map((column) => column.name).join(', ');
      // A stable order for the batches: the primary key (WITHOUT ROWID tables have no rowid), else the rowid.
      const key = info.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk);
      const order = key.length > 0 ? key.map((column) => column.name).join(', ') : 'rowid';
      const read = source.prepare(`SELECT ${columns} FROM ${table} ORDER BY ${order} LIMIT ? OFFSET ?`);
      let copied = 0;
      for (;;) {
        const rows = read.all(BATCH_ROWS, copied) as Record<string, unknown>[];
        if (rows.length === 0) break;
        await trx
          .insertInto(table)
          .values(rows as never)
          .execute();
        copied += rows.length;
      }
      options.log?.(`copied ${table}: ${copied} row(s)`);
    }
    const adrs = source
      .prepare('SELECT id, team_id, number, content_json FROM adrs ORDER BY id')
      .iterate() as Iterable<{
      id: number;
      team_id: string;
      number: number;
      content_json: string;
    }>;
    let indexed = 0;
    for (const adr of adrs) {
      const content = JSON.parse(adr.content_json) as AdrContent;
      await target.search.put(heldBy(target, trx), searchDocument(adr.id, adr.team_id, adr.number, content));
      indexed++;
    }
    options.log?.(`indexed ${indexed} ADR(s) for search`);
    for (const table of WITH_IDENTITY) {
      await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), COALESCE((SELECT MAX(id) FROM ${sql.table(table)}), 0) + 1, false)`.execute(
        trx,
      );
    }
    return compareCounts(source, trx);
  });
}

/** Every copied table's rows, the status counts and the search index, on both sides (inside the snapshot). */
async function compareCounts(source: Db, target: Kysely<Tables>): Promise<TableCount[]> {
  const counts: TableCount[] = [];
  const countOn = async (query: ReturnType<typeof sql<{ n: number }>>) =>
    Number((await query.execute(target)).rows[0]?.n ?? 0);
  for (const table of COPIED_TABLES) {
    counts.push({
      table,
      sqlite: source.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number,
      postgres: await countOn(sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`),
    });
  }
  counts.push({
    table: 'adr_status_counts (sum)',
    sqlite: source.prepare('SELECT COALESCE(SUM(count), 0) FROM adr_status_counts').pluck().get() as number,
    postgres: await countOn(sql<{ n: number }>`SELECT COALESCE(SUM(count), 0) AS n FROM adr_status_counts`),
  });
  counts.push({
    table: 'search index',
    sqlite: source.prepare('SELECT COUNT(*) FROM adr_search').pluck().get() as number,
    postgres: await countOn(sql<{ n: number }>`SELECT COUNT(*) AS n FROM adr_search`),
  });
  const differing = counts.filter((count) => count.sqlite !== count.postgres);
  if (differing.length > 0) {
    throw new CopyError(
      `counts differ after the copy: ${differing.map((c) => `${c.table} ${c.sqlite} in SQLite, ${c.postgres} in PostgreSQL`).join('; ')}`,
    );
  }
  return counts;
}
