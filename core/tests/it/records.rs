//! The records a device queues, read back as the central record reads them (`records::Record`):
//! a case with its people, a completed assessment, an issued and served order, a signed
//! statement and a generated document go through the app's own writers into the outbox, and
//! every payload there parses as its kind, into the values the device holds.

use std::collections::BTreeSet;

use chrono::Duration;
use zastita_core::app::{
    GenerateDocumentRequest, Language, RecordOrderEventRequest, SignStatementRequest,
    StartStatementRequest,
};
use zastita_core::domain::{Badge, OrderEventKind, Role, StatementDraft};
use zastita_core::records::{CaseRecords, Record};
use zastita_core::templates::DocumentKind;

use crate::harness::{BADGE, PASS, TestStore, purpose, signature};
use crate::legal::issued_order;

#[test]
fn every_record_the_device_queues_reads_back_as_its_kind() {
    let (ts, mut s) = TestStore::new();
    let (case_id, order_id) = issued_order(&ts, &mut s);
    ts.clock.advance(Duration::minutes(10));
    s.record_order_event(RecordOrderEventRequest {
        id: order_id,
        event: OrderEventKind::Served {
            at: ts.clock_now(),
            place: "PS Liman".into(),
            served_by: Badge::parse(BADGE).unwrap(),
            signature: Some(signature(12)),
            refused_to_sign: None,
        },
    })
    .unwrap();
    purpose(&mut s, Some(case_id));
    let file = s.open_case(case_id).unwrap().file;
    let perpetrator = file
        .people
        .iter()
        .find(|p| p.role == Role::Perpetrator)
        .unwrap()
        .id;
    let st = s
        .start_statement(StartStatementRequest {
            case_id,
            person_id: perpetrator,
            amends: None,
            draft: StatementDraft {
                place: "PS Liman".into(),
                language: "sr".into(),
                interpreter: None,
                text: "Izjašnjenje učinioca.".into(),
            },
        })
        .unwrap();
    s.sign_statement(SignStatementRequest {
        id: st.statement.id,
        victim_signature: Some(signature(20)),
        victim_not_signed_reason: None,
        officer_signature: Some(signature(20)),
    })
    .unwrap();
    s.generate_document(GenerateDocumentRequest {
        case_id,
        kind: DocumentKind::Order,
        order_id: Some(order_id),
        language: Language::SrLatn,
    })
    .unwrap();
    let file = s.open_case(case_id).unwrap().file;
    drop(s);

    let raw = zastita_core::app::testing::open_raw(ts.path(), PASS, BADGE).unwrap();
    let entries = zastita_core::outbox::entries_after(&raw, 0, 10_000).unwrap();
    let mut kinds = BTreeSet::new();
    let mut records = CaseRecords::default();
    for e in entries.iter().filter(|e| e.kind != "audit") {
        let payload: serde_json::Value = serde_json::from_str(&e.payload).unwrap();
        let record = Record::parse(&e.kind, &payload)
            .unwrap_or_else(|err| panic!("{} does not read back: {err}", e.kind));
        kinds.insert(e.kind.clone());
        // The latest version of each record, as the central record keeps them.
        let later = entries
            .iter()
            .any(|o| o.record_id == e.record_id && o.version > e.version);
        if !later {
            records.add(record);
        }
    }
    assert_eq!(
        kinds,
        [
            "assessment",
            "case",
            "document",
            "order",
            "person",
            "statement"
        ]
        .map(str::to_owned)
        .into_iter()
        .collect(),
    );
    // What the central record reads is what the device holds.
    let back = records.case_file().unwrap();
    assert_eq!(back.id, file.id);
    assert_eq!(back.incident, file.incident);
    assert_eq!(back.people.len(), file.people.len());
    for p in &file.people {
        assert!(back.people.contains(p), "{:?} differs", p.id);
    }
    assert_eq!(back.assessments, file.assessments);
    assert_eq!(back.statements, file.statements);
    assert_eq!(back.orders, file.orders);
    assert_eq!(records.documents.len(), 1);
    assert_eq!(records.documents[0].order_id, Some(order_id));
    assert!(Record::parse("audit", &serde_json::json!({})).is_err());
    assert!(Record::parse("order", &serde_json::json!({"id": "x"})).is_err());
}
