-- Search at scale (README "Performance"). The index gets rowid = adrs.id, so re-indexing one ADR deletes by rowid
-- instead of reading every row (team_id and number are UNINDEXED), and a `team` column holding the workspace as one
-- token, so a search is scoped to its workspace inside the index instead of filtering every match of every
-- workspace afterwards. The token is hex(team_id) plus a trailing digit: one token that the porter stemmer leaves
-- alone, so two workspaces never share it (AdrRepository.searchTeamToken builds the same value).
CREATE VIRTUAL TABLE adr_search_by_workspace USING fts5 (
  team_id UNINDEXED,
  number UNINDEXED,
  title,
  context,
  drivers,
  options,
  outcome,
  team,
  tokenize = 'porter unicode61 remove_diacritics 2'
);

INSERT INTO adr_search_by_workspace (rowid, team_id, number, title, context, drivers, options, outcome, team)
SELECT a.id, s.team_id, s.number, s.title, s.context, s.drivers, s.options, s.outcome, hex(s.team_id) || '0'
FROM adr_search s
JOIN adrs a ON a.team_id = s.team_id AND a.number = s.number;

DROP TABLE adr_search;

ALTER TABLE adr_search_by_workspace RENAME TO adr_search;
