import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DatabaseMaintainer } from '../db/maintenance.js';
import { migrate } from '../db/migrate.js';
import { type Db, openDatabase } from '../db/open.js';
import { teamTables } from '../db/team-data.js';
import { fileFailure } from './files.js';
import { CliFailure } from './spec.js';

/**
 * Opens an ADR Assistant database that must already exist: a mistyped --db must not quietly create an empty
 * database that then exports nothing. Only `migrate` creates one.
 */
export function openExistingDatabase(path: string): Db {
  if (!existsSync(path)) {
    throw new CliFailure(
      `There is no database at ${path}${resolve(path) === path ? '' : ` (${resolve(path)})`}. Check --db or DATABASE_PATH; ` +
        `\`adr-assistant migrate --db ${path}\` creates a new one.`,
    );
  }
  if (!statSync(path).isFile()) throw new CliFailure(`The database path ${path} is not a file.`);
  let db: Db;
  try {
    db = openDatabase(path);
  } catch (error) {
    throw databaseFailure(path, error);
  }
  try {
    const known = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
      .pluck()
      .get();
    if (!known) {
      throw new CliFailure(
        `${path} is an SQLite file but not an ADR Assistant database (it has no schema_migrations table). ` +
          'Check --db or DATABASE_PATH.',
      );
    }
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error instanceof CliFailure || !isSqliteError(error) ? error : databaseFailure(path, error);
  }
}

function isSqliteError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code?.toString().startsWith('SQLITE_') === true;
}

function databaseFailure(path: string, error: unknown): CliFailure {
  const code = (error as { code?: string }).code;
  if (code === 'SQLITE_NOTADB')
    return new CliFailure(`${path} is not an SQLite database. Check --db or DATABASE_PATH.`);
  if (code === 'SQLITE_BUSY') {
    return new CliFailure(`The database ${path} stayed locked by another process for 5 s; try again.`);
  }
  if (code?.startsWith('SQLITE_')) {
    return new CliFailure(`The database ${path} cannot be used: ${error instanceof Error ? error.message : code}.`);
  }
  return fileFailure('The database', path, error);
}

/** Runs one command on an existing database, closing it whatever happens; upkeep after a command that wrote. */
export function withExistingDatabase<T>(path: string, options: { writes: boolean }, work: (db: Db) => T): T {
  const db = openExistingDatabase(path);
  try {
    const result = work(db);
    // What the app's upkeep worker would do (search index merges, WAL checkpoint), so a bulk import leaves the
    // index merged even when no app runs.
    if (options.writes) new DatabaseMaintainer(db).runToCompletion();
    return result;
  } finally {
    db.close();
  }
}

export interface WorkspaceSummary {
  teamId: string;
  adrs: number;
}

/** Every workspace with any row in the database, with its ADR count, most ADRs first. */
export function workspacesIn(db: Db): WorkspaceSummary[] {
  const tables = teamTables(db);
  if (tables.length === 0) return [];
  const union = tables.map((table) => `SELECT team_id FROM "${table.replace(/"/g, '""')}"`).join(' UNION ');
  const rows = db
    .prepare(
      `SELECT t.team_id AS teamId, (SELECT COUNT(*) FROM adrs a WHERE a.team_id = t.team_id) AS adrs
       FROM (${union}) t ORDER BY adrs DESC, teamId`,
    )
    .all() as WorkspaceSummary[];
  return rows;
}

/** Refuses a workspace id the database has never seen, naming those it has (a typo must not look like "0 ADRs"). */
export function requireKnownWorkspace(db: Db, path: string, teamId: string, hint = ''): void {
  const tables = teamTables(db);
  const quoted = (table: string) => `"${table.replace(/"/g, '""')}"`;
  if (tables.some((table) => db.prepare(`SELECT 1 FROM ${quoted(table)} WHERE team_id = ? LIMIT 1`).get(teamId))) {
    return;
  }
  const present = workspacesIn(db);
  const list =
    present.length === 0
      ? 'it has no workspaces yet'
      : `workspaces present: ${present
          .slice(0, 20)
          .map((workspace) => `${workspace.teamId} (${workspace.adrs} ADR${workspace.adrs === 1 ? '' : 's'})`)
          .join(', ')}${present.length > 20 ? `, and ${present.length - 20} more` : ''}`;
  throw new CliFailure(`Workspace ${teamId} is not in ${path}: ${list}.${hint}`);
}
