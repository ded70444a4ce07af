//! Bad input through the IPC: each refused with a specific code the UI can translate, and nothing
//! already saved lost.

use serde_json::json;

use crate::harness::{BADGE, PASS, TestApp, unlock_args};

#[test]
fn a_weak_passphrase_or_bad_badge_at_first_run_is_refused_and_no_store_is_left() {
    let app = TestApp::new();
    let e = app.refused(
        "init_store",
        json!({"req": {"badge": BADGE, "name": "Milan", "passphrase": "12345678"}}),
    );
    assert_eq!(e["code"], "weak_passphrase");
    assert_eq!(e["problem"]["code"], "sequence");
    let e = app.refused(
        "init_store",
        json!({"req": {"badge": "NS 12/34", "name": "Milan", "passphrase": PASS}}),
    );
    assert_eq!(e["code"], "invalid_badge");
    assert_eq!(app.ok("app_status", json!({}))["store_exists"], false);
    assert_eq!(app.refused("unlock", unlock_args(PASS))["code"], "no_store");
    app.first_run();
    assert_eq!(
        app.refused(
            "init_store",
            json!({"req": {"badge": "KG1", "name": "Ana", "passphrase": PASS}})
        )["code"],
        "store_exists"
    );
}

#[test]
fn five_wrong_passphrases_lock_the_store_with_the_end_time_and_later_a_wipe_warning() {
    let app = TestApp::new();
    app.first_run();
    app.ok("lock", json!({}));
    let wrong = unlock_args("pogrešna lozinka");
    for left in (1..=4).rev() {
        assert_eq!(
            app.refused("unlock", wrong.clone())["attempts_before_lock"],
            left
        );
    }
    // The fifth locks at once; then even the right passphrase is refused until the end time.
    assert_eq!(app.refused("unlock", wrong.clone())["code"], "locked_out");
    let e = app.refused("unlock", unlock_args(PASS));
    assert_eq!(e["code"], "locked_out");
    let until = chrono::DateTime::parse_from_rfc3339(e["until"].as_str().unwrap()).unwrap();
    assert_eq!(until, crate::harness::t0() + chrono::Duration::minutes(10));
    let status = app.ok("app_status", json!({}));
    assert_eq!(status["device"]["locked_until"], e["until"]);

    // Two more lock-outs later, the warning before the wipe reaches the UI.
    app.clock.advance(chrono::Duration::minutes(11));
    app.refused("unlock", wrong.clone());
    app.clock.advance(chrono::Duration::minutes(21));
    let e = app.refused("unlock", wrong.clone());
    assert_eq!(e["attempts_before_wipe"], 3, "{e}");
    app.clock.advance(chrono::Duration::minutes(41));
    assert_eq!(app.unlock()["badge"], BADGE);
}

#[test]
fn malformed_arguments_are_refused_without_touching_the_store() {
    let app = TestApp::new();
    app.first_run();
    let content = app.complete_content();
    let id = app.ok(
        "save_case_draft",
        json!({"req": {"id": null, "content": content}}),
    )["id"]
        .clone();
    // Unknown fields, wrong types and bad ids are refused by the IPC layer itself.
    for (cmd, args) in [
        ("open_case", json!({"id": "not-a-uuid"})),
        (
            "save_case_draft",
            json!({"req": {"id": id, "content": {"incident": {"adress": "typo"}, "people": []}}}),
        ),
        (
            "save_case_draft",
            json!({"req": {"id": id, "content": {"incident": {}, "people": "nobody"}}}),
        ),
        ("record_case", json!({})),
        ("new_person", json!({"role": "neighbour"})),
        (
            "set_prefs",
            json!({"prefs": {"language": "de", "auto_lock_minutes": 5, "theme": "dark"}}),
        ),
    ] {
        assert!(app.call(cmd, args.clone()).is_err(), "{cmd} {args}");
    }
    let e = app.refused(
        "set_prefs",
        json!({"prefs": {"language": "hu", "auto_lock_minutes": 45, "theme": "dark"}}),
    );
    assert_eq!(e["code"], "invalid");
    assert_eq!(e["fields"][0]["field"], "auto_lock_minutes");
    let e = app.refused(
        "open_case",
        json!({"id": "01938f4e-0000-7000-8000-000000000000"}),
    );
    assert_eq!(e["code"], "case_not_found");
    // The draft saved before all that is intact.
    let view = app.ok("open_case", json!({"id": id}));
    assert_eq!(view["file"]["incident"]["municipality"], "Novi Sad");
}

#[test]
fn an_unreadable_keyring_is_reported_on_screen_instead_of_the_app_dying() {
    let app = TestApp::new();
    app.first_run();
    app.ok("lock", json!({}));
    let keyring = app.dir.path().join("store").join("keyring.json");
    std::fs::write(&keyring, b"{ not a keyring").unwrap();
    let app = app.restart();
    let e = app.refused("app_status", json!({}));
    assert_eq!(e["code"], "keyring", "{e}");
    // Nothing else pretends to work, and preferences (for the message's language) still load.
    assert_eq!(app.refused("unlock", unlock_args(PASS))["code"], "no_store");
    assert_eq!(app.ok("get_prefs", json!({}))["language"], "sr-Latn");
    // And the damaged store is never replaced by a new one.
    let again = json!({"req": {"badge": BADGE, "name": "Milan", "passphrase": PASS}});
    assert_eq!(app.refused("init_store", again)["code"], "store_exists");
}
