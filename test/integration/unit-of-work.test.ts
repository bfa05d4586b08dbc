import { afterEach, describe, expect, it } from 'vitest';
import { AdrRepository } from '../../src/db/adr-repository.js';
import type { DataStore } from '../../src/db/store.js';
import { emptyContent } from '../../src/domain/adr.js';
import { ENGINES, openTestStore, type TestStore } from '../support/postgres.js';

const opened: TestStore[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

async function fresh(engine: (typeof ENGINES)[number]): Promise<DataStore> {
  const test = await openTestStore(engine);
  opened.push(test);
  return test.store;
}

const NOW = '2024-05-01T10:00:00.000Z';

async function addWorkspace(store: DataStore, teamId: string): Promise<void> {
  await store.query().insertInto('workspaces').values({ team_id: teamId, created_at: NOW }).execute();
}

/** A promise that one side of a test resolves and the other awaits. */
function signal(): { fired: Promise<void>; fire: () => void } {
  let fire = () => {};
  const fired = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { fired, fire };
}

async function workspaces(store: DataStore): Promise<string[]> {
  const rows = await store.db.selectFrom('workspaces').select('team_id').orderBy('team_id').execute();
  return rows.map((row) => row.team_id);
}

describe.each(ENGINES)('%s', (engine) => {
  it('keeps all of a unit of work, nested calls included, or none of it', async () => {
    const store = await fresh(engine);
    await store.transaction(async () => {
      await addWorkspace(store, 'T1');
      await store.transaction(() => addWorkspace(store, 'T2'));
    });
    await expect(
      store.transaction(async () => {
        await addWorkspace(store, 'T3');
        await store.transaction(() => addWorkspace(store, 'T4'));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await workspaces(store)).toEqual(['T1', 'T2']);
  });

  it('runs after-commit hooks once the outer transaction committed, and never for one rolled back', async () => {
    const store = await fresh(engine);
    const seen: string[] = [];
    await store.transaction(async () => {
      await addWorkspace(store, 'T1');
      store.afterCommit(() => seen.push(`committed, in a transaction: ${store.inTransaction()}`));
      await store.transaction(async () => store.afterCommit(() => seen.push('nested')));
      expect(seen).toEqual([]);
    });
    await store
      .transaction(async () => {
        store.afterCommit(() => seen.push('rolled back'));
        throw new Error('no');
      })
      .catch(() => undefined);
    store.afterCommit(() => seen.push('outside'));
    expect(seen).toEqual(['committed, in a transaction: false', 'nested', 'outside']);
  });

  it('serves reads outside a unit of work while another one is open', async () => {
    const store = await fresh(engine);
    const held = signal();
    const rowWritten = signal();
    const writing = store.transaction(async () => {
      await addWorkspace(store, 'T1');
      rowWritten.fire();
      await held.fired;
    });
    await rowWritten.fired;
    // PostgreSQL reads from another connection and, while the transaction is open, does not see the uncommitted
    // row; SQLite has one connection, so the read waits for the transaction and then sees it.
    const reading = workspaces(store);
    if (engine === 'postgres') expect(await reading).toEqual([]);
    held.fire();
    await writing;
    if (engine === 'sqlite') expect(await reading).toEqual(['T1']);
  });

  it("runs fixed-shape queries in the caller's unit of work, and never in another caller's", async () => {
    const store = await fresh(engine);
    const adrs = new AdrRepository(store);
    const held = signal();
    const rowWritten = signal();
    const seenInside: Array<string | undefined> = [];
    const writing = store.transaction(async () => {
      await adrs.propose({
        teamId: 'T1',
        content: emptyContent('Never kept'),
        authorId: 'U1',
        channelId: null,
        now: new Date(NOW),
      });
      seenInside.push((await adrs.find('T1', 1))?.title);
      rowWritten.fire();
      await held.fired;
      throw new Error('rolled back');
    });
    await rowWritten.fired;
    // SQLite runs these on its one connection at once when it can: one from outside must wait for the open
    // transaction (or, on PostgreSQL, use another connection), and so never see its row.
    const outside = adrs.find('T1', 1);
    held.fire();
    await expect(writing).rejects.toThrow('rolled back');
    expect(await outside).toBeNull();
    expect(seenInside).toEqual(['Never kept']);
  });
});
