//! A case in and out as its case file: export (audited) and import (parsed and validated whole
//! before anything is written, recorded content queued like content recorded here).

use rusqlite::{OptionalExtension, params};

use super::store::{CaseRecord, status_str, write_list_row, write_people};
use super::{CaseContent, Session};
use crate::audit::{self, Action, Outcome};
use crate::casefile::{self, CaseStatus};
use crate::clock::to_db;
use crate::domain::{CaseId, FieldError, FieldErrorCode};
use crate::error::Error;
use crate::outbox::{self, RecordKind};
use crate::store::StoreError;

impl Session {
    /// Export a case as its case-file JSON for `recipient` (required: who the file is for, at
    /// most 200 characters on one line): refused without a purpose for the case, audited with
    /// the purpose and the recipient.
    pub fn export_case(&mut self, id: CaseId, recipient: &str) -> Result<Vec<u8>, Error> {
        let recipient = super::super::purpose::recipient(recipient)?;
        if !self.case_exists(&id.to_string())? {
            return Err(Error::CaseNotFound { id });
        }
        self.require_purpose(Some(id))?;
        let (file, _) = self.case_file(id)?;
        let bytes = casefile::to_json(&file).map_err(StoreError::from)?;
        self.audit_consultation(
            Action::Export,
            format!("case:{id}"),
            Some(id),
            super::super::purpose::Extra {
                recipient: Some(recipient),
                ..Default::default()
            },
        )?;
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
        tx.execute(
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
        )?;
        write_list_row(
            &tx,
            id,
            file.status,
            file.version,
            draft.is_some(),
            &content,
        )?;
        if file.official_number.is_some() {
            tx.execute(
                "UPDATE case_list SET official_number = ?2 WHERE case_id = ?1",
                params![id.to_string(), file.official_number],
            )?;
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
            let taken: Option<i64> = tx
                .query_row(
                    "SELECT 1 FROM statements WHERE id = ?1",
                    [st.id.to_string()],
                    |r| r.get(0),
                )
                .optional()?;
            if taken.is_some() {
                return Err(Error::Invalid(vec![FieldError {
                    field: format!("statements[{i}].id"),
                    code: FieldErrorCode::DuplicateId,
                }]));
            }
            super::super::statements::insert_imported(&tx, id, st, &badge, now)?;
        }
        for a in &file.assessments {
            super::super::assessments::insert_imported(&tx, a, &badge, now)?;
        }
        for o in &file.orders {
            super::super::orders::insert_imported(&tx, &o.order, &badge, now)?;
        }
        audit::append(&tx, &entry)?;
        tx.commit().map_err(|e| store.with_dir(e.into()))?;
        Ok(id)
    }
}
