import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdrRepository } from '../../../src/db/adr-repository.js';
import { databaseRevisionOf, sameRevision } from '../../../src/db/revision.js';
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
