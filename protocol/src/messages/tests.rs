//! The messages' shapes: unknown kinds, unknown fields, answers from newer servers.

use super::*;
use chrono::TimeZone;
use serde_json::json;

fn envelope() -> RecordEnvelope {
    RecordEnvelope::new(
        Uuid::from_u128(1),
        7,
        Uuid::from_u128(2),
        Uuid::from_u128(3),
        RecordKind::Order,
        2,
        None,
        "NS1234".into(),
        Utc.with_ymd_and_hms(2026, 11, 29, 20, 0, 0).unwrap(),
        json!({"reasons": "Neposredna opasnost.", "measures": ["contact_ban"]}),
    )
    .unwrap()
}

#[test]
fn a_signed_envelope_verifies_and_any_change_is_caught() {
    let (key, _) = DeviceKey::generate().unwrap();
    let signed = envelope().sign(&key).unwrap();
    signed.verify(&key.public_key()).unwrap();
    // Through JSON and back (another process), it still verifies.
    let wire = serde_json::to_string(&signed).unwrap();
    let back: SignedEnvelope = serde_json::from_str(&wire).unwrap();
    back.verify(&key.public_key()).unwrap();

    let mut forged = signed.clone();
    forged.envelope.payload = json!({"reasons": "—", "measures": ["contact_ban"]});
    assert!(matches!(
        forged.verify(&key.public_key()),
        Err(EnvelopeError::Signature(SigningError::BadSignature))
    ));
    let mut seq = signed.clone();
    seq.envelope.seq = 8;
    assert!(seq.verify(&key.public_key()).is_err());
    let (other, _) = DeviceKey::generate().unwrap();
    assert!(signed.verify(&other.public_key()).is_err());
    // A digest that lies, signed by the device itself: refused too.
    let mut lying = envelope();
    lying.payload_sha256 = "0".repeat(64);
    let lying = lying.sign(&key).unwrap();
    assert_eq!(
        lying.verify(&key.public_key()),
        Err(EnvelopeError::DigestMismatch)
    );
}

#[test]
fn the_payload_digest_ignores_key_order() {
    let a = payload_digest(&json!({"a": 1, "b": [1, 2]})).unwrap();
    let b = payload_digest(&serde_json::from_str(r#"{"b":[1,2],"a":1}"#).unwrap()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn an_unknown_kind_is_kept_as_unknown_not_a_failed_batch() {
    let mut v = serde_json::to_value(envelope()).unwrap();
    v["kind"] = json!("photo");
    let e: RecordEnvelope = serde_json::from_value(v).unwrap();
    assert_eq!(e.kind, RecordKind::Unknown);
}

#[test]
fn unknown_fields_are_refused() {
    let mut v = serde_json::to_value(envelope()).unwrap();
    v["extra"] = json!(1);
    assert!(serde_json::from_value::<RecordEnvelope>(v).is_err());
}

/// A device built before `audit_head` reads a newer server's answer: the central record can
/// be upgraded first.
#[test]
fn answers_with_fields_a_device_does_not_know_still_read() {
    let answer = json!({
        "receipts": [],
        "acked_seq": 3,
        "server_time": "2026-12-06T08:00:00Z",
        "audit_head": {"seq": 2, "hash": "00"},
        "from_a_later_version": true
    });
    let read: PushResponse = serde_json::from_value(answer).unwrap();
    assert_eq!(read.acked_seq, 3);
    let feed = json!({
        "changes": [],
        "cursor": 0,
        "more": false,
        "server_time": "2026-12-06T08:00:00Z",
        "later": 1
    });
    assert!(serde_json::from_value::<FeedResponse>(feed).is_ok());
}
