-- Who owns a record, who is on the roster when, and whom each change of the feed is for.

-- A record belongs to the device that first pushed it: a version of it from any other device is
-- quarantined (`not_owner`). For records accepted before this version the first pusher (earliest
-- received, then lowest device id, then lowest seq) is the owner.
CREATE TABLE record_owners (
    record_id {UUID} PRIMARY KEY,
    device_id {UUID} NOT NULL,
    since {TS} NOT NULL
);
INSERT INTO record_owners (record_id, device_id, since)
SELECT r.record_id, r.device_id, r.received_at FROM records r
WHERE NOT EXISTS (
    SELECT 1 FROM records e
    WHERE e.record_id = r.record_id
      AND (e.received_at < r.received_at
           OR (e.received_at = r.received_at AND e.device_id < r.device_id)
           OR (e.received_at = r.received_at AND e.device_id = r.device_id AND e.seq < r.seq))
);

-- Every period an officer was on the roster (`officers` keeps only the latest): an envelope's
-- officer must be on it at the envelope's `created_at`, else it is quarantined
-- (`unknown_officer`). Before this version only the latest period was kept; it is the history.
CREATE TABLE officer_terms (
    badge TEXT NOT NULL,
    added_at {TS} NOT NULL,
    removed_at {TS},
    PRIMARY KEY (badge, added_at)
);
INSERT INTO officer_terms (badge, added_at, removed_at)
SELECT badge, added_at, removed_at FROM officers;

-- The police administration (numbering's code, e.g. `NS`) of an officer, of a device, and of the
-- device an enrolment token is for. NULL: not assigned (such a device's feed carries no roster;
-- such an officer's roster changes reach no administration's devices).
ALTER TABLE officers ADD COLUMN administration TEXT;
ALTER TABLE devices ADD COLUMN administration TEXT;
ALTER TABLE enrolment_tokens ADD COLUMN administration TEXT;
-- A device given an administration (at enrolment or later) is sent that roster as it stands,
-- addressed to it alone; it reads the administration's own changes only after `roster_from`,
-- the last change before it was given it.
ALTER TABLE devices ADD COLUMN roster_from BIGINT NOT NULL DEFAULT 0;

-- Whom a change is for: `device:<uuid>`, `administration:<code>`, `everyone` or `nobody`. NULL
-- only for changes written before this version; the store addresses them when it opens.
ALTER TABLE changes ADD COLUMN audience TEXT;
CREATE INDEX changes_audience ON changes (audience, seq);

-- The devices whose records name an officer (a removal reaches them wherever they belong).
CREATE INDEX records_officer ON records (officer, device_id);
