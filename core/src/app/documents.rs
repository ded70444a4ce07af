//! Generated documents: the order, its service receipt and the case summary for the prosecutor,
//! rendered to PDF from the case as it stands, stored in the case (encrypted like every page of
//! the store) and audited as a print. The same [`Document`] model comes back for the app's print
//! preview.

use std::collections::BTreeMap;
use zastita_protocol::signing::sha256_hex;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::purpose::Extra;
use super::{Language, Session};
use crate::audit::{self, Action, Outcome};
use crate::clock::to_db;
use crate::document::{Document, PdfMeta, render_pdf};
use crate::domain::{Badge, CaseId, DocumentId, OrderId};
use crate::error::Error;
use crate::law::OrderRefusal;
use crate::store::StoreError;
use crate::templates::{self, Context, DocumentKind, Signatory};

/// Make a document of a case (and, for the order and the receipt, of one of its orders).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GenerateDocumentRequest {
    pub case_id: CaseId,
    pub kind: DocumentKind,
    #[serde(default)]
    pub order_id: Option<OrderId>,
    pub language: Language,
}

/// A stored document, without its bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DocumentInfo {
    pub id: DocumentId,
    pub case_id: CaseId,
    pub order_id: Option<OrderId>,
    pub kind: DocumentKind,
    pub language: Language,
    pub created_at: DateTime<Utc>,
    pub created_by: Badge,
    pub sha256: String,
    /// Bytes of the PDF.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
}

/// A document just generated: what was stored, and the model for the print preview.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GeneratedDocument {
    pub info: DocumentInfo,
    pub preview: Document,
}

/// The document record as queued for the central record: its metadata, never the PDF (which is
/// the attachment keyed by the document id and `sha256`).
#[derive(Serialize)]
struct DocumentRecord<'a> {
    id: DocumentId,
    case_id: CaseId,
    order_id: Option<OrderId>,
    kind: DocumentKind,
    /// The BCP 47 tag (`sr-Latn`, `sr-Cyrl`, `hu`, `en`).
    language: &'static str,
    created_at: DateTime<Utc>,
    created_by: &'a Badge,
    sha256: &'a str,
    size: u64,
}

impl Session {
    /// Render a document from the case as it stands now, store the PDF in the case and audit it.
    /// Returns the stored document's details, its bytes and the preview model.
    pub fn generate_document(
        &mut self,
        req: GenerateDocumentRequest,
    ) -> Result<(GeneratedDocument, Vec<u8>), Error> {
        if !self.case_exists(&req.case_id.to_string())? {
            return Err(Error::CaseNotFound { id: req.case_id });
        }
        // Rendering reads the whole case: a consultation, with the case's purpose.
        self.require_purpose(Some(req.case_id))?;
        let (file, _) = self.case_file(req.case_id)?;
        let order = match (req.kind.needs_order(), req.order_id) {
            (true, None) => {
                return Err(Error::Invalid(vec![crate::domain::FieldError::new(
                    "order_id",
                    crate::domain::FieldErrorCode::Required,
                )]));
            }
            (true, Some(id)) => {
                let o = file
                    .orders
                    .iter()
                    .find(|o| o.order.id == id)
                    .map(|o| o.order.clone())
                    .ok_or(Error::OrderNotFound { id })?;
                // A draft printed as an order could be handed over as if it were one; a receipt
                // exists only for a service that happened.
                let refusal = match req.kind {
                    DocumentKind::Order if o.issued.is_none() => Some(OrderRefusal::NotIssued),
                    DocumentKind::Receipt if o.service().is_none() => Some(OrderRefusal::NotServed),
                    _ => None,
                };
                if let Some(refusal) = refusal {
                    return Err(Error::Order { id, refusal });
                }
                Some(o)
            }
            (false, _) => None,
        };
        let mut instruments = Vec::new();
        for a in &file.assessments {
            if !instruments
                .iter()
                .any(|i: &crate::risk::Instrument| i.reference() == a.instrument)
            {
                instruments.push(self.instrument(&a.instrument)?);
            }
        }
        let officers: BTreeMap<Badge, Signatory> = self
            .list_officers()?
            .into_iter()
            .map(|o| {
                let who = Signatory {
                    name: o.name,
                    rank: o.rank,
                };
                (o.badge, who)
            })
            .collect();
        let now = self.now();
        let device = self.device_tag();
        let ctx = Context {
            file: &file,
            instruments: &instruments,
            officers: &officers,
            device: &device,
            generated_at: now,
            language: req.language,
        };
        let doc = templates::build(&ctx, req.kind, order.as_ref())
            .map_err(|e| Error::Document(e.to_string()))?;
        let pdf = render_pdf(
            &doc,
            &PdfMeta {
                title: doc.title.clone(),
                author: self.officer().badge.to_string(),
                created: now,
                language: req.language,
            },
        )
        .map_err(|e| Error::Document(e.to_string()))?;
        let info = DocumentInfo {
            id: DocumentId::new(),
            case_id: req.case_id,
            order_id: order.as_ref().map(|o| o.id),
            kind: req.kind,
            language: req.language,
            created_at: now,
            created_by: self.officer().badge.clone(),
            sha256: sha256_hex(&pdf),
            size: pdf.len() as u64,
        };
        let preview = serde_json::to_string(&doc).map_err(StoreError::from)?;
        let detail = self.consult_detail(Some(req.case_id), Extra::default())?;
        let entry = self.entry(
            Action::Print,
            Some(format!("document:{}", info.id)),
            Outcome::Ok,
            Some(detail),
        );
        let store = self.store_mut();
        let tx = store.transaction()?;
        tx.execute(
            "INSERT INTO documents (id, case_id, order_id, kind, language, created_at, created_by,
                                    sha256, preview, pdf)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                info.id.to_string(),
                info.case_id.to_string(),
                info.order_id.map(|o| o.to_string()),
                info.kind.as_str(),
                language_tag(info.language),
                to_db(now),
                info.created_by.as_str(),
                info.sha256,
                preview,
                pdf
            ],
        )?;
        // The document is a record of its own (its metadata); the PDF is its attachment, uploaded
        // in chunks once the record is acknowledged.
        crate::outbox::enqueue(
            &tx,
            crate::outbox::RecordKind::Document,
            info.id.0,
            1,
            &info.created_by,
            now,
            &DocumentRecord {
                id: info.id,
                case_id: info.case_id,
                order_id: info.order_id,
                kind: info.kind,
                language: language_tag(info.language),
                created_at: info.created_at,
                created_by: &info.created_by,
                sha256: &info.sha256,
                size: info.size,
            },
        )?;
        tx.execute(
            "INSERT INTO attachment_uploads (record_id, sha256, size, updated_at)
             VALUES (?1, ?2, ?3, ?4)",
            params![
                info.id.to_string(),
                info.sha256,
                i64::try_from(info.size).unwrap_or(i64::MAX),
                to_db(now)
            ],
        )?;
        audit::append(&tx, &entry)?;
        tx.commit().map_err(|e| store.with_dir(e.into()))?;
        Ok((GeneratedDocument { info, preview: doc }, pdf))
    }

    /// A case's stored documents, newest first.
    pub fn case_documents(&self, case_id: CaseId) -> Result<Vec<DocumentInfo>, Error> {
        let conn = self.store().conn();
        let mut stmt = conn.prepare(
            "SELECT id, order_id, kind, language, created_at, created_by, sha256, length(pdf)
             FROM documents WHERE case_id = ?1 ORDER BY created_at DESC, id DESC",
        )?;
        let rows = stmt.query_map([case_id.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, i64>(7)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, order_id, kind, language, created_at, created_by, sha256, size) = row?;
            let decode = |what: &str| StoreError::Decode(format!("stored document {what}"));
            out.push(DocumentInfo {
                id: id.parse().map_err(|_| decode("id"))?,
                case_id,
                order_id: order_id
                    .map(|o| o.parse())
                    .transpose()
                    .map_err(|_| decode("order id"))?,
                kind: serde_json::from_value(serde_json::Value::String(kind))
                    .map_err(|_| decode("kind"))?,
                language: serde_json::from_value(serde_json::Value::String(language))
                    .map_err(|_| decode("language"))?,
                created_at: DateTime::parse_from_rfc3339(&created_at)
                    .map_err(|_| decode("time"))?
                    .with_timezone(&Utc),
                created_by: Badge::parse(&created_by).map_err(|_| decode("badge"))?,
                sha256,
                size: u64::try_from(size).unwrap_or_default(),
            });
        }
        Ok(out)
    }

    /// A stored document's model, to show it again (and print it) as it was generated. Reading
    /// it is a consultation of personal data: audited.
    pub fn document_preview(&mut self, id: DocumentId) -> Result<GeneratedDocument, Error> {
        let row: Option<(String, String)> = self
            .store()
            .conn()
            .query_row(
                "SELECT case_id, preview FROM documents WHERE id = ?1",
                [id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (case_id, preview) = row.ok_or(Error::DocumentNotFound { id })?;
        let case_id: CaseId = case_id
            .parse()
            .map_err(|_| StoreError::Decode("stored document's case id".to_owned()))?;
        let info = self
            .case_documents(case_id)?
            .into_iter()
            .find(|d| d.id == id)
            .ok_or(Error::DocumentNotFound { id })?;
        self.require_purpose(Some(case_id))?;
        let preview: Document = serde_json::from_str(&preview).map_err(StoreError::from)?;
        self.audit_consultation(
            Action::View,
            format!("document:{id}"),
            Some(case_id),
            Extra::default(),
        )?;
        Ok(GeneratedDocument { info, preview })
    }

    /// A stored document's PDF bytes (a consultation of personal data: audited).
    pub fn document_pdf(&mut self, id: DocumentId) -> Result<Vec<u8>, Error> {
        let row: Option<(String, Vec<u8>)> = self
            .store()
            .conn()
            .query_row(
                "SELECT case_id, pdf FROM documents WHERE id = ?1",
                [id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (case_id, pdf) = row.ok_or(Error::DocumentNotFound { id })?;
        let case_id: CaseId = case_id
            .parse()
            .map_err(|_| StoreError::Decode("stored document's case id".to_owned()))?;
        self.require_purpose(Some(case_id))?;
        self.audit_consultation(
            Action::Export,
            format!("document:{id}"),
            Some(case_id),
            Extra::default(),
        )?;
        Ok(pdf)
    }
}

fn language_tag(l: Language) -> &'static str {
    match l {
        Language::SrLatn => "sr-Latn",
        Language::SrCyrl => "sr-Cyrl",
        Language::Hu => "hu",
        Language::En => "en",
    }
}
