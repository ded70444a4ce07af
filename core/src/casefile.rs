//! The case file: one versioned JSON document per case, used for export and import. Its schema is
//! documented in `docs/case-file.md`; a sample lives in `tests/fixtures/`.
//!
//! **Invariant:** export → import → export gives the same bytes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{Badge, CaseId, Incident, Person, Statement};

/// The `format` field's value.
pub const FORMAT: &str = "zastita-case";
/// The newest `format_version` this build reads and the one it writes.
pub const FORMAT_VERSION: u32 = 1;

/// Whether a case has been recorded (validated and queued for the central record) or is still
/// being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    Draft,
    Recorded,
}

/// A whole case as one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFile {
    pub format: String,
    pub format_version: u32,
    pub id: CaseId,
    pub status: CaseStatus,
    /// Recorded version of the case header (0 while a draft never recorded).
    pub version: u32,
    pub created_at: DateTime<Utc>,
    pub created_by: Badge,
    pub incident: Incident,
    pub people: Vec<Person>,
    pub statements: Vec<Statement>,
}
