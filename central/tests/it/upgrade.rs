//! A central record written before refinery (`tests/fixtures/central-schema1.sql`: schema 1 by
//! the hand-rolled `schema_version`, as the code at b039afc left it) opens with this build on
//! both backends: adopted, migrated to the latest schema, its plaintext values sealed, its rows
//! intact, and it works on (a plaintext SQLite file is first rewritten by `encrypt-database`, as
//! a station upgrading does). A database from a newer build is refused and left as found;
//! opening again migrates nothing.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use uuid::{Uuid, uuid};
use zastita_central::store::push::PushPolicy;
use zastita_central::store::roster::NewOfficer;
use zastita_central::store::schema::{HISTORY, apply_dialect, latest};
use zastita_central::store::{Device, Location, Store, StoreError, now, postgres as pg, sqlite};
use zastita_protocol::messages::{
    ChangeKind, OfficerRole, PushRequest, PushResponse, ReceiptOutcome, RecordKind,
};

use crate::harness::{TestDb, databases, enrolled};

const FIXTURE: &str = include_str!("../fixtures/central-schema1.sql");
const DEVICE: Uuid = uuid!("01a249dc-9bf4-73cb-af44-93e4bbc23efc");
const PERSON_VERSION: Uuid = uuid!("01a249dc-9bf8-76c8-ba42-584488579982");
const CASE: Uuid = uuid!("01a249dc-9bf8-76c8-ba42-583f4da9b868");
const ORDER: Uuid = uuid!("01a249dc-9bf8-76c8-ba42-584120508d6f");

/// The fixture written into `db` as the old build left it (a SQLite file rewritten under the
/// central key by `encrypt-database`, which a plaintext file needs before it opens).
fn load_fixture(db: &TestDb) {
    match &db.location {
        Location::Sqlite(path) => {
            rusqlite::Connection::open(path)
                .unwrap()
                .execute_batch(&apply_dialect(FIXTURE, &sqlite::DIALECT))
                .unwrap();
            sqlite::encrypt_database(path, &db.keys).unwrap();
        }
        Location::Postgres(target) => {
            let mut c = pg::client(target).unwrap();
            c.batch_execute(&apply_dialect(FIXTURE, &pg::DIALECT))
                .unwrap();
            // Rows restored with their ids leave the sequences behind them (pg_dump's restore
            // moves them on the same way); the old build's own inserts had moved them.
            c.batch_execute(
                "SELECT setval(pg_get_serial_sequence('changes', 'seq'), (SELECT MAX(seq) FROM changes));
                 SELECT setval(pg_get_serial_sequence('conflicts', 'id'), (SELECT MAX(id) FROM conflicts));",
            )
            .unwrap();
        }
    }
}

fn has_history_table(db: &TestDb) -> bool {
    match &db.location {
        Location::Sqlite(path) => {
            sqlite::connect(path, &db.keys)
                .unwrap()
                .0
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE name = ?1",
                    [HISTORY],
                    |r| r.get::<_, i64>(0),
                )
                .unwrap()
                == 1
        }
        Location::Postgres(target) => pg::client(target)
            .unwrap()
            .query_one("SELECT to_regclass($1) IS NOT NULL", &[&HISTORY])
            .unwrap()
            .get(0),
    }
}

/// refinery's history: (version, name, applied_on).
fn history(s: &Store) -> Vec<(i64, String, String)> {
    s.tx(|sql| {
        sql.query(
            &format!("SELECT version, name, applied_on FROM {HISTORY} ORDER BY version"),
            &[],
        )?
        .iter()
        .map(|r| Ok((r.i64(0)?, r.text(1)?, r.text(2)?)))
        .collect()
    })
    .unwrap()
}

/// The counter of the builds before refinery.
fn counted(s: &Store) -> i64 {
    s.tx(|sql| {
        sql.query_one("SELECT version FROM schema_version", &[])?
            .i64(0)
    })
    .unwrap()
}

fn assert_latest(s: &Store, name: &str) {
    let h = history(s);
    let versions: Vec<i64> = h.iter().map(|(v, _, _)| *v).collect();
    assert_eq!(versions, (1..=latest()).collect::<Vec<_>>(), "{name}");
    let names: Vec<&str> = h.iter().take(3).map(|(_, n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["initial", "officer_roles", "officer_ranks"],
        "{name}"
    );
    assert_eq!(counted(s), latest(), "{name}: schema_version kept in step");
}

fn push(
    s: &Store,
    device: &Device,
    envelopes: Vec<zastita_protocol::messages::SignedEnvelope>,
) -> PushResponse {
    let request = PushRequest {
        envelopes,
        device_time: Utc::now(),
    };
    s.push(device, &request, now(), PushPolicy { auto_numbers: true })
        .unwrap()
}

/// A case and an order in the fixture's year (numbers run per administration and year).
fn case_and_order(case: Uuid, order: Uuid) -> (Value, Value) {
    let at: DateTime<Utc> = "2026-03-20T09:00:00Z".parse().unwrap();
    let case_payload = json!({"id": case, "created_at": at, "created_by": "NS1234",
        "incident": {"municipality": "Novi Sad", "address": "—"}});
    let mut order_payload = crate::harness::order_payload(order, case, at);
    order_payload["created_at"] = json!(at);
    (case_payload, order_payload)
}

fn numbers_after(s: &Store, seq: u64) -> Vec<(u64, String)> {
    s.changes_after(seq, 100)
        .unwrap()
        .0
        .into_iter()
        .filter_map(|c| match c.change {
            ChangeKind::CaseNumber { number, .. } | ChangeKind::OrderNumber { number, .. } => {
                Some((c.seq, number))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn a_schema_1_database_from_before_refinery_upgrades_and_works_on() {
    for db in databases("a_schema_1_database_from_before_refinery_upgrades_and_works_on") {
        let n = db.name;
        load_fixture(&db);
        assert!(
            !has_history_table(&db),
            "{n}: the fixture is from before refinery"
        );
        let s = db.open().unwrap();
        assert_latest(&s, n);
        // Every value the old build wrote in plaintext is sealed now (records, conflicts,
        // officers, the feed).
        let report = s.check_encryption().unwrap();
        assert!(report.ok(), "{n}: {:?}", report.bad);
        // ... and the console's index of the order held (its municipality, V10), and the
        // history's two keys (V11).
        assert_eq!(report.checked, 5 + 1 + 3 + 7 + 1 + 2, "{n}: {report:?}");

        // The rows are intact.
        let devices = s.devices().unwrap();
        assert_eq!(devices.len(), 1, "{n}");
        assert_eq!((devices[0].id, devices[0].acked_seq), (DEVICE, 5), "{n}");
        let records = s.records().unwrap();
        let kinds: Vec<&str> = records.iter().map(|r| r.kind.as_str()).collect();
        assert_eq!(kinds, ["person", "case", "case", "case", "order"], "{n}");
        let conflicts = s.conflicts().unwrap();
        assert_eq!(conflicts.len(), 1, "{n}");
        assert_eq!(conflicts[0].existing_version_id, PERSON_VERSION, "{n}");
        let cases = s.cases().unwrap();
        let mut numbers: Vec<String> = cases.iter().filter_map(|c| c.number.clone()).collect();
        numbers.sort();
        assert_eq!(numbers, ["NS-2026-00001", "NS-2026-00002"], "{n}");
        assert_eq!(
            cases.iter().find(|c| c.case_id == CASE).unwrap().versions,
            2
        );
        let feed = s.changes_after(0, 100).unwrap().0;
        assert_eq!(feed.len(), 7, "{n}");
        assert!(matches!(
            &feed[6].change,
            ChangeKind::OrderNumber { order_id, number } if *order_id == ORDER && number == "NS-2026-HM-00001"
        ));

        // Officers from before roles: no role, no rank, as the roster and its feed say.
        let officers = s.officers().unwrap();
        assert_eq!(officers.len(), 3, "{n}");
        assert!(
            officers
                .iter()
                .all(|o| o.role.is_none() && o.rank.is_none()),
            "{n}"
        );
        assert!(
            officers
                .iter()
                .any(|o| o.badge == "NS9012" && o.removed_at.is_some())
        );
        assert!(matches!(
            &feed[0].change,
            ChangeKind::OfficerAdded { badge, role: None, rank: None, .. } if badge == "NS1234"
        ));

        // It works on: numbering continues after the fixture's counters, the feed after its
        // last change, conflicts after its last; a removed officer comes back with a role.
        let (d, dev) = enrolled(&s);
        let (case, order) = (Uuid::now_v7(), Uuid::now_v7());
        let (case_payload, order_payload) = case_and_order(case, order);
        let r = push(
            &s,
            &dev,
            vec![
                d.envelope(1, RecordKind::Case, case, case_payload),
                d.envelope(2, RecordKind::Order, order, order_payload),
            ],
        );
        assert_eq!(r.acked_seq, 2, "{n}");
        assert_eq!(
            numbers_after(&s, 7),
            [
                (8, "NS-2026-00003".to_owned()),
                (9, "NS-2026-HM-00002".to_owned())
            ],
            "{n}"
        );
        let person = Uuid::now_v7();
        let version = Uuid::now_v7();
        let first = d.envelope_v(
            3,
            version,
            RecordKind::Person,
            person,
            1,
            json!({"id": person}),
        );
        let changed = d.envelope_v(
            3,
            version,
            RecordKind::Person,
            person,
            1,
            json!({"id": person, "n": 2}),
        );
        push(&s, &dev, vec![first]);
        let r = push(&s, &dev, vec![changed]);
        assert_eq!(r.receipts[0].outcome, ReceiptOutcome::Conflict, "{n}");
        assert_eq!(s.conflicts().unwrap().len(), 2, "{n}");
        s.add_officer(
            &NewOfficer {
                badge: "NS9012",
                name: "Ana Kovač",
                role: OfficerRole::Competent,
                rank: Some("policijski narednik"),
                administration: None,
                since: None,
            },
            now(),
        )
        .unwrap();
        let officers = s.officers().unwrap();
        let back = officers.iter().find(|o| o.badge == "NS9012").unwrap();
        assert_eq!(back.role.as_deref(), Some("competent"), "{n}");
        assert!(
            officers
                .iter()
                .find(|o| o.badge == "NS1234")
                .unwrap()
                .role
                .is_none()
        );
    }
}

#[test]
fn opening_again_migrates_nothing() {
    for db in databases("opening_again_migrates_nothing") {
        load_fixture(&db);
        let first = history(&db.open().unwrap());
        let s = db.open().unwrap();
        assert_eq!(history(&s), first, "{}", db.name);
        assert_latest(&s, db.name);
        // A new database too.
        drop(s);
    }
    for db in databases("opening_again_migrates_nothing (new)") {
        let first = history(&db.open().unwrap());
        let s = db.open().unwrap();
        assert_eq!(history(&s), first, "{}", db.name);
        assert_latest(&s, db.name);
    }
}

fn assert_too_new(db: &TestDb, found: i64) {
    match db.open() {
        Err(StoreError::TooNew { found: f, known }) => {
            assert_eq!((f, known), (found, latest()), "{}", db.name);
        }
        other => panic!("{}: {other:?}", db.name),
    }
}

#[test]
fn a_database_from_a_newer_build_is_refused() {
    let newer = latest() + 1;
    for db in databases("a_database_from_a_newer_build_is_refused") {
        // refinery's history goes beyond what this build knows.
        drop(db.open().unwrap());
        db.execute(&format!(
            "INSERT INTO {HISTORY} (version, name, applied_on, checksum)
                 VALUES ({newer}, 'from_the_future', '2030-01-01T00:00:00Z', '1')"
        ));
        assert_too_new(&db, newer);
    }
    for db in databases("a_database_from_a_newer_build_is_refused (before refinery)") {
        // A build from before refinery counted further.
        load_fixture(&db);
        db.execute(&format!("UPDATE schema_version SET version = {newer}"));
        assert_too_new(&db, newer);
        assert!(!has_history_table(&db), "{}: left as found", db.name);
    }
}

/// Eight at once, on a new database and on one to adopt (without the schema lock, PostgreSQL
/// let some of them fail on each other's half-made tables).
#[test]
fn processes_starting_at_once_take_turns_migrating() {
    for fixture in [false, true] {
        for db in databases("processes_starting_at_once_take_turns_migrating") {
            if fixture {
                load_fixture(&db);
            }
            let opened: Vec<Result<Store, StoreError>> = std::thread::scope(|scope| {
                let starts: Vec<_> = (0..8).map(|_| scope.spawn(|| db.open())).collect();
                starts.into_iter().map(|h| h.join().unwrap()).collect()
            });
            for s in opened {
                let s = s.unwrap_or_else(|e| panic!("{}: {e}", db.name));
                assert_latest(&s, db.name);
            }
        }
    }
}

/// Records accepted before ownership existed (V5) belong to their first sender, by when they
/// arrived: here the fixture's tablet owns its case and order although another tablet's later
/// versions were accepted too, and the other owns the person it sent first. Court decisions,
/// the case list and the feed follow the owners, the changes written before are addressed
/// (numbers to their owner, removals to everyone, additions to nobody), and from now on each
/// tablet is refused the other's records.
#[test]
fn records_from_before_ownership_belong_to_their_first_sender() {
    for db in databases("records_from_before_ownership_belong_to_their_first_sender") {
        let n = db.name;
        load_fixture(&db);
        let mut other = crate::harness::TestDevice::new();
        other.id = Uuid::now_v7();
        let person = Uuid::now_v7();
        let row = |device: Uuid,
                   seq: u64,
                   record: Uuid,
                   kind: &str,
                   version: u32,
                   at: &str,
                   payload: &Value| {
            format!(
                "INSERT INTO records (device_id, seq, version_id, record_id, kind, version, amends,
                     officer, created_at, received_at, device_time, payload, payload_sha256,
                     signature, outcome)
                 VALUES ('{device}', {seq}, '{}', '{record}', '{kind}', {version}, NULL, 'NS1234',
                     '{at}', '{at}', '{at}', '{payload}', 'x', 'x', 'accepted');",
                Uuid::now_v7()
            )
        };
        let (_, mut later_order) = case_and_order(CASE, ORDER);
        later_order["id"] = json!(ORDER);
        later_order["events"][0]["event"]["at"] = json!("2026-03-20T12:00:00Z");
        let later_case = json!({"id": CASE, "incident": {"municipality": "Subotica"}});
        db.execute(&[
                format!(
                    "INSERT INTO devices (id, label, public_key, app_version, enrolled_at, acked_seq)
                     VALUES ('{}', 'Other', '{}', '0.1.0', '2026-12-06T05:00:00.000000Z', 0);",
                    other.id,
                    other.key.public_key()
                ),
                // The other tablet sends a person first, then versions of the fixture's order
                // and case; the fixture's tablet sends a version of that person after it.
                row(other.id, 1, person, "person", 1, "2026-12-06T05:00:00.000000Z", &json!({"id": person})),
                row(other.id, 2, ORDER, "order", 2, "2026-12-06T06:00:00.000000Z", &later_order),
                row(other.id, 3, CASE, "case", 3, "2026-12-06T06:00:00.000000Z", &later_case),
                row(DEVICE, 6, person, "person", 2, "2026-12-06T06:30:00.000000Z", &json!({"id": person})),
            ]
            .concat(),
        );
        let s = db.open().unwrap();

        // The owner's order was served on 14 March, the other's version says the 20th: an end
        // on the 18th is a decision on the owner's order, and it goes to the owner alone.
        let decision = s
            .add_court_decision(
                &zastita_central::store::admin::CourtDecision {
                    order_id: ORDER,
                    court: "Osnovni sud u Novom Sadu".into(),
                    number: "R1 2/26".into(),
                    decided_on: "2026-03-15".parse().unwrap(),
                    outcome: zastita_protocol::messages::CourtOutcome::Extended,
                    ends_at: Some("2026-03-18T12:00:00Z".parse().unwrap()),
                },
                now(),
            )
            .unwrap_or_else(|e| panic!("{n}: {e}"));
        let case = s.cases().unwrap().into_iter().find(|c| c.case_id == CASE);
        assert_eq!(case.unwrap().versions, 2, "{n}: the owner's versions only");

        let seqs = |device: Uuid| -> Vec<u64> {
            s.feed(device, 0, 100)
                .unwrap()
                .0
                .iter()
                .map(|c| c.seq)
                .collect()
        };
        // Fixture: 1–3 officers added, 4 a removal, 5–7 numbers; then the decision.
        assert_eq!(seqs(DEVICE), [4, 5, 6, 7, decision], "{n}");
        assert_eq!(seqs(other.id), [4], "{n}");

        let other_dev = s.device(other.id).unwrap().unwrap();
        let r = push(
            &s,
            &other_dev,
            vec![
                other.envelope_v(
                    4,
                    Uuid::now_v7(),
                    RecordKind::Case,
                    CASE,
                    4,
                    later_case.clone(),
                ),
                other.envelope_v(
                    5,
                    Uuid::now_v7(),
                    RecordKind::Person,
                    person,
                    3,
                    json!({"id": person}),
                ),
            ],
        );
        let outcomes: Vec<_> = r
            .receipts
            .iter()
            .map(|r| {
                (
                    r.outcome,
                    r.reason.as_deref().and_then(|s| s.split(':').next()),
                )
            })
            .collect();
        assert_eq!(
            outcomes,
            [
                (ReceiptOutcome::Quarantined, Some("not_owner")),
                (ReceiptOutcome::Accepted, None)
            ],
            "{n}"
        );
    }
}

/// A database as the build before encryption left it (every migration before `central_keys`
/// applied, its personal columns in plaintext) is sealed at its first open by this build, in
/// the migration's transaction, and reads as before.
#[test]
fn a_database_from_the_build_before_encryption_is_sealed_at_its_first_open() {
    use std::sync::Arc;
    use zastita_central::store::schema::{migrate_to, version_of};
    use zastita_central::store::sql::Backend;
    let before = version_of("central_keys").unwrap() - 1;
    assert!(before >= 1 && before < latest());
    for db in databases("a_database_from_the_build_before_encryption_is_sealed_at_its_first_open") {
        let n = db.name;
        load_fixture(&db);
        let backend: Arc<dyn Backend> = match &db.location {
            Location::Sqlite(path) => {
                Arc::new(sqlite::SqliteBackend::open(path, &db.keys).unwrap())
            }
            Location::Postgres(t) => Arc::new(pg::PgBackend::connect(t).unwrap()),
        };
        backend
            .transaction(&mut |sql| migrate_to(sql, Some(before)).map(drop))
            .unwrap();
        drop(backend);
        let s = db.open().unwrap();
        assert_latest(&s, n);
        let report = s.check_encryption().unwrap();
        assert!(report.ok(), "{n}: {:?}", report.bad);
        // ... and the console's index of the order held (its municipality, V10), and the
        // history's two keys (V11).
        assert_eq!(report.checked, 5 + 1 + 3 + 7 + 1 + 2, "{n}: {report:?}");
        assert_eq!(s.officers().unwrap()[0].name, "Milica Jovanović", "{n}");
        assert_eq!(s.changes_after(0, 100).unwrap().0.len(), 7, "{n}");
    }
}
