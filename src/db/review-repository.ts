import type { Db } from './open.js';

export interface DueReview {
  teamId: string;
  adrNumber: number;
  dueAt: string;
}

/** When each Accepted ADR is due for review. Due times live here so a restart forgets none. */
export class ReviewRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      dueAt: db.prepare('SELECT due_at FROM adr_reviews WHERE team_id = ? AND adr_number = ?').pluck(),
      set: db.prepare(`INSERT INTO adr_reviews (team_id, adr_number, due_at, updated_by, updated_at)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (team_id, adr_number) DO UPDATE SET
          due_at = excluded.due_at, updated_by = excluded.updated_by, updated_at = excluded.updated_at`),
      clear: db.prepare('DELETE FROM adr_reviews WHERE team_id = ? AND adr_number = ?'),
      due: db.prepare(`SELECT r.team_id, r.adr_number, r.due_at FROM adr_reviews r
        JOIN adrs a ON a.team_id = r.team_id AND a.number = r.adr_number
        WHERE r.due_at <= ? AND (r.reminded_for IS NULL OR r.reminded_for <> r.due_at) AND a.status = 'accepted'
        ORDER BY r.due_at LIMIT 200`),
      markReminded: db.prepare(`UPDATE adr_reviews SET reminded_for = due_at WHERE team_id = ? AND adr_number = ?
        AND (reminded_for IS NULL OR reminded_for <> due_at)`),
    };
  }

  dueAt(teamId: string, number: number): string | null {
    return (this.statements.dueAt.get(teamId, number) as string | undefined) ?? null;
  }

  set(teamId: string, number: number, dueAt: Date, by: string, now: Date): void {
    this.statements.set.run(teamId, number, dueAt.toISOString(), by, now.toISOString());
  }

  clear(teamId: string, number: number): void {
    this.statements.clear.run(teamId, number);
  }

  /** Accepted ADRs (of every workspace) whose review is due and whose author has not been reminded of it yet. */
  due(now: Date): DueReview[] {
    return (
      this.statements.due.all(now.toISOString()) as { team_id: string; adr_number: number; due_at: string }[]
    ).map((row) => ({ teamId: row.team_id, adrNumber: row.adr_number, dueAt: row.due_at }));
  }

  /**
   * Records that the author is reminded of the current due date; false when that was already recorded (another
   * instance looking at the same due reviews got there first), so each due review is reminded of once.
   */
  markReminded(teamId: string, number: number): boolean {
    return this.statements.markReminded.run(teamId, number).changes > 0;
  }
}
