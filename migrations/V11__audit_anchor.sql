-- Schema 11: the audit chain's anchor — the newest entry of this device's audit chain that the
-- central record holds with every entry before it, as its last push answer said. `verify` checks
-- the local chain still reaches it with the same hash, so the newest entries cannot be cut off
-- the end unnoticed. One row; it only ever moves forward.
CREATE TABLE audit_anchor (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    seq         INTEGER NOT NULL CHECK (seq >= 1),
    hash        TEXT NOT NULL,
    anchored_at TEXT NOT NULL
);
