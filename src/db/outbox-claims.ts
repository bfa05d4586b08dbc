import type { Kysely } from 'kysely';
import type { OutboxRecord, Tables } from './schema.js';

/**
 * The claim of Locking.claimDueOutbox, written once: one UPDATE moving each claimed row's next_attempt_at to the
 * lease's end. `skipLocked` (PostgreSQL) skips rows another dispatcher's claim holds; SQLite has one writer at a
 * time, so a statement there never meets another's uncommitted claim.
 */
export async function claimDueOutbox(
  db: Kysely<Tables>,
  input: { now: string; leaseUntil: string; limit: number; exclude?: readonly number[] },
  options: { skipLocked: boolean },
): Promise<OutboxRecord[]> {
  let due = db
    .selectFrom('outbox')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', input.now)
    .orderBy('id')
    .limit(input.limit);
  if (input.exclude && input.exclude.length > 0) due = due.where('id', 'not in', [...input.exclude]);
  if (options.skipLocked) due = due.forUpdate().skipLocked();
  const rows = await db
    .updateTable('outbox')
    .set({ next_attempt_at: input.leaseUntil, updated_at: input.now })
    .where('id', 'in', due)
    .returningAll()
    .execute();
  // RETURNING follows no order: oldest first, so messages about one ADR go out in the order they happened.
  return rows.sort((a, b) => a.id - b.id);
}
