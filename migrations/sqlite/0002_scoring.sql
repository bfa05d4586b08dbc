-- Weighted option scoring: the workspace's default criteria, each ADR's own matrix, and every person's scores.
-- Criteria lists are small value objects that are always read and replaced whole, so they are stored as JSON
-- ([{ "id", "name", "weight" }]) and validated by the app on every write.

CREATE TABLE workspace_criteria (
  team_id TEXT PRIMARY KEY,
  criteria_json TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- One scoring matrix per ADR: a copy of the workspace default taken when the matrix is first needed, changed
-- only through the ADR's criteria editor, and frozen with the scores once closed_at is set.
CREATE TABLE scoring_matrices (
  team_id TEXT NOT NULL,
  adr_number INTEGER NOT NULL,
  criteria_json TEXT NOT NULL,
  closed_at TEXT,
  closed_by TEXT,
  -- What the last chart posted in the card's thread showed, so an unchanged chart is not posted twice.
  chart_fingerprint TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (team_id, adr_number),
  FOREIGN KEY (team_id, adr_number) REFERENCES adrs (team_id, number) ON DELETE CASCADE
);

-- One row per person per cell; a revision replaces the value. Options are kept by name: scores of an option
-- that an edit removed or renamed stay stored but no longer count.
CREATE TABLE scores (
  id INTEGER PRIMARY KEY,
  team_id TEXT NOT NULL,
  adr_number INTEGER NOT NULL,
  scorer_id TEXT NOT NULL,
  option TEXT NOT NULL,
  criterion_id TEXT NOT NULL,
  value INTEGER NOT NULL CHECK (value BETWEEN 1 AND 5),
  updated_at TEXT NOT NULL,
  UNIQUE (team_id, adr_number, scorer_id, option, criterion_id),
  FOREIGN KEY (team_id, adr_number) REFERENCES scoring_matrices (team_id, adr_number) ON DELETE CASCADE
);
