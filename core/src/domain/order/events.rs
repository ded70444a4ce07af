//! What can happen to an issued order: the kinds of [`OrderEventKind`] (served, forwarded, the
//! prosecutor's and the court's acts, appeals, violations…), their names as the order view offers
//! and the catalogues label them, and the values they carry (court and appeal outcomes, parties).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{Badge, Signature};

/// Whether the court extended the measures or refused to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum CourtOutcome {
    Extended,
    Refused,
}

/// Who may receive the court's decision and appeal it (Art. 20): the public prosecutor, or the
/// person the measure was imposed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Party {
    Prosecutor,
    /// The person the measures were imposed on.
    Perpetrator,
}

/// What the higher court did with an appeal against the basic court's decision (Art. 20).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum AppealOutcome {
    /// The decision stands.
    Upheld,
    /// The decision was set aside or changed.
    Overturned,
}

/// The name of each kind of [`OrderEventKind`], as its `kind` tag spells it: what the order view
/// offers and the catalogues label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum OrderEventName {
    Served,
    Forwarded,
    ProsecutorReceived,
    ProsecutorEvaluated,
    ExtensionProposed,
    ProsecutorDeclined,
    ProposalReceived,
    CourtDecision,
    DecisionReceived,
    Appeal,
    AppealForwarded,
    HigherCourtDecision,
    Violation,
    EscortedVisit,
    SocialWelfareNotified,
    Lifted,
    OfficialNumber,
}

impl OrderEventName {
    /// Every name, in the order the order view offers them (the chain's acts that only the
    /// central record brings are never offered: [`Self::central_only`]).
    pub const ALL: [OrderEventName; 17] = [
        Self::Served,
        Self::Forwarded,
        Self::ProsecutorReceived,
        Self::ProsecutorEvaluated,
        Self::ExtensionProposed,
        Self::ProsecutorDeclined,
        Self::ProposalReceived,
        Self::CourtDecision,
        Self::DecisionReceived,
        Self::Appeal,
        Self::AppealForwarded,
        Self::HigherCourtDecision,
        Self::Violation,
        Self::EscortedVisit,
        Self::SocialWelfareNotified,
        Self::Lifted,
        Self::OfficialNumber,
    ];

    /// Events only the central record records (the officer never enters them): the official
    /// number, and the receipts and evaluation of the prosecutor's office and the court.
    pub fn central_only(self) -> bool {
        matches!(
            self,
            Self::OfficialNumber
                | Self::ProsecutorReceived
                | Self::ProsecutorEvaluated
                | Self::ProposalReceived
        )
    }
}

/// An order's number as it is shown: the central record's official one once it came, else the
/// provisional one the device gave at issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OrderNumber {
    pub number: String,
    /// Still the device's own number: the official one has not come down yet.
    pub provisional: bool,
}

/// Something that happened to an issued order. `at` is when it happened in the world (entered by
/// the officer); the [`OrderEvent`] around it says when and by whom it was recorded. A court's
/// decision carries the day it was decided, not an instant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum OrderEventKind {
    /// The order was handed to the perpetrator: the 48 hours run from here.
    Served {
        at: DateTime<Utc>,
        place: String,
        /// The officer who served it.
        served_by: Badge,
        /// The perpetrator's signature on the receipt.
        #[serde(default)]
        signature: Option<Signature>,
        /// Why there is no signature (refused to sign, unable to), when there is none.
        #[serde(default)]
        refused_to_sign: Option<String>,
    },
    /// The order and the risk assessment were sent to the basic public prosecutor.
    Forwarded {
        at: DateTime<Utc>,
        prosecutor: String,
    },
    /// The basic public prosecutor's office received the order and the risk assessment (from the
    /// central record, when the office opened it): the order's forwarding confirmation.
    ProsecutorReceived { at: DateTime<Utc>, office: String },
    /// The prosecutor's evaluation of the police risk assessment (from the central record).
    ProsecutorEvaluated {
        at: DateTime<Utc>,
        agrees: bool,
        reasons: String,
    },
    /// The prosecutor proposed an extension to the court (when the police learn of it).
    ExtensionProposed {
        at: DateTime<Utc>,
        /// The basic court the proposal went to, when known (from the central record; absent
        /// on proposals the officer entered and on those recorded before case-file version 4).
        #[serde(default)]
        court: Option<String>,
    },
    /// The basic court received the prosecutor's proposal (from the central record): its 24
    /// hours to decide run from here (Art. 19).
    ProposalReceived { at: DateTime<Utc>, court: String },
    /// The basic court's decision on extending the measures.
    CourtDecision {
        court: String,
        number: String,
        decided_on: NaiveDate,
        outcome: CourtOutcome,
        /// The new end of the measures (only when extended): the court's own instant, never
        /// computed by the device.
        #[serde(default)]
        ends_at: Option<DateTime<Utc>>,
    },
    /// The prosecutor decided not to propose an extension: the measures end at their 48 hours.
    ProsecutorDeclined { at: DateTime<Utc>, reason: String },
    /// A party received the court's decision: its 3 days to appeal run from here (Art. 20).
    DecisionReceived { at: DateTime<Utc>, by: Party },
    /// An appeal against the court's decision, lodged through the basic court (Art. 20). It does
    /// not suspend the decision. No appeal lies against the police order itself. `by` is `None`
    /// only on appeals recorded before case-file version 3.
    Appeal {
        at: DateTime<Utc>,
        note: String,
        #[serde(default)]
        by: Option<Party>,
    },
    /// The basic court forwarded the appeal to the higher court (within 12 hours).
    AppealForwarded { at: DateTime<Utc> },
    /// The higher court's decision on the appeal (within 3 days of receiving it).
    HigherCourtDecision {
        court: String,
        number: String,
        decided_on: NaiveDate,
        outcome: AppealOutcome,
    },
    /// The measures were lifted before their end.
    Lifted { at: DateTime<Utc>, reason: String },
    /// The perpetrator broke a measure (a misdemeanour).
    Violation {
        at: DateTime<Utc>,
        description: String,
        #[serde(default)]
        evidence: String,
    },
    /// The removed perpetrator fetched necessities from the home under police escort.
    EscortedVisit { at: DateTime<Utc>, note: String },
    /// The social-welfare centre was notified (children are involved).
    SocialWelfareNotified {
        at: DateTime<Utc>,
        centre: String,
        #[serde(default)]
        note: String,
    },
    /// The central record assigned the official order number.
    OfficialNumber { number: String },
}

impl OrderEventKind {
    /// This event's kind, by name.
    pub fn name(&self) -> OrderEventName {
        use OrderEventKind as K;
        use OrderEventName as N;
        match self {
            K::Served { .. } => N::Served,
            K::Forwarded { .. } => N::Forwarded,
            K::ProsecutorReceived { .. } => N::ProsecutorReceived,
            K::ProsecutorEvaluated { .. } => N::ProsecutorEvaluated,
            K::ExtensionProposed { .. } => N::ExtensionProposed,
            K::ProposalReceived { .. } => N::ProposalReceived,
            K::CourtDecision { .. } => N::CourtDecision,
            K::ProsecutorDeclined { .. } => N::ProsecutorDeclined,
            K::DecisionReceived { .. } => N::DecisionReceived,
            K::Appeal { .. } => N::Appeal,
            K::AppealForwarded { .. } => N::AppealForwarded,
            K::HigherCourtDecision { .. } => N::HigherCourtDecision,
            K::Lifted { .. } => N::Lifted,
            K::Violation { .. } => N::Violation,
            K::EscortedVisit { .. } => N::EscortedVisit,
            K::SocialWelfareNotified { .. } => N::SocialWelfareNotified,
            K::OfficialNumber { .. } => N::OfficialNumber,
        }
    }
}
