//! The station's everyday administration in the console, as the admin CLI does it: its police
//! administration's devices (the list, a new enrolment code with its QR code, revocation), its
//! officers (the roster: list, add, remove, move to an administration) and its cases' official
//! numbers (the list, a number typed or the next one). Station staff only, and only their own
//! administration's devices, officers and cases.
//!
//! Endpoints (all under `/console/api/station`; views take `?purpose=…`, changes the CSRF token):
//! - `GET /devices` → `Vec<StationDevice>`
//! - `POST /enrolments` [`NewEnrolment`] → [`EnrolmentCodeView`]
//! - `POST /devices/{id}/revoke` → 204
//! - `GET /officers` → `Vec<StationOfficer>`
//! - `POST /officers` [`NewStationOfficer`] → 204
//! - `POST /officers/{badge}/remove` → 204
//! - `POST /officers/{badge}/assign` [`AssignOfficer`] → 204
//! - `GET /cases` → `Vec<StationCase>`
//! - `POST /cases/{case_id}/number` [`AssignCaseNumber`] → [`AssignedCaseNumber`]

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::messages::OfficerRole;

/// An enrolled device of the station's administration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StationDevice {
    pub id: Uuid,
    /// The station's inventory name (no person's name).
    pub label: String,
    pub enrolled_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// The newest record the central record holds from it, by the device's own count.
    pub acked_seq: u64,
}

/// A one-time enrolment code for a new device of the station's administration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewEnrolment {
    pub label: String,
    /// How long the code stays valid (1 to 168 hours; 24 when absent).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub valid_hours: Option<u32>,
}

/// The enrolment code (`zastita-enroll:v1:…`) to scan or type into the tablet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EnrolmentCodeView {
    pub code: String,
    pub expires_at: DateTime<Utc>,
    /// The code as a QR code, an SVG document.
    pub qr_svg: String,
}

/// An officer of the station's administration, on the roster or off it since `removed_at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StationOfficer {
    pub badge: String,
    pub name: String,
    /// Absent for officers added before roles existed.
    pub role: Option<OfficerRole>,
    pub rank: Option<String>,
    pub added_at: DateTime<Utc>,
    pub removed_at: Option<DateTime<Utc>>,
}

/// An officer put on the station's administration's roster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewStationOfficer {
    pub badge: String,
    pub name: String,
    pub role: OfficerRole,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub rank: Option<String>,
}

/// Move an officer of the station's administration (or of none) to `administration` (a code).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AssignOfficer {
    pub administration: String,
}

/// A case of the station's administration as the central record holds it: ids, its official
/// number (or none yet) and times; nothing of its people or incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StationCase {
    pub case_id: Uuid,
    /// The official number; absent while the case awaits one.
    pub number: Option<String>,
    pub numbered_at: Option<DateTime<Utc>>,
    /// The Belgrade year the case is numbered in (its creation's).
    pub year: i32,
    /// When its first version reached the central record.
    pub received_at: DateTime<Utc>,
    /// The device it came from (its inventory name), whose feed carries the number.
    pub device_id: Uuid,
    pub device_label: String,
}

/// Give a case its official number: one the station typed, or the next of the case's
/// administration and year (`{"auto": true}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged, deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum AssignCaseNumber {
    /// A number of the station's own (one line, 1 to 40 characters, not another case's).
    Typed { number: String },
    /// The next number of the case's administration and year (`auto` must be `true`).
    Auto { auto: bool },
}

/// The number the case now has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AssignedCaseNumber {
    pub case_id: Uuid,
    pub number: String,
}
