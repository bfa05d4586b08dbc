import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { AdrRepository } from '../../src/db/adr-repository.js';
import { COPIED_TABLES } from '../../src/db/copy-to-postgres.js';
import { migrate } from '../../src/db/migrate.js';
import { type Db, openDatabase } from '../../src/db/open.js';
import { openPostgresStore } from '../../src/db/postgres/store.js';
import type { DataStore } from '../../src/db/store.js';
import { createPostgresDatabase } from '../support/postgres.js';
import { adrContent, proposeThroughStore } from '../support/store-writes.js';
import { storeOf } from '../support/stores.js';

// `adr-assistant copy-to-postgres`: a SQLite decision log with rows in every table moves into PostgreSQL, the
// counts of every table checked, search rebuilt, numbering and ids continuing where SQLite left off.

const now = new Date('2024-05-01T10:00:00Z');
let path: string;
let sqlite: Db;
let url: string;
let target: DataStore | null = null;

function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return runCli(argv, {}, { out: (line) => out.push(line), err: (line) => err.push(line) }).then((code) => ({
    code,
    out: out.join('\n'),
    err: err.join('\n'),
  }));
}

/** A log as the app leaves it: ADRs with history and search rows, and at least one row in every other table. */
async function seed(db: Db): Promise<void> {
  const adrs = new AdrRepository(storeOf(db));
  for (const [team, title] of [
    ['T1', 'Use Postgres for orders'],
    ['T1', 'Caching layer'],
    ['T1', 'Kafka for events'],
    ['T2', 'Postgres everywhere'],
  ] as const) {
    await adrs.propose({
      teamId: team,
      content: adrContent(title, `Why ${title}?`),
      authorId: 'U1',
      channelId: 'C1',
      now,
    });
  }
  await adrs.changeStatus('T1', [{ number: 1, from: 'proposed', to: 'accepted' }], 'U1', now);
  const at = now.toISOString();
  db.exec(`
    INSERT INTO drafts (team_id, user_id, content_json, created_at, updated_at) VALUES ('T1', 'U1', '{}', '${at}', '${at}');
    INSERT INTO workspace_criteria VALUES ('T1', '[]', 'U1', '${at}');
    INSERT INTO scoring_matrices (team_id, adr_number, criteria_json, created_at, updated_at) VALUES ('T1', 2, '[]', '${at}', '${at}');
    INSERT INTO scores (team_id, adr_number, scorer_id, option, criterion_id, value, updated_at)
      VALUES ('T1', 2, 'U1', 'Option A', 'cost', 4, '${at}');
    INSERT INTO workspace_settings (team_id, decisions_channel_id, updated_at) VALUES ('T1', 'C_DECISIONS', '${at}');
    INSERT INTO approvals (team_id, adr_number, decider_id, requested_by, requested_at) VALUES ('T1', 2, 'U2', 'U1', '${at}');
    INSERT INTO adr_reviews VALUES ('T1', 1, '${at}', NULL, 'U1', '${at}');
    INSERT INTO outbox (team_id, kind, adr_number, channel_id, next_attempt_at, created_at, updated_at)
      VALUES ('T1', 'announce_accepted', 1, 'C_DECISIONS', '${at}', '${at}', '${at}');
    INSERT INTO user_preferences VALUES ('T1', 'U1', 'accepted', '${at}');
    INSERT INTO installations (team_id, sealed_installation, installed_at, updated_at) VALUES ('T1', 'sealed', '${at}', '${at}');
    INSERT INTO processed_events VALUES ('Ev1', 'T1', 'app_home_opened', '${at}');
    INSERT INTO adr_relations VALUES ('T1', 2, 'Amends', 1, 0);
    INSERT INTO repository_settings VALUES ('T1', 'github', 'acme/adr', 'main', 'docs/adr', 'madr', NULL, 'sealed', 'U1', '${at}');
    INSERT INTO publish_jobs (team_id, adr_number, reason, adr_numbers_json, branch, actor_id, next_attempt_at, created_at, updated_at)
      VALUES ('T1', 1, 'accepted', '[1]', 'adr/001-use-postgres', 'U1', '${at}', '${at}', '${at}');
    INSERT INTO published_files VALUES ('T1', 'acme/adr', 'docs/adr/0001-use-postgres.md', 'abc123', '${at}');
    INSERT INTO thread_offers (team_id, channel_id, thread_ts, state, offered_to, offered_at)
      VALUES ('T1', 'C1', '1700000000.000100', 'offered', 'U1', '${at}');
  `);
}

beforeEach(async () => {
  path = join(mkdtempSync(join(tmpdir(), 'adr-copy-')), 'adr.sqlite');
  sqlite = openDatabase(path);
  migrate(sqlite);
  url = await createPostgresDatabase({ migrated: false });
});

afterEach(async () => {
  sqlite.close();
  await target?.close();
  target = null;
});

describe('copy-to-postgres', () => {
  it('copies every table, checks the counts, and leaves search, numbering and ids working on PostgreSQL', async () => {
    await seed(sqlite);
    for (const table of COPIED_TABLES) {
      expect(sqlite.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get(), table).toBeGreaterThan(0);
    }
    const result = await cli('copy-to-postgres', '--db', path, '--database-url', url);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain('adrs: 4 in SQLite, 4 in PostgreSQL');
    expect(result.out).toContain('search index: 4 in SQLite, 4 in PostgreSQL');
    expect(result.out).toContain('every count matches');

    target = openPostgresStore(url);
    const store = target;
    const hits = await store.search.search(store.db, 'T1', 'postgres', 10);
    expect(hits.map((hit) => [hit.number, hit.status])).toEqual([[1, 'accepted']]);
    expect(
      await store.db.selectFrom('adr_status_counts').selectAll().orderBy('team_id').orderBy('status').execute(),
    ).toEqual([
      { team_id: 'T1', status: 'accepted', count: 1 },
      { team_id: 'T1', status: 'proposed', count: 2 },
      { team_id: 'T2', status: 'proposed', count: 1 },
    ]);
    // Numbering and identity columns carry on after the copied rows.
    expect(await proposeThroughStore(store, 'T1', adrContent('After the move'))).toBe(4);
    const ids = await store.db.selectFrom('adrs').select('id').orderBy('id').execute();
    expect(ids.map((row) => row.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses a PostgreSQL database that already has data, and copies nothing', async () => {
    await seed(sqlite);
    expect((await cli('copy-to-postgres', '--db', path, '--database-url', url)).code).toBe(0);
    const again = await cli('copy-to-postgres', '--db', path, '--database-url', url);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/not empty: workspaces has rows/);
  });

  it('refuses a SQLite database with a table it does not know, before writing anything', async () => {
    await seed(sqlite);
    sqlite.exec('CREATE TABLE team_notes (team_id TEXT, note TEXT)');
    const result = await cli('copy-to-postgres', '--db', path, '--database-url', url);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/tables this version cannot copy: team_notes/);
    target = openPostgresStore(url);
    expect(await target.currentVersion()).toBe(0);
  });

  it('explains what it needs', async () => {
    expect((await cli('copy-to-postgres', '--db', path)).err).toMatch(/needs --database-url/);
    expect((await cli('copy-to-postgres', '--db', join(path, 'missing.sqlite'), '--database-url', url)).code).toBe(1);
    const backup = await cli('backup', '--out', '/tmp/x.sqlite', '--database-url', url);
    expect(backup.code).toBe(2);
    expect(backup.err).toMatch(
      /backup works on a SQLite database \(--db\): a PostgreSQL database is backed up with its own tools \(pg_dump/,
    );
    const unmigrated = await cli('export', '--team', 'T1', '--out', '/tmp/x', '--database-url', url);
    expect(unmigrated.code).toBe(1);
    expect(unmigrated.err).toMatch(
      /holds no ADR Assistant schema: `adr-assistant migrate --database-url URL` creates it/,
    );
  });

  it('exports, imports and purges a workspace on PostgreSQL with --database-url, as on a SQLite file', async () => {
    await seed(sqlite);
    expect((await cli('copy-to-postgres', '--db', path, '--database-url', url)).code).toBe(0);
    const out = mkdtempSync(join(tmpdir(), 'adr-pg-export-'));
    const exported = await cli('export', '--team', 'T1', '--out', out, '--database-url', url);
    expect(exported.out).toBe(`Wrote 3 ADR file(s) of workspace T1 to ${out} (seed format).`);
    expect(readdirSync(out).sort()).toEqual([
      '0001-use-postgres-for-orders.md',
      '0002-caching-layer.md',
      '0003-kafka-for-events.md',
    ]);
    const unknown = await cli('export', '--team', 'T9', '--out', out, '--database-url', url);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(
      /Workspace T9 is not in PostgreSQL database \S+ on localhost: workspaces present: T1 \(3 ADRs\), T2 \(1 ADR\)/,
    );

    const imported = await cli('import', '--team', 'T3', '--new-workspace', out, '--database-url', url);
    expect(imported.code).toBe(0);
    expect(imported.out).toContain('3 imported, 0 skipped, 0 conflict(s)');
    target = openPostgresStore(url);
    const titles = await target.db
      .selectFrom('adrs')
      .select('title')
      .where('team_id', '=', 'T3')
      .orderBy('number')
      .execute();
    expect(titles.map((row) => row.title)).toEqual(['Use Postgres for orders', 'Caching layer', 'Kafka for events']);
    expect((await target.search.search(target.db, 'T3', 'kafka', 10)).map((hit) => hit.number)).toEqual([3]);

    const dryRun = await cli('purge', '--team', 'T3', '--database-url', url);
    expect(dryRun.code).toBe(1);
    expect(dryRun.err).toMatch(/Would delete every row of workspace T3:[\s\S]*adrs: 3/);
    expect((await cli('purge', '--team', 'T3', '--yes', '--database-url', url)).code).toBe(0);
    expect(await target.db.selectFrom('adrs').select('id').where('team_id', '=', 'T3').execute()).toEqual([]);
    expect((await target.db.selectFrom('adrs').select('id').execute()).length).toBe(4);
  });

  it('migrates a PostgreSQL database with `migrate --database-url`', async () => {
    const first = await cli('migrate', '--database-url', url);
    expect(first.out).toMatch(/Applied \d+ migration\(s\) to PostgreSQL: 0001_decisions\.sql/);
    expect((await cli('migrate', '--database-url', url)).out).toMatch(/up to date \(schema version 15\)/);
  });
});
