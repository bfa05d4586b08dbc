import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AdrRepository } from '../../src/db/adr-repository.js';
import { migrate } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open.js';
import { emptyContent } from '../../src/domain/adr.js';
import { storeOf } from '../support/stores.js';

function run(args: string[]): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [
      '--import',
      import.meta.resolve('tsx'),
      join(import.meta.dirname, 'fixtures/propose-many.ts'),
      ...args,
    ]);
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as number[]) : reject(new Error(err))));
  });
}

describe('ADR numbering under concurrent proposals', () => {
  it('hands out unique, gap-free numbers to four processes writing the same file at once', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'adr-numbering-')), 'adr.sqlite');
    const db = openDatabase(path);
    migrate(db);
    db.close();

    const perProcess = 60;
    const results = await Promise.all(
      ['a', 'b', 'c', 'd'].map((worker) => run([path, 'T_RACE', String(perProcess), worker])),
    );
    const all = results.flat().sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 4 * perProcess }, (_, i) => i + 1));
    for (const numbers of results) expect(numbers).toEqual([...numbers].sort((x, y) => x - y));

    const check = openDatabase(path);
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((await new AdrRepository(storeOf(check)).list('T_RACE', { status: null, limit: 1, offset: 0 })).total).toBe(
      4 * perProcess,
    );
    check.close();
  });

  it('never reuses a number, even after the newest ADR is imported over a gap', async () => {
    const db = openDatabase(':memory:');
    migrate(db);
    const adrs = new AdrRepository(storeOf(db));
    const now = new Date('2026-01-01T00:00:00Z');
    const base = { teamId: 'T1', authorId: 'U1', channelId: null, now };
    const content = emptyContent('x');
    expect((await adrs.propose({ ...base, content })).number).toBe(1);
    await adrs.insertImported({
      teamId: 'T1',
      number: 9,
      content,
      status: 'accepted',
      supersededBy: null,
      date: '2020-01-01',
      authorId: 'import',
      now,
    });
    expect((await adrs.propose({ ...base, content })).number).toBe(10);
  });
});
