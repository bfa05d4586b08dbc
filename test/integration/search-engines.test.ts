import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heldBy } from '../../src/db/query-cache.js';
import { SEARCH_MARK_END, SEARCH_MARK_START, type SearchRow } from '../../src/db/store.js';
import { ENGINES, openTestStore, type TestStore } from '../support/postgres.js';
import { adrContent, proposeThroughStore } from '../support/store-writes.js';

// Search on both engines over the same ADRs: FTS5 on SQLite, tsvector + GIN on PostgreSQL. Same hits, the same
// order where the ranking is clear-cut, the same snippet marks, '…' where a section was cut, scoped to the
// workspace.

const LONG_CONTEXT =
  'We also talk about Postgres here. Caching of log lines is done in the agent, which buffers them for a while ' +
  'before it ships them to the central cluster over a long and winding network path.';

const CORPUS: [team: string, title: string, context: string][] = [
  ['T1', 'Use Postgres for orders', 'Orders need transactions and we cache nothing.'],
  ['T1', 'Logging pipeline', LONG_CONTEXT],
  ['T1', 'Caching layer', 'A Redis cluster in front of the catalogue service.'],
  ['T1', 'Café ordering', 'The cafe in the lobby takes orders through Slack.'],
  ['T2', 'Caching elsewhere', 'Another workspace caches and uses Postgres too.'],
  ['T1', 'The API gateway', 'There is a gateway; the team owns it.'],
];

const stores = new Map<string, TestStore>();

beforeAll(async () => {
  for (const engine of ENGINES) {
    const opened = await openTestStore(engine);
    stores.set(engine, opened);
    for (const [team, title, context] of CORPUS) {
      await proposeThroughStore(opened.store, team, adrContent(title, context));
    }
  }
});

afterAll(async () => {
  await Promise.all([...stores.values()].map((opened) => opened.close()));
});

function search(engine: string, teamId: string, text: string, limit = 10): Promise<SearchRow[]> {
  const opened = stores.get(engine);
  if (!opened) throw new Error(`no ${engine} store`);
  return opened.store.search.search(opened.store.db, teamId, text, limit);
}

function readable(snippet: string): string {
  return snippet.replaceAll(SEARCH_MARK_START, '[').replaceAll(SEARCH_MARK_END, ']');
}

describe('search on both engines', () => {
  it.each([
    'cache',
    'cach',
    'caching layer',
    'postgres',
    'redis cluster',
    'cafe',
    'café',
    'the',
    'orders',
    'ca',
    'lines agent',
    'option',
    'gateway team',
    'kafka',
  ])('finds the same ADRs for %j', async (text) => {
    const [sqlite, postgres] = await Promise.all(ENGINES.map((engine) => search(engine, 'T1', text)));
    const numbers = (hits: SearchRow[] | undefined) => (hits ?? []).map((hit) => hit.number).sort((a, b) => a - b);
    expect(numbers(postgres)).toEqual(numbers(sqlite));
  });

  describe.each(ENGINES)('%s', (engine) => {
    it('matches every term as a stemmed prefix, all required', async () => {
      const numbers = async (text: string) => (await search(engine, 'T1', text)).map((hit) => hit.number).sort();
      expect(await numbers('cach')).toEqual([1, 2, 3]);
      expect(await numbers('caching')).toEqual([1, 2, 3]);
      expect(await numbers('redis cluster')).toEqual([3]);
      expect(await numbers('redis kafka')).toEqual([]);
    });

    it('ignores accents, as FTS5 remove_diacritics does', async () => {
      expect((await search(engine, 'T1', 'cafe')).map((hit) => hit.number)).toEqual([4]);
      expect((await search(engine, 'T1', 'CAFÉ')).map((hit) => hit.number)).toEqual([4]);
    });

    it('ranks a title match above a context match', async () => {
      expect((await search(engine, 'T1', 'postgres')).map((hit) => hit.number)).toEqual([1, 2]);
      expect((await search(engine, 'T1', 'caching')).map((hit) => hit.number)[0]).toBe(3);
    });

    it('keeps workspaces apart', async () => {
      expect((await search(engine, 'T2', 'postgres')).map((hit) => hit.title)).toEqual(['Caching elsewhere']);
      expect(await search(engine, 'T_NONE', 'postgres')).toEqual([]);
    });

    it('marks the matched words in the best section, with … where it was cut', async () => {
      const [title] = await search(engine, 'T1', 'redis cluster');
      expect(readable(title?.snippet ?? '')).toBe('A [Redis] [cluster] in front of the catalogue service.');
      const long = (await search(engine, 'T1', 'lines agent'))[0];
      expect(readable(long?.snippet ?? '')).toMatch(/^….*\[lines\] is done in the \[agent\], which buffers.*…$/);
      const inTitle = (await search(engine, 'T1', 'postgres'))[0];
      expect(readable(inTitle?.snippet ?? '')).toBe('Use [Postgres] for orders');
    });

    it('treats query syntax as words, and finds nothing for nothing', async () => {
      expect(await search(engine, 'T1', '"x" OR NOT * :')).toEqual([]);
      expect(await search(engine, 'T1', "'); DROP TABLE adrs; --")).toEqual([]);
      expect(await search(engine, 'T1', ' ,;- ')).toEqual([]);
      expect((await search(engine, 'T1', 'postgres:* | nothing')).map((hit) => hit.number)).toEqual([1]);
    });

    it('returns at most `limit` hits, with the summary columns', async () => {
      const hits = await search(engine, 'T1', 'option', 2);
      expect(hits).toHaveLength(2);
      expect(hits[0]).toMatchObject({
        status: 'proposed',
        superseded_by: null,
        author_id: 'U_ALICE',
        date: '2024-05-01',
      });
    });

    it('re-indexes an ADR in place: new words found, old words gone', async () => {
      const opened = stores.get(engine);
      if (!opened) throw new Error('no store');
      const { store } = opened;
      const number = await proposeThroughStore(store, 'T3', adrContent('Adopt RabbitMQ'));
      const { id } = await store.db
        .selectFrom('adrs')
        .select('id')
        .where('team_id', '=', 'T3')
        .where('number', '=', number)
        .executeTakeFirstOrThrow();
      await store.locking.write((trx) =>
        store.search.put(heldBy(store, trx), {
          adrId: id,
          teamId: 'T3',
          number,
          title: 'Adopt Kafka',
          context: '',
          drivers: '',
          options: '',
          outcome: '',
        }),
      );
      expect(await search(engine, 'T3', 'rabbitmq')).toEqual([]);
      expect((await search(engine, 'T3', 'kafka')).map((hit) => hit.number)).toEqual([number]);
    });
  });
});
