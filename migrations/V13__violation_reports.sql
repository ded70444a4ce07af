-- Schema 13: violations of another device's order reported from a new call (issue 16, Art. 36).
-- The officer found the perpetrator of an order in force (from the offline list or the central
-- record's answer) at a call of this device's case; the report is kept with that case and sent to
-- the central record at the next sync, which records it on the order and tells the order's
-- device. A violation of this device's own order is an event of that order instead.
CREATE TABLE violation_reports (
    report_id    TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases(id),
    order_id     TEXT NOT NULL,
    number       TEXT NOT NULL,
    at           TEXT NOT NULL,
    description  TEXT NOT NULL,
    evidence     TEXT NOT NULL,
    reported_by  TEXT NOT NULL,
    reported_at  TEXT NOT NULL,
    -- When the central record accepted it (its instant), else NULL: still to send.
    accepted_at  TEXT,
    -- The central record's refusal code when it refused (not sent again), else NULL.
    refused      TEXT,
    CHECK (accepted_at IS NULL OR refused IS NULL)
);
CREATE INDEX violation_reports_case ON violation_reports(case_id);
CREATE INDEX violation_reports_unsent ON violation_reports(report_id)
    WHERE accepted_at IS NULL AND refused IS NULL;
