import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { AdrRepository } from '../../src/db/adr-repository.js';
import { migrate } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open.js';
import { emptyContent } from '../../src/domain/adr.js';

let dir: string;
let databasePath: string;

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
}

function seed(teams: Record<string, number>): void {
  const db = openDatabase(databasePath);
  migrate(db);
  const adrs = new AdrRepository(db);
  for (const [teamId, count] of Object.entries(teams)) {
    for (let index = 1; index <= count; index++) {
      adrs.propose({
        teamId,
        content: emptyContent(`${teamId} decision ${index}`),
        authorId: 'U1',
        channelId: null,
        now: new Date(),
      });
    }
  }
  db.close();
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'adr-cli-'));
  databasePath = join(dir, 'adr.sqlite');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('adr-assistant backup', () => {
  it('copies the live database with SQLite’s online backup while another connection writes', async () => {
    seed({ T1: 3 });
    const writer = openDatabase(databasePath);
    const adrs = new AdrRepository(writer);
    // A committed write still in the WAL of a connection that stays open (the running app) is in the copy.
    adrs.propose({
      teamId: 'T1',
      content: emptyContent('committed'),
      authorId: 'U1',
      channelId: null,
      now: new Date(),
    });
    const out = join(dir, 'backups', 'copy.sqlite');
    const { io: cliIo, out: lines } = io();
    mkdirSync(join(dir, 'backups'));
    expect(await runCli(['backup', '--out', out, '--db', databasePath], {}, cliIo)).toBe(0);
    writer.close();
    expect(lines.join('\n')).toContain('4 ADRs; integrity check ok');
    const copy = new Database(out, { readonly: true });
    expect(copy.prepare('SELECT COUNT(*) FROM adrs').pluck().get()).toBe(4);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
  });

  it('restores: a copy put in place of the database is what the app then reads', async () => {
    seed({ T1: 2 });
    const out = join(dir, 'copy.sqlite');
    expect(await runCli(['backup', '--out', out, '--db', databasePath], {}, io().io)).toBe(0);
    seed({ T1: 5 });
    rmSync(`${databasePath}-wal`, { force: true });
    rmSync(`${databasePath}-shm`, { force: true });
    copyFileSync(out, databasePath);
    const db = openDatabase(databasePath);
    expect(new AdrRepository(db).list('T1', { status: null, limit: 100, offset: 0 }).total).toBe(2);
    db.close();
  });

  it('refuses a missing --out, a missing database and writing over the database', async () => {
    seed({ T1: 1 });
    const missing = io();
    expect(await runCli(['backup', '--db', databasePath], {}, missing.io)).toBe(2);
    expect(missing.err.join('')).toContain('--out FILE');
    expect(await runCli(['backup', '--out', databasePath, '--db', databasePath], {}, io().io)).toBe(2);
    const nothing = io();
    expect(
      await runCli(['backup', '--out', join(dir, 'x.sqlite'), '--db', join(dir, 'none.sqlite')], {}, nothing.io),
    ).toBe(1);
    expect(nothing.err.join('')).toContain('There is no database');
    expect(existsSync(join(dir, 'x.sqlite'))).toBe(false);
  });
});

describe('adr-assistant purge', () => {
  it('without --yes shows what would go and deletes nothing', async () => {
    seed({ T1: 2, T2: 1 });
    const run = io();
    expect(await runCli(['purge', '--team', 'T1', '--db', databasePath], {}, run.io)).toBe(1);
    expect(run.err.join('\n')).toContain('adrs: 2');
    expect(run.err.join('\n')).toContain('--yes');
    const db = new Database(databasePath, { readonly: true });
    expect(db.prepare("SELECT COUNT(*) FROM adrs WHERE team_id = 'T1'").pluck().get()).toBe(2);
    db.close();
  });

  it('with --yes deletes every row of the team in every table, and nothing else', async () => {
    seed({ T1: 2, T2: 1 });
    const run = io();
    expect(await runCli(['purge', '--team', 'T1', '--yes', '--db', databasePath], {}, run.io)).toBe(0);
    expect(run.out.join('\n')).toContain('Deleted every row of workspace T1');
    const db = new Database(databasePath, { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    for (const table of tables) {
      const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[];
      if (columns.includes('team_id')) {
        expect(db.prepare(`SELECT COUNT(*) FROM "${table}" WHERE team_id = 'T1'`).pluck().get(), table).toBe(0);
      }
    }
    expect(db.prepare("SELECT COUNT(*) FROM adrs WHERE team_id = 'T2'").pluck().get()).toBe(1);
    db.close();
  });

  it('needs --team', async () => {
    const run = io();
    expect(await runCli(['purge', '--yes', '--db', databasePath], {}, run.io)).toBe(2);
    expect(run.err.join('')).toContain('--team');
  });

  it('runs as `npx adr-assistant purge` through the package bin', () => {
    seed({ T9: 1 });
    const result = spawnSync(
      process.execPath,
      [join(import.meta.dirname, '../../bin/adr-assistant.js'), 'purge', '--team', 'T9', '--yes'],
      { env: { PATH: process.env.PATH, DATABASE_PATH: databasePath }, encoding: 'utf8' },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('adrs: 1');
  });
});
