-- Schema 2: what listing and searching 10,000 cases and draining the outbox need.
CREATE INDEX cases_sort_at ON cases(sort_at DESC);
CREATE INDEX people_case ON people(case_id, position);
CREATE INDEX statements_case ON statements(case_id, taken_at);

-- Highest outbox seq the central record has acknowledged (the sync client moves it, in the same
-- transaction that processes the acknowledgement).
CREATE TABLE outbox_ack (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    acked_seq   INTEGER NOT NULL DEFAULT 0
);
INSERT INTO outbox_ack (id, acked_seq) VALUES (1, 0);
