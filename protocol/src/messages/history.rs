//! A person's history from the central record (issue 16, Art. 16: the risk "from all available
//! information"): the online lookup (`POST /v1/history`, signed like every device request) and
//! the offline list of people under an order in force in the device's police administration
//! (`GET /v1/in-force`, signed, incremental).
//!
//! **What may be asked.** A device asks only about a person of an open case it owns, by the
//! person's record id: the central record takes the JMBG (or family name, given name and date of
//! birth) from the device's own pushed version of that person, never from the request, so a
//! device cannot probe for arbitrary people. The officer and the purpose are named and audited on
//! both sides.
//!
//! **What the offline list holds.** For each order in force: a keyed, memory-hard hash of the
//! perpetrator's JMBG ([`InForceKey`]: Argon2id under a key only the central record makes, so
//! the list alone reveals no JMBG and even with its key each guess costs the hash), the order's
//! central number, its measures and end. Nothing else about people.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The device's purpose codes a lookup may give (core's `domain::purpose::PurposeCode`, one to
/// one: a test in the central record holds them equal).
pub const LOOKUP_PURPOSE_CODES: [&str; 5] = [
    "responding_to_call",
    "follow_up",
    "station_review",
    "judicial_request",
    "training",
];

/// Why the officer consults (the device's purpose codes, `responding_to_call`, `follow_up`…) and
/// their optional words (one line, at most 200 characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LookupPurpose {
    #[schemars(extend("enum" = LOOKUP_PURPOSE_CODES))]
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 200), pattern("^[^\\u0000-\\u001F\\u007F-\\u009F]*$"))]
    pub text: Option<String>,
}

/// `POST /v1/history`: what the central record holds about a person of one of the device's open
/// cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryRequest {
    /// The open case the person is in (the device's own, as pushed).
    pub case_id: Uuid,
    /// The person's record (the device's own, as pushed, with the JMBG or names and birth date
    /// to look for).
    pub person_id: Uuid,
    /// The officer asking (on the roster).
    #[schemars(pattern(crate::shapes::BADGE))]
    pub officer: String,
    pub purpose: LookupPurpose,
}

/// How strongly a match is the same person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum MatchStrength {
    /// The same JMBG.
    Jmbg,
    /// The same family name, given name and date of birth (folded: case, script, diacritics),
    /// where one side or both have no JMBG. Weak: the officer confirms or rejects it.
    NameAndBirth,
}

/// An earlier case the person was in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryCase {
    pub case_id: Uuid,
    /// The case's official number, once the central record gave one.
    #[serde(default)]
    pub number: Option<String>,
    /// When the incident was reported (else the case was created).
    pub date: DateTime<Utc>,
    pub municipality: String,
    /// The forms of violence recorded (`physical`, `psychological`…).
    #[serde(default)]
    pub forms_of_violence: Vec<String>,
    /// The person's role in it (`victim`, `perpetrator`, `witness`, `child`…).
    pub role: String,
}

/// An emergency measure ordered in that case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryOrder {
    pub order_id: Uuid,
    /// The official number, else the provisional one.
    pub number: String,
    /// Whether the person was the order's perpetrator (else, e.g., its protected victim).
    pub against_person: bool,
    /// The measures (`removal_from_home`, `contact_ban`…).
    pub measures: Vec<String>,
    #[serde(default)]
    pub served_at: Option<DateTime<Utc>>,
    /// Extended by the court (its decision), until when.
    #[serde(default)]
    pub extended_until: Option<DateTime<Utc>>,
    /// A violation recorded on the order (Art. 36).
    pub violated: bool,
    /// When its measures end (or ended) as the order stands now, if known.
    #[serde(default)]
    pub ends_at: Option<DateTime<Utc>>,
    /// In force at the answer's instant.
    pub in_force: bool,
}

/// A firearm recorded in that case's incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryFirearm {
    /// The weapon's kind (`firearm`, …) as recorded.
    pub kind: String,
    pub in_household: bool,
    /// `licensed`, `unlicensed`, or absent when not answered.
    #[serde(default)]
    pub legality: Option<String>,
    pub seized: bool,
    pub used_or_threatened: bool,
}

/// One earlier case of a matching person, with what it recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryMatch {
    /// The matching person record (another case's), for the officer's confirm or reject.
    pub match_id: Uuid,
    pub strength: MatchStrength,
    pub case: HistoryCase,
    #[serde(default)]
    pub orders: Vec<HistoryOrder>,
    #[serde(default)]
    pub firearms: Vec<HistoryFirearm>,
}

/// The answer to a [`HistoryRequest`]: every match, newest case first (the asking case itself
/// left out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryResponse {
    pub matches: Vec<HistoryMatch>,
    /// What the person was looked up by: `jmbg`, or `name_and_birth` when the device's person
    /// has no JMBG.
    pub looked_up_by: MatchStrength,
    pub answered_at: DateTime<Utc>,
}

/// How the offline list's person hashes are made: Argon2id (RFC 9106, version 0x13) of the
/// JMBG's 13 digits, salted with `key`, with these costs; base64 (standard, padded) of the
/// 32-byte output. A new key (`id`) makes every earlier hash useless: the device drops its list
/// and reads it again from `after=0`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct InForceKey {
    pub id: u32,
    /// The salt-key, base64 (standard, padded), 32 bytes.
    pub key: String,
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

/// An order in force as the offline list carries it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct InForceEntry {
    /// The perpetrator's JMBG hashed as [`InForceKey`] says.
    pub person_hash: String,
    /// The order's official number, else its provisional one.
    pub number: String,
    pub measures: Vec<String>,
    pub served_at: DateTime<Utc>,
    /// When the measures end as the order stands (the court's end once extended).
    pub ends_at: DateTime<Utc>,
}

/// One change to the list: an order entered or changed (`entry`), or left it (`entry` absent:
/// lifted, ended early, no longer in the administration).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct InForceChange {
    pub seq: u64,
    pub order_id: Uuid,
    #[serde(default)]
    pub entry: Option<InForceEntry>,
}

/// `GET /v1/in-force?after=N&limit=M`: the list's changes for the device's police administration
/// after `N`, oldest first. A device keeps the entries, drops those whose `ends_at` has passed
/// on its own clock, and asks again from `next`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct InForceList {
    pub key: InForceKey,
    pub changes: Vec<InForceChange>,
    /// Ask from here next time.
    pub next: u64,
    /// False when more changes wait (ask again at once from `next`).
    pub complete: bool,
    pub server_time: DateTime<Utc>,
}

/// `POST /v1/violations`: an officer at a new call found the perpetrator of another device's
/// order in force (from the offline list or a lookup) breaking it (Art. 36). The central record
/// records the report on that order and sends it down the order's device's feed; it accepts it
/// only when the order's perpetrator is a person of `case_id` (by the person index's keyed
/// hashes, as both were pushed) and the case is this device's own. Sending the same
/// `report_id` again answers the first acceptance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ViolationReport {
    /// The report's id (the device's), also the act's id at the central record.
    pub report_id: Uuid,
    /// The device's open case of the new call, with the perpetrator recorded in it.
    pub case_id: Uuid,
    /// The order violated.
    pub order_id: Uuid,
    /// When the violation took place (not later than now: else 422 `invalid_field`).
    pub at: DateTime<Utc>,
    /// What happened (at most 100,000 characters, a narrative's limit on the device). Refused
    /// with 422 `invalid_field` as core refuses a narrative: only spaces, a control character
    /// other than a line break or tab, a text-direction override.
    #[schemars(length(min = 1, max = 100000))]
    pub description: String,
    /// What shows it (at most 100,000 characters; the same characters as `description`).
    #[serde(default)]
    #[schemars(length(max = 100000))]
    pub evidence: String,
    /// The officer reporting (on the roster).
    #[schemars(pattern(crate::shapes::BADGE))]
    pub officer: String,
}

/// The central record's acceptance of a [`ViolationReport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ViolationAccepted {
    pub report_id: Uuid,
    /// The order's number (official, else provisional).
    pub number: String,
    /// When the central record recorded it.
    pub recorded_at: DateTime<Utc>,
}
