//! Sync through the IPC: the status before enrolment, enrolment codes refused with specific
//! codes, an unreachable central record, and nothing of it while locked.

use serde_json::json;

use crate::harness::TestApp;

const FINGERPRINT: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

#[test]
fn before_enrolment_the_status_says_so_and_sync_now_does_nothing() {
    let app = TestApp::new();
    app.first_run();
    let s = app.ok("sync_status", json!({}));
    assert_eq!(s["status"]["enrolled"], false, "{s}");
    assert_eq!(s["status"]["server"], json!(null));
    assert_eq!(s["running"], false);
    assert_eq!(s["progress"], json!(null));
    assert_eq!(s["next_attempt_at"], json!(null));
    assert_eq!(s["last_summary"], json!(null));
    assert!(s["status"]["quarantined"].as_array().unwrap().is_empty());

    let s = app.ok("sync_now", json!({}));
    assert_eq!(s["running"], false, "{s}");
    assert_eq!(s["status"]["enrolled"], false);
}

#[test]
fn malformed_enrolment_codes_are_refused_each_with_its_own_code() {
    let app = TestApp::new();
    app.first_run();
    for (code, expected) in [
        ("", "enrollment_code_not_a_code"),
        ("hello", "enrollment_code_not_a_code"),
        ("zastita-enroll:v1:tok", "enrollment_code_incomplete"),
        (
            &format!("zastita-enroll:v1:to ken:{FINGERPRINT}:https://127.0.0.1:9"),
            "enrollment_code_bad_token",
        ),
        (
            "zastita-enroll:v1:tok:abc:https://127.0.0.1:9",
            "enrollment_code_bad_fingerprint",
        ),
        (
            &format!("zastita-enroll:v1:tok:{FINGERPRINT}:http://127.0.0.1:9"),
            "enrollment_code_not_https",
        ),
    ] {
        let e = app.refused("enroll_device", json!({ "code": code }));
        assert_eq!(e["code"], expected, "{code:?}: {e}");
    }
    assert_eq!(
        app.ok("sync_status", json!({}))["status"]["enrolled"],
        false
    );
}

#[test]
fn an_unreachable_central_record_is_sync_offline_and_leaves_the_device_unenrolled() {
    let app = TestApp::new();
    app.first_run();
    // Nothing listens on port 9 of loopback: refused at once.
    let code = format!("zastita-enroll:v1:tok:{FINGERPRINT}:https://127.0.0.1:9");
    let e = app.refused("enroll_device", json!({ "code": code }));
    assert_eq!(e["code"], "sync_offline", "{e}");
    let s = app.ok("sync_status", json!({}));
    assert_eq!(s["status"]["enrolled"], false);
    assert_eq!(s["status"]["last_error_code"], "sync_offline", "{s}");
}

#[test]
fn while_locked_there_is_no_sync_status_no_round_and_no_enrolment() {
    let app = TestApp::new();
    app.first_run();
    app.ok("lock", json!({}));
    for (cmd, args) in [
        ("sync_status", json!({})),
        ("sync_now", json!({})),
        (
            "enroll_device",
            json!({"code": format!("zastita-enroll:v1:tok:{FINGERPRINT}:https://127.0.0.1:9")}),
        ),
    ] {
        assert_eq!(app.refused(cmd, args)["code"], "not_unlocked", "{cmd}");
    }
    app.unlock();
    assert_eq!(app.ok("sync_status", json!({}))["running"], false);
}
