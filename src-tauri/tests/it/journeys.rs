//! What an officer does, through the commands, in the order the screens do it.

use serde_json::json;

use crate::harness::{BADGE, PASS, TestApp, signature, unlock_args};

#[test]
fn first_run_creates_the_store_and_the_officer_is_signed_in() {
    let app = TestApp::new();
    let status = app.ok("app_status", json!({}));
    assert_eq!(status["store_exists"], false);
    assert!(status["device"].is_null() && status["officer"].is_null());
    assert!(status["store_dir"].as_str().unwrap().ends_with("store"));

    let rules = app.ok(
        "passphrase_problems",
        json!({"passphrase": "NS1234", "badge": BADGE}),
    );
    let codes: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["too_short", "is_badge"]);
    // While the badge is still being typed (invalid), the other rules still answer.
    let rules = app.ok(
        "passphrase_problems",
        json!({"passphrase": "1234", "badge": "n s"}),
    );
    assert_eq!(rules[0]["code"], "too_short");
    assert_eq!(
        app.ok(
            "passphrase_problems",
            json!({"passphrase": PASS, "badge": BADGE})
        ),
        json!([])
    );

    let officer = app.first_run();
    // The first officer sets the device up at the station: the competent officer (Art. 15).
    assert_eq!(
        officer,
        json!({"badge": BADGE, "name": "Milan Jovanović", "role": "competent", "rank": "policijski narednik"})
    );
    let status = app.ok("app_status", json!({}));
    assert_eq!(status["store_exists"], true);
    assert_eq!(status["officer"]["badge"], BADGE);
    assert_eq!(status["device"]["officers"], json!([BADGE]));
}

#[test]
fn lock_then_unlock_with_a_wrong_then_the_right_passphrase() {
    let app = TestApp::new();
    app.first_run();
    assert_eq!(app.ok("lock", json!({})), json!(null));
    assert_eq!(
        app.refused("list_cases", json!({"req": {}}))["code"],
        "not_unlocked"
    );
    assert!(app.ok("app_status", json!({}))["officer"].is_null());

    let e = app.refused("unlock", unlock_args("pogrešna lozinka"));
    assert_eq!(e["code"], "wrong_passphrase");
    assert_eq!(e["attempts_before_lock"], 4);
    assert!(!e["message"].as_str().unwrap().contains("pogrešna"));
    assert_eq!(
        app.ok("app_status", json!({}))["device"]["consecutive_failures"],
        1
    );

    assert_eq!(app.unlock()["badge"], BADGE);
    assert_eq!(
        app.refused("unlock", unlock_args(PASS))["code"],
        "already_unlocked"
    );
    assert_eq!(
        app.ok("app_status", json!({}))["device"]["consecutive_failures"],
        0
    );
}

#[test]
fn a_case_is_drafted_recorded_listed_opened_and_its_timeline_shown() {
    let app = TestApp::new();
    app.first_run();
    // An autosave of an almost empty form is kept, with what recording still needs.
    let victim = app.ok("new_person", json!({"role": "victim"}));
    let saved = app.ok(
        "save_case_draft",
        json!({"req": {"id": null, "content": {"incident": {"address": "Bulevar"}, "people": [victim]}}}),
    );
    let id = saved["id"].as_str().unwrap().to_owned();
    let fields: Vec<&str> = saved["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"incident.reported_at"), "{fields:?}");

    // Recording the incomplete draft is refused field by field; nothing is lost.
    let e = app.refused("record_case", json!({"id": id}));
    assert_eq!(e["code"], "invalid");
    assert!(
        e["fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "no_perpetrator")
    );
    let view = app.ok("open_case", json!({"id": id}));
    assert_eq!(view["file"]["incident"]["address"], "Bulevar");

    let content = app.complete_content();
    let saved = app.ok(
        "save_case_draft",
        json!({"req": {"id": id, "content": content}}),
    );
    assert_eq!(saved["issues"], json!([]));
    let recorded = app.ok("record_case", json!({"id": id}));
    assert_eq!(recorded["version"], 1);

    // The list shows other cases' names and addresses: it asks its own purpose.
    app.purpose(None);
    let list = app.ok("list_cases", json!({"req": {"search": "petrovic"}}));
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["status"], "recorded");
    assert_eq!(list[0]["victims"], json!(["Jelena Petrović"]));
    assert_eq!(
        app.ok("list_cases", json!({"req": {"search": "nepostojeći"}})),
        json!([])
    );

    let view = app.ok("open_case", json!({"id": id}));
    assert_eq!(view["file"]["people"].as_array().unwrap().len(), 2);
    let timeline = app.ok("case_timeline", json!({"id": id}));
    let actions: Vec<&str> = timeline
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions.first(), Some(&"create"));
    assert!(
        actions.contains(&"record") && actions.contains(&"view"),
        "{actions:?}"
    );
    assert!(
        timeline
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["officer"] == BADGE)
    );
}

#[test]
fn a_statement_is_taken_signed_and_then_refuses_changes_even_after_a_restart() {
    let app = TestApp::new();
    app.first_run();
    let content = app.complete_content();
    let victim_id = content["people"][0]["id"].clone();
    let id = app.ok(
        "save_case_draft",
        json!({"req": {"id": null, "content": content}}),
    )["id"]
        .clone();
    app.ok("record_case", json!({"id": id}));

    let started = app.ok(
        "start_statement",
        json!({"req": {"case_id": id, "person_id": victim_id, "draft": {"place": "Novi Sad", "language": "sr", "text": ""}}}),
    );
    let st_id = started["statement"]["id"].clone();
    let saved = app.ok(
        "save_statement_draft",
        json!({"id": st_id, "draft": {"place": "Novi Sad", "language": "sr", "interpreter": null, "text": "Suprug me je udario."}}),
    );
    assert_eq!(saved["statement"]["text"], "Suprug me je udario.");
    // Signing without the officer's signature is refused, field by field.
    let e = app.refused(
        "sign_statement",
        json!({"req": {"id": st_id, "victim_signature": signature(), "officer_signature": null}}),
    );
    assert_eq!(e["code"], "invalid");
    let signed = app.ok(
        "sign_statement",
        json!({"req": {"id": st_id, "victim_signature": signature(), "officer_signature": signature()}}),
    );
    assert!(signed["statement"]["signed_at"].is_string());
    assert_eq!(
        signed["statement"]["content_sha256"]
            .as_str()
            .unwrap()
            .len(),
        64
    );

    let app = app.restart();
    assert_eq!(
        app.refused("open_case", json!({"id": id}))["code"],
        "not_unlocked"
    );
    app.unlock();
    app.purpose(Some(&json!(id)));
    let view = app.ok("open_case", json!({"id": id}));
    assert_eq!(
        view["file"]["statements"][0]["text"],
        "Suprug me je udario."
    );
    let e = app.refused(
        "save_statement_draft",
        json!({"id": st_id, "draft": {"place": "", "language": "sr", "interpreter": null, "text": "izmenjeno"}}),
    );
    assert_eq!(e["code"], "statement_signed");
    let timeline = app.ok("case_timeline", json!({"id": id}));
    assert!(
        timeline
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "sign"
                && e["target"].as_str().unwrap().starts_with("statement:"))
    );
}

#[test]
fn preferences_are_kept_across_restarts_and_readable_before_unlocking() {
    let app = TestApp::new();
    assert_eq!(
        app.ok("get_prefs", json!({})),
        json!({"language": "sr-Latn", "auto_lock_minutes": 5, "theme": "system"})
    );
    let prefs = json!({"language": "sr-Cyrl", "auto_lock_minutes": 15, "theme": "dark"});
    assert_eq!(app.ok("set_prefs", json!({"prefs": prefs})), prefs);
    app.first_run();
    let app = app.restart();
    assert_eq!(app.ok("get_prefs", json!({})), prefs);
}
