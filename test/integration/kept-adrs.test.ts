import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdrRepository, type StoredAdr } from '../../src/db/adr-repository.js';
import { migrate } from '../../src/db/migrate.js';
import { type Db, openDatabase } from '../../src/db/open.js';
import { ReviewRepository } from '../../src/db/review-repository.js';
import { purgeTeam } from '../../src/db/team-data.js';
import { emptyContent } from '../../src/domain/adr.js';
import { ENGINES, openTestStore } from '../support/postgres.js';
import { storeOf } from '../support/stores.js';

// An ADR read by number is kept on SQLite until the decision log's revision moves (src/db/kept-adrs.ts). Every
// part of an ADR is written here from a second connection, as the CLI or a second app process would, and the
// first repository must read it back at once: a kept ADR is never older than its rows.

const TEAM = 'T_KEPT';
const now = new Date('2026-05-01T10:00:00Z');
let dir: string;
let db: Db;
/** Another process's connection to the same file. */
let other: Db;
let adrs: AdrRepository;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'adr-kept-'));
  db = openDatabase(join(dir, 'adr.sqlite'));
  migrate(db);
  other = openDatabase(join(dir, 'adr.sqlite'));
  adrs = new AdrRepository(storeOf(db));
  for (const title of ['Use PostgreSQL', 'Use Redis']) {
    await adrs.propose({ teamId: TEAM, content: emptyContent(title), authorId: 'U1', channelId: null, now });
  }
});

afterEach(() => {
  other.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What the rows say now: a repository of its own, with nothing kept. */
async function fromRows(number: number): Promise<StoredAdr | null> {
  const fresh = openDatabase(join(dir, 'adr.sqlite'));
  try {
    return await new AdrRepository(storeOf(fresh)).find(TEAM, number);
  } finally {
    fresh.close();
  }
}

async function expectCurrent(number = 1): Promise<StoredAdr | null> {
  const read = await adrs.find(TEAM, number);
  expect(read).toEqual(await fromRows(number));
  return read;
}

describe('ADRs kept between reads (SQLite)', () => {
  it('hands out the same frozen ADR while nothing changed, and a changed one throws instead of spreading', async () => {
    const first = await adrs.find(TEAM, 1);
    const second = await adrs.find(TEAM, 1);
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first?.options)).toBe(true);
    expect(() => {
      (first as StoredAdr).title = 'Changed in place';
    }).toThrow(TypeError);
    expect((await fromRows(1))?.title).toBe('Use PostgreSQL');
  });

  it("reads again after another process changed the ADR's row, approvals, review date or links", async () => {
    await adrs.find(TEAM, 1);
    other.prepare("UPDATE adrs SET title = 'Use PostgreSQL 16' WHERE team_id = ? AND number = 1").run(TEAM);
    expect((await expectCurrent())?.title).toBe('Use PostgreSQL 16');

    other
      .prepare(
        "INSERT INTO approvals (team_id, adr_number, decider_id, requested_by, requested_at) VALUES (?, 1, 'U2', 'U1', ?)",
      )
      .run(TEAM, now.toISOString());
    expect((await expectCurrent())?.approvals?.map((a) => a.answer)).toEqual(['pending']);
    other.prepare("UPDATE approvals SET answer = 'approved' WHERE team_id = ? AND adr_number = 1").run(TEAM);
    expect((await expectCurrent())?.approvals?.map((a) => a.answer)).toEqual(['approved']);
    other.prepare('DELETE FROM approvals WHERE team_id = ?').run(TEAM);
    expect((await expectCurrent())?.approvals).toEqual([]);

    const reviews = new ReviewRepository(storeOf(other));
    await reviews.set(TEAM, 1, new Date('2027-01-01T00:00:00Z'), 'U1', now);
    expect((await expectCurrent())?.reviewDueAt).toBe('2027-01-01T00:00:00.000Z');
    await reviews.set(TEAM, 1, new Date('2027-06-01T00:00:00Z'), 'U1', now);
    expect((await expectCurrent())?.reviewDueAt).toBe('2027-06-01T00:00:00.000Z');
    await reviews.clear(TEAM, 1);
    expect((await expectCurrent())?.reviewDueAt).toBeNull();

    other
      .prepare(
        "INSERT INTO adr_relations (team_id, adr_number, kind, target_number, position) VALUES (?, 1, 'relates', 2, 0)",
      )
      .run(TEAM);
    expect((await expectCurrent())?.relations).toEqual([{ kind: 'relates', target: 2 }]);
    other.prepare('DELETE FROM adr_relations WHERE team_id = ?').run(TEAM);
    expect((await expectCurrent())?.relations).toEqual([]);

    other
      .prepare("UPDATE adrs SET status = 'superseded', superseded_by = 1 WHERE team_id = ? AND number = 2")
      .run(TEAM);
    expect((await expectCurrent())?.supersedes).toEqual([2]);
    await purgeTeam(storeOf(other), TEAM);
    expect(await adrs.find(TEAM, 1)).toBeNull();
  });

  it("keeps the ADR when only a review reminder's bookkeeping changed", async () => {
    const reviews = new ReviewRepository(storeOf(other));
    await reviews.set(TEAM, 1, new Date('2026-04-01T00:00:00Z'), 'U1', now);
    const before = await expectCurrent();
    expect(await reviews.markReminded(TEAM, 1)).toBe(true);
    expect(await adrs.find(TEAM, 1)).toBe(before);
  });

  it('never keeps what a transaction read, so a rolled-back change is never handed out', async () => {
    const store = storeOf(db);
    const kept = await adrs.find(TEAM, 1);
    await expect(
      store.transaction(async () => {
        await store
          .query()
          .updateTable('adrs')
          .set({ title: 'Rolled back' })
          .where('team_id', '=', TEAM)
          .where('number', '=', 1)
          .execute();
        expect((await adrs.find(TEAM, 1))?.title).toBe('Rolled back');
        throw new Error('give up');
      }),
    ).rejects.toThrow('give up');
    // The revision is where it was before the transaction, and so is the row.
    expect((await expectCurrent())?.title).toBe('Use PostgreSQL');
    expect(await adrs.find(TEAM, 1)).toBe(kept);
  });
});

describe.each(ENGINES)('the decision log revision on %s (migrations 0014, 0015)', (engine) => {
  it("moves with every part of an ADR, and not with a review reminder's bookkeeping", async () => {
    const test = await openTestStore(engine);
    try {
      const { store } = test;
      const repository = new AdrRepository(store);
      await repository.propose({
        teamId: TEAM,
        content: emptyContent('Use Kafka'),
        authorId: 'U1',
        channelId: null,
        now,
      });
      await repository.propose({
        teamId: TEAM,
        content: emptyContent('Use NATS'),
        authorId: 'U1',
        channelId: null,
        now,
      });
      const db = store.query();
      const at = now.toISOString();
      const writes: Array<[string, () => Promise<unknown>, boolean]> = [
        [
          'a title',
          () => sql`UPDATE adrs SET title = 'Use Kafka 4' WHERE team_id = ${TEAM} AND number = 1`.execute(db),
          true,
        ],
        [
          'an approval asked',
          () =>
            sql`INSERT INTO approvals (team_id, adr_number, decider_id, requested_by, requested_at) VALUES (${TEAM}, 1, 'U2', 'U1', ${at})`.execute(
              db,
            ),
          true,
        ],
        [
          'an approval given',
          () => sql`UPDATE approvals SET answer = 'approved' WHERE team_id = ${TEAM}`.execute(db),
          true,
        ],
        ['an approval removed', () => sql`DELETE FROM approvals WHERE team_id = ${TEAM}`.execute(db), true],
        [
          'a review date set',
          () => new ReviewRepository(store).set(TEAM, 1, new Date('2026-04-01T00:00:00Z'), 'U1', now),
          true,
        ],
        ['a review reminder recorded', () => new ReviewRepository(store).markReminded(TEAM, 1), false],
        [
          'a review date moved',
          () => new ReviewRepository(store).set(TEAM, 1, new Date('2027-04-01T00:00:00Z'), 'U1', now),
          true,
        ],
        ['a review date cleared', () => new ReviewRepository(store).clear(TEAM, 1), true],
        [
          'a link added',
          () =>
            sql`INSERT INTO adr_relations (team_id, adr_number, kind, target_number, position) VALUES (${TEAM}, 1, 'relates', 2, 0)`.execute(
              db,
            ),
          true,
        ],
        ['a link removed', () => sql`DELETE FROM adr_relations WHERE team_id = ${TEAM}`.execute(db), true],
      ];
      for (const [what, write, moves] of writes) {
        const before = await repository.revision();
        await write();
        expect((await repository.revision()) > before, what).toBe(moves);
      }
    } finally {
      await test.close();
    }
  });
});
