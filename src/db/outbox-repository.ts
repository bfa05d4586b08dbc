import { failedRows, finish, nextDueAt, requeueFailed, retryLater } from './leased-rows.js';
import type { DataStore } from './store.js';

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
  constructor(private readonly store: DataStore) {}

  async enqueue(message: NewOutboxMessage, now: Date): Promise<number> {
    const at = now.toISOString();
    const row = await this.store
      .query()
      .insertInto('outbox')
      .values({
        team_id: message.teamId,
        kind: message.kind,
        adr_number: message.adrNumber,
        channel_id: message.channelId,
        thread_ts: message.threadTs ?? null,
        payload_json: JSON.stringify(message.payload ?? {}),
        next_attempt_at: at,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async find(id: number): Promise<OutboxRow | null> {
    const row = await this.store.query().selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toOutboxRow(row as Row) : null;
  }

  /**
   * Claims pending rows due at `now` for this dispatcher until `leaseUntil` (Locking.claimDue): no other
   * instance's dispatcher takes them meanwhile, and one that dies leaves them to be claimed again after the lease.
   * Every outcome (sent, retry, skipped, failed) replaces the lease. `exclude`: rows this run has already handled.
   */
  async claimDue(now: Date, leaseUntil: Date, limit = 50, exclude: readonly number[] = []): Promise<OutboxRow[]> {
    const rows = await this.store.locking.claimDue('outbox', { now, leaseUntil, limit, exclude });
    return (rows as Row[]).map(toOutboxRow);
  }

  async nextDueAt(): Promise<Date | null> {
    return await nextDueAt(this.store.query(), 'outbox');
  }

  async latestOfKind(teamId: string, adrNumber: number, kind: OutboxKind): Promise<OutboxRow | null> {
    const row = await this.store
      .query()
      .selectFrom('outbox')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('adr_number', '=', adrNumber)
      .where('kind', '=', kind)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toOutboxRow(row as Row) : null;
  }

  async markSent(id: number, attempts: number, sent: { channelId: string; ts: string }, now: Date): Promise<void> {
    await this.store
      .query()
      .updateTable('outbox')
      .set({
        status: 'sent',
        attempts,
        sent_channel_id: sent.channelId,
        sent_ts: sent.ts,
        last_error: null,
        updated_at: now.toISOString(),
      })
      .where('id', '=', id)
      .execute();
  }

  async retryLater(id: number, attempts: number, at: Date, error: string, now: Date): Promise<void> {
    await retryLater(this.store.query(), 'outbox', id, { attempts, at, error, now });
  }

  async markFailed(id: number, attempts: number, error: string, now: Date): Promise<void> {
    return await this.finish(id, 'failed', attempts, error, now);
  }

  async markSkipped(id: number, attempts: number, reason: string, now: Date): Promise<void> {
    return await this.finish(id, 'skipped', attempts, reason, now);
  }

  /** The workspace's failed rows, newest first (shown to the settings admins with *Retry*). */
  async failed(teamId: string, limit = 10): Promise<OutboxRow[]> {
    return (await failedRows(this.store.query(), 'outbox', teamId, limit)).map((row) => toOutboxRow(row as Row));
  }

  /** Puts a failed row back in the queue (an admin's Retry); false when it is not a failed row of that team. */
  async retry(teamId: string, id: number, now: Date): Promise<boolean> {
    return await requeueFailed(this.store.query(), 'outbox', teamId, id, now);
  }

  private async finish(id: number, status: OutboxStatus, attempts: number, error: string, now: Date): Promise<void> {
    await finish(this.store.query(), 'outbox', id, { status, attempts, error, now });
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
