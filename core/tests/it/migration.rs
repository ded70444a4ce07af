//! A store created at schema 1 (checked in under tests/fixtures/store-schema1) upgrades in place
//! and keeps its data. Regenerate the fixture only for a deliberate change:
//! `cargo test -p zastita-core --lib make_schema1_fixture -- --ignored`.

use crate::harness::*;

#[test]
fn a_schema_1_store_upgrades_in_place() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/store-schema1"
    );
    let ts = TestStore {
        dir: tempfile::tempdir().unwrap(),
        clock: zastita_core::clock::ManualClock::new(t0()),
    };
    for entry in std::fs::read_dir(fixture).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, ts.path().join(p.file_name().unwrap())).unwrap();
    }
    let conn = zastita_core::store::testing::open_raw(ts.path(), PASS, BADGE).unwrap();
    let before: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(before, 1);
    drop(conn);

    let mut s = ts.unlock(PASS).unwrap();
    let report = s.verify().unwrap();
    assert!(report.ok, "{report:?}");
    assert_eq!(
        report.schema_version,
        zastita_core::store::schema_version_latest()
    );
    assert!(report.schema_version > 1);
    let cases = s.list_cases(Default::default()).unwrap();
    assert_eq!(cases.len(), 1);
    // Schema 3 moved the list columns into `case_list`; the line survived the move.
    assert_eq!(cases[0].info.victims, vec!["Jelena Petrović".to_owned()]);
    let file = s.open_case(cases[0].id).unwrap().file;
    assert_eq!(file.people.len(), 3);
    assert!(file.statements[0].is_signed());
    // What schema 2 added works on the upgraded store.
    assert_eq!(crate::harness::pending_records(&s), 5);
}
