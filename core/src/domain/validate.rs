//! Field-level validation of a case and its statements. It never panics and never stops at the
//! first problem: it returns every [`FieldError`] at once, each naming the field by a path such as
//! `people[1].jmbg` and the problem by a [`FieldErrorCode`], which the UI translates and the CLI
//! prints through `Display`.
//!
//! Two levels of [`Strictness`]: a **draft** may be incomplete but must not be wrong (limits,
//! control characters, impossible dates, bad JMBGs, contradictions); a **record** must also be
//! complete (everything the law's records need, Art. 32).
//!
//! **Invariant:** a [`FieldError`] carries a path and a code, never the value: no names, JMBG digits
//! or statement text reach an error message.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;

use super::jmbg::{Jmbg, JmbgError};
use super::order::{Measure, OrderContent, OrderEventKind};
use super::text::control_character;
use super::{Incident, Person, Role, Signature, Statement};
use crate::law::coverage::degree_possible;

/// The officer's account of the incident.
pub const NARRATIVE_MAX_CHARS: usize = 100_000;
/// The text of one statement.
pub const STATEMENT_MAX_CHARS: usize = 200_000;
/// Names, addresses, phone numbers, places, municipalities, descriptions, languages, reasons.
pub const SHORT_TEXT_MAX_CHARS: usize = 500;
/// The description of injuries.
pub const INJURIES_MAX: usize = 10_000;
/// People in one case.
pub const MAX_PEOPLE: usize = 100;
/// Weapons in one incident.
pub const MAX_WEAPONS: usize = 50;
/// Points (and strokes) in one signature.
pub const MAX_SIGNATURE_POINTS: usize = 20_000;
/// Statements and addenda in one case file.
pub const MAX_STATEMENTS: usize = 1_000;
/// A signature with fewer points than this is empty: a tap, not a signature.
pub const MIN_SIGNATURE_POINTS: usize = 2;
/// How far ahead of `now` a timestamp may be before it counts as "in the future": devices'
/// clocks disagree by a little.
pub const CLOCK_SKEW: TimeDelta = TimeDelta::minutes(5);

/// How much to demand of a case or statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strictness {
    /// Still being written: may be incomplete, must not be wrong.
    Draft,
    /// Being recorded (a case) or signed (a statement): must also be complete.
    Record,
}

/// One problem with one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldError {
    /// Path of the field, e.g. `incident.police_arrived_at`, `people[1].jmbg`, `statements[0].text`.
    pub field: String,
    /// Flattened, so the UI sees `{"field": "people[1].jmbg", "code": "jmbg_checksum"}`.
    #[serde(flatten)]
    pub code: FieldErrorCode,
}

/// What is wrong with a field. Serialised as `{"code": "too_long", "max_chars": 500}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum FieldErrorCode {
    /// Empty (or only whitespace, or unanswered) where recording needs a value.
    Required,
    TooLong {
        max_chars: usize,
    },
    /// A list (people, weapons, statements, signature points or strokes) is longer than allowed.
    TooMany {
        max: usize,
    },
    /// A control character (other than line break and tab) or a text-direction override.
    ControlCharacter,
    /// Later than now (plus [`CLOCK_SKEW`]).
    InFuture,
    /// The police arrived before the report reached them.
    BeforeReported,
    /// A statement was signed before it was taken.
    BeforeTaken,
    JmbgLength,
    JmbgNotDigits,
    /// The JMBG's first 7 digits are not a real date of birth, or one in the future.
    JmbgDate,
    JmbgChecksum,
    /// The JMBG encodes a different date of birth from the one entered.
    JmbgBirthDateMismatch,
    NoVictim,
    NoPerpetrator,
    RelationshipRequired,
    /// Weapons were present but none is listed.
    WeaponsNotListed,
    /// Weapons are listed but "weapons present" is answered no.
    WeaponsContradiction,
    /// A number outside its range (latitude, longitude, accuracy, signature geometry, pen pressure,
    /// a date of birth before 1900, a recorded case with version 0).
    OutOfRange,
    /// Two people (or two statements) share an id.
    DuplicateId,
    /// A statement's person is not among the case's people.
    UnknownPerson,
    /// A signature is missing (for the person giving a statement: and no reason for not signing
    /// is given).
    SignatureRequired,
    /// A signature has fewer than [`MIN_SIGNATURE_POINTS`] points.
    SignatureEmpty,
    /// An addendum amends a statement that is not in the case file.
    UnknownStatement,
    /// An addendum amends a statement that is not signed.
    AmendsUnsigned,
    /// A content hash is not 64 lowercase hexadecimal digits.
    BadDigest,
    /// An order's perpetrator is not a perpetrator of the case.
    NotAPerpetrator,
    /// A person an order protects is not a victim or a child of the case.
    NotProtectable,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: FieldErrorCode) -> Self {
        Self {
            field: field.into(),
            code,
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use FieldErrorCode as C;
        let field = self.field.as_str();
        let last = field.rsplit('.').next().unwrap_or(field);
        write!(f, "{field}: ")?;
        match &self.code {
            C::Required => match last {
                "forms_of_violence" => f.write_str("choose at least one form of violence"),
                "weapons_present" => f.write_str("answer whether weapons were present"),
                "children_present" => f.write_str("answer whether children were present"),
                "reported_by" => f.write_str("say who reported the incident"),
                _ => f.write_str("required; fill it in"),
            },
            C::TooLong { max_chars } => write!(f, "longer than {max_chars} characters"),
            C::TooMany { max } if last.ends_with("signature") => {
                write!(
                    f,
                    "signature has more than {max} points or strokes; sign again"
                )
            }
            C::TooMany { max } => write!(f, "more than {max} entries"),
            C::ControlCharacter => f.write_str(
                "contains an invisible control or text-direction character; retype it \
                 (line breaks and tabs are fine)",
            ),
            C::InFuture => f.write_str("is in the future (check the date and the device clock)"),
            C::BeforeReported => f.write_str("police arrival is before the report"),
            C::BeforeTaken => f.write_str("signed before the statement was taken"),
            C::JmbgLength => f.write_str("a JMBG has exactly 13 digits"),
            C::JmbgNotDigits => f.write_str("a JMBG may contain only the digits 0–9"),
            C::JmbgDate => f.write_str(
                "the first 7 digits (DDMMYYY) are not a real, past date of birth (mistyped digit?)",
            ),
            C::JmbgChecksum => f.write_str("check digit does not match (mistyped digit?)"),
            C::JmbgBirthDateMismatch => f.write_str(
                "the date of birth in the JMBG differs from the date of birth entered; \
                 correct one of them",
            ),
            C::NoVictim => f.write_str("a case needs at least one victim"),
            C::NoPerpetrator => f.write_str("a case needs at least one perpetrator"),
            C::RelationshipRequired => {
                f.write_str("relationship to the victim is required for everyone but the victim")
            }
            C::WeaponsNotListed => {
                f.write_str("weapons were present but none is listed; add each weapon")
            }
            C::WeaponsContradiction => {
                f.write_str("weapons are listed but \"weapons present\" is answered no")
            }
            C::OutOfRange => match last {
                "lat" => f.write_str("latitude must be between -90 and 90"),
                "lon" => f.write_str("longitude must be between -180 and 180"),
                "accuracy_m" => f.write_str("accuracy must be a non-negative number of metres"),
                "date_of_birth" => f.write_str("date of birth is before 1900"),
                "kinship_degree" => f.write_str(
                    "this degree of kinship is not possible for the relationship chosen",
                ),
                "version" => f.write_str("a recorded case has version 1 or higher"),
                _ => f.write_str("value out of range"),
            },
            C::DuplicateId => f.write_str("the same id is used twice"),
            C::UnknownPerson => f.write_str("refers to a person who is not in the case"),
            C::SignatureRequired if last == "victim_signature" => f.write_str(
                "the person giving the statement must sign, or the reason for not signing must be \
                 written down",
            ),
            C::SignatureRequired => f.write_str("signature is required"),
            C::SignatureEmpty => f.write_str("the signature is empty; sign again"),
            C::UnknownStatement => f.write_str("amends a statement that is not in this case"),
            C::AmendsUnsigned => {
                f.write_str("amends a statement that is not signed; only signed ones are amended")
            }
            C::BadDigest => f.write_str("is not a SHA-256 digest (64 lowercase hex digits)"),
            C::NotAPerpetrator => {
                f.write_str("measures are ordered against a perpetrator of the case")
            }
            C::NotProtectable => f.write_str("measures protect a victim or a child of the case"),
        }
    }
}

/// Collects errors; the small helpers each check one kind of thing.
struct Errors {
    list: Vec<FieldError>,
    /// Latest instant that is not "in the future".
    latest: DateTime<Utc>,
    /// Latest date of birth that is not "in the future" (tomorrow in UTC covers every time zone).
    latest_date: NaiveDate,
}

impl Errors {
    fn new(now: DateTime<Utc>) -> Self {
        let latest = now.checked_add_signed(CLOCK_SKEW).unwrap_or(now);
        let today = now.date_naive();
        Self {
            list: Vec::new(),
            latest,
            latest_date: today.succ_opt().unwrap_or(today),
        }
    }

    fn push(&mut self, field: impl Into<String>, code: FieldErrorCode) {
        self.list.push(FieldError::new(field, code));
    }

    /// Length and control characters.
    fn text(&mut self, field: &str, s: &str, max_chars: usize) {
        // A char is at least one byte, so a short byte length needs no counting.
        if s.len() > max_chars && s.chars().nth(max_chars).is_some() {
            self.push(field, FieldErrorCode::TooLong { max_chars });
        }
        if control_character(s) {
            self.push(field, FieldErrorCode::ControlCharacter);
        }
    }

    fn required(&mut self, field: &str, s: &str) {
        if s.trim().is_empty() {
            self.push(field, FieldErrorCode::Required);
        }
    }

    fn answered<T>(&mut self, field: &str, v: &Option<T>) {
        if v.is_none() {
            self.push(field, FieldErrorCode::Required);
        }
    }

    fn not_future(&mut self, field: &str, t: Option<DateTime<Utc>>) {
        if t.is_some_and(|t| t > self.latest) {
            self.push(field, FieldErrorCode::InFuture);
        }
    }

    fn range(&mut self, field: &str, ok: bool) {
        if !ok {
            self.push(field, FieldErrorCode::OutOfRange);
        }
    }

    fn signature(&mut self, field: &str, sig: &Signature) {
        let points = sig.point_count();
        if points > MAX_SIGNATURE_POINTS || sig.strokes.len() > MAX_SIGNATURE_POINTS {
            self.push(
                field,
                FieldErrorCode::TooMany {
                    max: MAX_SIGNATURE_POINTS,
                },
            );
            return;
        }
        self.range(&format!("{field}.width"), sig.width > 0);
        self.range(&format!("{field}.height"), sig.height > 0);
        let bad = sig.strokes.iter().enumerate().find_map(|(i, stroke)| {
            stroke
                .iter()
                .position(|p| {
                    !p.x.is_finite()
                        || !p.y.is_finite()
                        || p.p.is_some_and(|p| !(0.0..=1.0).contains(&p))
                })
                .map(|j| (i, j))
        });
        if let Some((i, j)) = bad {
            self.push(
                format!("{field}.strokes[{i}][{j}]"),
                FieldErrorCode::OutOfRange,
            );
        }
    }
}

fn jmbg_code(e: JmbgError) -> FieldErrorCode {
    match e {
        JmbgError::Length => FieldErrorCode::JmbgLength,
        JmbgError::NotDigits => FieldErrorCode::JmbgNotDigits,
        JmbgError::BadDate => FieldErrorCode::JmbgDate,
        JmbgError::Checksum => FieldErrorCode::JmbgChecksum,
    }
}

/// Earliest plausible date of birth.
fn earliest_birth_date() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1900, 1, 1)
}

/// Validate a case's incident and people. `now` is the device's clock; timestamps up to
/// [`CLOCK_SKEW`] after it are accepted.
pub fn validate_case(
    incident: &Incident,
    people: &[Person],
    now: DateTime<Utc>,
    strictness: Strictness,
) -> Vec<FieldError> {
    let mut e = Errors::new(now);
    let record = strictness == Strictness::Record;
    validate_incident(&mut e, incident, record);
    validate_people(&mut e, people, record);
    e.list
}

fn validate_incident(e: &mut Errors, inc: &Incident, record: bool) {
    e.not_future("incident.reported_at", inc.reported_at);
    e.not_future("incident.police_arrived_at", inc.police_arrived_at);
    if let (Some(reported), Some(arrived)) = (inc.reported_at, inc.police_arrived_at)
        && arrived < reported
    {
        e.push("incident.police_arrived_at", FieldErrorCode::BeforeReported);
    }
    e.text("incident.address", &inc.address, SHORT_TEXT_MAX_CHARS);
    e.text(
        "incident.municipality",
        &inc.municipality,
        SHORT_TEXT_MAX_CHARS,
    );
    if let Some(loc) = &inc.location {
        e.range("incident.location.lat", (-90.0..=90.0).contains(&loc.lat));
        e.range("incident.location.lon", (-180.0..=180.0).contains(&loc.lon));
        if let Some(acc) = loc.accuracy_m {
            e.range(
                "incident.location.accuracy_m",
                acc.is_finite() && acc >= 0.0,
            );
        }
    }
    if let Some(r) = &inc.reported_by {
        e.text("incident.reported_by.name", &r.name, SHORT_TEXT_MAX_CHARS);
        e.text("incident.reported_by.phone", &r.phone, SHORT_TEXT_MAX_CHARS);
    }
    if inc.weapons.len() > MAX_WEAPONS {
        e.push(
            "incident.weapons",
            FieldErrorCode::TooMany { max: MAX_WEAPONS },
        );
    }
    for (i, w) in inc.weapons.iter().take(MAX_WEAPONS).enumerate() {
        e.text(
            &format!("incident.weapons[{i}].description"),
            &w.description,
            SHORT_TEXT_MAX_CHARS,
        );
        e.text(
            &format!("incident.weapons[{i}].seizure_receipt"),
            &w.seizure_receipt,
            SHORT_TEXT_MAX_CHARS,
        );
    }
    if inc.weapons_present == Some(false) && !inc.weapons.is_empty() {
        e.push("incident.weapons", FieldErrorCode::WeaponsContradiction);
    }
    e.text("incident.injuries", &inc.injuries, INJURIES_MAX);
    e.text("incident.narrative", &inc.narrative, NARRATIVE_MAX_CHARS);
    e.text(
        "incident.danger_without_act",
        &inc.danger_without_act,
        NARRATIVE_MAX_CHARS,
    );
    if let Some(n) = &inc.welfare_notification {
        e.not_future("incident.welfare_notification.at", Some(n.at));
        e.text(
            "incident.welfare_notification.centre",
            &n.centre,
            SHORT_TEXT_MAX_CHARS,
        );
        if record {
            e.required("incident.welfare_notification.centre", &n.centre);
        }
        e.text(
            "incident.welfare_notification.note",
            &n.note,
            NARRATIVE_MAX_CHARS,
        );
    }

    if record {
        e.answered("incident.reported_at", &inc.reported_at);
        e.required("incident.address", &inc.address);
        e.required("incident.municipality", &inc.municipality);
        e.answered("incident.reported_by", &inc.reported_by);
        // Imminent danger can exist before any act (Art. 3): then the reason is stated instead.
        if inc.forms_of_violence.is_empty() && inc.danger_without_act.trim().is_empty() {
            e.push("incident.forms_of_violence", FieldErrorCode::Required);
        }
        e.answered("incident.weapons_present", &inc.weapons_present);
        if inc.weapons_present == Some(true) && inc.weapons.is_empty() {
            e.push("incident.weapons", FieldErrorCode::WeaponsNotListed);
        }
        e.answered("incident.children_present", &inc.children_present);
        e.required("incident.narrative", &inc.narrative);
    }
}

fn validate_people(e: &mut Errors, people: &[Person], record: bool) {
    if people.len() > MAX_PEOPLE {
        e.push("people", FieldErrorCode::TooMany { max: MAX_PEOPLE });
    }
    let mut ids = HashSet::new();
    for (i, p) in people.iter().take(MAX_PEOPLE).enumerate() {
        let at = |f: &str| format!("people[{i}].{f}");
        if !ids.insert(p.id) {
            e.push(at("id"), FieldErrorCode::DuplicateId);
        }
        e.text(&at("given_name"), &p.given_name, SHORT_TEXT_MAX_CHARS);
        e.text(&at("family_name"), &p.family_name, SHORT_TEXT_MAX_CHARS);
        e.text(&at("address"), &p.address, SHORT_TEXT_MAX_CHARS);
        e.text(&at("phone"), &p.phone, SHORT_TEXT_MAX_CHARS);
        e.text(&at("language"), &p.language, SHORT_TEXT_MAX_CHARS);
        if let Some(dob) = p.date_of_birth {
            if dob > e.latest_date {
                e.push(at("date_of_birth"), FieldErrorCode::InFuture);
            } else if earliest_birth_date().is_some_and(|earliest| dob < earliest) {
                e.push(at("date_of_birth"), FieldErrorCode::OutOfRange);
            }
        }
        if !p.jmbg.trim().is_empty() {
            match Jmbg::parse(&p.jmbg) {
                Err(err) => e.push(at("jmbg"), jmbg_code(err)),
                Ok(j) if j.birth_date() > e.latest_date => {
                    e.push(at("jmbg"), FieldErrorCode::JmbgDate);
                }
                Ok(j) => {
                    if p.date_of_birth.is_some_and(|dob| dob != j.birth_date()) {
                        e.push(at("jmbg"), FieldErrorCode::JmbgBirthDateMismatch);
                    }
                }
            }
        }
        // Only an impossible degree is refused; one the law does not cover is a warning
        // (`law::coverage`), and so is a perpetrator outside the law's list.
        if !degree_possible(p.relationship_to_victim, p.kinship_degree) {
            e.push(at("kinship_degree"), FieldErrorCode::OutOfRange);
        }
        if record {
            e.required(&at("given_name"), &p.given_name);
            e.required(&at("family_name"), &p.family_name);
            if p.role != Role::Victim && p.relationship_to_victim.is_none() {
                e.push(
                    at("relationship_to_victim"),
                    FieldErrorCode::RelationshipRequired,
                );
            }
        }
    }
    if record {
        if !people.iter().any(|p| p.role == Role::Victim) {
            e.push("people", FieldErrorCode::NoVictim);
        }
        if !people.iter().any(|p| p.role == Role::Perpetrator) {
            e.push("people", FieldErrorCode::NoPerpetrator);
        }
    }
}

/// Validate one statement against the case's people. Paths start with `statement.`; a caller
/// validating a list re-prefixes them (e.g. `statements[2].`). Use [`Strictness::Record`] when
/// signing, or for a statement that is already signed.
pub fn validate_statement(
    st: &Statement,
    people: &[Person],
    now: DateTime<Utc>,
    strictness: Strictness,
) -> Vec<FieldError> {
    let mut e = Errors::new(now);
    // Anyone in the case may give a statement: the victim, the perpetrator (his hearing, Art. 15),
    // a witness, a child.
    if !people.iter().any(|p| p.id == st.person_id) {
        e.push("statement.person_id", FieldErrorCode::UnknownPerson);
    }
    e.not_future("statement.taken_at", Some(st.taken_at));
    e.not_future("statement.signed_at", st.signed_at);
    if st.signed_at.is_some_and(|s| s < st.taken_at) {
        e.push("statement.signed_at", FieldErrorCode::BeforeTaken);
    }
    e.text("statement.place", &st.place, SHORT_TEXT_MAX_CHARS);
    e.text("statement.language", &st.language, SHORT_TEXT_MAX_CHARS);
    if let Some(interpreter) = &st.interpreter {
        e.text("statement.interpreter", interpreter, SHORT_TEXT_MAX_CHARS);
    }
    e.text("statement.text", &st.text, STATEMENT_MAX_CHARS);
    if let Some(reason) = &st.victim_not_signed_reason {
        e.text(
            "statement.victim_not_signed_reason",
            reason,
            SHORT_TEXT_MAX_CHARS,
        );
    }
    if let Some(sig) = &st.victim_signature {
        e.signature("statement.victim_signature", sig);
    }
    if let Some(sig) = &st.officer_signature {
        e.signature("statement.officer_signature", sig);
    }
    if let Some(digest) = &st.content_sha256
        && !(digest.len() == 64
            && digest
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
    {
        e.push("statement.content_sha256", FieldErrorCode::BadDigest);
    }

    if strictness == Strictness::Record {
        e.required("statement.text", &st.text);
        e.required("statement.place", &st.place);
        e.required("statement.language", &st.language);
        match &st.officer_signature {
            None => e.push(
                "statement.officer_signature",
                FieldErrorCode::SignatureRequired,
            ),
            Some(sig) if sig.point_count() < MIN_SIGNATURE_POINTS => {
                e.push(
                    "statement.officer_signature",
                    FieldErrorCode::SignatureEmpty,
                );
            }
            Some(_) => {}
        }
        match &st.victim_signature {
            Some(sig) if sig.point_count() < MIN_SIGNATURE_POINTS => {
                e.push("statement.victim_signature", FieldErrorCode::SignatureEmpty);
            }
            Some(_) => {}
            None => {
                let reason_given = st
                    .victim_not_signed_reason
                    .as_deref()
                    .is_some_and(|r| !r.trim().is_empty());
                if !reason_given {
                    e.push(
                        "statement.victim_signature",
                        FieldErrorCode::SignatureRequired,
                    );
                }
            }
        }
    }
    e.list
}

/// Whether every firearm's licence is answered (licensed, unlicensed or unknown). Recording on
/// this device needs it; a case file from before the field existed imports without it.
pub fn firearms_answered(incident: &Incident) -> Vec<FieldError> {
    incident
        .weapons
        .iter()
        .enumerate()
        .take(MAX_WEAPONS)
        .filter(|(_, w)| w.kind == super::WeaponKind::Firearm && w.legality.is_none())
        .map(|(i, _)| {
            FieldError::new(
                format!("incident.weapons[{i}].legality"),
                FieldErrorCode::Required,
            )
        })
        .collect()
}

/// Validate an order's content against the case's recorded people. `Draft` checks limits and
/// references; `Record` (issuing) also completeness. The assessment reference is checked by the
/// service, which can see the assessments.
pub fn validate_order(
    content: &OrderContent,
    people: &[Person],
    strictness: Strictness,
) -> Vec<FieldError> {
    let mut e = Errors::new(DateTime::<Utc>::MIN_UTC);
    e.text("order.reasons", &content.reasons, NARRATIVE_MAX_CHARS);
    e.text("order.dwelling", &content.dwelling, SHORT_TEXT_MAX_CHARS);
    e.text(
        "order.victim_municipality",
        &content.victim_municipality,
        SHORT_TEXT_MAX_CHARS,
    );
    e.text(
        "order.police_administration",
        &content.police_administration,
        SHORT_TEXT_MAX_CHARS,
    );
    e.text(
        "order.police_station",
        &content.police_station,
        SHORT_TEXT_MAX_CHARS,
    );
    let role_of = |id| people.iter().find(|p| p.id == id).map(|p| p.role);
    if let Some(id) = content.perpetrator {
        match role_of(id) {
            None => e.push("order.perpetrator", FieldErrorCode::UnknownPerson),
            Some(Role::Perpetrator) => {}
            Some(_) => e.push("order.perpetrator", FieldErrorCode::NotAPerpetrator),
        }
    }
    if content.protected.len() > MAX_PEOPLE {
        e.push(
            "order.protected",
            FieldErrorCode::TooMany { max: MAX_PEOPLE },
        );
    }
    let mut seen = HashSet::new();
    for (i, id) in content.protected.iter().enumerate().take(MAX_PEOPLE) {
        let field = format!("order.protected[{i}]");
        if !seen.insert(*id) {
            e.push(field, FieldErrorCode::DuplicateId);
            continue;
        }
        match role_of(*id) {
            None => e.push(field, FieldErrorCode::UnknownPerson),
            Some(Role::Victim | Role::Child) => {}
            Some(_) => e.push(field, FieldErrorCode::NotProtectable),
        }
    }
    if content.measures.len() > 2 {
        e.push("order.measures", FieldErrorCode::TooMany { max: 2 });
    } else if content.measures.len() == 2 && content.measures[0] == content.measures[1] {
        e.push("order.measures", FieldErrorCode::DuplicateId);
    }
    if strictness == Strictness::Record {
        if content.measures.is_empty() {
            e.push("order.measures", FieldErrorCode::Required);
        }
        // The removal measure names the dwelling to leave.
        if content.measures.contains(&Measure::RemovalFromDwelling) {
            e.required("order.dwelling", &content.dwelling);
        }
        e.answered("order.perpetrator", &content.perpetrator);
        if content.protected.is_empty() {
            e.push("order.protected", FieldErrorCode::Required);
        }
        e.required("order.reasons", &content.reasons);
        e.required(
            "order.police_administration",
            &content.police_administration,
        );
    }
    e.list
}

/// Validate the fields of an event about to be recorded on an order (complete, within limits,
/// not in the future). Whether the order's state admits it is [`crate::law::admit`]'s question.
pub fn validate_order_event(event: &OrderEventKind, now: DateTime<Utc>) -> Vec<FieldError> {
    use OrderEventKind as K;
    let mut e = Errors::new(now);
    let short = |e: &mut Errors, field: &str, s: &str| {
        e.text(field, s, SHORT_TEXT_MAX_CHARS);
        e.required(field, s);
    };
    match event {
        K::Served {
            at,
            place,
            signature,
            refused_to_sign,
            ..
        } => {
            e.not_future("event.at", Some(*at));
            short(&mut e, "event.place", place);
            let reason = refused_to_sign.as_deref().unwrap_or("");
            e.text("event.refused_to_sign", reason, SHORT_TEXT_MAX_CHARS);
            match signature {
                Some(sig) => {
                    e.signature("event.signature", sig);
                    if sig.point_count() < MIN_SIGNATURE_POINTS {
                        e.push("event.signature", FieldErrorCode::SignatureEmpty);
                    }
                }
                None if reason.trim().is_empty() => {
                    e.push("event.signature", FieldErrorCode::SignatureRequired);
                }
                None => {}
            }
        }
        K::Forwarded { at, prosecutor } => {
            e.not_future("event.at", Some(*at));
            short(&mut e, "event.prosecutor", prosecutor);
        }
        K::ExtensionProposed { at } => e.not_future("event.at", Some(*at)),
        K::CourtDecision {
            court,
            number,
            decided_on,
            ..
        }
        | K::HigherCourtDecision {
            court,
            number,
            decided_on,
            ..
        } => {
            short(&mut e, "event.court", court);
            short(&mut e, "event.number", number);
            if *decided_on > e.latest_date {
                e.push("event.decided_on", FieldErrorCode::InFuture);
            }
        }
        K::Appeal { at, note, .. } => {
            e.not_future("event.at", Some(*at));
            e.text("event.note", note, NARRATIVE_MAX_CHARS);
        }
        K::ProsecutorDeclined { at, reason } => {
            e.not_future("event.at", Some(*at));
            e.text("event.reason", reason, NARRATIVE_MAX_CHARS);
            e.required("event.reason", reason);
        }
        K::DecisionReceived { at, .. } | K::AppealForwarded { at } => {
            e.not_future("event.at", Some(*at));
        }
        K::Lifted { at, reason } => {
            e.not_future("event.at", Some(*at));
            e.text("event.reason", reason, NARRATIVE_MAX_CHARS);
            e.required("event.reason", reason);
        }
        K::Violation {
            at,
            description,
            evidence,
        } => {
            e.not_future("event.at", Some(*at));
            e.text("event.description", description, NARRATIVE_MAX_CHARS);
            e.required("event.description", description);
            e.text("event.evidence", evidence, NARRATIVE_MAX_CHARS);
        }
        K::EscortedVisit { at, note } => {
            e.not_future("event.at", Some(*at));
            e.text("event.note", note, NARRATIVE_MAX_CHARS);
        }
        K::SocialWelfareNotified { at, centre, note } => {
            e.not_future("event.at", Some(*at));
            short(&mut e, "event.centre", centre);
            e.text("event.note", note, NARRATIVE_MAX_CHARS);
        }
        K::OfficialNumber { number } => short(&mut e, "event.number", number),
    }
    e.list
}

#[cfg(test)]
mod tests;
