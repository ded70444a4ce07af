-- Zaštita device store, schema 1. Applied inside SQLCipher; every page is encrypted.
-- Record payloads are JSON of the domain types (core/src/domain); columns beside them exist only
-- for constraints, ordering and lookups.

CREATE TABLE device (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    device_id   TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE officers (
    badge       TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    added_at    TEXT NOT NULL,
    added_by    TEXT REFERENCES officers(badge)
);

CREATE TABLE cases (
    id          TEXT PRIMARY KEY,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('draft', 'recorded')),
    -- Recorded version of the case header; 0 until first recorded.
    version     INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0),
    -- The recorded incident (JSON), or NULL before the first recording.
    incident    TEXT,
    -- Unrecorded work (JSON: incident and people) autosaved by the form, or NULL.
    draft       TEXT,
    updated_at  TEXT NOT NULL,
    -- reported_at, else created_at: the list shows newest first.
    sort_at     TEXT NOT NULL,
    -- What the case list shows (JSON: address, municipality, reported_at, names), kept beside the
    -- records so listing 10,000 cases never decodes a narrative.
    summary     TEXT NOT NULL DEFAULT '{}',
    -- Names, address and municipality folded to lower-case ASCII Latin, for search.
    search      TEXT NOT NULL DEFAULT '',
    CHECK (incident IS NOT NULL OR draft IS NOT NULL)
);

CREATE TABLE people (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases(id),
    position    INTEGER NOT NULL,
    version     INTEGER NOT NULL CHECK (version >= 1),
    data        TEXT NOT NULL
);

CREATE TABLE statements (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases(id),
    person_id   TEXT NOT NULL,
    amends      TEXT REFERENCES statements(id),
    taken_at    TEXT NOT NULL,
    data        TEXT NOT NULL,
    signed_at   TEXT,
    updated_at  TEXT NOT NULL
);

-- A signed statement is evidence: it is never changed or removed. Corrections are addenda.
CREATE TRIGGER statements_signed_immutable BEFORE UPDATE ON statements
WHEN OLD.signed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'signed statement is immutable');
END;
CREATE TRIGGER statements_signed_undeletable BEFORE DELETE ON statements
WHEN OLD.signed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'signed statement is immutable');
END;

-- Append-only, hash-chained audit log (core/src/audit.rs computes the hashes).
CREATE TABLE audit (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    officer     TEXT,
    action      TEXT NOT NULL,
    target      TEXT,
    outcome     TEXT NOT NULL,
    detail      TEXT,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL UNIQUE
);
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
END;

-- Every recorded record version, numbered per device, waiting for (and kept after) upload.
CREATE TABLE outbox (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    version_id      TEXT NOT NULL UNIQUE,
    record_id       TEXT NOT NULL,
    kind            TEXT NOT NULL,
    version         INTEGER NOT NULL,
    officer         TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    payload         TEXT NOT NULL,
    payload_sha256  TEXT NOT NULL,
    UNIQUE (record_id, version)
);
CREATE TRIGGER outbox_immutable BEFORE UPDATE ON outbox
BEGIN
    SELECT RAISE(ABORT, 'outbox entries are immutable');
END;
