import { CompiledQuery, type Kysely } from 'kysely';
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
 * Search on PostgreSQL (migrations/postgres/0001): a tsvector of the sections under the `adr_search` text search
 * configuration (unaccent + Snowball English, no stop words, as FTS5's porter unicode61 remove_diacritics 2), one
 * GIN index over (team_id, document), ts_rank with weights standing for FTS5's bm25 column weights, and
 * ts_headline for the snippet. Behaviour kept from SQLite (test/integration/search-engines.test.ts): every term a
 * required prefix term, same hits, stronger matches first, the same snippet marks and '…' where a section was cut.
 */

/** FTS5 snippet's 16 tokens. ShortWord=0: FTS5 does not drop short words at a snippet's edges either. */
const HEADLINE_OPTIONS = `StartSel=${SEARCH_MARK_START}, StopSel=${SEARCH_MARK_END}, MaxWords=16, MinWords=15, ShortWord=0`;

const COLUMNS = ['title', 'context', 'drivers', 'options', 'outcome'] as const;

// The ranking runs over the workspace's matches only (the index's team_id key); headlines are built for the rows
// returned only. Ties go to the older ADR, as FTS5's rowid order does. Parameters: team id, tsquery, limit,
// headline options.
const SEARCH_SQL = `WITH q AS (SELECT to_tsquery('adr_search', $2) AS query),
hits AS (
  SELECT s.adr_id, ts_rank('{0, 0.3, 0.4, 1}', s.document, q.query, 1) AS rank
  FROM adr_search s CROSS JOIN q
  WHERE s.team_id = $1 AND s.document @@ q.query
  ORDER BY rank DESC, s.adr_id
  LIMIT $3
)
SELECT a.number, a.title, a.status, a.superseded_by, a.date, a.author_id,
  ${COLUMNS.map((column) => `s.${column} AS text_${column}, ts_headline('adr_search', s.${column}, q.query, $4) AS headline_${column}`).join(',\n  ')}
FROM hits h
JOIN adrs a ON a.id = h.adr_id
JOIN adr_search s ON s.adr_id = h.adr_id
CROSS JOIN q
ORDER BY h.rank DESC, h.adr_id`;

const INSERT_SQL = `INSERT INTO adr_search (adr_id, team_id, number, title, context, drivers, options, outcome)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
  ON CONFLICT (adr_id) DO UPDATE SET team_id = EXCLUDED.team_id, number = EXCLUDED.number, title = EXCLUDED.title,
    context = EXCLUDED.context, drivers = EXCLUDED.drivers, options = EXCLUDED.options, outcome = EXCLUDED.outcome`;

type Row = Omit<SearchRow, 'snippet'> &
  Record<`text_${(typeof COLUMNS)[number]}` | `headline_${(typeof COLUMNS)[number]}`, string>;

/**
 * Every term a prefix term, all required: 'cach':* & 'lay':*. Terms are letters, digits and '_' only
 * (searchTerms), so none holds tsquery syntax; to_tsquery stems each as FTS5 stems its query terms.
 */
export function toTsQuery(text: string): string | null {
  const terms = searchTerms(text);
  return terms.length === 0 ? null : terms.map((term) => `'${term}':*`).join(' & ');
}

export class PostgresSearchIndex implements SearchIndex {
  async put(trx: Kysely<Tables>, document: SearchDocument): Promise<void> {
    await trx.executeQuery(
      CompiledQuery.raw(INSERT_SQL, [
        document.adrId,
        document.teamId,
        document.number,
        document.title,
        document.context,
        document.drivers,
        document.options,
        document.outcome,
      ]),
    );
  }

  async search(db: Kysely<Tables>, teamId: string, text: string, limit: number): Promise<SearchRow[]> {
    const query = toTsQuery(text);
    if (query === null) return [];
    const result = await db.executeQuery<Row>(CompiledQuery.raw(SEARCH_SQL, [teamId, query, limit, HEADLINE_OPTIONS]));
    return result.rows.map((row) => ({
      number: row.number,
      title: row.title,
      status: row.status,
      superseded_by: row.superseded_by,
      date: row.date,
      author_id: row.author_id,
      snippet: bestSnippet(row),
    }));
  }
}

/**
 * FTS5's snippet(…, -1, …) picks the section whose excerpt holds the most of the query's terms, the first such
 * section on a tie, and marks a cut with '…'. The same here over the sections' headlines.
 */
function bestSnippet(row: Row): string {
  let best: { column: (typeof COLUMNS)[number]; terms: number } | null = null;
  for (const column of COLUMNS) {
    const terms = distinctMarkedTerms(row[`headline_${column}`]);
    if (terms > 0 && (best === null || terms > best.terms)) best = { column, terms };
  }
  const column = best?.column ?? 'title';
  const headline = row[`headline_${column}`];
  const text = row[`text_${column}`];
  const plain = words(headline.replaceAll(SEARCH_MARK_START, '').replaceAll(SEARCH_MARK_END, ''));
  const whole = words(text);
  const before = whole.startsWith(plain) ? '' : '…';
  const after = whole.endsWith(plain) ? '' : '…';
  return `${before}${headline.trim()}${after}`;
}

/** Words only, so punctuation that ts_headline leaves at an excerpt's edges does not count as a cut. */
function words(text: string): string {
  return text.replace(/[^\p{L}\p{N}_]+/gu, ' ').trim();
}

function distinctMarkedTerms(headline: string): number {
  const marked = new Set<string>();
  const pattern = new RegExp(`${SEARCH_MARK_START}([^${SEARCH_MARK_END}]*)${SEARCH_MARK_END}`, 'gu');
  for (const match of headline.matchAll(pattern)) marked.add((match[1] ?? '').toLowerCase());
  return marked.size;
}
