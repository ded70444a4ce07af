-- The console's operators and their sessions (issue 15). An operator is a person of an
-- institution (a police administration by its code, a basic public prosecutor's office or a
-- basic court by its name in the reference data, the oversight body) with one role. `name` and
-- `totp_secret` are sealed by the server (store/crypt.rs, rotation::ENCRYPTED); the passphrase
-- is an Argon2id PHC string, the one-time setup code and every session token only their SHA-256.
-- `login` is the account's key, looked up by value: a work identifier, not a secret.
CREATE TABLE operators (
    id {UUID} PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL
        CHECK (role IN ('station', 'prosecutor', 'court', 'institution_admin', 'auditor')),
    institution_kind TEXT NOT NULL
        CHECK (institution_kind IN ('police_administration', 'basic_prosecutor', 'basic_court',
                                    'oversight')),
    institution_key TEXT NOT NULL,
    language TEXT NOT NULL,
    created_at {TS} NOT NULL,
    -- The one-time setup code of a new or reset account (SHA-256) and when it expires.
    setup_sha256 TEXT UNIQUE,
    setup_expires_at {TS},
    passphrase_hash TEXT,
    totp_secret TEXT,
    -- The last TOTP step accepted: a code is accepted once.
    totp_last_step BIGINT,
    -- When the TOTP enrolment was confirmed: the account signs in from then on.
    active_at {TS},
    -- Failed sign-ins since the last success, and the lock they earned.
    failures BIGINT NOT NULL DEFAULT 0,
    locked_until {TS},
    disabled_at {TS},
    last_sign_in_at {TS}
);
CREATE INDEX operators_institution ON operators (institution_kind, institution_key);
-- A signed-in browser: the SHA-256 of its cookie's random token, never the token.
CREATE TABLE console_sessions (
    token_sha256 TEXT PRIMARY KEY,
    id {UUID} NOT NULL UNIQUE,
    operator_id {UUID} NOT NULL REFERENCES operators (id),
    created_at {TS} NOT NULL,
    seen_at {TS} NOT NULL,
    expires_at {TS} NOT NULL
);
CREATE INDEX console_sessions_operator ON console_sessions (operator_id);
