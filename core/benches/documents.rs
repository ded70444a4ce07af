//! Documents and the legal clocks: what printing costs at the scene, and what the case list's
//! countdowns cost.
//!
//! ```text
//! cargo bench -p zastita-core --bench documents
//! ```
//!
//! Measured in one run, on a real encrypted store in `$TMPDIR`:
//!
//! 1. `render_pdf` alone for the order, the receipt and the case summary of a served case (the
//!    summary of a case with 12 people too), in Serbian Cyrillic;
//!    bytes per document.
//! 2. `generate_document` (read the case, build, render, store the PDF in SQLCipher, audit): the
//!    ratio to rendering alone is what keeping the document in the case costs.
//! 3. `law::clocks` for one order, and listing 1,000 cases each with a served order (the list
//!    carries every order's deadlines) against listing them before any order existed.
//!
//! Medians of `ITERS` runs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Duration as TimeDelta, TimeZone, Utc};
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use zastita_core::app::{
    CaseContent, CompleteAssessmentRequest, Device, DeviceConfig, GenerateDocumentRequest,
    InitRequest, Language, ListCasesRequest, RecordOrderEventRequest, SaveAssessmentRequest,
    SaveCaseDraftRequest, SaveOrderDraftRequest, Session, StartAssessmentRequest,
};
use zastita_core::clock::ManualClock;
use zastita_core::document::{PdfMeta, render_pdf};
use zastita_core::domain::{
    Badge, CaseId, Incident, Measure, OrderContent, OrderEventKind, OrderId, Person, Relationship,
    Reporter, ReporterKind, Role, ViolenceForm,
};
use zastita_core::keyring::UnlockPolicy;
use zastita_core::keys::{KdfCost, Passphrase};
use zastita_core::risk::{Answer, Answers, ItemAnswer};
use zastita_core::templates::DocumentKind;

const ITERS: usize = 20;
const CASES: usize = 1_000;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<T>(mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..ITERS)
            .map(|_| {
                let t = Instant::now();
                black_box(f());
                t.elapsed()
            })
            .collect(),
    )
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn content(n: usize, people: usize) -> CaseContent {
    let mut list = Vec::new();
    let mut victim = Person::new(Role::Victim);
    victim.given_name = "Јелена".into();
    victim.family_name = format!("Петровић {n}");
    victim.address = "Булевар ослобођења 12, Нови Сад".into();
    list.push(victim);
    let mut perp = Person::new(Role::Perpetrator);
    perp.given_name = "Марко".into();
    perp.family_name = format!("Петровић {n}");
    perp.relationship_to_victim = Some(Relationship::Spouse);
    list.push(perp);
    for i in 2..people {
        let mut w = Person::new(Role::Witness);
        w.given_name = format!("Svedok {i}");
        w.family_name = "Kovač".into();
        w.relationship_to_victim = Some(Relationship::None);
        list.push(w);
    }
    CaseContent {
        incident: Incident {
            reported_at: Some(Utc.with_ymd_and_hms(2026, 3, 1, 20, 0, 0).unwrap()),
            police_arrived_at: Some(Utc.with_ymd_and_hms(2026, 3, 1, 20, 20, 0).unwrap()),
            address: "Bulevar oslobođenja 12".into(),
            municipality: "Novi Sad".into(),
            reported_by: Some(Reporter {
                kind: ReporterKind::Neighbour,
                name: "Ana".into(),
                phone: String::new(),
            }),
            forms_of_violence: vec![ViolenceForm::Physical],
            weapons_present: Some(false),
            children_present: Some(false),
            welfare_notification: None,
            danger_without_act: String::new(),
            narrative: "Po dolasku na lice mesta… ".repeat(40),
            ..Incident::default()
        },
        people: list,
    }
}

fn recorded(s: &mut Session, n: usize, people: usize) -> CaseId {
    let id = s
        .save_case_draft(SaveCaseDraftRequest {
            id: None,
            content: content(n, people),
        })
        .unwrap()
        .id;
    s.record_case(id).unwrap();
    id
}

/// A completed assessment and an issued, served order on a recorded case.
fn serve_order_on(s: &mut Session, clock: &ManualClock, id: CaseId) -> OrderId {
    let instrument = s.list_instruments().unwrap().remove(0);
    let a = s
        .start_assessment(StartAssessmentRequest {
            case_id: id,
            instrument_id: instrument.id().into(),
        })
        .unwrap()
        .assessment
        .id;
    let answers: Answers = instrument
        .items()
        .iter()
        .map(|i| {
            (
                i.id.clone(),
                ItemAnswer {
                    answer: Answer::Yes,
                    note: "beleška".into(),
                },
            )
        })
        .collect();
    s.save_assessment(SaveAssessmentRequest {
        id: a,
        answers,
        officer_believes_in_danger: Some(true),
        judgement_reasons: "razlozi".into(),
    })
    .unwrap();
    s.complete_assessment(CompleteAssessmentRequest {
        id: a,
        final_level: None,
        raise_reason: None,
    })
    .unwrap();
    let people = s.open_case(id).unwrap().file.people;
    let order = s
        .save_order_draft(SaveOrderDraftRequest {
            case_id: id,
            id: None,
            content: OrderContent {
                measures: vec![Measure::RemovalFromDwelling, Measure::ContactBan],
                perpetrator: Some(people[1].id),
                protected: vec![people[0].id],
                reasons: "Neposredna opasnost.".into(),
                assessment: Some(a),
                police_administration: "PU za Grad Novi Sad".into(),
                ..OrderContent::default()
            },
        })
        .unwrap()
        .order
        .id;
    let issued_at = s.issue_order(order).unwrap().order.issued.unwrap().at;
    clock.advance(TimeDelta::minutes(5));
    s.record_order_event(RecordOrderEventRequest {
        id: order,
        event: OrderEventKind::Served {
            at: issued_at,
            place: "Bulevar oslobođenja 12".into(),
            served_by: Badge::parse("NS1234").unwrap(),
            signature: None,
            refused_to_sign: Some("odbio".into()),
        },
    })
    .unwrap();
    order
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 3, 1, 21, 0, 0).unwrap());
    let config = DeviceConfig {
        policy: UnlockPolicy::default(),
        kdf: KdfCost::TEST_ONLY_FAST,
        clock: Arc::new(clock.clone()),
    };
    let mut s = Device::init(
        dir.path(),
        InitRequest {
            badge: "NS1234".into(),
            name: "Milica Jovanović".into(),
            passphrase: Passphrase::new("Zelena livada 7".into()),
            rank: String::new(),
        },
        config,
    )
    .unwrap();

    // The list before any order exists, then with a served order on every case.
    let ids: Vec<CaseId> = (0..CASES).map(|n| recorded(&mut s, n, 2)).collect();
    let all = ListCasesRequest {
        limit: Some(10_000),
        ..ListCasesRequest::default()
    };
    // Listing is a consultation, logged with its purpose (each call also writes its audit entry).
    s.set_purpose(zastita_core::app::SetPurposeRequest {
        case_id: None,
        purpose: zastita_core::domain::Purpose::new(
            zastita_core::domain::PurposeCode::StationReview,
        ),
    })
    .unwrap();
    let list_plain = time(|| s.list_cases(all.clone()).unwrap().len());
    let orders: Vec<OrderId> = ids
        .iter()
        .map(|id| serve_order_on(&mut s, &clock, *id))
        .collect();
    let list_orders = time(|| s.list_cases(all.clone()).unwrap().len());
    let (case_id, order_id) = (ids[0], orders[0]);
    let big_case = recorded(&mut s, CASES, 12);
    serve_order_on(&mut s, &clock, big_case);

    println!("documents (Serbian Cyrillic), median of {ITERS}:");
    for (name, kind, case, order) in [
        ("order", DocumentKind::Order, case_id, Some(order_id)),
        ("receipt", DocumentKind::Receipt, case_id, Some(order_id)),
        ("summary", DocumentKind::Summary, case_id, None),
        ("summary, 12 people", DocumentKind::Summary, big_case, None),
    ] {
        let req = GenerateDocumentRequest {
            case_id: case,
            kind,
            order_id: order,
            language: Language::SrCyrl,
        };
        let (doc, pdf) = s.generate_document(req.clone()).unwrap();
        let meta = PdfMeta {
            title: doc.preview.title.clone(),
            author: "NS1234".into(),
            created: Utc::now(),
            language: Language::SrCyrl,
        };
        let render = time(|| render_pdf(&doc.preview, &meta).unwrap().len());
        let generate = time(|| s.generate_document(req.clone()).unwrap().1.len());
        println!(
            "  {name:<20} {:>7} bytes  render {:>6.2} ms  generate+store {:>6.2} ms  ({:.2}×)",
            pdf.len(),
            ms(render),
            ms(generate),
            generate.as_secs_f64() / render.as_secs_f64()
        );
    }
    let order = s.get_order(order_id).unwrap().order;
    let now = Utc::now();
    let t = Instant::now();
    for _ in 0..100_000 {
        black_box(zastita_core::law::clocks(black_box(&order), now));
    }
    println!(
        "law::clocks for one order: {:.2} µs",
        t.elapsed().as_secs_f64() * 1e6 / 100_000.0
    );
    println!(
        "list {CASES} cases: {:.2} ms without orders, {:.2} ms with {} served orders ({:.2}×)",
        ms(list_plain),
        ms(list_orders),
        CASES,
        list_orders.as_secs_f64() / list_plain.as_secs_f64()
    );
}
