//! Risk assessment, emergency-measure orders and their documents, through the services on a real
//! encrypted store: the legal core of a call, and every refusal the issue names.

use chrono::{Duration, TimeZone, Utc};
use chrono_tz::Europe::Belgrade;
use std::process::Command;

use zastita_core::app::{
    CompleteAssessmentRequest, GenerateDocumentRequest, Language, ListCasesRequest,
    RecordOrderEventRequest, SaveAssessmentRequest, SaveCaseDraftRequest, SaveOrderDraftRequest,
    Session, SignStatementRequest, StartAssessmentRequest, StartStatementRequest,
};
use zastita_core::domain::{
    AssessmentId, CaseId, CourtOutcome, FieldErrorCode, Measure, OrderContent, OrderEventKind,
    OrderId, Role, StatementDraft,
};
use zastita_core::error::Error;
use zastita_core::error::ErrorCode;
use zastita_core::law::{ClockWarning, OrderRefusal, OrderStatus};
use zastita_core::risk::{Answer, Answers, ItemAnswer, RiskLevel};
use zastita_core::templates::DocumentKind;

use crate::harness::{TestStore, content, purpose, signature};

fn recorded_case(s: &mut Session) -> CaseId {
    recorded_case_reported(s, None)
}

/// A recorded case, reported at `at` (default: the harness's time) and the police there 20
/// minutes later.
fn recorded_case_reported(s: &mut Session, at: Option<chrono::DateTime<Utc>>) -> CaseId {
    let mut c = content("");
    if let Some(at) = at {
        c.incident.reported_at = Some(at);
        c.incident.police_arrived_at = Some(at + Duration::minutes(20));
    }
    record(s, c)
}

pub(crate) fn record(s: &mut Session, c: zastita_core::app::CaseContent) -> CaseId {
    let id = s
        .save_case_draft(SaveCaseDraftRequest {
            id: None,
            content: c,
        })
        .unwrap()
        .id;
    s.record_case(id).unwrap();
    id
}

fn answers(yes: &[&str], all: &[&str]) -> Answers {
    all.iter()
        .map(|id| {
            let answer = if yes.contains(id) {
                Answer::Yes
            } else {
                Answer::No
            };
            let note = if *id == "weapon-access" && answer == Answer::Yes {
                "pištolj CZ 99 u ormaru".to_owned()
            } else {
                String::new()
            };
            ((*id).to_owned(), ItemAnswer { answer, note })
        })
        .collect()
}

const ART16: [&str; 14] = [
    "earlier-violence",
    "recent-escalation",
    "threat-to-kill",
    "threat-of-suicide",
    "weapon-access",
    "mental-illness",
    "substance-abuse",
    "custody-dispute",
    "earlier-measure",
    "measure-violated",
    "victim-fears",
    "victim-risk-view",
    "children-exposed",
    "separation",
];

/// An Art. 16 assessment answered: a weapon and a threat to kill (computed: extreme by score).
fn assessed(s: &mut Session, case_id: CaseId, yes: &[&str]) -> AssessmentId {
    let view = s
        .start_assessment(StartAssessmentRequest {
            case_id,
            instrument_id: "art16".into(),
        })
        .unwrap();
    let id = view.assessment.id;
    s.save_assessment(SaveAssessmentRequest {
        id,
        answers: answers(yes, &ART16),
        officer_believes_in_danger: Some(true),
        judgement_reasons: "Pretio je pištoljem pred decom.".into(),
    })
    .unwrap();
    id
}

fn people(
    s: &mut Session,
    case_id: CaseId,
) -> (
    zastita_core::domain::PersonId,
    Vec<zastita_core::domain::PersonId>,
) {
    if s.purpose_for(Some(case_id)).is_none() {
        purpose(s, Some(case_id));
    }
    let view = s.open_case(case_id).unwrap();
    let perp = view
        .file
        .people
        .iter()
        .find(|p| p.role == Role::Perpetrator)
        .unwrap()
        .id;
    let protected = view
        .file
        .people
        .iter()
        .filter(|p| matches!(p.role, Role::Victim | Role::Child))
        .map(|p| p.id)
        .collect();
    (perp, protected)
}

fn order_content(
    s: &mut Session,
    case_id: CaseId,
    assessment: Option<AssessmentId>,
) -> OrderContent {
    let (perp, protected) = people(s, case_id);
    OrderContent {
        measures: vec![Measure::RemovalFromDwelling, Measure::ContactBan],
        perpetrator: Some(perp),
        protected,
        reasons: "Neposredna opasnost: pretnja vatrenim oružjem.".into(),
        dwelling: "Bulevar oslobođenja 12, stan 4".into(),
        assessment,
        police_administration: "PU za Grad Novi Sad".into(),
        police_station: "PS Novi Sad – Liman".into(),
        ..OrderContent::default()
    }
}

fn refusal(e: Error) -> OrderRefusal {
    match e {
        Error::Order { refusal, .. } => refusal,
        other => panic!("expected an order refusal, got {other:?}"),
    }
}

pub(crate) fn issued_order(ts: &TestStore, s: &mut Session) -> (CaseId, OrderId) {
    let case_id = recorded_case_reported(s, Some(ts.clock_now() - Duration::minutes(40)));
    issue_on(ts, s, case_id)
}

/// Assess a recorded case (imminent danger found) and issue an order on it.
pub(crate) fn issue_on(ts: &TestStore, s: &mut Session, case_id: CaseId) -> (CaseId, OrderId) {
    let a = assessed(
        s,
        case_id,
        &["threat-to-kill", "weapon-access", "earlier-violence"],
    );
    s.complete_assessment(CompleteAssessmentRequest {
        id: a,
        final_level: None,
        raise_reason: None,
    })
    .unwrap();
    let c = order_content(s, case_id, Some(a));
    let draft = s
        .save_order_draft(SaveOrderDraftRequest {
            case_id,
            id: None,
            content: c,
        })
        .unwrap();
    ts.clock.advance(Duration::minutes(5));
    let view = s.issue_order(draft.order.id).unwrap();
    (case_id, view.order.id)
}

#[test]
fn assessment_computes_raises_with_reason_and_never_lowers() {
    let (_ts, mut s) = TestStore::new();
    let case_id = recorded_case(&mut s);
    let instruments = s.list_instruments().unwrap();
    assert_eq!(
        instruments[0].id(),
        "art16",
        "the statutory instrument comes first"
    );
    assert!(instruments.iter().any(|i| i.id() == "lethality-screen"));

    // Only a threat of suicide (2 points): below medium by score → low.
    let a = assessed(&mut s, case_id, &["threat-of-suicide"]);
    let view = s.get_assessment(a).unwrap();
    // The judgement "in danger" alone raises to high.
    assert_eq!(view.evaluation.computed_level, RiskLevel::High);
    assert!(view.problems.is_empty(), "{:?}", view.problems);

    // Lowering is refused, and nothing is lost.
    let e = s
        .complete_assessment(CompleteAssessmentRequest {
            id: a,
            final_level: Some(RiskLevel::Medium),
            raise_reason: None,
        })
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::RiskLowered {
                computed: RiskLevel::High,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.code(), ErrorCode::RiskLevelLowered);
    // Raising needs a written reason.
    let e = s
        .complete_assessment(CompleteAssessmentRequest {
            id: a,
            final_level: Some(RiskLevel::Extreme),
            raise_reason: Some("   ".into()),
        })
        .unwrap_err();
    match e {
        Error::Invalid(f) => {
            assert_eq!(f[0].field, "assessment.raise_reason");
            assert_eq!(f[0].code, FieldErrorCode::Required);
        }
        other => panic!("{other:?}"),
    }
    let done = s
        .complete_assessment(CompleteAssessmentRequest {
            id: a,
            final_level: Some(RiskLevel::Extreme),
            raise_reason: Some("Žrtva u drugom stanju, učinilac pod dejstvom alkohola.".into()),
        })
        .unwrap();
    let c = done.assessment.completed.clone().unwrap();
    assert_eq!(c.final_level, RiskLevel::Extreme);
    assert_eq!(c.evaluation.computed_level, RiskLevel::High);
    // Re-assessment: extreme → 72 hours.
    assert_eq!(c.reassessment_due_at - c.at, Duration::hours(72));
    assert_eq!(done.assessment.instrument.id, "art16");
    assert_eq!(done.assessment.instrument.version, 2);

    // Completed is final.
    let e = s
        .save_assessment(SaveAssessmentRequest {
            id: a,
            answers: Answers::new(),
            officer_believes_in_danger: None,
            judgement_reasons: String::new(),
        })
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::AssessmentCompleted);

    // The case list shows the level and the re-assessment time.
    purpose(&mut s, None);
    let list = s.list_cases(ListCasesRequest::default()).unwrap();
    let risk = list[0].legal.risk.clone().unwrap();
    assert_eq!(risk.level, RiskLevel::Extreme);
    assert_eq!(risk.reassessment_due_at, c.reassessment_due_at);
}

#[test]
fn an_incomplete_assessment_cannot_be_completed_and_a_wrong_item_is_refused() {
    let (_ts, mut s) = TestStore::new();
    let case_id = recorded_case(&mut s);
    let a = s
        .start_assessment(StartAssessmentRequest {
            case_id,
            instrument_id: "art16".into(),
        })
        .unwrap()
        .assessment
        .id;
    let mut partial = answers(&["weapon-access"], &ART16[..5]);
    partial.get_mut("weapon-access").unwrap().note.clear();
    s.save_assessment(SaveAssessmentRequest {
        id: a,
        answers: partial,
        officer_believes_in_danger: None,
        judgement_reasons: String::new(),
    })
    .unwrap();
    let e = s
        .complete_assessment(CompleteAssessmentRequest {
            id: a,
            final_level: None,
            raise_reason: None,
        })
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::AssessmentIncomplete);
    let mut bogus = answers(&[], &ART16);
    bogus.insert(
        "no-such-item".into(),
        ItemAnswer {
            answer: Answer::Yes,
            note: String::new(),
        },
    );
    let e = s
        .save_assessment(SaveAssessmentRequest {
            id: a,
            answers: bogus,
            officer_believes_in_danger: None,
            judgement_reasons: String::new(),
        })
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::AssessmentIncomplete);
    // What was saved before is still there.
    let view = s.get_assessment(a).unwrap();
    assert_eq!(view.assessment.answers.len(), 5);
    let e = s
        .start_assessment(StartAssessmentRequest {
            case_id,
            instrument_id: "no-such-instrument".into(),
        })
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InstrumentNotFound);
}

#[test]
fn an_order_is_issued_only_on_a_completed_assessment() {
    let (_ts, mut s) = TestStore::new();
    let case_id = recorded_case(&mut s);
    let c = order_content(&mut s, case_id, None);
    let draft = s
        .save_order_draft(SaveOrderDraftRequest {
            case_id,
            id: None,
            content: c.clone(),
        })
        .unwrap();
    assert!(draft.issues.iter().any(|i| i.field == "order.assessment"));
    let e = s.issue_order(draft.order.id).unwrap_err();
    assert_eq!(refusal(e), OrderRefusal::NeedsAssessment);
    // An assessment still in progress is not enough either.
    let a = assessed(&mut s, case_id, &["weapon-access"]);
    s.save_order_draft(SaveOrderDraftRequest {
        case_id,
        id: Some(draft.order.id),
        content: OrderContent {
            assessment: Some(a),
            ..c.clone()
        },
    })
    .unwrap();
    assert_eq!(
        refusal(s.issue_order(draft.order.id).unwrap_err()),
        OrderRefusal::NeedsAssessment
    );
    // A victim named as the perpetrator is refused at once.
    let (_, protected) = people(&mut s, case_id);
    let e = s
        .save_order_draft(SaveOrderDraftRequest {
            case_id,
            id: Some(draft.order.id),
            content: OrderContent {
                perpetrator: Some(protected[0]),
                ..c.clone()
            },
        })
        .unwrap_err();
    match e {
        Error::Invalid(f) => assert_eq!(f[0].code, FieldErrorCode::NotAPerpetrator),
        other => panic!("{other:?}"),
    }
    s.complete_assessment(CompleteAssessmentRequest {
        id: a,
        final_level: None,
        raise_reason: None,
    })
    .unwrap();
    let issued = s.issue_order(draft.order.id).unwrap();
    let number = &issued.order.issued.as_ref().unwrap().provisional_number;
    assert!(
        number.starts_with("P-") && number.ends_with("-2026-0001"),
        "{number}"
    );
    assert_eq!(issued.clocks.status, OrderStatus::Issued);
    // Frozen once issued.
    let e = s
        .save_order_draft(SaveOrderDraftRequest {
            case_id,
            id: Some(draft.order.id),
            content: c,
        })
        .unwrap_err();
    assert_eq!(refusal(e), OrderRefusal::AlreadyIssued);
}

#[test]
fn serving_starts_48_hours_and_the_clocks_and_warnings_follow() {
    let (ts, mut s) = TestStore::new();
    let (case_id, id) = issued_order(&ts, &mut s);
    let issued_at = s.get_order(id).unwrap().order.issued.unwrap().at;
    let serve = |at| OrderEventKind::Served {
        at,
        place: "Bulevar oslobođenja 12".into(),
        served_by: zastita_core::domain::Badge::parse("NS1234").unwrap(),
        signature: Some(signature(40)),
        refused_to_sign: None,
    };
    // Served before issued; served in the future.
    let e = s
        .record_order_event(RecordOrderEventRequest {
            id,
            event: serve(issued_at - Duration::minutes(1)),
        })
        .unwrap_err();
    assert_eq!(refusal(e), OrderRefusal::ServedBeforeIssued);
    let e = s
        .record_order_event(RecordOrderEventRequest {
            id,
            event: serve(ts.clock_now() + Duration::hours(2)),
        })
        .unwrap_err();
    assert!(
        matches!(e, Error::Invalid(ref f) if f[0].code == FieldErrorCode::InFuture),
        "{e:?}"
    );
    // A court decision before service.
    let decision = |ends_at| OrderEventKind::CourtDecision {
        court: "Osnovni sud u Novom Sadu".into(),
        number: "R1 77/26".into(),
        decided_on: ts.clock_now().date_naive(),
        outcome: CourtOutcome::Extended,
        ends_at: Some(ends_at),
    };
    let e = s
        .record_order_event(RecordOrderEventRequest {
            id,
            event: decision(ts.clock_now() + Duration::days(10)),
        })
        .unwrap_err();
    assert_eq!(refusal(e), OrderRefusal::NotServed);

    ts.clock.advance(Duration::minutes(10));
    let served_at = ts.clock_now();
    let view = s
        .record_order_event(RecordOrderEventRequest {
            id,
            event: serve(served_at),
        })
        .unwrap();
    assert_eq!(view.clocks.status, OrderStatus::InForce);
    assert_eq!(
        view.clocks.expires_at,
        Some(served_at + Duration::hours(48))
    );
    assert_eq!(
        view.clocks.prosecutor_proposal_due_at,
        Some(served_at + Duration::hours(24))
    );

    // Not forwarded within the hour: warned.
    ts.clock.advance(Duration::minutes(61));
    let view = s.get_order(id).unwrap();
    assert_eq!(view.clocks.warnings, vec![ClockWarning::NotForwarded]);
    s.record_order_event(RecordOrderEventRequest {
        id,
        event: OrderEventKind::Forwarded {
            at: ts.clock_now(),
            prosecutor: "Osnovno javno tužilaštvo u Novom Sadu".into(),
        },
    })
    .unwrap();
    // The court decides only on the prosecutor's proposal (Art. 19).
    let e = s
        .record_order_event(RecordOrderEventRequest {
            id,
            event: decision(served_at + Duration::days(20)),
        })
        .unwrap_err();
    assert_eq!(refusal(e), OrderRefusal::DecisionBeforeProposal);
    s.record_order_event(RecordOrderEventRequest {
        id,
        event: OrderEventKind::ExtensionProposed {
            at: ts.clock_now(),
            court: None,
        },
    })
    .unwrap();
    // Six hours before the end with no decision: warned.
    ts.clock.set(served_at + Duration::hours(42));
    assert_eq!(
        s.get_order(id).unwrap().clocks.warnings,
        vec![ClockWarning::ExpiringWithoutDecision]
    );
    // The court's end instant is authoritative: one before service is refused at the station,
    // any later one moves the end (beyond 48 h + 30 days it is flagged, not refused).
    let limit = served_at + Duration::hours(48) + Duration::days(30);
    let e = s
        .record_order_event(RecordOrderEventRequest {
            id,
            event: decision(served_at - Duration::minutes(1)),
        })
        .unwrap_err();
    assert_eq!(refusal(e), OrderRefusal::ExtensionEndInvalid);
    let view = s
        .record_order_event(RecordOrderEventRequest {
            id,
            event: decision(limit),
        })
        .unwrap();
    assert_eq!(view.clocks.expires_at, Some(limit));
    assert!(view.clocks.extended);
    assert!(!view.clocks.court_end_outside_window);
    assert!(view.clocks.warnings.is_empty());

    // The case list carries the deadlines; the file carries the computed instants.
    purpose(&mut s, None);
    let list = s.list_cases(ListCasesRequest::default()).unwrap();
    let badge = &list[0].legal.orders[0];
    assert_eq!(badge.deadlines.expires_at, Some(limit));
    let json: serde_json::Value =
        serde_json::from_slice(&s.export_case(case_id, "OJT Novi Sad").unwrap()).unwrap();
    let d = &json["orders"][0]["deadlines"];
    assert_eq!(d["expires_at"], serde_json::json!(limit));
    assert_eq!(
        d["prosecutor_proposal_due_at"],
        serde_json::json!(served_at + Duration::hours(24))
    );
    // Every legal event is on the case's timeline and queued for the central record.
    let actions: Vec<String> = s
        .case_timeline(case_id)
        .unwrap()
        .iter()
        .map(|e| {
            serde_json::to_value(e.action)
                .unwrap()
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    for a in ["assess", "issue", "serve", "forward", "court_decision"] {
        assert!(
            actions.iter().any(|x| x == a),
            "{a} missing from {actions:?}"
        );
    }
    // case + 3 people + assessment + order versions 1 (issue), 2 (serve), 3 (forward),
    // 4 (proposal), 5 (decision)
    assert_eq!(crate::harness::pending_records(&s), 10);
}

#[test]
fn a_case_file_with_orders_round_trips_through_export_and_import() {
    let (ts, mut s) = TestStore::new();
    let (case_id, _) = issued_order(&ts, &mut s);
    let bytes = s.export_case(case_id, "OJT Novi Sad").unwrap();
    let (_ts2, mut other) = TestStore::new();
    let id = other.import_case(&bytes).unwrap();
    assert_eq!(id, case_id);
    purpose(&mut other, Some(id));
    assert_eq!(other.export_case(id, "OJT Novi Sad").unwrap(), bytes);
    purpose(&mut other, None);
    let list = other.list_cases(ListCasesRequest::default()).unwrap();
    assert_eq!(list[0].legal.orders.len(), 1);
}

pub(crate) fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext is missing: install poppler-utils (scripts/setup does)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_draft_is_never_printed_as_an_order_nor_an_unserved_one_as_served() {
    let (ts, mut s) = TestStore::new();
    let (case_id, id) = issued_order(&ts, &mut s);
    let e = s
        .generate_document(GenerateDocumentRequest {
            case_id,
            kind: DocumentKind::Receipt,
            order_id: Some(id),
            language: Language::SrLatn,
        })
        .unwrap_err();
    assert_eq!(refusal(e), OrderRefusal::NotServed);
    let c = order_content(&mut s, case_id, None);
    let draft = s
        .save_order_draft(SaveOrderDraftRequest {
            case_id,
            id: None,
            content: c,
        })
        .unwrap()
        .order
        .id;
    let e = s
        .generate_document(GenerateDocumentRequest {
            case_id,
            kind: DocumentKind::Order,
            order_id: Some(draft),
            language: Language::SrLatn,
        })
        .unwrap_err();
    assert_eq!(refusal(e), OrderRefusal::NotIssued);
    assert!(s.case_documents(case_id).unwrap().is_empty());
}

#[test]
fn documents_render_in_three_languages_with_names_and_local_instants() {
    let (ts, mut s) = TestStore::new();
    // Serve on the Saturday before the autumn DST change: the end shows an hour earlier.
    ts.clock.set(
        Belgrade
            .with_ymd_and_hms(2026, 10, 24, 9, 0, 0)
            .unwrap()
            .with_timezone(&Utc),
    );
    let (case_id, id) = issued_order(&ts, &mut s);
    ts.clock.set(
        Belgrade
            .with_ymd_and_hms(2026, 10, 24, 10, 0, 0)
            .unwrap()
            .with_timezone(&Utc),
    );
    s.record_order_event(RecordOrderEventRequest {
        id,
        event: OrderEventKind::Served {
            at: ts.clock_now(),
            place: "Bulevar oslobođenja 12".into(),
            served_by: zastita_core::domain::Badge::parse("NS1234").unwrap(),
            signature: None,
            refused_to_sign: Some("odbio da potpiše".into()),
        },
    })
    .unwrap();

    let mut render = |kind, language| {
        let (doc, pdf) = s
            .generate_document(GenerateDocumentRequest {
                case_id,
                kind,
                order_id: Some(id),
                language,
            })
            .unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert_eq!(doc.info.size as usize, pdf.len());
        pdftotext(&pdf)
    };

    let order = render(DocumentKind::Order, Language::SrCyrl);
    assert!(order.contains("НАРЕЂЕЊЕ"), "{order}");
    assert!(
        order.contains("Marko Petrović"),
        "names are printed as entered: {order}"
    );
    assert!(order.contains("Jelena Petrović"));
    assert!(order.contains("24.10.2026. у 10:00"), "{order}");
    // 48 elapsed hours across the change from CEST to CET end at 09:00 local.
    assert!(order.contains("26.10.2026. у 09:00"), "{order}");
    assert!(order.contains("48 часова"));

    let receipt = render(DocumentKind::Receipt, Language::SrLatn);
    assert!(receipt.contains("POTVRDA O URUČENJU"), "{receipt}");
    assert!(receipt.contains("Bulevar oslobođenja 12"));
    assert!(receipt.contains("odbio da potpiše"));
    assert!(receipt.contains("Milica Jovanović (NS1234)"), "{receipt}");

    let summary = render(DocumentKind::Summary, Language::Hu);
    assert!(summary.contains("ÜGYÖSSZEFOGLALÓ"), "{summary}");
    assert!(summary.contains("lőfegyver"));
    assert!(summary.contains("PO-117/26"));
    assert!(summary.contains("2026. 10. 26. 09:00"), "{summary}");

    // Stored in the case, newest first, and audited as prints.
    let docs = s.case_documents(case_id).unwrap();
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0].kind, DocumentKind::Summary);
    let pdf = s.document_pdf(docs[2].id).unwrap();
    assert_eq!(pdf.len() as u64, docs[2].size);
}

/// Issue 11, item 6: an order rests on the competent officer's finding of imminent danger. With
/// "no", issuing is refused with its own code and the draft is kept as it was.
#[test]
fn an_order_is_refused_on_a_no_imminent_danger_finding() {
    let (_ts, mut s) = TestStore::new();
    let case_id = recorded_case(&mut s);
    let a = assessed(&mut s, case_id, &["weapon-access", "threat-to-kill"]);
    s.save_assessment(SaveAssessmentRequest {
        id: a,
        answers: answers(&["weapon-access", "threat-to-kill"], &ART16),
        officer_believes_in_danger: Some(false),
        judgement_reasons: "Osumnjičeni se odselio u drugi grad; nema neposredne opasnosti.".into(),
    })
    .unwrap();
    s.complete_assessment(CompleteAssessmentRequest {
        id: a,
        final_level: None,
        raise_reason: None,
    })
    .unwrap();
    let c = order_content(&mut s, case_id, Some(a));
    let draft = s
        .save_order_draft(SaveOrderDraftRequest {
            case_id,
            id: None,
            content: c.clone(),
        })
        .unwrap();
    let e = s.issue_order(draft.order.id).unwrap_err();
    assert_eq!(e.code(), ErrorCode::OrderNoImminentDanger);
    assert_eq!(refusal(e), OrderRefusal::NoImminentDanger);
    let kept = s.get_order(draft.order.id).unwrap();
    assert!(kept.order.issued.is_none());
    assert_eq!(kept.order.content, c);
    // A "yes" finding on a new assessment: issued.
    let yes = assessed(&mut s, case_id, &["weapon-access", "threat-to-kill"]);
    s.complete_assessment(CompleteAssessmentRequest {
        id: yes,
        final_level: None,
        raise_reason: None,
    })
    .unwrap();
    s.save_order_draft(SaveOrderDraftRequest {
        case_id,
        id: Some(draft.order.id),
        content: OrderContent {
            assessment: Some(yes),
            ..c
        },
    })
    .unwrap();
    assert!(
        s.issue_order(draft.order.id)
            .unwrap()
            .order
            .issued
            .is_some()
    );
}

/// Issue 11, item 8 (Art. 1): no order against a perpetrator under 18 at the incident, from his
/// date of birth or, without one, his JMBG; with neither, only on the officer's confirmation.
#[test]
fn a_minor_perpetrator_is_refused_and_an_unknown_age_needs_confirmation() {
    let (ts, mut s) = TestStore::new();
    let incident_day = ts.clock_now().with_timezone(&Belgrade).date_naive();
    let try_issue = |s: &mut Session, dob: Option<chrono::NaiveDate>, jmbg: &str, confirmed| {
        let mut c = content("");
        for p in &mut c.people {
            if p.role == Role::Perpetrator {
                p.date_of_birth = dob;
                p.jmbg = jmbg.to_owned();
            }
        }
        let case_id = record(s, c);
        let a = assessed(s, case_id, &["threat-to-kill"]);
        s.complete_assessment(CompleteAssessmentRequest {
            id: a,
            final_level: None,
            raise_reason: None,
        })
        .unwrap();
        let content = OrderContent {
            perpetrator_adult_confirmed: confirmed,
            ..order_content(s, case_id, Some(a))
        };
        let draft = s
            .save_order_draft(SaveOrderDraftRequest {
                case_id,
                id: None,
                content,
            })
            .unwrap();
        s.issue_order(draft.order.id).map(|_| ())
    };
    let turns_18_tomorrow = incident_day
        .checked_sub_months(chrono::Months::new(12 * 18))
        .unwrap()
        + Duration::days(1);
    let e = try_issue(&mut s, Some(turns_18_tomorrow), "", false).unwrap_err();
    assert_eq!(e.code(), ErrorCode::OrderMinorPerpetrator);
    // The JMBG tells the age when the date of birth was not entered.
    let minor_jmbg = crate::harness::jmbg(turns_18_tomorrow, 80, 321);
    let e = try_issue(&mut s, None, &minor_jmbg, true).unwrap_err();
    assert_eq!(refusal(e), OrderRefusal::MinorPerpetrator);
    // Neither: refused until the officer confirms adulthood.
    let e = try_issue(&mut s, None, "", false).unwrap_err();
    assert_eq!(refusal(e), OrderRefusal::AdulthoodUnconfirmed);
    try_issue(&mut s, None, "", true).unwrap();
    // Eighteen today: an adult.
    try_issue(
        &mut s,
        Some(turns_18_tomorrow - Duration::days(1)),
        "",
        false,
    )
    .unwrap();
}

/// Issue 11, item 14: the copy handed to the perpetrator never shows where the protected people
/// live now or how to reach them — a victim who moved to a shelter must not be findable from it.
/// Every document kind in every language is read back; only the prosecutor's summary keeps them.
#[test]
fn the_perpetrators_copies_never_show_where_the_protected_people_live() {
    let (ts, mut s) = TestStore::new();
    let mut c = content("");
    c.incident.reported_at = Some(ts.clock_now() - Duration::minutes(40));
    c.incident.police_arrived_at = Some(ts.clock_now() - Duration::minutes(20));
    let shelter = "Sigurna kuća, Kisačka 77";
    let mut secrets: Vec<String> = Vec::new();
    for p in &mut c.people {
        if matches!(p.role, Role::Victim | Role::Child) {
            p.address = format!("{shelter}, soba {}", secrets.len() + 3);
            p.phone = format!("+3816598765{}", secrets.len() + 10);
            p.date_of_birth = Some(chrono::NaiveDate::from_ymd_opt(1990, 3, 14).unwrap());
            secrets.push(p.address.clone());
            secrets.push(p.phone.clone());
            secrets.push(p.jmbg.clone());
        }
    }
    secrets.retain(|x| !x.is_empty());
    let case_id = record(&mut s, c);
    let id = served_order(&ts, &mut s, case_id);
    let mut render = |kind, language| {
        let (_, pdf) = s
            .generate_document(GenerateDocumentRequest {
                case_id,
                kind,
                order_id: Some(id),
                language,
            })
            .unwrap();
        pdftotext(&pdf)
    };
    let birth = ["14.03.1990", "1990. 03. 14", "14/03/1990", "1990-03-14"];
    for language in [
        Language::SrLatn,
        Language::SrCyrl,
        Language::Hu,
        Language::En,
    ] {
        for kind in [DocumentKind::Order, DocumentKind::Receipt] {
            let text = render(kind, language);
            // pdftotext may break a line anywhere: compare without whitespace.
            let flat: String = text.split_whitespace().collect();
            for secret in secrets
                .iter()
                .map(String::as_str)
                .chain(["Kisačka", "Кисачка"])
            {
                let secret: String = secret.split_whitespace().collect();
                assert!(
                    !flat.contains(&secret),
                    "{kind:?} in {language:?} shows a protected person's {secret}:\n{text}"
                );
            }
            for d in birth {
                assert!(
                    !text.contains(d),
                    "{kind:?} in {language:?} shows a birth date"
                );
            }
        }
        // The dwelling the removal names is on the order; the protected people by name.
        let order = render(DocumentKind::Order, language);
        assert!(order.contains("Bulevar oslobođenja 12, stan 4"), "{order}");
        assert!(order.contains("Jelena Petrović"), "{order}");
        // The competent prosecutor's office (Art. 19), from the incident's municipality here.
        let flat: String = order.split_whitespace().collect();
        assert!(flat.contains("OsnovnojavnotužilaštvouNovomSadu"), "{order}");
    }
    // The prosecutor's summary keeps everything.
    let summary = render(DocumentKind::Summary, Language::SrLatn);
    let flat: String = summary.split_whitespace().collect();
    assert!(flat.contains("Sigurnakuća,Kisačka77"), "{summary}");
    assert!(flat.contains("OsnovnisuduNovomSadu"), "{summary}");
}

#[test]
fn a_new_instrument_version_needs_no_code_and_old_assessments_keep_theirs() {
    let (_ts, mut s) = TestStore::new();
    let case_id = recorded_case(&mut s);
    let old = s
        .start_assessment(StartAssessmentRequest {
            case_id,
            instrument_id: "lethality-screen".into(),
        })
        .unwrap()
        .assessment
        .id;
    let current = include_str!("../../instruments/lethality-screen-v3.json");
    let v2 = current.replacen("\"version\": 3", "\"version\": 4", 1);
    assert_ne!(current, v2);
    let r = s.import_instrument(v2.as_bytes()).unwrap();
    assert_eq!(r.version, 4);
    // Same version, different content: refused.
    let tampered = v2.replacen("\"base_level\": \"low\"", "\"base_level\": \"medium\"", 1);
    let e = s.import_instrument(tampered.as_bytes()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InstrumentVersionExists);
    // Malformed and contradictory files: refused with what is wrong.
    let e = s.import_instrument(b"{ not json").unwrap_err();
    assert_eq!(e.code(), ErrorCode::InstrumentInvalid);
    let dup = current.replacen("\"strangulation\"", "\"gun-access\"", 1);
    let e = s.import_instrument(dup.as_bytes()).unwrap_err();
    assert!(e.to_string().contains("gun-access"), "{e}");
    let fresh = s
        .start_assessment(StartAssessmentRequest {
            case_id,
            instrument_id: "lethality-screen".into(),
        })
        .unwrap();
    assert_eq!(fresh.assessment.instrument.version, 4);
    assert_eq!(
        s.get_assessment(old).unwrap().assessment.instrument.version,
        3
    );
}

#[test]
fn the_lethality_screen_is_offered_only_where_the_perpetrator_is_an_intimate_partner() {
    use zastita_core::domain::{Person, Relationship};
    let (_ts, mut s) = TestStore::new();
    // A son against his mother: the statutory factors, never the partners' screen.
    let mut c = content("");
    for p in &mut c.people {
        if p.role == Role::Perpetrator {
            p.relationship_to_victim = Some(Relationship::Child);
        }
    }
    let case_id = record(&mut s, c);
    let view = s.open_case(case_id).unwrap();
    assert_eq!(
        view.instruments_not_offered
            .iter()
            .map(|n| n.instrument.as_str())
            .collect::<Vec<_>>(),
        ["lethality-screen"]
    );
    let before = s.open_case(case_id).unwrap().file.assessments.len();
    let e = s
        .start_assessment(StartAssessmentRequest {
            case_id,
            instrument_id: "lethality-screen".into(),
        })
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InstrumentNotOffered);
    assert_eq!(s.open_case(case_id).unwrap().file.assessments.len(), before);
    s.start_assessment(StartAssessmentRequest {
        case_id,
        instrument_id: "art16".into(),
    })
    .unwrap();
    // Another case: her son, and her former husband as a second perpetrator: now it is offered.
    let mut c = content("");
    for p in &mut c.people {
        if p.role == Role::Perpetrator {
            p.relationship_to_victim = Some(Relationship::Child);
        }
    }
    let mut ex = Person::new(Role::Perpetrator);
    ex.given_name = "Dragan".into();
    ex.family_name = "Marić".into();
    ex.relationship_to_victim = Some(Relationship::FormerSpouse);
    c.people.push(ex);
    let with_ex = record(&mut s, c);
    assert!(
        s.open_case(with_ex)
            .unwrap()
            .instruments_not_offered
            .is_empty()
    );
    let a = s
        .start_assessment(StartAssessmentRequest {
            case_id: with_ex,
            instrument_id: "lethality-screen".into(),
        })
        .unwrap();
    assert_eq!(a.assessment.instrument.version, 3);
}

#[test]
fn the_reassessment_schedule_is_station_policy() {
    let (_ts, mut s) = TestStore::new();
    let case_id = recorded_case(&mut s);
    let schedule = s
        .reassessment_schedule()
        .unwrap()
        .with_hours(RiskLevel::High, 120)
        .unwrap();
    s.set_reassessment_schedule(schedule).unwrap();
    let a = assessed(&mut s, case_id, &["threat-to-kill"]);
    let done = s
        .complete_assessment(CompleteAssessmentRequest {
            id: a,
            final_level: None,
            raise_reason: None,
        })
        .unwrap();
    let c = done.assessment.completed.unwrap();
    assert_eq!(c.final_level, RiskLevel::High);
    assert_eq!(c.reassessment_due_at - c.at, Duration::hours(120));
}

#[test]
fn a_firearms_licence_must_be_answered_to_record() {
    let (_ts, mut s) = TestStore::new();
    let mut c = content("");
    c.incident.weapons[0].legality = None;
    let id = s
        .save_case_draft(SaveCaseDraftRequest {
            id: None,
            content: c,
        })
        .unwrap();
    assert!(
        id.issues.iter().any(
            |i| i.field == "incident.weapons[0].legality" && i.code == FieldErrorCode::Required
        )
    );
    match s.record_case(id.id).unwrap_err() {
        Error::Invalid(f) => assert_eq!(f[0].field, "incident.weapons[0].legality"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn two_devices_enrolled_together_number_their_orders_apart() {
    let (ts1, mut a) = TestStore::new();
    let (ts2, mut b) = TestStore::new();
    let (_, o1) = issued_order(&ts1, &mut a);
    let (_, o2) = issued_order(&ts2, &mut b);
    let n1 = a
        .get_order(o1)
        .unwrap()
        .order
        .issued
        .unwrap()
        .provisional_number;
    let n2 = b
        .get_order(o2)
        .unwrap()
        .order
        .issued
        .unwrap()
        .provisional_number;
    assert!(n1.ends_with("-2026-0001") && n2.ends_with("-2026-0001"));
    assert_ne!(n1, n2, "the device tag tells them apart");
}

/// The body's text with whitespace runs collapsed to one space (pdftotext breaks lines wherever
/// the layout did), without the footers and page labels a page break puts inside a sentence.
pub(crate) fn squeeze(text: &str) -> String {
    let page_label = regex::Regex::new(
        r"^(Strana \d+ od \d+|Страна \d+ од \d+|\d+\. oldal / \d+|Page \d+ of \d+)$",
    )
    .unwrap();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.contains(", Zaštita, ") && !l.contains(", Заштита, "))
        .filter(|l| !page_label.is_match(l))
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

/// An issued order served at once (signed by him), for the document tests.
fn served_order(ts: &TestStore, s: &mut Session, case_id: CaseId) -> OrderId {
    let (_, id) = issue_on(ts, s, case_id);
    ts.clock.advance(Duration::minutes(10));
    s.record_order_event(RecordOrderEventRequest {
        id,
        event: OrderEventKind::Served {
            at: ts.clock_now(),
            place: "Policijska stanica Liman".into(),
            served_by: zastita_core::domain::Badge::parse("NS1234").unwrap(),
            signature: Some(signature(12)),
            refused_to_sign: None,
        },
    })
    .unwrap();
    id
}

fn render_text(
    s: &mut Session,
    case_id: CaseId,
    kind: DocumentKind,
    order_id: Option<OrderId>,
    language: Language,
) -> (zastita_core::app::GeneratedDocument, String) {
    let (doc, pdf) = s
        .generate_document(GenerateDocumentRequest {
            case_id,
            kind,
            order_id,
            language,
        })
        .unwrap();
    let text = pdftotext(&pdf);
    (doc, text)
}

/// Issue 11, item 15: the order reads as an order and tells him, in every language, what he must
/// do, that no appeal lies against it, what follows and by when (Arts. 18–21), what a violation
/// costs (Art. 36), where and by whom it was issued, with the stamp's place.
#[test]
fn the_order_says_what_he_must_do_what_follows_and_what_a_violation_costs() {
    let (ts, mut s) = TestStore::new();
    let case_id = recorded_case_reported(&mut s, Some(ts.clock_now() - Duration::minutes(40)));
    let id = served_order(&ts, &mut s, case_id);
    let required: [(Language, &[&str]); 4] = [
        (
            Language::SrLatn,
            &[
                "NAREĐENJE o izricanju hitne mere",
                "(„Službeni glasnik RS“, broj 94/16)",
                "donosi sledeće NAREĐENJE",
                "Učinilac je dužan da odmah napusti stan naveden u ovom naređenju i da se u njega ne vraća",
                "Bulevar oslobođenja 12, stan 4",
                "na bilo koji način",
                "kontaktira zaštićena lica i da im prilazi",
                "neophodne lične stvari iz stana može uzeti samo uz pratnju policije (član 21.)",
                "Hitne mere traju 48 časova od uručenja",
                "za još 30 dana (član 21.)",
                "Protiv ovog naređenja žalba nije dozvoljena.",
                "javni tužilac je dužan da u roku od 24 časa od uručenja naređenja predloži sudu produženje hitnih mera (član 18.)",
                "u roku od 24 časa od prijema predloga, bez ročišta (član 19.)",
                "žalbu višem sudu, preko osnovnog suda, u roku od 3 dana od prijema odluke",
                "(član 20.)",
                "prekršaj za koji je propisana kazna zatvora do 60 dana (član 36.)",
                "Mesto izdavanja",
                "PS Novi Sad – Liman, PU za Grad Novi Sad",
                "M.P.",
                "Milica Jovanović (NS1234)",
            ],
        ),
        (
            Language::SrCyrl,
            &[
                "доноси следеће НАРЕЂЕЊЕ",
                "неопходне личне ствари",
                "за још 30 дана (члан 21.)",
                "је дужан да у року од 24 часа од уручења",
                "жалба није дозвољена",
                "казна затвора до 60 дана (члан 36.)",
                "М.П.",
            ],
        ),
        (
            Language::Hu,
            &[
                "RENDŐRSÉGI RENDELKEZÉS sürgősségi intézkedés elrendeléséről",
                "meghozza a következő RENDELKEZÉST",
                "köteles azonnal elhagyni az e rendelkezésben megjelölt lakást",
                "szükséges személyes holmijait csak rendőri kísérettel",
                "48 óráig tartanak",
                "további 30 nappal meghosszabbíthatja azokat (21. szakasz)",
                "E rendőrségi rendelkezés ellen nincs helye fellebbezésnek.",
                "köteles a rendelkezés kézbesítésétől számított 24 órán belül",
                "24 órán belül, tárgyalás nélkül hoz bírósági határozatot (19. szakasz)",
                "A bírósági határozat ellen az elkövető annak kézhezvételétől számított 3 napon belül fellebbezhet",
                "60 napig terjedő szabadságvesztéssel büntethető (36. szakasz)",
                "A kiadás helye",
                "P. H.",
            ],
        ),
        (
            Language::En,
            &[
                "issues the following ORDER",
                "must leave the dwelling named in this order at once and not return to it",
                "may not contact the protected persons by any means",
                "necessary personal belongings from the dwelling only escorted by the police (Art. 21)",
                "last 48 hours from service",
                "for another 30 days (Art. 21)",
                "No appeal lies against this order.",
                "the prosecutor must propose to the court, within 24 hours of service of this order",
                "within 24 hours of receiving it, without a hearing (Art. 19)",
                "appeal the court's decision to the higher court, through the basic court, within 3 days of receiving it",
                "punishable by imprisonment of up to 60 days (Art. 36)",
                "Place of issue",
                "M.P.",
            ],
        ),
    ];
    for (language, sentences) in required {
        let (doc, text) = render_text(&mut s, case_id, DocumentKind::Order, Some(id), language);
        assert!(doc.preview.translations.is_empty(), "{language:?}");
        let flat = squeeze(&text);
        for sentence in sentences {
            assert!(
                flat.contains(sentence),
                "{language:?} order lacks {sentence:?}:\n{text}"
            );
        }
    }
    // Hungarian: the police order is a „rendelkezés“, the court's a „határozat“; never a
    // „végzés“, and the perpetrator is always the „elkövető“.
    let (_, hu) = render_text(&mut s, case_id, DocumentKind::Order, Some(id), Language::Hu);
    let (_, hu_receipt) = render_text(
        &mut s,
        case_id,
        DocumentKind::Receipt,
        Some(id),
        Language::Hu,
    );
    for text in [&hu, &hu_receipt] {
        let lower = text.to_lowercase();
        assert!(!lower.contains("végzés"), "{text}");
        assert!(
            !lower.contains("akivel szemben az intézkedéseket"),
            "{text}"
        );
    }
}

/// Issue 11, item 7: the competent officer's finding (Art. 16) with its reasons comes first
/// wherever an assessment appears; the score's level follows, named a guide.
#[test]
fn the_officers_finding_comes_before_the_guide_level() {
    let (ts, mut s) = TestStore::new();
    let case_id = recorded_case_reported(&mut s, Some(ts.clock_now() - Duration::minutes(40)));
    let id = served_order(&ts, &mut s, case_id);
    // The finding's sentence, then the guide (the summary's level labels may wrap in their column:
    // the guide's own word is searched there).
    let cases: [(Language, &str, &str, &str); 3] = [
        (
            Language::SrLatn,
            "Nalaz nadležnog policijskog službenika o neposrednoj opasnosti (član 16.): neposredno preti nasilje u porodici.",
            "orijentacioni nivo rizika (smernica)",
            "(smernica)",
        ),
        (
            Language::Hu,
            "Az illetékes rendőrtiszt megállapítása a közvetlen veszélyről (16. szakasz): családon belüli erőszak közvetlenül fenyeget.",
            "tájékoztató kockázati szint (iránymutatás)",
            "(iránymutatás)",
        ),
        (
            Language::En,
            "The competent police officer's finding of imminent danger (Art. 16): domestic violence is imminent.",
            "risk level (guide)",
            "(guide)",
        ),
    ];
    for (language, finding, order_guide, summary_guide) in cases {
        let (_, order) = render_text(&mut s, case_id, DocumentKind::Order, Some(id), language);
        let (_, summary) = render_text(&mut s, case_id, DocumentKind::Summary, None, language);
        for (text, guide) in [(&order, order_guide), (&summary, summary_guide)] {
            let flat = squeeze(text);
            let f = flat
                .find(finding)
                .unwrap_or_else(|| panic!("no finding:\n{text}"));
            let g = flat
                .find(guide)
                .unwrap_or_else(|| panic!("no guide:\n{text}"));
            assert!(f < g, "{language:?}: the guide level comes first:\n{text}");
            assert!(flat.contains("Pretio je pištoljem pred decom."), "{text}");
        }
    }
}

/// Issue 11, item 13: the prosecutor's summary prints every statement in full — who gave it and in
/// what role (his hearing, Art. 15), when (Belgrade time), where, in which language, through which
/// interpreter, signed with its fingerprint or why not, what an addendum amends, and the text.
#[test]
fn the_summary_prints_every_statement_in_full() {
    let (ts, mut s) = TestStore::new();
    let case_id = recorded_case_reported(&mut s, Some(ts.clock_now() - Duration::minutes(40)));
    let view = s.open_case(case_id).unwrap();
    let who = |role| view.file.people.iter().find(|p| p.role == role).unwrap().id;
    let (victim, child) = (who(Role::Victim), who(Role::Child));
    let victim_text = "Suprug me je udario u lice i pretio pištoljem. Deca su sve videla. \
                       Bojim se da će se vratiti noćas.";
    let take =
        |s: &mut Session, person, amends, text: &str, language: &str, interpreter: Option<&str>| {
            s.start_statement(StartStatementRequest {
                case_id,
                person_id: person,
                amends,
                draft: StatementDraft {
                    place: "PS Novi Sad – Liman".into(),
                    language: language.into(),
                    interpreter: interpreter.map(str::to_owned),
                    text: text.into(),
                },
            })
            .unwrap()
            .statement
            .id
        };
    let v = take(&mut s, victim, None, victim_text, "sr", None);
    let signed = s
        .sign_statement(SignStatementRequest {
            id: v,
            victim_signature: Some(signature(20)),
            victim_not_signed_reason: None,
            officer_signature: Some(signature(20)),
        })
        .unwrap()
        .statement;
    let sha = signed.content_sha256.clone().unwrap();
    ts.clock.advance(Duration::minutes(30));
    let addendum = "Dopuna: napad se dogodio u 21 čas, ne u 20.";
    let a = take(&mut s, victim, Some(v), addendum, "sr", None);
    s.sign_statement(SignStatementRequest {
        id: a,
        victim_signature: Some(signature(20)),
        victim_not_signed_reason: None,
        officer_signature: Some(signature(20)),
    })
    .unwrap();
    // Statements are taken from the victims (the child among them) today; the perpetrator's
    // hearing has its role's label ready in the template.
    let hearing = "Apa kiabált, anya sírt.";
    let h = take(&mut s, child, None, hearing, "hu", Some("Kovács Éva"));
    s.sign_statement(SignStatementRequest {
        id: h,
        victim_signature: None,
        victim_not_signed_reason: Some("odbio da potpiše".into()),
        officer_signature: Some(signature(20)),
    })
    .unwrap();

    let (_, text) = render_text(
        &mut s,
        case_id,
        DocumentKind::Summary,
        None,
        Language::SrLatn,
    );
    let flat = squeeze(&text);
    let nowhite: String = text.split_whitespace().collect();
    for expected in [
        squeeze(victim_text).as_str(),
        addendum,
        hearing,
        "Izjava: Jelena Petrović (žrtva)",
        "Izjava: Luka Petrović (dete)",
        "Dopuna izjave: Jelena Petrović (žrtva)",
        "PS Novi Sad – Liman",
        "mađarski",
        "Kovács Éva",
        "Lice nije potpisalo izjavu",
        "odbio da potpiše",
        "Milica Jovanović (NS1234)",
    ] {
        assert!(
            flat.contains(expected),
            "the summary lacks {expected:?}:\n{text}"
        );
    }
    // When, in Belgrade time; the full fingerprint; what the addendum amends.
    let taken = signed.taken_at.with_timezone(&Belgrade);
    let when = taken.format("%d.%m.%Y. u %H:%M").to_string();
    assert!(
        flat.contains(&format!("izjava od {when} (Jelena Petrović)")),
        "{text}"
    );
    assert!(nowhite.contains(&sha), "no full fingerprint {sha}:\n{text}");
    // The same in English.
    let (_, en) = render_text(&mut s, case_id, DocumentKind::Summary, None, Language::En);
    let flat = squeeze(&en);
    for expected in [
        "Statement: Luka Petrović (child)",
        "Addendum to a statement: Jelena Petrović (victim)",
        "Hungarian",
        "Interpreter",
        "Not signed by the person who gave it",
        hearing,
        addendum,
    ] {
        assert!(
            flat.contains(expected),
            "the summary lacks {expected:?}:\n{en}"
        );
    }
}

/// Issue 11, item 15: a perpetrator whose language is Hungarian gets his copies (the order and
/// the receipt) in Hungarian too: the document in the chosen language, then the same in
/// Hungarian from a new page — in the PDF and in the preview model. Neither copy shows where the
/// protected people live.
#[test]
fn a_hungarian_speaking_perpetrators_copies_are_printed_in_hungarian_too() {
    let (ts, mut s) = TestStore::new();
    let mut c = content("");
    c.incident.reported_at = Some(ts.clock_now() - Duration::minutes(40));
    c.incident.police_arrived_at = Some(ts.clock_now() - Duration::minutes(20));
    for p in &mut c.people {
        match p.role {
            Role::Perpetrator => p.language = "hu".into(),
            Role::Victim | Role::Child => p.address = "Sigurna kuća, Kisačka 77".into(),
            Role::Witness => {}
        }
    }
    let case_id = record(&mut s, c);
    let id = served_order(&ts, &mut s, case_id);
    for kind in [DocumentKind::Order, DocumentKind::Receipt] {
        let (doc, text) = render_text(&mut s, case_id, kind, Some(id), Language::SrLatn);
        assert_eq!(doc.preview.translations.len(), 1, "{kind:?}");
        let copy = &doc.preview.translations[0];
        assert_eq!(copy.language, Language::Hu);
        let flat = squeeze(&text);
        let (serbian, hungarian) = match kind {
            DocumentKind::Order => ("NAREĐENJE o izricanju", "RENDŐRSÉGI RENDELKEZÉS sürgősségi"),
            _ => ("POTVRDA O URUČENJU", "ÁTVÉTELI ELISMERVÉNY"),
        };
        let sr_at = flat.find(serbian).unwrap_or_else(|| panic!("{text}"));
        let hu_at = flat.find(hungarian).unwrap_or_else(|| panic!("{text}"));
        assert!(sr_at < hu_at, "the Hungarian copy follows:\n{text}");
        assert!(flat.contains("Példány az elkövető nyelvén."), "{text}");
        assert!(
            copy.document
                .title
                .starts_with(hungarian.split(' ').next().unwrap())
        );
        // Each copy numbers its own pages.
        assert!(text.contains("1. oldal /"), "{text}");
        assert!(
            !flat.contains("Kisačka"),
            "{kind:?} shows where they live:\n{text}"
        );
    }
    // Asked for in Hungarian: one copy. The summary is the prosecutor's: no copy.
    let (doc, _) = render_text(&mut s, case_id, DocumentKind::Order, Some(id), Language::Hu);
    assert!(doc.preview.translations.is_empty());
    let (doc, _) = render_text(
        &mut s,
        case_id,
        DocumentKind::Summary,
        None,
        Language::SrLatn,
    );
    assert!(doc.preview.translations.is_empty());
    // And a stored preview comes back with its copy.
    let stored = s.case_documents(case_id).unwrap();
    let order_doc = stored
        .iter()
        .find(|d| d.kind == DocumentKind::Order && d.language == Language::SrLatn)
        .unwrap();
    let again = s.document_preview(order_doc.id).unwrap();
    assert_eq!(again.preview.translations.len(), 1);
}

#[test]
fn the_order_names_the_issuing_officer_with_his_rank_and_the_roster_decides_the_rank() {
    use zastita_protocol::messages::ChangeKind;
    let (ts, mut s) = TestStore::new();
    let (case_id, id) = issued_order(&ts, &mut s);
    let print = |s: &mut Session| {
        let (_, pdf) = s
            .generate_document(GenerateDocumentRequest {
                case_id,
                kind: DocumentKind::Order,
                order_id: Some(id),
                language: Language::SrLatn,
            })
            .unwrap();
        pdftotext(&pdf).replace('\n', " ")
    };
    // No rank said yet: name and badge, nothing made up.
    let text = print(&mut s);
    assert!(text.contains("Milica Jovanović (NS1234)"), "{text}");
    // The station sets it; a rank of two lines is refused and changes nothing.
    let e = s
        .set_officer_rank("NS1234", "policijski\nnarednik")
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidOfficerRank);
    let me = s
        .set_officer_rank("NS1234", " policijski narednik ")
        .unwrap();
    assert_eq!(me.rank, "policijski narednik");
    assert_eq!(s.officer().rank, "policijski narednik");
    let text = print(&mut s);
    assert!(
        text.contains("Milica Jovanović, policijski narednik (NS1234)"),
        "{text}"
    );
    // The central record's roster names another rank: it decides over the station's.
    crate::sync::enrol(&ts, &mut s);
    s.sync_apply_feed(&crate::sync::page(
        1,
        vec![(
            1,
            ChangeKind::OfficerAdded {
                badge: "NS1234".into(),
                name: "Milica Jovanović".into(),
                role: None,
                rank: Some("policijski stariji narednik".into()),
            },
        )],
    ))
    .unwrap();
    assert_eq!(s.officer().rank, "policijski stariji narednik");
    s.set_officer_rank("NS1234", "policijski narednik").unwrap();
    let text = print(&mut s);
    assert!(
        text.contains("Milica Jovanović, policijski stariji narednik (NS1234)"),
        "{text}"
    );
}

#[test]
fn the_wizard_starts_from_the_latest_finding_of_imminent_danger_and_the_incidents_administration() {
    let (_ts, mut s) = TestStore::new();
    let mut c = content("");
    // Typed in Cyrillic at the scene: core still finds the administration.
    c.incident.municipality = "БЕЧЕЈ".into();
    let case_id = record(&mut s, c);
    let yes = assessed(&mut s, case_id, &["threat-to-kill"]);
    s.complete_assessment(CompleteAssessmentRequest {
        id: yes,
        final_level: None,
        raise_reason: None,
    })
    .unwrap();
    // A later assessment that found no imminent danger: an order cannot rest on it.
    let no = s
        .start_assessment(StartAssessmentRequest {
            case_id,
            instrument_id: "art16".into(),
        })
        .unwrap()
        .assessment
        .id;
    s.save_assessment(SaveAssessmentRequest {
        id: no,
        answers: answers(&[], &ART16),
        officer_believes_in_danger: Some(false),
        judgement_reasons: String::new(),
    })
    .unwrap();
    s.complete_assessment(CompleteAssessmentRequest {
        id: no,
        final_level: None,
        raise_reason: None,
    })
    .unwrap();
    let start = s.order_wizard(case_id).unwrap();
    let (perp, _) = people(&mut s, case_id);
    assert_eq!(start.defaults.assessment, Some(yes));
    assert_eq!(start.defaults.perpetrator, Some(perp));
    assert_eq!(start.defaults.police_administration, "PU Novi Sad");
    assert_eq!(start.defaults.victim_municipality, "БЕЧЕЈ");
    assert!(start.defaults.measures.is_empty());
    assert_eq!(start.police_administrations.len(), 27);
    let e = s.order_wizard(CaseId::new()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::CaseNotFound);
}
