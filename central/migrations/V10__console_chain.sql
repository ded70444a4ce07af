-- The console's chain after the police order (Arts. 18-20).
--
-- `console_orders`: one row per order the central record holds, from its owner's latest
-- accepted version (and the acts below), so the board lists, filters and sorts without opening
-- a payload. Plaintext: ids, the version indexed, codes and offices (the issuing police
-- administration's code, the competent basic public prosecutor's office and basic court, from
-- the reference data), the device's provisional number, the measures' codes and instants.
-- `municipality` (the victim's) is sealed. `next_due`: the earliest obligation of the chain not
-- yet met, else the measures' end; `open_until`: until when the order stays on the open board
-- (the measures' end, or none while an appeal's clock is unmet or the order is not served).
CREATE TABLE console_orders (
    order_id {UUID} PRIMARY KEY,
    case_id {UUID} NOT NULL,
    device_id {UUID} NOT NULL,
    version_id {UUID} NOT NULL,
    version BIGINT NOT NULL,
    police_administration TEXT NOT NULL,
    municipality TEXT NOT NULL,
    prosecutor_office TEXT NOT NULL,
    basic_court TEXT NOT NULL,
    provisional_number TEXT NOT NULL,
    measures TEXT NOT NULL,
    issued_at {TS},
    served_at {TS},
    next_due {TS},
    open_until {TS},
    proposed {BOOL} NOT NULL,
    indexed_at {TS} NOT NULL
);
CREATE INDEX console_orders_administration ON console_orders (police_administration, next_due);
CREATE INDEX console_orders_prosecutor ON console_orders (prosecutor_office, next_due);
CREATE INDEX console_orders_court ON console_orders (basic_court, proposed, next_due);
-- Which case each record belongs to (ids only), so an order's case is gathered by id.
CREATE TABLE case_records (
    record_id {UUID} PRIMARY KEY,
    case_id {UUID} NOT NULL,
    kind TEXT NOT NULL
);
CREATE INDEX case_records_case ON case_records (case_id);
-- The acts of the prosecutor's office and the court on an order, recorded in the console:
-- `kind` (`prosecutor_received`, `evaluated`, `proposed`, `declined`, `proposal_received`,
-- `decided`, `decision_received`, `appeal`, `appeal_forwarded`, `higher_court_decision`), when
-- it happened, who recorded it (the operator's id and login, the institution's key), `detail`
-- (sealed JSON: the change sent down the feed and the act's words), and the change's seq.
-- A receipt is recorded once.
CREATE TABLE console_acts (
    act_id {UUID} PRIMARY KEY,
    order_id {UUID} NOT NULL,
    kind TEXT NOT NULL,
    at {TS} NOT NULL,
    recorded_at {TS} NOT NULL,
    operator_id {UUID} NOT NULL,
    operator_login TEXT NOT NULL,
    institution TEXT NOT NULL,
    detail TEXT NOT NULL,
    change_seq BIGINT
);
CREATE INDEX console_acts_order ON console_acts (order_id, recorded_at);
CREATE UNIQUE INDEX console_acts_once ON console_acts (order_id, kind)
    WHERE kind IN ('prosecutor_received', 'proposal_received', 'proposed', 'declined');
-- Documents the console made (the proposal), sealed whole.
CREATE TABLE console_documents (
    record_id {UUID} NOT NULL,
    sha256 TEXT NOT NULL,
    order_id {UUID} NOT NULL,
    kind TEXT NOT NULL,
    created_at {TS} NOT NULL,
    pdf {BLOB} NOT NULL,
    PRIMARY KEY (record_id, sha256)
);
CREATE INDEX console_documents_order ON console_documents (order_id);
