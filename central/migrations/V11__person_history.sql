-- A person's history (issue 16): the person index the online lookup reads, the offline list of
-- orders in force, the keys both are made with, and devices as actors of the admin audit.
--
-- `history_keys`: the server's own keys, random, made once when the store opens. `person_mac`
-- keys the person index's HMAC-SHA256 values; `in_force` is the offline list's Argon2id salt-key
-- (with the costs its hashes were made with), which devices are given. `secret` is sealed under
-- the central key (`rotation::ENCRYPTED`), so `rotate-key` re-encrypts it and never changes it:
-- the index and the list stay valid across a rotation.
CREATE TABLE history_keys (
    name TEXT PRIMARY KEY,
    id BIGINT NOT NULL,
    secret TEXT NOT NULL,
    memory_kib BIGINT,
    iterations BIGINT,
    parallelism BIGINT,
    created_at {TS} NOT NULL
);

-- One row per person record, from its owner's latest accepted version: the case it is in, the
-- owning device, the role, and keyed MACs (hex) of the JMBG and of the folded family name,
-- given name and date of birth (NULL where the record lacks them). A lookup is an equality on
-- a MAC; no name or JMBG is stored here in any form the key does not guard.
CREATE TABLE person_index (
    person_id {UUID} PRIMARY KEY,
    case_id {UUID} NOT NULL,
    device_id {UUID} NOT NULL,
    version BIGINT NOT NULL,
    role TEXT NOT NULL,
    jmbg_mac TEXT,
    name_mac TEXT,
    indexed_at {TS} NOT NULL
);
CREATE INDEX person_index_jmbg ON person_index (jmbg_mac);
CREATE INDEX person_index_name ON person_index (name_mac);
CREATE INDEX person_index_case ON person_index (case_id);

-- An earlier case's orders, gathered by case.
CREATE INDEX console_orders_case ON console_orders (case_id);

-- The offline list of orders in force, one row per order with a perpetrator: `entry` the
-- `InForceEntry` JSON as devices get it (its `person_hash` the Argon2id hash of the JMBG under
-- the `in_force` key), NULL while the order is not on the list; `jmbg_mac` (the person index's
-- MAC of the JMBG hashed) tells when the hash must be made again, so it is made once per JMBG
-- and key; `seq` the list's change number (given under the numbering lock, so changes become
-- visible in order), NULL for an order never listed. `pending` is the entry still waiting for its
-- hash (its `person_hash` empty): the push's transaction only marks it, and the hash is made
-- after the commit, outside any transaction (`history::settle`), so no push waits for Argon2id.
CREATE TABLE in_force (
    order_id {UUID} PRIMARY KEY,
    perpetrator_id {UUID},
    police_administration TEXT NOT NULL,
    jmbg_mac TEXT,
    key_id BIGINT,
    person_hash TEXT,
    entry TEXT,
    pending TEXT,
    ends_at {TS},
    seq BIGINT UNIQUE,
    changed_at {TS} NOT NULL
);
CREATE INDEX in_force_list ON in_force (police_administration, seq);
CREATE INDEX in_force_perpetrator ON in_force (perpetrator_id);
CREATE INDEX in_force_pending ON in_force (police_administration) WHERE pending IS NOT NULL;

-- Devices become actors of the admin audit (a history lookup: the device, the officer's badge).
-- The table is rebuilt to widen its actor-kind check; its rows, hashes and chain are copied as
-- they are, and it is append-only again afterwards.
{DROP_APPEND_ONLY(admin_audit)}
CREATE TABLE admin_audit_v11 (
    seq BIGINT PRIMARY KEY CHECK (seq >= 1),
    at {TS} NOT NULL,
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('admin_cli', 'console', 'system', 'device')),
    actor_id TEXT NOT NULL,
    actor_name TEXT,
    action TEXT NOT NULL,
    target TEXT,
    purpose TEXT,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
INSERT INTO admin_audit_v11 (seq, at, actor_kind, actor_id, actor_name, action, target, purpose,
                             detail, prev_hash, hash)
SELECT seq, at, actor_kind, actor_id, actor_name, action, target, purpose, detail, prev_hash, hash
FROM admin_audit;
DROP TABLE admin_audit;
ALTER TABLE admin_audit_v11 RENAME TO admin_audit;
CREATE INDEX admin_audit_target ON admin_audit (target);
{APPEND_ONLY(admin_audit)}
