-- Reading an ADR's scores (on every scoring submission and results view) in the order they were first given. The
-- UNIQUE index starts with the scorer, so that read sorted every row; this one holds an ADR's rows in rowid (= id)
-- order. A revision only changes value and updated_at, which it does not index, so it costs writes nothing.
CREATE INDEX scores_by_adr ON scores (team_id, adr_number);
