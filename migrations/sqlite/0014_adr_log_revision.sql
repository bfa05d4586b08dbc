-- A number that every change to any ADR moves (insert, update, delete, in any workspace, by any process). What the
-- app derives from a workspace's whole log and keeps in memory (the Links read both ways for `/adr show`, the
-- analysed ADRs that related decisions are ranked against) is checked against it on every read, one row by primary
-- key, and rebuilt when it moved: never read stale, even after the CLI or a second app process wrote.
-- One global row and no team_id: a purge leaves nothing of the workspace here, and a workspace purged and imported
-- again can never meet a number it had before.
CREATE TABLE adr_log_revision (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  revision INTEGER NOT NULL
);

INSERT INTO adr_log_revision (id, revision) VALUES (1, 1);

CREATE TRIGGER adrs_revision_insert AFTER INSERT ON adrs
BEGIN
  UPDATE adr_log_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER adrs_revision_update AFTER UPDATE ON adrs
BEGIN
  UPDATE adr_log_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER adrs_revision_delete AFTER DELETE ON adrs
BEGIN
  UPDATE adr_log_revision SET revision = revision + 1 WHERE id = 1;
END;
