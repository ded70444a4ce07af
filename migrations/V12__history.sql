-- Schema 12: a person's history at the scene (issue 16). Inside SQLCipher like every other page.

-- The offline list of orders in force in the device's police administration, as the central
-- record sends it (GET /v1/in-force): per order, a keyed Argon2id hash of the perpetrator's JMBG
-- (never the JMBG), the order's central number, its measures (JSON array) and end. Nothing else
-- about people. Entries whose end has passed on the device clock are ignored when read and
-- dropped at the next refresh.
CREATE TABLE in_force_list (
    order_id    TEXT PRIMARY KEY,
    person_hash TEXT NOT NULL,
    number      TEXT NOT NULL,
    measures    TEXT NOT NULL,
    served_at   TEXT NOT NULL,
    ends_at     TEXT NOT NULL
);
CREATE INDEX in_force_person ON in_force_list(person_hash);

-- The list's key (the InForceKey JSON: id, salt-key, Argon2id costs), its cursor and the last
-- refresh instant (device clock). One row. A new key id drops the list and reads it from 0.
CREATE TABLE in_force_state (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    key_id       INTEGER,
    key          TEXT,
    cursor       INTEGER NOT NULL DEFAULT 0 CHECK (cursor >= 0),
    refreshed_at TEXT,
    CHECK ((key_id IS NULL) = (key IS NULL))
);
INSERT INTO in_force_state (id) VALUES (1);

-- The officer's decision on a weak match (name and date of birth): the person of this case is,
-- or is not, the person of that other record. Nothing is merged either way.
CREATE TABLE history_decisions (
    case_id     TEXT NOT NULL REFERENCES cases(id),
    person_id   TEXT NOT NULL,
    match_id    TEXT NOT NULL,
    decision    TEXT NOT NULL CHECK (decision IN ('confirmed', 'rejected')),
    decided_by  TEXT NOT NULL,
    decided_at  TEXT NOT NULL,
    PRIMARY KEY (case_id, person_id, match_id)
);

-- The central record's last answer about a person of a case on this device (HistoryResponse
-- JSON): the case's working material — the suggestions the officer accepted cite it — kept with
-- the case, replaced by the next lookup.
CREATE TABLE history_answers (
    case_id     TEXT NOT NULL REFERENCES cases(id),
    person_id   TEXT NOT NULL,
    answer      TEXT NOT NULL,
    asked_by    TEXT NOT NULL,
    asked_at    TEXT NOT NULL,
    PRIMARY KEY (case_id, person_id)
);

-- The device's own cases found by JMBG without decoding every person.
CREATE INDEX people_jmbg ON people(json_extract(data, '$.jmbg'));
