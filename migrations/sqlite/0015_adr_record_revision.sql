-- An ADR as the app reads it is more than its row: its deciders' approvals, its review date and its links are rows
-- of their own tables. Their changes now move adr_log_revision too (migration 0014), so whatever is kept of an ADR
-- against that number (the ADRs read by number, src/db/kept-adrs.ts) is read again after any of them changed, by
-- any process. A reminder's bookkeeping (adr_reviews.reminded_for) is not part of the ADR and moves nothing.

CREATE TRIGGER approvals_revision_insert AFTER INSERT ON approvals
BEGIN
  UPDATE adr_log_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER approvals_revision_update AFTER UPDATE ON approvals
BEGIN
  UPDATE adr_log_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER approvals_revision_delete AFTER DELETE ON approvals
BEGIN
  UPDATE adr_log_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER adr_reviews_revision_insert AFTER INSERT ON adr_reviews
BEGIN
  UPDATE adr_log_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER adr_reviews_revision_update AFTER UPDATE OF due_at ON adr_reviews
BEGIN
  UPDATE adr_log_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER adr_reviews_revision_delete AFTER DELETE ON adr_reviews
BEGIN
  UPDATE adr_log_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER adr_relations_revision_insert AFTER INSERT ON adr_relations
BEGIN
  UPDATE adr_log_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER adr_relations_revision_update AFTER UPDATE ON adr_relations
BEGIN
  UPDATE adr_log_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER adr_relations_revision_delete AFTER DELETE ON adr_relations
BEGIN
  UPDATE adr_log_revision SET revision = revision + 1 WHERE id = 1;
END;
