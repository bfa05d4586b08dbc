import type { Db } from '../db/open.js';

export interface OutboxState {
  pending: number;
  failed: number;
  sent: number;
  skipped: number;
}

/** Outbox messages by status: the notification backlog `/healthz` and `/metrics` report. */
export function outboxState(db: Db): OutboxState {
  const state: OutboxState = { pending: 0, failed: 0, sent: 0, skipped: 0 };
  const rows = db.prepare('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status').all() as {
    status: keyof OutboxState;
    n: number;
  }[];
  for (const row of rows) state[row.status] = row.n;
  return state;
}
