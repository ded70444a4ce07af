//! Field-level validation of a case (`validate/case.rs`), its statements (`statement.rs`) and its
//! orders and their events (`order.rs`); this file holds the error types and the shared checks.
//! It never panics and never stops at the
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
use std::fmt;

use super::Signature;
use super::text::control_character;

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

mod case;
mod order;
mod statement;

pub use case::{firearms_answered, validate_case};
pub use order::{validate_order, validate_order_event};
pub use statement::validate_statement;

#[cfg(test)]
mod tests;
