import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAdr, seededRandom } from '../../bench/content.js';
import {
  AdrRepository,
  SEARCH_MARK_END,
  SEARCH_MARK_START,
  searchTeamToken,
  toFtsQuery,
} from '../../src/db/adr-repository.js';
import { MIGRATIONS_DIR, migrate, readMigrations } from '../../src/db/migrate.js';
import { type Db, openDatabase } from '../../src/db/open.js';
import { type AdrContent, emptyContent } from '../../src/domain/adr.js';
import { storeOf } from '../support/stores.js';

// Migration 0006 keys the search index by adrs.id and scopes searches to a workspace inside the index; 0007 adds
// prefix indexes and a workspace token that query terms cannot match.

/** A folder with the project's migrations up to `version`, to build a database as an older release left it. */
function migrationsUpTo(version: number): string {
  const folder = mkdtempSync(join(tmpdir(), 'adr-migrations-'));
  for (const migration of readMigrations().filter((m) => m.version <= version)) {
    copyFileSync(join(MIGRATIONS_DIR, migration.name), join(folder, migration.name));
  }
  return folder;
}

let dir: string;
let db: Db;
let adrs: AdrRepository;
const now = new Date('2024-05-01T10:00:00Z');

function content(title: string, context = ''): AdrContent {
  return {
    ...emptyContent(title),
    context,
    options: [
      { name: 'Option A', pros: [], cons: [] },
      { name: 'Option B', pros: [], cons: [] },
    ],
  };
}

async function propose(teamId: string, title: string, context = '') {
  return await adrs.propose({ teamId, content: content(title, context), authorId: 'U_ALICE', channelId: null, now });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'adr-search-'));
  db = openDatabase(join(dir, 'adr.sqlite'));
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('search index', () => {
  beforeEach(() => {
    migrate(db);
    adrs = new AdrRepository(storeOf(db));
  });

  it('keeps workspaces apart even when the stemmer would fold their ids together', async () => {
    // Porter stems "t0abcs" to "t0abc": raw team ids as tokens would put both workspaces under one token.
    await propose('T0ABC', 'Edge', 'We cache everything at the edge.');
    for (let i = 0; i < 3; i++) await propose('T0ABCS', `Cache cache cache ${i}`);
    const inIndex = (teamId: string) =>
      db
        .prepare('SELECT team_id FROM adr_search WHERE adr_search MATCH ?')
        .pluck()
        .all(`team : "${searchTeamToken(teamId)}"`);
    expect(inIndex('T0ABC')).toEqual(['T0ABC']);
    expect(inIndex('T0ABCS')).toEqual(['T0ABCS', 'T0ABCS', 'T0ABCS']);
    expect((await adrs.search('T0ABC', 'cache', 2)).map((hit) => [hit.number, hit.title])).toEqual([[1, 'Edge']]);
    expect(await adrs.search('T0ABCS', 'cache', 10)).toHaveLength(3);
    expect(searchTeamToken('T0ABC')).not.toBe(searchTeamToken('T0ABCS'));
  });

  it('never matches the workspace token with hex-looking terms, nor text that spells another workspace’s token', async () => {
    await propose('T0ABC', 'Kafka for order events', 'Partition key 5430 is an id, not a workspace.');
    // Another workspace's ADR whose text spells T0ABC's token: text columns never stand in for the `team` column.
    await propose('T_OTHER', `Kafka ${searchTeamToken('T0ABC')}`, searchTeamToken('T0ABC'));
    const hexOfTeam = searchTeamToken('T0ABC').slice(1);
    expect((await adrs.search('T0ABC', 'kafka')).map((hit) => hit.title)).toEqual(['Kafka for order events']);
    expect((await adrs.search('T0ABC', '54')).map((hit) => hit.number)).toEqual([1]);
    expect(await adrs.search('T0ABC', hexOfTeam)).toEqual([]);
    expect(await adrs.search('T_OTHER', '54')).toEqual([]);
    expect((await adrs.search('T_OTHER', 'kafka')).map((hit) => hit.title)).toEqual([
      `Kafka ${searchTeamToken('T0ABC')}`,
    ]);
  });

  it('never matches the workspace token itself, and snippets come from the ADR text', async () => {
    await propose('T0ABC', 'Kafka for order events');
    // A prefix of the stored token, and the team id: neither is in any ADR's text.
    expect(await adrs.search('T0ABC', searchTeamToken('T0ABC').slice(0, 6))).toEqual([]);
    expect(await adrs.search('T0ABC', 'T0ABC')).toEqual([]);
    const [hit] = await adrs.search('T0ABC', 'kafka');
    expect(hit?.snippet).toContain(`${SEARCH_MARK_START}Kafka${SEARCH_MARK_END}`);
    expect(hit?.snippet).not.toContain(searchTeamToken('T0ABC'));
  });

  it('ranks title matches above context matches', async () => {
    await propose('T1', 'Logging pipeline', 'We also talk about Postgres here.');
    await propose('T1', 'Use Postgres for orders', 'Orders need transactions.');
    expect((await adrs.search('T1', 'postgres')).map((hit) => hit.number)).toEqual([2, 1]);
  });

  it('re-indexes an edited ADR in place: new words found, old words gone, one index row', async () => {
    const adr = await propose('T1', 'Adopt RabbitMQ');
    await propose('T1', 'Adopt something else');
    await adrs.updateContent('T1', adr.number, content('Adopt Kafka'), now);
    expect(await adrs.search('T1', 'rabbitmq')).toEqual([]);
    expect((await adrs.search('T1', 'kafka')).map((hit) => hit.number)).toEqual([adr.number]);
    const id = db.prepare('SELECT id FROM adrs WHERE team_id = ? AND number = ?').pluck().get('T1', adr.number);
    expect(db.prepare('SELECT COUNT(*) FROM adr_search WHERE rowid = ?').pluck().get(id)).toBe(1);
    expect(db.prepare('SELECT COUNT(*) FROM adr_search').pluck().get()).toBe(2);
  });
});

describe('migration 0006', () => {
  it('moves ADRs indexed before it into the new index, still searchable per workspace', async () => {
    const first = migrationsUpTo(1);
    migrate(db, first);
    // Rows as the repository wrote them before 0006: search rowids unrelated to adrs.id.
    db.exec(`
      INSERT INTO workspaces (team_id, next_number, created_at) VALUES ('T1', 3, 'x'), ('T2', 2, 'x');
      INSERT INTO adrs (id, team_id, number, title, status, author_id, date, content_json, created_at, updated_at)
      VALUES (10, 'T1', 1, 'Use Redis for sessions', 'accepted', 'U1', '2024-01-01', '{}', 'x', 'x'),
             (11, 'T2', 1, 'Use Redis for queues', 'proposed', 'U1', '2024-01-01', '{}', 'x', 'x'),
             (12, 'T1', 2, 'Use Postgres', 'proposed', 'U1', '2024-01-01', '{}', 'x', 'x');
      INSERT INTO adr_search (rowid, team_id, number, title, context, drivers, options, outcome)
      VALUES (1, 'T2', 1, 'Use Redis for queues', '', '', '', ''),
             (2, 'T1', 2, 'Use Postgres', 'sessions live elsewhere', '', '', ''),
             (3, 'T1', 1, 'Use Redis for sessions', '', '', '', '');
    `);
    rmSync(first, { recursive: true, force: true });

    migrate(db);
    adrs = new AdrRepository(storeOf(db));
    expect(db.prepare('SELECT rowid, team_id, number FROM adr_search ORDER BY rowid').all()).toEqual([
      { rowid: 10, team_id: 'T1', number: 1 },
      { rowid: 11, team_id: 'T2', number: 1 },
      { rowid: 12, team_id: 'T1', number: 2 },
    ]);
    expect((await adrs.search('T1', 'redis')).map((hit) => hit.title)).toEqual(['Use Redis for sessions']);
    expect((await adrs.search('T1', 'sessions')).map((hit) => hit.number)).toEqual([1, 2]);
    expect((await adrs.search('T2', 'redis')).map((hit) => hit.title)).toEqual(['Use Redis for queues']);
  });
});

describe('migration 0007', () => {
  const TEAMS = ['T0ABC', 'T0ABCS', 'E0ENTERPRISE'];
  const QUERIES = [
    'database',
    'latency',
    'cache',
    'team',
    'team production',
    'scaling writes',
    'cache latency',
    'postgres',
    'kafka queue',
    'a',
    'se',
    'servic',
    'operational cost',
    'audit trail compliance',
    'zzz',
    '54',
    'the and',
  ];

  it('re-indexes every ADR with prefix indexes: the same hits, order and snippets as before it', async () => {
    const old = migrationsUpTo(6);
    migrate(db, old);
    rmSync(old, { recursive: true, force: true });
    // Rows as the repository wrote them at 0006: the workspace token without '¤'.
    for (const teamId of TEAMS) {
      db.prepare("INSERT INTO workspaces (team_id, next_number, created_at) VALUES (?, 100, 'x')").run(teamId);
    }
    const random = seededRandom(5);
    const insertAdr = db.prepare(`INSERT INTO adrs (team_id, number, title, status, author_id, date, content_json,
      created_at, updated_at) VALUES (?, ?, ?, 'proposed', 'U1', '2024-01-01', ?, 'x', 'x')`);
    const insertSearch = db.prepare(`INSERT INTO adr_search
      (rowid, team_id, number, title, context, drivers, options, outcome, team) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (let i = 0; i < 240; i++) {
      const teamId = TEAMS[i % TEAMS.length] as string;
      const number = Math.floor(i / TEAMS.length) + 1;
      const { content } = makeAdr(random);
      const id = insertAdr.run(teamId, number, content.title, JSON.stringify(content)).lastInsertRowid;
      insertSearch.run(
        id,
        teamId,
        number,
        content.title,
        content.context,
        content.drivers.join('\n'),
        content.options.map((option) => [option.name, ...option.pros, ...option.cons].join('\n')).join('\n'),
        [content.chosenOption ?? '', content.justification].join('\n'),
        `${Buffer.from(teamId, 'utf8').toString('hex').toUpperCase()}0`,
      );
    }
    // The search as AdrRepository ran it at 0006.
    const searchAt0006 = db.prepare(`SELECT a.number,
        snippet(adr_search, -1, '${SEARCH_MARK_START}', '${SEARCH_MARK_END}', '…', 16) AS snippet
      FROM adr_search CROSS JOIN adrs a ON a.id = adr_search.rowid AND a.team_id = @teamId
      WHERE adr_search MATCH @query AND adr_search.rank MATCH 'bm25(0, 0, 10, 4, 3, 3, 3, 0)'
      ORDER BY adr_search.rank LIMIT 10`);
    const before = TEAMS.flatMap((teamId) =>
      QUERIES.map((text) =>
        searchAt0006.all({
          teamId,
          query: `team : "${Buffer.from(teamId, 'utf8').toString('hex').toUpperCase()}0" AND - team : (${toFtsQuery(text)})`,
        }),
      ),
    );
    expect(before.filter((hits) => hits.length === 10).length).toBeGreaterThan(20);

    expect(migrate(db).applied[0]).toBe('0007_search_prefix_index.sql');
    adrs = new AdrRepository(storeOf(db));
    const after: { number: number; snippet: string }[][] = [];
    for (const teamId of TEAMS) {
      for (const text of QUERIES) {
        after.push((await adrs.search(teamId, text, 10)).map(({ number, snippet }) => ({ number, snippet })));
      }
    }
    expect(after).toEqual(before);
    expect(db.prepare('SELECT COUNT(*) FROM adr_search').pluck().get()).toBe(240);
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'adr_search'").pluck().get()).toContain(
      "prefix = '3 4 5 6 7 8 9 10'",
    );
    expect(
      Object.fromEntries(db.prepare('SELECT k, v FROM adr_search_config').raw().all() as [string, number][]),
    ).toMatchObject({ automerge: 0, crisismerge: 256 });
    db.exec("INSERT INTO adr_search (adr_search) VALUES ('integrity-check')");
  });
});
