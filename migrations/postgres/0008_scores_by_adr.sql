-- Reading an ADR's scores in the order they were first given (PostgreSQL): as migrations/sqlite/0008. Versions
-- 0006 and 0007 rebuilt SQLite's FTS5 index; PostgreSQL's search index is in 0001 from the start.
CREATE INDEX scores_by_adr ON scores (team_id, adr_number, id);
