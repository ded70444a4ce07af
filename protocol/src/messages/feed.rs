//! The downstream feed (`GET /v1/feed`): what the central record decided that a device applies —
//! official numbers, courts' decisions, the chain's acts from the console, revocation, the
//! roster — each a [`Change`] with its sequence number.

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Whether a court extended the measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CourtOutcome {
    Extended,
    Refused,
}

/// An officer's role under Art. 15 of the Law on the Prevention of Domestic Violence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum OfficerRole {
    /// Records cases, statements and draft risk assessments.
    Patrol,
    /// The competent police officer for domestic violence: also completes the risk assessment's
    /// finding and issues orders.
    Competent,
}

/// Something decided centrally that the device applies. A device is sent only what concerns it:
/// numbers and court decisions of its own records, its own revocation, and the roster of its
/// police administration (none when it has none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ChangeKind {
    /// The official number of a case.
    CaseNumber { case_id: Uuid, number: String },
    /// The official number of an order.
    OrderNumber { order_id: Uuid, number: String },
    /// A court's decision on extending an order's measures, with the court's own end instant.
    CourtDecision {
        order_id: Uuid,
        court: String,
        number: String,
        decided_on: NaiveDate,
        outcome: CourtOutcome,
        #[serde(default)]
        ends_at: Option<DateTime<Utc>>,
    },
    /// This device was revoked: it must destroy its keys.
    Revoked { device_id: Uuid },
    /// An officer may now use devices of this police administration, in this role and with this
    /// rank (each absent: the roster has not said, and the station's setting on the device
    /// stands).
    OfficerAdded {
        badge: String,
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        role: Option<OfficerRole>,
        /// The rank printed with the officer's name ("policijski narednik").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rank: Option<String>,
    },
    /// An officer may no longer.
    OfficerRemoved { badge: String },
    /// What the prosecutor's office or the court recorded on one of this device's orders at the
    /// central record (the console). `act_id` names the act, so applying it twice is once.
    OrderAct {
        order_id: Uuid,
        act_id: Uuid,
        event: ChainEvent,
    },
    /// An officer of another device reported a violation of one of this device's orders
    /// (Art. 36), from a new call where its perpetrator was found (`POST /v1/violations`).
    /// `report_id` names it, so applying it twice is once. `case` is the reporting case's number
    /// (official, else provisional) and its police administration's code.
    ViolationReported {
        order_id: Uuid,
        report_id: Uuid,
        at: DateTime<Utc>,
        description: String,
        #[serde(default)]
        evidence: String,
        case: String,
    },
    /// A kind this build does not know (a newer central record): skipped and audited.
    #[serde(other)]
    Unknown,
}

/// Who received a court's decision or appealed it (Art. 20).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChainParty {
    Prosecutor,
    Perpetrator,
}

/// An act of the chain after the police order (Arts. 18–20), recorded at the central record by
/// the people who did it. The court's decision itself travels as [`ChangeKind::CourtDecision`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ChainEvent {
    /// The basic public prosecutor's office received the order and the risk assessment.
    ProsecutorReceived { at: DateTime<Utc>, office: String },
    /// The prosecutor's evaluation of the risk assessment.
    ProsecutorEvaluated {
        at: DateTime<Utc>,
        agrees: bool,
        reasons: String,
    },
    /// The prosecutor proposed an extension to the basic court.
    ExtensionProposed { at: DateTime<Utc>, court: String },
    /// The prosecutor will not propose one.
    ProsecutorDeclined { at: DateTime<Utc>, reason: String },
    /// The basic court received the proposal: its 24 hours run from here (Art. 19).
    ProposalReceived { at: DateTime<Utc>, court: String },
    /// A party received the court's decision.
    DecisionReceived { at: DateTime<Utc>, by: ChainParty },
    /// An appeal against the court's decision.
    Appeal {
        at: DateTime<Utc>,
        by: ChainParty,
        note: String,
    },
    /// The basic court forwarded the appeal to the higher court.
    AppealForwarded { at: DateTime<Utc> },
    /// The higher court's decision on the appeal.
    HigherCourtDecision {
        court: String,
        number: String,
        decided_on: NaiveDate,
        upheld: bool,
    },
}

/// One entry of the downstream feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Change {
    /// The central record's change sequence: strictly increasing; a device's feed has gaps
    /// where changes for other devices are.
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub change: ChangeKind,
}

/// `GET /v1/feed?after=<cursor>&limit=<n>` — changes after the cursor, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FeedResponse {
    pub changes: Vec<Change>,
    /// The cursor to ask after next time (the last change's `seq`, or the one asked after;
    /// changes for other devices never move it).
    pub cursor: u64,
    /// More changes wait after `cursor`.
    pub more: bool,
    pub server_time: DateTime<Utc>,
}
