//! Statements of any person in a case — the victim, the perpetrator (his hearing, Art. 15), a
//! witness, a child: started from a case, autosaved while being taken, signed by the person giving
//! it (or with the reason they did not sign) and the officer — and from then on immutable. A
//! correction is an addendum: a new statement that `amends` a signed one and is signed in its own
//! right. A person who is not in the case gives no statement in it.

use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use zastita_protocol::signing::sha256_hex;

use super::{CaseContent, Session, blocking, json_rows};
use crate::audit::{self, Action, Outcome};
use crate::clock::to_db;
use crate::domain::validate::{Strictness, validate_statement};
use crate::domain::{
    Badge, CaseId, FieldError, Person, PersonId, Signature, Statement, StatementDraft, StatementId,
};
use crate::error::Error;
use crate::outbox::{self, RecordKind};
use crate::store::StoreError;

/// Start taking a statement (or an addendum to a signed one) from a person in a case.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StartStatementRequest {
    pub case_id: CaseId,
    pub person_id: PersonId,
    #[serde(default)]
    pub amends: Option<StatementId>,
    #[serde(default)]
    pub draft: StatementDraft,
}

/// Sign a statement. The officer always signs; the person giving the statement signs, or the
/// reason they did not is recorded (`victim_*`: names kept from the frozen format).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SignStatementRequest {
    pub id: StatementId,
    /// The signature of the person giving the statement.
    #[serde(default)]
    pub victim_signature: Option<Signature>,
    /// Why the person giving the statement did not sign.
    #[serde(default)]
    pub victim_not_signed_reason: Option<String>,
    pub officer_signature: Option<Signature>,
}

/// A statement with what signing it would still refuse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatementView {
    pub case_id: CaseId,
    pub statement: Statement,
    pub issues: Vec<FieldError>,
}

/// SHA-256 of the statement as signed (with `content_sha256` itself empty): the chain-of-custody
/// fingerprint printed on documents and checked by the central record.
pub fn statement_fingerprint(st: &Statement) -> Result<String, serde_json::Error> {
    let mut copy = st.clone();
    copy.content_sha256 = None;
    let bytes = serde_json::to_vec(&copy)?;
    Ok(sha256_hex(&bytes))
}

impl Session {
    /// The people of a case as currently drafted or recorded.
    /// Read on every statement autosave, so it reads only the draft or the people, never the
    /// whole case.
    fn current_people(&self, case_id: CaseId) -> Result<Vec<Person>, Error> {
        let draft: Option<Option<String>> = self
            .store()
            .conn()
            .query_row(
                "SELECT draft FROM cases WHERE id = ?1",
                [case_id.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        match draft {
            None => Err(Error::CaseNotFound { id: case_id }),
            Some(Some(json)) => Ok(serde_json::from_str::<CaseContent>(&json)
                .map_err(StoreError::from)?
                .people),
            Some(None) => self.recorded_people(case_id),
        }
    }

    fn load_statement(&self, id: StatementId) -> Result<(CaseId, Statement), Error> {
        let row: Option<(String, String)> = self
            .store()
            .conn()
            .query_row(
                "SELECT case_id, data FROM statements WHERE id = ?1",
                [id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (case_id, data) = row.ok_or(Error::StatementNotFound { id })?;
        let case_id = case_id
            .parse()
            .map_err(|_| StoreError::Decode("stored case id".to_owned()))?;
        Ok((
            case_id,
            serde_json::from_str(&data).map_err(StoreError::from)?,
        ))
    }

    /// Start a statement; it is saved as a draft at once.
    pub fn start_statement(&mut self, req: StartStatementRequest) -> Result<StatementView, Error> {
        let now = self.now();
        let people = self.current_people(req.case_id)?;
        if !people.iter().any(|p| p.id == req.person_id) {
            return Err(Error::PersonNotFound { id: req.person_id });
        }
        if let Some(target) = req.amends {
            let (target_case, original) = self.load_statement(target)?;
            if target_case != req.case_id {
                return Err(Error::StatementNotFound { id: target });
            }
            if !original.is_signed() {
                return Err(Error::AmendsUnsigned { id: target });
            }
        }
        let mut st = Statement {
            id: StatementId::new(),
            person_id: req.person_id,
            amends: req.amends,
            taken_at: now,
            taken_by: self.officer().badge.clone(),
            place: String::new(),
            language: String::new(),
            interpreter: None,
            text: String::new(),
            victim_signature: None,
            victim_not_signed_reason: None,
            officer_signature: None,
            signed_at: None,
            content_sha256: None,
        };
        st.apply_draft(req.draft);
        let block = blocking(&validate_statement(&st, &people, now, Strictness::Draft));
        if !block.is_empty() {
            return Err(Error::Invalid(block));
        }
        let entry = self.entry(
            Action::Create,
            Some(format!("statement:{}", st.id)),
            Outcome::Ok,
            Some(format!("case:{}", req.case_id)),
        );
        let data = serde_json::to_string(&st).map_err(StoreError::from)?;
        let store = self.store_mut();
        let tx = store.transaction()?;
        tx.execute(
            "INSERT INTO statements (id, case_id, person_id, amends, taken_at, data, signed_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, ?5)",
            params![
                st.id.to_string(),
                req.case_id.to_string(),
                st.person_id.to_string(),
                st.amends.map(|a| a.to_string()),
                to_db(now),
                data
            ],
        )?;
        audit::append(&tx, &entry)?;
        tx.commit().map_err(|e| store.with_dir(e.into()))?;
        let issues = validate_statement(&st, &people, now, Strictness::Record);
        Ok(StatementView {
            case_id: req.case_id,
            statement: st,
            issues,
        })
    }

    /// Autosave a statement being taken. A signed statement refuses any change.
    pub fn save_statement_draft(
        &mut self,
        id: StatementId,
        draft: StatementDraft,
    ) -> Result<StatementView, Error> {
        let now = self.now();
        let (case_id, mut st) = self.load_statement(id)?;
        if st.is_signed() {
            return Err(Error::StatementSigned { id });
        }
        let people = self.current_people(case_id)?;
        st.apply_draft(draft);
        let block = blocking(&validate_statement(&st, &people, now, Strictness::Draft));
        if !block.is_empty() {
            return Err(Error::Invalid(block));
        }
        let data = serde_json::to_string(&st).map_err(StoreError::from)?;
        let store = self.store_mut();
        let tx = store.transaction()?;
        tx.execute(
            "UPDATE statements SET data = ?2, updated_at = ?3 WHERE id = ?1",
            params![id.to_string(), data, to_db(now)],
        )?;
        tx.commit().map_err(|e| store.with_dir(e.into()))?;
        let issues = validate_statement(&st, &people, now, Strictness::Record);
        Ok(StatementView {
            case_id,
            statement: st,
            issues,
        })
    }

    /// Sign a statement: validate it strictly, fingerprint it, freeze it and queue it.
    pub fn sign_statement(&mut self, req: SignStatementRequest) -> Result<StatementView, Error> {
        let now = self.now();
        let (case_id, mut st) = self.load_statement(req.id)?;
        if st.is_signed() {
            return Err(Error::StatementSigned { id: req.id });
        }
        let people = self.current_people(case_id)?;
        st.victim_signature = req.victim_signature;
        st.victim_not_signed_reason = req
            .victim_not_signed_reason
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty());
        st.officer_signature = req.officer_signature;
        let errors = validate_statement(&st, &people, now, Strictness::Record);
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        st.signed_at = Some(now);
        st.content_sha256 = Some(statement_fingerprint(&st).map_err(StoreError::from)?);
        let badge = self.officer().badge.clone();
        let entry = self.entry(
            Action::Sign,
            Some(format!("statement:{}", st.id)),
            Outcome::Ok,
            Some(format!("case:{case_id}")),
        );
        let data = serde_json::to_string(&st).map_err(StoreError::from)?;
        let store = self.store_mut();
        let tx = store.transaction()?;
        tx.execute(
            "UPDATE statements SET data = ?2, signed_at = ?3, updated_at = ?3 WHERE id = ?1",
            params![st.id.to_string(), data, to_db(now)],
        )?;
        outbox::enqueue(
            &tx,
            RecordKind::Statement,
            st.id.0,
            1,
            &badge,
            now,
            &StatementRecord {
                case_id,
                statement: &st,
            },
        )?;
        audit::append(&tx, &entry)?;
        tx.commit().map_err(|e| store.with_dir(e.into()))?;
        Ok(StatementView {
            case_id,
            statement: st,
            issues: Vec::new(),
        })
    }

    /// Statements of a case, in the order they were started.
    pub(crate) fn case_statements(&self, case_id: CaseId) -> Result<Vec<Statement>, Error> {
        json_rows(
            self.store().conn(),
            "SELECT data FROM statements WHERE case_id = ?1 ORDER BY rowid",
            &case_id.to_string(),
        )
    }
}

/// The statement record as queued for the central record.
#[derive(Serialize)]
struct StatementRecord<'a> {
    case_id: CaseId,
    #[serde(flatten)]
    statement: &'a Statement,
}

/// Insert a statement from an imported case file (already validated); a signed one is queued.
pub(super) fn insert_imported(
    tx: &Transaction<'_>,
    case_id: CaseId,
    st: &Statement,
    officer: &Badge,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), Error> {
    let data = serde_json::to_string(st).map_err(StoreError::from)?;
    tx.execute(
        "INSERT INTO statements (id, case_id, person_id, amends, taken_at, data, signed_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            st.id.to_string(),
            case_id.to_string(),
            st.person_id.to_string(),
            st.amends.map(|a| a.to_string()),
            to_db(st.taken_at),
            data,
            st.signed_at.map(to_db),
            to_db(now)
        ],
    )?;
    if st.is_signed() {
        outbox::enqueue(
            tx,
            RecordKind::Statement,
            st.id.0,
            1,
            officer,
            now,
            &StatementRecord {
                case_id,
                statement: st,
            },
        )?;
    }
    Ok(())
}
