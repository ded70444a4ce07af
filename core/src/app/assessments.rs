//! Risk assessments. The instruments they use are data (`instruments.rs`): every version ever
//! known stays, so an assessment is always read against the version it was made with.
//!
//! An assessment is started on a case with an instrument's latest version, autosaved while the
//! officer answers (the view always carries the live evaluation and what completing would still
//! need), then completed: the computed level may be raised by professional judgement with a
//! written reason, never lowered; the re-assessment time follows from the final level.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::instruments::offered;
use super::purpose::Extra;
use super::{Session, json_rows};
use crate::audit::{self, Action, Outcome};
use crate::clock::to_db;
use crate::domain::assessment::{Assessment, Completion};
use crate::domain::{AssessmentId, CaseId, FieldError, FieldErrorCode};
use crate::error::Error;
use crate::outbox::{self, RecordKind};
use crate::risk::{
    Answer, AnswerProblem, Answers, Evaluation, Instrument, ReassessmentSchedule, RiskLevel,
};
use crate::store::StoreError;

/// The longest reason for raising a level.
pub const RAISE_REASON_MAX_CHARS: usize = 10_000;

/// Start an assessment of a case with the latest version of an instrument.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StartAssessmentRequest {
    pub case_id: CaseId,
    pub instrument_id: String,
}

/// Autosave the answers of an assessment in progress.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SaveAssessmentRequest {
    pub id: AssessmentId,
    #[serde(default)]
    pub answers: Answers,
    #[serde(default)]
    pub officer_believes_in_danger: Option<bool>,
    #[serde(default)]
    pub judgement_reasons: String,
}

/// Complete an assessment. `final_level` defaults to the computed level; a higher one needs
/// `raise_reason`; a lower one is refused.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CompleteAssessmentRequest {
    pub id: AssessmentId,
    #[serde(default)]
    pub final_level: Option<RiskLevel>,
    #[serde(default)]
    pub raise_reason: Option<String>,
}

/// An assessment with its instrument, the live evaluation of its answers, and what completing it
/// would still need.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AssessmentView {
    pub assessment: Assessment,
    pub instrument: Instrument,
    pub evaluation: Evaluation,
    pub problems: Vec<AnswerProblem>,
    /// When the case is due for re-assessment if completed now at the computed level.
    pub reassessment_due_if_completed: DateTime<Utc>,
}

/// The assessment record as queued for the central record.
#[derive(Serialize)]
struct AssessmentRecord<'a> {
    #[serde(flatten)]
    assessment: &'a Assessment,
}

impl Session {
    pub fn start_assessment(
        &mut self,
        req: StartAssessmentRequest,
    ) -> Result<AssessmentView, Error> {
        if !self.case_exists(&req.case_id.to_string())? {
            return Err(Error::CaseNotFound { id: req.case_id });
        }
        let instrument = self
            .list_instruments()?
            .into_iter()
            .find(|i| i.id() == req.instrument_id)
            .ok_or(Error::InstrumentNotFound {
                id: req.instrument_id.clone(),
            })?;
        let (file, draft) = self.case_file(req.case_id)?;
        let people = draft.map_or(file.people, |d| d.people);
        if !offered(&instrument, &people) {
            return Err(Error::InstrumentNotOffered {
                id: req.instrument_id,
                population: instrument.population(),
            });
        }
        let now = self.now();
        let assessment = Assessment {
            id: AssessmentId::new(),
            case_id: req.case_id,
            instrument: instrument.reference(),
            started_at: now,
            started_by: self.officer().badge.clone(),
            answers: Answers::new(),
            officer_believes_in_danger: None,
            judgement_reasons: String::new(),
            sources: Default::default(),
            completed: None,
        };
        let entry = self.entry(
            Action::Create,
            Some(format!("assessment:{}", assessment.id)),
            Outcome::Ok,
            Some(format!("case:{}", req.case_id)),
        );
        let store = self.store_mut();
        let tx = store.transaction()?;
        write_assessment(&tx, &assessment, now)?;
        audit::append(&tx, &entry)?;
        tx.commit().map_err(|e| store.with_dir(e.into()))?;
        self.assessment_view(assessment, instrument)
    }

    /// Autosave answers. Refuses only what no draft may hold (answers to items the instrument
    /// does not have, over-long notes, control characters), leaving the previous answers intact.
    pub fn save_assessment(&mut self, req: SaveAssessmentRequest) -> Result<AssessmentView, Error> {
        let (mut assessment, instrument) = self.assessment_with_instrument(req.id)?;
        if assessment.completed.is_some() {
            return Err(Error::AssessmentCompleted { id: req.id });
        }
        let problems = instrument.check_answers(
            &req.answers,
            req.officer_believes_in_danger,
            &req.judgement_reasons,
            false,
        );
        let blocking: Vec<_> = problems.into_iter().filter(blocks_draft).collect();
        if !blocking.is_empty() {
            return Err(Error::Answers(blocking));
        }
        assessment.answers = req.answers;
        // A source stays only while its item is answered yes (the officer may change it).
        let answers = &assessment.answers;
        assessment
            .sources
            .retain(|item, _| answers.get(item).is_some_and(|a| a.answer == Answer::Yes));
        assessment.officer_believes_in_danger = req.officer_believes_in_danger;
        assessment.judgement_reasons = req.judgement_reasons;
        let now = self.now();
        let store = self.store_mut();
        let tx = store.transaction()?;
        write_assessment(&tx, &assessment, now)?;
        tx.commit().map_err(|e| store.with_dir(e.into()))?;
        self.assessment_view(assessment, instrument)
    }

    /// Complete an assessment: every item answered, the judgement given (with reasons where the
    /// instrument needs them), the final level at or above the computed one.
    pub fn complete_assessment(
        &mut self,
        req: CompleteAssessmentRequest,
    ) -> Result<AssessmentView, Error> {
        let (mut assessment, instrument) = self.assessment_with_instrument(req.id)?;
        if assessment.completed.is_some() {
            return Err(Error::AssessmentCompleted { id: req.id });
        }
        // Art. 15/16: the finding is the competent officer's; a patrol officer drafts.
        self.require_competent()?;
        let problems = instrument.check_answers(
            &assessment.answers,
            assessment.officer_believes_in_danger,
            &assessment.judgement_reasons,
            true,
        );
        if !problems.is_empty() {
            return Err(Error::Answers(problems));
        }
        let evaluation =
            instrument.evaluate(&assessment.answers, assessment.officer_believes_in_danger);
        let computed = evaluation.computed_level;
        let final_level = req.final_level.unwrap_or(computed);
        if final_level < computed {
            return Err(Error::RiskLowered {
                computed,
                requested: final_level,
            });
        }
        let reason = req
            .raise_reason
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty());
        let raise_reason = if final_level > computed {
            let mut problems = Vec::new();
            match &reason {
                None => problems.push(FieldError::new(
                    "assessment.raise_reason",
                    FieldErrorCode::Required,
                )),
                Some(r) if r.chars().count() > RAISE_REASON_MAX_CHARS => {
                    problems.push(FieldError::new(
                        "assessment.raise_reason",
                        FieldErrorCode::TooLong {
                            max_chars: RAISE_REASON_MAX_CHARS,
                        },
                    ))
                }
                Some(r) if crate::domain::control_character(r) => problems.push(FieldError::new(
                    "assessment.raise_reason",
                    FieldErrorCode::ControlCharacter,
                )),
                Some(_) => {}
            }
            if !problems.is_empty() {
                return Err(Error::Invalid(problems));
            }
            reason
        } else {
            None
        };
        let now = self.now();
        let schedule = self.reassessment_schedule()?;
        let badge = self.officer().badge.clone();
        assessment.completed = Some(Completion {
            at: now,
            by: badge.clone(),
            evaluation,
            final_level,
            raise_reason,
            reassessment_due_at: schedule.due_at(now, final_level),
        });
        let entry = self.entry(
            Action::Assess,
            Some(format!("assessment:{}", assessment.id)),
            Outcome::Ok,
            Some(format!("case:{}", assessment.case_id)),
        );
        let store = self.store_mut();
        let tx = store.transaction()?;
        write_assessment(&tx, &assessment, now)?;
        outbox::enqueue(
            &tx,
            RecordKind::Assessment,
            assessment.id.0,
            1,
            &badge,
            now,
            &AssessmentRecord {
                assessment: &assessment,
            },
        )?;
        super::legal::refresh(&tx, assessment.case_id)?;
        audit::append(&tx, &entry)?;
        tx.commit().map_err(|e| store.with_dir(e.into()))?;
        self.assessment_view(assessment, instrument)
    }

    /// One assessment with its instrument and live evaluation: a consultation of its case,
    /// refused without a purpose for the case and audited with it.
    pub fn get_assessment(&mut self, id: AssessmentId) -> Result<AssessmentView, Error> {
        let (a, i) = self.assessment_with_instrument(id)?;
        let case = a.case_id;
        self.require_purpose(Some(case))?;
        let view = self.assessment_view(a, i)?;
        self.audit_consultation(
            Action::View,
            format!("assessment:{id}"),
            Some(case),
            Extra::default(),
        )?;
        Ok(view)
    }

    /// A case's assessments, oldest first.
    pub(crate) fn case_assessments(&self, case_id: CaseId) -> Result<Vec<Assessment>, Error> {
        json_rows(
            self.store().conn(),
            "SELECT data FROM assessments WHERE case_id = ?1 ORDER BY rowid",
            &case_id.to_string(),
        )
    }

    /// `id`, if it is a completed assessment of `case_id`.
    pub(crate) fn completed_assessment_of(
        &self,
        case_id: CaseId,
        id: AssessmentId,
    ) -> Result<Option<Assessment>, Error> {
        let found: Option<String> = self
            .store()
            .conn()
            .query_row(
                "SELECT data FROM assessments
                 WHERE id = ?1 AND case_id = ?2 AND completed_at IS NOT NULL",
                params![id.to_string(), case_id.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        match found {
            Some(data) => Ok(Some(serde_json::from_str(&data).map_err(StoreError::from)?)),
            None => Ok(None),
        }
    }

    /// The re-assessment intervals in force on this device.
    pub fn reassessment_schedule(&self) -> Result<ReassessmentSchedule, Error> {
        self.station_setting("reassessment")
    }

    /// Change the re-assessment intervals (station policy; audited).
    pub fn set_reassessment_schedule(
        &mut self,
        schedule: ReassessmentSchedule,
    ) -> Result<(), Error> {
        self.set_station_setting("reassessment", &schedule)
    }

    pub(super) fn assessment_with_instrument(
        &self,
        id: AssessmentId,
    ) -> Result<(Assessment, Instrument), Error> {
        let data: Option<String> = self
            .store()
            .conn()
            .query_row(
                "SELECT data FROM assessments WHERE id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        let data = data.ok_or(Error::AssessmentNotFound { id })?;
        let assessment: Assessment = serde_json::from_str(&data).map_err(StoreError::from)?;
        let instrument = self.instrument(&assessment.instrument)?;
        Ok((assessment, instrument))
    }

    pub(super) fn assessment_view(
        &self,
        assessment: Assessment,
        instrument: Instrument,
    ) -> Result<AssessmentView, Error> {
        let evaluation = match &assessment.completed {
            Some(c) => c.evaluation.clone(),
            None => instrument.evaluate(&assessment.answers, assessment.officer_believes_in_danger),
        };
        let problems = if assessment.completed.is_some() {
            Vec::new()
        } else {
            instrument.check_answers(
                &assessment.answers,
                assessment.officer_believes_in_danger,
                &assessment.judgement_reasons,
                true,
            )
        };
        let schedule = self.reassessment_schedule()?;
        Ok(AssessmentView {
            reassessment_due_if_completed: schedule.due_at(self.now(), evaluation.computed_level),
            assessment,
            instrument,
            evaluation,
            problems,
        })
    }
}

/// Problems an autosave refuses (the rest are what an unfinished assessment may have).
fn blocks_draft(p: &AnswerProblem) -> bool {
    use crate::risk::AnswerProblemCode as C;
    matches!(
        p.code,
        C::UnknownItem
            | C::NoteTooLong { .. }
            | C::ReasonsTooLong { .. }
            | C::ControlCharacter
            | C::NoJudgementQuestion
    )
}

pub(super) fn write_assessment(
    tx: &rusqlite::Transaction<'_>,
    a: &Assessment,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let data = serde_json::to_string(a).map_err(StoreError::from)?;
    tx.execute(
        "INSERT INTO assessments (id, case_id, instrument_id, instrument_version, data,
                                  completed_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET data = ?5, completed_at = ?6, updated_at = ?7",
        params![
            a.id.to_string(),
            a.case_id.to_string(),
            a.instrument.id,
            a.instrument.version,
            data,
            a.completed.as_ref().map(|c| to_db(c.at)),
            to_db(now)
        ],
    )?;
    Ok(())
}

/// Insert an assessment from an imported case file (already validated); a completed one is
/// queued. Its instrument version must be on the device (checked before the transaction).
pub(super) fn insert_imported(
    tx: &rusqlite::Transaction<'_>,
    a: &Assessment,
    officer: &crate::domain::Badge,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let taken: Option<i64> = tx
        .query_row(
            "SELECT 1 FROM assessments WHERE id = ?1",
            [a.id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    if taken.is_some() {
        return Err(Error::Invalid(vec![FieldError::new(
            "assessments.id",
            FieldErrorCode::DuplicateId,
        )]));
    }
    write_assessment(tx, a, now)?;
    if a.completed.is_some() {
        outbox::enqueue(
            tx,
            RecordKind::Assessment,
            a.id.0,
            1,
            officer,
            now,
            &AssessmentRecord { assessment: a },
        )?;
        super::legal::refresh(tx, a.case_id)?;
    }
    Ok(())
}
