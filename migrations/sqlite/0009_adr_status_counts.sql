-- `/adr list` shows how many ADRs a workspace has, of one status or all. Counting them on every list read the
-- workspace's whole index range (about 25 µs for 1,000 ADRs, as much as the page itself); these counts are kept
-- by triggers in the same transaction as every insert, status change and delete, so a list reads at most five rows.
-- A delete only decrements: when a purge has already removed the workspace's counts, nothing is left behind.
CREATE TABLE adr_status_counts (
  team_id TEXT NOT NULL,
  status TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (team_id, status)
) WITHOUT ROWID;

INSERT INTO adr_status_counts (team_id, status, count)
SELECT team_id, status, COUNT(*) FROM adrs GROUP BY team_id, status;

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
