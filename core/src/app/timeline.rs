//! A case's timeline: what happened to the case and its statements, when and by whom, read from
//! the audit log (so it shows consultations too, as the Law Enforcement Directive's logging duty
//! expects). It carries ids, badges and actions only, never personal data.

use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

use super::Session;
use crate::audit::{self, Action, Outcome};
use crate::domain::{Badge, CaseId};
use crate::error::Error;

/// The most events a timeline shows (the oldest first). A case opened daily for years stays
/// far below it.
pub const MAX_TIMELINE_EVENTS: u32 = 2_000;

/// One line of a case's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TimelineEvent {
    pub at: DateTime<Utc>,
    pub officer: Option<Badge>,
    pub action: Action,
    pub outcome: Outcome,
    /// What the event was about: `case:…` or `statement:…`.
    pub target: Option<String>,
}

impl Session {
    /// The case's events, oldest first. Reading it is not itself audited: it shows no personal
    /// data, and opening the case it belongs to already is.
    pub fn case_timeline(&self, id: CaseId) -> Result<Vec<TimelineEvent>, Error> {
        let conn = self.store().conn();
        let exists: Option<i64> = conn
            .query_row("SELECT 1 FROM cases WHERE id = ?1", [id.to_string()], |r| {
                r.get(0)
            })
            .optional()?;
        if exists.is_none() {
            return Err(Error::CaseNotFound { id });
        }
        let entries = audit::about(conn, &format!("case:{id}"), MAX_TIMELINE_EVENTS)?;
        Ok(entries
            .into_iter()
            .map(|e| TimelineEvent {
                at: e.entry.at,
                officer: e.entry.officer,
                action: e.entry.action,
                outcome: e.entry.outcome,
                target: e.entry.target,
            })
            .collect())
    }
}
