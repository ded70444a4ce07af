//! The chain's acts after the police order coming down the feed (`ChangeKind::OrderAct`) on a
//! real encrypted store: each becomes its order event from the central record under the act's
//! id (the same act twice is recorded once), moves the clocks, shows in the order view, the
//! case's timeline and the case summary; an act the law refuses, and a kind of change this build
//! does not know, are audited and skipped without blocking the feed.

use chrono::Duration;
use uuid::Uuid;

use zastita_core::app::{GenerateDocumentRequest, Language, ListCasesRequest, Session};
use zastita_core::audit::{Action, Outcome};
use zastita_core::domain::{EventId, EventSource, OrderEventKind, OrderEventName, OrderId};
use zastita_core::templates::DocumentKind;
use zastita_protocol::messages::{ChainEvent, ChangeKind};

use crate::harness::{TestStore, purpose};
use crate::legal::{issued_order, pdftotext, squeeze};
use crate::sync::{enrol, page, serve};

const OFFICE: &str = "Osnovno javno tužilaštvo u Novom Sadu";
const COURT: &str = "Osnovni sud u Novom Sadu";

fn act(order: OrderId, act_id: Uuid, event: ChainEvent) -> ChangeKind {
    ChangeKind::OrderAct {
        order_id: order.0,
        act_id,
        event,
    }
}

/// The audit entries about `target` with `action`, newest first.
fn audited(s: &Session, action: Action, target: &str) -> Vec<Outcome> {
    s.audit_log(10_000)
        .unwrap()
        .into_iter()
        .filter(|e| e.entry.action == action && e.entry.target.as_deref() == Some(target))
        .map(|e| e.entry.outcome)
        .collect()
}

#[test]
fn the_chains_acts_from_the_feed_become_the_orders_events_once_each() {
    let (ts, mut s) = TestStore::new();
    let (case_id, order) = issued_order(&ts, &mut s);
    enrol(&ts, &mut s);
    serve(&ts, &mut s, order);
    let served_at = ts.clock_now();
    ts.clock.advance(Duration::minutes(90));
    // Not forwarded 90 minutes after the assessment: the device warns.
    let before = s.get_order(order).unwrap();
    assert!(before.clocks.forward_warning_from.is_some());
    let (received, evaluated, proposed, court) = (
        Uuid::now_v7(),
        Uuid::now_v7(),
        Uuid::now_v7(),
        Uuid::now_v7(),
    );
    let at = ts.clock_now();
    let feed = page(
        4,
        vec![
            (
                1,
                act(
                    order,
                    received,
                    ChainEvent::ProsecutorReceived {
                        at: at - Duration::minutes(10),
                        office: OFFICE.into(),
                    },
                ),
            ),
            (
                2,
                act(
                    order,
                    evaluated,
                    ChainEvent::ProsecutorEvaluated {
                        at: at - Duration::minutes(5),
                        agrees: true,
                        reasons: "Procena je potpuna.".into(),
                    },
                ),
            ),
            (
                3,
                act(
                    order,
                    proposed,
                    ChainEvent::ExtensionProposed {
                        at: at - Duration::minutes(2),
                        court: COURT.into(),
                    },
                ),
            ),
            (
                4,
                act(
                    order,
                    court,
                    ChainEvent::ProposalReceived {
                        at: at - Duration::minutes(1),
                        court: COURT.into(),
                    },
                ),
            ),
        ],
    );
    let out = s.sync_apply_feed(&feed).unwrap();
    assert_eq!((out.applied, out.skipped, out.cursor), (4, 0, 4));
    let view = s.get_order(order).unwrap();
    let events: Vec<(EventId, EventSource, OrderEventName)> = view
        .order
        .events
        .iter()
        .skip(1)
        .map(|e| (e.id, e.source, e.event.name()))
        .collect();
    assert_eq!(
        events,
        vec![
            (
                EventId(received),
                EventSource::CentralRecord,
                OrderEventName::ProsecutorReceived
            ),
            (
                EventId(evaluated),
                EventSource::CentralRecord,
                OrderEventName::ProsecutorEvaluated
            ),
            (
                EventId(proposed),
                EventSource::CentralRecord,
                OrderEventName::ExtensionProposed
            ),
            (
                EventId(court),
                EventSource::CentralRecord,
                OrderEventName::ProposalReceived
            ),
        ]
    );
    assert!(matches!(
        &view.order.events[3].event,
        OrderEventKind::ExtensionProposed { court: Some(c), .. } if c == COURT
    ));
    // The receipt confirms the forwarding; the court's 24 hours run from its receipt.
    let c = &view.clocks;
    assert_eq!(c.forward_warning_from, None);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    assert_eq!(c.prosecutor_received_at, Some(at - Duration::minutes(10)));
    assert_eq!(
        c.court_decision_due_at,
        Some(at - Duration::minutes(1) + Duration::hours(24))
    );
    assert!(served_at < at);
    // The case list's legal column follows in the same transaction: no forwarding warning.
    purpose(&mut s, None);
    let list = s.list_cases(ListCasesRequest::default()).unwrap();
    let badge = &list.iter().find(|c| c.id == case_id).unwrap().legal.orders[0];
    assert_eq!(badge.deadlines.forward_warning_from, None);
    assert_eq!(
        badge.deadlines.prosecutor_received_at,
        Some(at - Duration::minutes(10))
    );
    // The officer is not offered these acts, nor the forwarding the receipt confirmed.
    for name in [
        OrderEventName::Forwarded,
        OrderEventName::ProsecutorReceived,
        OrderEventName::ProsecutorEvaluated,
        OrderEventName::ProposalReceived,
        OrderEventName::ExtensionProposed,
    ] {
        assert!(!view.admissible_events.contains(&name), "{name:?}");
    }
    // On the case's timeline, as the audit log has them.
    let target = format!("order:{}", order.0);
    assert_eq!(
        audited(&s, Action::ProsecutorReceived, &target),
        [Outcome::Ok]
    );
    assert_eq!(
        audited(&s, Action::ProposalReceived, &target),
        [Outcome::Ok]
    );
    purpose(&mut s, Some(case_id));
    let timeline = s.case_timeline(case_id).unwrap();
    for action in [
        Action::ProsecutorReceived,
        Action::ProsecutorEvaluated,
        Action::ExtensionProposed,
        Action::ProposalReceived,
    ] {
        assert!(timeline.iter().any(|e| e.action == action), "{action:?}");
    }

    // The same acts again (a replayed page, under new sequence numbers): recorded once.
    let mut replay = feed.clone();
    for c in &mut replay.changes {
        c.seq += 10;
    }
    replay.cursor = 14;
    let out = s.sync_apply_feed(&replay).unwrap();
    assert_eq!((out.applied, out.skipped), (0, 4));
    assert_eq!(s.get_order(order).unwrap().order.events.len(), 5);

    // The case summary's event lines carry them, in the document's language.
    let (_, pdf) = s
        .generate_document(GenerateDocumentRequest {
            case_id,
            kind: DocumentKind::Summary,
            order_id: Some(order),
            language: Language::SrLatn,
        })
        .unwrap();
    let text = squeeze(&pdftotext(&pdf));
    assert!(text.contains(&format!("Primilo {OFFICE}")), "{text}");
    assert!(text.contains(&format!("Predlog primio {COURT}")), "{text}");
}

#[test]
fn an_act_the_law_refuses_and_an_unknown_change_are_audited_and_skipped() {
    let (ts, mut s) = TestStore::new();
    let (_case, order) = issued_order(&ts, &mut s);
    enrol(&ts, &mut s);
    serve(&ts, &mut s, order);
    ts.clock.advance(Duration::hours(2));
    let at = ts.clock_now();
    let early = ChangeKind::OrderAct {
        order_id: order.0,
        act_id: Uuid::now_v7(),
        event: ChainEvent::ProposalReceived {
            at,
            court: COURT.into(),
        },
    };
    let elsewhere = ChangeKind::OrderAct {
        order_id: Uuid::now_v7(),
        act_id: Uuid::now_v7(),
        event: ChainEvent::ProsecutorReceived {
            at,
            office: OFFICE.into(),
        },
    };
    let fine = ChangeKind::OrderAct {
        order_id: order.0,
        act_id: Uuid::now_v7(),
        event: ChainEvent::ProsecutorReceived {
            at,
            office: OFFICE.into(),
        },
    };
    let feed = page(
        4,
        vec![
            (1, early),
            (2, ChangeKind::Unknown),
            (3, elsewhere),
            (4, fine),
        ],
    );
    let out = s.sync_apply_feed(&feed).unwrap();
    // The feed moves past all four; only the receipt applies.
    assert_eq!((out.applied, out.skipped, out.cursor), (1, 3, 4));
    let view = s.get_order(order).unwrap();
    assert_eq!(
        view.order
            .events
            .iter()
            .map(|e| e.event.name())
            .collect::<Vec<_>>(),
        [OrderEventName::Served, OrderEventName::ProsecutorReceived]
    );
    let target = format!("order:{}", order.0);
    assert_eq!(
        audited(&s, Action::ProposalReceived, &target),
        [Outcome::Denied]
    );
    let denied = s
        .audit_log(10_000)
        .unwrap()
        .into_iter()
        .find(|e| e.entry.action == Action::ProposalReceived)
        .unwrap();
    assert_eq!(
        denied.entry.detail.as_deref(),
        Some("central record: order_court_receipt_before_proposal")
    );
    assert_eq!(audited(&s, Action::Sync, "change:2"), [Outcome::Denied]);
}
