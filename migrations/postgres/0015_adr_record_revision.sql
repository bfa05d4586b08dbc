-- As migrations/sqlite/0015: the approvals, the review date and the links of an ADR move adr_log_revision too, with
-- 0014's function and, like its trigger, at the commit. A reminder's bookkeeping (adr_reviews.reminded_for) moves
-- nothing.

CREATE CONSTRAINT TRIGGER approvals_revision_change AFTER INSERT OR UPDATE OR DELETE ON approvals
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION adrs_revision_change();

CREATE CONSTRAINT TRIGGER adr_reviews_revision_change AFTER INSERT OR UPDATE OF due_at OR DELETE ON adr_reviews
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION adrs_revision_change();

CREATE CONSTRAINT TRIGGER adr_relations_revision_change AFTER INSERT OR UPDATE OR DELETE ON adr_relations
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION adrs_revision_change();
