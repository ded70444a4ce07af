-- Everything the first central record needs.
CREATE TABLE officers (
    badge TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    added_at {TS} NOT NULL,
    removed_at {TS}
);
CREATE TABLE devices (
    id {UUID} PRIMARY KEY,
    label TEXT NOT NULL,
    public_key TEXT NOT NULL,
    app_version TEXT NOT NULL,
    enrolled_at {TS} NOT NULL,
    revoked_at {TS},
    acked_seq BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE enrolment_tokens (
    token_sha256 TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    created_at {TS} NOT NULL,
    expires_at {TS} NOT NULL,
    used_at {TS},
    device_id {UUID}
);
CREATE TABLE nonces (
    device_id {UUID} NOT NULL,
    nonce TEXT NOT NULL,
    seen_at {TS} NOT NULL,
    PRIMARY KEY (device_id, nonce)
);
CREATE INDEX nonces_seen_at ON nonces (seen_at);
CREATE TABLE records (
    device_id {UUID} NOT NULL,
    seq BIGINT NOT NULL,
    version_id {UUID} NOT NULL UNIQUE,
    record_id {UUID} NOT NULL,
    kind TEXT NOT NULL,
    version BIGINT NOT NULL,
    amends {UUID},
    officer TEXT NOT NULL,
    created_at {TS} NOT NULL,
    received_at {TS} NOT NULL,
    device_time {TS},
    payload TEXT NOT NULL,
    payload_sha256 TEXT NOT NULL,
    signature TEXT NOT NULL,
    outcome TEXT NOT NULL,
    UNIQUE (device_id, seq)
);
CREATE INDEX records_record ON records (record_id, version);
CREATE TABLE conflicts (
    id {SERIAL},
    device_id {UUID} NOT NULL,
    seq BIGINT NOT NULL,
    version_id {UUID} NOT NULL,
    record_id {UUID} NOT NULL,
    payload_sha256 TEXT NOT NULL,
    existing_version_id {UUID} NOT NULL,
    reason TEXT NOT NULL,
    envelope TEXT NOT NULL,
    received_at {TS} NOT NULL,
    UNIQUE (version_id, payload_sha256)
);
CREATE TABLE quarantine (
    device_id {UUID} NOT NULL,
    seq BIGINT NOT NULL,
    version_id {UUID} NOT NULL UNIQUE,
    record_id {UUID} NOT NULL,
    kind TEXT NOT NULL,
    payload_sha256 TEXT NOT NULL,
    reason TEXT NOT NULL,
    envelope TEXT NOT NULL,
    received_at {TS} NOT NULL
);
CREATE TABLE seqs (
    device_id {UUID} NOT NULL,
    seq BIGINT NOT NULL,
    version_id {UUID} NOT NULL,
    PRIMARY KEY (device_id, seq)
);
CREATE TABLE attachments (
    record_id {UUID} NOT NULL,
    sha256 TEXT NOT NULL,
    size BIGINT NOT NULL,
    received BIGINT NOT NULL,
    complete {BOOL} NOT NULL,
    device_id {UUID} NOT NULL,
    started_at {TS} NOT NULL,
    completed_at {TS},
    PRIMARY KEY (record_id, sha256)
);
CREATE TABLE attachment_chunks (
    record_id {UUID} NOT NULL,
    sha256 TEXT NOT NULL,
    start_at BIGINT NOT NULL,
    data {BLOB} NOT NULL,
    PRIMARY KEY (record_id, sha256, start_at)
);
CREATE TABLE changes (
    seq {SERIAL},
    at {TS} NOT NULL,
    change TEXT NOT NULL
);
CREATE TABLE cases (
    case_id {UUID} PRIMARY KEY,
    device_id {UUID} NOT NULL,
    police_administration TEXT NOT NULL,
    year BIGINT NOT NULL,
    number TEXT UNIQUE,
    numbered_at {TS}
);
CREATE TABLE orders (
    order_id {UUID} PRIMARY KEY,
    case_id {UUID},
    device_id {UUID} NOT NULL,
    police_administration TEXT NOT NULL,
    year BIGINT NOT NULL,
    number TEXT UNIQUE,
    numbered_at {TS}
);
CREATE TABLE number_counters (
    scope TEXT PRIMARY KEY,
    last BIGINT NOT NULL
);
