//! The real binary over real HTTPS: `init` + `serve --listen 127.0.0.1:0` in a temp dir, a
//! client that trusts only the central record's CA, and the admin CLI beside the server.

use serde_json::{Value, json};
use uuid::Uuid;
use zastita_protocol::messages::{PushResponse, ReceiptOutcome, RecordKind, codes};
use zastita_protocol::signing::{DeviceKey, sha256_hex};

use crate::harness::{Signed, TestCentral, case_payload, order_payload, stale};

fn problem(status: u16, body: &[u8]) -> (u16, String, Value) {
    let v: Value = serde_json::from_slice(body).unwrap();
    (status, v["code"].as_str().unwrap().to_owned(), v)
}

#[tokio::test]
async fn the_openapi_served_is_the_protocols() {
    let c = TestCentral::start();
    let r = c
        .client
        .get(format!("{}/v1/openapi.json", c.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.text().await.unwrap(),
        zastita_protocol::openapi::OPENAPI_JSON
    );
    assert!(c.url.starts_with("https://127.0.0.1:"));
}

#[tokio::test]
async fn enrolment_takes_a_token_once() {
    let c = TestCentral::start();
    let token = c.token();
    let d = crate::harness::TestDevice::new();
    let (status, body) = c.enroll_raw(&token, &d).await;
    assert_eq!(status, 200, "{body}");
    let ca = std::fs::read_to_string(c.data().join("ca.pem")).unwrap();
    assert_eq!(body["ca_certificate_pem"], ca);
    assert!(body["server_time"].is_string());
    let (status, body) = c.enroll_raw(&token, &d).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some(codes::BAD_TOKEN))
    );
    let (status, body) = c.enroll_raw("no-such-token", &d).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some(codes::BAD_TOKEN))
    );
    let listed = c.cli_json(&["device", "list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    // The enrolment code the CLI prints carries the CA's fingerprint.
    let code = c.cli_json(&[
        "device",
        "enroll",
        "--label",
        "T",
        "--json",
        "--server",
        "https://127.0.0.1:1",
    ]);
    let parsed: zastita_protocol::enrollment::EnrollmentCode =
        code["code"].as_str().unwrap().parse().unwrap();
    let der = rustls::pki_types::pem::PemObject::from_pem_slice(ca.as_bytes())
        .map(|c: rustls::pki_types::CertificateDer<'_>| c.to_vec())
        .unwrap();
    assert_eq!(parsed.ca_sha256, sha256_hex(&der));
    // Without --json: a QR code and the code's text.
    let text = c.cli_ok(&["device", "enroll", "--label", "T"]);
    assert!(text.contains('▀') && text.contains("zastita-enroll:v1:"));
    // Its expiry in the station's time, and the instant in UTC.
    let until = text
        .lines()
        .find_map(|l| l.strip_prefix("valid until "))
        .unwrap();
    let utc = until
        .split_once('(')
        .and_then(|(_, r)| r.strip_suffix(')'))
        .unwrap();
    let at = chrono::DateTime::parse_from_rfc3339(utc).unwrap();
    let belgrade = at.with_timezone(&chrono_tz::Europe::Belgrade);
    assert!(
        until.starts_with(&format!(
            "{} Belgrade time",
            belgrade.format("%d.%m.%Y. %H:%M")
        )),
        "{until}"
    );
}

#[tokio::test]
async fn pushes_are_idempotent_and_conflicts_keep_the_original() {
    let c = TestCentral::start();
    let d = c.device().await;
    let batch = vec![d.person(1), d.person(2)];
    let (status, first) = c.push(&d, &batch).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&first));
    let first: PushResponse = serde_json::from_slice(&first).unwrap();
    assert_eq!(first.acked_seq, 2);
    assert!(
        first
            .receipts
            .iter()
            .all(|r| r.outcome == ReceiptOutcome::Accepted)
    );
    let (_, again) = c.push(&d, &batch).await;
    let again: PushResponse = serde_json::from_slice(&again).unwrap();
    assert_eq!(
        serde_json::to_string(&again.receipts).unwrap(),
        serde_json::to_string(&first.receipts).unwrap()
    );
    let records = c.cli_json(&["records", "list", "--json"]);
    assert_eq!(records.as_array().unwrap().len(), 2, "exactly once");

    let mut changed = batch[0].envelope.clone();
    changed.payload = json!({"id": changed.record_id, "role": "witness"});
    changed.payload_sha256 = zastita_protocol::messages::payload_digest(&changed.payload).unwrap();
    let (_, r) = c.push(&d, &[changed.sign(&d.key).unwrap()]).await;
    let r: PushResponse = serde_json::from_slice(&r).unwrap();
    assert_eq!(r.receipts[0].outcome, ReceiptOutcome::Conflict);
    let records = c.cli_json(&["records", "list", "--json"]);
    let original = records
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["version_id"] == json!(batch[0].envelope.version_id))
        .unwrap();
    assert_eq!(
        original["payload_sha256"],
        json!(batch[0].envelope.payload_sha256)
    );
    let conflicts = c.cli_json(&["conflicts", "list", "--json"]);
    assert_eq!(conflicts.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn requests_are_refused_in_order_with_problems() {
    let c = TestCentral::start();
    let d = c.device().await;
    let body = b"";
    // Replayed nonce.
    let mut req = Signed::new(&d, "GET", "/v1/feed?after=0", body);
    req.nonce = Some("nonce-1");
    assert_eq!(c.send(req).await.0, 200);
    let mut req = Signed::new(&d, "GET", "/v1/feed?after=0", body);
    req.nonce = Some("nonce-1");
    let (s, b) = c.send(req).await;
    assert_eq!(problem(s, &b).1, codes::REPLAYED);
    // Forged signature.
    let other = DeviceKey::generate().unwrap().0;
    let mut req = Signed::new(&d, "GET", "/v1/feed?after=0", body);
    req.signer = Some(&other);
    let (s, b) = c.send(req).await;
    assert_eq!(
        (s, problem(s, &b).1),
        (401, codes::BAD_SIGNATURE.to_owned())
    );
    // Stale timestamp, with the server's time to correct the clock.
    let mut req = Signed::new(&d, "GET", "/v1/feed?after=0", body);
    req.timestamp = Some(stale());
    let (s, b) = c.send(req).await;
    let (s, code, v) = problem(s, &b);
    assert_eq!((s, code.as_str()), (401, codes::STALE_TIMESTAMP));
    assert!(v["server_time"].is_string());
    // Unknown device.
    let mut stranger = crate::harness::TestDevice::new();
    stranger.id = Uuid::now_v7();
    let (s, b) = c
        .send(Signed::new(&stranger, "GET", "/v1/feed?after=0", body))
        .await;
    assert_eq!(
        (s, problem(s, &b).1),
        (401, codes::UNKNOWN_DEVICE.to_owned())
    );
    // Malformed query.
    let (s, b) = c
        .send(Signed::new(&d, "GET", "/v1/feed?after=x", body))
        .await;
    assert_eq!((s, problem(s, &b).1), (400, codes::MALFORMED.to_owned()));
    // Revoked: 403; the revocation is the revoked device's change, no other device reads it.
    let id = d.id.to_string();
    c.cli_ok(&["device", "revoke", "--device", &id]);
    let (s, b) = c
        .send(Signed::new(&d, "GET", "/v1/feed?after=0", body))
        .await;
    assert_eq!((s, problem(s, &b).1), (403, codes::REVOKED.to_owned()));
    let other = c.device().await;
    let (_, feed) = c.get(&other, "/v1/feed?after=0").await;
    assert!(
        !feed["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|ch| ch["change"]["kind"] == "revoked"),
        "{feed}"
    );
}

#[tokio::test]
async fn poison_is_quarantined_and_a_gap_stops_the_ack() {
    let c = TestCentral::start();
    let d = c.device().await;
    let mut poison = d.person(2);
    poison.signature = DeviceKey::generate().unwrap().0.sign(b"x");
    let (_, r) = c
        .push(&d, &[d.person(1), poison, d.person(3), d.person(5)])
        .await;
    let r: PushResponse = serde_json::from_slice(&r).unwrap();
    use ReceiptOutcome::*;
    assert_eq!(
        r.receipts.iter().map(|r| r.outcome).collect::<Vec<_>>(),
        [Accepted, Quarantined, Accepted, Accepted]
    );
    assert_eq!(r.acked_seq, 3, "past the poison, up to the gap");
    let q = c.cli_json(&["quarantine", "list", "--json"]);
    assert!(
        q[0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("bad_signature")
    );
    let (_, r) = c.push(&d, &[d.person(4)]).await;
    let r: PushResponse = serde_json::from_slice(&r).unwrap();
    assert_eq!(r.acked_seq, 5);
}

#[tokio::test]
async fn the_feed_pages_with_its_cursor_and_carries_court_decisions_and_numbers() {
    let c = TestCentral::start();
    let d = c.device().await;
    for i in 0..5 {
        c.cli_ok(&[
            "officer",
            "add",
            "--badge",
            &format!("NS{i}"),
            "--name",
            "Officer",
            "--administration",
            "NS",
        ]);
    }
    let case = Uuid::now_v7();
    let order = Uuid::now_v7();
    let served = chrono::Utc::now() - chrono::TimeDelta::hours(20);
    let envelopes = [
        d.envelope(1, RecordKind::Case, case, case_payload(case, "Novi Sad")),
        d.envelope_v(
            2,
            Uuid::now_v7(),
            RecordKind::Case,
            case,
            2,
            case_payload(case, "Novi Sad"),
        ),
        d.envelope(
            3,
            RecordKind::Order,
            order,
            order_payload(order, case, served),
        ),
    ];
    let (s, _) = c.push(&d, &envelopes).await;
    assert_eq!(s, 200);
    let ends = (served + chrono::TimeDelta::days(20)).to_rfc3339();
    let o = order.to_string();
    let base = [
        "court-decision",
        "add",
        "--order",
        &o,
        "--court",
        "Osnovni sud u Novom Sadu",
        "--number",
        "R1 1/26",
        "--decided-on",
        "2026-11-29",
    ];
    let refuse = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        let out = c.cli(&args);
        assert!(!out.status.success(), "{extra:?} was accepted");
        String::from_utf8(out.stderr).unwrap()
    };
    assert!(refuse(&["--outcome", "extended"]).contains("--ends-at"));
    assert!(refuse(&["--outcome", "refused", "--ends-at", &ends]).contains("ends-at"));
    assert!(refuse(&["--outcome", "extended", "--ends-at", "tomorrow"]).contains("not an instant"));
    let mut bad_date = base.to_vec();
    bad_date[9] = "29.11.2026";
    bad_date.extend_from_slice(&["--outcome", "refused"]);
    assert!(!c.cli(&bad_date).status.success());
    let mut unknown = base.to_vec();
    let nobody = Uuid::now_v7().to_string();
    unknown[3] = &nobody;
    unknown.extend_from_slice(&["--outcome", "refused"]);
    assert!(
        String::from_utf8(c.cli(&unknown).stderr)
            .unwrap()
            .contains("no order")
    );
    let mut ok = base.to_vec();
    ok.extend_from_slice(&["--outcome", "extended", "--ends-at", &ends]);
    c.cli_ok(&ok);

    // Page through 2 at a time with the cursor.
    let mut after = 0;
    let mut all = Vec::new();
    loop {
        let (s, page) = c.get(&d, &format!("/v1/feed?after={after}&limit=2")).await;
        assert_eq!(s, 200, "{page}");
        let changes = page["changes"].as_array().unwrap().clone();
        assert!(changes.len() <= 2);
        after = page["cursor"].as_u64().unwrap();
        all.extend(changes);
        if !page["more"].as_bool().unwrap() {
            break;
        }
    }
    assert_eq!(after, all.last().unwrap()["seq"].as_u64().unwrap());
    let kinds: Vec<&str> = all
        .iter()
        .map(|c| c["change"]["kind"].as_str().unwrap())
        .collect();
    // The harness's officer and these five, all of the device's administration.
    assert_eq!(kinds.iter().filter(|k| **k == "officer_added").count(), 6);
    assert_eq!(
        kinds.iter().filter(|k| **k == "case_number").count(),
        1,
        "one number for two versions"
    );
    assert_eq!(kinds.iter().filter(|k| **k == "order_number").count(), 1);
    let decision = all
        .iter()
        .find(|c| c["change"]["kind"] == "court_decision")
        .unwrap();
    assert_eq!(decision["change"]["order_id"], json!(order));
    let number = all
        .iter()
        .find(|c| c["change"]["kind"] == "case_number")
        .unwrap();
    assert!(
        number["change"]["number"]
            .as_str()
            .unwrap()
            .starts_with("NS-")
    );
    // An empty page keeps the cursor.
    let (_, page) = c.get(&d, &format!("/v1/feed?after={after}")).await;
    assert_eq!(page["cursor"].as_u64(), Some(after));
    assert_eq!(page["changes"], json!([]));
    let cases = c.cli_json(&["cases", "list", "--json"]);
    assert_eq!(cases[0]["versions"], 2);
}

#[tokio::test]
async fn an_attachment_upload_resumes_where_the_server_stopped() {
    let c = TestCentral::start();
    let d = c.device().await;
    let data: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 256) as u8).collect();
    let sha = sha256_hex(&data);
    let sent = d.person(1);
    let record = sent.envelope.record_id;
    assert_eq!(c.push(&d, &[sent]).await.0, 200);
    let path = format!("/v1/attachments/{record}/{sha}");
    let put = |offset: usize, end: usize, sha: &str| {
        let p = format!(
            "/v1/attachments/{record}/{sha}?offset={offset}&size={}",
            data.len()
        );
        (p, data[offset..end].to_vec())
    };
    let (p, chunk) = put(0, 100_000, &sha);
    let (s, _) = c.send(Signed::new(&d, "PUT", &p, &chunk)).await;
    assert_eq!(s, 200);
    // Another device may neither look at the upload nor add to it.
    let other = c.device().await;
    let (s, b) = c.send(Signed::new(&other, "GET", &path, b"")).await;
    let (s, code, _) = problem(s, &b);
    assert_eq!((s, code.as_str()), (403, codes::UNKNOWN_RECORD));
    let (p, chunk) = put(100_000, 300_000, &sha);
    let (s, b) = c.send(Signed::new(&other, "PUT", &p, &chunk)).await;
    assert_eq!(problem(s, &b).1, codes::UNKNOWN_RECORD);
    // The connection "broke" here; the device asks where to resume.
    let (_, status) = c.get(&d, &path).await;
    assert_eq!(status["received"], 100_000);
    // A chunk from the wrong place is refused with where to resume.
    let (p, chunk) = put(0, 100_000, &sha);
    let (s, b) = c.send(Signed::new(&d, "PUT", &p, &chunk)).await;
    let (s, code, v) = problem(s, &b);
    assert_eq!((s, code.as_str()), (409, codes::OFFSET_MISMATCH));
    assert!(v["detail"].as_str().unwrap().contains("100000"));
    let from = status["received"].as_u64().unwrap() as usize;
    let (p, chunk) = put(from, 300_000, &sha);
    let (s, b) = c.send(Signed::new(&d, "PUT", &p, &chunk)).await;
    assert_eq!(s, 200);
    let done: Value = serde_json::from_slice(&b).unwrap();
    assert_eq!(done["complete"], true);
    let (p, chunk) = put(0, 10, &sha);
    let (s, _) = c.send(Signed::new(&d, "PUT", &p, &chunk)).await;
    assert_eq!(s, 200, "a complete attachment stays complete");
    // Wrong hash: refused and discarded.
    let wrong = "ab".repeat(32);
    let (p, chunk) = put(0, 300_000, &wrong);
    let (s, b) = c.send(Signed::new(&d, "PUT", &p, &chunk)).await;
    assert_eq!(problem(s, &b).0, 422);
    assert_eq!(problem(s, &b).1, codes::HASH_MISMATCH);
    let (_, st) = c
        .get(&d, &format!("/v1/attachments/{record}/{wrong}"))
        .await;
    assert_eq!(st["received"], 0);
    // Too large a chunk: `limits::a_body_over_the_endpoints_limit_is_refused_without_reading_it_all`
    // (refused before it is read, so over a raw connection).
    let listed = c.cli_json(&["attachments", "list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn case_numbers_can_be_switched_off_and_assigned_by_hand() {
    let c = TestCentral::start_with(&["--auto-case-numbers", "false"]);
    let d = c.device().await;
    let case = Uuid::now_v7();
    c.push(
        &d,
        &[d.envelope(1, RecordKind::Case, case, case_payload(case, "Niš"))],
    )
    .await;
    // Only the roster's change for the harness's officer: no number.
    let (_, feed) = c.get(&d, "/v1/feed?after=0").await;
    let kinds = |feed: &Value| -> Vec<String> {
        feed["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["change"]["kind"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(kinds(&feed), ["officer_added"]);
    let id = case.to_string();
    let out = c.cli_ok(&["case-number", "assign", "--case", &id, "--auto"]);
    assert!(out.contains("NI-"), "{out}");
    assert!(
        !c.cli(&["case-number", "assign", "--case", &id, "--number", "NI-1"])
            .status
            .success()
    );
    let (_, feed) = c.get(&d, "/v1/feed?after=0").await;
    assert_eq!(kinds(&feed), ["officer_added", "case_number"]);
}

/// The station's commands for administrations, through the real binary: a device enrolled for
/// Novi Sad and one for no administration read what concerns each over HTTPS; an unknown
/// administration is refused with the list of codes; assigning brings the roster.
#[tokio::test]
async fn administrations_are_given_at_the_station_and_the_feed_follows_them() {
    let c = TestCentral::start();
    let ns = c.device().await;
    let mut none = crate::harness::TestDevice::new();
    let token = c.cli_json(&["device", "enroll", "--label", "Tablet", "--json"])["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let (s, body) = c.enroll_raw(&token, &none).await;
    assert_eq!(s, 200, "{body}");
    none.id = body["device_id"].as_str().unwrap().parse().unwrap();
    let out = c.cli(&[
        "device",
        "enroll",
        "--label",
        "T",
        "--administration",
        "Atlantida",
    ]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!out.status.success() && err.contains("NS, "), "{err}");
    c.cli_ok(&[
        "officer",
        "add",
        "--badge",
        "SU1",
        "--name",
        "O",
        "--administration",
        "SU",
    ]);
    c.cli_ok(&[
        "officer",
        "add",
        "--badge",
        "NS2",
        "--name",
        "O",
        "--administration",
        "NS",
    ]);
    let future = (chrono::Utc::now() + chrono::TimeDelta::days(1)).to_rfc3339();
    let out = c.cli(&[
        "officer", "add", "--badge", "NS3", "--name", "O", "--since", &future,
    ]);
    assert!(!out.status.success());

    let badges = |feed: &Value| -> Vec<String> {
        feed["changes"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c["change"]["badge"].as_str().map(str::to_owned))
            .collect()
    };
    let (_, feed) = c.get(&ns, "/v1/feed?after=0").await;
    assert_eq!(badges(&feed), [crate::harness::BADGE, "NS2"], "{feed}");
    let (_, feed) = c.get(&none, "/v1/feed?after=0").await;
    assert_eq!(feed["changes"], json!([]), "no administration, no roster");
    let cursor = feed["cursor"].as_u64().unwrap();
    assert_eq!(cursor, 0);

    let id = none.id.to_string();
    c.cli_ok(&[
        "device",
        "assign",
        "--device",
        &id,
        "--administration",
        "Subotica",
    ]);
    let (_, feed) = c.get(&none, &format!("/v1/feed?after={cursor}")).await;
    assert_eq!(badges(&feed), ["SU1"], "{feed}");
    let devices = c.cli_json(&["device", "list", "--json"]);
    let admins: Vec<&str> = devices
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["administration"].as_str().unwrap())
        .collect();
    assert_eq!(admins, ["NS", "SU"]);

    c.cli_ok(&[
        "officer",
        "assign",
        "--badge",
        "NS2",
        "--administration",
        "SU",
    ]);
    let officers = c.cli_json(&["officer", "list", "--json"]);
    let ns2 = officers
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["badge"] == "NS2")
        .unwrap();
    assert_eq!(ns2["administration"], "SU");
    let (_, feed) = c.get(&ns, "/v1/feed?after=0").await;
    let last = feed["changes"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        last["change"],
        json!({"kind": "officer_removed", "badge": "NS2"})
    );
}

/// A server stopped by SIGTERM finishes cleanly on every backend: PostgreSQL's client, dropped
/// inside the async runtime, used to panic in a worker thread while the server shut down.
#[test]
fn a_server_stops_cleanly_on_sigterm_on_every_backend() {
    let pg = crate::harness::fresh_postgres();
    let mut centrals = vec![("sqlite", TestCentral::start())];
    match &pg {
        Some((_, _, url)) => centrals.push(("postgresql", TestCentral::start_on(Some(url), &[]))),
        None => println!("sigterm: PostgreSQL variant skipped (ZASTITA_TEST_POSTGRES is not set)"),
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    for (backend, central) in centrals {
        // Some work first, so the pool holds open connections when the signal comes.
        let status = runtime.block_on(async {
            let device = central.device().await;
            central.push(&device, &[device.person(1)]).await.0
        });
        assert_eq!(status, 200, "{backend}");
        let (exit, log) = central.stop();
        assert!(exit.success(), "{backend}: exit {exit:?}\n{log}");
        assert!(log.contains("shutting down"), "{backend}: {log}");
        assert!(
            !log.contains("panicked"),
            "{backend}: the server panicked while stopping:\n{log}"
        );
    }
    if let Some((admin, db, _)) = pg {
        crate::harness::drop_database(&admin, &db);
    }
}
