//! The law's chain after the police order (Arts. 18–20), as the console carries it: the board of
//! orders with their clocks, the case as the prosecutor received it, and the acts of the
//! prosecutor and the court, each of which goes down the feed to the device that owns the order.
//!
//! Endpoints (under `/console/api`; every request names a purpose, every change carries the CSRF
//! token):
//! - `GET /board?purpose=&purpose_text=&page=&scope=` → [`Board`]
//! - `POST /orders/{order_id}/open` [`OpenOrder`] → [`OrderFile`]: opening is the consultation;
//!   the first opening by the prosecutor's office (or, once proposed, by the court) also records
//!   its receipt, which goes down the feed.
//! - `POST /orders/{order_id}/acts` [`ActRequest`] → [`OrderFile`]
//! - `GET /orders/{order_id}/documents/{record_id}/{sha256}?purpose=…` → `application/pdf`
//!
//! The case's contents are core's own types, sent as they are (the console's TypeScript imports
//! their declarations from the app's generated bindings); this side only adds what the chain is.

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::ConsolePurpose;

/// Which orders the board lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum BoardScope {
    /// Orders with a clock still running or overdue (the default).
    #[default]
    Open,
    /// Every order in the jurisdiction, newest first after the open ones.
    All,
}

/// The board's page: the orders in the operator's jurisdiction, most urgent first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Board {
    pub entries: Vec<BoardEntry>,
    /// Orders in the scope, over all pages.
    pub total: u64,
    pub page: u32,
    pub page_size: u32,
    pub server_time: DateTime<Utc>,
}

/// Which legal clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ClockKind {
    /// The police forward the order and assessment at once (Art. 16 / the station's policy).
    Forwarding,
    /// The prosecutor's 24 hours from service to propose an extension (Art. 18).
    ProsecutorProposal,
    /// The court's 24 hours from receiving the proposal (Art. 19).
    CourtDecision,
    /// The measures' end: 48 hours from service, or the court's end (Art. 21).
    MeasuresEnd,
    /// A party's 3 days to appeal from receiving the decision (Art. 20).
    Appeal,
    /// The basic court's 12 hours to forward an appeal.
    AppealForwarding,
    /// The higher court's 3 days.
    HigherCourt,
}

/// One running (or run, or met) clock of an order, as core's law computes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Clock {
    pub kind: ClockKind,
    /// For an appeal clock: whose (`prosecutor`, `perpetrator`).
    pub party: Option<String>,
    pub due_at: DateTime<Utc>,
    /// When what the clock waits for happened; absent while it runs.
    pub met_at: Option<DateTime<Utc>>,
    /// From here on the clock warns (the same instant the device warns at).
    pub warning_from: Option<DateTime<Utc>>,
}

/// Core's `OrderStatus` of an order at an instant (`law::clocks`), one to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum BoardStatus {
    /// Not issued yet (never on the board: only issued orders are indexed).
    Draft,
    /// Issued, not yet served: the 48 hours have not started.
    Issued,
    /// Served and running (possibly extended by a court).
    InForce,
    Expired,
    Lifted,
}

/// Where the chain after the police order stands: core's `law::board::ChainStage`, one to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ChainStage {
    /// Issued; the prosecutor's office has not received it (forwarded or not).
    AwaitingReceipt,
    /// The prosecutor's office received it.
    Received,
    /// The prosecutor evaluated the risk assessment.
    Evaluated,
    /// The prosecutor proposed an extension.
    Proposed,
    /// The prosecutor will not propose one: the measures end at their 48 hours.
    Declined,
    /// The basic court received the proposal: its 24 hours run.
    CourtReceived,
    /// The basic court decided.
    Decided,
    /// An appeal against the decision is pending.
    Appealed,
    /// Nothing more is pending.
    Closed,
}

/// One order on the board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BoardEntry {
    pub order_id: Uuid,
    pub case_id: Uuid,
    /// The official number, or the device's provisional one until it is assigned.
    pub number: String,
    pub provisional: bool,
    pub police_administration: String,
    /// The victim's municipality, which decides the prosecutor's office and court.
    pub municipality: String,
    pub prosecutor_office: String,
    pub basic_court: String,
    /// `removal_from_dwelling`, `contact_ban`.
    pub measures: Vec<String>,
    pub served_at: Option<DateTime<Utc>>,
    /// Core's `OrderStatus` at `server_time`.
    pub status: BoardStatus,
    /// Where the chain stands (core's `law::board`).
    pub stage: ChainStage,
    pub clocks: Vec<Clock>,
    /// The earliest clock still running or overdue: the board's order.
    pub next_due: Option<DateTime<Utc>>,
    /// Core's `ClockWarning`s in force at `server_time` (`expiring_without_decision`,
    /// `not_forwarded`, `no_proposal`).
    pub warnings: Vec<String>,
}

/// Opening an order: the consultation and its purpose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OpenOrder {
    pub purpose: ConsolePurpose,
}

/// A receipt of the order (by the prosecutor's office) or of the proposal (by the court).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Receipt {
    pub at: DateTime<Utc>,
    /// The office or court.
    pub by: String,
    /// The operator who opened it.
    pub operator: String,
}

/// The prosecutor's evaluation of the police risk assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EvaluationView {
    pub at: DateTime<Utc>,
    pub agrees: bool,
    pub reasons: String,
    pub operator: String,
}

/// A document the console can open: the device's PDFs and the proposal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DocumentRef {
    pub record_id: Uuid,
    pub sha256: String,
    /// `order`, `receipt`, `summary`, `proposal`.
    pub kind: String,
    pub created_at: DateTime<Utc>,
}

/// The prosecutor's proposal to extend the measures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProposalView {
    pub at: DateTime<Utc>,
    pub court: String,
    pub reasons: String,
    /// The evidence the proposal lists.
    pub evidence: Vec<String>,
    pub operator: String,
    pub document: DocumentRef,
}

/// The prosecutor's decision not to propose, with reasons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeclinedView {
    pub at: DateTime<Utc>,
    pub reasons: String,
    pub operator: String,
}

/// Where the chain after the police order stands, from the central record's acts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChainView {
    pub prosecutor_received: Option<Receipt>,
    pub evaluation: Option<EvaluationView>,
    pub proposal: Option<ProposalView>,
    pub declined: Option<DeclinedView>,
    pub court_received: Option<Receipt>,
    /// Every act recorded, oldest first, as core's order events (`OrderEventKind`).
    #[cfg_attr(feature = "ts", ts(type = "Array<OrderEventKind>"))]
    pub acts: Vec<Value>,
    /// The acts this operator may record now: the law's admission (core) and the role.
    pub admissible: Vec<ActKind>,
}

/// An order as a console operator sees it. What a role does not need is absent: the court sees
/// the perpetrator's statement and the evaluations, not the victim's statement in full.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OrderFile {
    pub entry: BoardEntry,
    /// Core's `Order` (content, issue, events) as the device recorded it.
    #[cfg_attr(feature = "ts", ts(type = "Order"))]
    pub order: Value,
    /// Core's `OrderClocks` at `server_time`.
    #[cfg_attr(feature = "ts", ts(type = "OrderClocks"))]
    pub clocks: Value,
    /// Core's `Incident`.
    #[cfg_attr(feature = "ts", ts(type = "Incident | null"))]
    pub incident: Option<Value>,
    /// Core's `Person`s of the case.
    #[cfg_attr(feature = "ts", ts(type = "Array<Person>"))]
    pub people: Vec<Value>,
    /// Core's completed `Assessment`s (every answer and the officer's finding).
    #[cfg_attr(feature = "ts", ts(type = "Array<Assessment>"))]
    pub assessments: Vec<Value>,
    /// Core's signed `Statement`s this role may read.
    #[cfg_attr(feature = "ts", ts(type = "Array<Statement>"))]
    pub statements: Vec<Value>,
    pub documents: Vec<DocumentRef>,
    pub chain: ChainView,
    pub server_time: DateTime<Utc>,
}

/// The acts of the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ActKind {
    Evaluate,
    Propose,
    Decline,
    Decide,
    DecisionReceived,
    Appeal,
    AppealForwarded,
    HigherCourtDecision,
}

/// Who received the decision or appealed (Art. 20).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ActParty {
    Prosecutor,
    Perpetrator,
}

/// One act of the prosecutor or the court. An `at` is when it happened (default: now; never in
/// the future); a court's decision is dated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "act", rename_all = "snake_case", deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Act {
    /// The prosecutor's evaluation of the risk assessment.
    Evaluate { agrees: bool, reasons: String },
    /// The proposal to extend, to the basic court of the victim's residence (the proposal PDF is
    /// generated from the order, the assessment, the evaluation and the evidence).
    Propose {
        reasons: String,
        evidence: Vec<String>,
    },
    /// The prosecutor will not propose an extension.
    Decline { reasons: String },
    /// The basic court's decision.
    Decide {
        number: String,
        decided_on: NaiveDate,
        extended: bool,
        /// The end the court states (only when extended).
        ends_at: Option<DateTime<Utc>>,
    },
    /// A party received the decision (its 3 days to appeal run).
    DecisionReceived {
        by: ActParty,
        at: Option<DateTime<Utc>>,
    },
    Appeal {
        by: ActParty,
        at: Option<DateTime<Utc>>,
        note: String,
    },
    /// The appeal forwarded to the higher court.
    AppealForwarded { at: Option<DateTime<Utc>> },
    HigherCourtDecision {
        court: String,
        number: String,
        decided_on: NaiveDate,
        upheld: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ActRequest {
    pub purpose: ConsolePurpose,
    pub act: Act,
}
