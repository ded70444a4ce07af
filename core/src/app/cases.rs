//! Cases: autosaved drafts, recording (validate, version, queue), listing and search, opening
//! (an audited consultation). Where a case lives in the store is `cases/store.rs`; the case file
//! in and out (export, import) is `cases/transfer.rs`.
//!
//! A case row holds the last *recorded* incident and, separately, the *draft*: the form's
//! unrecorded work, overwritten by every autosave and never queued. Recording validates the draft
//! strictly and, in one transaction, writes new versions of the case header and of every changed
//! person, queues each in the outbox and appends the audit entry.

use chrono::{DateTime, Utc};
use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::purpose::Extra;
use super::{Session, blocking};
use crate::audit::{self, Action, Outcome};
use crate::casefile::{CaseFile, CaseStatus};
use crate::clock::to_db;
use crate::domain::text::fold_for_search;
use crate::domain::validate::{Strictness, validate_case};
use crate::domain::{CaseId, FieldError, Incident, Person, Role};
use crate::error::Error;
use crate::law::coverage::{CoverageWarning, case_coverage};
use crate::outbox::{self, RecordKind};
use crate::store::StoreError;

mod store;
mod transfer;

use store::{CaseRecord, parse_status, parse_time, write_list_row, write_people};

/// What the case form edits: the incident and the people.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CaseContent {
    pub incident: Incident,
    pub people: Vec<Person>,
}

/// Autosave the case form. `id: None` starts a new case.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SaveCaseDraftRequest {
    pub id: Option<CaseId>,
    pub content: CaseContent,
}

/// The result of an autosave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SaveDraftResponse {
    pub id: CaseId,
    pub saved_at: DateTime<Utc>,
    /// What recording would still refuse (shown inline; never blocks the autosave).
    pub issues: Vec<FieldError>,
    /// Perpetrators whose relationship to the victim the law may not cover (Art. 3): warnings,
    /// never refusals.
    pub coverage: Vec<CoverageWarning>,
}

/// The result of recording a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecordCaseResponse {
    pub id: CaseId,
    pub version: u32,
    /// Record versions queued for the central record by this recording.
    pub queued: u32,
}

/// List cases, newest first, optionally filtered.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ListCasesRequest {
    /// Words that must all occur in a name, the address or the municipality (any script,
    /// diacritics optional).
    #[serde(default)]
    pub search: Option<String>,
    #[serde(default)]
    pub limit: Option<u32>,
    #[serde(default)]
    pub offset: Option<u32>,
}

/// One line of the case list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CaseSummary {
    pub id: CaseId,
    pub status: CaseStatus,
    pub version: u32,
    /// Unrecorded changes are waiting in the draft.
    pub has_draft: bool,
    pub sort_at: DateTime<Utc>,
    #[serde(flatten)]
    pub info: SummaryInfo,
    /// Issued orders' deadlines and the latest risk level, for countdown badges.
    pub legal: super::LegalSummary,
    /// The official case number from the central record, once assigned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub official_number: Option<String>,
}

/// The list columns, stored with each case.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SummaryInfo {
    #[serde(default)]
    pub reported_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub municipality: String,
    #[serde(default)]
    pub victims: Vec<String>,
    #[serde(default)]
    pub perpetrators: Vec<String>,
    #[serde(default)]
    pub firearm: bool,
}

/// A case opened for reading or editing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CaseView {
    /// The case as recorded (or, before its first recording, as drafted).
    pub file: CaseFile,
    /// Unrecorded work on top of a recorded case, if any.
    pub draft: Option<CaseContent>,
    /// What recording the current content would still refuse.
    pub issues: Vec<FieldError>,
    /// What the recorded case still owes (the social-welfare centre's notification…).
    #[serde(default)]
    pub warnings: Vec<crate::law::welfare::CaseWarning>,
    /// Perpetrators of the current content whose relationship to the victim the law may not
    /// cover (Art. 3): warnings, never refusals.
    pub coverage: Vec<CoverageWarning>,
    /// Risk instruments not offered for this case (validated for another population); the
    /// others may be started.
    #[serde(default)]
    pub instruments_not_offered: Vec<super::instruments::NotOffered>,
    /// Each issued order's number as shown (official, else provisional).
    #[serde(default)]
    pub order_numbers:
        std::collections::BTreeMap<crate::domain::OrderId, crate::domain::OrderNumber>,
}

const DEFAULT_LIST_LIMIT: u32 = 200;

/// What recording `content` on this device would refuse: the case rules, and the answers this
/// app asks of an officer now (a firearm's licence), which older case files may lack and still
/// import.
fn recording_problems(content: &CaseContent, now: DateTime<Utc>) -> Vec<FieldError> {
    let mut problems = validate_case(&content.incident, &content.people, now, Strictness::Record);
    problems.extend(crate::domain::validate::firearms_answered(
        &content.incident,
    ));
    problems
}

fn summary_of(content: &CaseContent) -> SummaryInfo {
    let names = |role: Role| {
        content
            .people
            .iter()
            .filter(|p| p.role == role)
            .map(Person::full_name)
            .collect::<Vec<_>>()
    };
    SummaryInfo {
        reported_at: content.incident.reported_at,
        address: content.incident.address.clone(),
        municipality: content.incident.municipality.clone(),
        victims: names(Role::Victim),
        perpetrators: names(Role::Perpetrator),
        firearm: content.incident.firearm_present(),
    }
}

fn search_text_of(content: &CaseContent) -> String {
    let mut s = String::new();
    for p in &content.people {
        s.push_str(&p.full_name());
        s.push(' ');
    }
    s.push_str(&content.incident.address);
    s.push(' ');
    s.push_str(&content.incident.municipality);
    fold_for_search(&s)
}

impl Session {
    /// Autosave the case form. Never refuses incomplete or not-yet-valid input (that is what a
    /// draft is); refuses only content beyond the size limits, leaving the previous draft intact.
    pub fn save_case_draft(
        &mut self,
        req: SaveCaseDraftRequest,
    ) -> Result<SaveDraftResponse, Error> {
        let now = self.now();
        let draft_errors = validate_case(
            &req.content.incident,
            &req.content.people,
            now,
            Strictness::Draft,
        );
        let block = blocking(&draft_errors);
        if !block.is_empty() {
            return Err(Error::Invalid(block));
        }
        let issues = recording_problems(&req.content, now);
        let coverage = case_coverage(&req.content.people);
        let draft_json = serde_json::to_string(&req.content).map_err(StoreError::from)?;
        let (id, created) = match req.id {
            Some(id) => {
                if !self.case_exists(&id.to_string())? {
                    return Err(Error::CaseNotFound { id });
                }
                (id, false)
            }
            None => (CaseId::new(), true),
        };
        // A new case is a create; later autosaves are not each audited (there are many).
        let entry = created.then(|| {
            self.entry(
                Action::Create,
                Some(format!("case:{id}")),
                Outcome::Ok,
                Some("draft".to_owned()),
            )
        });
        let badge = self.officer().badge.clone();
        let store = self.store_mut();
        let tx = store.transaction()?;
        let (status, version) = if created {
            tx.execute(
                "INSERT INTO cases (id, created_at, created_by, status, version, incident, draft,
                                    updated_at)
                 VALUES (?1, ?2, ?3, 'draft', 0, NULL, ?4, ?2)",
                params![id.to_string(), to_db(now), badge.as_str(), draft_json],
            )?;
            (CaseStatus::Draft, 0)
        } else {
            tx.execute(
                "UPDATE cases SET draft = ?2, updated_at = ?3 WHERE id = ?1",
                params![id.to_string(), draft_json, to_db(now)],
            )?;
            let (status, version): (String, u32) = tx.query_row(
                "SELECT status, version FROM cases WHERE id = ?1",
                [id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            (parse_status(&status)?, version)
        };
        write_list_row(&tx, id, status, version, true, &req.content)?;
        if let Some(entry) = entry {
            audit::append(&tx, &entry)?;
        }
        tx.commit().map_err(|e| store.with_dir(e.into()))?;
        if created {
            // The officer answering the call needs no question about the case they create.
            self.created_here(id);
        }
        Ok(SaveDraftResponse {
            id,
            saved_at: now,
            issues,
            coverage,
        })
    }

    /// Record the case's draft: validate it strictly, then version and queue the case header and
    /// every new or changed person, in one transaction.
    pub fn record_case(&mut self, id: CaseId) -> Result<RecordCaseResponse, Error> {
        let now = self.now();
        let row = self.case_row(id)?;
        let Some(draft) = row.draft.as_deref() else {
            return Err(Error::NothingToRecord { id });
        };
        let content: CaseContent = serde_json::from_str(draft).map_err(StoreError::from)?;
        let errors = recording_problems(&content, now);
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let version = row.version + 1;
        let badge = self.officer().badge.clone();
        // The first recording makes the case a record; each later one updates it.
        let entry = self.entry(
            if version == 1 {
                Action::Record
            } else {
                Action::Update
            },
            Some(format!("case:{id}")),
            Outcome::Ok,
            Some(format!("version {version}")),
        );
        let store = self.store_mut();
        let tx = store.transaction()?;
        let mut queued = 0;
        queued += write_people(&tx, id, &content.people, &badge, now)?;
        let incident_json = serde_json::to_string(&content.incident).map_err(StoreError::from)?;
        tx.execute(
            "UPDATE cases SET status = 'recorded', version = ?2, incident = ?3, draft = NULL,
                              updated_at = ?4
             WHERE id = ?1",
            params![id.to_string(), version, incident_json, to_db(now)],
        )?;
        write_list_row(&tx, id, CaseStatus::Recorded, version, false, &content)?;
        outbox::enqueue(
            &tx,
            RecordKind::Case,
            id.0,
            version,
            &badge,
            now,
            &CaseRecord {
                id,
                created_at: parse_time(&row.created_at)?,
                created_by: row.created_by.clone(),
                incident: &content.incident,
            },
        )?;
        queued += 1;
        audit::append(&tx, &entry)?;
        tx.commit().map_err(|e| store.with_dir(e.into()))?;
        // The list's repeat-perpetrator flag follows the recorded people. It is derived, so a
        // failure here does not undo the recording: the next lookup or decision computes it.
        let _ = self.refresh_repeat_flag(id);
        Ok(RecordCaseResponse {
            id,
            version,
            queued,
        })
    }

    /// Cases on this device, newest first. The list shows names and addresses: listing and
    /// searching are consultations, refused without a purpose for the list and logged with it
    /// (a search without its words, which may be a name).
    ///
    /// A device that holds no case at all has nothing to consult: the empty list needs no
    /// purpose and is not logged (the first screen after setting up a device asks nothing).
    pub fn list_cases(&mut self, req: ListCasesRequest) -> Result<Vec<CaseSummary>, Error> {
        if self.purpose_for(None).is_none() {
            let none: bool = self.store().conn().query_row(
                "SELECT NOT EXISTS (SELECT 1 FROM case_list)",
                [],
                |r| r.get(0),
            )?;
            if none {
                return Ok(Vec::new());
            }
        }
        self.require_purpose(None)?;
        let words: Vec<String> = req
            .search
            .as_deref()
            .map(fold_for_search)
            .unwrap_or_default()
            .split_whitespace()
            .map(|w| {
                let escaped = w
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_");
                format!("%{escaped}%")
            })
            .collect();
        let mut sql = String::from(
            "SELECT case_id, status, version, has_draft, sort_at, summary, legal, official_number
             FROM case_list",
        );
        for (i, _) in words.iter().enumerate() {
            sql.push_str(if i == 0 { " WHERE " } else { " AND " });
            sql.push_str(&format!("search LIKE ?{} ESCAPE '\\'", i + 1));
        }
        sql.push_str(&format!(
            " ORDER BY sort_at DESC, case_id DESC LIMIT {} OFFSET {}",
            req.limit.unwrap_or(DEFAULT_LIST_LIMIT).min(10_000),
            req.offset.unwrap_or(0)
        ));
        let out = {
            let conn = self.store().conn();
            let mut stmt = conn.prepare(&sql)?;
            let rows = stmt.query_map(rusqlite::params_from_iter(words.iter()), |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, u32>(2)?,
                    r.get::<_, bool>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, Option<String>>(7)?,
                ))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (id, status, version, has_draft, sort_at, summary, legal, official_number) =
                    row?;
                out.push(CaseSummary {
                    id: id
                        .parse()
                        .map_err(|_| StoreError::Decode("stored case id".to_owned()))?,
                    status: parse_status(&status)?,
                    version,
                    has_draft,
                    sort_at: parse_time(&sort_at)?,
                    info: serde_json::from_str(&summary).map_err(StoreError::from)?,
                    legal: serde_json::from_str(&legal).map_err(StoreError::from)?,
                    official_number,
                });
            }
            out
        };
        self.audit_consultation(
            Action::View,
            "cases".to_owned(),
            None,
            Extra {
                search: (!words.is_empty()).then_some(true),
                results: Some(u32::try_from(out.len()).unwrap_or(u32::MAX)),
                ..Extra::default()
            },
        )?;
        Ok(out)
    }

    /// Open a case. This is a consultation of personal data: refused without a purpose for the
    /// case and audited with the officer and the purpose.
    pub fn open_case(&mut self, id: CaseId) -> Result<CaseView, Error> {
        if !self.case_exists(&id.to_string())? {
            return Err(Error::CaseNotFound { id });
        }
        self.require_purpose(Some(id))?;
        let (file, draft) = self.case_file(id)?;
        let now = self.now();
        let current = draft.clone().unwrap_or_else(|| CaseContent {
            incident: file.incident.clone(),
            people: file.people.clone(),
        });
        let issues = recording_problems(&current, now);
        let orders: Vec<_> = file.orders.iter().map(|o| &o.order).collect();
        let warnings = crate::law::welfare::case_warnings(&file.incident, &file.people, &orders);
        let coverage = case_coverage(&current.people);
        let instruments_not_offered = self.instruments_not_offered(&current.people)?;
        let order_numbers = file
            .orders
            .iter()
            .filter_map(|o| Some((o.order.id, o.order.shown_number()?)))
            .collect();
        self.audit_consultation(
            Action::View,
            format!("case:{id}"),
            Some(id),
            Extra::default(),
        )?;
        Ok(CaseView {
            file,
            draft,
            issues,
            warnings,
            coverage,
            instruments_not_offered,
            order_numbers,
        })
    }
}
