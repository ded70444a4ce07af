//! Tables of cases for [`super`]: a complete case or statement, one change, the errors expected.
#![allow(clippy::unwrap_used)]

use super::*;
use crate::domain::{
    Badge, GeoPoint, Incident, Person, PersonId, Relationship, Reporter, ReporterKind, Role,
    Signature, SignaturePoint, Statement, StatementId, ViolenceForm, Weapon, WeaponKind,
    WeaponLegality,
};
use FieldErrorCode as C;
use chrono::TimeZone;
use proptest::prelude::*;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 14, 22, 0, 0).unwrap()
}

fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 14, h, m, 0).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn person(role: Role, given: &str, family: &str, jmbg: &str, dob: NaiveDate) -> Person {
    let mut p = Person::new(role);
    p.given_name = given.into();
    p.family_name = family.into();
    p.jmbg = jmbg.into();
    p.date_of_birth = Some(dob);
    p
}

/// A complete case that passes [`Strictness::Record`]: victim, perpetrator (spouse), child.
fn case() -> (Incident, Vec<Person>) {
    let incident = Incident {
        reported_at: Some(at(20, 41)),
        police_arrived_at: Some(at(20, 58)),
        address: "Bulevar oslobođenja 12, stan 7".into(),
        municipality: "Novi Sad".into(),
        location: Some(GeoPoint {
            lat: 45.2517,
            lon: 19.8369,
            accuracy_m: Some(12.0),
        }),
        reported_by: Some(Reporter {
            kind: ReporterKind::Neighbour,
            name: String::new(),
            phone: String::new(),
        }),
        forms_of_violence: vec![ViolenceForm::Physical, ViolenceForm::Psychological],
        danger_without_act: String::new(),
        weapons_present: Some(true),
        weapons: vec![Weapon {
            kind: WeaponKind::Firearm,
            description: "pištolj".into(),
            in_household: true,
            legality: Some(WeaponLegality::Unlicensed),
            used_in_incident: false,
            threatened_in_incident: true,
            seized: true,
            seizure_receipt: "PO-117/26".into(),
        }],
        injuries: "Crvenilo na vratu.".into(),
        welfare_notification: None,
        children_present: Some(true),
        narrative: "Po dolasku patrole…\nDrugi red.".into(),
    };
    let victim = person(
        Role::Victim,
        "Jelena",
        "Petrović",
        "1407988805129",
        date(1988, 7, 14),
    );
    let mut perpetrator = person(
        Role::Perpetrator,
        "Marko",
        "Petrović",
        "0203985800233",
        date(1985, 3, 2),
    );
    perpetrator.relationship_to_victim = Some(Relationship::Spouse);
    let mut child = person(
        Role::Child,
        "Luka",
        "Petrović",
        "2109014800319",
        date(2014, 9, 21),
    );
    child.relationship_to_victim = Some(Relationship::Child);
    (incident, vec![victim, perpetrator, child])
}

fn sorted(mut v: Vec<FieldError>) -> Vec<FieldError> {
    v.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    v
}

fn errors(expected: &[(&str, FieldErrorCode)]) -> Vec<FieldError> {
    sorted(
        expected
            .iter()
            .map(|(f, c)| FieldError::new(*f, c.clone()))
            .collect(),
    )
}

/// Change the complete case with `f`, validate it, compare with `expected` (in any order).
fn check(
    strictness: Strictness,
    f: impl FnOnce(&mut Incident, &mut Vec<Person>),
    expected: &[(&str, FieldErrorCode)],
) {
    let (mut incident, mut people) = case();
    f(&mut incident, &mut people);
    let got = sorted(validate_case(&incident, &people, now(), strictness));
    assert_eq!(got, errors(expected));
}

use Strictness::{Draft, Record};

#[test]
fn complete_case_passes() {
    check(Record, |_, _| {}, &[]);
    check(Draft, |_, _| {}, &[]);
}

#[test]
fn empty_case_is_a_fine_draft_but_no_record() {
    let empty = Incident::default();
    assert_eq!(validate_case(&empty, &[], now(), Draft), vec![]);
    let got = sorted(validate_case(&empty, &[], now(), Record));
    assert_eq!(
        got,
        errors(&[
            ("incident.reported_at", C::Required),
            ("incident.address", C::Required),
            ("incident.municipality", C::Required),
            ("incident.reported_by", C::Required),
            ("incident.forms_of_violence", C::Required),
            ("incident.weapons_present", C::Required),
            ("incident.children_present", C::Required),
            ("incident.narrative", C::Required),
            ("people", C::NoVictim),
            ("people", C::NoPerpetrator),
        ])
    );
}

#[test]
fn incident_table() {
    let long = |n: usize| "ž".repeat(n);
    check(Draft, |i, _| i.narrative = long(NARRATIVE_MAX_CHARS), &[]);
    check(
        Draft,
        |i, _| i.narrative = long(NARRATIVE_MAX_CHARS + 1),
        &[("incident.narrative", C::TooLong { max_chars: 100_000 })],
    );
    check(
        Draft,
        |i, _| i.injuries = long(INJURIES_MAX + 1),
        &[("incident.injuries", C::TooLong { max_chars: 10_000 })],
    );
    check(
        Draft,
        |i, _| i.address = long(501),
        &[("incident.address", C::TooLong { max_chars: 500 })],
    );
    check(
        Draft,
        |i, _| i.municipality = "Novi\u{0}Sad".into(),
        &[("incident.municipality", C::ControlCharacter)],
    );
    check(
        Draft,
        |i, _| i.narrative = format!("{}\u{1B}", long(NARRATIVE_MAX_CHARS)),
        &[
            ("incident.narrative", C::TooLong { max_chars: 100_000 }),
            ("incident.narrative", C::ControlCharacter),
        ],
    );
    check(
        Draft,
        |i, _| i.reported_by.as_mut().unwrap().phone = "\u{202E}123".into(),
        &[("incident.reported_by.phone", C::ControlCharacter)],
    );
    check(
        Draft,
        |i, _| i.reported_by.as_mut().unwrap().name = long(501),
        &[("incident.reported_by.name", C::TooLong { max_chars: 500 })],
    );
    check(
        Draft,
        |i, _| i.weapons[0].description = "nož\u{7}".into(),
        &[("incident.weapons[0].description", C::ControlCharacter)],
    );
    // Clock skew: 5 minutes ahead is fine, 6 is not.
    check(Draft, |i, _| i.police_arrived_at = Some(at(22, 5)), &[]);
    check(
        Draft,
        |i, _| i.police_arrived_at = Some(at(22, 6)),
        &[("incident.police_arrived_at", C::InFuture)],
    );
    check(
        Draft,
        |i, _| {
            i.reported_at = Some(at(23, 0));
            i.police_arrived_at = Some(at(23, 30));
        },
        &[
            ("incident.reported_at", C::InFuture),
            ("incident.police_arrived_at", C::InFuture),
        ],
    );
    check(
        Draft,
        |i, _| i.police_arrived_at = Some(at(20, 40)),
        &[("incident.police_arrived_at", C::BeforeReported)],
    );
    check(Draft, |i, _| i.police_arrived_at = Some(at(20, 41)), &[]);
    check(Draft, |i, _| i.reported_at = None, &[]);
    check(
        Record,
        |i, _| i.reported_at = None,
        &[("incident.reported_at", C::Required)],
    );
    check(Record, |i, _| i.police_arrived_at = None, &[]);
    check(
        Draft,
        |i, _| i.location.as_mut().unwrap().lat = 90.5,
        &[("incident.location.lat", C::OutOfRange)],
    );
    check(
        Draft,
        |i, _| i.location.as_mut().unwrap().lat = f64::NAN,
        &[("incident.location.lat", C::OutOfRange)],
    );
    check(
        Draft,
        |i, _| i.location.as_mut().unwrap().lon = -180.01,
        &[("incident.location.lon", C::OutOfRange)],
    );
    check(
        Draft,
        |i, _| i.location.as_mut().unwrap().accuracy_m = Some(-1.0),
        &[("incident.location.accuracy_m", C::OutOfRange)],
    );
    check(
        Draft,
        |i, _| {
            i.location = Some(GeoPoint {
                lat: -90.0,
                lon: 180.0,
                accuracy_m: None,
            })
        },
        &[],
    );
    check(
        Draft,
        |i, _| i.weapons_present = Some(false),
        &[("incident.weapons", C::WeaponsContradiction)],
    );
    check(
        Draft,
        |i, _| i.weapons = vec![i.weapons[0].clone(); MAX_WEAPONS + 1],
        &[("incident.weapons", C::TooMany { max: 50 })],
    );
    check(Draft, |i, _| i.weapons.clear(), &[]);
    check(
        Record,
        |i, _| i.weapons.clear(),
        &[("incident.weapons", C::WeaponsNotListed)],
    );
    check(
        Record,
        |i, _| {
            i.weapons.clear();
            i.weapons_present = Some(false);
        },
        &[],
    );
    check(
        Record,
        |i, _| i.weapons_present = None,
        &[("incident.weapons_present", C::Required)],
    );
    check(
        Record,
        |i, _| i.children_present = None,
        &[("incident.children_present", C::Required)],
    );
    check(
        Record,
        |i, _| i.forms_of_violence.clear(),
        &[("incident.forms_of_violence", C::Required)],
    );
    check(
        Record,
        |i, _| i.reported_by = None,
        &[("incident.reported_by", C::Required)],
    );
    check(
        Record,
        |i, _| i.address = "  \n ".into(),
        &[("incident.address", C::Required)],
    );
    check(
        Record,
        |i, _| i.municipality.clear(),
        &[("incident.municipality", C::Required)],
    );
    check(
        Record,
        |i, _| i.narrative.clear(),
        &[("incident.narrative", C::Required)],
    );
    check(Record, |i, _| i.injuries.clear(), &[]);
}

#[test]
fn people_table() {
    check(
        Draft,
        |_, p| p[1].jmbg = "020398580023".into(),
        &[("people[1].jmbg", C::JmbgLength)],
    );
    check(
        Draft,
        |_, p| p[1].jmbg = "02039858002x3".into(),
        &[("people[1].jmbg", C::JmbgNotDigits)],
    );
    check(
        Draft,
        |_, p| p[1].jmbg = "3102985800235".into(),
        &[("people[1].jmbg", C::JmbgDate)],
    );
    check(
        Draft,
        |_, p| p[1].jmbg = "0203985800234".into(),
        &[("people[1].jmbg", C::JmbgChecksum)],
    );
    // 01.01.2099: a real date, but nobody is born yet.
    check(
        Draft,
        |_, p| {
            p[1].jmbg = "0101099800012".into();
            p[1].date_of_birth = None;
        },
        &[("people[1].jmbg", C::JmbgDate)],
    );
    check(
        Draft,
        |_, p| p[1].date_of_birth = Some(date(1985, 3, 3)),
        &[("people[1].jmbg", C::JmbgBirthDateMismatch)],
    );
    check(Draft, |_, p| p[1].date_of_birth = None, &[]);
    check(Draft, |_, p| p[1].jmbg = "   ".into(), &[]);
    check(Draft, |_, p| p[1].jmbg = " 0203985800233 ".into(), &[]);
    check(
        Draft,
        |_, p| {
            p[2].jmbg.clear();
            p[2].date_of_birth = Some(date(2025, 3, 16));
        },
        &[("people[2].date_of_birth", C::InFuture)],
    );
    // Tomorrow (UTC) is still today somewhere east.
    check(
        Draft,
        |_, p| {
            p[2].jmbg.clear();
            p[2].date_of_birth = Some(date(2025, 3, 15));
        },
        &[],
    );
    check(
        Draft,
        |_, p| {
            p[2].jmbg.clear();
            p[2].date_of_birth = Some(date(1899, 12, 31));
        },
        &[("people[2].date_of_birth", C::OutOfRange)],
    );
    check(
        Draft,
        |_, p| p[2].id = p[0].id,
        &[("people[2].id", C::DuplicateId)],
    );
    check(
        Draft,
        |_, p| p[0].given_name = "Jelena\u{8}".into(),
        &[("people[0].given_name", C::ControlCharacter)],
    );
    check(
        Draft,
        |_, p| p[0].family_name = "x".repeat(501),
        &[("people[0].family_name", C::TooLong { max_chars: 500 })],
    );
    check(
        Draft,
        |_, p| p[0].address = "\u{7F}".into(),
        &[("people[0].address", C::ControlCharacter)],
    );
    check(
        Draft,
        |_, p| p[0].phone = "\u{9B}".into(),
        &[("people[0].phone", C::ControlCharacter)],
    );
    check(
        Draft,
        |_, p| p[0].language = "x".repeat(501),
        &[("people[0].language", C::TooLong { max_chars: 500 })],
    );
    check(
        Draft,
        |_, p| {
            let extra = p[2].clone();
            for _ in 0..MAX_PEOPLE {
                let mut q = extra.clone();
                q.id = PersonId::new();
                p.push(q);
            }
        },
        &[("people", C::TooMany { max: 100 })],
    );
    check(Draft, |_, p| p.clear(), &[]);
    check(
        Record,
        |_, p| p.retain(|q| q.role != Role::Victim),
        &[("people", C::NoVictim)],
    );
    check(
        Record,
        |_, p| p.retain(|q| q.role != Role::Perpetrator),
        &[("people", C::NoPerpetrator)],
    );
    check(
        Record,
        |_, p| {
            p[0].given_name = " ".into();
            p[1].family_name.clear();
        },
        &[
            ("people[0].given_name", C::Required),
            ("people[1].family_name", C::Required),
        ],
    );
    check(
        Record,
        |_, p| p[2].relationship_to_victim = None,
        &[("people[2].relationship_to_victim", C::RelationshipRequired)],
    );
    check(Draft, |_, p| p[2].relationship_to_victim = None, &[]);
    // A perpetrator outside the law's list is a warning (law::coverage), never a refusal.
    check(
        Record,
        |_, p| p[1].relationship_to_victim = Some(Relationship::None),
        &[],
    );
    check(
        Record,
        |_, p| {
            p[1].relationship_to_victim = Some(Relationship::OtherBloodRelative);
            p[1].kinship_degree = Some(4);
        },
        &[],
    );
    // Only a degree the kind cannot have is refused, in a draft too.
    check(
        Draft,
        |_, p| {
            p[1].relationship_to_victim = Some(Relationship::OtherBloodRelative);
            p[1].kinship_degree = Some(1);
        },
        &[("people[1].kinship_degree", C::OutOfRange)],
    );
    check(
        Draft,
        |_, p| p[1].kinship_degree = Some(2),
        &[("people[1].kinship_degree", C::OutOfRange)],
    );
    check(
        Draft,
        |_, p| {
            p[1].relationship_to_victim = Some(Relationship::InLaw);
            p[1].kinship_degree = Some(11);
        },
        &[("people[1].kinship_degree", C::OutOfRange)],
    );
    check(
        Record,
        |_, p| p[1].relationship_to_victim = Some(Relationship::FormerCohabitingPartner),
        &[],
    );
    check(
        Record,
        |_, p| {
            let mut w = Person::new(Role::Witness);
            w.given_name = "Ana".into();
            w.family_name = "Kovač".into();
            w.relationship_to_victim = Some(Relationship::None);
            p.push(w);
        },
        &[],
    );
    check(Record, |_, p| p[0].relationship_to_victim = None, &[]);
}

fn sig(points: usize) -> Signature {
    Signature {
        width: 400,
        height: 150,
        strokes: vec![
            (0..points)
                .map(|k| SignaturePoint {
                    x: 10.0 + k as f32,
                    y: 20.0,
                    t: k as u32 * 8,
                    p: None,
                })
                .collect(),
        ],
    }
}

/// A statement by the victim of [`case`], signed by both.
fn statement(people: &[Person]) -> Statement {
    Statement {
        id: StatementId::new(),
        person_id: people[0].id,
        amends: None,
        taken_at: at(21, 10),
        taken_by: Badge::parse("NS-1234").unwrap(),
        place: "stan oštećene".into(),
        language: "sr".into(),
        interpreter: None,
        text: "Izjava…\n".into(),
        victim_signature: Some(sig(5)),
        victim_not_signed_reason: None,
        officer_signature: Some(sig(4)),
        signed_at: Some(at(21, 40)),
        content_sha256: Some("ab".repeat(32)),
    }
}

fn check_st(
    strictness: Strictness,
    f: impl FnOnce(&mut Statement, &mut Vec<Person>),
    expected: &[(&str, FieldErrorCode)],
) {
    let (_, mut people) = case();
    let mut st = statement(&people);
    f(&mut st, &mut people);
    let got = sorted(validate_statement(&st, &people, now(), strictness));
    assert_eq!(got, errors(expected));
}

#[test]
fn statement_table() {
    check_st(Record, |_, _| {}, &[]);
    check_st(Draft, |_, _| {}, &[]);
    check_st(
        Draft,
        |s, _| s.person_id = PersonId::new(),
        &[("statement.person_id", C::UnknownPerson)],
    );
    // The perpetrator gives a statement too (his hearing, Art. 15), and so does a witness.
    check_st(Draft, |s, p| s.person_id = p[1].id, &[]);
    check_st(Record, |s, p| s.person_id = p[1].id, &[]);
    check_st(Draft, |s, p| s.person_id = p[2].id, &[]);
    check_st(
        Draft,
        |s, _| s.text = "x".repeat(STATEMENT_MAX_CHARS + 1),
        &[("statement.text", C::TooLong { max_chars: 200_000 })],
    );
    check_st(
        Draft,
        |s, _| s.text = "a\u{0}b".into(),
        &[("statement.text", C::ControlCharacter)],
    );
    check_st(
        Draft,
        |s, _| s.place = "x".repeat(501),
        &[("statement.place", C::TooLong { max_chars: 500 })],
    );
    check_st(
        Draft,
        |s, _| s.language = "s\u{1}r".into(),
        &[("statement.language", C::ControlCharacter)],
    );
    check_st(
        Draft,
        |s, _| s.interpreter = Some("\u{2067}".into()),
        &[("statement.interpreter", C::ControlCharacter)],
    );
    check_st(
        Draft,
        |s, _| s.victim_not_signed_reason = Some("y".repeat(501)),
        &[(
            "statement.victim_not_signed_reason",
            C::TooLong { max_chars: 500 },
        )],
    );
    check_st(
        Draft,
        |s, _| {
            s.taken_at = at(22, 30);
            s.signed_at = None;
        },
        &[("statement.taken_at", C::InFuture)],
    );
    check_st(
        Draft,
        |s, _| s.signed_at = Some(at(23, 0)),
        &[("statement.signed_at", C::InFuture)],
    );
    check_st(
        Draft,
        |s, _| s.signed_at = Some(at(21, 0)),
        &[("statement.signed_at", C::BeforeTaken)],
    );
    check_st(
        Draft,
        |s, _| s.content_sha256 = Some("AB".repeat(32)),
        &[("statement.content_sha256", C::BadDigest)],
    );
    check_st(
        Draft,
        |s, _| s.content_sha256 = Some("ab".repeat(31)),
        &[("statement.content_sha256", C::BadDigest)],
    );
    check_st(Draft, |s, _| s.content_sha256 = None, &[]);
    check_st(
        Draft,
        |s, _| s.officer_signature = Some(sig(MAX_SIGNATURE_POINTS + 1)),
        &[("statement.officer_signature", C::TooMany { max: 20_000 })],
    );
    check_st(
        Draft,
        |s, _| {
            s.victim_signature = Some(Signature {
                width: 1,
                height: 1,
                strokes: vec![vec![]; MAX_SIGNATURE_POINTS + 1],
            })
        },
        &[("statement.victim_signature", C::TooMany { max: 20_000 })],
    );
    check_st(
        Draft,
        |s, _| s.officer_signature.as_mut().unwrap().width = 0,
        &[("statement.officer_signature.width", C::OutOfRange)],
    );
    check_st(
        Draft,
        |s, _| s.victim_signature.as_mut().unwrap().height = 0,
        &[("statement.victim_signature.height", C::OutOfRange)],
    );
    check_st(
        Draft,
        |s, _| s.victim_signature.as_mut().unwrap().strokes[0][3].x = f32::INFINITY,
        &[("statement.victim_signature.strokes[0][3]", C::OutOfRange)],
    );
    check_st(
        Draft,
        |s, _| s.victim_signature.as_mut().unwrap().strokes[0][1].p = Some(1.5),
        &[("statement.victim_signature.strokes[0][1]", C::OutOfRange)],
    );
    // Signing needs content and signatures.
    check_st(
        Record,
        |s, _| {
            s.text = " ".into();
            s.place.clear();
            s.language.clear();
        },
        &[
            ("statement.text", C::Required),
            ("statement.place", C::Required),
            ("statement.language", C::Required),
        ],
    );
    check_st(Draft, |s, _| s.officer_signature = None, &[]);
    check_st(
        Record,
        |s, _| s.officer_signature = None,
        &[("statement.officer_signature", C::SignatureRequired)],
    );
    check_st(
        Record,
        |s, _| s.officer_signature = Some(sig(1)),
        &[("statement.officer_signature", C::SignatureEmpty)],
    );
    check_st(
        Record,
        |s, _| s.victim_signature = Some(sig(0)),
        &[("statement.victim_signature", C::SignatureEmpty)],
    );
    check_st(
        Record,
        |s, _| s.victim_signature = None,
        &[("statement.victim_signature", C::SignatureRequired)],
    );
    check_st(
        Record,
        |s, _| {
            s.victim_signature = None;
            s.victim_not_signed_reason = Some("  ".into());
        },
        &[("statement.victim_signature", C::SignatureRequired)],
    );
    check_st(
        Record,
        |s, _| {
            s.victim_signature = None;
            s.victim_not_signed_reason = Some("odbila da potpiše".into());
        },
        &[],
    );
}

#[test]
fn display_is_specific_and_never_shows_values() {
    let show = |field: &str, code: FieldErrorCode| FieldError::new(field, code).to_string();
    assert_eq!(
        show("people[1].jmbg", C::JmbgChecksum),
        "people[1].jmbg: check digit does not match (mistyped digit?)"
    );
    assert_eq!(
        show("incident.police_arrived_at", C::BeforeReported),
        "incident.police_arrived_at: police arrival is before the report"
    );
    assert_eq!(
        show("incident.narrative", C::TooLong { max_chars: 100_000 }),
        "incident.narrative: longer than 100000 characters"
    );
    assert_eq!(
        show("statements[0].victim_signature", C::SignatureRequired),
        "statements[0].victim_signature: the person giving the statement must sign, or the \
         reason for not signing must be written down"
    );
    // Every error a bad case produces names a field and says something.
    let (mut incident, mut people) = case();
    incident.narrative = "Tajna priča\u{0}".into();
    people[0].given_name = "Tajno Ime\u{1}".into();
    people[0].jmbg = "1407988805128".into();
    for e in validate_case(&incident, &people, now(), Record) {
        let s = e.to_string();
        assert!(!s.contains("Tajn") && !s.contains("140798"), "{s}");
        assert!(s.len() > e.field.len() + 10, "{s}");
    }
}

#[test]
fn serialises_with_a_code_tag() {
    let e = FieldError::new("incident.narrative", C::TooLong { max_chars: 100_000 });
    let json = serde_json::to_string(&e).unwrap();
    assert_eq!(
        json,
        r#"{"field":"incident.narrative","code":"too_long","max_chars":100000}"#
    );
    assert_eq!(serde_json::from_str::<FieldError>(&json).unwrap(), e);
    let e = FieldError::new("people", C::NoVictim);
    assert_eq!(
        serde_json::to_string(&e).unwrap(),
        r#"{"field":"people","code":"no_victim"}"#
    );
}

proptest! {
    #[test]
    fn arbitrary_text_and_numbers_never_panic(
        s in "\\PC{0,40}|[\\x00-\\x1f]{0,5}",
        lat in proptest::num::f64::ANY,
        lon in proptest::num::f64::ANY,
        days in -1_000_000i64..1_000_000,
        strict in proptest::bool::ANY,
    ) {
        let (mut incident, mut people) = case();
        incident.address = s.clone();
        incident.location = Some(GeoPoint { lat, lon, accuracy_m: Some(lat) });
        incident.reported_at = now().checked_add_signed(TimeDelta::days(days));
        people[0].jmbg = s.clone();
        people[0].date_of_birth = date(2000, 1, 1).checked_add_signed(TimeDelta::days(days));
        let strictness = if strict { Record } else { Draft };
        let errs = validate_case(&incident, &people, now(), strictness);
        for e in &errs {
            prop_assert!(!e.to_string().is_empty());
        }
        let st = statement(&people);
        let _ = validate_statement(&st, &people, now(), strictness);
        // Extreme clocks do not panic either.
        let _ = validate_case(&incident, &people, DateTime::<Utc>::MAX_UTC, strictness);
        let _ = validate_case(&incident, &people, DateTime::<Utc>::MIN_UTC, strictness);
    }
}
