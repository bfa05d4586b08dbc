import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { readMigrations } from '../../src/db/migrate.js';

const CLI = join(import.meta.dirname, '../../src/cli.ts');

function migrateIn(path: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), CLI, 'migrate', '--db', path]);
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('migrations started by several processes at once (two app instances, the app and the CLI)', () => {
  it('apply each file once and never fail because another process got there first', async () => {
    for (let round = 0; round < 3; round++) {
      const path = join(mkdtempSync(join(tmpdir(), 'adr-migrate-race-')), 'adr.sqlite');
      const results = await Promise.all(Array.from({ length: 4 }, () => migrateIn(path)));
      for (const result of results) expect(result.code, result.output).toBe(0);
      const db = new Database(path, { readonly: true });
      const names = db.prepare('SELECT name FROM schema_migrations ORDER BY version').pluck().all();
      db.close();
      expect(names).toEqual(readMigrations().map((migration) => migration.name));
    }
  }, 60_000);
});
