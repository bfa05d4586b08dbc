-- What an imported ADR folder says beyond the template (PostgreSQL): as migrations/sqlite/0010, which rebuilds the
-- table where PostgreSQL alters it in place. Number 0 is allowed (MADR starts at `0000-`), a date may be unknown.

ALTER TABLE adrs DROP CONSTRAINT adrs_number_check;
ALTER TABLE adrs ADD CONSTRAINT adrs_number_check CHECK (number >= 0);
ALTER TABLE adrs ALTER COLUMN date DROP NOT NULL;
UPDATE adrs SET date = NULL WHERE date = '';

-- The status as the file wrote it ("planned", "✅ Accepted"); cleared by the first status change in the app.
ALTER TABLE adrs ADD COLUMN status_wording TEXT;
-- The imported file's name (`0007-use-x.md`): exports reuse it, so links keep working.
ALTER TABLE adrs ADD COLUMN source_file_name TEXT;

CREATE INDEX adrs_team_source_file ON adrs (team_id, source_file_name) WHERE source_file_name IS NOT NULL;

-- Links between ADRs besides supersede, as adr-tools writes them (`Amends`, `Clarified by`, …, `mentions`).
CREATE TABLE adr_relations (
  team_id TEXT NOT NULL,
  adr_number INTEGER NOT NULL,
  kind TEXT NOT NULL,
  target_number INTEGER NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (team_id, adr_number, kind, target_number),
  FOREIGN KEY (team_id, adr_number) REFERENCES adrs (team_id, number) ON DELETE CASCADE DEFERRABLE
);
