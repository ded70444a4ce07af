//! The errors every application service returns ([`Error`]) and enrolment and sync return
//! ([`SyncError`], which can carry an [`Error`] of a local step: the two live together so neither
//! module imports the other). Each variant says what happened and what to do
//! next, carries ids and badges but never personal data, and has a stable [`Error::code`] that the
//! UI translates into the officer's language.

use chrono::{DateTime, Utc};
use serde::Serialize;
use std::path::PathBuf;

use crate::casefile::CaseFileError;
use crate::domain::{
    AssessmentId, Badge, BadgeError, CaseId, DocumentId, FieldError, OrderId, PersonId, StatementId,
};
pub use crate::error_code::ErrorCode;

mod sync;
use crate::keyring::KeyringError;
use crate::keys::KeyError;
use crate::law::OrderRefusal;
use crate::passphrase::PassphraseProblem;
use crate::risk::{AnswerProblem, InstrumentError, RiskLevel};
use crate::store::StoreError;
pub use sync::SyncError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("wrong passphrase{}", attempts_hint(*attempts_before_lock, *attempts_before_wipe))]
    WrongPassphrase {
        attempts_before_lock: u32,
        attempts_before_wipe: Option<u32>,
    },
    #[error("too many wrong passphrases: unlocking is refused until {until}{}", wipe_hint(*attempts_before_wipe))]
    LockedOut {
        until: DateTime<Utc>,
        attempts_before_wipe: Option<u32>,
    },
    #[error(
        "this device's keys were destroyed after too many wrong passphrases (or a remote wipe); \
         its data cannot be read any more — return the device to the station for re-enrolment"
    )]
    Wiped,
    #[error(
        "the central record revoked this device: its keys and its database were destroyed — hand \
         it in at the station"
    )]
    Revoked,
    #[error("no officer with badge {badge} is enrolled on this device")]
    UnknownOfficer { badge: Badge },
    #[error("an officer with badge {badge} is already enrolled on this device")]
    OfficerExists { badge: Badge },
    #[error(
        "only the competent police officer for domestic violence completes the risk assessment's \
         finding, issues an order, enrols officers and sets their role or rank (Art. 15); {badge} \
         is a patrol officer on this device"
    )]
    NotCompetent { badge: Badge },
    #[error("invalid badge number: {0}")]
    Badge(#[from] BadgeError),
    #[error("the passphrase is too weak: {0}")]
    WeakPassphrase(PassphraseProblem),
    #[error("invalid officer name: {0}")]
    OfficerName(&'static str),
    #[error("invalid officer rank: {0}")]
    OfficerRank(&'static str),
    #[error("there is already a Zaštita store in {dir}")]
    StoreExists { dir: PathBuf },
    #[error(
        "the key file in {dir} is here but the database (zastita.db) is missing, so nothing can be \
         opened and no new store is made over it — do not delete anything; hand the device in at \
         the station (the central record holds what was synced)"
    )]
    DatabaseMissing { dir: PathBuf },
    #[error(
        "creating the store in {dir} was interrupted before its key was saved, so the database \
         there can never be read — create the store again (`zastita init` or the app's first \
         run); the unreadable database is removed"
    )]
    InitInterrupted { dir: PathBuf },
    #[error("no case {id} on this device")]
    CaseNotFound { id: CaseId },
    #[error("case {id} is already on this device")]
    CaseExists { id: CaseId },
    #[error("case {id} has no unrecorded changes to record")]
    NothingToRecord { id: CaseId },
    #[error(
        "person {id} was already recorded and cannot be removed from the case; record a correction instead"
    )]
    RecordedPersonRemoved { id: PersonId },
    #[error("no person {id} in this case")]
    PersonNotFound { id: PersonId },
    #[error(
        "person {id} is not recorded yet: record the case first, then ask the central record \
         (it reads the person from this device's recorded version)"
    )]
    HistoryPersonNotRecorded { id: PersonId },
    #[error("no weak match {id} in this person's history to confirm or reject")]
    HistoryMatchNotFound { id: uuid::Uuid },
    #[error(
        "the person's history does not suggest {item:?} from that source now (or the \
         assessment's instrument has no such item)"
    )]
    HistorySuggestionNotFound { item: String },
    #[error(
        "order {id} is not flagged in force against a person of this case: a violation is \
         recorded only on an order the person's history shows in force now"
    )]
    ViolationOrderNotInForce { id: uuid::Uuid },
    #[error("no statement {id} on this device")]
    StatementNotFound { id: StatementId },
    #[error("statement {id} is signed and cannot be changed; add a signed addendum instead")]
    StatementSigned { id: StatementId },
    #[error("statement {id} is not signed yet; edit it instead of adding an addendum")]
    AmendsUnsigned { id: StatementId },
    #[error("no order {id} on this device")]
    OrderNotFound { id: OrderId },
    #[error("order {id}: {refusal}")]
    Order { id: OrderId, refusal: OrderRefusal },
    #[error("no risk assessment {id} on this device")]
    AssessmentNotFound { id: AssessmentId },
    #[error("assessment {id} is completed and cannot be changed; start a new assessment")]
    AssessmentCompleted { id: AssessmentId },
    #[error("no risk instrument {id:?} on this device")]
    InstrumentNotFound { id: String },
    #[error(
        "instrument {id:?} was validated for another population ({population:?}) and is not \
         offered for this case"
    )]
    InstrumentNotOffered {
        id: String,
        population: crate::risk::Population,
    },
    #[error(
        "instrument {id} version {version} is already on this device with different content; \
         a version never changes — give the new content a new version number"
    )]
    InstrumentVersionExists { id: String, version: u32 },
    #[error("the instrument file is refused: {0}")]
    Instrument(#[from] InstrumentError),
    #[error(
        "the computed risk level is {computed}; professional judgement may raise it but never \
         lower it (asked for {requested})"
    )]
    RiskLowered {
        computed: RiskLevel,
        requested: RiskLevel,
    },
    #[error("the assessment is not complete ({} problem(s), e.g. {})", .0.len(), first_answer_problem(.0))]
    Answers(Vec<AnswerProblem>),
    #[error("no document {id} on this device")]
    DocumentNotFound { id: DocumentId },
    #[error("the document could not be made: {0}")]
    Document(String),
    #[error("{}", invalid_summary(.0))]
    Invalid(Vec<FieldError>),
    #[error("{}", purpose_required(.case))]
    PurposeRequired { case: Option<CaseId> },
    #[error(transparent)]
    CaseFile(#[from] CaseFileError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Keyring(#[from] KeyringError),
    #[error(transparent)]
    Key(KeyError),
    #[error("could not save the preferences: {0}")]
    PrefsWrite(#[source] std::io::Error),
    /// Enrolment and sync (codes from [`SyncError::code`]).
    #[error(transparent)]
    Sync(SyncError),
}

impl Error {
    /// A stable, language-neutral code for the UI's message catalogue.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::WrongPassphrase { .. } => ErrorCode::WrongPassphrase,
            Error::LockedOut { .. } => ErrorCode::LockedOut,
            Error::Wiped => ErrorCode::Wiped,
            Error::Revoked => ErrorCode::DeviceRevoked,
            Error::UnknownOfficer { .. } => ErrorCode::UnknownOfficer,
            Error::OfficerExists { .. } => ErrorCode::OfficerExists,
            Error::NotCompetent { .. } => ErrorCode::OfficerNotCompetent,
            Error::Badge(_) => ErrorCode::InvalidBadge,
            Error::WeakPassphrase(_) => ErrorCode::WeakPassphrase,
            Error::OfficerName(_) => ErrorCode::InvalidOfficerName,
            Error::OfficerRank(_) => ErrorCode::InvalidOfficerRank,
            Error::StoreExists { .. } => ErrorCode::StoreExists,
            Error::DatabaseMissing { .. } => ErrorCode::DatabaseMissing,
            Error::InitInterrupted { .. } => ErrorCode::InitInterrupted,
            Error::CaseNotFound { .. } => ErrorCode::CaseNotFound,
            Error::CaseExists { .. } => ErrorCode::CaseExists,
            Error::NothingToRecord { .. } => ErrorCode::NothingToRecord,
            Error::RecordedPersonRemoved { .. } => ErrorCode::RecordedPersonRemoved,
            Error::PersonNotFound { .. } => ErrorCode::PersonNotFound,
            Error::HistoryPersonNotRecorded { .. } => ErrorCode::HistoryPersonNotRecorded,
            Error::HistoryMatchNotFound { .. } => ErrorCode::HistoryMatchNotFound,
            Error::ViolationOrderNotInForce { .. } => ErrorCode::ViolationOrderNotInForce,
            Error::HistorySuggestionNotFound { .. } => ErrorCode::HistorySuggestionNotFound,
            Error::StatementNotFound { .. } => ErrorCode::StatementNotFound,
            Error::StatementSigned { .. } => ErrorCode::StatementSigned,
            Error::AmendsUnsigned { .. } => ErrorCode::AmendsUnsigned,
            Error::OrderNotFound { .. } => ErrorCode::OrderNotFound,
            Error::Order { refusal, .. } => refusal.code(),
            Error::AssessmentNotFound { .. } => ErrorCode::AssessmentNotFound,
            Error::AssessmentCompleted { .. } => ErrorCode::AssessmentCompleted,
            Error::InstrumentNotFound { .. } => ErrorCode::InstrumentNotFound,
            Error::InstrumentNotOffered { .. } => ErrorCode::InstrumentNotOffered,
            Error::InstrumentVersionExists { .. } => ErrorCode::InstrumentVersionExists,
            Error::Instrument(_) => ErrorCode::InstrumentInvalid,
            Error::RiskLowered { .. } => ErrorCode::RiskLevelLowered,
            Error::Answers(_) => ErrorCode::AssessmentIncomplete,
            Error::DocumentNotFound { .. } => ErrorCode::DocumentNotFound,
            Error::Document(_) => ErrorCode::Document,
            Error::Invalid(_) => ErrorCode::Invalid,
            Error::PurposeRequired { .. } => ErrorCode::PurposeRequired,
            Error::CaseFile(_) => ErrorCode::CaseFile,
            Error::Store(StoreError::DiskFull) => ErrorCode::DiskFull,
            Error::Store(StoreError::ReadOnly { .. }) => ErrorCode::ReadOnly,
            Error::Store(StoreError::Corrupt { .. }) => ErrorCode::StoreCorrupt,
            Error::Store(StoreError::Damaged { .. }) => ErrorCode::StoreDamaged,
            Error::Store(StoreError::NotFound { .. }) => ErrorCode::StoreNotFound,
            Error::Store(_) => ErrorCode::Store,
            Error::Keyring(KeyringError::Lock { .. }) => ErrorCode::KeyringLock,
            Error::Keyring(_) => ErrorCode::Keyring,
            Error::Key(_) => ErrorCode::Key,
            Error::PrefsWrite(_) => ErrorCode::PrefsWrite,
            Error::Sync(e) => e.code(),
        }
    }
}

impl From<KeyError> for Error {
    fn from(e: KeyError) -> Self {
        match e {
            KeyError::WrongPassphrase => Error::WrongPassphrase {
                attempts_before_lock: 0,
                attempts_before_wipe: None,
            },
            other => Error::Key(other),
        }
    }
}

fn attempts_hint(before_lock: u32, before_wipe: Option<u32>) -> String {
    match before_wipe {
        Some(n) => format!(
            " — WARNING: {n} more wrong attempt{} and this device destroys its keys and all data on it becomes unreadable",
            if n == 1 { "" } else { "s" }
        ),
        None if before_lock > 0 => format!(
            " — {before_lock} attempt{} left before unlocking is refused for a while",
            if before_lock == 1 { "" } else { "s" }
        ),
        None => String::new(),
    }
}

fn wipe_hint(before_wipe: Option<u32>) -> String {
    match before_wipe {
        Some(n) => format!(
            "; WARNING: {n} more wrong attempt{} will destroy this device's keys",
            if n == 1 { "" } else { "s" }
        ),
        None => String::new(),
    }
}

fn first_answer_problem(problems: &[AnswerProblem]) -> String {
    match problems.first() {
        Some(p) => format!(
            "{} on {}",
            serde_json::to_value(&p.code)
                .ok()
                .and_then(|v| v.get("code").and_then(|c| c.as_str()).map(str::to_owned))
                .unwrap_or_default(),
            p.item.as_deref().unwrap_or("the judgement")
        ),
        None => "none".to_owned(),
    }
}

fn purpose_required(case: &Option<CaseId>) -> String {
    let what = match case {
        Some(id) => format!("case {id}"),
        None => "the case list".to_owned(),
    };
    format!(
        "say why you consult {what} first (a purpose: responding to the call, follow-up, station \
         review, a prosecutor's or court's request, training); it is logged with every consultation"
    )
}

fn invalid_summary(errors: &[FieldError]) -> String {
    match errors {
        [] => "invalid input".to_owned(),
        [one] => format!("invalid field {one}"),
        [first, rest @ ..] => format!(
            "invalid field {first} (and {} more problem{})",
            rest.len(),
            if rest.len() == 1 { "" } else { "s" }
        ),
    }
}

/// An [`Error`] as it crosses to the UI: the stable code the UI translates, the details its
/// message needs, and the English text for developers (never shown to officers, never personal).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub attempts_before_lock: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub attempts_before_wipe: Option<u32>,
    /// When a lock-out ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub until: Option<DateTime<Utc>>,
    /// Every field problem, for `invalid`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub fields: Option<Vec<FieldError>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub problem: Option<PassphraseProblem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub badge: Option<Badge>,
    /// What completing an assessment still needs, for `assessment_incomplete`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub answer_problems: Option<Vec<AnswerProblem>>,
    /// For `risk_level_lowered`: the computed level.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub computed_level: Option<RiskLevel>,
    /// For `purpose_required`: the case a purpose is asked for (absent: the case list and search).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub case_id: Option<CaseId>,
}

impl AppError {
    /// An error of the adapter itself (e.g. `not_unlocked`), with no details.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            attempts_before_lock: None,
            attempts_before_wipe: None,
            until: None,
            fields: None,
            problem: None,
            badge: None,
            answer_problems: None,
            computed_level: None,
            case_id: None,
        }
    }
}

impl From<&Error> for AppError {
    fn from(e: &Error) -> Self {
        let mut out = AppError::new(e.code(), e.to_string());
        match e {
            Error::WrongPassphrase {
                attempts_before_lock,
                attempts_before_wipe,
            } => {
                out.attempts_before_lock = Some(*attempts_before_lock);
                out.attempts_before_wipe = *attempts_before_wipe;
            }
            Error::LockedOut {
                until,
                attempts_before_wipe,
            } => {
                out.until = Some(*until);
                out.attempts_before_wipe = *attempts_before_wipe;
            }
            Error::UnknownOfficer { badge }
            | Error::OfficerExists { badge }
            | Error::NotCompetent { badge } => {
                out.badge = Some(badge.clone());
            }
            Error::WeakPassphrase(problem) => out.problem = Some(*problem),
            Error::Invalid(fields) => out.fields = Some(fields.clone()),
            Error::Answers(problems) => out.answer_problems = Some(problems.clone()),
            Error::RiskLowered { computed, .. } => out.computed_level = Some(*computed),
            Error::PurposeRequired { case } => out.case_id = *case,
            _ => {}
        }
        out
    }
}

impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        AppError::from(&e)
    }
}

/// A SQLite error is a store error: `?` on a rusqlite call in a service returns it as one.
impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Store(StoreError::from(e))
    }
}
