//! Where a case lives in the store: its row (header, recorded incident, draft), its recorded
//! people as versions, the case list's row, and the case file read back from them.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use super::{CaseContent, search_text_of, summary_of};
use crate::app::{Session, json_rows};
use crate::casefile::{self, CaseFile, CaseStatus};
use crate::clock::to_db;
use crate::domain::{Badge, CaseId, FieldError, FieldErrorCode, Incident, Person};
use crate::error::Error;
use crate::outbox::{self, RecordKind};
use crate::store::StoreError;

pub(super) struct CaseRow {
    pub(super) created_at: String,
    pub(super) created_by: String,
    pub(super) status: String,
    pub(super) version: u32,
    pub(super) incident: Option<String>,
    pub(super) draft: Option<String>,
    pub(super) official_number: Option<String>,
}

pub(super) fn parse_time(s: &str) -> Result<DateTime<Utc>, Error> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| Error::Store(StoreError::Decode(format!("stored time: {e}"))))
}

impl Session {
    pub(super) fn case_row(&self, id: CaseId) -> Result<CaseRow, Error> {
        self.store()
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
            .optional()?
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

    pub(in crate::app) fn recorded_people(&self, id: CaseId) -> Result<Vec<Person>, Error> {
        json_rows(
            self.store().conn(),
            "SELECT data FROM people WHERE case_id = ?1 ORDER BY position",
            &id.to_string(),
        )
    }
}

/// The case-header record as queued for the central record.
#[derive(Serialize)]
pub(super) struct CaseRecord<'a> {
    pub(super) id: CaseId,
    pub(super) created_at: DateTime<Utc>,
    pub(super) created_by: String,
    pub(super) incident: &'a Incident,
}

/// The person record as queued.
#[derive(Serialize)]
pub(super) struct PersonRecord<'a> {
    pub(super) case_id: CaseId,
    #[serde(flatten)]
    pub(super) person: &'a Person,
}

/// Write the recorded people of a case: new ones at version 1, changed ones at version + 1,
/// each queued; unchanged ones untouched. A recorded person missing from `people` is refused.
pub(super) fn write_people(
    tx: &Transaction<'_>,
    case: CaseId,
    people: &[Person],
    officer: &Badge,
    now: DateTime<Utc>,
) -> Result<u32, Error> {
    let mut existing: Vec<(String, u32, String)> = Vec::new();
    {
        let mut stmt = tx.prepare("SELECT id, version, data FROM people WHERE case_id = ?1")?;
        let rows = stmt.query_map([case.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
        for row in rows {
            existing.push(row?);
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
                tx.execute(
                    "UPDATE people SET position = ?2 WHERE id = ?1",
                    params![pid, position as i64],
                )?;
                continue;
            }
            Some((_, v, _)) => {
                let v = v + 1;
                tx.execute(
                    "UPDATE people SET version = ?2, data = ?3, position = ?4 WHERE id = ?1",
                    params![pid, v, data, position as i64],
                )?;
                v
            }
            None => {
                let taken: Option<String> = tx
                    .query_row("SELECT case_id FROM people WHERE id = ?1", [&pid], |r| {
                        r.get(0)
                    })
                    .optional()?;
                if taken.is_some() {
                    return Err(Error::Invalid(vec![FieldError {
                        field: format!("people[{position}].id"),
                        code: FieldErrorCode::DuplicateId,
                    }]));
                }
                tx.execute(
                    "INSERT INTO people (id, case_id, position, version, data) VALUES (?1, ?2, ?3, 1, ?4)",
                    params![pid, case.to_string(), position as i64, data],
                )?;
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
pub(super) fn write_list_row(
    tx: &Transaction<'_>,
    id: CaseId,
    status: CaseStatus,
    version: u32,
    has_draft: bool,
    content: &CaseContent,
) -> Result<(), Error> {
    let summary = serde_json::to_string(&summary_of(content)).map_err(StoreError::from)?;
    tx.execute(
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
    )?;
    Ok(())
}

pub(super) fn status_str(s: CaseStatus) -> &'static str {
    match s {
        CaseStatus::Draft => "draft",
        CaseStatus::Recorded => "recorded",
    }
}

pub(super) fn parse_status(s: &str) -> Result<CaseStatus, Error> {
    match s {
        "draft" => Ok(CaseStatus::Draft),
        "recorded" => Ok(CaseStatus::Recorded),
        _ => Err(Error::Store(StoreError::Decode(
            "stored case status".to_owned(),
        ))),
    }
}
