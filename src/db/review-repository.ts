import { sql } from 'kysely';
import type { DataStore } from './store.js';

export interface DueReview {
  teamId: string;
  adrNumber: number;
  dueAt: string;
}

/** When each Accepted ADR is due for review. Due times live here so a restart forgets none. */
export class ReviewRepository {
  constructor(private readonly store: DataStore) {}

  async dueAt(teamId: string, number: number): Promise<string | null> {
    const row = await this.store
      .query()
      .selectFrom('adr_reviews')
      .select('due_at')
      .where('team_id', '=', teamId)
      .where('adr_number', '=', number)
      .executeTakeFirst();
    return row?.due_at ?? null;
  }

  async set(teamId: string, number: number, dueAt: Date, by: string, now: Date): Promise<void> {
    await this.store
      .query()
      .insertInto('adr_reviews')
      .values({
        team_id: teamId,
        adr_number: number,
        due_at: dueAt.toISOString(),
        updated_by: by,
        updated_at: now.toISOString(),
      })
      .onConflict((conflict) =>
        conflict.columns(['team_id', 'adr_number']).doUpdateSet((eb) => ({
          due_at: eb.ref('excluded.due_at'),
          updated_by: eb.ref('excluded.updated_by'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }

  async clear(teamId: string, number: number): Promise<void> {
    await this.store
      .query()
      .deleteFrom('adr_reviews')
      .where('team_id', '=', teamId)
      .where('adr_number', '=', number)
      .execute();
  }

  /** Accepted ADRs (of every workspace) whose review is due and whose author has not been reminded of it yet. */
  async due(now: Date): Promise<DueReview[]> {
    const rows = await this.store
      .query()
      .selectFrom('adr_reviews as r')
      .innerJoin('adrs as a', (join) =>
        join.onRef('a.team_id', '=', 'r.team_id').onRef('a.number', '=', 'r.adr_number'),
      )
      .select(['r.team_id', 'r.adr_number', 'r.due_at'])
      .where('r.due_at', '<=', now.toISOString())
      .where((eb) => eb.or([eb('r.reminded_for', 'is', null), eb('r.reminded_for', '<>', eb.ref('r.due_at'))]))
      .where('a.status', '=', 'accepted')
      .orderBy('r.due_at')
      .limit(200)
      .execute();
    return rows.map((row) => ({ teamId: row.team_id, adrNumber: row.adr_number, dueAt: row.due_at }));
  }

  /**
   * Records the reminder for the current due date; false when another instance did first (or the date moved),
   * so each due review is sent once.
   */
  async markReminded(teamId: string, number: number, dueAt?: string): Promise<boolean> {
    let query = this.store
      .query()
      .updateTable('adr_reviews')
      .set({ reminded_for: sql<string>`due_at` })
      .where('team_id', '=', teamId)
      .where('adr_number', '=', number)
      .where((eb) => eb.or([eb('reminded_for', 'is', null), eb('reminded_for', '<>', eb.ref('due_at'))]));
    if (dueAt !== undefined) query = query.where('due_at', '=', dueAt);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
