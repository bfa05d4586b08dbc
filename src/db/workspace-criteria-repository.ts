import type { Criterion } from '../domain/scoring.js';
import { criteriaJson, parseCriteriaJson } from './criteria-json.js';
import type { Db } from './open.js';

/** A workspace's default scoring criteria, copied into each ADR's matrix when it is first needed. */
export class WorkspaceCriteriaRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      find: db.prepare('SELECT criteria_json FROM workspace_criteria WHERE team_id = ?').pluck(),
      upsert: db.prepare(`INSERT INTO workspace_criteria (team_id, criteria_json, updated_by, updated_at)
        VALUES (@teamId, @json, @userId, @now)
        ON CONFLICT (team_id) DO UPDATE SET
          criteria_json = excluded.criteria_json, updated_by = excluded.updated_by, updated_at = excluded.updated_at`),
    };
  }

  /** The stored default, or null when the workspace keeps the seed's (or the stored value is unreadable). */
  find(teamId: string): Criterion[] | null {
    const json = this.statements.find.get(teamId) as string | undefined;
    return json === undefined ? null : parseCriteriaJson(json);
  }

  save(teamId: string, criteria: readonly Criterion[], userId: string, now: Date): void {
    this.statements.upsert.run({ teamId, json: criteriaJson(criteria), userId, now: now.toISOString() });
  }
}
