-- Per-workspace ADR counts by status, kept by triggers in the transaction of every insert, status change and
-- delete (PostgreSQL): as migrations/sqlite/0009. The upsert takes the count row's lock, so concurrent proposals
-- of one workspace (already ordered by the workspaces row) never lose an increment.
CREATE TABLE adr_status_counts (
  team_id TEXT NOT NULL,
  status TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (team_id, status)
);

INSERT INTO adr_status_counts (team_id, status, count)
SELECT team_id, status, COUNT(*) FROM adrs GROUP BY team_id, status;

CREATE FUNCTION adrs_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE adr_status_counts SET count = count - 1 WHERE team_id = OLD.team_id AND status = OLD.status;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO adr_status_counts (team_id, status, count) VALUES (NEW.team_id, NEW.status, 1)
    ON CONFLICT (team_id, status) DO UPDATE SET count = adr_status_counts.count + 1;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER adrs_count_insert AFTER INSERT ON adrs
FOR EACH ROW EXECUTE FUNCTION adrs_count_change();

CREATE TRIGGER adrs_count_update AFTER UPDATE OF team_id, status ON adrs
FOR EACH ROW WHEN (OLD.team_id IS DISTINCT FROM NEW.team_id OR OLD.status IS DISTINCT FROM NEW.status)
EXECUTE FUNCTION adrs_count_change();

CREATE TRIGGER adrs_count_delete AFTER DELETE ON adrs
FOR EACH ROW EXECUTE FUNCTION adrs_count_change();
