-- Personal columns are sealed by the server from here on (store/crypt.rs): AES-256-GCM under the
-- central key, which lives outside the data directory. The values this migration finds are
-- plaintext; the same transaction seals them (store/rotation.rs, `seal_plaintext`).
--
-- One row per key id that has sealed anything here: a known text sealed under that key, so a
-- server given another key file is refused at open instead of writing under a key the data is
-- not under.
CREATE TABLE central_keys (
    key_id BIGINT PRIMARY KEY,
    check_value TEXT NOT NULL,
    added_at {TS} NOT NULL
);
