import type { Db } from './open.js';

/**
 * Every table holding a workspace's rows: each table with a `team_id` column, found in the schema itself so
 * tables added by later migrations are covered without touching this file.
 */
export function teamTables(db: Db): string[] {
  return db
    .prepare(
      `SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c
       WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND c.name = 'team_id' ORDER BY m.name`,
    )
    .pluck()
    .all() as string[];
}

function quoted(table: string): string {
  return `"${table.replace(/"/g, '""')}"`;
}

/** How many rows each table holds for `teamId` (tables with none are left out). */
export function countTeamRows(db: Db, teamId: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const table of teamTables(db)) {
    const count = db
      .prepare(`SELECT COUNT(*) FROM ${quoted(table)} WHERE team_id = ?`)
      .pluck()
      .get(teamId) as number;
    if (count > 0) counts[table] = count;
  }
  return counts;
}

/**
 * Deletes every row of `teamId` in every table, in one transaction: all of it goes, or nothing does.
 * Foreign keys are checked at commit, so the order of the tables does not matter.
 */
export function purgeTeam(db: Db, teamId: string): Record<string, number> {
  return db
    .transaction(() => {
      db.pragma('defer_foreign_keys = ON');
      // Counted first: rows that go by cascade (status history) are reported under their own table.
      const deleted = countTeamRows(db, teamId);
      for (const table of Object.keys(deleted)) {
        db.prepare(`DELETE FROM ${quoted(table)} WHERE team_id = ?`).run(teamId);
      }
      return deleted;
    })
    .immediate();
}
