//! Sync's local steps on a real encrypted store, no network: enrolment (and its refusals), the
//! signed envelopes of the outbox, push receipts, the feed applied in one transaction, attachments,
//! revocation and roster changes. The device ↔ central record conversation over HTTPS is tested in
//! `tests/sync/`.

use base64::Engine;
use chrono::{Duration, NaiveDate, Utc};
use uuid::Uuid;

use zastita_core::app::{
    AddOfficerRequest, GenerateDocumentRequest, Language, ListCasesRequest,
    RecordOrderEventRequest, SaveCaseDraftRequest, Session, UnlockRequest,
};
use zastita_core::domain::{Badge, CaseId, EventSource, OrderEventKind, OrderId};
use zastita_core::error::Error;
use zastita_core::error::ErrorCode;
use zastita_core::keys::Passphrase;
use zastita_core::templates::DocumentKind;
use zastita_protocol::messages::{
    AttachmentStatus, Change, ChangeKind, CourtOutcome, EnrollResponse, FeedResponse, PushResponse,
    Receipt, ReceiptOutcome, payload_digest,
};
use zastita_protocol::signing::sha256_hex;

use crate::harness::{PASS, TestStore, content, purpose, signature};
use crate::legal::issued_order;

/// A stand-in CA certificate: enrolment only checks that the PEM's DER hashes to the code's
/// fingerprint (TLS itself is tested against a real server in tests/sync).
const CA_DER: &[u8] = b"test CA certificate DER bytes";

fn ca_pem(der: &[u8]) -> String {
    format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        base64::engine::general_purpose::STANDARD.encode(der)
    )
}

fn code() -> String {
    format!(
        "zastita-enroll:v1:tok_123:{}:https://127.0.0.1:8443",
        sha256_hex(CA_DER)
    )
}

/// Enrol `s` as if the central record had answered; returns (central id, public key).
pub(crate) fn enrol(ts: &TestStore, s: &mut Session) -> (Uuid, String) {
    let pending = s
        .enroll_begin(&code(), "Tablet PS Liman 3", "test")
        .unwrap();
    let public_key = pending.request.public_key.clone();
    assert_eq!(pending.request.token, "tok_123");
    let id = Uuid::now_v7();
    let device = s
        .enroll_finish(
            pending,
            &EnrollResponse {
                device_id: id,
                ca_certificate_pem: ca_pem(CA_DER),
                server_time: ts.clock_now(),
            },
        )
        .unwrap();
    assert_eq!(device.central_device_id, id);
    (id, public_key)
}

fn recorded_case(s: &mut Session) -> CaseId {
    let id = s
        .save_case_draft(SaveCaseDraftRequest {
            id: None,
            content: content(""),
        })
        .unwrap()
        .id;
    s.record_case(id).unwrap();
    id
}

fn ack(ts: &TestStore, acked_seq: u64, receipts: Vec<Receipt>) -> PushResponse {
    PushResponse {
        receipts,
        acked_seq,
        server_time: ts.clock_now(),
        audit_head: None,
    }
}

pub(crate) fn page(cursor: u64, changes: Vec<(u64, ChangeKind)>) -> FeedResponse {
    let at = Utc::now();
    FeedResponse {
        changes: changes
            .into_iter()
            .map(|(seq, change)| Change { seq, at, change })
            .collect(),
        cursor,
        more: false,
        server_time: at,
    }
}

fn code_of<T: std::fmt::Debug>(r: Result<T, Error>) -> &'static str {
    r.unwrap_err().code().as_str()
}

#[test]
fn enrolment_codes_that_are_wrong_say_what_is_wrong_and_nothing_is_stored() {
    let (ts, mut s) = TestStore::new();
    let fp = "a".repeat(64);
    let cases = [
        ("hello", "enrollment_code_not_a_code"),
        ("zastita-enroll:v1:tok", "enrollment_code_incomplete"),
        (
            &*format!("zastita-enroll:v1:t k:{fp}:https://x"),
            "enrollment_code_bad_token",
        ),
        (
            "zastita-enroll:v1:tok:abc:https://x",
            "enrollment_code_bad_fingerprint",
        ),
        (
            &*format!("zastita-enroll:v1:tok:{fp}:http://x"),
            "enrollment_code_not_https",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(code_of(s.enroll_begin(text, "", "t")), expected, "{text}");
    }
    // The server hands over a CA that is not the one the code names: refused, nothing stored.
    let pending = s.enroll_begin(&code(), "", "t").unwrap();
    let e = s
        .enroll_finish(
            pending,
            &EnrollResponse {
                device_id: Uuid::now_v7(),
                ca_certificate_pem: ca_pem(b"another CA"),
                server_time: ts.clock_now(),
            },
        )
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::SyncCertificate);
    assert!(!s.sync_status().unwrap().enrolled);
    assert_eq!(code_of(s.sync_outgoing(10)), "sync_not_enrolled");
    assert_eq!(code_of(s.sync_credentials()), "sync_not_enrolled");

    let (id, _) = enrol(&ts, &mut s);
    let status = s.sync_status().unwrap();
    assert!(status.enrolled);
    assert_eq!(status.central_device_id, Some(id));
    assert_eq!(status.server.as_deref(), Some("https://127.0.0.1:8443"));
    assert_eq!(
        code_of(s.enroll_begin(&code(), "", "t")),
        "sync_already_enrolled"
    );
    // Audited, with no personal data.
    let log = s.audit_log(5).unwrap();
    assert!(log.iter().any(|e| e.entry.action.as_str() == "enrol"));
}

#[test]
fn envelopes_from_the_outbox_verify_with_the_device_key_and_carry_canonical_digests() {
    let (ts, mut s) = TestStore::new();
    recorded_case(&mut s);
    let (id, public_key) = enrol(&ts, &mut s);
    let batch = s.sync_outgoing(500).unwrap();
    let status = s.sync_status().unwrap();
    assert_eq!(batch.len() as u64, status.pending);
    let mut kinds = std::collections::BTreeSet::new();
    for (i, signed) in batch.iter().enumerate() {
        signed.verify(&public_key).unwrap();
        let e = &signed.envelope;
        assert_eq!(e.device_id, id);
        assert_eq!(e.seq, i as u64 + 1, "oldest first, no gaps");
        assert_eq!(e.payload_sha256, payload_digest(&e.payload).unwrap());
        assert_eq!(e.officer, "NS1234");
        kinds.insert(e.kind.as_str());
    }
    assert!(kinds.contains("case") && kinds.contains("person") && kinds.contains("audit"));
    // A tampered payload no longer verifies.
    let mut forged = batch[0].clone();
    forged.envelope.payload = serde_json::json!({"forged": true});
    assert!(forged.verify(&public_key).is_err());
    // The limit bounds the batch.
    assert_eq!(s.sync_outgoing(2).unwrap().len(), 2);
}

#[test]
fn acked_seq_never_goes_backwards_and_pending_follows_it() {
    let (ts, mut s) = TestStore::new();
    recorded_case(&mut s);
    enrol(&ts, &mut s);
    let total = s.sync_status().unwrap().pending;
    assert!(total > 5);
    let t = s.sync_record_push(&ack(&ts, 3, vec![])).unwrap();
    assert_eq!(t.acked_seq, 3);
    assert_eq!(s.sync_status().unwrap().pending, total - 3);
    assert_eq!(
        s.sync_outgoing(500).unwrap()[0].envelope.seq,
        4,
        "resent from the gap"
    );
    // A lower ack (an older answer, a confused server) changes nothing.
    assert_eq!(
        s.sync_record_push(&ack(&ts, 1, vec![])).unwrap().acked_seq,
        3
    );
    assert_eq!(s.sync_status().unwrap().acked_seq, 3);
    // An ack beyond what was ever queued stops at the last version queued.
    let t = s.sync_record_push(&ack(&ts, 1_000_000, vec![])).unwrap();
    assert_eq!(t.acked_seq, total);
    assert_eq!(s.sync_status().unwrap().pending, 0);
    assert!(s.sync_outgoing(500).unwrap().is_empty());
}

#[test]
fn quarantined_and_conflicting_versions_are_listed_with_reasons_and_skew_is_flagged() {
    let (ts, mut s) = TestStore::new();
    recorded_case(&mut s);
    enrol(&ts, &mut s);
    let batch = s.sync_outgoing(500).unwrap();
    let receipt = |i: usize, outcome, reason: Option<&str>| Receipt {
        seq: batch[i].envelope.seq,
        version_id: batch[i].envelope.version_id,
        outcome,
        reason: reason.map(str::to_owned),
        received_at: ts.clock_now(),
    };
    let receipts = vec![
        receipt(0, ReceiptOutcome::Accepted, None),
        receipt(1, ReceiptOutcome::Quarantined, Some("malformed payload")),
        receipt(2, ReceiptOutcome::Conflict, Some("different digest")),
        receipt(3, ReceiptOutcome::Accepted, None),
    ];
    let mut answer = ack(&ts, 4, receipts);
    answer.server_time = ts.clock_now() + Duration::minutes(3);
    let t = s.sync_record_push(&answer).unwrap();
    assert_eq!((t.accepted, t.quarantined, t.conflicts), (2, 1, 1));
    let status = s.sync_status().unwrap();
    assert_eq!(status.quarantined.len(), 1);
    assert_eq!(status.quarantined[0].reason, "malformed payload");
    assert_eq!(status.quarantined[0].record_id, batch[1].envelope.record_id);
    assert_eq!(status.quarantined[0].kind, batch[1].envelope.kind.as_str());
    assert_eq!(status.conflicts.len(), 1);
    assert_eq!(status.conflicts[0].version_id, batch[2].envelope.version_id);
    assert_eq!(status.skew_ms, Some(180_000));
    assert!(status.skew_flagged);
    // The same receipts again: still one entry each.
    s.sync_record_push(&answer).unwrap();
    assert_eq!(s.sync_status().unwrap().quarantined.len(), 1);
}

#[test]
fn case_numbers_from_the_feed_show_in_the_list_the_view_and_the_case_file() {
    let (ts, mut s) = TestStore::new();
    let case_id = recorded_case(&mut s);
    enrol(&ts, &mut s);
    let feed = page(
        7,
        vec![
            (
                7,
                ChangeKind::CaseNumber {
                    case_id: case_id.0,
                    number: "KU-NS-1234/26".into(),
                },
            ),
            // A case not on this device: skipped, never an error.
            (
                6,
                ChangeKind::CaseNumber {
                    case_id: Uuid::now_v7(),
                    number: "KU-NS-1/26".into(),
                },
            ),
        ],
    );
    let out = s.sync_apply_feed(&feed).unwrap();
    assert_eq!((out.applied, out.skipped, out.cursor), (1, 1, 7));
    assert_eq!(s.sync_cursor().unwrap(), 7);
    purpose(&mut s, None);
    let list = s.list_cases(ListCasesRequest::default()).unwrap();
    assert_eq!(list[0].official_number.as_deref(), Some("KU-NS-1234/26"));
    let view = s.open_case(case_id).unwrap();
    assert_eq!(view.file.official_number.as_deref(), Some("KU-NS-1234/26"));
    let json = String::from_utf8(s.export_case(case_id, "OJT Novi Sad").unwrap()).unwrap();
    assert!(
        json.contains("\"official_number\": \"KU-NS-1234/26\""),
        "{json}"
    );
    // The same page again changes nothing.
    let again = s.sync_apply_feed(&feed).unwrap();
    assert_eq!(again.applied, 0);
}

/// Serve `order` now, with the victim's signature.
pub(crate) fn serve(ts: &TestStore, s: &mut Session, order: OrderId) {
    s.record_order_event(RecordOrderEventRequest {
        id: order,
        event: OrderEventKind::Served {
            at: ts.clock_now(),
            place: "Bulevar oslobođenja 12".into(),
            served_by: Badge::parse("NS1234").unwrap(),
            signature: Some(signature(20)),
            refused_to_sign: None,
        },
    })
    .unwrap();
}

#[test]
fn order_numbers_and_court_decisions_take_the_central_path_and_move_the_clocks() {
    let (ts, mut s) = TestStore::new();
    let (_case, order) = issued_order(&ts, &mut s);
    enrol(&ts, &mut s);
    // A court decision is never refused (its end instant is authoritative), even one that
    // reaches the device before the service it rests on was recorded here: applied, flagged.
    let ends_at = ts.clock_now() + Duration::days(30);
    let decision = ChangeKind::CourtDecision {
        order_id: order.0,
        court: "Osnovni sud u Novom Sadu".into(),
        number: "R1 123/26".into(),
        decided_on: NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
        outcome: CourtOutcome::Extended,
        ends_at: Some(ends_at),
    };
    let out = s
        .sync_apply_feed(&page(1, vec![(1, decision.clone())]))
        .unwrap();
    assert_eq!((out.applied, out.skipped, out.cursor), (1, 0, 1));
    let view = s.get_order(order).unwrap();
    assert_eq!(view.clocks.expires_at, Some(ends_at));
    assert!(view.clocks.court_end_outside_window);

    serve(&ts, &mut s, order);
    ts.clock.advance(Duration::hours(30));
    let feed = page(
        3,
        vec![
            (
                2,
                ChangeKind::OrderNumber {
                    order_id: order.0,
                    number: "HM-NS-77/26".into(),
                },
            ),
            (3, decision),
        ],
    );
    let out = s.sync_apply_feed(&feed).unwrap();
    // The number is new; the decision is already here.
    assert_eq!((out.applied, out.skipped), (1, 1));
    let view = s.get_order(order).unwrap();
    // Once served, the court's end lies within the window the device expects.
    assert!(!view.clocks.court_end_outside_window);
    let from_central: Vec<_> = view
        .order
        .events
        .iter()
        .filter(|e| e.source == EventSource::CentralRecord)
        .collect();
    assert_eq!(from_central.len(), 2);
    assert!(from_central.iter().all(|e| e.recorded_by.is_none()));
    assert_eq!(view.clocks.deadlines.expires_at, Some(ends_at));
    assert_eq!(
        zastita_core::law::deadlines(&view.order).expires_at,
        Some(ends_at),
        "the court's own end instant"
    );
    // Applied again (a cursor lost, say): nothing new.
    let mut replay = feed.clone();
    for c in &mut replay.changes {
        c.seq += 10;
    }
    replay.cursor = 13;
    let out = s.sync_apply_feed(&replay).unwrap();
    assert_eq!((out.applied, out.skipped), (0, 2));
    assert_eq!(s.get_order(order).unwrap().order.events.len(), 3);
}

#[test]
fn a_failing_change_leaves_the_cursor_and_every_change_of_the_page_untouched() {
    let (ts, mut s) = TestStore::new();
    let (case_id, order) = issued_order(&ts, &mut s);
    enrol(&ts, &mut s);
    // Force a failure in the middle of the page: a trigger refuses one case number.
    let raw = zastita_core::app::testing::open_raw(ts.path(), PASS, "NS1234").unwrap();
    raw.execute_batch(
        "CREATE TRIGGER fail_on_purpose BEFORE UPDATE OF official_number ON cases
         WHEN NEW.official_number = 'FAIL' BEGIN SELECT RAISE(ABORT, 'forced'); END;",
    )
    .unwrap();
    drop(raw);
    let feed = page(
        5,
        vec![
            (
                4,
                ChangeKind::OrderNumber {
                    order_id: order.0,
                    number: "HM-NS-77/26".into(),
                },
            ),
            (
                5,
                ChangeKind::CaseNumber {
                    case_id: case_id.0,
                    number: "FAIL".into(),
                },
            ),
        ],
    );
    let pending_before = s.sync_status().unwrap().pending;
    assert!(s.sync_apply_feed(&feed).is_err());
    assert_eq!(s.sync_cursor().unwrap(), 0);
    assert_eq!(s.sync_status().unwrap().pending, pending_before);
    assert_eq!(s.get_order(order).unwrap().order.events.len(), 0);
    assert_eq!(s.open_case(case_id).unwrap().file.official_number, None);
}

#[test]
fn revocation_of_this_device_destroys_its_keys() {
    let (ts, mut s) = TestStore::new();
    recorded_case(&mut s);
    let (id, _) = enrol(&ts, &mut s);
    // Another device's revocation is not ours.
    let out = s
        .sync_apply_feed(&page(
            1,
            vec![(
                1,
                ChangeKind::Revoked {
                    device_id: Uuid::now_v7(),
                },
            )],
        ))
        .unwrap();
    assert!(!out.revoked);
    let out = s
        .sync_apply_feed(&page(2, vec![(2, ChangeKind::Revoked { device_id: id })]))
        .unwrap();
    assert!(out.revoked);
    drop(s);
    assert!(matches!(ts.unlock(PASS), Err(Error::Revoked)));
    assert!(ts.device().status().wiped);
    assert!(ts.device().status().revoked);
}

#[test]
fn an_officer_removed_centrally_loses_the_key_wrap_unless_they_are_the_last() {
    let (ts, mut s) = TestStore::new();
    enrol(&ts, &mut s);
    s.add_officer(AddOfficerRequest {
        badge: "NS5678".into(),
        name: "Petar Ilić".into(),
        passphrase: Passphrase::new("Plava reka 9 teče".into()),
        role: zastita_core::app::OfficerRole::Patrol,
        rank: String::new(),
    })
    .unwrap();
    let feed = page(
        3,
        vec![
            (
                1,
                ChangeKind::OfficerAdded {
                    badge: "NS9999".into(),
                    name: "Ana Kovač".into(),
                    role: None,
                    rank: None,
                },
            ),
            (
                2,
                ChangeKind::OfficerRemoved {
                    badge: "NS5678".into(),
                },
            ),
            // Now the last officer here: the wrap stays, or nobody could unlock.
            (
                3,
                ChangeKind::OfficerRemoved {
                    badge: "NS1234".into(),
                },
            ),
        ],
    );
    assert_eq!(s.sync_apply_feed(&feed).unwrap().applied, 3);
    s.lock().unwrap();
    let officers = ts.device().status().officers;
    assert_eq!(officers, vec![Badge::parse("NS1234").unwrap()]);
    let e = ts.device().unlock(UnlockRequest {
        badge: "NS5678".into(),
        passphrase: Passphrase::new("Plava reka 9 teče".into()),
    });
    assert!(e.is_err());
    let s = ts.unlock(PASS).unwrap();
    let removals: Vec<_> = s
        .audit_log(20)
        .unwrap()
        .into_iter()
        .filter(|e| e.entry.action.as_str() == "officer_remove")
        .collect();
    assert_eq!(removals.len(), 2);
}

#[test]
fn audit_entries_and_documents_are_queued_with_what_they_record() {
    let (ts, mut s) = TestStore::new();
    let (case_id, order) = issued_order(&ts, &mut s);
    serve(&ts, &mut s, order);
    let (doc, pdf) = s
        .generate_document(GenerateDocumentRequest {
            case_id,
            kind: DocumentKind::Order,
            order_id: Some(order),
            language: Language::SrLatn,
        })
        .unwrap();
    // A refused operation queues nothing (its audit entry is not written either).
    assert!(s.record_case(case_id).is_err());
    let status = s.sync_status().unwrap();
    let audit_entries = s.audit_log(10_000).unwrap().len() as u64;
    assert_eq!(status.pending_by_kind.get("audit"), Some(&audit_entries));
    assert_eq!(status.pending_by_kind.get("document"), Some(&1));
    assert!(s.verify().unwrap().ok, "the audit chain still verifies");

    // The document's record carries its metadata, not the PDF.
    let (_, public_key) = enrol(&ts, &mut s);
    let all = s.sync_outgoing(500).unwrap();
    let record = all
        .iter()
        .find(|e| e.envelope.kind.as_str() == "document")
        .unwrap();
    record.verify(&public_key).unwrap();
    assert_eq!(record.envelope.record_id, doc.info.id.0);
    assert_eq!(record.envelope.payload["sha256"], doc.info.sha256.as_str());
    assert_eq!(record.envelope.payload["language"], "sr-Latn");
    assert!(record.envelope.payload.get("pdf").is_none());
    // An audit entry's record id is derived from its hash, and its payload holds the hashes.
    let audit = all
        .iter()
        .find(|e| e.envelope.kind.as_str() == "audit")
        .unwrap();
    let hash = audit.envelope.payload["hash"].as_str().unwrap();
    assert_eq!(
        audit.envelope.record_id,
        zastita_core::audit::record_id(hash)
    );
    assert!(audit.envelope.payload["prev_hash"].is_string());

    // The PDF waits until its record is acknowledged, then goes in chunks.
    assert!(s.sync_pending_attachments().unwrap().is_empty());
    s.sync_record_push(&ack(&ts, 1_000_000, vec![])).unwrap();
    let pending = s.sync_pending_attachments().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].size, pdf.len() as u64);
    let mut bytes = Vec::new();
    while (bytes.len() as u64) < pending[0].size {
        let chunk = s
            .sync_attachment_chunk(pending[0].record_id, bytes.len() as u64, 4096)
            .unwrap();
        assert!(!chunk.is_empty());
        bytes.extend(chunk);
    }
    assert_eq!(bytes, pdf);
    s.sync_attachment_progress(
        pending[0].record_id,
        &AttachmentStatus {
            record_id: pending[0].record_id,
            sha256: pending[0].sha256.clone(),
            size: pending[0].size,
            received: pending[0].size,
            complete: true,
        },
    )
    .unwrap();
    assert!(s.sync_pending_attachments().unwrap().is_empty());
    assert_eq!(s.sync_status().unwrap().attachments_pending, 0);
}

#[test]
fn failures_are_kept_for_the_status_until_a_round_succeeds() {
    let (ts, mut s) = TestStore::new();
    enrol(&ts, &mut s);
    s.sync_started().unwrap();
    s.sync_failed(&zastita_core::sync::SyncError::Timeout)
        .unwrap();
    let status = s.sync_status().unwrap();
    assert_eq!(status.last_error_code, Some(ErrorCode::SyncTimeout));
    assert!(status.last_attempt_at.is_some());
    assert!(status.last_success_at.is_none());
    s.sync_succeeded(&Default::default()).unwrap();
    let status = s.sync_status().unwrap();
    assert_eq!(status.last_error_code, None);
    assert!(status.last_success_at.is_some());
    let syncs = s
        .audit_log(10)
        .unwrap()
        .into_iter()
        .filter(|e| e.entry.action.as_str() == "sync")
        .count();
    assert_eq!(syncs, 2);
}

/// The central record's push answer carrying only an audit anchor.
fn anchored_at(s: &Session, seq: u64, hash: &str) -> PushResponse {
    PushResponse {
        receipts: vec![],
        acked_seq: s.sync_acked_seq().unwrap(),
        server_time: Utc::now(),
        audit_head: Some(zastita_protocol::messages::AuditHead {
            seq,
            hash: hash.to_owned(),
        }),
    }
}

#[test]
fn verify_finds_the_newest_audit_entries_cut_off_behind_the_central_anchor() {
    let (ts, mut s) = TestStore::new();
    // Each verify is audited: entries to anchor and to cut.
    for _ in 0..6 {
        s.verify().unwrap();
    }
    let newest = s.audit_log(1).unwrap().remove(0);
    let anchor = u64::try_from(newest.seq).unwrap();
    s.sync_record_push(&anchored_at(&s, anchor, &newest.hash))
        .unwrap();
    // An older anchor never moves it back.
    s.sync_record_push(&anchored_at(&s, 1, "0")).unwrap();
    assert!(s.verify().unwrap().ok, "the whole chain reaches its anchor");
    s.lock().unwrap();

    // Someone holding the key cuts the newest five entries off: what is left still links
    // from end to end, so only the anchor can tell.
    let conn =
        zastita_core::app::testing::open_raw(ts.path(), PASS, crate::harness::BADGE).unwrap();
    conn.execute_batch(&format!(
        "DROP TRIGGER audit_append_only_delete; DELETE FROM audit WHERE seq > {};",
        newest.seq - 5
    ))
    .unwrap();
    drop(conn);
    let mut s = ts.unlock(PASS).unwrap();
    let report = s.verify().unwrap();
    assert!(!report.ok);
    let text = report.audit_break.unwrap();
    assert!(
        text.starts_with(&format!(
            "the newest audit entries were cut off: the central record holds this device's \
             chain up to entry {anchor}"
        )),
        "{text}"
    );

    // Written on past the anchor, the chain has another entry where the anchored one was.
    for _ in 0..5 {
        s.verify().unwrap();
    }
    let report = s.verify().unwrap();
    assert_eq!(
        report.audit_break.as_deref(),
        Some(
            format!(
                "audit entry {anchor} is not the one the central record anchored: the chain was \
                 cut back and written again after it"
            )
            .as_str()
        )
    );
}
