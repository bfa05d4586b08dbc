import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/db/sqlite/store.js';
import type { DataStore } from '../../src/db/store.js';

const NOW = '2024-05-01T10:00:00.000Z';
const opened: { store: DataStore; dir: string }[] = [];

afterEach(async () => {
  for (const { store, dir } of opened.splice(0)) {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function fresh(): Promise<DataStore> {
  const dir = mkdtempSync(join(tmpdir(), 'adr-sqlite-connection-'));
  const store = openSqliteStore(join(dir, 'adr.sqlite'));
  await store.migrate();
  opened.push({ store, dir });
  return store;
}

function signal(): { fired: Promise<void>; fire: () => void } {
  let fire = () => {};
  const fired = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { fired, fire };
}

const workspaceRows = (store: DataStore) =>
  store.db.selectFrom('workspaces').select('team_id').orderBy('team_id').execute();

describe('the SQLite connection, taken in turns', () => {
  it('runs a Kysely query sent during a transaction after it, never inside it', async () => {
    const store = await fresh();
    const inside = signal();
    const release = signal();
    const transaction = store.locking.write(async (trx) => {
      await trx.insertInto('workspaces').values({ team_id: 'T1', created_at: NOW }).execute();
      inside.fire();
      await release.fired;
      throw new Error('rolled back');
    });
    await inside.fired;
    const read = workspaceRows(store);
    let answered = false;
    void read.then(() => {
      answered = true;
    });
    // The read waits for the turn: a few turns of the loop later it still has no answer.
    for (let turn = 0; turn < 5; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    release.fire();
    await expect(transaction).rejects.toThrow('rolled back');
    expect(await read).toEqual([]);
  });

  it('hands the turn on after a transaction fails, in the order callers asked', async () => {
    const store = await fresh();
    const order: string[] = [];
    const failing = store.locking.write(async (trx) => {
      await trx.insertInto('workspaces').values({ team_id: 'T0', created_at: NOW }).execute();
      throw new Error('no');
    });
    const writes = ['T1', 'T2', 'T3'].map((teamId) =>
      store.locking.write(async (trx) => {
        order.push(teamId);
        await trx.insertInto('workspaces').values({ team_id: teamId, created_at: NOW }).execute();
      }),
    );
    await expect(failing).rejects.toThrow('no');
    await Promise.all(writes);
    expect(order).toEqual(['T1', 'T2', 'T3']);
    expect((await workspaceRows(store)).map((row) => row.team_id)).toEqual(['T1', 'T2', 'T3']);
  });

  it("refuses Kysely's own transactions, which would not take the write lock at BEGIN", async () => {
    const store = await fresh();
    await expect(store.db.transaction().execute(async () => undefined)).rejects.toThrow(
      'Use DataStore.transaction on SQLite',
    );
    // The refused transaction gave its turn back.
    expect(await workspaceRows(store)).toEqual([]);
  });
});
