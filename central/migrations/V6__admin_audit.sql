-- The admin audit: every action of the station's operators (the admin CLI; the console's
-- consultations when it arrives) and the system's own acts, append-only and hash-chained.
-- `actor_kind` is admin_cli, console or system; `actor_id` the account (the OS user for the CLI,
-- the console's account id); `actor_name` the person as they gave their name. `target` names
-- what was acted on by id (`officer:NS1234`, `device:<uuid>`, `case:<uuid>`), never a victim's
-- name; `purpose` why (a consultation's); `detail` a small JSON object. `hash` is the SHA-256 of
-- the entry's fields with `prev_hash`, the previous entry's hash (64 zeros before the first).
CREATE TABLE admin_audit (
    seq BIGINT PRIMARY KEY CHECK (seq >= 1),
    at {TS} NOT NULL,
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('admin_cli', 'console', 'system')),
    actor_id TEXT NOT NULL,
    actor_name TEXT,
    action TEXT NOT NULL,
    target TEXT,
    purpose TEXT,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE INDEX admin_audit_target ON admin_audit (target);
{APPEND_ONLY(admin_audit)}
