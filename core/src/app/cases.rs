//! Cases: autosaved drafts, recording (validate, version, queue), listing and search, opening
//! (an audited consultation), export and import of the case file.
//!
//! A case row holds the last *recorded* incident and, separately, the *draft*: the form's
//! unrecorded work, overwritten by every autosave and never queued. Recording validates the draft
//! strictly and, in one transaction, writes new versions of the case header and of every changed
//! person, queues each in the outbox and appends the audit entry.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use super::{Session, blocking, db, json_rows};
use crate::audit::{self, Action, Outcome};
use crate::casefile::{self, CaseFile, CaseStatus};
use crate::clock::to_db;
use crate::domain::text::fold_for_search;
use crate::domain::validate::{Strictness, validate_case};
use crate::domain::{Badge, CaseId, FieldError, FieldErrorCode, Incident, Person, Role};
use crate::error::Error;
use crate::law::coverage::{CoverageWarning, case_coverage};
use crate::outbox::{self, RecordKind};
use crate::store::StoreError;

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
    pub instruments_not_offered: Vec<super::assessments::NotOffered>,
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

struct CaseRow {
    created_at: String,
    created_by: String,
    status: String,
    version: u32,
    incident: Option<String>,
    draft: Option<String>,
    official_number: Option<String>,
}

fn parse_time(s: &str) -> Result<DateTime<Utc>, Error> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| Error::Store(StoreError::Decode(format!("stored time: {e}"))))
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
            db(tx.execute(
                "INSERT INTO cases (id, created_at, created_by, status, version, incident, draft,
                                    updated_at)
                 VALUES (?1, ?2, ?3, 'draft', 0, NULL, ?4, ?2)",
                params![id.to_string(), to_db(now), badge.as_str(), draft_json],
            ))?;
            (CaseStatus::Draft, 0)
        } else {
            db(tx.execute(
                "UPDATE cases SET draft = ?2, updated_at = ?3 WHERE id = ?1",
                params![id.to_string(), draft_json, to_db(now)],
            ))?;
            let (status, version): (String, u32) = db(tx.query_row(
                "SELECT status, version FROM cases WHERE id = ?1",
                [id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            ))?;
            (parse_status(&status)?, version)
        };
        write_list_row(&tx, id, status, version, true, &req.content)?;
        if let Some(entry) = entry {
            audit::append(&tx, &entry)?;
        }
        tx.commit().map_err(|e| store.with_dir(e.into()))?;
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
        db(tx.execute(
            "UPDATE cases SET status = 'recorded', version = ?2, incident = ?3, draft = NULL,
                              updated_at = ?4
             WHERE id = ?1",
            params![id.to_string(), version, incident_json, to_db(now)],
        ))?;
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
        Ok(RecordCaseResponse {
            id,
            version,
            queued,
        })
    }

    /// Cases on this device, newest first. A search is logged as a consultation (without the
    /// search words, which may be a name).
    pub fn list_cases(&mut self, req: ListCasesRequest) -> Result<Vec<CaseSummary>, Error> {
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
            let mut stmt = db(conn.prepare(&sql))?;
            let rows = db(
                stmt.query_map(rusqlite::params_from_iter(words.iter()), |r| {
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
                }),
            )?;
            let mut out = Vec::new();
            for row in rows {
                let (id, status, version, has_draft, sort_at, summary, legal, official_number) =
                    db(row)?;
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
        if !words.is_empty() {
            let e = self.entry(
                Action::View,
                Some("cases".to_owned()),
                Outcome::Ok,
                Some(format!("search, {} results", out.len())),
            );
            self.audit_alone(e)?;
        }
        Ok(out)
    }

    /// Open a case. This is a consultation of personal data and is audited with the officer.
    pub fn open_case(&mut self, id: CaseId) -> Result<CaseView, Error> {
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
        let e = self.entry(Action::View, Some(format!("case:{id}")), Outcome::Ok, None);
        self.audit_alone(e)?;
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

    /// Export a case as its case-file JSON (audited).
    pub fn export_case(&mut self, id: CaseId) -> Result<Vec<u8>, Error> {
        let (file, _) = self.case_file(id)?;
        let bytes = casefile::to_json(&file).map_err(StoreError::from)?;
        let e = self.entry(
            Action::Export,
            Some(format!("case:{id}")),
            Outcome::Ok,
            None,
        );
        self.audit_alone(e)?;
        Ok(bytes)
    }

    /// Import a case file. The file is parsed and validated whole before anything is written;
    /// recorded content is queued for the central record like content recorded here.
    pub fn import_case(&mut self, bytes: &[u8]) -> Result<CaseId, Error> {
        let now = self.now();
        let file = casefile::parse(bytes, now)?;
        let id = file.id;
        let version_ok = match file.status {
            CaseStatus::Recorded => file.version >= 1,
            CaseStatus::Draft => file.version == 0,
        };
        if !version_ok {
            return Err(Error::Invalid(vec![FieldError {
                field: "version".to_owned(),
                code: FieldErrorCode::OutOfRange,
            }]));
        }
        if self.case_exists(&id.to_string())? {
            return Err(Error::CaseExists { id });
        }
        self.ensure_builtin_instruments()?;
        for a in &file.assessments {
            self.instrument(&a.instrument)?;
        }
        let badge = self.officer().badge.clone();
        let entry = self.entry(
            Action::Import,
            Some(format!("case:{id}")),
            Outcome::Ok,
            None,
        );
        let content = CaseContent {
            incident: file.incident.clone(),
            people: file.people.clone(),
        };
        let store = self.store_mut();
        let tx = store.transaction()?;
        let (incident, draft) = match file.status {
            CaseStatus::Recorded => (
                Some(serde_json::to_string(&file.incident).map_err(StoreError::from)?),
                None,
            ),
            CaseStatus::Draft => (
                None,
                Some(serde_json::to_string(&content).map_err(StoreError::from)?),
            ),
        };
        db(tx.execute(
            "INSERT INTO cases (id, created_at, created_by, status, version, incident, draft,
                                updated_at, official_number)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                id.to_string(),
                to_db(file.created_at),
                file.created_by.as_str(),
                status_str(file.status),
                file.version,
                incident,
                draft.as_ref(),
                to_db(now),
                file.official_number
            ],
        ))?;
        write_list_row(
            &tx,
            id,
            file.status,
            file.version,
            draft.is_some(),
            &content,
        )?;
        if file.official_number.is_some() {
            db(tx.execute(
                "UPDATE case_list SET official_number = ?2 WHERE case_id = ?1",
                params![id.to_string(), file.official_number],
            ))?;
        }
        if file.status == CaseStatus::Recorded {
            write_people(&tx, id, &file.people, &badge, now)?;
            outbox::enqueue(
                &tx,
                RecordKind::Case,
                id.0,
                file.version,
                &badge,
                now,
                &CaseRecord {
                    id,
                    created_at: file.created_at,
                    created_by: file.created_by.to_string(),
                    incident: &file.incident,
                },
            )?;
        }
        for (i, st) in file.statements.iter().enumerate() {
            let taken: Option<i64> = db(tx
                .query_row(
                    "SELECT 1 FROM statements WHERE id = ?1",
                    [st.id.to_string()],
                    |r| r.get(0),
                )
                .optional())?;
            if taken.is_some() {
                return Err(Error::Invalid(vec![FieldError {
                    field: format!("statements[{i}].id"),
                    code: FieldErrorCode::DuplicateId,
                }]));
            }
            super::statements::insert_imported(&tx, id, st, &badge, now)?;
        }
        for a in &file.assessments {
            super::assessments::insert_imported(&tx, a, &badge, now)?;
        }
        for o in &file.orders {
            super::orders::insert_imported(&tx, &o.order, &badge, now)?;
        }
        audit::append(&tx, &entry)?;
        tx.commit().map_err(|e| store.with_dir(e.into()))?;
        Ok(id)
    }

    fn case_row(&self, id: CaseId) -> Result<CaseRow, Error> {
        db(self
            .store()
            .conn()
            .query_row(
                "SELECT created_at, created_by, status, version, incident, draft, official_number
                 FROM cases WHERE id = ?1",
                [id.to_string()],
                |r| {
                    Ok(CaseRow {
                        created_at: r.get(0)?,
                        created_by: r.get(1)?,
                        status: r.get(2)?,
                        version: r.get(3)?,
                        incident: r.get(4)?,
                        draft: r.get(5)?,
                        official_number: r.get(6)?,
                    })
                },
            )
            .optional())?
        .ok_or(Error::CaseNotFound { id })
    }

    /// The case as a case file (recorded state, or the draft before the first recording), and
    /// the unrecorded draft on top of a recorded case.
    pub(crate) fn case_file(&self, id: CaseId) -> Result<(CaseFile, Option<CaseContent>), Error> {
        let row = self.case_row(id)?;
        let status = parse_status(&row.status)?;
        let draft: Option<CaseContent> = row
            .draft
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(StoreError::from)?;
        let (incident, people, draft) = match (row.incident.as_deref(), draft) {
            (Some(inc), draft) => (
                serde_json::from_str(inc).map_err(StoreError::from)?,
                self.recorded_people(id)?,
                draft,
            ),
            (None, Some(d)) => (d.incident, d.people, None),
            (None, None) => {
                return Err(Error::Store(StoreError::Decode(
                    "case has neither record nor draft".to_owned(),
                )));
            }
        };
        let file = CaseFile {
            format: casefile::FORMAT.to_owned(),
            format_version: casefile::FORMAT_VERSION,
            id,
            status,
            version: row.version,
            created_at: parse_time(&row.created_at)?,
            created_by: Badge::parse(&row.created_by)
                .map_err(|e| StoreError::Decode(format!("stored badge: {e}")))?,
            incident,
            people,
            statements: self.case_statements(id)?,
            assessments: self.case_assessments(id)?,
            orders: self
                .case_orders(id)?
                .into_iter()
                .map(casefile::CaseOrder::new)
                .collect(),
            official_number: row.official_number,
        };
        Ok((file, draft))
    }

    pub(super) fn recorded_people(&self, id: CaseId) -> Result<Vec<Person>, Error> {
        json_rows(
            self.store().conn(),
            "SELECT data FROM people WHERE case_id = ?1 ORDER BY position",
            &id.to_string(),
        )
    }
}

/// The case-header record as queued for the central record.
#[derive(Serialize)]
struct CaseRecord<'a> {
    id: CaseId,
    created_at: DateTime<Utc>,
    created_by: String,
    incident: &'a Incident,
}

/// The person record as queued.
#[derive(Serialize)]
struct PersonRecord<'a> {
    case_id: CaseId,
    #[serde(flatten)]
    person: &'a Person,
}

/// Write the recorded people of a case: new ones at version 1, changed ones at version + 1,
/// each queued; unchanged ones untouched. A recorded person missing from `people` is refused.
fn write_people(
    tx: &Transaction<'_>,
    case: CaseId,
    people: &[Person],
    officer: &Badge,
    now: DateTime<Utc>,
) -> Result<u32, Error> {
    let mut existing: Vec<(String, u32, String)> = Vec::new();
    {
        let mut stmt = db(tx.prepare("SELECT id, version, data FROM people WHERE case_id = ?1"))?;
        let rows = db(stmt.query_map([case.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        }))?;
        for row in rows {
            existing.push(db(row)?);
        }
    }
    for (id, _, _) in &existing {
        if !people.iter().any(|p| p.id.to_string() == *id) {
            let id = id
                .parse()
                .map_err(|_| StoreError::Decode("stored person id".to_owned()))?;
            return Err(Error::RecordedPersonRemoved { id });
        }
    }
    let mut queued = 0;
    for (position, p) in people.iter().enumerate() {
        let data = serde_json::to_string(p).map_err(StoreError::from)?;
        let pid = p.id.to_string();
        let version = match existing.iter().find(|(id, _, _)| *id == pid) {
            Some((_, _, old)) if *old == data => {
                db(tx.execute(
                    "UPDATE people SET position = ?2 WHERE id = ?1",
                    params![pid, position as i64],
                ))?;
                continue;
            }
            Some((_, v, _)) => {
                let v = v + 1;
                db(tx.execute(
                    "UPDATE people SET version = ?2, data = ?3, position = ?4 WHERE id = ?1",
                    params![pid, v, data, position as i64],
                ))?;
                v
            }
            None => {
                let taken: Option<String> = db(tx
                    .query_row("SELECT case_id FROM people WHERE id = ?1", [&pid], |r| {
                        r.get(0)
                    })
                    .optional())?;
                if taken.is_some() {
                    return Err(Error::Invalid(vec![FieldError {
                        field: format!("people[{position}].id"),
                        code: FieldErrorCode::DuplicateId,
                    }]));
                }
                db(tx.execute(
                    "INSERT INTO people (id, case_id, position, version, data) VALUES (?1, ?2, ?3, 1, ?4)",
                    params![pid, case.to_string(), position as i64, data],
                ))?;
                1
            }
        };
        outbox::enqueue(
            tx,
            RecordKind::Person,
            p.id.0,
            version,
            officer,
            now,
            &PersonRecord {
                case_id: case,
                person: p,
            },
        )?;
        queued += 1;
    }
    Ok(queued)
}

/// Write the case's line in the case list (`case_list`, schema 3), in the caller's transaction.
fn write_list_row(
    tx: &Transaction<'_>,
    id: CaseId,
    status: CaseStatus,
    version: u32,
    has_draft: bool,
    content: &CaseContent,
) -> Result<(), Error> {
    let summary = serde_json::to_string(&summary_of(content)).map_err(StoreError::from)?;
    db(tx.execute(
        "INSERT INTO case_list (case_id, sort_at, status, version, has_draft, summary, search)
         VALUES (?1, COALESCE(?2, (SELECT created_at FROM cases WHERE id = ?1)), ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (case_id) DO UPDATE SET
             sort_at = excluded.sort_at, status = excluded.status, version = excluded.version,
             has_draft = excluded.has_draft, summary = excluded.summary, search = excluded.search",
        params![
            id.to_string(),
            content.incident.reported_at.map(to_db),
            status_str(status),
            version,
            has_draft,
            summary,
            search_text_of(content)
        ],
    ))?;
    Ok(())
}

fn status_str(s: CaseStatus) -> &'static str {
    match s {
        CaseStatus::Draft => "draft",
        CaseStatus::Recorded => "recorded",
    }
}

fn parse_status(s: &str) -> Result<CaseStatus, Error> {
    match s {
        "draft" => Ok(CaseStatus::Draft),
        "recorded" => Ok(CaseStatus::Recorded),
        _ => Err(Error::Store(StoreError::Decode(
            "stored case status".to_owned(),
        ))),
    }
}
