//! Sync through the IPC: the status before enrolment, enrolment codes refused with specific
//! codes, an unreachable central record, nothing of it while locked, and a revocation that locks
//! the shell at once.

use serde_json::json;
use std::time::{Duration, Instant};

use crate::harness::{PASS, TestApp, unlock_args};
use zastita_sync_tests::central::{Backend, Central};

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

/// Poll `sync_status` until `ok` holds (a round runs on the background task).
fn wait_for(
    app: &TestApp,
    what: &str,
    ok: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    poll(app, "sync_status", what, ok)
}

/// Poll `app_status` until `ok` holds (the background round acts on its own).
fn wait_for_status(
    app: &TestApp,
    what: &str,
    ok: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    poll(app, "app_status", what, ok)
}

/// Ask `command` every 50 ms until its answer satisfies `ok` (at most a minute).
fn poll(
    app: &TestApp,
    command: &str,
    what: &str,
    ok: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let s = app.ok(command, json!({}));
        if ok(&s) {
            return s;
        }
        assert!(Instant::now() < deadline, "never {what}: {s}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_round_stuck_on_the_network_never_blocks_the_officer_and_locking_stops_it() {
    let mut central = Central::start(Backend::Sqlite).unwrap();
    let app = TestApp::new();
    app.first_run();

    // Enrolment starts the first round at once; it sends what is queued (the audit log).
    let code = central.enrollment_code(&central.url()).unwrap();
    let s = app.ok("enroll_device", json!({ "code": code }));
    assert_eq!(s["status"]["enrolled"], true, "{s}");
    assert_eq!(s["running"], true, "{s}");
    let s = wait_for(&app, "synced", |s| {
        s["running"] == false && s["status"]["pending"] == 0
    });
    assert!(s["status"]["last_success_at"].is_string(), "{s}");
    assert_eq!(s["last_summary"]["pending_after"], 0, "{s}");
    // The harness's clock is a day off the server's: measured and flagged, nothing refused.
    assert_eq!(s["status"]["skew_flagged"], true, "{s}");
    assert!(
        s["next_attempt_at"].is_string(),
        "a healthy round schedules the next: {s}"
    );

    // The central record's port now accepts connections and never answers.
    let port = central.addr().port();
    central.kill();
    let hole = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
    let held = std::thread::spawn(move || {
        let mut conns = Vec::new();
        for c in hole.incoming().take(4) {
            conns.push(c);
        }
        std::thread::sleep(Duration::from_secs(120));
        drop(conns);
    });
    let content = app.complete_content();
    app.ok(
        "save_case_draft",
        json!({"req": {"id": null, "content": content}}),
    );
    let s = app.ok("sync_now", json!({}));
    assert_eq!(s["running"], true, "{s}");
    std::thread::sleep(Duration::from_millis(300));

    // While the round waits on the network, the officer's work goes on: these commands answer
    // while the round is still running (had the round held the store, they would have waited
    // for it to time out, and it would no longer be running).
    app.purpose(None);
    let listed = app.ok("list_cases", json!({"req": {}}));
    let id = listed[0]["id"].clone();
    app.ok("open_case", json!({ "id": id }));
    app.ok("record_case", json!({ "id": id }));
    assert_eq!(app.ok("sync_status", json!({}))["running"], true);

    // Locking takes the mutex the round only borrows, and drops the round.
    app.ok("lock", json!({}));
    assert_eq!(
        app.refused("sync_status", json!({}))["code"],
        "not_unlocked"
    );
    drop(held);
}

#[test]
fn a_revocation_while_unlocked_locks_the_shell_at_once_and_every_start_says_revoked() {
    let central = Central::start(Backend::Sqlite).unwrap();
    let app = TestApp::new();
    app.first_run();
    let content = app.complete_content();
    app.ok(
        "save_case_draft",
        json!({"req": {"id": null, "content": content}}),
    );
    let code = central.enrollment_code(&central.url()).unwrap();
    app.ok("enroll_device", json!({ "code": code }));
    let s = wait_for(&app, "synced", |s| {
        s["running"] == false && s["status"]["pending"] == 0
    });
    let id = s["status"]["central_device_id"]
        .as_str()
        .unwrap()
        .to_owned();
    central
        .admin(&["device", "revoke", "--device", &id])
        .unwrap();

    // The next round learns it; the shell ends the session itself — no lock command, no
    // auto-lock — and the unlock screen's status says why.
    app.ok("sync_now", json!({}));
    let status = wait_for_status(&app, "locked by the revocation", |s| s["officer"].is_null());
    assert_eq!(status["store_exists"], true, "{status}");
    assert_eq!(status["device"]["revoked"], true, "{status}");
    assert_eq!(status["device"]["wiped"], true, "{status}");
    assert_eq!(status["device"]["officers"], json!([]), "{status}");
    assert_eq!(
        app.refused("list_cases", json!({"req": {}}))["code"],
        "not_unlocked"
    );
    let store = app.dir.path().join("store");
    for name in ["zastita.db", "zastita.db-wal", "zastita.db-shm"] {
        assert!(!store.join(name).exists(), "{name} survived the revocation");
    }
    assert_eq!(
        app.refused("unlock", unlock_args(PASS))["code"],
        "device_revoked"
    );

    // Every later start says so, and refuses the right passphrase.
    let app = app.restart();
    let status = app.ok("app_status", json!({}));
    assert_eq!(status["device"]["revoked"], true, "{status}");
    assert_eq!(
        app.refused("unlock", unlock_args(PASS))["code"],
        "device_revoked"
    );
    assert!(!store.join("zastita.db").exists());
}
