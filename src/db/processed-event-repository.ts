import { affectedBy, cachedQuery } from './query-cache.js';
import type { DataStore } from './store.js';

const claimQuery = cachedQuery((db, _engine, eventId: string, teamId: string, eventType: string, receivedAt: string) =>
  db
    .insertInto('processed_events')
    .values({ event_id: eventId, team_id: teamId, event_type: eventType, received_at: receivedAt })
    .onConflict((conflict) => conflict.doNothing()),
);

/** Events API deliveries already taken on, so a retried delivery is recognised, whichever instance it reaches. */
export class ProcessedEventRepository {
  constructor(private readonly store: DataStore) {}

  /** True the first time an event id is seen; false for a delivery already taken on. */
  async claim(eventId: string, teamId: string, eventType: string, now: Date): Promise<boolean> {
    return (await affectedBy(claimQuery(this.store, eventId, teamId, eventType, now.toISOString()))) === 1;
  }

  /** Handling failed: let Slack's next retry of this event try again. */
  async release(eventId: string): Promise<void> {
    await this.store.query().deleteFrom('processed_events').where('event_id', '=', eventId).execute();
  }

  /** Slack retries for about an hour; ids older than `before` are no longer needed. */
  async prune(before: Date): Promise<number> {
    const result = await this.store
      .query()
      .deleteFrom('processed_events')
      .where('received_at', '<', before.toISOString())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
