-- Schema 5: risk instruments and assessments, emergency-measure orders, generated documents.
-- Payloads are JSON of the domain types (core/src/risk, core/src/domain/order.rs); the columns
-- beside them exist for constraints, ordering and lookups only.

-- Every version of every risk instrument this device has known. A case keeps the version it was
-- assessed with, so a version is never changed or removed once here.
CREATE TABLE instruments (
    id          TEXT NOT NULL,
    version     INTEGER NOT NULL CHECK (version >= 1),
    definition  TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    added_at    TEXT NOT NULL,
    PRIMARY KEY (id, version)
);
CREATE TRIGGER instruments_immutable BEFORE UPDATE ON instruments
BEGIN
    SELECT RAISE(ABORT, 'instrument versions are immutable');
END;
CREATE TRIGGER instruments_undeletable BEFORE DELETE ON instruments
BEGIN
    SELECT RAISE(ABORT, 'instrument versions are immutable');
END;

-- A risk assessment: a draft while the officer answers, then completed and immutable.
CREATE TABLE assessments (
    id                  TEXT PRIMARY KEY,
    case_id             TEXT NOT NULL REFERENCES cases(id),
    instrument_id       TEXT NOT NULL,
    instrument_version  INTEGER NOT NULL,
    data                TEXT NOT NULL,
    completed_at        TEXT,
    updated_at          TEXT NOT NULL,
    FOREIGN KEY (instrument_id, instrument_version) REFERENCES instruments(id, version)
);
CREATE INDEX assessments_case ON assessments(case_id, completed_at);
CREATE TRIGGER assessments_completed_immutable BEFORE UPDATE ON assessments
WHEN OLD.completed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a completed risk assessment is immutable');
END;
CREATE TRIGGER assessments_completed_undeletable BEFORE DELETE ON assessments
WHEN OLD.completed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a completed risk assessment is immutable');
END;

-- An emergency-measure order. Its content is frozen once issued (the service refuses changes);
-- what happens to it afterwards is appended to its events, each a new recorded version.
CREATE TABLE orders (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases(id),
    version     INTEGER NOT NULL CHECK (version >= 0),
    issued_at   TEXT,
    data        TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX orders_case ON orders(case_id);
CREATE TRIGGER orders_issued_undeletable BEFORE DELETE ON orders
WHEN OLD.issued_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'an issued order cannot be deleted');
END;

-- Station-local provisional order numbers: one counter per year.
CREATE TABLE order_numbers (
    year        INTEGER PRIMARY KEY,
    last        INTEGER NOT NULL
);

-- Station policy that is not personal and not per officer (e.g. re-assessment intervals, JSON).
CREATE TABLE settings (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL
);

-- Generated documents (PDF), kept in the case: encrypted like every other page of this file.
CREATE TABLE documents (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases(id),
    order_id    TEXT REFERENCES orders(id),
    kind        TEXT NOT NULL CHECK (kind IN ('order', 'receipt', 'summary')),
    language    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    -- The document model the PDF was rendered from (JSON), for the app's print preview.
    preview     TEXT NOT NULL,
    pdf         BLOB NOT NULL
);
CREATE INDEX documents_case ON documents(case_id, created_at);
CREATE TRIGGER documents_immutable BEFORE UPDATE ON documents
BEGIN
    SELECT RAISE(ABORT, 'documents are immutable');
END;

-- The case list shows order countdowns and the risk level: kept beside the summary so listing
-- never decodes an order (JSON: orders' instants and warnings-from, latest risk level and
-- re-assessment due time).
ALTER TABLE case_list ADD COLUMN legal TEXT NOT NULL DEFAULT '{}';
