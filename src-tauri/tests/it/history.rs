//! History at the scene through the IPC (issue 16): the device's own earlier case of the same
//! perpetrator, a suggestion answered only by `accept_suggestion`, the lookup without enrolment
//! (the device's view and why the central record was not asked), and the lookup with the real
//! central record, where another device's case with an order in force comes back and flags him.

use chrono::{Duration as Span, SecondsFormat, Utc};
use serde_json::{Value, json};

use crate::harness::TestApp;
use zastita_sync_tests::central::{Backend, Central};
use zastita_sync_tests::device::{FIXTURE, TestDevice, fresh_ids};

/// Marko Petrović's JMBG in the fixture case.
const MARKO_JMBG: &str = "0203985800233";

/// Record a new case whose perpetrator has `jmbg`; its id and the perpetrator's.
fn record_with_jmbg(app: &TestApp, jmbg: &str) -> (Value, Value) {
    let mut content = app.complete_content();
    content["people"][1]["jmbg"] = json!(jmbg);
    let perp = content["people"][1]["id"].clone();
    let saved = app.ok(
        "save_case_draft",
        json!({"req": {"id": null, "content": content}}),
    );
    let id = saved["id"].clone();
    app.ok("record_case", json!({ "id": id }));
    (id, perp)
}

fn req(case: &Value, person: &Value) -> Value {
    json!({"req": {"case_id": case, "person_id": person, "purpose": null}})
}

#[test]
fn an_earlier_case_on_the_device_is_history_and_its_suggestion_needs_the_officer() {
    let app = TestApp::new();
    app.first_run();
    let (first, _) = record_with_jmbg(&app, MARKO_JMBG);
    let (case, perp) = record_with_jmbg(&app, MARKO_JMBG);

    let h = app.ok("person_history", req(&case, &perp));
    assert_eq!(h["looked_up_by"], "jmbg", "{h}");
    let matches = h["matches"].as_array().unwrap();
    assert_eq!(matches.len(), 1, "{h}");
    assert_eq!(matches[0]["source"], "device");
    assert_eq!(matches[0]["trust"], "exact");
    assert_eq!(matches[0]["match"]["case"]["case_id"], first);
    assert_eq!(h["repeat_perpetrator"], true, "{h}");
    assert!(
        h["unchecked"]
            .as_array()
            .unwrap()
            .contains(&json!("central_record_not_asked"))
    );
    // An exact match is not the officer's to confirm.
    let e = app.refused(
        "decide_match",
        json!({"req": {"case_id": case, "person_id": perp,
            "match_id": matches[0]["match"]["match_id"], "decision": "rejected"}}),
    );
    assert_eq!(e["code"], "history_match_not_found", "{e}");

    // Not enrolled: the lookup answers the device's view and says why.
    let looked = app.ok("lookup_history", req(&case, &perp));
    assert_eq!(looked["unreached"]["code"], "sync_not_enrolled", "{looked}");
    assert_eq!(looked["history"], h);

    // The suggestion is shown, not answered, until the officer accepts it.
    let suggestion = h["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["item"] == "earlier-violence")
        .cloned()
        .unwrap_or_else(|| panic!("no earlier-violence suggestion: {h}"));
    let started = app.ok(
        "start_assessment",
        json!({"req": {"case_id": case, "instrument_id": "art16"}}),
    );
    let assessment = started["assessment"]["id"].clone();
    assert_eq!(
        started["assessment"]["answers"]["earlier-violence"],
        json!(null)
    );
    let mut forged = suggestion.clone();
    forged["source"]["case_number"] = json!("NS-2020-00001");
    let e = app.refused(
        "accept_suggestion",
        json!({"req": {"assessment_id": assessment, "person_id": perp, "suggestion": forged}}),
    );
    assert_eq!(e["code"], "history_suggestion_not_found", "{e}");
    let v = app.ok(
        "accept_suggestion",
        json!({"req": {"assessment_id": assessment, "person_id": perp, "suggestion": suggestion}}),
    );
    assert_eq!(
        v["assessment"]["answers"]["earlier-violence"]["answer"],
        "yes"
    );
    assert_eq!(
        v["assessment"]["sources"]["earlier-violence"]["source"],
        suggestion["source"]
    );
}

#[test]
fn the_lookup_brings_another_devices_case_and_its_order_in_force() {
    let central = Central::start(Backend::Sqlite).unwrap();
    // Another device's case: the fixture, its order served an hour ago (in force).
    let other = TestDevice::new().unwrap();
    let mut file = fresh_ids(FIXTURE).unwrap();
    let at = |h: i64| (Utc::now() - Span::hours(h)).to_rfc3339_opts(SecondsFormat::Secs, true);
    file["orders"][0]["order"]["created_at"] = json!(at(2));
    file["orders"][0]["order"]["issued"]["at"] = json!(at(2));
    file["orders"][0]["order"]["events"][0]["recorded_at"] = json!(at(1));
    file["orders"][0]["order"]["events"][0]["event"]["at"] = json!(at(1));
    let bytes = serde_json::to_vec(&file).unwrap();
    let theirs = other.with(|s| s.import_case(&bytes)).unwrap().unwrap();
    other.follow_up(theirs).unwrap();
    let code = central.enrollment_code(&central.url()).unwrap();
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        other.enroll(&code).await.unwrap();
        other.sync().await.unwrap();
    });

    let app = TestApp::new();
    app.clock.set(Utc::now());
    app.first_run();
    let (case, perp) = record_with_jmbg(&app, MARKO_JMBG);
    app.ok(
        "enroll_device",
        json!({ "code": central.enrollment_code(&central.url()).unwrap() }),
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let s = app.ok("sync_status", json!({}));
        if s["running"] == false && s["status"]["pending"] == 0 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "never synced: {s}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }

    let looked = app.ok("lookup_history", req(&case, &perp));
    assert_eq!(looked["unreached"], json!(null), "{looked}");
    let h = &looked["history"];
    assert!(h["central_answered_at"].is_string(), "{h}");
    let found = h["matches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["match"]["case"]["case_id"] == json!(theirs.to_string()))
        .unwrap_or_else(|| panic!("the other device's case is not in {h}"));
    assert_eq!(found["source"], "central_record");
    assert_eq!(found["trust"], "exact");
    let flag = &h["in_force"][0];
    assert!(
        flag["measures"]
            .as_array()
            .unwrap()
            .contains(&json!("contact_ban")),
        "{h}"
    );
    assert_eq!(flag["article"], 36);
    // Kept with the case: the device's view now has it too.
    let again = app.ok("person_history", req(&case, &perp));
    assert_eq!(again["in_force"], h["in_force"]);

    // The one action on another device's order: a report, sent at the next sync.
    let order = flag["order_id"].clone();
    let recorded = app.ok(
        "report_violation",
        json!({"req": {"case_id": case, "order_id": order, "at": Utc::now().to_rfc3339(),
            "description": "Prisutan na novoj intervenciji.", "evidence": ""}}),
    );
    assert_eq!(recorded["kind"], "reported", "{recorded}");
    let reports = app.ok("violation_reports", json!({ "caseId": case }));
    assert_eq!(reports[0]["order_id"], order, "{reports}");
    assert_eq!(reports[0]["accepted_at"], json!(null));
    // An order the history does not flag is refused.
    let e = app.refused(
        "report_violation",
        json!({"req": {"case_id": case, "order_id": perp, "at": Utc::now().to_rfc3339(),
            "description": "Prisutan.", "evidence": ""}}),
    );
    assert_eq!(e["code"], "violation_order_not_in_force", "{e}");
}
