-- When an attachment last took a chunk: an incomplete one untouched for the upload expiry
-- (`serve --upload-expiry`) is deleted, and its device starts it again. Rows from before
-- count from when they were completed, or else started.
ALTER TABLE attachments ADD COLUMN touched_at {TS};
UPDATE attachments SET touched_at = COALESCE(completed_at, started_at);
-- A device's attachments, summed for its quota on every new one.
CREATE INDEX attachments_device ON attachments (device_id);
