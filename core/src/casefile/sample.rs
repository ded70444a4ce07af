//! Sample case files for tests anywhere in the crate: the frozen fixture
//! (`tests/fixtures/case-v4.json`, parsed) and the same case carried through the court stage,
//! with every kind of order event and instants on both sides of a daylight-saving change in
//! Belgrade. Fixed ids and instants only, so whatever is made from them is the same every run.
//! Everyone in them is fictional.
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::{CaseFile, CaseOrder, parse};
use crate::domain::order::{
    AppealOutcome, CourtOutcome, EventSource, Issued, Measure, Order, OrderContent, OrderEvent,
    OrderEventKind, Party,
};
use crate::domain::{Badge, EventId, OrderId, Signature, SignaturePoint};

/// The frozen fixture's bytes.
pub(crate) const FIXTURE: &[u8] = include_bytes!("../../../tests/fixtures/case-v4.json");

/// An instant after everything in [`court_stage`] (and so in the fixture): "now" for reading
/// them.
pub(crate) fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, 1, 0, 0, 0).unwrap()
}

/// An instant in 2025, UTC.
pub(crate) fn utc(month: u32, day: u32, h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, month, day, h, m, 0).unwrap()
}

fn id(n: u32) -> uuid::Uuid {
    uuid::Uuid::parse_str(&format!("01959624-9c00-7000-8000-{n:012x}")).unwrap()
}

fn badge(b: &str) -> Badge {
    Badge::parse(b).unwrap()
}

/// The fixture as this build reads it: a recorded case from Novi Sad (victim, perpetrator and
/// child; a signed statement and its addendum; a completed Art. 16 assessment; one order with
/// both measures, served at 22:15 local time on 14 March 2025, the perpetrator refusing to sign).
pub(crate) fn fixture() -> CaseFile {
    parse(FIXTURE, now()).unwrap()
}

/// The victim (the fixture's first person) moved to a shelter: an address and a phone that the
/// perpetrator's documents must never show.
pub(crate) fn move_victim_to_shelter(file: &mut CaseFile) {
    let victim = &mut file.people[0];
    assert_eq!(victim.role, crate::domain::Role::Victim);
    victim.address = "Sigurna kuća, Izmišljena 7, Novi Sad".to_owned();
    victim.phone = "+381 60 000 0707".to_owned();
}

/// A signature of two short strokes, as the pad draws one.
pub(crate) fn signature() -> Signature {
    let stroke = |x0: f32, y0: f32| -> Vec<SignaturePoint> {
        (0..5u32)
            .map(|k| SignaturePoint {
                x: x0 + 8.0 * k as f32,
                y: y0 + if k % 2 == 0 { 0.0 } else { 12.0 },
                t: 20 * k,
                p: Some(0.5),
            })
            .collect()
    };
    Signature {
        width: 600,
        height: 200,
        strokes: vec![stroke(60.0, 110.0), stroke(140.0, 95.0)],
    }
}

fn event(n: u32, recorded_at: DateTime<Utc>, event: OrderEventKind) -> OrderEvent {
    OrderEvent {
        id: EventId(id(n)),
        recorded_at,
        recorded_by: Some(badge("NS-1234")),
        source: EventSource::Device,
        event,
    }
}

/// An act the central record brought down the feed (its act id is the event's id).
fn central(n: u32, recorded_at: DateTime<Utc>, event: OrderEventKind) -> OrderEvent {
    OrderEvent {
        id: EventId(id(n)),
        recorded_at,
        recorded_by: None,
        source: EventSource::CentralRecord,
        event,
    }
}

fn served(n: u32, at: DateTime<Utc>, place: &str) -> OrderEvent {
    event(
        n,
        at,
        OrderEventKind::Served {
            at,
            place: place.to_owned(),
            served_by: badge("NS-1234"),
            signature: Some(signature()),
            refused_to_sign: None,
        },
    )
}

/// A later order in the fixture's case, issued at `issued`, on the fixture's assessment.
fn later_order(template: &Order, n: u32, measures: Vec<Measure>, issued: DateTime<Utc>) -> Order {
    let mut content = OrderContent {
        measures,
        ..template.content.clone()
    };
    if !content.measures.contains(&Measure::RemovalFromDwelling) {
        content.dwelling.clear();
    }
    Order {
        id: OrderId(id(n)),
        created_at: issued - chrono::TimeDelta::minutes(10),
        content,
        issued: Some(Issued {
            at: issued,
            provisional_number: format!("P-0195A6-2025-{n:04}"),
            ..template.issued.clone().unwrap()
        }),
        events: Vec::new(),
        ..template.clone()
    }
}

/// The fixture's case through the court stage, in three orders:
///
/// 1. the fixture's order (both measures): forwarded and received by the prosecutor's office,
///    its official number from the central record, the social-welfare centre notified, the
///    prosecutor's evaluation of the assessment, extension proposed to the basic court and
///    received there (all three from the central record), extended by the court to
///    14 April (summer time), the perpetrator's appeal forwarded and dismissed by the higher
///    court; a violation at 01:40 and an escorted visit at 03:20 on 30 March 2025, the night the
///    clocks in Belgrade went from 02:00 to 03:00;
/// 2. a contact ban from 16 April: served with the perpetrator's signature, forwarded, the
///    prosecutor declining to propose an extension, lifted early;
/// 3. a removal from 10 May: the court refusing the extension, the prosecutor's appeal
///    forwarded and upheld by the higher court (the refusal overturned).
///
/// The victim has moved to a shelter: her address and phone are the ones the perpetrator's
/// documents must never show.
pub(crate) fn court_stage() -> CaseFile {
    use OrderEventKind as K;
    let mut file = fixture();
    file.official_number = Some("KU-117/25".to_owned());
    move_victim_to_shelter(&mut file);

    let first = &file.orders[0].order;
    let court = "Osnovni sud u Novom Sadu".to_owned();
    let higher = "Viši sud u Novom Sadu".to_owned();
    let prosecutor = "Osnovno javno tužilaštvo u Novom Sadu".to_owned();

    let mut second = later_order(first, 2, vec![Measure::ContactBan], utc(4, 16, 19, 0));
    let mut third = later_order(
        first,
        3,
        vec![Measure::RemovalFromDwelling],
        utc(5, 10, 18, 0),
    );
    let mut first = first.clone();
    first.events.extend([
        event(
            0xc002,
            utc(3, 14, 21, 45),
            K::Forwarded {
                at: utc(3, 14, 21, 40),
                prosecutor: prosecutor.clone(),
            },
        ),
        central(
            0xc00a,
            utc(3, 14, 22, 0),
            K::ProsecutorReceived {
                at: utc(3, 14, 21, 55),
                office: prosecutor.clone(),
            },
        ),
        central(
            0xc003,
            utc(3, 15, 7, 0),
            K::OfficialNumber {
                number: "03-117/25".to_owned(),
            },
        ),
        event(
            0xc004,
            utc(3, 15, 7, 10),
            K::SocialWelfareNotified {
                at: utc(3, 15, 7, 5),
                centre: "Centar za socijalni rad Grada Novog Sada".to_owned(),
                note: "dežurni radnik obavešten telefonom".to_owned(),
            },
        ),
        central(
            0xc00b,
            utc(3, 15, 7, 20),
            K::ProsecutorEvaluated {
                at: utc(3, 15, 7, 15),
                agrees: true,
                reasons: "Procena je potpuna; opasnost je neposredna.".to_owned(),
            },
        ),
        central(
            0xc005,
            utc(3, 15, 7, 40),
            K::ExtensionProposed {
                at: utc(3, 15, 7, 30),
                court: Some(court.clone()),
            },
        ),
        central(
            0xc00c,
            utc(3, 15, 8, 10),
            K::ProposalReceived {
                at: utc(3, 15, 8, 5),
                court: court.clone(),
            },
        ),
        event(
            0xc006,
            utc(3, 15, 14, 0),
            K::CourtDecision {
                court: court.clone(),
                number: "R1 12/25".to_owned(),
                decided_on: NaiveDate::from_ymd_opt(2025, 3, 15).unwrap(),
                outcome: CourtOutcome::Extended,
                ends_at: Some(utc(4, 14, 10, 0)),
            },
        ),
        event(
            0xc007,
            utc(3, 15, 16, 0),
            K::DecisionReceived {
                at: utc(3, 15, 15, 30),
                by: Party::Perpetrator,
            },
        ),
        event(
            0xc008,
            utc(3, 17, 9, 30),
            K::Appeal {
                at: utc(3, 17, 9, 0),
                note: "učinilac osporava produženje".to_owned(),
                by: Some(Party::Perpetrator),
            },
        ),
        event(
            0xc009,
            utc(3, 17, 16, 0),
            K::AppealForwarded {
                at: utc(3, 17, 15, 0),
            },
        ),
        event(
            0xc00a,
            utc(3, 20, 9, 0),
            K::HigherCourtDecision {
                court: higher.clone(),
                number: "Kž1 31/25".to_owned(),
                decided_on: NaiveDate::from_ymd_opt(2025, 3, 19).unwrap(),
                outcome: AppealOutcome::Upheld,
            },
        ),
        // 01:40 CET and 03:20 CEST: 40 minutes apart.
        event(
            0xc00b,
            utc(3, 30, 1, 0),
            K::Violation {
                at: utc(3, 30, 0, 40),
                description: "pozvao oštećenu telefonom".to_owned(),
                evidence: "poziv na telefonu oštećene".to_owned(),
            },
        ),
        event(
            0xc00c,
            utc(3, 30, 1, 30),
            K::EscortedVisit {
                at: utc(3, 30, 1, 20),
                note: "uzeo lične stvari uz pratnju patrole".to_owned(),
            },
        ),
    ]);

    second.events = vec![
        served(0xc101, utc(4, 16, 19, 30), "PS Novi Sad – Liman"),
        event(
            0xc102,
            utc(4, 16, 20, 0),
            K::Forwarded {
                at: utc(4, 16, 19, 50),
                prosecutor: prosecutor.clone(),
            },
        ),
        event(
            0xc103,
            utc(4, 17, 7, 30),
            K::ProsecutorDeclined {
                at: utc(4, 17, 7, 0),
                reason: "nema uslova za predlog produženja".to_owned(),
            },
        ),
        event(
            0xc104,
            utc(4, 17, 10, 30),
            K::Lifted {
                at: utc(4, 17, 10, 0),
                reason: "po nalogu javnog tužioca".to_owned(),
            },
        ),
    ];

    third.events = vec![
        served(0xc201, utc(5, 10, 18, 30), "Bulevar oslobođenja 12"),
        event(
            0xc202,
            utc(5, 10, 19, 0),
            K::Forwarded {
                at: utc(5, 10, 18, 45),
                prosecutor,
            },
        ),
        event(
            0xc203,
            utc(5, 11, 8, 0),
            K::ExtensionProposed {
                at: utc(5, 11, 7, 45),
                court: None,
            },
        ),
        event(
            0xc204,
            utc(5, 11, 14, 0),
            K::CourtDecision {
                court,
                number: "R1 40/25".to_owned(),
                decided_on: NaiveDate::from_ymd_opt(2025, 5, 11).unwrap(),
                outcome: CourtOutcome::Refused,
                ends_at: None,
            },
        ),
        event(
            0xc205,
            utc(5, 11, 15, 0),
            K::DecisionReceived {
                at: utc(5, 11, 14, 30),
                by: Party::Prosecutor,
            },
        ),
        event(
            0xc206,
            utc(5, 12, 9, 0),
            K::Appeal {
                at: utc(5, 12, 8, 30),
                note: "tužilac se žali na odbijanje".to_owned(),
                by: Some(Party::Prosecutor),
            },
        ),
        event(
            0xc207,
            utc(5, 12, 16, 0),
            K::AppealForwarded {
                at: utc(5, 12, 15, 0),
            },
        ),
        event(
            0xc208,
            utc(5, 14, 9, 0),
            K::HigherCourtDecision {
                court: higher,
                number: "Kž1 52/25".to_owned(),
                decided_on: NaiveDate::from_ymd_opt(2025, 5, 14).unwrap(),
                outcome: AppealOutcome::Overturned,
            },
        ),
    ];

    file.orders = [first, second, third]
        .into_iter()
        .map(CaseOrder::new)
        .collect();
    file
}
