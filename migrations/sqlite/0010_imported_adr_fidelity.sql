-- migrate: foreign_keys off
-- What an imported ADR folder says beyond the template (issue 13). Extra sections, notes, neutral and unsigned
-- consequences, tags, consulted and informed live in content_json with the other written sections; the columns
-- below are what exports, lists and links need without parsing it.
--
-- `adrs` is rebuilt (SQLite's 12-step ALTER, foreign keys off, checked before commit; ids kept, so the search
-- index's rowids still match) to allow what real folders hold: number 0 (MADR starts at `0000-`), and no date
-- (an imported file without one has an unknown date, never the import day).

CREATE TABLE adrs_rebuilt (
  id INTEGER PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES workspaces (team_id),
  number INTEGER NOT NULL CHECK (number >= 0),
  title TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('proposed', 'accepted', 'rejected', 'deprecated', 'superseded')),
  superseded_by INTEGER,
  author_id TEXT NOT NULL,
  -- YYYY-MM-DD; NULL when an imported file has no date.
  date TEXT,
  content_json TEXT NOT NULL,
  channel_id TEXT,
  message_ts TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  -- The status as the file wrote it ("planned", "✅ Accepted"); cleared by the first status change in the app.
  status_wording TEXT,
  -- The imported file's name (`0007-use-x.md`, `20201029-superseder.md`): exports reuse it, so links keep working.
  source_file_name TEXT,
  UNIQUE (team_id, number)
);

INSERT INTO adrs_rebuilt (id, team_id, number, title, status, superseded_by, author_id, date, content_json,
  channel_id, message_ts, created_at, updated_at)
SELECT id, team_id, number, title, status, superseded_by, author_id, NULLIF(date, ''), content_json,
  channel_id, message_ts, created_at, updated_at
FROM adrs;

DROP TABLE adrs;
ALTER TABLE adrs_rebuilt RENAME TO adrs;

CREATE INDEX adrs_team_status ON adrs (team_id, status, number);
CREATE INDEX adrs_team_superseded_by ON adrs (team_id, superseded_by);
CREATE INDEX adrs_team_source_file ON adrs (team_id, source_file_name) WHERE source_file_name IS NOT NULL;

-- The status counts of migration 0009, kept by the same triggers.
CREATE TRIGGER adrs_count_insert AFTER INSERT ON adrs
BEGIN
  INSERT INTO adr_status_counts (team_id, status, count) VALUES (NEW.team_id, NEW.status, 1)
  ON CONFLICT (team_id, status) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER adrs_count_update AFTER UPDATE OF team_id, status ON adrs
WHEN OLD.team_id IS NOT NEW.team_id OR OLD.status IS NOT NEW.status
BEGIN
  UPDATE adr_status_counts SET count = count - 1 WHERE team_id = OLD.team_id AND status = OLD.status;
  INSERT INTO adr_status_counts (team_id, status, count) VALUES (NEW.team_id, NEW.status, 1)
  ON CONFLICT (team_id, status) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER adrs_count_delete AFTER DELETE ON adrs
BEGIN
  UPDATE adr_status_counts SET count = count - 1 WHERE team_id = OLD.team_id AND status = OLD.status;
END;

-- Links between ADRs besides supersede (which is adrs.superseded_by), as adr-tools writes them: `Amends`,
-- `Amended by`, `Clarified by`… `kind` is the phrase as written; `mentions` is a link inside the text.
CREATE TABLE adr_relations (
  team_id TEXT NOT NULL,
  adr_number INTEGER NOT NULL,
  kind TEXT NOT NULL,
  target_number INTEGER NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (team_id, adr_number, kind, target_number),
  FOREIGN KEY (team_id, adr_number) REFERENCES adrs (team_id, number) ON DELETE CASCADE
) WITHOUT ROWID;
