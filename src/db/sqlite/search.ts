import { CompiledQuery, type Kysely } from 'kysely';
import type { QueryTarget } from '../query-cache.js';
import type { Tables } from '../schema.js';
import {
  SEARCH_MARK_END,
  SEARCH_MARK_START,
  type SearchDocument,
  type SearchIndex,
  type SearchRow,
  searchTerms,
} from '../store.js';

/**
 * Search on SQLite: the FTS5 table adr_search (migrations/sqlite/0007) with rowid = adrs.id, the workspace as one
 * token, prefix indexes, bm25 with the column weights below. The SQL is shared by AdrRepository's prepared
 * statements and the asynchronous SearchIndex.
 */
export const FTS5_DELETE_SQL = 'DELETE FROM adr_search WHERE rowid = ?';

export const FTS5_INSERT_SQL = `INSERT INTO adr_search
  (rowid, team_id, number, title, context, drivers, options, outcome, team) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

// CROSS JOIN keeps the index as the outer loop (the other order re-runs the MATCH once per ADR); ranking through
// `rank` lets FTS5 sort first, so snippets are built for the rows returned only. Parameters: team id, FTS5 query
// (toFts5Query), limit.
export const FTS5_SEARCH_SQL = `SELECT a.number, a.title, a.status, a.superseded_by, a.date, a.author_id,
    snippet(adr_search, -1, '${SEARCH_MARK_START}', '${SEARCH_MARK_END}', '…', 16) AS snippet
  FROM adr_search CROSS JOIN adrs a ON a.id = adr_search.rowid AND a.team_id = ?
  WHERE adr_search MATCH ? AND adr_search.rank MATCH 'bm25(0, 0, 10, 4, 3, 3, 3, 0)'
  ORDER BY adr_search.rank LIMIT ?`;

/**
 * The workspace as one search token: '¤' (a token character of the index that no query term contains), hex of
 * the team id, and a trailing digit, which the porter stemmer leaves alone (it only strips letter suffixes), so
 * two workspaces never share a token. Migration 0007 computes the same.
 */
export function searchTeamToken(teamId: string): string {
  return `¤${Buffer.from(teamId, 'utf8').toString('hex').toUpperCase()}0`;
}

/**
 * Turns what a person typed into an FTS5 query of quoted prefix terms, all required. Terms are runs of letters,
 * digits and '_' only (searchTerms): searchTeamToken relies on it.
 */
export function toFtsQuery(text: string): string {
  return searchTerms(text)
    .map((term) => `"${term}"*`)
    .join(' ');
}

/**
 * The whole MATCH expression, or null when there is nothing to search for. The workspace is matched inside the
 * index; the terms need no column filter, as they cannot contain the '¤' that starts the workspace token.
 */
export function toFts5Query(teamId: string, text: string): string | null {
  const terms = toFtsQuery(text);
  return terms === '' ? null : `team : "${searchTeamToken(teamId)}" AND (${terms})`;
}

/** The parameters of FTS5_INSERT_SQL for one document. */
export function fts5InsertParameters(document: SearchDocument): unknown[] {
  return [
    document.adrId,
    document.teamId,
    document.number,
    document.title,
    document.context,
    document.drivers,
    document.options,
    document.outcome,
    searchTeamToken(document.teamId),
  ];
}

export class Fts5SearchIndex implements SearchIndex {
  async put(target: QueryTarget, document: SearchDocument): Promise<void> {
    await target.execute(CompiledQuery.raw(FTS5_DELETE_SQL, [document.adrId]));
    await target.execute(CompiledQuery.raw(FTS5_INSERT_SQL, fts5InsertParameters(document)));
  }

  async search(db: Kysely<Tables>, teamId: string, text: string, limit: number): Promise<SearchRow[]> {
    const query = toFts5Query(teamId, text);
    if (query === null) return [];
    const result = await db.executeQuery<SearchRow>(CompiledQuery.raw(FTS5_SEARCH_SQL, [teamId, query, limit]));
    return result.rows;
  }
}
