import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdrRepository, SEARCH_MARK_END, SEARCH_MARK_START, searchTeamToken } from '../../src/db/adr-repository.js';
import { MIGRATIONS_DIR, migrate } from '../../src/db/migrate.js';
import { type Db, openDatabase } from '../../src/db/open.js';
import { type AdrContent, emptyContent } from '../../src/domain/adr.js';

// Migration 0006 keys the search index by adrs.id and scopes searches to a workspace inside the index.

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

function propose(teamId: string, title: string, context = '') {
  return adrs.propose({ teamId, content: content(title, context), authorId: 'U_ALICE', channelId: null, now });
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
    adrs = new AdrRepository(db);
  });

  it('keeps workspaces apart even when the stemmer would fold their ids together', () => {
    // Porter stems "t0abcs" to "t0abc": raw team ids as tokens would put both workspaces under one token.
    propose('T0ABC', 'Edge', 'We cache everything at the edge.');
    for (let i = 0; i < 3; i++) propose('T0ABCS', `Cache cache cache ${i}`);
    const inIndex = (teamId: string) =>
      db
        .prepare('SELECT team_id FROM adr_search WHERE adr_search MATCH ?')
        .pluck()
        .all(`team : "${searchTeamToken(teamId)}"`);
    expect(inIndex('T0ABC')).toEqual(['T0ABC']);
    expect(inIndex('T0ABCS')).toEqual(['T0ABCS', 'T0ABCS', 'T0ABCS']);
    expect(adrs.search('T0ABC', 'cache', 2).map((hit) => [hit.number, hit.title])).toEqual([[1, 'Edge']]);
    expect(adrs.search('T0ABCS', 'cache', 10)).toHaveLength(3);
    expect(searchTeamToken('T0ABC')).not.toBe(searchTeamToken('T0ABCS'));
  });

  it('never matches the workspace token itself, and snippets come from the ADR text', () => {
    propose('T0ABC', 'Kafka for order events');
    // A prefix of the stored token, and the team id: neither is in any ADR's text.
    expect(adrs.search('T0ABC', searchTeamToken('T0ABC').slice(0, 6))).toEqual([]);
    expect(adrs.search('T0ABC', 'T0ABC')).toEqual([]);
    const [hit] = adrs.search('T0ABC', 'kafka');
    expect(hit?.snippet).toContain(`${SEARCH_MARK_START}Kafka${SEARCH_MARK_END}`);
    expect(hit?.snippet).not.toContain(searchTeamToken('T0ABC'));
  });

  it('ranks title matches above context matches', () => {
    propose('T1', 'Logging pipeline', 'We also talk about Postgres here.');
    propose('T1', 'Use Postgres for orders', 'Orders need transactions.');
    expect(adrs.search('T1', 'postgres').map((hit) => hit.number)).toEqual([2, 1]);
  });

  it('re-indexes an edited ADR in place: new words found, old words gone, one index row', () => {
    const adr = propose('T1', 'Adopt RabbitMQ');
    propose('T1', 'Adopt something else');
    adrs.updateContent('T1', adr.number, content('Adopt Kafka'), now);
    expect(adrs.search('T1', 'rabbitmq')).toEqual([]);
    expect(adrs.search('T1', 'kafka').map((hit) => hit.number)).toEqual([adr.number]);
    const id = db.prepare('SELECT id FROM adrs WHERE team_id = ? AND number = ?').pluck().get('T1', adr.number);
    expect(db.prepare('SELECT COUNT(*) FROM adr_search WHERE rowid = ?').pluck().get(id)).toBe(1);
    expect(db.prepare('SELECT COUNT(*) FROM adr_search').pluck().get()).toBe(2);
  });
});

describe('migration 0006', () => {
  it('moves ADRs indexed before it into the new index, still searchable per workspace', () => {
    const first = mkdtempSync(join(tmpdir(), 'adr-migrations-'));
    copyFileSync(join(MIGRATIONS_DIR, '0001_decisions.sql'), join(first, '0001_decisions.sql'));
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
    adrs = new AdrRepository(db);
    expect(db.prepare('SELECT rowid, team_id, number FROM adr_search ORDER BY rowid').all()).toEqual([
      { rowid: 10, team_id: 'T1', number: 1 },
      { rowid: 11, team_id: 'T2', number: 1 },
      { rowid: 12, team_id: 'T1', number: 2 },
    ]);
    expect(adrs.search('T1', 'redis').map((hit) => hit.title)).toEqual(['Use Redis for sessions']);
    expect(adrs.search('T1', 'sessions').map((hit) => hit.number)).toEqual([1, 2]);
    expect(adrs.search('T2', 'redis').map((hit) => hit.title)).toEqual(['Use Redis for queues']);
  });
});
