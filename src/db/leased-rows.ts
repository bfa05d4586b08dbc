import type { Generated, Kysely, Selectable } from 'kysely';
import type { Tables } from './schema.js';

/**
 * The queries of the leased queues (src/due-work.ts runs them), written once for both tables and both engines: a
 * claim for a lease, its renewal, a retry later, the end of a row, the failed rows and an admin's retry of one.
 */

/** Tables whose pending rows are worked by one runner at a time, claimed for a lease: the outbox, publish jobs. */
export type LeasedTable = 'outbox' | 'publish_jobs';

/** The columns the queue's queries read and write, which every leased table has (checked by the constraint below). */
interface LeaseColumns {
  id: Generated<number>;
  team_id: string;
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: string;
  last_error: string | null;
  updated_at: string;
}

/**
 * The database as the lease's queries see it: only the columns they touch. Kysely's builders cannot narrow a
 * generic table name to its columns, so the view is typed by what the tables share instead.
 */
function leasedView<D extends Record<LeasedTable, LeaseColumns>>(db: Kysely<D>): Kysely<Record<string, LeaseColumns>> {
  return db as unknown as Kysely<Record<string, LeaseColumns>>;
}

export interface LeaseClaim {
  now: Date;
  leaseUntil: Date;
  limit: number;
  /** Rows the caller already handled in this run. */
  exclude?: readonly number[];
}

/**
 * The claim of Locking.claimDue, written once for both engines and both tables: one UPDATE moving each claimed
 * row's next_attempt_at to the lease's end. `skipLocked` (PostgreSQL) skips rows another runner's claim holds;
 * SQLite has one writer at a time, so a statement there never meets another's uncommitted claim.
 */
export async function claimDue<T extends LeasedTable>(
  db: Kysely<Tables>,
  table: T,
  input: LeaseClaim,
  options: { skipLocked: boolean },
): Promise<Selectable<Tables[T]>[]> {
  const leased = leasedView(db);
  const name: string = table;
  let due = leased
    .selectFrom(name)
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', input.now.toISOString())
    .orderBy('id')
    .limit(input.limit);
  if (input.exclude && input.exclude.length > 0) due = due.where('id', 'not in', [...input.exclude]);
  if (options.skipLocked) due = due.forUpdate().skipLocked();
  const claimed = await leased
    .updateTable(name)
    .set({ next_attempt_at: input.leaseUntil.toISOString(), updated_at: input.now.toISOString() })
    .where('id', 'in', due)
    .returningAll()
    .execute();
  // returningAll() gives the table's whole row; the view above only knows the lease's columns.
  // RETURNING follows no order: oldest first, so messages and jobs about one ADR run in the order they happened.
  return claimed.sort((a, b) => a.id - b.id) as unknown as Selectable<Tables[T]>[];
}

/** Keeps a claimed row's lease until `leaseUntil` while its runner still works on it. */
export async function renewLease(
  db: Kysely<Tables>,
  table: LeasedTable,
  id: number,
  input: { now: Date; leaseUntil: Date },
): Promise<void> {
  await leasedView(db)
    .updateTable(table)
    .set({ next_attempt_at: input.leaseUntil.toISOString(), updated_at: input.now.toISOString() })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/** When the next pending row comes due (a claimed one: when its lease ends), or null when none is pending. */
export async function nextDueAt(db: Kysely<Tables>, table: LeasedTable): Promise<Date | null> {
  const row = await leasedView(db)
    .selectFrom(table)
    .select((eb) => eb.fn.min('next_attempt_at').as('next'))
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row?.next ? new Date(row.next) : null;
}

/** A failed attempt to be made again at `at`: the claim ends then, and the row keeps its error for the admins. */
export async function retryLater(
  db: Kysely<Tables>,
  table: LeasedTable,
  id: number,
  input: { attempts: number; at: Date; error: string; now: Date },
): Promise<void> {
  await leasedView(db)
    .updateTable(table)
    .set({
      attempts: input.attempts,
      next_attempt_at: input.at.toISOString(),
      last_error: input.error,
      updated_at: input.now.toISOString(),
    })
    .where('id', '=', id)
    .execute();
}

/** Puts a failed row of `teamId` back in the queue, due now (an admin's *Retry*); false when there is no such row. */
export async function requeueFailed(
  db: Kysely<Tables>,
  table: LeasedTable,
  teamId: string,
  id: number,
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  const result = await leasedView(db)
    .updateTable(table)
    .set({ status: 'pending', attempts: 0, next_attempt_at: at, updated_at: at })
    .where('id', '=', id)
    .where('team_id', '=', teamId)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The row leaves the queue with nothing to record but why (failed for good, skipped): its status and that reason. */
export async function finish(
  db: Kysely<Tables>,
  table: LeasedTable,
  id: number,
  input: { status: string; attempts: number; error: string; now: Date },
): Promise<void> {
  await leasedView(db)
    .updateTable(table)
    .set({
      status: input.status,
      attempts: input.attempts,
      last_error: input.error,
      updated_at: input.now.toISOString(),
    })
    .where('id', '=', id)
    .execute();
}

/** The failed rows of `teamId`, newest first. */
export async function failedRows<T extends LeasedTable>(
  db: Kysely<Tables>,
  table: T,
  teamId: string,
  limit: number,
): Promise<Selectable<Tables[T]>[]> {
  const name: string = table;
  const rows = await leasedView(db)
    .selectFrom(name)
    .selectAll()
    .where('team_id', '=', teamId)
    .where('status', '=', 'failed')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  // selectAll() gives the table's whole row; the view only knows the queue's columns.
  return rows as unknown as Selectable<Tables[T]>[];
}
