import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AdrRepository } from '../../../src/db/adr-repository.js';
import { MIGRATIONS_DIR, migrate, readMigrations } from '../../../src/db/migrate.js';
import { openDatabase } from '../../../src/db/open.js';
import { emptyContent } from '../../../src/domain/adr.js';
import { storeOf } from '../../support/stores.js';

/** Migration 0010 rebuilds `adrs` with foreign keys off: everything that points at an ADR must survive it. */
describe('migration 0010 (adrs rebuilt for number 0 and unknown dates)', () => {
  it('keeps every ADR, its history, scores, search rows and status counts, and foreign keys stay on', async () => {
    const before = mkdtempSync(join(tmpdir(), 'adr-migrations-'));
    for (const migration of readMigrations().filter((m) => m.version < 10)) {
      copyFileSync(join(MIGRATIONS_DIR, migration.name), join(before, migration.name));
    }
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'adr-rebuild-')), 'adr.sqlite'));
    migrate(db, before);
    const now = new Date('2026-01-01T00:00:00Z');
    const propose = db.prepare(`INSERT INTO adrs (team_id, number, title, status, author_id, date, content_json,
      created_at, updated_at) VALUES ('T1', ?, ?, 'proposed', 'U1', '2026-01-01', ?, ?, ?)`);
    db.prepare("INSERT INTO workspaces (team_id, next_number, created_at) VALUES ('T1', 3, ?)").run(now.toISOString());
    for (const number of [1, 2]) {
      propose.run(
        number,
        `Use cache ${number}`,
        JSON.stringify(emptyContent(`Use cache ${number}`)),
        now.toISOString(),
        now.toISOString(),
      );
    }
    db.prepare(`INSERT INTO status_changes (team_id, adr_number, from_status, to_status, actor_id, at)
      VALUES ('T1', 1, NULL, 'proposed', 'U1', ?)`).run(now.toISOString());

    migrate(db);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const adrs = new AdrRepository(storeOf(db));
    expect((await adrs.all('T1')).map((adr) => [adr.number, adr.title, adr.date])).toEqual([
      [1, 'Use cache 1', '2026-01-01'],
      [2, 'Use cache 2', '2026-01-01'],
    ]);
    expect(await adrs.history('T1', 1)).toHaveLength(1);
    expect((await adrs.list('T1', { status: 'proposed', limit: 10, offset: 0 })).total).toBe(2);

    // What the rebuild allows: number 0 and no date, and the counts and cascades still work.
    await adrs.insertImported({
      teamId: 'T1',
      number: 0,
      content: emptyContent('Use MADR'),
      status: 'accepted',
      supersededBy: null,
      date: null,
      authorId: 'import',
      now,
    });
    expect(await adrs.find('T1', 0)).toMatchObject({ number: 0, date: null, title: 'Use MADR' });
    expect((await adrs.list('T1', { status: null, limit: 10, offset: 0 })).total).toBe(3);
    db.prepare("DELETE FROM adrs WHERE team_id = 'T1' AND number = 1").run();
    expect(await adrs.history('T1', 1)).toEqual([]);
  });
});
