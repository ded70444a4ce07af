//! Stores made before refinery (by rusqlite_migration, which counted only in `PRAGMA
//! user_version`) are adopted and upgraded in place with their data; a store from a newer build
//! is refused; opening again migrates nothing. The fixtures are what that code wrote, so they are
//! never regenerated: `tests/fixtures/store-schema1` (schema 1) and `tests/fixtures/store-schema9`
//! (schema 9, the newest before refinery, made by the code at e847883), each with one recorded
//! case and a signed statement (passphrase "Zelena livada 7", badge NS1234).

use crate::harness::*;
use rusqlite::Connection;
use zastita_core::error::Error;
use zastita_core::store::{StoreError, schema_version_latest};

/// A copy of a fixture store in a temp dir.
fn fixture(name: &str) -> TestStore {
    let dir = format!("{}/../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let ts = TestStore {
        dir: tempfile::tempdir().unwrap(),
        clock: zastita_core::clock::ManualClock::new(t0()),
    };
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, ts.path().join(p.file_name().unwrap())).unwrap();
    }
    ts
}

fn raw(ts: &TestStore) -> Connection {
    zastita_core::app::testing::open_raw(ts.path(), PASS, BADGE).unwrap()
}

fn user_version(c: &Connection) -> usize {
    c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
        .unwrap() as usize
}

/// refinery's history: (version, applied_on) in order; None when the store has none.
fn history(c: &Connection) -> Option<Vec<(i64, String)>> {
    let exists: bool = c
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'refinery_schema_history'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
        == 1;
    exists.then(|| {
        let mut stmt = c
            .prepare("SELECT version, applied_on FROM refinery_schema_history ORDER BY version")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    })
}

/// The upgraded store: refinery's history says 1…latest, `user_version` agrees.
fn assert_latest(ts: &TestStore) -> Vec<(i64, String)> {
    let c = raw(ts);
    let h = history(&c).expect("refinery's history after the upgrade");
    let versions: Vec<i64> = h.iter().map(|(v, _)| *v).collect();
    assert_eq!(
        versions,
        (1..=schema_version_latest() as i64).collect::<Vec<_>>()
    );
    assert_eq!(user_version(&c), schema_version_latest());
    h
}

#[test]
fn a_schema_1_store_upgrades_in_place() {
    let ts = fixture("store-schema1");
    let conn = raw(&ts);
    assert_eq!(user_version(&conn), 1);
    assert_eq!(
        history(&conn),
        None,
        "the fixture is a store from before refinery"
    );
    drop(conn);

    let mut s = ts.unlock(PASS).unwrap();
    let report = s.verify().unwrap();
    assert!(report.ok, "{report:?}");
    assert_eq!(report.schema_version, schema_version_latest());
    assert!(report.schema_version > 1);
    purpose(&mut s, None);
    let cases = s.list_cases(Default::default()).unwrap();
    assert_eq!(cases.len(), 1);
    // Schema 3 moved the list columns into `case_list`; the line survived the move.
    assert_eq!(cases[0].info.victims, vec!["Jelena Petrović".to_owned()]);
    purpose(&mut s, Some(cases[0].id));
    let file = s.open_case(cases[0].id).unwrap().file;
    assert_eq!(file.people.len(), 3);
    assert!(file.statements[0].is_signed());
    // What schema 2 added works on the upgraded store.
    assert_eq!(crate::harness::pending_records(&s), 5);
    drop(s);
    assert_latest(&ts);
}

#[test]
fn a_store_at_the_newest_schema_before_refinery_is_adopted_without_running_anything() {
    let ts = fixture("store-schema9");
    let conn = raw(&ts);
    assert_eq!(user_version(&conn), 9);
    assert_eq!(
        history(&conn),
        None,
        "the fixture is a store from before refinery"
    );
    drop(conn);

    // Running migration 1 (or any other) again would fail on its existing tables.
    let mut s = ts.unlock(PASS).unwrap();
    let report = s.verify().unwrap();
    assert!(report.ok, "{report:?}");
    assert_eq!(report.schema_version, schema_version_latest());
    assert_eq!(s.officer().rank, "policijski narednik");
    purpose(&mut s, None);
    let cases = s.list_cases(Default::default()).unwrap();
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].info.victims, vec!["Jelena Petrović".to_owned()]);
    purpose(&mut s, Some(cases[0].id));
    let file = s.open_case(cases[0].id).unwrap().file;
    assert!(file.statements[0].is_signed());
    drop(s);
    assert_latest(&ts);
}

#[test]
fn opening_again_migrates_nothing() {
    let ts = fixture("store-schema1");
    drop(ts.unlock(PASS).unwrap());
    let first = assert_latest(&ts);
    let mut s = ts.unlock(PASS).unwrap();
    assert_eq!(s.verify().unwrap().schema_version, schema_version_latest());
    drop(s);
    assert_eq!(assert_latest(&ts), first);
}

fn assert_too_new(ts: &TestStore, found: usize) {
    match ts.unlock(PASS) {
        Err(Error::Store(StoreError::TooNew { found: f, known })) => {
            assert_eq!((f, known), (found, schema_version_latest()));
        }
        other => panic!("{:?}", other.map(|_| "a session")),
    }
}

#[test]
fn a_store_from_a_newer_build_is_refused() {
    let newer = schema_version_latest() + 1;
    // Its history goes beyond what this build knows.
    let (ts, s) = TestStore::new();
    drop(s);
    raw(&ts)
        .execute(
            "INSERT INTO refinery_schema_history (version, name, applied_on, checksum)
             VALUES (?1, 'from_the_future', '2030-01-01T00:00:00Z', '1')",
            [newer as i64],
        )
        .unwrap();
    assert_too_new(&ts, newer);

    // A build from before refinery counted further (user_version only).
    let ts = fixture("store-schema9");
    raw(&ts)
        .pragma_update(None, "user_version", newer as i64)
        .unwrap();
    assert_too_new(&ts, newer);
}
