import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdrRepository } from '../../../src/db/adr-repository.js';
import { databaseRevisionOf, MAX_READS_IN_FLIGHT, PostgresRevision, sameRevision } from '../../../src/db/revision.js';
import type { DataStore } from '../../../src/db/store.js';
import { emptyContent } from '../../../src/domain/adr.js';
import { DecisionService } from '../../../src/services/decision-service.js';
import { RelatedService } from '../../../src/services/related-service.js';
import { AnswerCache } from '../../../src/slack/answer-cache.js';
import { ENGINES, openTestStore, type TestStore } from '../../support/postgres.js';

const NOW = new Date('2026-03-01T10:00:00Z');

const propose = (store: DataStore, title: string, links: string[] = []) =>
  new AdrRepository(store).propose({
    teamId: 'T_A',
    content: { ...emptyContent(title), links },
    authorId: 'U1',
    channelId: null,
    now: NOW,
  });

const addWorkspace = (store: DataStore, teamId: string) =>
  store.db.insertInto('workspaces').values({ team_id: teamId, created_at: NOW.toISOString() }).execute();

describe.each(ENGINES)('on %s', (engine) => {
  let test: TestStore;
  let mine: DataStore;
  // Another process or instance on the same database: the CLI's import, a second app.
  let other: DataStore;

  beforeEach(async () => {
    test = await openTestStore(engine);
    mine = test.store;
    other = test.openAnother();
  });

  afterEach(async () => {
    await test.close();
  });

  describe('DatabaseRevision', () => {
    it('moves with a change made here or by another connection, in any table, and not otherwise', async () => {
      const revision = databaseRevisionOf(mine);
      const first = await revision.current();
      if (!first) throw new Error('outside a transaction there is a revision');
      expect(sameRevision(first, (await revision.current()) ?? first)).toBe(true);
      await addWorkspace(mine, 'T_HERE');
      const afterMine = (await revision.current()) ?? first;
      expect(sameRevision(first, afterMine)).toBe(false);
      await addWorkspace(other, 'T_THERE');
      expect(sameRevision(afterMine, (await revision.current()) ?? afterMine)).toBe(false);
    });

    it.runIf(engine === 'postgres')(
      'shares a read among callers that ask while one is on its way, and never hands one a read sent before it asked',
      async () => {
        const reads = new HeldReads(mine.readSnapshot ?? expect.fail('a snapshot reader'));
        const revision = databaseRevisionOf({ ...mine, readSnapshot: () => reads.read() });
        const before = (await revision.current()) ?? expect.fail('a revision');
        reads.hold();
        const early = revision.current();
        await reads.arrived;
        // Committed after the held read ran on the server, before these callers asked.
        await addWorkspace(other, 'T_LATER');
        const later = Array.from({ length: 20 }, () => revision.current());
        reads.release();
        const earlyRevision = (await early) ?? expect.fail('a revision');
        const laterRevisions = await Promise.all(later);
        expect(sameRevision(before, earlyRevision)).toBe(true);
        for (const seen of laterRevisions) {
          expect(sameRevision(earlyRevision, seen ?? earlyRevision)).toBe(false);
        }
        // The first read, the held one, then one for the twenty that asked while it was held.
        expect(reads.count).toBe(3);
      },
    );

    it('has none inside a transaction, whose reads may still be rolled back', async () => {
      const revision = databaseRevisionOf(mine);
      await mine.transaction(async () => {
        expect(await revision.current()).toBeNull();
      });
    });
  });

  describe('AnswerCache', () => {
    it('builds again after any change to the database, and keeps nothing built inside a transaction', async () => {
      const answers = new AnswerCache(databaseRevisionOf(mine));
      let builds = 0;
      const count = () =>
        answers.get('count', async () => {
          builds++;
          const row = await mine
            .query()
            .selectFrom('adrs')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirst();
          return Number(row?.n ?? 0);
        });
      expect(await count()).toBe(0);
      expect(await count()).toBe(0);
      expect(builds).toBe(1);
      await propose(other, 'Written by another process');
      expect(await count()).toBe(1);
      await propose(mine, 'Written here');
      expect(await count()).toBe(2);
      expect(builds).toBe(3);
      await mine.transaction(() => count());
      await mine.transaction(() => count());
      expect(builds).toBe(5);
    });
  });

  describe('RelatedService', () => {
    it('sees Links another process wrote, both ways, and an ADR changed here', async () => {
      await propose(mine, 'Use PostgreSQL');
      await propose(mine, 'Partition orders', ['Related: ADR-001']);
      const adrs = new AdrRepository(mine);
      const related = new RelatedService(adrs, new DecisionService(adrs, () => NOW));
      const first = async () => (await adrs.find('T_A', 1)) ?? expect.fail('ADR-001 is stored');
      const numbers = async () => (await related.bothWays(await first())).map((adr) => adr.number);
      expect(await numbers()).toEqual([2]);
      await propose(other, 'Read replicas', ['See also ADR-1']);
      expect(await numbers()).toEqual([2, 3]);
      await adrs.updateContent('T_A', 2, emptyContent('Partition orders'), NOW);
      expect(await numbers()).toEqual([3]);
    });
  });
});

describe('PostgresRevision', () => {
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  const turns = async (count: number) => {
    for (let i = 0; i < count; i++) await turn();
  };

  it('sends a read beside those on their way, at most MAX_READS_IN_FLIGHT, each shared by whoever asked before it went out', async () => {
    const answers: Array<(snapshot: string) => void> = [];
    const revision = new PostgresRevision(
      { inTransaction: () => false },
      () => new Promise<string>((resolve) => answers.push(resolve)),
    );
    const asked: Promise<unknown>[][] = [];
    for (let i = 0; i < MAX_READS_IN_FLIGHT + 2; i++) {
      asked.push([revision.current(), revision.current()]);
      await turns(3);
    }
    // One read per turn while there was room; the last two turns' callers wait together for the next free one.
    expect(answers).toHaveLength(MAX_READS_IN_FLIGHT);
    answers[1]?.('snapshot 2');
    await turns(3);
    expect(answers).toHaveLength(MAX_READS_IN_FLIGHT + 1);
    answers.forEach((answer, i) => {
      answer(`snapshot ${i + 1}`);
    });
    const seen = await Promise.all(asked.map((callers) => Promise.all(callers)));
    const versions = seen.map((callers) => callers.map((r) => (r as { version: string }).version));
    expect(versions).toEqual([
      ['snapshot 1', 'snapshot 1'],
      ['snapshot 2', 'snapshot 2'],
      ['snapshot 3', 'snapshot 3'],
      ['snapshot 4', 'snapshot 4'],
      ['snapshot 4', 'snapshot 4'],
    ]);
  });
});

/** Counts the snapshot reads, and can hold the next one's answer back after the server gave it. */
class HeldReads {
  count = 0;
  arrived: Promise<void> = Promise.resolve();
  private signalArrived = () => {};
  private gate: Promise<void> | null = null;
  private open = () => {};

  constructor(private readonly readSnapshot: () => Promise<string | null>) {}

  hold(): void {
    this.arrived = new Promise((resolve) => {
      this.signalArrived = resolve;
    });
    this.gate = new Promise((resolve) => {
      this.open = resolve;
    });
  }

  release(): void {
    this.open();
  }

  async read(): Promise<string | null> {
    const snapshot = await this.readSnapshot();
    this.count++;
    const gate = this.gate;
    if (gate) {
      this.gate = null;
      this.signalArrived();
      await gate;
    }
    return snapshot;
  }
}
