import { sql } from 'kysely';
import type { DataStore } from './store.js';

/**
 * Every table holding a workspace's rows: each table with a `team_id` column, found in the schema itself so
 * tables added by later migrations are covered without touching this file.
 */
export async function teamTables(store: DataStore): Promise<string[]> {
  const db = store.query();
  if (store.engine === 'postgres') {
    const { rows } = await sql<{ table_name: string }>`SELECT c.table_name FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND c.column_name = 'team_id' AND t.table_type = 'BASE TABLE'
        AND NOT EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class k ON k.oid = i.inhrelid
          WHERE k.relname = c.table_name)
      ORDER BY c.table_name`.execute(db);
    return rows.map((row) => row.table_name);
  }
  const { rows } = await sql<{ name: string }>`SELECT m.name FROM sqlite_master m
    WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
      AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) p WHERE p.name = 'team_id')
    ORDER BY m.name`.execute(db);
  return rows.map((row) => row.name);
}

/** How many rows each table holds for `teamId` (tables with none are left out). */
export async function countTeamRows(store: DataStore, teamId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await teamTables(store)) {
    const { rows } = await sql<{
      n: number;
    }>`SELECT COUNT(*) AS n FROM ${sql.table(table)} WHERE team_id = ${teamId}`.execute(store.query());
    const count = Number(rows[0]?.n ?? 0);
    if (count > 0) counts[table] = count;
  }
  return counts;
}

/**
 * Deletes every row of `teamId` in every table, in one transaction: all of it goes, or nothing does.
 * Foreign keys are checked at commit (deferred), so the order of the tables does not matter.
 */
export function purgeTeam(store: DataStore, teamId: string): Promise<Record<string, number>> {
  return store.transaction(async () => {
    const db = store.query();
    await (store.engine === 'postgres'
      ? sql`SET CONSTRAINTS ALL DEFERRED`.execute(db)
      : sql`PRAGMA defer_foreign_keys = ON`.execute(db));
    // Counted first: rows that go by cascade (status history) are reported under their own table.
    const deleted = await countTeamRows(store, teamId);
    for (const table of Object.keys(deleted)) {
      await sql`DELETE FROM ${sql.table(table)} WHERE team_id = ${teamId}`.execute(db);
    }
    return deleted;
  });
}
