-- The outbox is append-only, as the audit log is: V1 refused changing an entry, this refuses
-- deleting one. Every recorded version keeps its seq and its digest until the central record's
-- copy is the only one that matters; retention, when it comes, is a migration of its own.
CREATE TRIGGER outbox_undeletable BEFORE DELETE ON outbox
BEGIN
    SELECT RAISE(ABORT, 'outbox entries are append-only');
END;
