import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/db/postgres/store.js';
import type { DataStore } from '../../src/db/store.js';
import { createPostgresDatabase } from '../support/postgres.js';

const opened: DataStore[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

/** One connection, so what it has prepared can be read from it. */
async function oneConnection(options: { preparedStatements?: boolean } = {}) {
  const url = await createPostgresDatabase();
  const store = openPostgresStore(url, { poolSize: 1, ...options });
  const other = openPostgresStore(url, { poolSize: 1 });
  opened.push(store, other);
  const prepared = async () =>
    (await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(store.db)).rows.map(
      (row) => row.statement,
    );
  return { store, other, prepared };
}

const addWorkspace = (store: DataStore, teamId: string) =>
  store.db.insertInto('workspaces').values({ team_id: teamId, created_at: '2026-01-01T00:00:00Z' }).execute();

describe('named statements on PostgreSQL', () => {
  it('prepares a shape with parameters once per connection and runs it again with new values', async () => {
    const { store, prepared } = await oneConnection();
    await addWorkspace(store, 'T1');
    await addWorkspace(store, 'T2');
    const find = (teamId: string) =>
      store.db.selectFrom('workspaces').select('team_id').where('team_id', '=', teamId).executeTakeFirst();
    expect(await find('T1')).toEqual({ team_id: 'T1' });
    expect(await find('T2')).toEqual({ team_id: 'T2' });
    const shapes = await prepared();
    expect(shapes.filter((text) => text.startsWith('select "team_id" from "workspaces"'))).toHaveLength(1);
    expect(shapes.filter((text) => text.startsWith('insert into "workspaces"'))).toHaveLength(1);
  });

  it('keeps answering `select *` after another instance adds a column (a rolling deployment)', async () => {
    const { store, other, prepared } = await oneConnection();
    await addWorkspace(store, 'T1');
    const all = () => store.db.selectFrom('workspaces').selectAll().where('team_id', '=', 'T1').executeTakeFirst();
    expect(await all()).toMatchObject({ team_id: 'T1' });
    await sql`ALTER TABLE workspaces ADD COLUMN added_later TEXT`.execute(other.db);
    expect(await all()).toMatchObject({ team_id: 'T1', added_later: null });
    expect((await prepared()).some((text) => text.includes('*'))).toBe(false);
  });

  it('prepares nothing when turned off (DATABASE_PREPARED_STATEMENTS=off, for a pooler that cannot keep them)', async () => {
    const { store, prepared } = await oneConnection({ preparedStatements: false });
    await addWorkspace(store, 'T1');
    await store.db.selectFrom('workspaces').select('team_id').where('team_id', '=', 'T1').execute();
    expect(await prepared()).toEqual([]);
  });
});
