-- Search at scale, part two (README "Performance", ADR-007). Same columns, rows and ranking as 0006; three changes:
--
-- * prefix indexes for 3 to 10 characters. Every query term is a prefix term ("cache" also finds "caching"), and
--   without an index of the term's exact length FTS5 merges the doclists of every matching term over every
--   workspace before it can join them with the workspace token, for the match and again for bm25's counts.
--   With one, a prefix term is read like a plain term. Costs about 3.5 × the index size (postings of 1- and
--   2-letter stems are most of an index, so those two lengths are left out: such terms are rare in searches).
-- * the workspace token starts with '¤', a token character here (tokenchars) that no query term can contain
--   (AdrRepository.toFtsQuery keeps letters, digits and '_' only), so the terms no longer need the `- team :`
--   column filter, which made FTS5 filter every position list of every match. Still one token the porter stemmer
--   leaves alone: '¤' || hex(team_id) || '0', as AdrRepository.searchTeamToken builds it.
-- * FTS5's automerge is off: the app merges the index's segments in its maintenance worker (src/db/maintenance.ts)
--   instead of in whichever proposal crosses the threshold. crisismerge, the number of segments on one level at
--   which a write merges them itself, goes from 16 to 256, more than the app can write between two of the
--   worker's passes (100 ms apart); it still bounds the index (FTS5 fails writes past 2,000 segments) if the
--   worker does not run.
CREATE VIRTUAL TABLE adr_search_prefixed USING fts5 (
  team_id UNINDEXED,
  number UNINDEXED,
  title,
  context,
  drivers,
  options,
  outcome,
  team,
  tokenize = "porter unicode61 remove_diacritics 2 tokenchars '¤'",
  prefix = '3 4 5 6 7 8 9 10'
);

INSERT INTO adr_search_prefixed (rowid, team_id, number, title, context, drivers, options, outcome, team)
SELECT rowid, team_id, number, title, context, drivers, options, outcome, '¤' || hex(team_id) || '0'
FROM adr_search;

INSERT INTO adr_search_prefixed (adr_search_prefixed) VALUES ('optimize');

INSERT INTO adr_search_prefixed (adr_search_prefixed, rank) VALUES ('automerge', 0);

INSERT INTO adr_search_prefixed (adr_search_prefixed, rank) VALUES ('crisismerge', 256);

DROP TABLE adr_search;

ALTER TABLE adr_search_prefixed RENAME TO adr_search;
