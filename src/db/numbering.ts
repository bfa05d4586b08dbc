import { cachedQuery, firstOf, type QueryTarget } from './query-cache.js';

const nextNumberQuery = cachedQuery((db, _engine, teamId: string, createdAt: string) =>
  db
    .insertInto('workspaces')
    .values({ team_id: teamId, created_at: createdAt, next_number: 2 })
    .onConflict((conflict) =>
      conflict.column('team_id').doUpdateSet((eb) => ({ next_number: eb('workspaces.next_number', '+', 1) })),
    )
    .returning((eb) => eb('next_number', '-', 1).as('number')),
);

/**
 * The next ADR number of a workspace, inside the caller's write transaction (Locking.write), in one statement: a
 * new workspace's row is created with its first number taken. The counter only grows; a transaction that rolls
 * back gives its number back, so numbers stay gap-free. SQLite: the transaction already holds the write lock.
 * PostgreSQL: the upsert takes the workspace row's lock until commit, so concurrent proposals of one workspace,
 * from any instance, take turns; other workspaces do not wait.
 */
export async function takeNextNumber(target: QueryTarget, teamId: string, now: Date): Promise<number> {
  const row = await firstOf(nextNumberQuery(target, teamId, now.toISOString()));
  if (!row) throw new Error(`No number was taken for ${teamId}`);
  return row.number;
}
