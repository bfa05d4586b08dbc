import { ADR_STATUSES, type AdrStatus } from '../domain/adr.js';
import type { Db } from './open.js';

/** Per-person view preferences, so a re-published App Home keeps the filter its reader chose. */
export class PreferenceRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      filter: db.prepare('SELECT home_status_filter FROM user_preferences WHERE team_id = ? AND user_id = ?').pluck(),
      setFilter: db.prepare(`INSERT INTO user_preferences (team_id, user_id, home_status_filter, updated_at)
        VALUES (?, ?, ?, ?)
        ON CONFLICT (team_id, user_id) DO UPDATE SET
          home_status_filter = excluded.home_status_filter, updated_at = excluded.updated_at`),
    };
  }

  homeFilter(teamId: string, userId: string): AdrStatus | null {
    const value = this.statements.filter.get(teamId, userId) as string | null | undefined;
    return value && (ADR_STATUSES as readonly string[]).includes(value) ? (value as AdrStatus) : null;
  }

  setHomeFilter(teamId: string, userId: string, status: AdrStatus | null, now: Date): void {
    this.statements.setFilter.run(teamId, userId, status, now.toISOString());
  }
}
