import type { Criterion } from '../domain/scoring.js';
import { criteriaJson, parseCriteriaJson } from './criteria-json.js';
import type { DataStore } from './store.js';

/** A workspace's default scoring criteria, copied into each ADR's matrix when it is first needed. */
export class WorkspaceCriteriaRepository {
  constructor(private readonly store: DataStore) {}

  /** The stored default, or null when the workspace keeps the seed's (or the stored value is unreadable). */
  async find(teamId: string): Promise<Criterion[] | null> {
    const row = await this.store
      .query()
      .selectFrom('workspace_criteria')
      .select('criteria_json')
      .where('team_id', '=', teamId)
      .executeTakeFirst();
    return row === undefined ? null : parseCriteriaJson(row.criteria_json);
  }

  async save(teamId: string, criteria: readonly Criterion[], userId: string, now: Date): Promise<void> {
    await this.store
      .query()
      .insertInto('workspace_criteria')
      .values({
        team_id: teamId,
        criteria_json: criteriaJson(criteria),
        updated_by: userId,
        updated_at: now.toISOString(),
      })
      .onConflict((conflict) =>
        conflict.column('team_id').doUpdateSet((eb) => ({
          criteria_json: eb.ref('excluded.criteria_json'),
          updated_by: eb.ref('excluded.updated_by'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}
