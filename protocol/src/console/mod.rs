//! The console's API (`/console/api/…`): what the central record's web console and its people —
//! station staff, the deputy basic public prosecutor, the basic-court clerk, an institution's
//! administrator, the auditor — send and receive. Plain serde types with JSON Schemas (the
//! console's OpenAPI description is built from them beside the device API's) and, with the `ts`
//! feature, TypeScript declarations the console's UI imports, so no shape is written twice.
//!
//! Every request the console sends is read with unknown fields refused; every answer is JSON.
//! Refusals are the device API's `Problem` with a console code (`codes` below).

pub mod auth;
#[cfg(feature = "ts")]
pub mod bindings;
pub mod chain;
pub mod openapi;
pub mod station;

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What an operator may do: each sees only its jurisdiction and only the fields its role needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum OperatorRole {
    /// Police station staff: its police administration's orders, devices, officers and numbers.
    Station,
    /// A deputy basic public prosecutor: the orders in the office's territory (Art. 18).
    Prosecutor,
    /// A basic-court clerk or judge: the orders of the court's territory with a proposal (Art. 19).
    Court,
    /// Administers the operators of its own institution; reads no case.
    InstitutionAdmin,
    /// Reads and searches the admin audit; reads no case.
    Auditor,
}

/// The kind of institution an operator works for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum InstitutionKind {
    /// A police administration, by its code (`NS`, `SU`…).
    PoliceAdministration,
    /// A basic public prosecutor's office, by its name in the reference data.
    BasicProsecutor,
    /// A basic court, by its name in the reference data.
    BasicCourt,
    /// The body that audits the system (the whole country: no territory).
    Oversight,
}

/// An institution: its kind and the reference data's key for it (an administration's code, an
/// office's or court's name as the reference data spells it).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Institution {
    pub kind: InstitutionKind,
    pub key: String,
}

/// The operator signed in, as the console shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Me {
    pub id: Uuid,
    pub login: String,
    pub name: String,
    pub role: OperatorRole,
    pub institution: Institution,
    /// The municipalities the operator's jurisdiction covers (empty for roles with none).
    pub municipalities: Vec<String>,
    /// The operator's language for the console (`sr-Latn`, `sr-Cyrl`, `hu`, `en`).
    pub language: String,
}

/// Why an operator consults or acts: asked before every view and stored with its audit entry
/// (EU Directive 2016/680 logging).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ConsolePurposeCode {
    /// On duty: the orders waiting for this office or court.
    DutyReview,
    /// Acting on this order: receipt, evaluation, proposal, decision, service, appeal.
    ActingOnOrder,
    /// Supervising the institution's work.
    Supervision,
    /// Administering accounts, devices or the roster.
    Administration,
    /// Auditing the system.
    Audit,
}

/// A purpose with the operator's optional words (one line, at most 200 characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConsolePurpose {
    pub code: ConsolePurposeCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub text: Option<String>,
}

/// One entry of the central record's admin audit, as the auditor reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditEntryView {
    pub seq: u64,
    pub at: DateTime<Utc>,
    /// `admin_cli`, `console` or `system`.
    pub actor_kind: String,
    pub actor_id: String,
    pub actor_name: String,
    pub action: String,
    pub target: Option<String>,
    pub purpose: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub detail: serde_json::Value,
}

/// `GET /console/api/audit?actor=&action=&target=&from=&to=&before=&purpose=` — newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditPage {
    pub entries: Vec<AuditEntryView>,
    /// Pass as `before` for the next (older) page; absent on the last page.
    pub before: Option<u64>,
}

/// The console's refusal codes (the `code` of a `Problem`), beside the device API's.
pub mod codes {
    /// Sign-in failed: the same answer whichever factor was wrong.
    pub const SIGN_IN_FAILED: &str = "sign_in_failed";
    /// Too many failed sign-ins: locked until `Retry-After`.
    pub const LOCKED_OUT: &str = "locked_out";
    /// No session, or it passed its idle or absolute limit, or was signed out.
    pub const SESSION_EXPIRED: &str = "session_expired";
    /// A change without the session's CSRF token (or with another).
    pub const CSRF: &str = "csrf";
    /// The operator's role may not do this.
    pub const FORBIDDEN_ROLE: &str = "forbidden_role";
    /// Outside the operator's jurisdiction (audited).
    pub const OUTSIDE_JURISDICTION: &str = "outside_jurisdiction";
    /// A view or action without a purpose.
    pub const PURPOSE_REQUIRED: &str = "purpose_required";
    /// The law does not admit this act in the order's state (with core's refusal code in `detail`).
    pub const NOT_ADMITTED: &str = "not_admitted";
    /// The case has its official number already: a case never gets a second one.
    pub const ALREADY_NUMBERED: &str = "already_numbered";
    /// The number typed is another case's.
    pub const NUMBER_TAKEN: &str = "number_taken";
    /// A setup code unknown, used or expired.
    pub const BAD_SETUP_CODE: &str = "bad_setup_code";
    /// A field fails its rule (`detail` names it).
    pub const INVALID: &str = "invalid";
    pub const NOT_FOUND: &str = "not_found";
}
