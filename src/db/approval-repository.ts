import type { Approval, ApprovalAnswer } from '../domain/approvals.js';
import type { Db } from './open.js';

interface ApprovalRow {
  decider_id: string;
  answer: ApprovalAnswer;
  comment: string | null;
  requested_at: string;
  answered_at: string | null;
}

export interface PendingApproval {
  teamId: string;
  adrNumber: number;
  deciderId: string;
  requestedAt: string;
}

/** The deciders' answers to an approval request, one row per ADR and decider. */
export class ApprovalRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      forAdr: db.prepare(`SELECT decider_id, answer, comment, requested_at, answered_at FROM approvals
        WHERE team_id = ? AND adr_number = ? ORDER BY requested_at, decider_id`),
      request: db.prepare(`INSERT OR IGNORE INTO approvals (team_id, adr_number, decider_id, requested_by, requested_at)
        VALUES (?, ?, ?, ?, ?)`),
      answer: db.prepare(`INSERT INTO approvals
        (team_id, adr_number, decider_id, answer, comment, requested_by, requested_at, answered_at)
        VALUES (@teamId, @number, @deciderId, @answer, @comment, @deciderId, @now, @now)
        ON CONFLICT (team_id, adr_number, decider_id) DO UPDATE SET
          answer = excluded.answer, comment = excluded.comment, answered_at = excluded.answered_at`),
      waitingFor: db.prepare(`SELECT p.adr_number FROM approvals p
        JOIN adrs a ON a.team_id = p.team_id AND a.number = p.adr_number
        WHERE p.team_id = ? AND p.decider_id = ? AND p.answer = 'pending' AND a.status = 'proposed'
        ORDER BY p.adr_number DESC LIMIT ?`),
      dueReminders: db.prepare(`SELECT p.team_id, p.adr_number, p.decider_id, p.requested_at FROM approvals p
        JOIN adrs a ON a.team_id = p.team_id AND a.number = p.adr_number
        WHERE p.team_id = ? AND p.answer = 'pending' AND p.reminded_at IS NULL AND p.requested_at <= ?
          AND a.status = 'proposed'
        ORDER BY p.requested_at LIMIT 200`),
      markReminded: db.prepare(
        `UPDATE approvals SET reminded_at = ? WHERE team_id = ? AND adr_number = ? AND decider_id = ?
          AND reminded_at IS NULL AND answer = 'pending'`,
      ),
    };
  }

  forAdr(teamId: string, number: number): Approval[] {
    return (this.statements.forAdr.all(teamId, number) as ApprovalRow[]).map(toApproval);
  }

  /** Opens a pending request for each decider not asked yet; returns the ones newly asked. */
  request(teamId: string, number: number, deciderIds: string[], requestedBy: string, now: Date): string[] {
    return deciderIds.filter(
      (deciderId) => this.statements.request.run(teamId, number, deciderId, requestedBy, now.toISOString()).changes > 0,
    );
  }

  answer(
    teamId: string,
    number: number,
    deciderId: string,
    answer: Exclude<ApprovalAnswer, 'pending'>,
    comment: string | null,
    now: Date,
  ): void {
    this.statements.answer.run({ teamId, number, deciderId, answer, comment, now: now.toISOString() });
  }

  /** Proposed ADRs still waiting for this decider's answer, newest first. */
  waitingFor(teamId: string, deciderId: string, limit = 10): number[] {
    return this.statements.waitingFor.pluck().all(teamId, deciderId, limit) as number[];
  }

  /** Pending answers requested at or before `cutoff` that have not had their one reminder yet. */
  dueReminders(teamId: string, cutoff: Date): PendingApproval[] {
    return (
      this.statements.dueReminders.all(teamId, cutoff.toISOString()) as {
        team_id: string;
        adr_number: number;
        decider_id: string;
        requested_at: string;
      }[]
    ).map((row) => ({
      teamId: row.team_id,
      adrNumber: row.adr_number,
      deciderId: row.decider_id,
      requestedAt: row.requested_at,
    }));
  }

  /** Records the reminder; false when the decider was already reminded (or answered) meanwhile: remind once. */
  markReminded(teamId: string, number: number, deciderId: string, now: Date): boolean {
    return this.statements.markReminded.run(now.toISOString(), teamId, number, deciderId).changes > 0;
  }
}

function toApproval(row: ApprovalRow): Approval {
  return {
    deciderId: row.decider_id,
    answer: row.answer,
    comment: row.comment,
    requestedAt: row.requested_at,
    answeredAt: row.answered_at,
  };
}
