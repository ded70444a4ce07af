//! Tests of the case-file format: the frozen fixture, a snapshot of a case through the court
//! stage, round trips, and every way a file can be refused.
//!
//! The fixture `tests/fixtures/case-v4.json` is shared (docs, the CLI's and the store's tests read
//! it), so it stays a plain JSON file, frozen by [`fixture_is_frozen`]. The court-stage case file
//! is an insta snapshot in `snapshots/`: after a deliberate change of the format, run
//! `INSTA_UPDATE=always cargo test -p zastita-core --lib casefile` (or `cargo insta review` with
//! cargo-insta) and review `git diff core/src/casefile/snapshots/` before committing it.
#![allow(clippy::unwrap_used)]

use super::*;
use crate::domain::{
    GeoPoint, PersonId, Relationship, Reporter, ReporterKind, Role, Signature, SignaturePoint,
    StatementId, ViolenceForm, Weapon, WeaponKind, WeaponLegality,
};
use chrono::{NaiveDate, TimeZone};
use proptest::prelude::*;
use std::path::PathBuf;

fn fixture_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/case-v4.json")
}

/// The version-3 fixture, frozen when version 3 was current: still read.
fn fixture_v3_bytes() -> Vec<u8> {
    std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/case-v3.json"))
        .unwrap()
}

/// The version-2 fixture, frozen when version 2 was current: still read.
fn fixture_v2_bytes() -> Vec<u8> {
    std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/case-v2.json"))
        .unwrap()
}

/// The version-1 fixture, frozen when version 1 was current: still read.
fn fixture_v1_bytes() -> Vec<u8> {
    std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/case-v1.json"))
        .unwrap()
}

fn fixture_bytes() -> Vec<u8> {
    std::fs::read(fixture_path()).unwrap()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 15, 0, 0, 0).unwrap()
}

fn t(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 14, h, m, s).unwrap()
}

fn uuid(s: &str) -> uuid::Uuid {
    uuid::Uuid::parse_str(s).unwrap()
}

/// A signature of a few short strokes; `seed` varies it a little.
fn signature(seed: f32) -> Signature {
    let stroke = |x0: f32, y0: f32, n: u32| -> Vec<SignaturePoint> {
        (0..n)
            .map(|k| SignaturePoint {
                x: x0 + 6.5 * k as f32,
                y: y0 + if k % 2 == 0 { 0.0 } else { 9.25 },
                t: 16 * k,
                p: if k == 0 { None } else { Some(0.5) },
            })
            .collect()
    };
    Signature {
        width: 600,
        height: 200,
        strokes: vec![stroke(40.0 + seed, 120.0, 7), stroke(110.0, 96.5 + seed, 5)],
    }
}

/// SHA-256 (hex) of the statement serialised with `content_sha256` empty — the fingerprint the
/// app computes when signing (`app::statements::statement_fingerprint`).
fn fingerprint(st: &Statement) -> String {
    let mut copy = st.clone();
    copy.content_sha256 = None;
    let bytes = serde_json::to_vec(&copy).unwrap();
    ring::digest::digest(&ring::digest::SHA256, &bytes)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The case in `tests/fixtures/case-v1.json`. Everyone in it is fictional.
fn fixture_case() -> CaseFile {
    let badge = Badge::parse("NS-4417").unwrap();
    let victim = PersonId(uuid("01959624-2f80-7a3c-8e21-4b7d9c0a1f01"));
    let perpetrator = PersonId(uuid("01959624-2f80-7a3c-8e21-4b7d9c0a1f02"));
    let child = PersonId(uuid("01959624-2f80-7a3c-8e21-4b7d9c0a1f03"));
    let statement_id = StatementId(uuid("01959641-7d00-7c11-9a5e-2f6b8d3e4c01"));

    let incident = Incident {
        reported_at: Some(t(19, 41, 0)),
        police_arrived_at: Some(t(19, 58, 0)),
        address: "Bulevar oslobođenja 112, stan 14".into(),
        municipality: "Novi Sad".into(),
        location: Some(GeoPoint {
            lat: 45.2551,
            lon: 19.8452,
            accuracy_m: Some(8.0),
        }),
        reported_by: Some(Reporter {
            kind: ReporterKind::Neighbour,
            name: "Dragana Šijački".into(),
            phone: "+381 64 000 1234".into(),
        }),
        forms_of_violence: vec![ViolenceForm::Physical, ViolenceForm::Psychological],
        danger_without_act: String::new(),
        weapons_present: Some(true),
        weapons: vec![Weapon {
            kind: WeaponKind::Firearm,
            description: "pištolj CZ M57, bez dozvole, u ormaru u spavaćoj sobi".into(),
            in_household: true,
            legality: Some(WeaponLegality::Unlicensed),
            used_in_incident: false,
            threatened_in_incident: true,
            seized: true,
            seizure_receipt: "PO-117/26".into(),
        }],
        injuries: "Crvenilo i ogrebotine na vratu i levoj podlaktici; oštećena odbila lekarsku \
                   pomoć na licu mesta."
            .into(),
        children_present: Some(true),
        welfare_notification: Some(crate::domain::WelfareNotification {
            at: t(21, 30, 0),
            centre: "Centar za socijalni rad Grada Novog Sada".to_owned(),
            means: crate::domain::NotificationMeans::Phone,
            note: "dežurni radnik obavešten".to_owned(),
        }),
        narrative: "Po dolasku patrole u 20:58 časova vrata je otvorila oštećena Jelena Petrović, \
                    vidno uplašena i uplakana. Izjavila je da ju je suprug Marko Petrović posle \
                    svađe udario i stezao za vrat, i da joj je pretio pištoljem koji drži u \
                    ormaru.\nU stanu je bio i maloletni sin Luka (10). Marko Petrović je bio \
                    pod dejstvom alkohola. Pištolj je pronađen i oduzet uz potvrdu o \
                    privremeno oduzetim predmetima."
            .into(),
    };

    let person = |id, role, given: &str, jmbg: &str, dob: (i32, u32, u32)| Person {
        id,
        role,
        given_name: given.into(),
        family_name: "Petrović".into(),
        jmbg: jmbg.into(),
        date_of_birth: NaiveDate::from_ymd_opt(dob.0, dob.1, dob.2),
        address: "Bulevar oslobođenja 112, stan 14, Novi Sad".into(),
        phone: String::new(),
        relationship_to_victim: None,
        kinship_degree: None,
        household_with_victim: None,
        language: "sr".into(),
        interpreter_needed: false,
    };
    let mut v = person(
        victim,
        Role::Victim,
        "Jelena",
        "1407988805129",
        (1988, 7, 14),
    );
    v.phone = "+381 63 000 5678".into();
    let mut p = person(
        perpetrator,
        Role::Perpetrator,
        "Marko",
        "0203985800233",
        (1985, 3, 2),
    );
    p.relationship_to_victim = Some(Relationship::Spouse);
    let mut c = person(child, Role::Child, "Luka", "2109014800319", (2014, 9, 21));
    c.relationship_to_victim = Some(Relationship::Child);

    let mut statement = Statement {
        id: statement_id,
        person_id: victim,
        amends: None,
        taken_at: t(20, 15, 0),
        taken_by: badge.clone(),
        place: "stan oštećene, Bulevar oslobođenja 112, Novi Sad".into(),
        language: "sr".into(),
        interpreter: None,
        text: "Oko 20:30 časova suprug Marko je došao kući pijan. Kada sam mu rekla da ne želim \
               da se svađamo pred detetom, počeo je da viče, udario me je otvorenom šakom po \
               licu i stezao me za vrat.\nRekao je da će me ubiti i pokazao mi pištolj koji \
               drži u ormaru. Bojim se za sebe i za sina. Ovo nije prvi put; prošlog meseca \
               me je gurnuo niz stepenice."
            .into(),
        victim_signature: Some(signature(0.0)),
        victim_not_signed_reason: None,
        officer_signature: Some(signature(3.5)),
        signed_at: Some(t(20, 52, 30)),
        content_sha256: None,
    };
    statement.content_sha256 = Some(fingerprint(&statement));

    let mut addendum = Statement {
        id: StatementId(uuid("0195964f-a3c8-7e02-b1d4-6a9c0e5f7d02")),
        person_id: victim,
        amends: Some(statement_id),
        taken_at: t(21, 5, 0),
        taken_by: badge.clone(),
        place: "stan oštećene, Bulevar oslobođenja 112, Novi Sad".into(),
        language: "sr".into(),
        interpreter: None,
        text: "Dopuna izjave: suprug me nije gurnuo niz stepenice prošlog meseca, nego pre dva \
               meseca, u januaru."
            .into(),
        victim_signature: Some(signature(1.25)),
        victim_not_signed_reason: None,
        officer_signature: Some(signature(2.75)),
        signed_at: Some(t(21, 12, 0)),
        content_sha256: None,
    };
    addendum.content_sha256 = Some(fingerprint(&addendum));

    let assessment = assessment_fixture();
    CaseFile {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        id: CaseId(uuid("01959624-2e10-7b55-a0c3-1d2e3f4a5b6c")),
        status: CaseStatus::Recorded,
        version: 1,
        created_at: t(19, 58, 12),
        created_by: badge,
        incident,
        statements: vec![statement, addendum],
        assessments: vec![assessment.clone()],
        orders: vec![CaseOrder::new(order_fixture(&p, &[&v, &c], &assessment))],
        people: vec![v, p, c],
        official_number: None,
    }
}

fn assessment_fixture() -> crate::domain::assessment::Assessment {
    use crate::domain::assessment::{Assessment, Completion};
    use crate::risk::{Answer, ItemAnswer, RiskLevel};
    let instrument = crate::risk::builtin().into_iter().next().unwrap();
    let answers: crate::risk::Answers = instrument
        .items()
        .iter()
        .map(|i| {
            let yes = matches!(
                i.id.as_str(),
                "threat-to-kill" | "weapon-access" | "earlier-violence"
            );
            (
                i.id.clone(),
                ItemAnswer {
                    answer: if yes { Answer::Yes } else { Answer::No },
                    note: if i.id == "weapon-access" {
                        "pištolj CZ M57 u ormaru".to_owned()
                    } else {
                        String::new()
                    },
                },
            )
        })
        .collect();
    let evaluation = instrument.evaluate(&answers, Some(true));
    Assessment {
        id: crate::domain::AssessmentId(uuid("01959624-9a00-7000-8000-00000000a001")),
        case_id: CaseId(uuid("01959624-2e10-7b55-a0c3-1d2e3f4a5b6c")),
        instrument: instrument.reference(),
        started_at: t(20, 40, 0),
        started_by: Badge::parse("NS-1234").unwrap(),
        answers,
        officer_believes_in_danger: Some(true),
        judgement_reasons: "Pretio pištoljem pred detetom.".to_owned(),
        sources: Default::default(),
        completed: Some(Completion {
            at: t(20, 52, 0),
            by: Badge::parse("NS-1234").unwrap(),
            final_level: evaluation.computed_level.max(RiskLevel::High),
            evaluation,
            raise_reason: None,
            reassessment_due_at: t(20, 52, 0) + chrono::TimeDelta::hours(72),
        }),
    }
}

fn order_fixture(
    perpetrator: &Person,
    protected: &[&Person],
    assessment: &crate::domain::assessment::Assessment,
) -> crate::domain::Order {
    use crate::domain::order::{
        EventSource, Issued, Measure, OrderContent, OrderEvent, OrderEventKind,
    };
    let badge = Badge::parse("NS-1234").unwrap();
    crate::domain::Order {
        id: crate::domain::OrderId(uuid("01959624-9b00-7000-8000-00000000b001")),
        case_id: CaseId(uuid("01959624-2e10-7b55-a0c3-1d2e3f4a5b6c")),
        version: 2,
        created_at: t(20, 55, 0),
        created_by: badge.clone(),
        content: OrderContent {
            measures: vec![Measure::RemovalFromDwelling, Measure::ContactBan],
            perpetrator: Some(perpetrator.id),
            protected: protected.iter().map(|p| p.id).collect(),
            legal_basis: Default::default(),
            reasons: "Neposredna opasnost: pretnja vatrenim oružjem.".to_owned(),
            dwelling: "Bulevar oslobođenja 12, stan 4".to_owned(),
            victim_municipality: "Novi Sad".to_owned(),
            perpetrator_adult_confirmed: false,
            assessment: Some(assessment.id),
            police_administration: "PU za Grad Novi Sad".to_owned(),
            police_station: "PS Novi Sad – Liman".to_owned(),
        },
        issued: Some(Issued {
            at: t(21, 0, 0),
            by: badge.clone(),
            provisional_number: "P-0195A6-2025-0001".to_owned(),
            assessment_completed_at: Some(t(20, 52, 0)),
            forward_warning_minutes: Some(60),
        }),
        events: vec![OrderEvent {
            id: crate::domain::EventId(uuid("01959624-9c00-7000-8000-00000000c001")),
            recorded_at: t(21, 20, 0),
            recorded_by: Some(badge.clone()),
            source: EventSource::Device,
            event: OrderEventKind::Served {
                at: t(21, 15, 0),
                place: "Bulevar oslobođenja 12".to_owned(),
                served_by: badge,
                signature: None,
                refused_to_sign: Some("odbio da potpiše".to_owned()),
            },
        }],
    }
}

#[test]
fn a_version_1_file_is_still_read() {
    let file = parse(&fixture_v1_bytes(), now()).unwrap();
    assert_eq!(file.format_version, FORMAT_VERSION);
    assert_eq!(file.statements, fixture_case().statements);
    assert!(file.orders.is_empty() && file.assessments.is_empty());
    // Weapons get the fields version 2 added, unanswered.
    assert_eq!(file.incident.weapons[0].legality, None);
}

#[test]
fn a_version_2_file_is_still_read() {
    let file = parse(&fixture_v2_bytes(), now()).unwrap();
    assert_eq!(file.format_version, FORMAT_VERSION);
    assert_eq!(file.statements, fixture_case().statements);
    assert_eq!(file.assessments.len(), 1);
    let order = &file.orders[0].order;
    // What version 3 added is absent, and the forwarding clock falls back to the issue.
    assert_eq!(order.content.dwelling, "");
    let issued = order.issued.as_ref().unwrap();
    assert_eq!(issued.assessment_completed_at, None);
    assert_eq!(
        file.orders[0].deadlines.forward_warning_from,
        Some(issued.at + chrono::TimeDelta::hours(1))
    );
}

#[test]
fn a_version_3_file_is_still_read() {
    let file = parse(&fixture_v3_bytes(), now()).unwrap();
    assert_eq!(file.format_version, FORMAT_VERSION);
    assert_eq!(file, fixture_case());
    // What version 4 added is absent.
    let d = &file.orders[0].deadlines;
    assert_eq!(
        (d.prosecutor_received_at, d.court_received_at),
        (None, None)
    );
}

/// A version-3 file cannot hold the chain's acts version 4 added: one that claims them is
/// refused, never read on a best-effort basis.
#[test]
fn a_version_3_file_with_the_chains_acts_is_refused() {
    let mut file = fixture_case();
    let order = &mut file.orders[0].order;
    let served = order.service().unwrap().at;
    order.events.push(crate::domain::order::OrderEvent {
        id: crate::domain::EventId(uuid("01959624-9c00-7000-8000-00000000c0fe")),
        recorded_at: served,
        recorded_by: None,
        source: crate::domain::EventSource::CentralRecord,
        event: OrderEventKind::ProsecutorReceived {
            at: served,
            office: "Osnovno javno tužilaštvo u Novom Sadu".to_owned(),
        },
    });
    let v4 = String::from_utf8(to_json(&file).unwrap()).unwrap();
    assert!(parse(v4.as_bytes(), now()).is_ok());
    let v3 = v4.replace("\"format_version\": 4,", "\"format_version\": 3,");
    assert_eq!(
        invalid(v3.as_bytes()),
        vec![FieldError::new(
            "orders[0].events[1].kind",
            FieldErrorCode::OutOfRange
        )]
    );
}

/// The fixture is a frozen test vector: this test fails when the format's bytes change. After a
/// deliberate change (which bumps `FORMAT_VERSION`), regenerate it with
/// `ZASTITA_BLESS=1 cargo test -p zastita-core --lib casefile`.
#[test]
fn fixture_is_frozen() {
    let expected = to_json(&fixture_case()).unwrap();
    if std::env::var_os("ZASTITA_BLESS").is_some() {
        std::fs::write(fixture_path(), &expected).unwrap();
    }
    assert_eq!(
        String::from_utf8(fixture_bytes()).unwrap(),
        String::from_utf8(expected).unwrap()
    );
}

/// Every byte a prosecutor's or court's system reads from an export of a case through the court
/// stage (three orders, every kind of order event, the deadlines computed from them), with
/// nothing redacted: all of it is fixed. The snapshot reads back as the same case.
#[test]
fn a_case_through_the_court_stage_exports_as_the_snapshot() {
    let file = super::sample::court_stage();
    let bytes = to_json(&file).unwrap();
    assert_eq!(parse(&bytes, super::sample::now()).unwrap(), file);
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("court-stage-case-file", String::from_utf8(bytes).unwrap());
    });
}

#[test]
fn fixture_round_trips_byte_for_byte() {
    let bytes = fixture_bytes();
    let file = parse(&bytes, now()).unwrap();
    assert_eq!(file, fixture_case());
    assert_eq!(to_json(&file).unwrap(), bytes);
    assert!(bytes.ends_with(b"}\n"));
}

#[test]
fn kinship_degree_and_household_are_left_out_unless_given_and_round_trip() {
    let text = String::from_utf8(to_json(&fixture_case()).unwrap()).unwrap();
    assert!(!text.contains("kinship_degree") && !text.contains("household_with_victim"));
    let mut file = fixture_case();
    file.people[1].relationship_to_victim = Some(crate::domain::Relationship::InLaw);
    file.people[1].kinship_degree = Some(3);
    file.people[1].household_with_victim = Some(crate::domain::Household::Lived);
    let bytes = to_json(&file).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains("\"kinship_degree\": 3"), "{text}");
    assert!(
        text.contains("\"household_with_victim\": \"lived\""),
        "{text}"
    );
    assert_eq!(parse(&bytes, now()).unwrap(), file);
    // An in-law of the 3rd degree imports (the law may not cover him: a warning, not a refusal);
    // an in-law of degree 0 is impossible.
    file.people[1].kinship_degree = Some(0);
    assert_eq!(
        invalid(&to_json(&file).unwrap()),
        vec![FieldError::new(
            "people[1].kinship_degree",
            FieldErrorCode::OutOfRange
        )]
    );
}

#[test]
fn fixture_statement_fingerprints_match() {
    let file = parse(&fixture_bytes(), now()).unwrap();
    for st in &file.statements {
        assert_eq!(st.content_sha256.as_deref(), Some(fingerprint(st).as_str()));
    }
}

#[test]
fn draft_round_trips() {
    let mut file = fixture_case();
    file.status = CaseStatus::Draft;
    file.version = 0;
    file.incident = Incident::default();
    file.people[0].date_of_birth = None;
    file.people[0].given_name = "Ђурђа Иштван Őry".into();
    file.statements.clear();
    let bytes = to_json(&file).unwrap();
    assert_eq!(parse(&bytes, now()).unwrap(), file);
}

fn fixture_text() -> String {
    String::from_utf8(fixture_bytes()).unwrap()
}

/// The fixture with one substring replaced (which must occur).
fn edited(from: &str, to: &str) -> Vec<u8> {
    let text = fixture_text();
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1).into_bytes()
}

fn invalid(bytes: &[u8]) -> Vec<FieldError> {
    match parse(bytes, now()) {
        Err(CaseFileError::Invalid(errors)) => errors,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

fn field_error(bytes: &[u8]) -> (String, String) {
    match parse(bytes, now()) {
        Err(CaseFileError::Field { path, message }) => (path, message),
        other => panic!("expected Field, got {other:?}"),
    }
}

#[test]
fn too_large() {
    let bytes = vec![b' '; MAX_BYTES + 1];
    let err = parse(&bytes, now()).unwrap_err();
    assert!(matches!(err, CaseFileError::TooLarge { max_bytes } if max_bytes == 16 << 20));
    assert!(err.to_string().contains("16 MiB"), "{err}");
}

#[test]
fn not_utf8_reports_the_offset() {
    let mut bytes = fixture_bytes();
    bytes[100] = 0xFF;
    let err = parse(&bytes, now()).unwrap_err();
    assert!(
        matches!(err, CaseFileError::NotUtf8 { byte_offset: 100 }),
        "{err:?}"
    );
    assert!(err.to_string().contains("offset 100"));
}

#[test]
fn a_byte_order_mark_is_ignored() {
    let mut bytes = "\u{FEFF}".as_bytes().to_vec();
    bytes.extend(fixture_bytes());
    assert_eq!(parse(&bytes, now()).unwrap(), fixture_case());
}

#[test]
fn truncated_json_is_a_syntax_error() {
    let bytes = fixture_bytes();
    let err = parse(&bytes[..bytes.len() / 2], now()).unwrap_err();
    match &err {
        CaseFileError::Syntax { line, message, .. } => {
            assert!(*line > 1);
            assert!(message.contains("EOF"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("truncated"), "{err}");
    for junk in ["", "{", "{\"format\":", "nul", "{}x", "[1,]"] {
        assert!(
            matches!(
                parse(junk.as_bytes(), now()),
                Err(CaseFileError::Syntax { .. })
            ),
            "{junk:?}"
        );
    }
}

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    let nest = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    // In a field the first pass reads: serde_json's recursion limit.
    let deep = format!("{{\"format\":{},\"format_version\":1}}", nest(100_000));
    assert!(matches!(
        parse(deep.as_bytes(), now()),
        Err(CaseFileError::Syntax { .. })
    ));
    // In a field the first pass skips: skipped without recursion, then refused as unknown.
    let deep = format!(
        "{{\"format\":\"zastita-case\",\"format_version\":1,\"x\":{}}}",
        nest(100_000)
    );
    let (path, _) = field_error(deep.as_bytes());
    assert_eq!(path, "x");
}

#[test]
fn not_a_case_file() {
    for other in [
        "{}",
        "[]",
        "null",
        "\"zastita-case\"",
        "42",
        r#"{"format":"something-else","format_version":1}"#,
        r#"{"format":null,"format_version":1}"#,
        r#"{"format":["zastita-case"],"format_version":1}"#,
        r#"{"format_version":1}"#,
    ] {
        let err = parse(other.as_bytes(), now()).unwrap_err();
        assert!(
            matches!(err, CaseFileError::NotACaseFile),
            "{other}: {err:?}"
        );
    }
    let err = parse(b"{}", now()).unwrap_err();
    assert!(err.to_string().contains("not a Zaštita case file"));
}

#[test]
fn unsupported_versions() {
    let err = parse(
        &edited("\"format_version\": 4", "\"format_version\": 7"),
        now(),
    )
    .unwrap_err();
    assert!(matches!(
        err,
        CaseFileError::UnsupportedVersion {
            found: 7,
            supported: 4
        }
    ));
    assert_eq!(
        err.to_string(),
        "this file is case-file version 7; this app reads version 4 — update the app"
    );
    // A newer file is refused before its (unknown) fields are looked at.
    let newer = r#"{"format":"zastita-case","format_version":5,"brand_new":{"x":1}}"#;
    assert!(matches!(
        parse(newer.as_bytes(), now()),
        Err(CaseFileError::UnsupportedVersion { found: 5, .. })
    ));
    let err = parse(
        &edited("\"format_version\": 4", "\"format_version\": 0"),
        now(),
    )
    .unwrap_err();
    assert!(matches!(
        err,
        CaseFileError::UnsupportedVersion { found: 0, .. }
    ));
    assert!(err.to_string().contains("never released"));
    for bad in ["1.5", "-1", "\"1\"", "null", "18446744073709551616"] {
        let (path, _) = field_error(&edited(
            "\"format_version\": 4",
            &format!("\"format_version\": {bad}"),
        ));
        assert_eq!(path, "format_version", "{bad}");
    }
    let (path, _) = field_error(&edited("\"format_version\": 4,", ""));
    assert_eq!(path, "format_version");
}

#[test]
fn unknown_field_is_refused_with_its_path() {
    let (path, message) = field_error(&edited(
        "\"given_name\": \"Marko\"",
        "\"given_name\": \"Marko\", \"nickname\": \"Tajni nadimak\"",
    ));
    assert_eq!(path, "people[1].nickname");
    assert!(message.contains("unknown field"), "{message}");
    assert!(!message.contains("Tajni") && !path.contains("Tajni"));
    // A key that is not a plain identifier is not repeated.
    let (path, message) = field_error(&edited(
        "\"narrative\":",
        "\"Jelena Petrović\": 1, \"narrative\":",
    ));
    assert!(
        !format!("{path} {message}").contains("Jelena"),
        "{path} {message}"
    );
    assert!(path.starts_with("incident"), "{path}");
}

#[test]
fn field_errors_never_echo_values() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "\"role\": \"perpetrator\"",
            "\"role\": \"TajnaUloga\"",
            "people[1].role",
        ),
        (
            "\"role\": \"perpetrator\"",
            "\"role\": 12345",
            "people[1].role",
        ),
        (
            "\"jmbg\": \"0203985800233\"",
            "\"jmbg\": 123456789",
            "people[1].jmbg",
        ),
        (
            "\"family_name\": \"Petrović\"",
            "\"family_name\": [\"TajnoIme\"]",
            "people[0].family_name",
        ),
        (
            "\"created_at\": \"2025-03-14T19:58:12Z\"",
            "\"created_at\": \"TajnoVreme\"",
            "created_at",
        ),
        (
            "\"id\": \"01959624-2e10-7b55-a0c3-1d2e3f4a5b6c\"",
            "\"id\": \"Tajna-uuid\"",
            "id",
        ),
        (
            "\"created_by\": \"NS-4417\"",
            "\"created_by\": \"TAJNA BADGE\"",
            "created_by",
        ),
        ("\"version\": 1", "\"version\": -77777", "version"),
        (
            "\"date_of_birth\": \"1988-07-14\"",
            "\"date_of_birth\": \"Tajna\"",
            "people[0].date_of_birth",
        ),
        (
            "\"seized\": true",
            "\"seized\": \"Tajna\"",
            "incident.weapons[0].seized",
        ),
        (
            "\"kind\": \"neighbour\"",
            "\"kind\": \"Tajna, expected x\"",
            "incident.reported_by.kind",
        ),
    ];
    for (from, to, want_path) in cases {
        let (path, message) = field_error(&edited(from, to));
        assert_eq!(&path, want_path, "{to}");
        let shown = format!("{path}: {message}");
        for secret in ["Tajn", "TAJNA", "12345", "77777"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(message.len() > 10, "{shown}");
    }
    let (_, message) = field_error(&edited("\"role\": \"perpetrator\"", "\"role\": \"boss\""));
    assert!(message.contains("`victim`"), "{message}");
    let (_, message) = field_error(&edited("\"version\": 1", "\"version\": -1"));
    assert_eq!(message, "a number not allowed here, expected u32");
    let (_, message) = field_error(&edited(
        "\"created_at\": \"2025-03-14T19:58:12Z\"",
        "\"created_at\": \"yesterday\"",
    ));
    assert!(message.contains("2025-03-14T20:41:00Z"), "{message}");
}

#[test]
fn missing_and_duplicate_fields() {
    let (path, message) = field_error(&edited("\"status\": \"recorded\",", ""));
    assert_eq!(path, "status");
    assert_eq!(message, "required field is missing");
    let (path, message) = field_error(&edited(
        "\"narrative\":",
        "\"narrative\": \"druga verzija\", \"narrative\":",
    ));
    assert_eq!(path, "incident.narrative");
    assert_eq!(message, "appears more than once");
    let (path, message) = field_error(&edited(
        "\"format\": \"zastita-case\",",
        "\"format\": \"zastita-case\", \"format\": \"zastita-case\",",
    ));
    assert_eq!(
        (path.as_str(), message.as_str()),
        ("format", "appears more than once")
    );
    // A person without a role.
    let (path, message) = field_error(&edited("\"role\": \"child\",", ""));
    assert_eq!(path, "people[2].role");
    assert_eq!(message, "required field is missing");
}

#[test]
fn control_characters() {
    // Raw control characters are not JSON at all.
    let raw = edited("\"given_name\": \"Luka\"", "\"given_name\": \"Lu\u{7}ka\"");
    assert!(matches!(
        parse(&raw, now()),
        Err(CaseFileError::Syntax { .. })
    ));
    // Escaped ones are JSON, but not text an officer typed.
    let escaped = edited(
        "\"given_name\": \"Luka\"",
        "\"given_name\": \"Lu\\u0007ka\"",
    );
    assert_eq!(
        invalid(&escaped),
        vec![FieldError::new(
            "people[2].given_name",
            FieldErrorCode::ControlCharacter
        )]
    );
}

#[test]
fn a_megabyte_narrative_is_too_long() {
    let mut file = fixture_case();
    file.incident.narrative = "ć".repeat(1 << 20);
    let errors = invalid(&to_json(&file).unwrap());
    assert_eq!(
        errors,
        vec![FieldError::new(
            "incident.narrative",
            FieldErrorCode::TooLong { max_chars: 100_000 }
        )]
    );
    let err = parse(&to_json(&file).unwrap(), now()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the case file has 1 problem: incident.narrative: longer than 100000 characters"
    );
}

#[test]
fn recorded_files_must_be_complete_drafts_need_not() {
    let mut file = fixture_case();
    file.incident.narrative.clear();
    file.people[1].relationship_to_victim = None;
    let errors = invalid(&to_json(&file).unwrap());
    assert_eq!(
        errors,
        vec![
            FieldError::new("incident.narrative", FieldErrorCode::Required),
            FieldError::new(
                "people[1].relationship_to_victim",
                FieldErrorCode::RelationshipRequired
            ),
        ]
    );
    file.status = CaseStatus::Draft;
    assert_eq!(parse(&to_json(&file).unwrap(), now()).unwrap(), file);

    let mut file = fixture_case();
    file.version = 0;
    file.created_at = t(23, 59, 0) + chrono::TimeDelta::hours(1);
    assert_eq!(
        invalid(&to_json(&file).unwrap()),
        vec![
            FieldError::new("created_at", FieldErrorCode::InFuture),
            FieldError::new("version", FieldErrorCode::OutOfRange),
        ]
    );
}

#[test]
fn statements_are_validated_with_their_index() {
    let mut file = fixture_case();
    file.statements[1].victim_signature = None;
    file.statements[1].person_id = file.people[1].id;
    assert_eq!(
        invalid(&to_json(&file).unwrap()),
        vec![FieldError::new(
            "statements[1].victim_signature",
            FieldErrorCode::SignatureRequired
        ),]
    );
    // An unsigned statement is a draft: it may be incomplete.
    let mut file = fixture_case();
    file.statements[1].signed_at = None;
    file.statements[1].victim_signature = None;
    file.statements[1].officer_signature = None;
    file.statements[1].content_sha256 = None;
    file.statements[1].amends = None;
    file.statements[1].text.clear();
    assert_eq!(parse(&to_json(&file).unwrap(), now()).unwrap(), file);
    // Duplicate statement ids.
    let mut file = fixture_case();
    file.statements[1].id = file.statements[0].id;
    assert_eq!(
        invalid(&to_json(&file).unwrap()),
        vec![FieldError::new(
            "statements[1].id",
            FieldErrorCode::DuplicateId
        )]
    );
}

#[test]
fn too_many_statements() {
    let mut file = fixture_case();
    file.status = CaseStatus::Draft;
    let extra = file.statements[1].clone();
    file.statements
        .extend((0..MAX_STATEMENTS).map(|_| Statement {
            id: StatementId::new(),
            ..extra.clone()
        }));
    assert_eq!(
        invalid(&to_json(&file).unwrap()),
        vec![FieldError::new(
            "statements",
            FieldErrorCode::TooMany { max: 1000 }
        )]
    );
}

#[test]
fn amends_must_point_at_a_signed_statement_in_the_file() {
    let mut file = fixture_case();
    file.statements[1].amends = Some(StatementId::new());
    assert_eq!(
        invalid(&to_json(&file).unwrap()),
        vec![FieldError::new(
            "statements[1].amends",
            FieldErrorCode::UnknownStatement
        )]
    );
    let mut file = fixture_case();
    file.statements[1].amends = Some(file.statements[1].id);
    assert_eq!(
        invalid(&to_json(&file).unwrap()),
        vec![FieldError::new(
            "statements[1].amends",
            FieldErrorCode::UnknownStatement
        )]
    );
    let mut file = fixture_case();
    file.status = CaseStatus::Draft;
    file.statements[0].signed_at = None;
    assert_eq!(
        invalid(&to_json(&file).unwrap()),
        vec![FieldError::new(
            "statements[1].amends",
            FieldErrorCode::AmendsUnsigned
        )]
    );
}

#[test]
fn to_json_is_deterministic_and_pretty() {
    let a = to_json(&fixture_case()).unwrap();
    let b = to_json(&fixture_case()).unwrap();
    assert_eq!(a, b);
    let text = String::from_utf8(a).unwrap();
    assert!(text.starts_with("{\n  \"format\": \"zastita-case\",\n  \"format_version\": 4,\n"));
    assert!(text.ends_with("}\n") && !text.ends_with("\n\n"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = parse(&bytes, now()).map_err(|e| e.to_string());
    }

    #[test]
    fn a_damaged_fixture_never_panics_nor_leaks(pos in 0usize..6000, byte in any::<u8>()) {
        let mut bytes = fixture_bytes();
        let pos = pos % bytes.len();
        bytes[pos] = byte;
        if let Err(e) = parse(&bytes, now()) {
            let shown = e.to_string();
            for secret in ["Jelena", "Marko", "Petrovi", "1407988805129", "Bojim"] {
                prop_assert!(!shown.contains(secret), "{}", shown);
            }
        }
    }

    #[test]
    fn round_trip(
        name in "[^\\p{Cc}\\p{White_Space}\\u{202A}-\\u{202E}\\u{2066}-\\u{2069}]{1,40}",
        lat_e6 in -90_000_000i64..=90_000_000,
        lon_e6 in -180_000_000i64..=180_000_000,
        x in 0.0f32..600.0,
        secs in 0i64..86_400,
    ) {
        let mut file = fixture_case();
        file.people[0].given_name = name;
        file.incident.location = Some(GeoPoint {
            lat: lat_e6 as f64 / 1e6,
            lon: lon_e6 as f64 / 1e6,
            accuracy_m: None,
        });
        file.incident.reported_at = Some(t(0, 0, 0) + chrono::TimeDelta::seconds(secs));
        file.incident.police_arrived_at = None;
        if let Some(sig) = file.statements[0].victim_signature.as_mut() {
            sig.strokes[0][0].x = x;
        }
        let bytes = to_json(&file).unwrap();
        let back = parse(&bytes, now()).unwrap();
        prop_assert_eq!(&back, &file);
        prop_assert_eq!(to_json(&back).unwrap(), bytes);
    }

    /// A GPS receiver gives full-precision doubles. serde_json parses floats exactly only with its
    /// `float_roundtrip` feature; without it some (like 90.23280713922559) come back one ULP off
    /// and export → import → export changes the bytes.
    #[test]
    fn gps_coordinates_round_trip_exactly(
        lat in -90.0f64..=90.0,
        lon in -180.0f64..=180.0,
        accuracy in 0.0f64..100.0,
    ) {
        let mut file = fixture_case();
        file.incident.location = Some(GeoPoint { lat, lon, accuracy_m: Some(accuracy) });
        let bytes = to_json(&file).unwrap();
        let back = parse(&bytes, now()).unwrap();
        prop_assert_eq!(&back, &file);
        prop_assert_eq!(to_json(&back).unwrap(), bytes);
    }
}
