//! A person's history at the scene (issue 16): what the device can say about a person of an open
//! case — its own earlier cases with the same JMBG (exact) or the same folded family name, given
//! name and date of birth (weak), the offline list's orders in force for the person's JMBG hash,
//! the central record's last answer and when — with the repeat-perpetrator flag and the Art. 16
//! suggestions `law::history` derives, and plainly what could not be checked.
//!
//! A weak match is never merged and never counts until the officer confirms it
//! ([`Session::decide_match`]); a suggestion becomes an answer only through
//! [`Session::accept_suggestion`], which records its source on the assessment.
//!
//! The central record's last answer about a person is kept in SQLCipher with the case
//! (`history_answers`), replaced by the next lookup: it is the case's working material — the
//! suggestions the officer accepted cite it, and at 2 a.m. the signal that brought it may be
//! gone when the assessment is completed. It is no offline cache of people: only the answer about
//! a person of this case, asked for with a purpose, is kept.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;
use zastita_protocol::messages::{
    HistoryCase, HistoryFirearm, HistoryMatch, HistoryOrder, HistoryRequest, HistoryResponse,
    LookupPurpose, MatchStrength,
};

use super::Session;
use super::purpose::Extra;
use crate::audit::{self, Action, Outcome};
use crate::clock::to_db;
use crate::domain::assessment::AnswerSource;
use crate::domain::incident::WeaponKind;
use crate::domain::order::{Order, OrderEventKind};
use crate::domain::{AssessmentId, CaseId, Incident, Person, PersonId, Purpose, Role};
use crate::error::Error;
use crate::law::history::{
    self as rules, InForceFlag, MatchDecision, Suggestion, SuggestionSource, Trust,
};
use crate::law::{self, OrderStatus};
use crate::risk::{Answer, ItemAnswer};
use crate::store::StoreError;
use crate::sync::in_force::{jmbg_digits, person_hash};

/// Ask for a person's history. A purpose given here holds for the case like
/// [`Session::set_purpose`]; without one, the case's purpose in this session is used, and
/// without either the consultation is refused (`purpose_required`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonHistoryRequest {
    pub case_id: CaseId,
    pub person_id: PersonId,
    #[serde(default)]
    pub purpose: Option<Purpose>,
}

/// Where a match was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum HistorySource {
    /// This device's own cases.
    Device,
    /// The central record's last answer.
    CentralRecord,
}

/// One earlier case of a matching person, with how far it may be relied on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryEntry {
    pub source: HistorySource,
    pub trust: Trust,
    #[serde(rename = "match")]
    pub found: HistoryMatch,
}

/// What the view could not check, said plainly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Unchecked {
    /// Neither a JMBG nor family name, given name and date of birth: nothing can be matched.
    NoIdentity,
    /// No JMBG: the offline list of orders in force cannot be searched.
    OfflineListNeedsJmbg,
    /// The offline list was never refreshed on this device.
    OfflineListNeverRefreshed,
    /// The central record was not asked about this person in this case.
    CentralRecordNotAsked,
    /// Protection measures under the Family Law are ordered by courts and are not held in this
    /// system (neither on the device nor in the central record): always said, so the officer
    /// knows to ask the court.
    FamilyLawMeasuresNotHeld,
}

/// A person's history as the officer sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonHistory {
    pub case_id: CaseId,
    pub person_id: PersonId,
    /// What the person can be matched by (`None`: nothing, see `unchecked`).
    pub looked_up_by: Option<MatchStrength>,
    /// Earlier cases, newest first (a case both on the device and in the central record's answer
    /// is listed once, from the device).
    pub matches: Vec<HistoryEntry>,
    /// Orders in force against the person now (the offline list, the device's own orders, the
    /// central record's answer): a possible violation (Art. 36).
    pub in_force: Vec<InForceFlag>,
    pub repeat_perpetrator: bool,
    /// Suggested answers of the Art. 16 items, each with its source; never answers.
    pub suggestions: Vec<Suggestion>,
    /// When the central record last answered about this person in this case.
    pub central_answered_at: Option<DateTime<Utc>>,
    /// When the offline list was last refreshed whole.
    pub list_refreshed_at: Option<DateTime<Utc>>,
    pub unchecked: Vec<Unchecked>,
}

/// The officer's decision on a weak match.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DecideMatchRequest {
    pub case_id: CaseId,
    pub person_id: PersonId,
    pub match_id: Uuid,
    pub decision: MatchDecision,
}

/// Accept one suggestion: the item's answer becomes yes and the source is recorded on the
/// assessment.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AcceptSuggestionRequest {
    pub assessment_id: AssessmentId,
    /// The person of the assessment's case whose history suggested it.
    pub person_id: PersonId,
    pub suggestion: Suggestion,
}

/// A person sought in a case by JMBG, or by family name, given name and date of birth (folded:
/// case, script, diacritics).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonQuery {
    #[serde(default)]
    pub jmbg: Option<String>,
    #[serde(default)]
    pub family_name: String,
    #[serde(default)]
    pub given_name: String,
    #[serde(default)]
    pub date_of_birth: Option<chrono::NaiveDate>,
}
mod matching;
mod online;
mod violation;

pub use violation::{ReportViolationRequest, ViolationRecorded, ViolationReportView};

use matching::*;

impl Session {
    /// The person of a case a query names: the one with that JMBG, else the one with those
    /// names and date of birth where a JMBG does not contradict it (`None`: nobody).
    pub fn find_person(
        &self,
        case_id: CaseId,
        query: &PersonQuery,
    ) -> Result<Option<PersonId>, Error> {
        let mut probe = Person::new(Role::Witness);
        probe.jmbg = query.jmbg.clone().unwrap_or_default();
        probe.family_name = query.family_name.clone();
        probe.given_name = query.given_name.clone();
        probe.date_of_birth = query.date_of_birth;
        let me = identity(&probe);
        let (file, draft) = self.case_file(case_id)?;
        let people = draft.map_or(file.people, |d| d.people);
        let found = |want: MatchStrength| {
            people
                .iter()
                .find(|p| strength(&me, p) == Some(want))
                .map(|p| p.id)
        };
        Ok(found(MatchStrength::Jmbg).or_else(|| found(MatchStrength::NameAndBirth)))
    }

    /// Give the purpose the request carries (if any) and refuse without one.
    fn history_purpose(&mut self, case_id: CaseId, purpose: Option<Purpose>) -> Result<(), Error> {
        if let Some(p) = purpose {
            self.set_purpose(super::SetPurposeRequest {
                case_id: Some(case_id),
                purpose: p,
            })?;
        }
        self.require_purpose(Some(case_id))
    }

    /// A person's history: a consultation of the case, refused without a purpose and audited
    /// with it (`person:<id>`).
    pub fn person_history(&mut self, req: PersonHistoryRequest) -> Result<PersonHistory, Error> {
        if !self.case_exists(&req.case_id.to_string())? {
            return Err(Error::CaseNotFound { id: req.case_id });
        }
        self.history_purpose(req.case_id, req.purpose)?;
        let view = self.history_of(req.case_id, req.person_id)?;
        self.audit_consultation(
            Action::View,
            format!("person:{}", req.person_id),
            Some(req.case_id),
            Extra {
                results: Some(u32::try_from(view.matches.len()).unwrap_or(u32::MAX)),
                ..Extra::default()
            },
        )?;
        Ok(view)
    }

    /// Confirm or reject a weak match (name and date of birth) shown in the person's history.
    /// Nothing is merged; a confirmed match counts for the flags and suggestions from now on.
    /// Audited.
    pub fn decide_match(&mut self, req: DecideMatchRequest) -> Result<PersonHistory, Error> {
        self.require_purpose(Some(req.case_id))?;
        let view = self.history_of(req.case_id, req.person_id)?;
        let weak = view.matches.iter().any(|e| {
            e.found.match_id == req.match_id && e.found.strength == MatchStrength::NameAndBirth
        });
        if !weak {
            return Err(Error::HistoryMatchNotFound { id: req.match_id });
        }
        let decision = snake(&req.decision);
        let now = self.now();
        let badge = self.officer().badge.to_string();
        let entry = self.entry(
            Action::Update,
            Some(format!("person:{}", req.person_id)),
            Outcome::Ok,
            Some(format!(
                "case:{} match:{} {decision}",
                req.case_id, req.match_id
            )),
        );
        let store = self.store_mut();
        let tx = store.transaction()?;
        tx.execute(
            "INSERT INTO history_decisions
                 (case_id, person_id, match_id, decision, decided_by, decided_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (case_id, person_id, match_id) DO UPDATE SET decision = ?4,
                 decided_by = ?5, decided_at = ?6",
            params![
                req.case_id.to_string(),
                req.person_id.to_string(),
                req.match_id.to_string(),
                decision,
                badge,
                to_db(now)
            ],
        )?;
        audit::append(&tx, &entry)?;
        tx.commit().map_err(|e| store.with_dir(e.into()))?;
        self.refresh_repeat_flag(req.case_id)?;
        self.history_of(req.case_id, req.person_id)
    }

    /// Accept a suggestion on an assessment in progress: only one the person's history gives
    /// now (from a match that counts) for an item the assessment's instrument has. The answer
    /// becomes yes (a note the officer wrote is kept; an empty one names the source) and the
    /// source is recorded on the assessment, for the prosecutor's summary.
    pub fn accept_suggestion(
        &mut self,
        req: AcceptSuggestionRequest,
    ) -> Result<super::AssessmentView, Error> {
        let (mut assessment, instrument) = self.assessment_with_instrument(req.assessment_id)?;
        if assessment.completed.is_some() {
            return Err(Error::AssessmentCompleted {
                id: req.assessment_id,
            });
        }
        let case_id = assessment.case_id;
        self.require_purpose(Some(case_id))?;
        let view = self.history_of(case_id, req.person_id)?;
        let offered = view.suggestions.contains(&req.suggestion)
            && instrument
                .items()
                .iter()
                .any(|i| i.id == req.suggestion.item);
        if !offered {
            return Err(Error::HistorySuggestionNotFound {
                item: req.suggestion.item,
            });
        }
        let item = req.suggestion.item.clone();
        let note = assessment
            .answers
            .get(&item)
            .map(|a| a.note.clone())
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| source_line(&req.suggestion.source));
        assessment.answers.insert(
            item.clone(),
            ItemAnswer {
                answer: Answer::Yes,
                note,
            },
        );
        assessment.sources.insert(
            item.clone(),
            AnswerSource {
                person_id: req.person_id,
                source: req.suggestion.source,
                accepted_by: self.officer().badge.clone(),
                accepted_at: self.now(),
            },
        );
        let entry = self.entry(
            Action::Update,
            Some(format!("assessment:{}", assessment.id)),
            Outcome::Ok,
            Some(format!("case:{case_id} suggestion:{item}")),
        );
        let now = self.now();
        let store = self.store_mut();
        let tx = store.transaction()?;
        super::assessments::write_assessment(&tx, &assessment, now)?;
        audit::append(&tx, &entry)?;
        tx.commit().map_err(|e| store.with_dir(e.into()))?;
        self.assessment_view(assessment, instrument)
    }
}

/// "NS-2025-00412 (2025-03-14)": the source as a note, the same in every language.
pub(crate) fn source_line(s: &SuggestionSource) -> String {
    let case = s
        .case_number
        .clone()
        .unwrap_or_else(|| s.case_id.to_string());
    let date = s
        .date
        .with_timezone(&chrono_tz::Europe::Belgrade)
        .format("%Y-%m-%d");
    match &s.order_number {
        Some(o) => format!("{case} ({date}), {o}"),
        None => format!("{case} ({date})"),
    }
}
