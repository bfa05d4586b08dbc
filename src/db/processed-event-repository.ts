import type { Db } from './open.js';

/** Events API deliveries already taken on, so a retried delivery is recognised. */
export class ProcessedEventRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      claim: db.prepare(
        'INSERT OR IGNORE INTO processed_events (event_id, team_id, event_type, received_at) VALUES (?, ?, ?, ?)',
      ),
      release: db.prepare('DELETE FROM processed_events WHERE event_id = ?'),
      prune: db.prepare('DELETE FROM processed_events WHERE received_at < ?'),
    };
  }

  /** True the first time an event id is seen; false for a delivery already taken on. */
  claim(eventId: string, teamId: string, eventType: string, now: Date): boolean {
    return this.statements.claim.run(eventId, teamId, eventType, now.toISOString()).changes === 1;
  }

  /** Handling failed: let Slack's next retry of this event try again. */
  release(eventId: string): void {
    this.statements.release.run(eventId);
  }

  /** Slack retries for about an hour; ids older than `before` are no longer needed. */
  prune(before: Date): number {
    return this.statements.prune.run(before.toISOString()).changes;
  }
}
