import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { takeNextNumber } from '../../src/db/numbering.js';
import { heldBy } from '../../src/db/query-cache.js';
import type { DataStore } from '../../src/db/store.js';
import { ThreadOfferRepository } from '../../src/db/thread-offer-repository.js';
import { ENGINES, openTestStore, type TestStore } from '../support/postgres.js';
import { adrContent, proposeThroughStore } from '../support/store-writes.js';

// What must hold with several instances on one database, on both engines: numbers unique and gap-free per
// workspace, each outbox row claimed by one dispatcher at a time, a channel's daily limit of thread offers, counts
// kept by the triggers.

const opened: TestStore[] = [];

async function fresh(engine: (typeof ENGINES)[number]): Promise<TestStore> {
  const store = await openTestStore(engine);
  opened.push(store);
  return store;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

async function numbersOf(store: DataStore, teamId: string): Promise<number[]> {
  const rows = await store.db
    .selectFrom('adrs')
    .select('number')
    .where('team_id', '=', teamId)
    .orderBy('number')
    .execute();
  return rows.map((row) => row.number);
}

async function enqueue(store: DataStore, count: number, nextAttemptAt: string): Promise<void> {
  await store.db
    .insertInto('outbox')
    .values(
      range(count).map((i) => ({
        team_id: 'T1',
        kind: 'announce_accepted',
        adr_number: i,
        channel_id: 'C1',
        thread_ts: null,
        next_attempt_at: nextAttemptAt,
        created_at: nextAttemptAt,
        updated_at: nextAttemptAt,
      })),
    )
    .execute();
}

const NOW = '2024-05-01T10:00:00.000Z';
const LEASE_END = '2024-05-01T10:01:00.000Z';

describe.each(ENGINES)('%s', (engine) => {
  it('numbers 120 concurrent proposals of one workspace 1…120, while another workspace counts on its own', async () => {
    const { store, openAnother } = await fresh(engine);
    // Two instances on PostgreSQL; SQLite has one writer per process (others are other processes: numbering.test.ts).
    const second = engine === 'postgres' ? openAnother() : store;
    const proposals = range(120).map((i) =>
      proposeThroughStore(i % 2 === 0 ? store : second, 'T1', adrContent(`Decision ${i}`)),
    );
    const other = range(5).map((i) => proposeThroughStore(second, 'T2', adrContent(`Other ${i}`)));
    const numbers = await Promise.all(proposals);
    await Promise.all(other);
    expect([...numbers].sort((a, b) => a - b)).toEqual(range(120));
    expect(await numbersOf(store, 'T1')).toEqual(range(120));
    expect(await numbersOf(store, 'T2')).toEqual(range(5));
  });

  it('gives back the number of a proposal whose transaction failed', async () => {
    const { store } = await fresh(engine);
    await proposeThroughStore(store, 'T1', adrContent('First'));
    await expect(
      store.locking.write(async (trx) => {
        const number = await takeNextNumber(heldBy(store, trx), 'T1', new Date(NOW));
        expect(number).toBe(2);
        throw new Error('the card could not be rendered');
      }),
    ).rejects.toThrow('the card could not be rendered');
    expect(await proposeThroughStore(store, 'T1', adrContent('Second'))).toBe(2);
    expect(await numbersOf(store, 'T1')).toEqual([1, 2]);
  });

  it('hands each due outbox row to one claim until its lease ends, oldest first, and none that is not due', async () => {
    const { store, openAnother } = await fresh(engine);
    await enqueue(store, 60, NOW);
    await enqueue(store, 5, '2024-05-01T11:00:00.000Z');
    const dispatchers = engine === 'postgres' ? [store, openAnother()] : [store, store];
    const claimed: number[] = [];
    await Promise.all(
      dispatchers.map(async (dispatcher) => {
        for (;;) {
          const rows = await dispatcher.locking.claimDue('outbox', {
            now: new Date(NOW),
            leaseUntil: new Date(LEASE_END),
            limit: 7,
          });
          if (rows.length === 0) return;
          expect(rows.map((row) => row.id)).toEqual([...rows.map((row) => row.id)].sort((a, b) => a - b));
          expect(rows.every((row) => row.next_attempt_at === LEASE_END)).toBe(true);
          claimed.push(...rows.map((row) => row.id));
        }
      }),
    );
    expect(claimed).toHaveLength(60);
    expect(new Set(claimed).size).toBe(60);
    // Within the lease nobody gets them again; once it ends (the claimer died), they are due for another.
    expect(
      await store.locking.claimDue('outbox', { now: new Date(NOW), leaseUntil: new Date(LEASE_END), limit: 100 }),
    ).toEqual([]);
    const again = await store.locking.claimDue('outbox', {
      now: new Date('2024-05-01T10:02:00.000Z'),
      leaseUntil: new Date('2024-05-01T10:03:00.000Z'),
      limit: 100,
    });
    expect(again.map((row) => row.id).sort((a, b) => a - b)).toEqual([...claimed].sort((a, b) => a - b));
  });

  it("keeps a channel's daily limit of thread offers when two instances claim different threads at once", async () => {
    const { store, openAnother } = await fresh(engine);
    const second = engine === 'postgres' ? openAnother() : store;
    const now = new Date(NOW);
    const since = new Date(now.getTime() - 24 * 3600_000);
    const claims = range(12).map((i) =>
      new ThreadOfferRepository(i % 2 === 0 ? store : second).claim(
        { teamId: 'T1', channelId: 'C1', threadTs: `1714557600.${String(i).padStart(6, '0')}` },
        { userId: 'U1', decidingTs: `1714557601.${String(i).padStart(6, '0')}` },
        now,
        since,
        3,
      ),
    );
    const outcomes = await Promise.all(claims);
    expect(outcomes.filter((outcome) => outcome === 'claimed')).toHaveLength(3);
    expect(outcomes.filter((outcome) => outcome === 'daily-limit')).toHaveLength(9);
    const offered = await store.db
      .selectFrom('thread_offers')
      .select('thread_ts')
      .where('channel_id', '=', 'C1')
      .execute();
    expect(offered).toHaveLength(3);
  });

  it('keeps adr_status_counts equal to the counted rows through inserts, status changes and deletes', async () => {
    const { store } = await fresh(engine);
    for (const i of range(6)) await proposeThroughStore(store, i <= 4 ? 'T1' : 'T2', adrContent(`ADR ${i}`));
    await store.locking.write(async (trx) => {
      await trx
        .updateTable('adrs')
        .set({ status: 'accepted' })
        .where('team_id', '=', 'T1')
        .where('number', '<=', 2)
        .execute();
      await trx.updateTable('adrs').set({ title: 'renamed' }).where('team_id', '=', 'T1').execute();
      await trx.deleteFrom('status_changes').where('team_id', '=', 'T2').execute();
      await trx.deleteFrom('adrs').where('team_id', '=', 'T2').where('number', '=', 1).execute();
    });
    const counts = await store.db
      .selectFrom('adr_status_counts')
      .select(['team_id', 'status', 'count'])
      .where('count', '>', 0)
      .orderBy('team_id')
      .orderBy('status')
      .execute();
    const counted = await store.db
      .selectFrom('adrs')
      .select(['team_id', 'status', (eb) => eb.fn.countAll<number>().as('count')])
      .groupBy(['team_id', 'status'])
      .orderBy('team_id')
      .orderBy('status')
      .execute();
    expect(counts).toEqual(counted);
    expect(counts).toEqual([
      { team_id: 'T1', status: 'accepted', count: 2 },
      { team_id: 'T1', status: 'proposed', count: 2 },
      { team_id: 'T2', status: 'proposed', count: 1 },
    ]);
  });
});

describe('postgres', () => {
  it('claims around rows another dispatcher holds, without waiting for it (FOR UPDATE SKIP LOCKED)', async () => {
    const { store, location } = await fresh('postgres');
    await enqueue(store, 20, NOW);
    const holder = new pg.Client({ connectionString: location });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM outbox WHERE id <= 5 FOR UPDATE');
      const rows = await store.locking.claimDue('outbox', {
        now: new Date(NOW),
        leaseUntil: new Date(LEASE_END),
        limit: 100,
      });
      expect(rows.map((row) => row.id)).toEqual(range(20).slice(5));
      await holder.query('ROLLBACK');
      const rest = await store.locking.claimDue('outbox', {
        now: new Date(NOW),
        leaseUntil: new Date(LEASE_END),
        limit: 100,
      });
      expect(rest.map((row) => row.id)).toEqual(range(5));
    } finally {
      await holder.end();
    }
  });

  it('runs a transaction again when PostgreSQL aborts it for a deadlock', async () => {
    const { store, openAnother } = await fresh('postgres');
    const other = openAnother();
    await proposeThroughStore(store, 'T1', adrContent('A'));
    await proposeThroughStore(store, 'T1', adrContent('B'));
    // Two transactions updating the same two rows in opposite orders: PostgreSQL aborts one, which runs again.
    let attempts = 0;
    let bothHoldTheirFirstRow: () => void = () => undefined;
    const firstRowsHeld = new Promise<void>((resolve) => {
      let held = 0;
      bothHoldTheirFirstRow = () => {
        held++;
        if (held === 2) resolve();
      };
    });
    const crosswise = (db: DataStore, first: number, second: number) =>
      db.locking.write(async (trx) => {
        attempts++;
        await trx
          .updateTable('adrs')
          .set({ updated_at: NOW })
          .where('team_id', '=', 'T1')
          .where('number', '=', first)
          .execute();
        bothHoldTheirFirstRow();
        await firstRowsHeld;
        await trx
          .updateTable('adrs')
          .set({ updated_at: NOW })
          .where('team_id', '=', 'T1')
          .where('number', '=', second)
          .execute();
        return first;
      });
    await expect(Promise.all([crosswise(store, 1, 2), crosswise(other, 2, 1)])).resolves.toEqual([1, 2]);
    expect(attempts).toBe(3);
  });
});
