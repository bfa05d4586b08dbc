import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentVersion, MigrationError, migrate, readMigrations } from '../../../src/db/migrate.js';
import { openDatabase } from '../../../src/db/open.js';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'adr-migrations-'));
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

describe('migrate', () => {
  it('applies the project migrations in order and records them; a second run is a no-op', () => {
    const db = openDatabase(':memory:');
    const first = migrate(db);
    expect(first.applied).toEqual(readMigrations().map((m) => m.name));
    expect(migrate(db).applied).toEqual([]);
    expect(currentVersion(db)).toBe(first.version);
  });

  it('opens files with WAL, foreign keys and a busy timeout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'adr-open-'));
    const db = openDatabase(join(dir, 'nested', 'adr.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('leaves the database at the previous version when a migration fails, naming the file', () => {
    const dir = folder({
      '0001_first.sql': 'CREATE TABLE a (id INTEGER);',
      '0002_broken.sql': 'CREATE TABLE b (id INTEGER); INSERT INTO nowhere VALUES (1);',
      '0003_later.sql': 'CREATE TABLE c (id INTEGER);',
    });
    const db = openDatabase(':memory:');
    expect(() => migrate(db, dir)).toThrow(MigrationError);
    expect(() => migrate(db, dir)).toThrow(/0002_broken\.sql/);
    expect(currentVersion(db)).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toContain('a');
    expect(tables).not.toContain('b');
    expect(tables).not.toContain('c');
  });

  it('refuses badly named files and duplicate versions', () => {
    expect(() => readMigrations(folder({ 'init.sql': '' }))).toThrow(/0001_slug/);
    expect(() => readMigrations(folder({ '0001_a.sql': '', '0001_b.sql': '' }))).toThrow(/used twice/);
  });
});
