//! The chain after the police order on the central record, on every backend (`store::chain`):
//! real signed envelopes of a case and its served order pushed by an enrolled device; the board
//! of each role filtered by jurisdiction and sorted by urgency; a prosecutor of another office
//! refused (and the refusal audited); the court unable to decide before a proposal; a receipt
//! recorded once, down the owning device's feed only; each act's change; the proposal PDF made
//! and kept sealed; and each role's fields.

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::Value;
use uuid::Uuid;
use zastita_central::console::operator::{Operator, Territory};
use zastita_central::store::chain::ChainError;
use zastita_central::store::push::PushPolicy;
use zastita_central::store::{Device, Store, now};
use zastita_core::domain::order::{
    EventSource, Issued, Measure, Order, OrderContent, OrderEvent, OrderEventKind,
};
use zastita_core::domain::{Badge, CaseId, EventId, OrderId, PersonId};
use zastita_core::records::Record;
use zastita_protocol::console::chain::{
    Act, ActKind, ActParty, ActRequest, BoardScope, ChainStage, ClockKind,
};
use zastita_protocol::console::{
    ConsolePurpose, ConsolePurposeCode, Institution, InstitutionKind, OperatorRole,
};
use zastita_protocol::messages::{ChainEvent, ChangeKind, PushRequest, RecordKind};

use crate::harness::{BADGE, TestDevice, backends, enrolled_in};

/// A case pushed by a device: its ids.
#[derive(Debug, Clone, Copy)]
pub struct Pushed {
    pub case: Uuid,
    pub victim: Uuid,
    pub perpetrator: Uuid,
    pub order: Uuid,
}

fn parses(kind: &str, payload: &Value) -> Value {
    Record::parse(kind, payload).unwrap_or_else(|e| panic!("{kind}: {e}"));
    payload.clone()
}

/// Today in Belgrade (a court's decision is dated there).
fn today() -> chrono::NaiveDate {
    now()
        .with_timezone(&chrono_tz::Europe::Belgrade)
        .date_naive()
}

fn badge() -> Badge {
    Badge::parse(BADGE).unwrap()
}

/// The order of `case`, issued and served at `served`, for a victim living in `municipality`.
pub fn served_order(p: &Pushed, municipality: &str, served: DateTime<Utc>) -> Order {
    Order {
        id: OrderId(p.order),
        case_id: CaseId(p.case),
        version: 1,
        created_at: served - TimeDelta::minutes(30),
        created_by: badge(),
        content: OrderContent {
            measures: vec![Measure::ContactBan],
            perpetrator: Some(PersonId(p.perpetrator)),
            protected: vec![PersonId(p.victim)],
            victim_municipality: municipality.to_owned(),
            reasons: "Pretnje i ranije nasilje.".into(),
            police_administration: "PU za Grad Novi Sad".into(),
            police_station: "PS Liman".into(),
            ..OrderContent::default()
        },
        issued: Some(Issued {
            at: served - TimeDelta::minutes(10),
            by: badge(),
            provisional_number: "P-1A2B-2026-0001".into(),
            assessment_completed_at: Some(served - TimeDelta::minutes(15)),
            forward_warning_minutes: None,
        }),
        events: vec![OrderEvent {
            id: EventId::new(),
            recorded_at: served,
            recorded_by: Some(badge()),
            source: EventSource::Device,
            event: OrderEventKind::Served {
                at: served,
                place: "Bulevar 1".into(),
                served_by: badge(),
                signature: None,
                refused_to_sign: Some("odbio".into()),
            },
        }],
    }
}

/// The envelopes of a case in `municipality` with a victim and a perpetrator, each with a
/// signed statement (words `words`), and its order served at `served`, from seq `seq`.
pub fn case_envelopes(
    d: &TestDevice,
    seq: u64,
    municipality: &str,
    served: DateTime<Utc>,
    words: &str,
) -> (Pushed, Vec<zastita_protocol::messages::SignedEnvelope>) {
    let p = Pushed {
        case: Uuid::now_v7(),
        victim: Uuid::now_v7(),
        perpetrator: Uuid::now_v7(),
        order: Uuid::now_v7(),
    };
    let at = served - TimeDelta::hours(1);
    let case = serde_json::json!({"id": p.case, "created_at": at, "created_by": BADGE,
        "incident": {"municipality": municipality, "address": format!("Ulica {words} 3")}});
    let person = |id: Uuid, role: &str, name: &str| {
        serde_json::json!({"case_id": p.case, "id": id, "role": role,
            "given_name": name, "family_name": words})
    };
    let statement = |person: Uuid, text: &str| {
        let id = Uuid::now_v7();
        (
            id,
            serde_json::json!({"case_id": p.case, "id": id, "person_id": person,
                "taken_at": at, "taken_by": BADGE, "text": text, "signed_at": at}),
        )
    };
    let (sv, victim_statement) = statement(p.victim, &format!("Izjava oštećene {words}"));
    let (sp, perpetrator_statement) =
        statement(p.perpetrator, &format!("Izjašnjenje učinioca {words}"));
    let order = serde_json::to_value(served_order(&p, municipality, served)).unwrap();
    let envelopes = vec![
        d.envelope(seq, RecordKind::Case, p.case, parses("case", &case)),
        d.envelope(
            seq + 1,
            RecordKind::Person,
            p.victim,
            parses("person", &person(p.victim, "victim", "Jelena")),
        ),
        d.envelope(
            seq + 2,
            RecordKind::Person,
            p.perpetrator,
            parses("person", &person(p.perpetrator, "perpetrator", "Marko")),
        ),
        d.envelope(
            seq + 3,
            RecordKind::Statement,
            sv,
            parses("statement", &victim_statement),
        ),
        d.envelope(
            seq + 4,
            RecordKind::Statement,
            sp,
            parses("statement", &perpetrator_statement),
        ),
        d.envelope(seq + 5, RecordKind::Order, p.order, parses("order", &order)),
    ];
    (p, envelopes)
}

/// Push a case (6 envelopes from `seq`) and its order served at `served`.
fn push_case(
    store: &Store,
    d: &TestDevice,
    device: &Device,
    seq: u64,
    municipality: &str,
    served: DateTime<Utc>,
) -> Pushed {
    let (p, envelopes) = case_envelopes(d, seq, municipality, served, "Test");
    let r = store
        .push(
            device,
            &PushRequest {
                envelopes,
                device_time: now(),
            },
            now(),
            PushPolicy { auto_numbers: true },
        )
        .unwrap();
    for receipt in &r.receipts {
        assert_eq!(
            receipt.outcome,
            zastita_protocol::messages::ReceiptOutcome::Accepted,
            "{receipt:?}"
        );
    }
    p
}

pub fn operator(role: OperatorRole, kind: InstitutionKind, key: &str) -> Operator {
    Operator {
        id: Uuid::now_v7(),
        login: format!("{role:?}-{}", &key.len()).to_lowercase(),
        name: "Jovan Petrović".into(),
        role,
        institution: Institution {
            kind,
            key: key.into(),
        },
        session: Uuid::now_v7(),
    }
}

pub fn prosecutor_of(municipality: &str) -> Operator {
    let t = Territory::of("NS", municipality);
    operator(
        OperatorRole::Prosecutor,
        InstitutionKind::BasicProsecutor,
        &t.prosecutor_office,
    )
}

pub fn court_of(municipality: &str) -> Operator {
    let t = Territory::of("NS", municipality);
    operator(
        OperatorRole::Court,
        InstitutionKind::BasicCourt,
        &t.basic_court,
    )
}

pub fn duty() -> ConsolePurpose {
    ConsolePurpose {
        code: ConsolePurposeCode::DutyReview,
        text: None,
    }
}

pub fn acting(act: Act) -> ActRequest {
    ActRequest {
        purpose: ConsolePurpose {
            code: ConsolePurposeCode::ActingOnOrder,
            text: Some("dežurstvo".into()),
        },
        act,
    }
}

/// The chain's changes in `device`'s feed, for `order`.
fn chain_changes(store: &Store, device: Uuid, order: Uuid) -> Vec<ChangeKind> {
    let (changes, _) = store.feed(device, 0, 500).unwrap();
    changes
        .into_iter()
        .map(|c| c.change)
        .filter(|c| match c {
            ChangeKind::OrderAct { order_id, .. } | ChangeKind::CourtDecision { order_id, .. } => {
                *order_id == order
            }
            _ => false,
        })
        .collect()
}

#[test]
fn the_board_lists_the_jurisdictions_orders_most_urgent_first() {
    for b in backends("the_board_lists_the_jurisdictions_orders_most_urgent_first") {
        let store = &b.store;
        let (d, device) = enrolled_in(store, Some("NS"));
        let t = now();
        // Served 20 h ago: the prosecutor's 24 h end in 4 h. 2 h ago: in 22 h. 30 h ago: 6 h
        // overdue. Bač: another office's.
        let soon = push_case(store, &d, &device, 1, "Novi Sad", t - TimeDelta::hours(20));
        let later = push_case(store, &d, &device, 7, "Novi Sad", t - TimeDelta::hours(2));
        let overdue = push_case(store, &d, &device, 13, "Novi Sad", t - TimeDelta::hours(30));
        let elsewhere = push_case(store, &d, &device, 19, "Bač", t - TimeDelta::hours(1));
        let ns = prosecutor_of("Novi Sad");
        let board = store.board(&ns, BoardScope::Open, 0, &duty(), t).unwrap();
        let ids: Vec<Uuid> = board.entries.iter().map(|e| e.order_id).collect();
        assert_eq!(ids, [overdue.order, soon.order, later.order], "{}", b.name);
        assert_eq!(board.total, 3);
        // Core's warnings at the board's instant: none of them confirmed received (forwarded),
        // the first past the prosecutor's 24 hours.
        assert_eq!(
            board.entries[0].warnings,
            ["not_forwarded", "no_proposal"],
            "{:?}",
            board.entries[0]
        );
        assert_eq!(board.entries[1].warnings, ["not_forwarded"]);
        assert_eq!(board.entries[0].stage, ChainStage::AwaitingReceipt);
        assert_eq!(board.entries[0].municipality, "Novi Sad");
        assert!(!board.entries[0].provisional, "numbered on arrival");
        let proposal = board.entries[1]
            .clocks
            .iter()
            .find(|c| c.kind == ClockKind::ProsecutorProposal)
            .unwrap();
        assert_eq!(
            proposal.due_at,
            t - TimeDelta::hours(20) + TimeDelta::hours(24)
        );
        assert_eq!(proposal.met_at, None);
        // Bač's office sees its one order; the station its administration's four.
        let bac = store
            .board(&prosecutor_of("Bač"), BoardScope::Open, 0, &duty(), t)
            .unwrap();
        assert_eq!(
            bac.entries.iter().map(|e| e.order_id).collect::<Vec<_>>(),
            [elsewhere.order]
        );
        let station = operator(
            OperatorRole::Station,
            InstitutionKind::PoliceAdministration,
            "NS",
        );
        assert_eq!(
            store
                .board(&station, BoardScope::All, 0, &duty(), t)
                .unwrap()
                .total,
            4
        );
        // The court sees none until a proposal; then that one.
        let court = court_of("Novi Sad");
        assert_eq!(
            store
                .board(&court, BoardScope::Open, 0, &duty(), t)
                .unwrap()
                .total,
            0
        );
        store.open_order(&ns, soon.order, &duty(), t).unwrap();
        store
            .act(
                &ns,
                soon.order,
                &acting(Act::Evaluate {
                    agrees: true,
                    reasons: String::new(),
                }),
                t,
            )
            .unwrap();
        store
            .act(
                &ns,
                soon.order,
                &acting(Act::Propose {
                    reasons: "Neposredna opasnost traje.".into(),
                    evidence: vec!["Zapisnik".into()],
                }),
                t,
            )
            .unwrap();
        let court_board = store
            .board(&court, BoardScope::Open, 0, &duty(), t)
            .unwrap();
        assert_eq!(
            court_board
                .entries
                .iter()
                .map(|e| e.order_id)
                .collect::<Vec<_>>(),
            [soon.order]
        );
        assert_eq!(court_board.entries[0].stage, ChainStage::Proposed);
        // The auditor reads no case.
        let auditor = operator(OperatorRole::Auditor, InstitutionKind::Oversight, "RJT");
        assert!(matches!(
            store.board(&auditor, BoardScope::Open, 0, &duty(), t),
            Err(ChainError::ForbiddenRole)
        ));
        // Every view was audited, as the console's, with its purpose.
        let audit = store.admin_audit().unwrap();
        let boards: Vec<_> = audit
            .iter()
            .filter(|e| e.action == "console.board")
            .collect();
        assert_eq!(boards.len(), 6, "{}", b.name);
        assert!(
            boards
                .iter()
                .all(|e| e.purpose.as_deref() == Some("duty_review"))
        );
        assert!(store.check_admin_audit().unwrap().problems.is_empty());
    }
}

#[test]
fn a_prosecutor_of_another_office_is_refused_and_the_refusal_audited() {
    for b in backends("a_prosecutor_of_another_office_is_refused_and_the_refusal_audited") {
        let store = &b.store;
        let (d, device) = enrolled_in(store, Some("NS"));
        let p = push_case(
            store,
            &d,
            &device,
            1,
            "Novi Sad",
            now() - TimeDelta::hours(3),
        );
        let other = prosecutor_of("Bač");
        let refused = store.open_order(&other, p.order, &duty(), now());
        assert!(
            matches!(refused, Err(ChainError::OutsideJurisdiction)),
            "{}: {refused:?}",
            b.name
        );
        let refused = store.act(
            &other,
            p.order,
            &acting(Act::Decline {
                reasons: "x".into(),
            }),
            now(),
        );
        assert!(matches!(refused, Err(ChainError::OutsideJurisdiction)));
        let audit = store.admin_audit().unwrap();
        let last: Vec<_> = audit.iter().rev().take(2).collect();
        for e in &last {
            assert_eq!(e.actor_kind.as_str(), "console");
            assert_eq!(e.actor_id, other.id.to_string());
            assert_eq!(e.target.as_deref(), Some(&*format!("order:{}", p.order)));
            let detail: Value = serde_json::from_str(&e.detail).unwrap();
            assert_eq!(detail["outcome"], "refused");
            assert_eq!(detail["code"], "outside_jurisdiction");
        }
        assert_eq!(last[0].action, "console.order.act");
        assert_eq!(last[1].action, "console.order.open");
        // Nothing was recorded or sent.
        assert!(chain_changes(store, device.id, p.order).is_empty());
    }
}

#[test]
fn the_court_cannot_decide_before_a_proposal() {
    for b in backends("the_court_cannot_decide_before_a_proposal") {
        let store = &b.store;
        let (d, device) = enrolled_in(store, Some("NS"));
        let p = push_case(
            store,
            &d,
            &device,
            1,
            "Novi Sad",
            now() - TimeDelta::hours(3),
        );
        let court = court_of("Novi Sad");
        let decide = acting(Act::Decide {
            number: "R1 12/2026".into(),
            decided_on: now().date_naive(),
            extended: true,
            ends_at: Some(now() + TimeDelta::days(30)),
        });
        match store.act(&court, p.order, &decide, now()) {
            Err(ChainError::NotAdmitted { code }) => {
                assert_eq!(code, "order_decision_before_proposal", "{}", b.name)
            }
            other => panic!("{}: {other:?}", b.name),
        }
        // A decision dated after today is refused before the law is asked.
        let tomorrow = acting(Act::Decide {
            number: "R1 12/2026".into(),
            decided_on: today() + TimeDelta::days(1),
            extended: false,
            ends_at: None,
        });
        assert!(matches!(
            store.act(&court, p.order, &tomorrow, now()),
            Err(ChainError::Invalid {
                field: "decided_on"
            })
        ));
        // Nor may the court open it, and a prosecutor may not decide.
        assert!(matches!(
            store.open_order(&court, p.order, &duty(), now()),
            Err(ChainError::OutsideJurisdiction)
        ));
        assert!(matches!(
            store.act(&prosecutor_of("Novi Sad"), p.order, &decide, now()),
            Err(ChainError::ForbiddenRole)
        ));
        let audit = store.admin_audit().unwrap();
        let refusals: Vec<Value> = audit
            .iter()
            .map(|e| serde_json::from_str::<Value>(&e.detail).unwrap())
            .filter(|d| d["outcome"] == "refused")
            .collect();
        assert_eq!(refusals.len(), 4);
        assert_eq!(refusals[0]["refusal"], "order_decision_before_proposal");
        assert!(chain_changes(store, device.id, p.order).is_empty());
    }
}

#[test]
fn a_receipt_is_recorded_once_and_reaches_only_the_owning_device() {
    for b in backends("a_receipt_is_recorded_once_and_reaches_only_the_owning_device") {
        let store = &b.store;
        let (d, device) = enrolled_in(store, Some("NS"));
        let (_other_key, other) = enrolled_in(store, Some("NS"));
        let p = push_case(
            store,
            &d,
            &device,
            1,
            "Novi Sad",
            now() - TimeDelta::hours(3),
        );
        let ns = prosecutor_of("Novi Sad");
        let first = store.open_order(&ns, p.order, &duty(), now()).unwrap();
        let received = first.chain.prosecutor_received.clone().unwrap();
        assert_eq!(
            received.by,
            Territory::of("NS", "Novi Sad").prosecutor_office
        );
        assert_eq!(first.entry.stage, ChainStage::Received);
        // The forwarding is confirmed on the order as it stands (core's receipt event).
        assert!(
            first.order["events"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["event"]["kind"] == "prosecutor_received")
        );
        let again = store.open_order(&ns, p.order, &duty(), now()).unwrap();
        assert_eq!(again.chain.prosecutor_received, Some(received.clone()));
        let changes = chain_changes(store, device.id, p.order);
        assert_eq!(changes.len(), 1, "{}: {changes:?}", b.name);
        match &changes[0] {
            ChangeKind::OrderAct {
                event: ChainEvent::ProsecutorReceived { at, office },
                ..
            } => {
                assert_eq!(*at, received.at);
                assert_eq!(*office, received.by);
            }
            c => panic!("{c:?}"),
        }
        // The other device of the same administration reads nothing of it.
        assert!(chain_changes(store, other.id, p.order).is_empty());
        let (others, _) = store.feed(other.id, 0, 500).unwrap();
        assert!(others.iter().all(|c| !matches!(
            c.change,
            ChangeKind::OrderAct { .. } | ChangeKind::CourtDecision { .. }
        )));
        // Both openings audited; the first says it recorded the receipt.
        let opens: Vec<Value> = store
            .admin_audit()
            .unwrap()
            .iter()
            .filter(|e| e.action == "console.order.open")
            .map(|e| serde_json::from_str(&e.detail).unwrap())
            .collect();
        assert_eq!(opens.len(), 2);
        assert_eq!(opens[0]["recorded"], "prosecutor_received");
        assert!(opens[1].get("recorded").is_none());
    }
}

#[test]
fn each_act_goes_down_the_feed_as_its_change_and_the_proposal_pdf_is_kept_sealed() {
    for b in backends("each_act_goes_down_the_feed_as_its_change_and_the_proposal_pdf_is_kept") {
        let store = &b.store;
        let (d, device) = enrolled_in(store, Some("NS"));
        let served = now() - TimeDelta::hours(5);
        let p = push_case(store, &d, &device, 1, "Novi Sad", served);
        let mut ns = prosecutor_of("Novi Sad");
        // His account's language is the proposal's.
        let (account, _) = store
            .add_operator(
                &zastita_central::store::operators::NewOperator {
                    login: "tuzilac.cirilica",
                    name: "Јован Петровић",
                    role: OperatorRole::Prosecutor,
                    institution: ns.institution.clone(),
                    language: Some("sr-Cyrl"),
                },
                now(),
            )
            .unwrap();
        ns.id = account.id;
        let court = court_of("Novi Sad");
        let file = store.open_order(&ns, p.order, &duty(), now()).unwrap();
        // The prosecutor reads both statements; he must evaluate before he proposes.
        assert_eq!(file.statements.len(), 2);
        assert_eq!(file.people.len(), 2);
        assert_eq!(file.chain.admissible, [ActKind::Evaluate, ActKind::Decline]);
        let propose = acting(Act::Propose {
            reasons: "Pretnje se nastavljaju.".into(),
            evidence: vec!["Zapisnik o izjavi".into(), "Fotografije".into()],
        });
        match store.act(&ns, p.order, &propose, now()) {
            Err(ChainError::NotAdmitted { code }) => assert_eq!(code, "order_evaluation_required"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            store.act(
                &ns,
                p.order,
                &acting(Act::Evaluate {
                    agrees: false,
                    reasons: "  ".into()
                }),
                now()
            ),
            Err(ChainError::Invalid { field: "reasons" })
        ));
        store
            .act(
                &ns,
                p.order,
                &acting(Act::Evaluate {
                    agrees: true,
                    reasons: "Slažem se sa procenom.".into(),
                }),
                now(),
            )
            .unwrap();
        let proposed = store.act(&ns, p.order, &propose, now()).unwrap();
        let view = proposed.chain.proposal.clone().unwrap();
        assert_eq!(view.evidence, ["Zapisnik o izjavi", "Fotografije"]);
        assert_eq!(view.document.kind, "proposal");
        assert_eq!(proposed.entry.stage, ChainStage::Proposed);
        let pdf = store
            .order_document(
                &ns,
                p.order,
                view.document.record_id,
                &view.document.sha256,
                &duty(),
                now(),
            )
            .unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        assert!(
            pdf.windows(14).any(|w| w == b"/Lang(sr-Cyrl)"),
            "{}: the proposal is not in the prosecutor's language",
            b.name
        );
        assert_eq!(
            zastita_protocol::signing::sha256_hex(&pdf),
            view.document.sha256
        );
        // A second proposal is the law's to refuse.
        match store.act(&ns, p.order, &propose, now()) {
            Err(ChainError::NotAdmitted { code }) => {
                assert_eq!(code, "order_proposal_already_decided")
            }
            other => panic!("{other:?}"),
        }
        // The court: its receipt on opening, then its decision and what follows.
        let at_court = store.open_order(&court, p.order, &duty(), now()).unwrap();
        assert_eq!(at_court.entry.stage, ChainStage::CourtReceived);
        assert!(at_court.chain.court_received.is_some());
        assert!(at_court.chain.evaluation.is_some(), "both evaluations");
        assert_eq!(at_court.assessments.len(), 0);
        // The perpetrator's statement only.
        assert_eq!(at_court.statements.len(), 1);
        assert_eq!(
            at_court.statements[0]["person_id"],
            Value::String(p.perpetrator.to_string())
        );
        assert!(at_court.chain.admissible.contains(&ActKind::Decide));
        let ends = served + TimeDelta::hours(48) + TimeDelta::days(30);
        let decided = store
            .act(
                &court,
                p.order,
                &acting(Act::Decide {
                    number: "R1 12/2026".into(),
                    decided_on: today(),
                    extended: true,
                    ends_at: Some(ends),
                }),
                now(),
            )
            .unwrap();
        assert_eq!(decided.entry.stage, ChainStage::Decided);
        assert!(
            decided
                .entry
                .clocks
                .iter()
                .any(|c| c.kind == ClockKind::MeasuresEnd && c.due_at == ends)
        );
        for act in [
            Act::DecisionReceived {
                by: ActParty::Perpetrator,
                at: None,
            },
            Act::Appeal {
                by: ActParty::Perpetrator,
                at: None,
                note: "Žalba branioca".into(),
            },
            Act::AppealForwarded { at: None },
            Act::HigherCourtDecision {
                court: "Viši sud u Novom Sadu".into(),
                number: "Kž 3/2026".into(),
                decided_on: today(),
                upheld: true,
            },
        ] {
            store.act(&court, p.order, &acting(act), now()).unwrap();
        }
        let kinds: Vec<&str> = chain_changes(store, device.id, p.order)
            .iter()
            .map(|c| match c {
                ChangeKind::CourtDecision { .. } => "court_decision",
                ChangeKind::OrderAct { event, .. } => match event {
                    ChainEvent::ProsecutorReceived { .. } => "prosecutor_received",
                    ChainEvent::ProsecutorEvaluated { .. } => "prosecutor_evaluated",
                    ChainEvent::ExtensionProposed { .. } => "extension_proposed",
                    ChainEvent::ProsecutorDeclined { .. } => "prosecutor_declined",
                    ChainEvent::ProposalReceived { .. } => "proposal_received",
                    ChainEvent::DecisionReceived { .. } => "decision_received",
                    ChainEvent::Appeal { .. } => "appeal",
                    ChainEvent::AppealForwarded { .. } => "appeal_forwarded",
                    ChainEvent::HigherCourtDecision { .. } => "higher_court_decision",
                },
                _ => "other",
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "prosecutor_received",
                "prosecutor_evaluated",
                "extension_proposed",
                "proposal_received",
                "court_decision",
                "decision_received",
                "appeal",
                "appeal_forwarded",
                "higher_court_decision"
            ],
            "{}",
            b.name
        );
        // The sealed columns read back, the proposal among them.
        let report = store.check_encryption().unwrap();
        assert!(report.ok(), "{:?}", report.bad);
        // The court may not read the case summary nor an unknown document.
        assert!(matches!(
            store.order_document(&court, p.order, Uuid::now_v7(), "00", &duty(), now()),
            Err(ChainError::NotFound)
        ));
    }
}

#[test]
fn orders_held_before_the_console_are_indexed_when_the_store_opens() {
    for db in crate::harness::databases("orders_held_before_the_console_are_indexed") {
        // A database at the version before the console's, holding a pushed order.
        let store = db.open().unwrap();
        let (d, device) = enrolled_in(&store, Some("NS"));
        let p = push_case(
            &store,
            &d,
            &device,
            1,
            "Novi Sad",
            now() - TimeDelta::hours(2),
        );
        drop(store);
        // Forget the index as a pre-console database has none, then open again.
        let wipe = |s: &Store| {
            s.tx(|sql| {
                sql.execute("DELETE FROM console_orders", &[])?;
                sql.execute("DELETE FROM case_records", &[])?;
                sql.execute(
                    "DELETE FROM refinery_schema_history WHERE version >= 10",
                    &[],
                )?;
                sql.execute("UPDATE schema_version SET version = 9", &[])?;
                // And what came after it (V11: the history's tables; its admin audit is
                // rebuilt again as it was).
                sql.batch(
                    "DROP TABLE console_documents; DROP TABLE console_acts; \
                     DROP TABLE case_records; DROP TABLE console_orders; \
                     DROP TABLE in_force; DROP TABLE person_index; DROP TABLE history_keys;",
                )
            })
            .unwrap()
        };
        wipe(&db.open().unwrap());
        let store = db.open().unwrap();
        let board = store
            .board(
                &prosecutor_of("Novi Sad"),
                BoardScope::Open,
                0,
                &duty(),
                now(),
            )
            .unwrap();
        assert_eq!(
            board.entries.iter().map(|e| e.order_id).collect::<Vec<_>>(),
            [p.order],
            "{}",
            db.name
        );
        assert_eq!(
            store
                .open_order(&prosecutor_of("Novi Sad"), p.order, &duty(), now())
                .unwrap()
                .statements
                .len(),
            2
        );
    }
}

/// Over HTTPS through the real binary: the prosecutor signed in with TOTP reads the board, opens
/// the order (with the session's CSRF token; without it refused), the device's feed then carries
/// the receipt; another office's prosecutor is refused (403, audited).
#[tokio::test]
async fn over_https_the_prosecutor_opens_and_another_office_is_refused() {
    use crate::console_client::{call, enrolled, fresh_step, servers, sign_in};
    for (c, db) in servers("over_https_the_prosecutor_opens", &[]) {
        let d = c.device().await;
        let (p, envelopes) = case_envelopes(&d, 1, "Novi Sad", now() - TimeDelta::hours(2), "Http");
        let (s, b) = c.push(&d, &envelopes).await;
        assert_eq!(s, 200, "{}", String::from_utf8_lossy(&b));
        let step = fresh_step().await;
        let ns_office = Territory::of("NS", "Novi Sad").prosecutor_office;
        let bac_office = Territory::of("NS", "Bač").prosecutor_office;
        let ns = enrolled(
            &c,
            "tuzilac.ns",
            "prosecutor",
            "basic-prosecutor",
            &ns_office,
            step,
        )
        .await;
        let bac = enrolled(
            &c,
            "tuzilac.bp",
            "prosecutor",
            "basic-prosecutor",
            &bac_office,
            step,
        )
        .await;
        let s = sign_in(&c, &ns, step).await;
        let a = call(&c, "GET", "/board", Some(&s), None, &[], None).await;
        assert_eq!(
            (a.status, a.code()),
            (400, "purpose_required"),
            "{}",
            a.body
        );
        let a = call(
            &c,
            "GET",
            "/board?purpose=duty_review",
            Some(&s),
            None,
            &[],
            None,
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.body);
        assert_eq!(a.body["total"], 1);
        assert_eq!(a.body["entries"][0]["order_id"], p.order.to_string());
        let path = format!("/orders/{}/open", p.order);
        let body = serde_json::json!({"purpose": {"code": "acting_on_order"}});
        let a = call(&c, "POST", &path, Some(&s), None, &[], Some(body.clone())).await;
        assert_eq!((a.status, a.code()), (403, "csrf"));
        let a = call(
            &c,
            "POST",
            &path,
            Some(&s),
            Some(&s.csrf),
            &[],
            Some(body.clone()),
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.body);
        assert_eq!(a.body["chain"]["prosecutor_received"]["by"], ns_office);
        let (status, feed) = c.get(&d, "/v1/feed?after=0&limit=500").await;
        assert_eq!(status, 200);
        assert!(
            feed["changes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|ch| ch["change"]["kind"] == "order_act"
                    && ch["change"]["event"]["kind"] == "prosecutor_received"),
            "{feed}"
        );
        let other = sign_in(&c, &bac, step).await;
        let a = call(
            &c,
            "POST",
            &path,
            Some(&other),
            Some(&other.csrf),
            &[],
            Some(body),
        )
        .await;
        assert_eq!(
            (a.status, a.code()),
            (403, "outside_jurisdiction"),
            "{}",
            a.body
        );
        let refused = crate::console_client::audit(&c)
            .into_iter()
            .filter(|e| e["action"] == "console.order.open" && e["actor_id"] == bac.id.as_str())
            .count();
        assert_eq!(refused, 1);
        drop(c);
        crate::console_client::drop_db(db);
    }
}

/// The board's page is read from an index in its own order, on SQLite (whose plan does not
/// depend on the data): no temporary B-tree sorting every order of the jurisdiction, which
/// made a board of 5,000 orders read and check every page of them (p50 62 ms in the console
/// bench before, 9 ms after), and took the CPU from the devices' pushes.
#[test]
fn the_boards_page_is_read_in_an_indexs_order_not_sorted() {
    use zastita_central::store::chain::BoardQueries;
    use zastita_central::store::sql::Val;
    for b in backends("the_boards_page_is_read_in_an_indexs_order_not_sorted") {
        if b.store.backend_name() != "sqlite" {
            continue;
        }
        for q in BoardQueries::all() {
            let params: Vec<Val> = q
                .page
                .match_indices('$')
                .enumerate()
                .map(|(i, _)| match i {
                    0 => Val::from("NS".to_owned()),
                    1 if q.page.contains("open_until") => Val::from(now()),
                    _ => Val::from(10_i64),
                })
                .collect();
            let plan: Vec<String> = b
                .store
                .read(|sql| {
                    sql.query(&format!("EXPLAIN QUERY PLAN {}", q.page), &params)?
                        .iter()
                        .map(|r| r.text(3))
                        .collect()
                })
                .unwrap();
            let plan = plan.join("\n");
            assert!(
                plan.contains("USING INDEX console_board_"),
                "{}:\n{plan}",
                q.page
            );
            assert!(!plan.contains("TEMP B-TREE"), "sorted:\n{}\n{plan}", q.page);
        }
    }
}
