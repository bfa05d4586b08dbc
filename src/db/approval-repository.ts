import type { Approval, ApprovalAnswer } from '../domain/approvals.js';
import type { DataStore } from './store.js';

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
  constructor(private readonly store: DataStore) {}

  async forAdr(teamId: string, number: number): Promise<Approval[]> {
    const rows = await this.store
      .query()
      .selectFrom('approvals')
      .select(['decider_id', 'answer', 'comment', 'requested_at', 'answered_at'])
      .where('team_id', '=', teamId)
      .where('adr_number', '=', number)
      .orderBy('requested_at')
      .orderBy('decider_id')
      .execute();
    return (rows as ApprovalRow[]).map(toApproval);
  }

  /** Opens a pending request for each decider not asked yet; returns the ones newly asked. */
  request(teamId: string, number: number, deciderIds: string[], requestedBy: string, now: Date): Promise<string[]> {
    return this.store.transaction(async () => {
      const asked: string[] = [];
      for (const deciderId of deciderIds) {
        const result = await this.store
          .query()
          .insertInto('approvals')
          .values({
            team_id: teamId,
            adr_number: number,
            decider_id: deciderId,
            requested_by: requestedBy,
            requested_at: now.toISOString(),
          })
          .onConflict((conflict) => conflict.doNothing())
          .executeTakeFirst();
        if (Number(result.numInsertedOrUpdatedRows ?? 0n) > 0) asked.push(deciderId);
      }
      return asked;
    });
  }

  async answer(
    teamId: string,
    number: number,
    deciderId: string,
    answer: Exclude<ApprovalAnswer, 'pending'>,
    comment: string | null,
    now: Date,
  ): Promise<void> {
    const at = now.toISOString();
    await this.store
      .query()
      .insertInto('approvals')
      .values({
        team_id: teamId,
        adr_number: number,
        decider_id: deciderId,
        answer,
        comment,
        requested_by: deciderId,
        requested_at: at,
        answered_at: at,
      })
      .onConflict((conflict) =>
        conflict.columns(['team_id', 'adr_number', 'decider_id']).doUpdateSet((eb) => ({
          answer: eb.ref('excluded.answer'),
          comment: eb.ref('excluded.comment'),
          answered_at: eb.ref('excluded.answered_at'),
        })),
      )
      .execute();
  }

  /** Proposed ADRs still waiting for this decider's answer, newest first. */
  async waitingFor(teamId: string, deciderId: string, limit = 10): Promise<number[]> {
    const rows = await this.store
      .query()
      .selectFrom('approvals as p')
      .innerJoin('adrs as a', (join) =>
        join.onRef('a.team_id', '=', 'p.team_id').onRef('a.number', '=', 'p.adr_number'),
      )
      .select('p.adr_number')
      .where('p.team_id', '=', teamId)
      .where('p.decider_id', '=', deciderId)
      .where('p.answer', '=', 'pending')
      .where('a.status', '=', 'proposed')
      .orderBy('p.adr_number', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => row.adr_number);
  }

  /** Pending answers requested at or before `cutoff` that have not had their one reminder yet. */
  async dueReminders(teamId: string, cutoff: Date): Promise<PendingApproval[]> {
    const rows = await this.store
      .query()
      .selectFrom('approvals as p')
      .innerJoin('adrs as a', (join) =>
        join.onRef('a.team_id', '=', 'p.team_id').onRef('a.number', '=', 'p.adr_number'),
      )
      .select(['p.team_id', 'p.adr_number', 'p.decider_id', 'p.requested_at'])
      .where('p.team_id', '=', teamId)
      .where('p.answer', '=', 'pending')
      .where('p.reminded_at', 'is', null)
      .where('p.requested_at', '<=', cutoff.toISOString())
      .where('a.status', '=', 'proposed')
      .orderBy('p.requested_at')
      .limit(200)
      .execute();
    return rows.map((row) => ({
      teamId: row.team_id,
      adrNumber: row.adr_number,
      deciderId: row.decider_id,
      requestedAt: row.requested_at,
    }));
  }

  /** Records the one reminder; false when the decider was already reminded (or answered) meanwhile: remind once. */
  async markReminded(teamId: string, number: number, deciderId: string, now: Date): Promise<boolean> {
    const result = await this.store
      .query()
      .updateTable('approvals')
      .set({ reminded_at: now.toISOString() })
      .where('team_id', '=', teamId)
      .where('adr_number', '=', number)
      .where('decider_id', '=', deciderId)
      .where('reminded_at', 'is', null)
      .where('answer', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
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
