import type { Db } from '../db/open.js';

export type OutboxState = 'n/a' | ({ pending: number; failed: number } & Record<string, number>);

/**
 * Pending and failed outbox messages, when this build has an `outbox` table ('n/a' otherwise). Reads a
 * `status` column when there is one; else treats rows without a sent/delivered time as pending and rows
 * with a failed/dead time as failed.
 */
export function outboxState(db: Db): OutboxState {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'outbox'").get();
  if (!exists) return 'n/a';
  const columns = db.prepare("SELECT name FROM pragma_table_info('outbox')").pluck().all() as string[];
  const state: { pending: number; failed: number } & Record<string, number> = { pending: 0, failed: 0 };
  if (columns.includes('status')) {
    const rows = db.prepare('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status').all() as {
      status: unknown;
      n: number;
    }[];
    for (const row of rows) state[String(row.status)] = row.n;
    return state;
  }
  const failedColumn = ['failed_at', 'dead_at', 'gave_up_at'].find((column) => columns.includes(column));
  const sentColumn = ['sent_at', 'delivered_at', 'done_at'].find((column) => columns.includes(column));
  if (failedColumn) {
    state.failed = db.prepare(`SELECT COUNT(*) FROM outbox WHERE ${failedColumn} IS NOT NULL`).pluck().get() as number;
  }
  state.pending = db
    .prepare(
      `SELECT COUNT(*) FROM outbox WHERE ${sentColumn ? `${sentColumn} IS NULL` : '1'}${failedColumn ? ` AND ${failedColumn} IS NULL` : ''}`,
    )
    .pluck()
    .get() as number;
  return state;
}
