import type { DataStore } from '../db/store.js';

export interface OutboxState {
  pending: number;
  failed: number;
  sent: number;
  skipped: number;
}

/** Outbox messages by status: the notification backlog `/healthz` and `/metrics` report. */
export async function outboxState(store: DataStore): Promise<OutboxState> {
  const state: OutboxState = { pending: 0, failed: 0, sent: 0, skipped: 0 };
  const rows = await store
    .query()
    .selectFrom('outbox')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  for (const row of rows) state[row.status as keyof OutboxState] = Number(row.n);
  return state;
}
