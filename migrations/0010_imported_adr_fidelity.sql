-- What an imported ADR folder says beyond the template (issue 13). Extra sections, notes, neutral and unsigned
-- consequences, tags, consulted and informed live in content_json with the other written sections; the columns
-- below are what exports and lists need without parsing it.
--
-- An imported file without a date has an unknown date: `date` holds '' for it (the column stays NOT NULL, since
-- SQLite cannot relax a constraint without rebuilding the table and every table that references it).

-- The status as the file wrote it ("planned", "✅ Accepted"); cleared by the first status change in the app.
ALTER TABLE adrs ADD COLUMN status_wording TEXT;

-- The imported file's name (`0007-use-x.md`, `20201029-superseder.md`): exports reuse it, so links keep working.
ALTER TABLE adrs ADD COLUMN source_file_name TEXT;

CREATE INDEX adrs_team_source_file ON adrs (team_id, source_file_name) WHERE source_file_name IS NOT NULL;

-- Links between ADRs besides supersede (which is adrs.superseded_by), as adr-tools writes them: `Amends`,
-- `Amended by`, `Clarified by`… `kind` is the phrase as written.
CREATE TABLE adr_relations (
  team_id TEXT NOT NULL,
  adr_number INTEGER NOT NULL,
  kind TEXT NOT NULL,
  target_number INTEGER NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (team_id, adr_number, kind, target_number),
  FOREIGN KEY (team_id, adr_number) REFERENCES adrs (team_id, number) ON DELETE CASCADE
) WITHOUT ROWID;
