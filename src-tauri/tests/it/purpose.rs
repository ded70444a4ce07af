//! The purpose of every consultation (EU Directive 2016/680 logging) through the commands, as the UI drives them:
//! refused with `purpose_required` (and the case it is asked for), answered once with
//! `set_purpose`, then every look goes through and shows in the timeline with its purpose; a
//! lock forgets the answers.

use serde_json::json;

use crate::harness::TestApp;

#[test]
fn a_case_asks_its_purpose_once_per_session_and_the_timeline_shows_it() {
    let app = TestApp::new();
    app.first_run();
    let content = app.complete_content();
    let id = app.ok(
        "save_case_draft",
        json!({"req": {"id": null, "content": content}}),
    )["id"]
        .clone();
    app.ok("record_case", json!({ "id": id }));
    // The officer who created it at the call is not asked.
    app.ok("open_case", json!({ "id": id }));
    // The list is: it shows everyone's names and addresses.
    let e = app.refused("list_cases", json!({"req": {}}));
    assert_eq!(e["code"], "purpose_required", "{e}");
    assert!(e.get("case_id").is_none(), "{e}");
    app.ok("lock", json!({}));
    assert_eq!(
        app.refused(
            "set_purpose",
            json!({"req": {"case_id": id, "purpose": {"code": "follow_up"}}})
        )["code"],
        "not_unlocked"
    );

    app.unlock();
    let e = app.refused("open_case", json!({ "id": id }));
    assert_eq!(e["code"], "purpose_required", "{e}");
    assert_eq!(e["case_id"], id);
    assert_eq!(
        app.refused("case_timeline", json!({ "id": id }))["case_id"],
        id
    );
    // Words with a line break or beyond 200 characters are refused on their field.
    for (text, code) in [
        ("KT 117/26\nOJT", "control_character"),
        (&"x".repeat(201)[..], "too_long"),
    ] {
        let e = app.refused(
            "set_purpose",
            json!({"req": {"case_id": id, "purpose": {"code": "judicial_request", "text": text}}}),
        );
        assert_eq!(e["code"], "invalid");
        assert_eq!(e["fields"][0]["field"], "purpose.text");
        assert_eq!(e["fields"][0]["code"], code);
    }
    // A code outside the fixed set does not even reach core.
    assert!(
        app.call(
            "set_purpose",
            json!({"req": {"case_id": id, "purpose": {"code": "curiosity"}}})
        )
        .is_err()
    );
    assert_eq!(
        app.refused("open_case", json!({ "id": id }))["code"],
        "purpose_required"
    );
    app.ok(
        "set_purpose",
        json!({"req": {"case_id": id, "purpose": {"code": "judicial_request", "text": "KT 117/26"}}}),
    );
    app.ok("open_case", json!({ "id": id }));
    app.ok("open_case", json!({ "id": id }));
    let timeline = app.ok("case_timeline", json!({ "id": id }));
    let looks: Vec<_> = timeline
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["purpose"] == "judicial_request")
        .collect();
    assert_eq!(looks.len(), 2, "{timeline}");
    assert!(looks.iter().all(|e| e["action"] == "view"
        && e["purpose_text"] == "KT 117/26"
        && e["target"] == format!("case:{}", id.as_str().unwrap())));
    // The first look, at the call, carries its automatic purpose.
    assert!(
        timeline
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "view" && e["purpose"] == "responding_to_call")
    );
    // Still refused for the list: the case's purpose is the case's.
    assert_eq!(
        app.refused("list_cases", json!({"req": {}}))["code"],
        "purpose_required"
    );
    app.purpose(None);
    assert_eq!(
        app.ok("list_cases", json!({"req": {}}))
            .as_array()
            .unwrap()
            .len(),
        1
    );

    app.ok("lock", json!({}));
    app.unlock();
    assert_eq!(
        app.refused("open_case", json!({ "id": id }))["code"],
        "purpose_required"
    );
    assert_eq!(
        app.refused("list_cases", json!({"req": {}}))["code"],
        "purpose_required"
    );
}
