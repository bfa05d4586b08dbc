import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { openExistingDatabase } from '../database.js';
import { fileFailure } from '../files.js';
import { CliFailure, type CommandRunner, type ExitCode, UsageError } from '../spec.js';

/** SQLite's online backup: a consistent copy while the app keeps running and writing, in one file. */
export const runBackup: CommandRunner = async ({ options, databasePath, io }): Promise<ExitCode> => {
  const out = String(options.out);
  if (resolve(out) === resolve(databasePath)) throw new UsageError('--out must not be the database itself.');
  if (existsSync(out) && statSync(out).isDirectory()) {
    throw new UsageError(`--out ${out} is a folder: give the backup file's name, e.g. --out ${out}/adr.sqlite.`);
  }
  const db = openExistingDatabase(databasePath);
  try {
    try {
      mkdirSync(dirname(out), { recursive: true });
    } catch (error) {
      throw fileFailure('The backup folder', dirname(out), error);
    }
    await db.backup(out).catch((error: unknown) => {
      throw (error as { code?: string }).code?.startsWith('SQLITE_')
        ? new CliFailure(`The backup to ${out} failed: ${(error as Error).message}.`)
        : fileFailure('The backup file', out, error);
    });
  } finally {
    db.close();
  }
  // The copy keeps the live database's WAL mode, so opening it would leave -wal and -shm files beside it: the
  // backup is switched to a rollback journal, which needs none (the app turns WAL back on when it opens a restore).
  const copy = new Database(out);
  try {
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new CliFailure(`The backup at ${out} failed its integrity check: ${String(check)}`);
    const adrs = copy.prepare('SELECT COUNT(*) FROM adrs').pluck().get() as number;
    io.out(`Backed up ${databasePath} to ${out} (${adrs} ADRs; integrity check ok; one file).`);
    return 0;
  } finally {
    copy.close();
    for (const suffix of ['-wal', '-shm']) rmSync(`${out}${suffix}`, { force: true });
  }
};
