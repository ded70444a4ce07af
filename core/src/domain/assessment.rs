//! A risk assessment as recorded: which instrument version, the answers with their evidence
//! notes, the officer's judgement, the computed level, and the final level — which professional
//! judgement may raise, never lower, and only with a written reason. A draft while the officer
//! answers; completed, it is immutable.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use super::{AssessmentId, Badge, CaseId, PersonId};
use crate::law::history::SuggestionSource;
use crate::risk::{Answers, Evaluation, InstrumentRef, RiskLevel};

/// How an assessment ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Completion {
    pub at: DateTime<Utc>,
    pub by: Badge,
    /// What the instrument's rules gave for the answers.
    pub evaluation: Evaluation,
    /// The level the officer settled on: the computed level or higher.
    pub final_level: RiskLevel,
    /// Why the officer raised the level (present exactly when `final_level` is above the computed
    /// one).
    #[serde(default)]
    pub raise_reason: Option<String>,
    /// When the case must be assessed again (by the final level's interval).
    pub reassessment_due_at: DateTime<Utc>,
}

/// A risk assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Assessment {
    pub id: AssessmentId,
    pub case_id: CaseId,
    pub instrument: InstrumentRef,
    pub started_at: DateTime<Utc>,
    pub started_by: Badge,
    #[serde(default)]
    pub answers: Answers,
    /// The officer's judgement: is the victim in (imminent) danger? `None` until answered.
    #[serde(default)]
    pub officer_believes_in_danger: Option<bool>,
    #[serde(default)]
    pub judgement_reasons: String,
    /// Where a yes came from when the officer accepted it from the person's history (issue 16):
    /// by item id. Left out while empty, so an assessment without one is the file it always was.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "Option<BTreeMap<String, AnswerSource>>", optional)
    )]
    pub sources: BTreeMap<String, AnswerSource>,
    #[serde(default)]
    pub completed: Option<Completion>,
}

/// The source of an answer the officer accepted from a history suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AnswerSource {
    /// The person of the case whose history it is.
    pub person_id: PersonId,
    pub source: SuggestionSource,
    pub accepted_by: Badge,
    pub accepted_at: DateTime<Utc>,
}

impl Assessment {
    pub fn final_level(&self) -> Option<RiskLevel> {
        self.completed.as_ref().map(|c| c.final_level)
    }
}
