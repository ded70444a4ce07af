//! The chain after the police order on the central record (issue 15, items 4–6): the index the
//! console's board reads (`console_orders`, filled in the push's transaction from the owner's
//! accepted order versions, and `case_records`, which record belongs to which case), the acts of
//! the prosecutor's office and the court (`console_acts`, each sent down the feed of the device
//! that owns the order, and no other), and the proposal PDF (`console_documents`, sealed whole).
//! The caller (the console's handlers) has resolved the session to an [`Operator`]; every view,
//! act and refusal here is written to the admin audit by the console's one entry writer
//! (`console::audit::Audit`: actor kind `console`, the operator's id and login, the purpose as
//! `code: words`) — a view or an act in its own transaction, a refusal in one of its own after
//! the refused transaction rolled back.
//!
//! What each role reads (`OrderFile`): station staff and the prosecutor the whole case as the
//! device sent it (incident, people, completed assessments, signed statements, the order's PDFs
//! and the case summary); the court the incident, the people, the completed assessments, the
//! **perpetrator's** signed statements only and the order's PDFs without the case summary (which
//! prints every statement in full), with both evaluations (the police finding in the assessment,
//! the prosecutor's in the chain). A court reaches only orders with a proposal.
//!
//! **Invariants.** An order's index row follows its owner's latest accepted version (an older
//! version arriving late never replaces it). A receipt (the prosecutor's office's, the court's)
//! is recorded once (a unique index). The law's judgement of an act is core's (`law::admit` on
//! the order as it stands with the acts already recorded, `chain/law.rs`).

mod acts;
mod index;
mod law;
mod read;
mod records;
mod tx;
mod violation;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;
use zastita_core::domain::order::Order;
use zastita_core::domain::{Language, Role};
use zastita_core::records::{CaseRecords, Record};
use zastita_core::templates::{Context, DocumentKind, Proposal, proposal};
use zastita_protocol::console::chain::{
    Act, ActKind, ActRequest, Board, BoardEntry, BoardScope, ChainView, DeclinedView, DocumentRef,
    EvaluationView, OrderFile, ProposalView, Receipt,
};
use zastita_protocol::console::{ConsolePurpose, InstitutionKind, OperatorRole};
use zastita_protocol::messages::{ChainEvent, ChangeKind, CourtOutcome, RecordKind};

use super::changes::{Audience, append_change, owner_of};
use super::console_audit::{Audit as ConsoleAudit, clean_purpose};
use super::crypt::Place;
use super::sql::{Row, Sql, Val};
use super::{Store, StoreError};
use crate::jurisdiction::{Operator, Territory, institution_key};
pub use acts::role_may;
use acts::*;
pub(super) use index::on_accepted;
use index::*;
pub use index::{BoardQueries, index_held};
pub use law::{IndexFacts, index_facts};
use read::*;
use records::*;
use tx::Mode;
pub use violation::ViolationRefusal;

/// Orders on one page of the board.
pub const PAGE_SIZE: u32 = 50;
/// The longest reasons, note or evaluation an act carries (characters).
pub const MAX_TEXT: usize = 4000;
/// The longest evidence item, number or court name (characters).
pub const MAX_LINE: usize = 300;
/// The most evidence items a proposal lists.
pub const MAX_EVIDENCE: usize = 50;
/// The longest purpose text (characters), as the console asks it.
pub const MAX_PURPOSE: usize = super::console_audit::MAX_PURPOSE_TEXT;

/// Why the console's chain refuses a request (each but `Store` is audited as a refusal).
#[derive(Debug, thiserror::Error)]
pub enum ChainError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no such order or document")]
    NotFound,
    #[error("the operator's role may not do this")]
    ForbiddenRole,
    #[error("the order is outside the operator's jurisdiction")]
    OutsideJurisdiction,
    /// The law (core) does not admit the act now; `code` is core's refusal code
    /// (`order_decision_before_proposal`, `order_evaluation_required`…).
    #[error("the law does not admit this act now ({code})")]
    NotAdmitted { code: String },
    #[error("{field} is missing or invalid")]
    Invalid { field: &'static str },
}

impl ChainError {
    /// The console's refusal code (`protocol::console::codes`).
    pub fn code(&self) -> &'static str {
        use zastita_protocol::console::codes;
        match self {
            ChainError::Store(_) => "internal",
            ChainError::NotFound => codes::NOT_FOUND,
            ChainError::ForbiddenRole => codes::FORBIDDEN_ROLE,
            ChainError::OutsideJurisdiction => codes::OUTSIDE_JURISDICTION,
            ChainError::NotAdmitted { .. } => codes::NOT_ADMITTED,
            ChainError::Invalid { .. } => codes::INVALID,
        }
    }
}

type Result<T, E = ChainError> = std::result::Result<T, E>;

pub(crate) use crate::store::latest::latest_accepted;

pub use index::reindex_all;

/// The orders of `case` the console's index holds, each as it stands (the owner's latest
/// version with the acts merged in) with its number (official, else provisional).
pub(crate) fn case_orders(
    sql: &mut dyn Sql,
    case: Uuid,
) -> Result<Vec<(String, Order)>, StoreError> {
    let rows = sql.query(
        &format!(
            "SELECT {INDEXED} FROM console_orders c LEFT JOIN orders o ON o.order_id = c.order_id
             WHERE c.case_id = $1 ORDER BY c.issued_at DESC, c.order_id"
        ),
        &[case.into()],
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let row = indexed_from(sql, r)?;
        let (order, _) = standing_order(sql, &row)?;
        let number = row
            .official_number
            .clone()
            .or_else(|| order.official_number().map(str::to_owned))
            .unwrap_or_else(|| row.provisional_number.clone());
        out.push((number, order));
    }
    Ok(out)
}

/// The act's words and the change it sent down the feed, as `console_acts.detail` seals them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ActDetail {
    /// The operator's name.
    operator: String,
    change: ChangeKind,
    #[serde(default)]
    reasons: String,
    #[serde(default)]
    evidence: Vec<String>,
    #[serde(default)]
    document: Option<DocKey>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct DocKey {
    record_id: Uuid,
    sha256: String,
    created_at: DateTime<Utc>,
}

/// An act as stored.
#[derive(Debug, Clone, PartialEq)]
struct StoredAct {
    act_id: Uuid,
    kind: String,
    at: DateTime<Utc>,
    recorded_at: DateTime<Utc>,
    institution: String,
    detail: ActDetail,
}

impl StoredAct {
    fn on_order(&self) -> law::ActOnOrder {
        law::ActOnOrder {
            act_id: self.act_id,
            recorded_at: self.recorded_at,
            change: self.detail.change.clone(),
        }
    }
}

impl Store {
    /// The board: the orders in the operator's jurisdiction (a court's: only those with a
    /// proposal), most urgent first — overdue and soonest first, then those with nothing due,
    /// newest first — [`PAGE_SIZE`] a page (`page` from 0), each with its clocks, stage and
    /// warnings computed by core at `now`.
    pub fn board(
        &self,
        op: &Operator,
        scope: BoardScope,
        page: u32,
        purpose: &ConsolePurpose,
        now: DateTime<Utc>,
    ) -> Result<Board> {
        let audit = Audit {
            op,
            action: "console.board",
            target: None,
            purpose,
        };
        self.console_tx(&audit, Mode::Read, now, |sql, detail| {
            let Some((column, key, proposed_only)) = jurisdiction(op) else {
                return Err(ChainError::ForbiddenRole);
            };
            let q = BoardQueries::new(column, proposed_only, scope);
            let mut params: Vec<Val> = vec![key.clone().into()];
            if scope == BoardScope::Open {
                params.push(now.into());
            }
            let total = sql.query_one(&q.count, &params)?.u64(0)?;
            params.push(i64::from(PAGE_SIZE).into());
            params.push((i64::from(page) * i64::from(PAGE_SIZE)).into());
            let rows = sql.query(&q.page, &params)?;
            let mut entries = Vec::with_capacity(rows.len());
            for r in &rows {
                let row = indexed_from(sql, r)?;
                // The index's filter and the one rule of jurisdiction agree; this keeps it so.
                if !op.covers(&row.territory) {
                    continue;
                }
                let (order, _) = standing_order(sql, &row)?;
                entries.push(entry(&row, &order, now));
            }
            detail.insert("scope".into(), json!(scope));
            detail.insert("page".into(), json!(page));
            detail.insert("entries".into(), json!(entries.len()));
            Ok(Board {
                entries,
                total,
                page,
                page_size: PAGE_SIZE,
                server_time: now,
            })
        })
    }

    /// Open an order (the consultation, with its purpose). The first opening by the competent
    /// prosecutor's office records its receipt, and a court's first opening of a proposed order
    /// the court's receipt; each goes down the feed of the device that owns the order. Only such
    /// a first opening writes; every other opening reads on a snapshot.
    pub fn open_order(
        &self,
        op: &Operator,
        order_id: Uuid,
        purpose: &ConsolePurpose,
        now: DateTime<Utc>,
    ) -> Result<OrderFile> {
        let audit = Audit {
            op,
            action: "console.order.open",
            target: Some(format!("order:{order_id}")),
            purpose,
        };
        let due = |sql: &mut dyn Sql| -> Result<(Indexed, Option<(&'static str, ChainEvent)>)> {
            let row = reachable(sql, op, order_id)?;
            let (order, acts) = standing_order(sql, &row)?;
            let receipt = receipt_due(op, &row, &order, &acts, now);
            Ok((row, receipt))
        };
        // Only an opening whose role's receipt is not yet recorded may write (one cheap query;
        // whether core admits the receipt is judged in the request's own transaction).
        let mode = match receipt_kind(op.role) {
            Some(kind) => match self.read(|sql| act_recorded(sql, order_id, kind)) {
                Ok(true) => Mode::Read,
                _ => Mode::Write,
            },
            None => Mode::Read,
        };
        if mode == Mode::Read {
            // A receipt that fell due since the check above is left to the next opening (a
            // snapshot cannot write).
            return self.console_tx(&audit, mode, now, |sql, _| {
                due(sql)?;
                order_file(sql, op, order_id, now)
            });
        }
        self.console_tx(&audit, mode, now, |sql, detail| {
            let (row, receipt) = due(sql)?;
            if let Some((kind, event)) = receipt {
                let change = |act_id| ChangeKind::OrderAct {
                    order_id,
                    act_id,
                    event: event.clone(),
                };
                record_act(sql, op, &row, kind, now, change, Words::default(), now)?;
                reindex(sql, order_id, now)?;
                detail.insert("recorded".into(), json!(kind));
            }
            Ok(())
        })?;
        // The file is gathered once the receipt and the opening's entry are committed, on a
        // snapshot: the one writer (SQLite's, which the devices' pushes wait for) is not held
        // while every record of the case is opened.
        self.read(|sql| Ok(order_file(sql, op, order_id, now)))?
    }

    /// Record an act of the prosecutor or the court on an order: the role's and jurisdiction's
    /// check, then core's admission on the order as it stands, then the act, its change down the
    /// owner's feed (a decision as `CourtDecision`, every other act as `OrderAct`) and, for a
    /// proposal, its PDF. The order file as it now stands.
    pub fn act(
        &self,
        op: &Operator,
        order_id: Uuid,
        request: &ActRequest,
        now: DateTime<Utc>,
    ) -> Result<OrderFile> {
        let kind = law::act_kind(&request.act);
        let audit = Audit {
            op,
            action: "console.order.act",
            target: Some(format!("order:{order_id}")),
            purpose: &request.purpose,
        };
        self.console_tx(&audit, Mode::Write, now, |sql, detail| {
            detail.insert("act".into(), json!(kind));
            if !role_may(op.role, kind) {
                return Err(ChainError::ForbiddenRole);
            }
            let row = reachable_for_act(sql, op, order_id)?;
            let (order, acts) = standing_order(sql, &row)?;
            let prepared = prepare(&request.act, &row, order_id, now)?;
            let probe = (prepared.change)(Uuid::nil());
            law::admission(&order, &probe, now).map_err(|r| {
                ChainError::NotAdmitted {
                    code: r.code().as_str().to_owned(),
                }
            })?;
            let mut words = prepared.words;
            if kind == ActKind::Propose {
                let evaluation = acts
                    .iter()
                    .rev()
                    .find(|a| a.kind == "evaluated")
                    .map(|a| a.detail.clone());
                let (agrees, evaluation) = match evaluation.map(|d| d.change) {
                    Some(ChangeKind::OrderAct {
                        event: ChainEvent::ProsecutorEvaluated {
                            agrees, reasons, ..
                        },
                        ..
                    }) => (agrees, reasons),
                    _ => (true, String::new()),
                };
                let record_id = Uuid::now_v7();
                let pdf = proposal_pdf(
                    sql,
                    op,
                    &row,
                    &order,
                    &Proposal {
                        office: &row.territory.prosecutor_office,
                        court: &row.territory.basic_court,
                        prosecutor: &op.name,
                        at: now,
                        agrees,
                        evaluation: &evaluation,
                        reasons: &words.reasons,
                        evidence: &words.evidence,
                    },
                    now,
                )?;
                let sha256 = zastita_protocol::signing::sha256_hex(&pdf);
                let sealed = sql
                    .cipher()?
                    .seal_bytes(&document_place(record_id, &sha256), &pdf)?;
                sql.execute(
                    "INSERT INTO console_documents (record_id, sha256, order_id, kind, created_at, pdf)
                     VALUES ($1, $2, $3, 'proposal', $4, $5)",
                    &[
                        record_id.into(),
                        sha256.as_str().into(),
                        order_id.into(),
                        now.into(),
                        sealed.into(),
                    ],
                )?;
                detail.insert("document".into(), json!(record_id));
                words.document = Some(DocKey {
                    record_id,
                    sha256,
                    created_at: now,
                });
            }
            let act_id = record_act(
                sql,
                op,
                &row,
                prepared.kind,
                prepared.at,
                prepared.change,
                words,
                now,
            )?;
            detail.insert("act_id".into(), json!(act_id));
            reindex(sql, order_id, now)?;
            order_file(sql, op, order_id, now)
        })
    }

    /// A document of an order the operator may read (the device's PDFs, the proposal): its
    /// bytes. Audited as a consultation.
    pub fn order_document(
        &self,
        op: &Operator,
        order_id: Uuid,
        record_id: Uuid,
        sha256: &str,
        purpose: &ConsolePurpose,
        now: DateTime<Utc>,
    ) -> Result<Vec<u8>> {
        let audit = Audit {
            op,
            action: "console.order.document",
            target: Some(format!("order:{order_id}")),
            purpose,
        };
        self.console_tx(&audit, Mode::Read, now, |sql, detail| {
            let row = reachable(sql, op, order_id)?;
            detail.insert("record".into(), json!(record_id));
            let (order, _) = standing_order(sql, &row)?;
            let listed = documents(sql, op, &row, &order)?
                .into_iter()
                .any(|d| d.record_id == record_id && d.sha256 == sha256);
            if !listed {
                return Err(ChainError::NotFound);
            }
            if let Some(r) = sql.query_opt(
                "SELECT pdf FROM console_documents WHERE record_id = $1 AND sha256 = $2",
                &[record_id.into(), sha256.into()],
            )? {
                return Ok(sql
                    .cipher()?
                    .open_bytes(&document_place(record_id, sha256), &r.bytes(0)?)?);
            }
            super::attachments::read_complete(sql, record_id, sha256)?.ok_or(ChainError::NotFound)
        })
    }
}
