//! The real `zastita` binary, run as a station's IT staff would run it.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

const PIN: &str = "Zelena livada 7";

fn zastita(store: &Path, pin: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_zastita"));
    cmd.arg("--store").arg(store).args(args);
    cmd.env_remove("ZASTITA_PIN")
        .env_remove("ZASTITA_NEW_PIN")
        .env_remove("ZASTITA_OFFICER")
        .env_remove("ZASTITA_STORE");
    if let Some(p) = pin {
        cmd.env("ZASTITA_PIN", p);
    }
    cmd.output().unwrap()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// The one error line of a failed run.
fn fails(out: &Output) -> String {
    assert!(
        !out.status.success(),
        "unexpectedly succeeded: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "want one line, got: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    err
}

fn init(dir: &Path) {
    ok(&zastita(
        dir,
        Some(PIN),
        &["--officer", "NS1234", "init", "--name", "Milica Jovanović"],
    ));
}

fn fixture() -> &'static str {
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/case-v3.json"
    )
}

#[test]
fn import_list_show_export_verify_audit() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    init(&store);
    let imported: serde_json::Value = serde_json::from_str(&ok(&zastita(
        &store,
        Some(PIN),
        &["--json", "case", "import", fixture()],
    )))
    .unwrap();
    let id = imported["id"].as_str().unwrap().to_owned();

    let list: serde_json::Value = serde_json::from_str(&ok(&zastita(
        &store,
        Some(PIN),
        &["case", "list", "--json"],
    )))
    .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], id.as_str());

    let text = ok(&zastita(&store, Some(PIN), &["case", "show", &id]));
    assert!(text.contains(&id));
    assert!(text.contains("Novi Sad"), "{text}");
    // Issue 11, item 7: the officer's finding first, then the level, named a guide.
    let finding = text
        .find("imminent danger (officer's finding): yes")
        .unwrap_or_else(|| panic!("{text}"));
    let guide = text
        .find("guide level high")
        .unwrap_or_else(|| panic!("{text}"));
    assert!(finding < guide, "{text}");
    assert!(
        text.contains("reasons: Pretio pištoljem pred detetom."),
        "{text}"
    );
    // Every statement says who gave it.
    assert!(text.contains(" of victim Jelena Petrović taken "), "{text}");

    let shown: serde_json::Value = serde_json::from_str(&ok(&zastita(
        &store,
        Some(PIN),
        &["case", "show", &id, "--json"],
    )))
    .unwrap();
    assert!(
        shown["file"]["incident"]["narrative"]
            .as_str()
            .unwrap()
            .len()
            > 10
    );

    let exported = zastita(&store, Some(PIN), &["case", "export", &id]);
    assert_eq!(exported.stdout, std::fs::read(fixture()).unwrap());
    let out_file = dir.path().join("out.json");
    ok(&zastita(
        &store,
        Some(PIN),
        &["case", "export", &id, "-o", out_file.to_str().unwrap()],
    ));
    assert_eq!(
        std::fs::read(&out_file).unwrap(),
        std::fs::read(fixture()).unwrap()
    );
    // The exported case file holds personal data: readable by its owner only, no temporary
    // file left beside it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    assert!(!dir.path().join("out.json.tmp").exists());

    assert!(ok(&zastita(&store, Some(PIN), &["verify"])).starts_with("ok:"));
    let audit = ok(&zastita(&store, Some(PIN), &["audit"]));
    for action in ["init", "import", "view", "export", "verify", "unlock"] {
        assert!(
            audit.contains(action),
            "{action} missing from audit:\n{audit}"
        );
    }
    // The audit says who and what, never whose case: no names in it.
    assert!(!audit.contains("Petrović"));
}

#[test]
fn wrong_passphrase_then_lockout_that_survives_restarts() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let first = fails(&zastita(
        dir.path(),
        Some("pogresna lozinka"),
        &["case", "list"],
    ));
    assert!(first.contains("wrong passphrase"), "{first}");
    assert!(first.contains("4 attempts left"), "{first}");
    for _ in 0..3 {
        fails(&zastita(
            dir.path(),
            Some("pogresna lozinka"),
            &["case", "list"],
        ));
    }
    let locked = fails(&zastita(
        dir.path(),
        Some("pogresna lozinka"),
        &["case", "list"],
    ));
    assert!(locked.contains("locked until"), "{locked}");
    // Every run is a new process; the right passphrase is refused until the time has passed.
    let still = fails(&zastita(dir.path(), Some(PIN), &["case", "list"]));
    assert!(still.contains("locked until"), "{still}");
    let status = ok(&zastita(dir.path(), None, &["status"]));
    assert!(status.contains("locked out until"), "{status}");
}

#[test]
fn clear_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = fails(&zastita(
        &dir.path().join("nowhere"),
        Some(PIN),
        &["case", "list"],
    ));
    assert!(missing.contains("zastita init"), "{missing}");

    let weak = fails(&zastita(
        dir.path(),
        Some("12345678"),
        &["--officer", "NS1", "init", "--name", "A B"],
    ));
    assert!(weak.contains("passphrase"), "{weak}");

    init(dir.path());
    let bad_id = fails(&zastita(
        dir.path(),
        Some(PIN),
        &["case", "show", "not-a-uuid"],
    ));
    assert!(bad_id.contains("not a case id"), "{bad_id}");

    let mut case: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture()).unwrap()).unwrap();
    case["people"][0]["jmbg"] = "0101990710009".into();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, serde_json::to_vec(&case).unwrap()).unwrap();
    let err = fails(&zastita(
        dir.path(),
        Some(PIN),
        &["case", "import", bad.to_str().unwrap()],
    ));
    assert!(err.contains("people[0].jmbg"), "{err}");

    case["format_version"] = 7.into();
    std::fs::write(&bad, serde_json::to_vec(&case).unwrap()).unwrap();
    let err = fails(&zastita(
        dir.path(),
        Some(PIN),
        &["case", "import", bad.to_str().unwrap()],
    ));
    assert!(err.contains("version 7"), "{err}");

    std::fs::write(&bad, b"{\"format\": \"zastita-case\", \xff\xfe}").unwrap();
    let err = fails(&zastita(
        dir.path(),
        Some(PIN),
        &["case", "import", bad.to_str().unwrap()],
    ));
    assert!(err.contains("UTF-8"), "{err}");
    // Nothing was imported by any of that.
    assert_eq!(
        ok(&zastita(dir.path(), Some(PIN), &["case", "list"])).trim(),
        "No cases."
    );
}

#[test]
fn officers_add_and_change_passphrases() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let mut add = Command::new(env!("CARGO_BIN_EXE_zastita"));
    add.args([
        "officer",
        "add",
        "--badge",
        "NS5678",
        "--name",
        "Nikola Tomić",
        "--rank",
        "policijski kaplar",
    ])
    .arg("--store")
    .arg(dir.path())
    .env("ZASTITA_PIN", PIN)
    .env("ZASTITA_NEW_PIN", "Dunav teče tiho");
    ok(&add.output().unwrap());
    let ambiguous = fails(&zastita(dir.path(), Some(PIN), &["case", "list"]));
    assert!(ambiguous.contains("--officer"), "{ambiguous}");
    let list = ok(&zastita(
        dir.path(),
        Some("Dunav teče tiho"),
        &["--officer", "NS5678", "officer", "list"],
    ));
    assert!(
        list.contains("Nikola Tomić, policijski kaplar") && list.contains("Milica Jovanović"),
        "{list}"
    );
    // The station changes a rank; one of two lines is refused in plain words.
    let bad = fails(&zastita(
        dir.path(),
        Some("Dunav teče tiho"),
        &["--officer", "NS5678", "officer", "rank", "NS5678", "a\nb"],
    ));
    assert!(bad.contains("rank"), "{bad}");
    let changed = ok(&zastita(
        dir.path(),
        Some("Dunav teče tiho"),
        &[
            "--officer",
            "NS5678",
            "officer",
            "rank",
            "NS5678",
            "policijski narednik",
        ],
    ));
    assert!(changed.contains("policijski narednik"), "{changed}");

    let mut passwd = Command::new(env!("CARGO_BIN_EXE_zastita"));
    passwd
        .args(["--officer", "NS1234", "officer", "passwd"])
        .arg("--store")
        .arg(dir.path())
        .env("ZASTITA_PIN", PIN)
        .env("ZASTITA_NEW_PIN", "Plavo nebo nad Fruškom");
    ok(&passwd.output().unwrap());
    fails(&zastita(
        dir.path(),
        Some(PIN),
        &["--officer", "NS1234", "case", "list"],
    ));
    ok(&zastita(
        dir.path(),
        Some("Plavo nebo nad Fruškom"),
        &["--officer", "NS1234", "case", "list"],
    ));
}

#[test]
fn verify_reports_a_damaged_database() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    for _ in 0..1 {
        ok(&zastita(
            dir.path(),
            Some(PIN),
            &["case", "import", fixture()],
        ));
    }
    // Grow the file with audit entries so there are pages past the schema to damage.
    for _ in 0..40 {
        ok(&zastita(dir.path(), Some(PIN), &["verify"]));
    }
    let db = dir.path().join("zastita.db");
    let mut bytes = std::fs::read(&db).unwrap();
    let pages = bytes.len() / 4096;
    assert!(pages >= 6, "only {pages} pages");
    let at = (pages - 2) * 4096 + 2000;
    bytes[at] ^= 0x01;
    std::fs::write(&db, &bytes).unwrap();
    let out = zastita(dir.path(), Some(PIN), &["verify"]);
    let err = fails(&out);
    assert!(err.contains("damaged") || err.contains("FAILED"), "{err}");
}

/// The fixture with every UUID's first four hex digits replaced by `k`: a distinct, valid case.
fn variant(k: u16) -> Vec<u8> {
    let text = std::fs::read_to_string(fixture()).unwrap();
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    // UUIDs in the file are quoted: "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
    while let Some(start) = rest.find('"') {
        let (before, after) = rest.split_at(start + 1);
        out.push_str(before);
        let end = after.find('"').unwrap_or(after.len());
        let token = &after[..end];
        if token.len() == 36 && token.chars().filter(|c| *c == '-').count() == 4 {
            out.push_str(&format!("{k:04x}"));
            out.push_str(&token[4..]);
        } else {
            out.push_str(token);
        }
        rest = &after[end..];
        if let Some(r) = rest.strip_prefix('"') {
            out.push('"');
            rest = r;
        }
    }
    out.push_str(rest);
    out.into_bytes()
}

#[test]
fn a_process_killed_mid_import_leaves_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    init(&store);
    let mut expected = Vec::new();
    for k in 1..=8u16 {
        let file = dir.path().join(format!("case-{k}.json"));
        std::fs::write(&file, variant(k)).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_zastita"))
            .arg("--store")
            .arg(&store)
            .args(["case", "import"])
            .arg(&file)
            .env("ZASTITA_PIN", PIN)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Killing during key derivation counts as a failed attempt (by design), so wait until
        // the attempt was counted and forgiven — the passphrase is checked — then kill at
        // spread-out moments of opening, importing and locking.
        let failures = || -> Option<u64> {
            let text = std::fs::read_to_string(store.join("keyring.json")).ok()?;
            let v: serde_json::Value = serde_json::from_str(&text).ok()?;
            v["unlock"]["consecutive_failures"].as_u64()
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        let mut counted = false;
        while std::time::Instant::now() < deadline {
            match failures() {
                Some(1) => counted = true,
                Some(0) if counted => break,
                _ => {}
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(u64::from(k) * 7));
        let _ = child.kill();
        let out = child.wait_with_output().unwrap();
        // Either it was killed, or it finished and succeeded: never a real error.
        assert!(
            out.status.success() || out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        expected.push(file);
    }
    assert!(ok(&zastita(&store, Some(PIN), &["verify"])).starts_with("ok:"));
    let list: serde_json::Value = serde_json::from_str(&ok(&zastita(
        &store,
        Some(PIN),
        &["case", "list", "--json"],
    )))
    .unwrap();
    let committed = list.as_array().unwrap().len();
    eprintln!("{committed} of 8 killed imports had committed");
    assert!(committed <= 8);
    // Every case that made it is whole: its export is the very file imported.
    for case in list.as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        let exported = zastita(&store, Some(PIN), &["case", "export", id]).stdout;
        assert!(
            expected
                .iter()
                .any(|f| std::fs::read(f).unwrap() == exported),
            "case {id} is partial"
        );
    }
}

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext is missing: install poppler-utils (scripts/setup does)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn documents_orders_and_instruments_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    init(&store);
    let imported: serde_json::Value = serde_json::from_str(&ok(&zastita(
        &store,
        Some(PIN),
        &["--json", "case", "import", fixture()],
    )))
    .unwrap();
    let id = imported["id"].as_str().unwrap().to_owned();

    // The case file's computed instants: 48 h and 24 h from service.
    let show: serde_json::Value = serde_json::from_str(&ok(&zastita(
        &store,
        Some(PIN),
        &["--json", "case", "show", &id],
    )))
    .unwrap();
    let order = &show["file"]["orders"][0];
    let order_id = order["order"]["id"].as_str().unwrap().to_owned();
    assert_eq!(order["deadlines"]["served_at"], "2025-03-14T21:15:00Z");
    assert_eq!(order["deadlines"]["expires_at"], "2025-03-16T21:15:00Z");
    assert_eq!(
        order["deadlines"]["prosecutor_proposal_due_at"],
        "2025-03-15T21:15:00Z"
    );
    let text = ok(&zastita(&store, Some(PIN), &["case", "show", &id]));
    assert!(
        text.contains("measures end        2025-03-16 22:15 (+01:00)"),
        "{text}"
    );

    // The order in Serbian Cyrillic, the receipt in Hungarian, the summary in Serbian Latin.
    let pdf = dir.path().join("order.pdf");
    let out = ok(&zastita(
        &store,
        Some(PIN),
        &[
            "document",
            "--case",
            &id,
            "--kind",
            "order",
            "--lang",
            "sr-Cyrl",
            "-o",
            pdf.to_str().unwrap(),
        ],
    ));
    assert!(out.contains("order"), "{out}");
    let text = pdftotext(&pdf);
    assert!(text.contains("НАРЕЂЕЊЕ"), "{text}");
    assert!(text.contains("Marko Petrović"), "{text}");
    assert!(text.contains("14.03.2025. у 22:15"), "{text}");
    assert!(text.contains("16.03.2025. у 22:15"), "{text}");
    let receipt = dir.path().join("receipt.pdf");
    ok(&zastita(
        &store,
        Some(PIN),
        &[
            "document",
            "--case",
            &id,
            "--kind",
            "receipt",
            "--lang",
            "hu",
            "-o",
            receipt.to_str().unwrap(),
        ],
    ));
    let text = pdftotext(&receipt);
    assert!(text.contains("ÁTVÉTELI ELISMERVÉNY"), "{text}");
    assert!(text.contains("odbio da potpiše"), "{text}");
    let summary = dir.path().join("summary.pdf");
    ok(&zastita(
        &store,
        Some(PIN),
        &[
            "document",
            "--case",
            &id,
            "--kind",
            "summary",
            "-o",
            summary.to_str().unwrap(),
        ],
    ));
    let text = pdftotext(&summary);
    assert!(text.contains("SAŽETAK SLUČAJA"), "{text}");
    assert!(text.contains("Jelena Petrović"), "{text}");
    let err = fails(&zastita(
        &store,
        Some(PIN),
        &[
            "document",
            "--case",
            &id,
            "--kind",
            "order",
            "--lang",
            "de",
            "-o",
            summary.to_str().unwrap(),
        ],
    ));
    assert!(err.contains("sr-Latn, sr-Cyrl, hu or en"), "{err}");

    // The court decides on the prosecutor's proposal (Art. 19): a decision before one is refused
    // with the reason; the station enters the proposal; then the court's end is applied as the
    // court gave it — beyond 48 h + 30 days from service it is flagged, not refused (Art. 21).
    let decision = |ends_at: &str| {
        zastita(
            &store,
            Some(PIN),
            &[
                "order",
                "court-decision",
                "--order",
                &order_id,
                "--court",
                "Osnovni sud u Novom Sadu",
                "--number",
                "R1 12/25",
                "--date",
                "2025-03-15",
                "--ends-at",
                ends_at,
            ],
        )
    };
    let err = fails(&decision("2025-04-20T12:00:00+02:00"));
    assert!(err.contains("proposal"), "{err}");
    let out = ok(&zastita(
        &store,
        Some(PIN),
        &[
            "order",
            "proposal",
            "--order",
            &order_id,
            "--at",
            "2025-03-15T08:00:00+01:00",
        ],
    ));
    assert!(
        out.contains("proposed            2025-03-15 08:00"),
        "{out}"
    );
    let out = ok(&decision("2025-04-20T12:00:00+02:00"));
    assert!(out.contains("2025-04-20 12:00 (+02:00)"), "{out}");
    assert!(out.contains("NOTE: the court's end lies outside"), "{out}");
    assert!(
        fails(&decision("2025-03-14T12:00:00+01:00")).contains("before service"),
        "an end before service is refused at the station"
    );
    let out = ok(&decision("2025-04-14T12:00:00+02:00"));
    assert!(out.contains("2025-04-14 12:00 (+02:00)"), "{out}");
    assert!(out.contains("extended by the court"), "{out}");

    // Forwarding policy: the default hour, a change, and zero refused.
    let out = ok(&zastita(&store, Some(PIN), &["forwarding"]));
    assert!(out.contains("flagged 60 minutes after"), "{out}");
    let out = ok(&zastita(
        &store,
        Some(PIN),
        &["forwarding", "--warn-after-minutes", "30"],
    ));
    assert!(out.contains("flagged 30 minutes after"), "{out}");
    let err = fails(&zastita(
        &store,
        Some(PIN),
        &["forwarding", "--warn-after-minutes", "0"],
    ));
    assert!(err.contains("forwarding.warn_after_minutes"), "{err}");

    // Re-assessment policy: the defaults, a change, and an out-of-range interval refused.
    let out = ok(&zastita(&store, Some(PIN), &["reassessment"]));
    assert!(out.contains("extreme  re-assess within 72 hours"), "{out}");
    let out = ok(&zastita(
        &store,
        Some(PIN),
        &["reassessment", "--high-hours", "120"],
    ));
    assert!(out.contains("high     re-assess within 120 hours"), "{out}");
    let err = fails(&zastita(
        &store,
        Some(PIN),
        &["reassessment", "--low-hours", "0"],
    ));
    assert!(err.contains("low"), "{err}");

    // Instruments: the built-ins listed; a broken file refused in one line.
    let list = ok(&zastita(&store, Some(PIN), &["instrument", "list"]));
    assert!(
        list.contains("art16") && list.contains("[primary]"),
        "{list}"
    );
    assert!(list.contains("lethality-screen"), "{list}");
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        br#"{"format": "zastita-instrument", "format_version": 1}"#,
    )
    .unwrap();
    let err = fails(&zastita(
        &store,
        Some(PIN),
        &["instrument", "add", bad.to_str().unwrap()],
    ));
    assert!(err.contains("instrument"), "{err}");
}

#[test]
fn sync_and_enrolment_fail_with_one_clear_line_and_the_status_says_why() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let status: serde_json::Value = serde_json::from_str(&ok(&zastita(
        dir.path(),
        Some(PIN),
        &["sync", "--status", "--json"],
    )))
    .unwrap();
    assert_eq!(status["enrolled"], false);
    assert!(
        status["pending"].as_u64().unwrap() > 0,
        "the audit log waits"
    );

    let err = fails(&zastita(dir.path(), Some(PIN), &["sync"]));
    assert!(err.contains("not enrolled"), "{err}");
    let err = fails(&zastita(dir.path(), Some(PIN), &["enroll", "hello"]));
    assert!(err.contains("not a Zaštita enrolment code"), "{err}");

    // Nobody listens on port 1: the central record cannot be reached, and the status keeps it.
    let code = format!(
        "zastita-enroll:v1:tok:{}:https://127.0.0.1:1",
        "ab".repeat(32)
    );
    let err = fails(&zastita(dir.path(), Some(PIN), &["enroll", &code]));
    assert!(err.contains("cannot be reached"), "{err}");
    let status: serde_json::Value = serde_json::from_str(&ok(&zastita(
        dir.path(),
        Some(PIN),
        &["sync", "--status", "--json"],
    )))
    .unwrap();
    assert_eq!(status["enrolled"], false);
    assert_eq!(status["last_error_code"], "sync_offline");
    let text = ok(&zastita(dir.path(), Some(PIN), &["sync", "--status"]));
    assert!(text.contains("enrolled:     no"), "{text}");
}
