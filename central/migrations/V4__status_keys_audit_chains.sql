-- A device's status key: a second Ed25519 public key that authenticates one request only,
-- `POST /v1/status` ("was I revoked?"), asked while the device's store is locked. NULL for a
-- device enrolled before status keys existed, until its next sync round registers one.
ALTER TABLE devices ADD COLUMN status_public_key TEXT;

-- Each device's audit chain as the central record holds it, checked as its entries arrive.
-- `head_*` is the anchor: the newest entry linked to every one before it since `first_seq`, none
-- missing; push receipts carry it and the device's `verify` checks its own chain against it.
-- `tip_*` is the newest entry received. `broken_at` is the audit seq of the first break (a
-- missing entry, a wrong previous hash, an entry arriving again under a used seq); after a break
-- the head stays where it was, and the break is kept as a conflict for review.
CREATE TABLE audit_chains (
    device_id {UUID} PRIMARY KEY,
    first_seq BIGINT NOT NULL,
    head_seq BIGINT NOT NULL,
    head_hash TEXT NOT NULL,
    tip_seq BIGINT NOT NULL,
    tip_hash TEXT NOT NULL,
    tip_version_id {UUID} NOT NULL,
    broken_at BIGINT,
    updated_at {TS} NOT NULL
);
