import type { Db } from './open.js';

export const OUTBOX_KINDS = [
  'announce_accepted',
  'accepted_thread_reply',
  'announce_retired',
  'edit_accepted',
  'approval_request',
  'approval_reminder',
  'changes_requested',
  'review_due',
  'published_thread_reply',
] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'skipped';

export interface OutboxRow {
  id: number;
  teamId: string;
  kind: OutboxKind;
  adrNumber: number | null;
  channelId: string | null;
  threadTs: string | null;
  payload: Record<string, unknown>;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  sentChannelId: string | null;
  sentTs: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewOutboxMessage {
  teamId: string;
  kind: OutboxKind;
  adrNumber: number | null;
  channelId: string | null;
  threadTs?: string | null;
  payload?: Record<string, unknown>;
}

interface Row {
  id: number;
  team_id: string;
  kind: OutboxKind;
  adr_number: number | null;
  channel_id: string | null;
  thread_ts: string | null;
  payload_json: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  sent_channel_id: string | null;
  sent_ts: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * Messages the app owes Slack. A row is written in the same transaction as the change it reports and
 * leaves `pending` only when Slack has answered (sent), the dispatcher gave up (failed), or it no longer applies.
 */
export class OutboxRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      insert: db.prepare(`INSERT INTO outbox
        (team_id, kind, adr_number, channel_id, thread_ts, payload_json, next_attempt_at, created_at, updated_at)
        VALUES (@teamId, @kind, @adrNumber, @channelId, @threadTs, @payloadJson, @now, @now, @now) RETURNING id`),
      find: db.prepare('SELECT * FROM outbox WHERE id = ?'),
      claimDue: db.prepare(`UPDATE outbox SET next_attempt_at = @leaseUntil, updated_at = @now
        WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= @now
          AND id NOT IN (SELECT value FROM json_each(@exclude)) ORDER BY id LIMIT @limit)
        RETURNING *`),
      nextDue: db.prepare("SELECT MIN(next_attempt_at) FROM outbox WHERE status = 'pending'").pluck(),
      latestOfKind: db.prepare(`SELECT * FROM outbox WHERE team_id = ? AND adr_number = ? AND kind = ?
        ORDER BY id DESC LIMIT 1`),
      markSent: db.prepare(`UPDATE outbox SET status = 'sent', attempts = ?, sent_channel_id = ?, sent_ts = ?,
        last_error = NULL, updated_at = ? WHERE id = ?`),
      retryLater: db.prepare(`UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = ?
        WHERE id = ?`),
      finish: db.prepare('UPDATE outbox SET status = ?, attempts = ?, last_error = ?, updated_at = ? WHERE id = ?'),
      failed: db.prepare(`SELECT * FROM outbox WHERE team_id = ? AND status = 'failed' ORDER BY id DESC LIMIT ?`),
      retry: db.prepare(`UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ?
        WHERE id = ? AND team_id = ? AND status = 'failed'`),
    };
  }

  enqueue(message: NewOutboxMessage, now: Date): number {
    const row = this.statements.insert.get({
      teamId: message.teamId,
      kind: message.kind,
      adrNumber: message.adrNumber,
      channelId: message.channelId,
      threadTs: message.threadTs ?? null,
      payloadJson: JSON.stringify(message.payload ?? {}),
      now: now.toISOString(),
    }) as { id: number };
    return row.id;
  }

  find(id: number): OutboxRow | null {
    const row = this.statements.find.get(id) as Row | undefined;
    return row ? toOutboxRow(row) : null;
  }

  /**
   * Claims pending rows due at `now` for one dispatcher, oldest first (messages about one ADR go out in the order
   * they happened): their next attempt moves to `leaseUntil`, so the dispatcher of another instance on the same
   * database does not send them too. Every outcome (sent, retry, skipped, failed) replaces the lease; rows of a
   * dispatcher that died mid-send become due again when it ends. `exclude`: rows this run has already handled.
   */
  claimDue(now: Date, leaseUntil: Date, limit = 50, exclude: readonly number[] = []): OutboxRow[] {
    const rows = this.statements.claimDue.all({
      now: now.toISOString(),
      leaseUntil: leaseUntil.toISOString(),
      limit,
      exclude: JSON.stringify(exclude),
    }) as Row[];
    // RETURNING follows no order.
    return rows.sort((a, b) => a.id - b.id).map(toOutboxRow);
  }

  nextDueAt(): Date | null {
    const value = this.statements.nextDue.get() as string | null;
    return value ? new Date(value) : null;
  }

  latestOfKind(teamId: string, adrNumber: number, kind: OutboxKind): OutboxRow | null {
    const row = this.statements.latestOfKind.get(teamId, adrNumber, kind) as Row | undefined;
    return row ? toOutboxRow(row) : null;
  }

  markSent(id: number, attempts: number, sent: { channelId: string; ts: string }, now: Date): void {
    this.statements.markSent.run(attempts, sent.channelId, sent.ts, now.toISOString(), id);
  }

  retryLater(id: number, attempts: number, at: Date, error: string, now: Date): void {
    this.statements.retryLater.run(attempts, at.toISOString(), error, now.toISOString(), id);
  }

  markFailed(id: number, attempts: number, error: string, now: Date): void {
    this.statements.finish.run('failed', attempts, error, now.toISOString(), id);
  }

  markSkipped(id: number, attempts: number, reason: string, now: Date): void {
    this.statements.finish.run('skipped', attempts, reason, now.toISOString(), id);
  }

  failed(teamId: string, limit = 10): OutboxRow[] {
    return (this.statements.failed.all(teamId, limit) as Row[]).map(toOutboxRow);
  }

  /** Puts a failed row back in the queue (an admin's Retry); false when it is not a failed row of that team. */
  retry(teamId: string, id: number, now: Date): boolean {
    return this.statements.retry.run(now.toISOString(), now.toISOString(), id, teamId).changes > 0;
  }
}

function toOutboxRow(row: Row): OutboxRow {
  let payload: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(row.payload_json);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) payload = parsed as Record<string, unknown>;
  } catch {
    // A damaged payload renders as if empty; the renderer then skips or fails the row visibly.
  }
  return {
    id: row.id,
    teamId: row.team_id,
    kind: row.kind,
    adrNumber: row.adr_number,
    channelId: row.channel_id,
    threadTs: row.thread_ts,
    payload,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    sentChannelId: row.sent_channel_id,
    sentTs: row.sent_ts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
