-- A number that every change to any ADR moves (PostgreSQL): as migrations/sqlite/0014. What the app derives from a
-- workspace's whole log and keeps in memory is checked against it on every read and rebuilt when it moved.
-- The row is updated inside the writing transaction (not a sequence, which moves before the commit), so a reader
-- never sees the new revision with the old rows; the trigger is deferred to the commit, so the one row is locked
-- only while a transaction commits, never while it does its work (writers of different workspaces do not queue
-- behind each other, and no lock-order deadlock goes through it).
CREATE TABLE adr_log_revision (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  revision INTEGER NOT NULL
);

INSERT INTO adr_log_revision (id, revision) VALUES (1, 1);

CREATE FUNCTION adrs_revision_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE adr_log_revision SET revision = revision + 1 WHERE id = 1;
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER adrs_revision_change AFTER INSERT OR UPDATE OR DELETE ON adrs
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION adrs_revision_change();
