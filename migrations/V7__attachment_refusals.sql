-- Schema 7: an attachment the central record refuses (not its device's record, a hash that
-- never matches, a PDF shorter than recorded) no longer stops the round before the feed. The
-- refusal is kept here for the sync screen, and cleared when the upload makes progress.
ALTER TABLE attachment_uploads ADD COLUMN refused_code TEXT;
ALTER TABLE attachment_uploads ADD COLUMN refused_detail TEXT;
ALTER TABLE attachment_uploads ADD COLUMN refused_at TEXT;
