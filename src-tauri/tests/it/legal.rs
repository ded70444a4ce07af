//! Risk assessment → order → service → documents, through the commands exactly as the screens
//! call them (argument names and JSON shapes included), and the refusals the officer can meet.

use serde_json::{Value, json};

use crate::harness::{BADGE, TestApp, signature, t0};

fn recorded_case(app: &TestApp) -> (String, Value) {
    app.first_run();
    let saved = app.ok(
        "save_case_draft",
        json!({"req": {"id": null, "content": app.complete_content()}}),
    );
    let id = saved["id"].as_str().unwrap().to_owned();
    app.ok("record_case", json!({"id": id}));
    let view = app.ok("open_case", json!({"id": id}));
    (id, view)
}

fn person(view: &Value, role: &str) -> Value {
    view["file"]["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["role"] == role)
        .unwrap()["id"]
        .clone()
}

#[test]
fn assess_issue_serve_and_print_through_the_commands() {
    let app = TestApp::new();
    let (case_id, view) = recorded_case(&app);

    let instruments = app.ok("list_instruments", json!({}));
    assert_eq!(instruments[0]["id"], "art16");
    assert!(instruments[0]["items"][0]["text"]["sr-Cyrl"].is_string());

    let started = app.ok(
        "start_assessment",
        json!({"req": {"case_id": case_id, "instrument_id": "art16"}}),
    );
    let assessment_id = started["assessment"]["id"].clone();
    let mut answers = serde_json::Map::new();
    for item in instruments[0]["items"].as_array().unwrap() {
        let id = item["id"].as_str().unwrap();
        let yes = id == "threat-to-kill";
        answers.insert(
            id.to_owned(),
            json!({"answer": if yes { "yes" } else { "no" }, "note": ""}),
        );
    }
    let saved = app.ok(
        "save_assessment",
        json!({"req": {"id": assessment_id, "answers": answers,
                       "officer_believes_in_danger": true,
                       "judgement_reasons": "Pretio da će je ubiti."}}),
    );
    assert_eq!(saved["evaluation"]["computed_level"], "high");
    assert_eq!(saved["problems"], json!([]));

    // Lowering the computed level: refused with the computed level for the message.
    let e = app.refused(
        "complete_assessment",
        json!({"req": {"id": assessment_id, "final_level": "medium", "raise_reason": null}}),
    );
    assert_eq!(e["code"], "risk_level_lowered");
    assert_eq!(e["computed_level"], "high");
    let done = app.ok(
        "complete_assessment",
        json!({"req": {"id": assessment_id, "final_level": null, "raise_reason": null}}),
    );
    assert_eq!(done["assessment"]["completed"]["final_level"], "high");

    // Where the wizard starts: core's proposal for the case, and its list of administrations.
    let start = app.ok("order_wizard", json!({"caseId": case_id}));
    assert_eq!(
        start["defaults"]["perpetrator"],
        person(&view, "perpetrator")
    );
    assert_eq!(
        start["defaults"]["protected"],
        json!([person(&view, "victim")])
    );
    assert_eq!(start["defaults"]["assessment"], assessment_id);
    assert_eq!(start["defaults"]["police_administration"], "PU Novi Sad");
    assert_eq!(start["police_administrations"][0], "PU za grad Beograd");
    assert_eq!(
        start["police_administrations"].as_array().map(Vec::len),
        Some(27)
    );

    let content = json!({
        "measures": ["removal_from_dwelling", "contact_ban"],
        "perpetrator": person(&view, "perpetrator"),
        "protected": [person(&view, "victim")],
        "legal_basis": "zsnp2016_art17",
        "reasons": "Pretnja ubistvom.",
        "dwelling": "Bulevar oslobođenja 12, stan 4",
        "perpetrator_adult_confirmed": true,
        "assessment": assessment_id,
        "police_administration": "PU za Grad Novi Sad",
        "police_station": ""
    });
    let draft = app.ok(
        "save_order_draft",
        json!({"req": {"case_id": case_id, "id": null, "content": content}}),
    );
    assert_eq!(draft["issues"], json!([]));
    assert_eq!(draft["clocks"]["status"], "draft");
    let order_id = draft["order"]["id"].clone();
    let issued = app.ok("issue_order", json!({"id": order_id}));
    assert_eq!(issued["clocks"]["status"], "issued");

    // Serving in the future is refused with the field; then served now.
    let served_at = t0() + chrono::Duration::minutes(10);
    app.clock.set(served_at);
    let serve = |at: chrono::DateTime<chrono::Utc>| {
        json!({"req": {"id": order_id, "event": {
            "kind": "served", "at": at.to_rfc3339(), "place": "Bulevar oslobođenja 12",
            "served_by": BADGE, "signature": signature(), "refused_to_sign": null}}})
    };
    let e = app.refused(
        "record_order_event",
        serve(served_at + chrono::Duration::hours(3)),
    );
    assert_eq!(e["code"], "invalid");
    assert_eq!(e["fields"][0]["field"], "event.at");
    let served = app.ok("record_order_event", serve(served_at));
    assert_eq!(served["clocks"]["status"], "in_force");
    let expires: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(served["clocks"]["expires_at"].clone()).unwrap();
    assert_eq!(expires - served_at, chrono::Duration::hours(48));
    // Served twice: refused with the order's own code.
    let e = app.refused("record_order_event", serve(served_at));
    assert_eq!(e["code"], "order_already_served");

    // The list's badge carries the deadline; the document comes back as a preview model.
    app.purpose(None);
    let list = app.ok("list_cases", json!({"req": {}}));
    assert_eq!(
        list[0]["legal"]["orders"][0]["expires_at"],
        served["clocks"]["expires_at"]
    );
    assert_eq!(list[0]["legal"]["risk"]["level"], "high");
    let doc = app.ok(
        "generate_document",
        json!({"req": {"case_id": case_id, "kind": "order", "order_id": order_id,
                       "language": "sr-Cyrl"}}),
    );
    assert!(
        doc["preview"]["title"]
            .as_str()
            .unwrap()
            .contains("НАРЕЂЕЊЕ")
    );
    assert_eq!(doc["preview"]["blocks"][0]["kind"], "paragraph");
    assert!(doc["info"]["size"].as_u64().unwrap() > 1000);
    let docs = app.ok("case_documents", json!({"id": case_id}));
    assert_eq!(docs.as_array().unwrap().len(), 1);
    assert_eq!(docs[0]["kind"], "order");
    assert_eq!(docs[0]["language"], "sr-Cyrl");
    assert!(docs[0]["size"].is_u64());
    // A stored document opens again exactly as it was generated.
    let again = app.ok("document_preview", json!({"id": docs[0]["id"]}));
    assert_eq!(again, doc);
    let e = app.refused(
        "document_preview",
        json!({"id": "01959624-0000-7000-8000-000000000000"}),
    );
    assert_eq!(e["code"], "document_not_found");
}

#[test]
fn an_order_without_an_assessment_is_refused_and_the_draft_kept() {
    let app = TestApp::new();
    let (case_id, view) = recorded_case(&app);
    let draft = app.ok(
        "save_order_draft",
        json!({"req": {"case_id": case_id, "id": null, "content": {
            "measures": ["contact_ban"],
            "perpetrator": person(&view, "perpetrator"),
            "protected": [person(&view, "victim")],
            "reasons": "Pretnje.",
            "police_administration": "PU za Grad Novi Sad"}}}),
    );
    let id = draft["order"]["id"].clone();
    let e = app.refused("issue_order", json!({"id": id}));
    assert_eq!(e["code"], "order_needs_assessment");
    let kept = app.ok("get_order", json!({"id": id}));
    assert_eq!(kept["order"]["content"]["reasons"], "Pretnje.");
    assert_eq!(kept["clocks"]["status"], "draft");
    // A document for an order of another case (or none): refused, nothing stored.
    let e = app.refused(
        "generate_document",
        json!({"req": {"case_id": case_id, "kind": "receipt", "order_id": null,
                       "language": "hu"}}),
    );
    assert_eq!(e["code"], "invalid");
    assert_eq!(app.ok("case_documents", json!({"id": case_id})), json!([]));
}
