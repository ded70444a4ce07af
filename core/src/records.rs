//! The device's records read back as the central record stores them: the payload of each synced
//! record kind (`case`, `person`, `assessment`, `statement`, `document`, `order`) as an owned,
//! typed value, and a case's records gathered into a [`CaseFile`] for the documents and the
//! console. The writers (`app::cases`, `app::assessments`, `app::statements`, `app::documents`,
//! `app::orders`) queue these shapes; `tests/it/records.rs` pushes real records through the
//! writers and reads every payload back with [`Record::parse`], so the two cannot drift apart.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::casefile::{CaseFile, CaseOrder, CaseStatus, FORMAT, FORMAT_VERSION};
use crate::domain::assessment::Assessment;
use crate::domain::order::Order;
use crate::domain::{Badge, CaseId, DocumentId, Incident, OrderId, Person, Statement};
use crate::templates::DocumentKind;

/// A `case` record: the case's header and incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseRecord {
    pub id: CaseId,
    pub created_at: DateTime<Utc>,
    pub created_by: Badge,
    pub incident: Incident,
}

/// A `person` record: a person of a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonRecord {
    pub case_id: CaseId,
    #[serde(flatten)]
    pub person: Person,
}

/// A `statement` record: a signed statement of a person of a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatementRecord {
    pub case_id: CaseId,
    #[serde(flatten)]
    pub statement: Statement,
}

/// A `document` record: a generated PDF's facts (the PDF itself is the record's attachment).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    pub id: DocumentId,
    pub case_id: CaseId,
    #[serde(default)]
    pub order_id: Option<OrderId>,
    pub kind: DocumentKind,
    /// The BCP 47 tag (`sr-Latn`, `sr-Cyrl`, `hu`, `en`).
    pub language: String,
    pub created_at: DateTime<Utc>,
    pub created_by: Badge,
    pub sha256: String,
    pub size: u64,
}

/// One record's payload, by its kind. An `assessment` record is the [`Assessment`] itself and an
/// `order` record the [`Order`] itself.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Case(CaseRecord),
    Person(PersonRecord),
    Assessment(Box<Assessment>),
    Statement(StatementRecord),
    Document(DocumentRecord),
    Order(Box<Order>),
}

/// Why a payload is not the record its kind says.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("no record kind {0:?} carries a case's contents")]
    Kind(String),
    /// The payload does not have the kind's shape (the field's path and serde's words, never a
    /// value from the payload).
    #[error("the {kind} record does not read at {path}: {problem}")]
    Shape {
        kind: &'static str,
        path: String,
        problem: String,
    },
}

fn read<T: serde::de::DeserializeOwned>(
    kind: &'static str,
    payload: &serde_json::Value,
) -> Result<T, RecordError> {
    serde_path_to_error::deserialize(payload).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        // serde_json's message may quote a value ("invalid value: string \"…\""): keep its
        // category only.
        let problem = inner
            .to_string()
            .split(':')
            .next()
            .unwrap_or_default()
            .to_owned();
        RecordError::Shape {
            kind,
            path,
            problem,
        }
    })
}

impl Record {
    /// Read a payload of the record kind named `kind` (`RecordKind::as_str`).
    pub fn parse(kind: &str, payload: &serde_json::Value) -> Result<Record, RecordError> {
        Ok(match kind {
            "case" => Record::Case(read("case", payload)?),
            "person" => Record::Person(read("person", payload)?),
            "assessment" => Record::Assessment(Box::new(read("assessment", payload)?)),
            "statement" => Record::Statement(read("statement", payload)?),
            "document" => Record::Document(read("document", payload)?),
            "order" => Record::Order(Box::new(read("order", payload)?)),
            other => return Err(RecordError::Kind(other.to_owned())),
        })
    }
}

/// Read an `order` record's payload.
pub fn order(payload: &serde_json::Value) -> Result<Order, RecordError> {
    read("order", payload)
}

/// A case's records as the central record holds them (each the owner's latest version).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseRecords {
    pub case: Option<CaseRecord>,
    pub people: Vec<Person>,
    pub assessments: Vec<Assessment>,
    pub statements: Vec<Statement>,
    pub documents: Vec<DocumentRecord>,
    pub orders: Vec<Order>,
}

impl CaseRecords {
    /// Add one record of the case.
    pub fn add(&mut self, record: Record) {
        match record {
            Record::Case(c) => self.case = Some(c),
            Record::Person(p) => self.people.push(p.person),
            Record::Assessment(a) => self.assessments.push(*a),
            Record::Statement(s) => self.statements.push(s.statement),
            Record::Document(d) => self.documents.push(d),
            Record::Order(o) => self.orders.push(*o),
        }
    }

    /// The records as a case file (what the documents are written from); `None` until the case's
    /// own record has arrived.
    pub fn case_file(&self) -> Option<CaseFile> {
        let case = self.case.as_ref()?;
        Some(CaseFile {
            format: FORMAT.to_owned(),
            format_version: FORMAT_VERSION,
            id: case.id,
            status: CaseStatus::Recorded,
            version: 1,
            created_at: case.created_at,
            created_by: case.created_by.clone(),
            incident: case.incident.clone(),
            people: self.people.clone(),
            statements: self.statements.clone(),
            assessments: self.assessments.clone(),
            orders: self.orders.iter().cloned().map(CaseOrder::new).collect(),
            official_number: None,
        })
    }
}
