//! Every code an error can reach the UI with: one enum, so the TypeScript side gets the exact
//! union (`ErrorCode` in `ui/src/lib/bindings.ts`) and one test reads [`ErrorCode::iter`] to find
//! a code without a message in a catalogue. The codes are stable: they are persisted (the sync
//! status keeps its last one) and the UI's catalogues are keyed by them (`error-<code>`).

use serde::{Deserialize, Serialize};

/// A stable, language-neutral error code; `snake_case` on the wire and in the catalogues.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ErrorCode {
    // Officers, passphrases and the store (core's `Error`).
    WrongPassphrase,
    LockedOut,
    Wiped,
    DeviceRevoked,
    UnknownOfficer,
    OfficerExists,
    OfficerNotCompetent,
    InvalidBadge,
    WeakPassphrase,
    InvalidOfficerName,
    InvalidOfficerRank,
    StoreExists,
    DatabaseMissing,
    InitInterrupted,
    CaseNotFound,
    CaseExists,
    NothingToRecord,
    RecordedPersonRemoved,
    PersonNotFound,
    // A person's history (issue 16).
    HistoryPersonNotRecorded,
    HistoryMatchNotFound,
    HistorySuggestionNotFound,
    /// The central record refused a lookup: the person is not in an open case of this device.
    HistoryNotInOpenCase,
    /// A violation named an order not flagged in force against a person of the case.
    ViolationOrderNotInForce,
    /// The central record refused a violation report: no such order, or its perpetrator is
    /// not a person of the case as pushed.
    ViolationNotThePerpetrator,
    StatementNotFound,
    StatementSigned,
    AmendsUnsigned,
    Invalid,
    /// A consultation without a purpose given for the case (or the list) in this session.
    PurposeRequired,
    CaseFile,
    DiskFull,
    ReadOnly,
    StoreCorrupt,
    StoreDamaged,
    StoreNotFound,
    Store,
    Keyring,
    KeyringLock,
    Key,
    PrefsWrite,
    // Risk assessments and documents.
    AssessmentNotFound,
    AssessmentCompleted,
    InstrumentNotFound,
    InstrumentNotOffered,
    InstrumentVersionExists,
    InstrumentInvalid,
    RiskLevelLowered,
    AssessmentIncomplete,
    DocumentNotFound,
    Document,
    // Orders: not found, and the law's refusals (`law::OrderRefusal`).
    OrderNotFound,
    OrderAlreadyIssued,
    OrderNotIssued,
    OrderNeedsAssessment,
    OrderAlreadyServed,
    OrderNotServed,
    OrderTimeInFuture,
    OrderServedBeforeIssued,
    OrderEventBeforeIssue,
    OrderEventBeforeService,
    OrderExtensionEndInvalid,
    OrderRefusalWithEnd,
    OrderLifted,
    OrderEnded,
    OrderAlreadyForwarded,
    OrderAlreadyReceived,
    OrderCentralOnly,
    OrderDecisionBeforeProposal,
    OrderProposalAlreadyDecided,
    OrderEvaluationRequired,
    OrderCourtReceiptBeforeProposal,
    OrderAppealAgainstPoliceOrder,
    OrderNoCourtDecision,
    OrderAppellantRequired,
    OrderNoPendingAppeal,
    OrderEventBeforeAppeal,
    OrderNoImminentDanger,
    OrderMinorPerpetrator,
    OrderAdulthoodUnconfirmed,
    // Enrolment and sync (`sync::SyncError`).
    SyncNotEnrolled,
    SyncAlreadyEnrolled,
    SyncLocked,
    EnrollmentCodeNotACode,
    EnrollmentCodeIncomplete,
    EnrollmentCodeBadToken,
    EnrollmentCodeBadFingerprint,
    EnrollmentCodeNotHttps,
    EnrollmentTokenRefused,
    SyncOffline,
    SyncTimeout,
    SyncCertificate,
    SyncRevoked,
    SyncNoStatusKey,
    SyncStatusKeyDamaged,
    SyncRefused,
    SyncServer,
    SyncBusy,
    SyncProtocol,
    // The app shell's own.
    /// A session command while locked (the UI goes to the unlock screen).
    NotUnlocked,
    /// Unlock before the first run.
    NoStore,
    AlreadyUnlocked,
    /// The command's worker was interrupted.
    Internal,
    /// What the UI makes of a rejection that is not an `AppError`, and of a stored code this
    /// build no longer knows.
    Unknown,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Every code, in declaration order.
    pub fn iter() -> impl Iterator<Item = ErrorCode> {
        <ErrorCode as strum::IntoEnumIterator>::iter()
    }

    /// A stored code read back; one this build does not know is [`ErrorCode::Unknown`].
    pub fn parse_stored(s: &str) -> ErrorCode {
        s.parse().unwrap_or(ErrorCode::Unknown)
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wire_form_the_display_form_and_the_parsed_form_agree() {
        for code in ErrorCode::iter() {
            let wire = serde_json::to_value(code).unwrap_or_default();
            assert_eq!(wire.as_str(), Some(code.as_str()));
            assert_eq!(code.to_string(), code.as_str());
            assert_eq!(ErrorCode::parse_stored(code.as_str()), code);
        }
        assert_eq!(
            ErrorCode::OrderNoImminentDanger.as_str(),
            "order_no_imminent_danger"
        );
        assert_eq!(
            ErrorCode::EnrollmentCodeNotACode.as_str(),
            "enrollment_code_not_a_code"
        );
        assert_eq!(ErrorCode::parse_stored("retired_code"), ErrorCode::Unknown);
    }
}
