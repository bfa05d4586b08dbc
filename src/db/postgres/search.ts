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
 * Search on PostgreSQL (migrations/postgres/0001): a tsvector of the sections under the `adr_search` text search
 * configuration (unaccent + Porter's stemmer, no stop words, as FTS5's porter unicode61 remove_diacritics 2), one
 * GIN index over (team_id, document), ts_rank with weights standing for FTS5's bm25 column weights, and
 * ts_headline for the snippet. Behaviour kept from SQLite (test/integration/search-engines.test.ts): every term a
 * required prefix term, same hits, stronger matches first, the same snippet marks and '…' where a section was cut.
 */

/** FTS5 snippet's 16 tokens. ShortWord=0: FTS5 does not drop short words at a snippet's edges either. */
const HEADLINE_OPTIONS = `StartSel=${SEARCH_MARK_START}, StopSel=${SEARCH_MARK_END}, MaxWords=16, MinWords=15, ShortWord=0`;

// Ranking reads adr_search only, for the workspace's matches (the index's team_id key); ties go to the older ADR,
// as FTS5's rowid order does. For the rows returned, the section holding the most of the query's terms (the first
// such, on a tie) gets the headline. Parameters: team id, tsquery, limit, headline options, the terms one by one.
const SEARCH_SQL = `WITH q AS (
  SELECT to_tsquery('adr_search', $2) AS query,
    ARRAY(SELECT to_tsquery('adr_search', term) FROM unnest($5::text[]) AS term) AS terms
),
hits AS (
  SELECT s.adr_id, ts_rank('{0, 0.3, 0.4, 1}', s.document, q.query, 1) AS rank
  FROM adr_search s CROSS JOIN q
  WHERE s.team_id = $1 AND s.document @@ q.query
  ORDER BY rank DESC, s.adr_id
  LIMIT $3
)
SELECT a.number, a.title, a.status, a.superseded_by, a.date, a.author_id, best.text,
  ts_headline('adr_search', best.text, q.query, $4) AS headline
FROM hits h
JOIN adrs a ON a.id = h.adr_id
JOIN adr_search_sections x ON x.adr_id = h.adr_id
CROSS JOIN q
CROSS JOIN LATERAL (
  SELECT section.text
  FROM (VALUES (1, x.title, x.title_vector), (2, x.context, x.context_vector), (3, x.drivers, x.drivers_vector),
    (4, x.options, x.options_vector), (5, x.outcome, x.outcome_vector)) AS section (position, text, vector)
  ORDER BY (SELECT count(*) FROM unnest(q.terms) AS term WHERE section.vector @@ term) DESC, section.position
  LIMIT 1
) best
ORDER BY h.rank DESC, h.adr_id`;

// One round trip: the sections (their tsvectors generated), then the document built from those tsvectors.
const PUT_SQL = `WITH sections AS (
  INSERT INTO adr_search_sections (adr_id, team_id, title, context, drivers, options, outcome)
  VALUES ($1, $2, $4, $5, $6, $7, $8)
  ON CONFLICT (adr_id) DO UPDATE SET team_id = EXCLUDED.team_id, title = EXCLUDED.title, context = EXCLUDED.context,
    drivers = EXCLUDED.drivers, options = EXCLUDED.options, outcome = EXCLUDED.outcome
  RETURNING adr_id, title_vector, context_vector, drivers_vector, options_vector, outcome_vector
)
INSERT INTO adr_search (adr_id, team_id, number, document)
SELECT adr_id, $2, $3, setweight(title_vector, 'A') || setweight(context_vector, 'B')
  || setweight(drivers_vector || options_vector || outcome_vector, 'C')
FROM sections
ON CONFLICT (team_id, adr_id) DO UPDATE SET number = EXCLUDED.number, document = EXCLUDED.document`;

type Row = Omit<SearchRow, 'snippet'> & { text: string; headline: string };

/**
 * Every term a prefix term, all required: 'cach':* & 'lay':*. Terms are letters, digits and '_' only
 * (searchTerms), so none holds tsquery syntax; to_tsquery stems each as FTS5 stems its query terms.
 */
export function tsQueryTerms(text: string): string[] {
  return searchTerms(text).map((term) => `'${term}':*`);
}

export class PostgresSearchIndex implements SearchIndex {
  async put(target: QueryTarget, document: SearchDocument): Promise<void> {
    await target.execute(
      CompiledQuery.raw(PUT_SQL, [
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
    const terms = tsQueryTerms(text);
    if (terms.length === 0) return [];
    const result = await db.executeQuery<Row>(
      CompiledQuery.raw(SEARCH_SQL, [teamId, terms.join(' & '), limit, HEADLINE_OPTIONS, terms]),
    );
    return result.rows.map((row) => ({
      number: row.number,
      title: row.title,
      status: row.status,
      superseded_by: row.superseded_by,
      date: row.date,
      author_id: row.author_id,
      snippet: snippetOf(row.headline, row.text),
    }));
  }
}

/** The headline, with '…' where it starts after its section's start or ends before its end, as FTS5 marks a cut. */
function snippetOf(headline: string, text: string): string {
  const plain = words(headline.replaceAll(SEARCH_MARK_START, '').replaceAll(SEARCH_MARK_END, ''));
  const whole = words(text);
  return `${whole.startsWith(plain) ? '' : '…'}${headline.trim()}${whole.endsWith(plain) ? '' : '…'}`;
}

/** Words only, so punctuation that ts_headline leaves at an excerpt's edges does not count as a cut. */
function words(text: string): string {
  return text.replace(/[^\p{L}\p{N}_]+/gu, ' ').trim();
}
