//! [`SyncError`]: why a sync step, an enrolment or a revocation check failed, with its stable
//! code, and how it converts to and from the device's [`Error`].

use zastita_protocol::enrollment::EnrollmentCodeError;

use super::{Error, ErrorCode};

/// Why a sync step or an enrolment failed. [`SyncError::code`] is the stable key the UI
/// translates (`error-<code>`); messages say what to do and carry no personal data.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(
        "this device is not enrolled with the central record — enrol it at the station with the \
         code the station prints"
    )]
    NotEnrolled,
    #[error("this device is already enrolled with the central record at {server}")]
    AlreadyEnrolled { server: String },
    #[error("the store is locked: unlock it, then sync again")]
    Locked,
    #[error("{0}")]
    EnrollmentCode(EnrollmentCodeError),
    #[error(
        "the central record refused the enrolment code: it is unknown, expired or already used — \
         ask the station for a new one"
    )]
    BadToken,
    #[error(
        "the central record cannot be reached ({detail}) — check the network; sync retries by itself"
    )]
    Offline { detail: String },
    #[error("the central record did not answer in time — sync retries by itself")]
    Timeout,
    #[error(
        "the server is not the central record this device trusts ({detail}) — nothing was sent; \
         report it at the station"
    )]
    Certificate { detail: String },
    #[error(
        "the central record refused this device: it was revoked; the keys on this device were \
         destroyed"
    )]
    Revoked,
    #[error(
        "the central record holds no status key for this device yet, so it cannot ask while \
         locked whether it was revoked — unlock it and sync once"
    )]
    NoStatusKey,
    #[error(
        "the status key in this device's key file is damaged, so it cannot ask while locked \
         whether it was revoked — unlock it and sync once to replace the key"
    )]
    StatusKeyDamaged,
    #[error("the central record refused the request (HTTP {status}, {code}): {detail}")]
    Refused {
        status: u16,
        code: String,
        detail: String,
    },
    #[error("the central record failed (HTTP {status}) — sync retries by itself")]
    Server { status: u16 },
    /// 429 or 503: the central record did nothing and asked to be asked again later (after
    /// `retry_after_secs`, when it said).
    #[error("the central record is busy — sync retries by itself")]
    Busy { retry_after_secs: Option<u64> },
    #[error("the central record's answer could not be understood: {0}")]
    Protocol(String),
    /// A local step failed (the store, the keyring…).
    #[error(transparent)]
    Local(Box<Error>),
}

impl SyncError {
    /// A stable, language-neutral code for the UI's message catalogue.
    pub fn code(&self) -> ErrorCode {
        match self {
            SyncError::NotEnrolled => ErrorCode::SyncNotEnrolled,
            SyncError::AlreadyEnrolled { .. } => ErrorCode::SyncAlreadyEnrolled,
            SyncError::Locked => ErrorCode::SyncLocked,
            SyncError::EnrollmentCode(e) => match e {
                EnrollmentCodeError::NotACode => ErrorCode::EnrollmentCodeNotACode,
                EnrollmentCodeError::Incomplete => ErrorCode::EnrollmentCodeIncomplete,
                EnrollmentCodeError::BadToken => ErrorCode::EnrollmentCodeBadToken,
                EnrollmentCodeError::BadFingerprint => ErrorCode::EnrollmentCodeBadFingerprint,
                EnrollmentCodeError::NotHttps => ErrorCode::EnrollmentCodeNotHttps,
            },
            SyncError::BadToken => ErrorCode::EnrollmentTokenRefused,
            SyncError::Offline { .. } => ErrorCode::SyncOffline,
            SyncError::Timeout => ErrorCode::SyncTimeout,
            SyncError::Certificate { .. } => ErrorCode::SyncCertificate,
            SyncError::Revoked => ErrorCode::SyncRevoked,
            SyncError::NoStatusKey => ErrorCode::SyncNoStatusKey,
            SyncError::StatusKeyDamaged => ErrorCode::SyncStatusKeyDamaged,
            SyncError::Refused { code, .. }
                if code == zastita_protocol::messages::codes::NOT_IN_OPEN_CASE =>
            {
                ErrorCode::HistoryNotInOpenCase
            }
            SyncError::Refused { code, .. }
                if code == zastita_protocol::messages::codes::NOT_THE_PERPETRATOR =>
            {
                ErrorCode::ViolationNotThePerpetrator
            }
            SyncError::Refused { .. } => ErrorCode::SyncRefused,
            SyncError::Server { .. } => ErrorCode::SyncServer,
            SyncError::Busy { .. } => ErrorCode::SyncBusy,
            SyncError::Protocol(_) => ErrorCode::SyncProtocol,
            SyncError::Local(e) => e.code(),
        }
    }

    /// Whether trying again later may help (the backoff timer should keep running). Revocation,
    /// a foreign certificate and a missing enrolment need a person.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            SyncError::Offline { .. }
                | SyncError::Timeout
                | SyncError::Server { .. }
                | SyncError::Busy { .. }
                | SyncError::Protocol(_)
                | SyncError::Refused { .. }
                | SyncError::Locked
        )
    }
}

impl From<Error> for SyncError {
    fn from(e: Error) -> Self {
        match e {
            Error::Sync(s) => s,
            other => SyncError::Local(Box::new(other)),
        }
    }
}

impl From<SyncError> for Error {
    fn from(e: SyncError) -> Self {
        match e {
            SyncError::Local(inner) => *inner,
            other => Error::Sync(other),
        }
    }
}
