import { ADR_STATUSES, type AdrStatus } from '../domain/adr.js';
import type { DataStore } from './store.js';

/** Per-person view preferences, so a re-published App Home keeps the filter its reader chose. */
export class PreferenceRepository {
  constructor(private readonly store: DataStore) {}

  async homeFilter(teamId: string, userId: string): Promise<AdrStatus | null> {
    const row = await this.store
      .query()
      .selectFrom('user_preferences')
      .select('home_status_filter')
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    const value = row?.home_status_filter;
    return value && (ADR_STATUSES as readonly string[]).includes(value) ? (value as AdrStatus) : null;
  }

  async setHomeFilter(teamId: string, userId: string, status: AdrStatus | null, now: Date): Promise<void> {
    await this.store
      .query()
      .insertInto('user_preferences')
      .values({ team_id: teamId, user_id: userId, home_status_filter: status, updated_at: now.toISOString() })
      .onConflict((conflict) =>
        conflict.columns(['team_id', 'user_id']).doUpdateSet((eb) => ({
          home_status_filter: eb.ref('excluded.home_status_filter'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}
