-- Schema 6: sync with the central record. Everything here is inside SQLCipher like every other
-- page, the device's signing key included.

-- The enrolment and the state of the last sync rounds (one row).
CREATE TABLE sync_state (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    -- https://host:port of the central record, its CA (PEM) pinned at enrolment, the device id
    -- the central record assigned, and the device's Ed25519 key (PKCS#8). NULL until enrolled.
    server              TEXT,
    ca_pem              TEXT,
    central_device_id   TEXT,
    device_key          BLOB,
    enrolled_at         TEXT,
    -- The downstream feed's cursor: changes up to it are applied.
    feed_cursor         INTEGER NOT NULL DEFAULT 0 CHECK (feed_cursor >= 0),
    last_attempt_at     TEXT,
    last_success_at     TEXT,
    -- The last failure's stable code and English detail (no personal data); NULL after success.
    last_error_code     TEXT,
    last_error_detail   TEXT,
    -- Clock skew: the device's and the server's clocks at the last response, and server − device.
    last_device_time    TEXT,
    last_server_time    TEXT,
    skew_ms             INTEGER,
    CHECK ((server IS NULL) = (device_key IS NULL))
);
INSERT INTO sync_state (id) VALUES (1);

-- Record versions the central record refused as invalid, with its reason (they do not block the
-- queue), and versions it holds with a different digest (kept there for review). The officer and
-- the station see both lists.
CREATE TABLE sync_quarantine (
    version_id  TEXT PRIMARY KEY,
    seq         INTEGER NOT NULL,
    record_id   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE TABLE sync_conflicts (
    version_id  TEXT PRIMARY KEY,
    seq         INTEGER NOT NULL,
    record_id   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    at          TEXT NOT NULL
);

-- The official case number the central record assigned (orders' official numbers are order
-- events). The list line carries it too, so listing still reads case_list alone.
ALTER TABLE cases ADD COLUMN official_number TEXT;
ALTER TABLE case_list ADD COLUMN official_number TEXT;

-- Officers of the station as the central record announces them.
CREATE TABLE roster (
    badge       TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    active      INTEGER NOT NULL CHECK (active IN (0, 1)),
    changed_at  TEXT NOT NULL
);

-- How much of each attachment (a generated document's PDF, keyed by the document's record id and
-- its SHA-256) the central record holds.
CREATE TABLE attachment_uploads (
    record_id   TEXT PRIMARY KEY,
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL CHECK (size >= 0),
    sent        INTEGER NOT NULL DEFAULT 0 CHECK (sent >= 0),
    complete    INTEGER NOT NULL DEFAULT 0 CHECK (complete IN (0, 1)),
    updated_at  TEXT NOT NULL
);
