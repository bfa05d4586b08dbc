import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { DatabaseMaintainer } from '../db/maintenance.js';
import { migrate } from '../db/migrate.js';
import { type Db, openDatabase } from '../db/open.js';
import { sqliteStoreOn } from '../db/sqlite/store.js';
import type { DataStore } from '../db/store.js';
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

/** The database a command was pointed at: a PostgreSQL URL when given (--database-url, DATABASE_URL), else a file. */
export interface DatabaseChoice {
  databasePath: string;
  databaseUrl: string | undefined;
}

/** How messages name the database: the file, or the PostgreSQL database without its password. */
export function databaseName(choice: DatabaseChoice): string {
  if (choice.databaseUrl === undefined) return choice.databasePath;
  try {
    const url = new URL(choice.databaseUrl);
    return `PostgreSQL database ${decodeURIComponent(url.pathname.slice(1)) || '(default)'} on ${url.hostname || url.searchParams.get('host') || 'localhost'}`;
  } catch {
    return 'the PostgreSQL database of --database-url';
  }
}

/**
 * Runs one command on an existing database, closing it whatever happens; on SQLite, upkeep after a command that
 * wrote (PostgreSQL's autovacuum needs no help).
 */
export async function withExistingDatabase<T>(
  choice: DatabaseChoice,
  options: { writes: boolean },
  work: (store: DataStore) => Promise<T>,
): Promise<T> {
  if (choice.databaseUrl !== undefined) return withPostgresDatabase(choice.databaseUrl, work);
  const path = choice.databasePath;
  const db = openExistingDatabase(path);
  const store = sqliteStoreOn(db, path);
  try {
    const result = await work(store);
    // What the app's upkeep worker would do (search index merges, WAL checkpoint), so a bulk import leaves the
    // index merged even when no app runs.
    if (options.writes) new DatabaseMaintainer(db).runToCompletion();
    return result;
  } finally {
    await store.close();
  }
}

async function withPostgresDatabase<T>(url: string, work: (store: DataStore) => Promise<T>): Promise<T> {
  // Loaded here so that SQLite commands never load the PostgreSQL driver.
  const { openPostgresStore } = await import('../db/postgres/store.js');
  const { postgresFailure } = await import('./commands/migrate.js');
  // A command runs each statement a few times at most: preparing them gains nothing, and works behind any pooler.
  const store = openPostgresStore(url, { preparedStatements: false });
  try {
    let version: number;
    try {
      version = await store.currentVersion();
    } catch (error) {
      throw postgresFailure(error);
    }
    if (version === 0) {
      throw new CliFailure(
        'The PostgreSQL database of --database-url holds no ADR Assistant schema: `adr-assistant migrate --database-url URL` creates it, `copy-to-postgres` fills it from a SQLite file.',
      );
    }
    try {
      await store.migrate();
    } catch (error) {
      throw postgresFailure(error);
    }
    return await work(store);
  } finally {
    await store.close();
  }
}

export interface WorkspaceSummary {
  teamId: string;
  adrs: number;
}

/** Every workspace with any row in the database, with its ADR count, most ADRs first. */
export async function workspacesIn(store: DataStore): Promise<WorkspaceSummary[]> {
  const tables = await teamTables(store);
  if (tables.length === 0) return [];
  const union = sql.join(
    tables.map((table) => sql`SELECT team_id FROM ${sql.table(table)}`),
    sql` UNION `,
  );
  const { rows } = await sql<WorkspaceSummary>`SELECT t.team_id AS "teamId",
      (SELECT COUNT(*) FROM adrs a WHERE a.team_id = t.team_id) AS adrs
    FROM (${union}) t ORDER BY adrs DESC, "teamId"`.execute(store.query());
  return rows.map((row) => ({ teamId: row.teamId, adrs: Number(row.adrs) }));
}

/** Refuses a workspace id the database has never seen, naming those it has (a typo must not look like "0 ADRs"). */
export async function requireKnownWorkspace(store: DataStore, path: string, teamId: string, hint = ''): Promise<void> {
  for (const table of await teamTables(store)) {
    const { rows } = await sql`SELECT 1 AS found FROM ${sql.table(table)} WHERE team_id = ${teamId} LIMIT 1`.execute(
      store.query(),
    );
    if (rows.length > 0) return;
  }
  const present = await workspacesIn(store);
  const list =
    present.length === 0
      ? 'it has no workspaces yet'
      : `workspaces present: ${present
          .slice(0, 20)
          .map((workspace) => `${workspace.teamId} (${workspace.adrs} ADR${workspace.adrs === 1 ? '' : 's'})`)
          .join(', ')}${present.length > 20 ? `, and ${present.length - 20} more` : ''}`;
  throw new CliFailure(`Workspace ${teamId} is not in ${path}: ${list}.${hint}`);
}
