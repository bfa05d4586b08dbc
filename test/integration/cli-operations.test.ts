import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.js';
import { runCli } from '../../src/cli/run-cli.js';
import { worksOnPostgres } from '../../src/cli/spec.js';
import { AdrRepository } from '../../src/db/adr-repository.js';
import { migrate } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open.js';
import { emptyContent } from '../../src/domain/adr.js';
import { MARKDOWN_PROFILE_NAMES, MARKDOWN_PROFILES } from '../../src/domain/markdown/conventions.js';
import { storeOf } from '../support/stores.js';

let dir: string;
let databasePath: string;

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
}

async function seed(teams: Record<string, number>): Promise<void> {
  const db = openDatabase(databasePath);
  migrate(db);
  const adrs = new AdrRepository(storeOf(db));
  for (const [teamId, count] of Object.entries(teams)) {
    for (let index = 1; index <= count; index++) {
      await adrs.propose({
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
    await seed({ T1: 3 });
    const writer = openDatabase(databasePath);
    const adrs = new AdrRepository(storeOf(writer));
    // A committed write still in the WAL of a connection that stays open (the running app) is in the copy.
    await adrs.propose({
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
    await seed({ T1: 2 });
    const out = join(dir, 'copy.sqlite');
    expect(await runCli(['backup', '--out', out, '--db', databasePath], {}, io().io)).toBe(0);
    await seed({ T1: 5 });
    rmSync(`${databasePath}-wal`, { force: true });
    rmSync(`${databasePath}-shm`, { force: true });
    copyFileSync(out, databasePath);
    const db = openDatabase(databasePath);
    expect((await new AdrRepository(storeOf(db)).list('T1', { status: null, limit: 100, offset: 0 })).total).toBe(2);
    db.close();
  });

  it('refuses a missing --out, a missing database and writing over the database', async () => {
    await seed({ T1: 1 });
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
    await seed({ T1: 2, T2: 1 });
    const run = io();
    expect(await runCli(['purge', '--team', 'T1', '--db', databasePath], {}, run.io)).toBe(1);
    expect(run.err.join('\n')).toContain('adrs: 2');
    expect(run.err.join('\n')).toContain('--yes');
    const db = new Database(databasePath, { readonly: true });
    expect(db.prepare("SELECT COUNT(*) FROM adrs WHERE team_id = 'T1'").pluck().get()).toBe(2);
    db.close();
  });

  it('with --yes deletes every row of the team in every table, and nothing else', async () => {
    await seed({ T1: 2, T2: 1 });
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

  it('runs as `npx adr-assistant purge` through the package bin', async () => {
    await seed({ T9: 1 });
    const result = spawnSync(
      process.execPath,
      [join(import.meta.dirname, '../../bin/adr-assistant.js'), 'purge', '--team', 'T9', '--yes'],
      { env: { PATH: process.env.PATH, DATABASE_PATH: databasePath }, encoding: 'utf8' },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('adrs: 1');
  });
});

describe('adr-assistant fails loudly and helps', () => {
  const run = async (...argv: string[]) => {
    const lines = io();
    const code = await runCli(argv, {}, lines.io);
    return { code, out: lines.out.join('\n'), err: lines.err.join('\n') };
  };

  it('refuses a database file that is not there in every command but migrate, and creates nothing', async () => {
    const missing = join(dir, 'typo.sqlite');
    for (const argv of [
      ['export', '--team', 'T1', '--out', join(dir, 'out')],
      ['import', '--team', 'T1', dir],
      ['backup', '--out', join(dir, 'copy.sqlite')],
      ['purge', '--team', 'T1'],
    ]) {
      writeFileSync(join(dir, 'note.md'), '# ADR-001: x\n');
      const result = await run(...argv, '--db', missing);
      expect(result.code, argv[0]).toBe(1);
      expect(result.err).toContain(`There is no database at ${missing}`);
      expect(result.err).toContain('migrate');
      expect(existsSync(missing)).toBe(false);
    }
    const created = await run('migrate', '--db', missing);
    expect(created.code).toBe(0);
    expect(created.out).toContain(`Created a new database at ${missing}`);
    expect((await run('migrate', '--db', missing)).out).not.toContain('Created');
  });

  it('refuses a file that is not an ADR Assistant database', async () => {
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a database, but long enough to have a header that is not SQLite’s at all....');
    const notSqlite = await run('export', '--team', 'T1', '--out', join(dir, 'out'), '--db', text);
    expect(notSqlite).toMatchObject({ code: 1, err: expect.stringContaining('is not an SQLite database') });
    const empty = join(dir, 'empty.sqlite');
    writeFileSync(empty, '');
    const other = await run('purge', '--team', 'T1', '--db', empty);
    expect(other).toMatchObject({ code: 1, err: expect.stringContaining('not an ADR Assistant database') });
  });

  it('exits 1 on an unknown workspace, naming the workspaces present', async () => {
    await seed({ T1: 2, T2: 1 });
    const exported = await run('export', '--team', 'T3', '--out', join(dir, 'out'), '--db', databasePath);
    expect(exported.code).toBe(1);
    expect(exported.err).toBe(`Workspace T3 is not in ${databasePath}: workspaces present: T1 (2 ADRs), T2 (1 ADR).`);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    expect((await run('purge', '--team', 'T3', '--yes', '--db', databasePath)).code).toBe(1);
    writeFileSync(join(dir, '0001-use-x.md'), '# ADR-001: Use X\n\n**Status**: Accepted\n');
    const imported = await run('import', '--team', 'T3', dir, '--db', databasePath);
    expect(imported.code).toBe(1);
    expect(imported.err).toContain('--new-workspace');
    const created = await run('import', '--team', 'T3', '--new-workspace', dir, '--db', databasePath);
    expect(created.code).toBe(0);
    expect((await run('export', '--team', 'T3', '--out', join(dir, 'out'), '--db', databasePath)).code).toBe(0);
  });

  it('names the valid values of every bad flag, option and command (exit 2)', async () => {
    await seed({ T1: 1 });
    const format = await run('export', '--team', 'T1', '--out', dir, '--format', 'foo', '--db', databasePath);
    expect(format).toMatchObject({
      code: 2,
      err: expect.stringContaining('--format foo is not one of the valid values: seed, madr'),
    });
    const near = await run('export', '--team', 'T1', '--out', dir, '--format', 'mdr', '--db', databasePath);
    expect(near.err).toContain('(did you mean madr?)');
    const option = await run('export', '--tem', 'T1');
    expect(option.code).toBe(2);
    expect(option.err).toContain(
      'Unknown option --tem (did you mean --team?). export takes --team, --out, --format, --db, --database-url, --help.',
    );
    const value = await run('export', '--team', '--out', dir);
    expect(value).toMatchObject({ code: 2, err: expect.stringContaining('--team needs a value: --team T') });
    const required = await run('export', '--team', 'T1');
    expect(required).toMatchObject({ code: 2, err: expect.stringContaining('export needs --out DIR') });
    const extra = await run('purge', '--team', 'T1', 'now');
    expect(extra).toMatchObject({
      code: 2,
      err: expect.stringContaining('purge takes no arguments besides its options (got "now")'),
    });
    const command = await run('exprot');
    expect(command.code).toBe(2);
    expect(command.err).toContain(
      'Unknown command "exprot" (did you mean export?). Commands: migrate, export, import, copy-to-postgres, backup, purge.',
    );
  });

  it('says what is wrong with a file or folder in plain words', async () => {
    await seed({ T1: 1 });
    const nowhere = await run('import', '--team', 'T1', join(dir, 'nonexistent'), '--db', databasePath);
    expect(nowhere).toMatchObject({ code: 1, err: `The folder ${join(dir, 'nonexistent')} does not exist.` });
    writeFileSync(join(dir, 'a-file.md'), '# ADR-001: x\n');
    const file = await run('import', '--team', 'T1', join(dir, 'a-file.md'), '--db', databasePath);
    expect(file.err).toContain('is a file: import takes the folder');
    mkdirSync(join(dir, 'empty'));
    const empty = await run('import', '--team', 'T1', join(dir, 'empty'), '--db', databasePath);
    expect(empty).toMatchObject({ code: 1, err: expect.stringContaining('has no Markdown files (.md, .markdown)') });
    const onFile = await run('export', '--team', 'T1', '--out', join(dir, 'a-file.md'), '--db', databasePath);
    expect(onFile.code).toBe(1);
    expect(onFile.err).toMatch(/^The output folder .*a-file\.md (already exists|is not a folder)/);
    const intoFolder = await run('backup', '--out', join(dir, 'empty'), '--db', databasePath);
    expect(intoFolder).toMatchObject({
      code: 2,
      err: expect.stringContaining("is a folder: give the backup file's name"),
    });
    for (const result of [nowhere, file, empty, onFile, intoFolder]) {
      expect(result.err).not.toMatch(/ENOENT|EEXIST|scandir|\n {4}at /);
    }
  });

  it('shows each command’s help on --help and -h without running it or touching the database', async () => {
    const database = join(dir, 'untouched.sqlite');
    for (const name of ['migrate', 'export', 'import', 'backup', 'purge']) {
      for (const flag of ['--help', '-h']) {
        const result = await run(name, flag, '--db', database);
        expect(result.code, `${name} ${flag}`).toBe(0);
        expect(result.out).toMatch(new RegExp(`^Usage: adr-assistant ${name}`));
        expect(result.out).toContain('Exit codes:');
      }
      expect((await run('help', name)).out).toMatch(new RegExp(`^Usage: adr-assistant ${name}`));
    }
    expect(existsSync(database)).toBe(false);
    const general = await run('--help');
    expect(general.code).toBe(0);
    expect(general.out).toContain('Exit codes: 0 done, 1');
  });

  it('tells in its help what each value and option is for, as the command reads them', async () => {
    const exportHelp = (await run('export', '--help')).out;
    for (const profile of MARKDOWN_PROFILES) {
      expect(exportHelp).toContain(`${profile} = ${MARKDOWN_PROFILE_NAMES[profile]}`);
    }
    // --database-url is offered where the command works on PostgreSQL, and listed with those commands.
    expect(exportHelp).toContain('--database-url URL');
    expect((await run('backup', '--help')).out).not.toContain('--database-url');
    const postgresCommands = COMMANDS.filter(worksOnPostgres).map((command) => command.name);
    expect(postgresCommands).toEqual(['migrate', 'export', 'import', 'copy-to-postgres', 'purge']);
    expect((await run('--help')).out).toContain(`(default: DATABASE_URL): ${postgresCommands.join(', ')}`);
  });

  it('leaves a backup as one file, with no -wal or -shm beside it, that opens as a database', async () => {
    await seed({ T1: 2 });
    const out = join(dir, 'nested', 'backup.sqlite');
    const result = await run('backup', '--out', out, '--db', databasePath);
    expect(result.code).toBe(0);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['backup.sqlite']);
    const copy = new Database(out, { readonly: true });
    expect(copy.prepare('SELECT COUNT(*) FROM adrs').pluck().get()).toBe(2);
    copy.close();
  });

  it('answers --help through the built bin without loading the database driver', () => {
    const result = spawnSync(
      process.execPath,
      [join(import.meta.dirname, '../../bin/adr-assistant.js'), 'export', '--help'],
      { env: { PATH: process.env.PATH, NODE_DEBUG: 'module' }, encoding: 'utf8', cwd: dir },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: adr-assistant export');
    expect(result.stderr).not.toContain('better-sqlite3');
  });
});
