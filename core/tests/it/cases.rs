//! Cases through the application services: drafts, recording, the outbox, listing, search,
//! audited consultation, and the case file's export → import round trip between two devices.

use crate::harness::*;
use zastita_core::app::{ListCasesRequest, SaveCaseDraftRequest};
use zastita_core::audit::Action;
use zastita_core::casefile::CaseStatus;
use zastita_core::domain::{FieldErrorCode, Role};
use zastita_core::error::Error;

#[test]
fn draft_autosaves_incomplete_input_and_recording_refuses_it_field_by_field() {
    let (_ts, mut s) = TestStore::new();
    let mut c = content("");
    c.incident.narrative.clear();
    c.people[1].relationship_to_victim = None;
    let saved = s
        .save_case_draft(SaveCaseDraftRequest {
            id: None,
            content: c.clone(),
        })
        .unwrap();
    let fields: Vec<&str> = saved.issues.iter().map(|e| e.field.as_str()).collect();
    assert!(fields.contains(&"incident.narrative"), "{fields:?}");
    assert!(
        fields.contains(&"people[1].relationship_to_victim"),
        "{fields:?}"
    );
    match s.record_case(saved.id) {
        Err(Error::Invalid(errors)) => assert_eq!(errors.len(), saved.issues.len()),
        other => panic!("expected invalid, got {other:?}"),
    }
    assert_eq!(
        crate::harness::pending_records(&s),
        0,
        "nothing queued from a refused recording"
    );
    // The draft is still there, whole.
    let view = s.open_case(saved.id).unwrap();
    assert_eq!(view.file.people, c.people);
    assert_eq!(view.file.status, CaseStatus::Draft);
}

#[test]
fn recording_versions_and_queues_each_record_once() {
    let (_ts, mut s) = TestStore::new();
    let c = content("");
    let saved = s
        .save_case_draft(SaveCaseDraftRequest {
            id: None,
            content: c.clone(),
        })
        .unwrap();
    assert!(saved.issues.is_empty(), "{:?}", saved.issues);
    let r = s.record_case(saved.id).unwrap();
    assert_eq!((r.version, r.queued), (1, 4)); // case header + 3 people
    assert_eq!(crate::harness::pending_records(&s), 4);
    assert!(matches!(
        s.record_case(saved.id),
        Err(Error::NothingToRecord { .. })
    ));

    // Change one person: only that person and the header get new versions.
    let mut c2 = c.clone();
    c2.people[0].phone = "+381 64 999 0000".to_owned();
    s.save_case_draft(SaveCaseDraftRequest {
        id: Some(saved.id),
        content: c2,
    })
    .unwrap();
    purpose(&mut s, None);
    let listed = s.list_cases(ListCasesRequest::default()).unwrap();
    assert!(listed[0].has_draft);
    let r2 = s.record_case(saved.id).unwrap();
    assert_eq!((r2.version, r2.queued), (2, 2));
    assert_eq!(crate::harness::pending_records(&s), 6);

    // A recorded person cannot silently disappear.
    let mut c3 = c.clone();
    c3.people.pop();
    s.save_case_draft(SaveCaseDraftRequest {
        id: Some(saved.id),
        content: c3,
    })
    .unwrap();
    assert!(matches!(
        s.record_case(saved.id),
        Err(Error::RecordedPersonRemoved { .. })
    ));
    assert_eq!(crate::harness::pending_records(&s), 6);
}

#[test]
fn list_is_newest_first_and_search_ignores_script_and_diacritics() {
    let (ts, mut s) = TestStore::new();
    let mut older = content("");
    older.people[0].family_name = "Stojanović".to_owned();
    older.incident.reported_at = Some(t0() - chrono::Duration::days(3));
    s.save_case_draft(SaveCaseDraftRequest {
        id: None,
        content: older,
    })
    .unwrap();
    let newer = s
        .save_case_draft(SaveCaseDraftRequest {
            id: None,
            content: content(""),
        })
        .unwrap();
    purpose(&mut s, None);
    let all = s.list_cases(ListCasesRequest::default()).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].id, newer.id);
    assert_eq!(all[0].info.victims, vec!["Jelena Petrović".to_owned()]);
    assert!(all[0].info.firearm);

    for query in ["petrovic", "Петровић", "PETROVIĆ bulevar"] {
        let hits = s
            .list_cases(ListCasesRequest {
                search: Some(query.to_owned()),
                ..Default::default()
            })
            .unwrap();
        // Both cases have a Petrović perpetrator; only the newer has a Petrović victim too.
        assert_eq!(hits.len(), 2, "{query}");
    }
    let hits = s
        .list_cases(ListCasesRequest {
            search: Some("Стојановић".to_owned()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(hits.len(), 1);
    let hits = s
        .list_cases(ListCasesRequest {
            search: Some("100%_".to_owned()),
            ..Default::default()
        })
        .unwrap();
    assert!(hits.is_empty(), "LIKE wildcards are escaped");
    drop(ts);
}

#[test]
fn opening_a_case_is_an_audited_consultation() {
    let (_ts, mut s) = TestStore::new();
    let saved = s
        .save_case_draft(SaveCaseDraftRequest {
            id: None,
            content: content(""),
        })
        .unwrap();
    s.open_case(saved.id).unwrap();
    let log = s.audit_log(5).unwrap();
    assert_eq!(log[0].entry.action, Action::View);
    assert_eq!(
        log[0].entry.target.as_deref(),
        Some(format!("case:{}", saved.id).as_str())
    );
    assert_eq!(log[0].entry.officer.as_ref().unwrap().as_str(), BADGE);
    let report = s.verify().unwrap();
    assert!(report.ok, "{report:?}");
    assert!(report.audit_entries >= 3);
}

#[test]
fn export_import_round_trips_exactly_between_devices() {
    let (_a, mut sa) = TestStore::new();
    let saved = sa
        .save_case_draft(SaveCaseDraftRequest {
            id: None,
            content: content(""),
        })
        .unwrap();
    sa.record_case(saved.id).unwrap();
    let exported = sa.export_case(saved.id, "OJT Novi Sad").unwrap();

    let (_b, mut sb) = TestStore::new();
    let id = sb.import_case(&exported).unwrap();
    assert_eq!(id, saved.id);
    purpose(&mut sb, Some(id));
    assert_eq!(sb.export_case(id, "OJT Novi Sad").unwrap(), exported);
    assert!(matches!(
        sb.import_case(&exported),
        Err(Error::CaseExists { .. })
    ));
    // Imported recorded content is queued like content recorded here.
    assert_eq!(crate::harness::pending_records(&sb), 4);
    let view = sb.open_case(id).unwrap();
    assert_eq!(
        view.file
            .people
            .iter()
            .filter(|p| p.role == Role::Victim)
            .count(),
        1
    );
}

#[test]
fn the_sample_case_file_imports_and_exports_byte_for_byte() {
    let (_ts, mut s) = TestStore::new();
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/case-v4.json"
    ))
    .unwrap();
    let id = s.import_case(&bytes).unwrap();
    purpose(&mut s, Some(id));
    assert_eq!(s.export_case(id, "OJT Novi Sad").unwrap(), bytes);
    // Its issued order and completed assessment are queued like ones made here.
    purpose(&mut s, None);
    let list = s.list_cases(ListCasesRequest::default()).unwrap();
    assert_eq!(list[0].legal.orders.len(), 1);
    assert!(list[0].legal.risk.is_some());
}

/// Import a frozen fixture of an older format version; the case as it exports now.
fn import_fixture(name: &str) -> serde_json::Value {
    let (_ts, mut s) = TestStore::new();
    let path = format!("{}/../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let id = s.import_case(&std::fs::read(path).unwrap()).unwrap();
    purpose(&mut s, Some(id));
    serde_json::from_slice(&s.export_case(id, "OJT Novi Sad").unwrap()).unwrap()
}

#[test]
fn a_version_1_case_file_still_imports() {
    let out = import_fixture("case-v1.json");
    assert_eq!(out["format_version"], 4);
}

#[test]
fn a_version_2_case_file_still_imports() {
    let out = import_fixture("case-v2.json");
    assert_eq!(out["format_version"], 4);
    assert_eq!(out["orders"][0]["order"]["content"]["dwelling"], "");
}

#[test]
fn a_version_3_case_file_still_imports() {
    let out = import_fixture("case-v3.json");
    assert_eq!(out["format_version"], 4);
    let deadlines = &out["orders"][0]["deadlines"];
    assert_eq!(deadlines["prosecutor_received_at"], serde_json::Value::Null);
    assert_eq!(deadlines["court_received_at"], serde_json::Value::Null);
}

/// Found by the `casefile` fuzz target (its write-out/read-back check, on the version-2 seed): a
/// version-2 case whose issued order names no dwelling imported, but its export — written as
/// version 3 — was refused everywhere ("dwelling required"), so the case could not move on.
#[test]
fn an_imported_version_2_case_exports_a_file_that_imports_again() {
    let exported = serde_json::to_vec(&import_fixture("case-v2.json")).unwrap();
    let (_ts, mut s) = TestStore::new();
    let id = s.import_case(&exported).unwrap();
    purpose(&mut s, Some(id));
    let again: serde_json::Value =
        serde_json::from_slice(&s.export_case(id, "OJT Novi Sad").unwrap()).unwrap();
    assert_eq!(again["orders"][0]["order"]["content"]["dwelling"], "");
    assert_eq!(
        again["orders"][0]["order"]["issued"],
        serde_json::from_slice::<serde_json::Value>(&exported).unwrap()["orders"][0]["order"]["issued"]
    );
}

#[test]
fn invalid_jmbg_is_reported_with_its_field() {
    let (_ts, mut s) = TestStore::new();
    let mut c = content("");
    let mut j = c.people[0].jmbg.clone().into_bytes();
    j[12] = if j[12] == b'9' { b'0' } else { j[12] + 1 };
    c.people[0].jmbg = String::from_utf8(j).unwrap();
    let saved = s
        .save_case_draft(SaveCaseDraftRequest {
            id: None,
            content: c,
        })
        .unwrap();
    assert!(
        saved
            .issues
            .iter()
            .any(|e| e.field == "people[0].jmbg" && e.code == FieldErrorCode::JmbgChecksum)
    );
    let err = s.record_case(saved.id).unwrap_err();
    assert!(err.to_string().contains("people[0].jmbg"), "{err}");
}

#[test]
fn a_draft_without_a_report_time_keeps_its_place_in_the_list() {
    let (ts, mut s) = TestStore::new();
    let mut c = content("");
    c.incident.reported_at = None;
    c.incident.police_arrived_at = None;
    let first = s
        .save_case_draft(SaveCaseDraftRequest {
            id: None,
            content: c.clone(),
        })
        .unwrap();
    ts.clock.advance(chrono::Duration::minutes(5));
    let second = s
        .save_case_draft(SaveCaseDraftRequest {
            id: None,
            content: c.clone(),
        })
        .unwrap();
    ts.clock.advance(chrono::Duration::minutes(5));
    // Autosaving the older draft again must not move it above the newer one.
    s.save_case_draft(SaveCaseDraftRequest {
        id: Some(first.id),
        content: c,
    })
    .unwrap();
    purpose(&mut s, None);
    let ids: Vec<_> = s
        .list_cases(ListCasesRequest::default())
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids, vec![second.id, first.id]);
}

#[test]
fn importing_a_case_whose_records_exist_under_another_case_is_refused_whole() {
    let (_ts, mut s) = TestStore::new();
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/case-v1.json"
    ))
    .unwrap();
    s.import_case(&bytes).unwrap();
    // Same people and statements under a new case id: a copy, not a new case.
    let text = String::from_utf8(bytes).unwrap();
    let original_id = "01959624-2e10-7b55-a0c3-1d2e3f4a5b6c";
    assert!(text.contains(original_id));
    let copy = text.replacen(original_id, "01959624-2e10-7b55-a0c3-000000000001", 1);
    match s.import_case(copy.as_bytes()) {
        Err(Error::Invalid(errors)) => {
            assert_eq!(errors[0].code, FieldErrorCode::DuplicateId);
            assert!(errors[0].field.starts_with("people["), "{errors:?}");
        }
        other => panic!("expected duplicate id, got {other:?}"),
    }
    purpose(&mut s, None);
    assert_eq!(s.list_cases(ListCasesRequest::default()).unwrap().len(), 1);
    assert_eq!(crate::harness::pending_records(&s), 6);
}

#[test]
fn a_perpetrator_outside_the_laws_list_is_flagged_not_refused() {
    use zastita_core::domain::{Household, Relationship};
    use zastita_core::law::coverage::{CoverageGap, CoverageWarning};
    let (_ts, mut s) = TestStore::new();
    let mut c = content("");
    // A first cousin (collateral, 4th degree) who does not live with the victim.
    c.people[1].relationship_to_victim = Some(Relationship::OtherBloodRelative);
    c.people[1].kinship_degree = Some(4);
    c.people[1].household_with_victim = Some(Household::No);
    let perp = c.people[1].id;
    let saved = s
        .save_case_draft(SaveCaseDraftRequest {
            id: None,
            content: c.clone(),
        })
        .unwrap();
    let warning = vec![CoverageWarning {
        person_id: perp,
        reason: CoverageGap::CollateralBeyondSecond,
    }];
    assert_eq!(saved.coverage, warning);
    assert!(saved.issues.is_empty(), "{:?}", saved.issues);
    s.record_case(saved.id).unwrap();
    let view = s.open_case(saved.id).unwrap();
    assert_eq!(view.coverage, warning);
    assert_eq!(view.file.people[1].kinship_degree, Some(4));
    assert_eq!(
        view.file.people[1].household_with_victim,
        Some(Household::No)
    );

    // Living together now (or before) brings him under the law; the warning goes.
    c.people[1].household_with_victim = Some(Household::Lived);
    let saved = s
        .save_case_draft(SaveCaseDraftRequest {
            id: Some(saved.id),
            content: c.clone(),
        })
        .unwrap();
    assert!(saved.coverage.is_empty());

    // A degree the kind cannot have is impossible input: recording refuses it.
    c.people[1].kinship_degree = Some(1);
    let saved = s
        .save_case_draft(SaveCaseDraftRequest {
            id: Some(saved.id),
            content: c,
        })
        .unwrap();
    assert!(
        saved
            .issues
            .iter()
            .any(|i| i.field == "people[1].kinship_degree"),
        "{:?}",
        saved.issues
    );
    assert!(matches!(
        s.record_case(saved.id),
        Err(zastita_core::error::Error::Invalid(_))
    ));
}
