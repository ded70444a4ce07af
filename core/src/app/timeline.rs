//! A case's timeline: what happened to the case and its statements, when and by whom, read from
//! the audit log (so it shows consultations too, each with its purpose, as the Law Enforcement
//! Directive's logging duty expects). It carries ids, badges, actions and purpose codes; the one
//! text is the purpose's words an officer gave (bounded, one line) and an export's recipient.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Session;
use super::purpose::{ConsultDetail, Extra};
use crate::audit::{self, Action, Outcome};
use crate::domain::{Badge, CaseId, PurposeCode};
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
    /// What the event was about: `case:…`, `statement:…`, `order:…`, `assessment:…`,
    /// `document:…` or `timeline:…`.
    pub target: Option<String>,
    /// A consultation's purpose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub purpose: Option<PurposeCode>,
    /// The officer's words with the purpose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub purpose_text: Option<String>,
    /// An export's recipient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub recipient: Option<String>,
}

impl Session {
    /// The case's events, oldest first. Reading it is a consultation of the case (who looked at
    /// it, and why): refused without a purpose for the case, audited with it (after the read, so
    /// the list returned ends with the consultation before it).
    pub fn case_timeline(&mut self, id: CaseId) -> Result<Vec<TimelineEvent>, Error> {
        if !self.case_exists(&id.to_string())? {
            return Err(Error::CaseNotFound { id });
        }
        self.require_purpose(Some(id))?;
        let entries = audit::about(
            self.store().conn(),
            &format!("case:{id}"),
            MAX_TIMELINE_EVENTS,
        )?;
        let events = entries
            .into_iter()
            .map(|e| {
                let consult = e.entry.detail.as_deref().and_then(ConsultDetail::parse);
                TimelineEvent {
                    at: e.entry.at,
                    officer: e.entry.officer,
                    action: e.entry.action,
                    outcome: e.entry.outcome,
                    target: e.entry.target,
                    purpose: consult.as_ref().map(|c| c.purpose),
                    purpose_text: consult.as_ref().and_then(|c| c.text.clone()),
                    recipient: consult.and_then(|c| c.recipient),
                }
            })
            .collect();
        self.audit_consultation(
            Action::View,
            format!("timeline:{id}"),
            Some(id),
            Extra::default(),
        )?;
        Ok(events)
    }
}
