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

mod law;

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
use super::crypt::Place;
use super::sql::{Row, Sql, Val};
use super::{Store, StoreError};
use crate::console::audit::{Audit as ConsoleAudit, check_purpose};
use crate::console::operator::{Operator, Territory, institution_key};
pub use law::{IndexFacts, index_facts};

/// Orders on one page of the board.
pub const PAGE_SIZE: u32 = 50;
/// The longest reasons, note or evaluation an act carries (characters).
pub const MAX_TEXT: usize = 4000;
/// The longest evidence item, number or court name (characters).
pub const MAX_LINE: usize = 300;
/// The most evidence items a proposal lists.
pub const MAX_EVIDENCE: usize = 50;
/// The longest purpose text (characters), as the console asks it.
pub const MAX_PURPOSE: usize = crate::console::audit::MAX_PURPOSE_TEXT;

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

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

fn act_place(act: Uuid) -> Place {
    Place::new("console_acts", "detail", act.to_string())
}

fn municipality_place(order: Uuid) -> Place {
    Place::new("console_orders", "municipality", order.to_string())
}

fn document_place(record: Uuid, sha256: &str) -> Place {
    Place::new("console_documents", "pdf", format!("{record}/{sha256}"))
}

/// The payload of the owner's latest accepted version of `record`: (version id, version, JSON).
fn latest_payload(
    sql: &mut dyn Sql,
    record: Uuid,
) -> Result<Option<(Uuid, u32, Value)>, StoreError> {
    let Some(row) = sql.query_opt(
        "SELECT r.version_id, r.version, r.payload FROM records r
         JOIN record_owners o ON o.record_id = r.record_id AND o.device_id = r.device_id
         WHERE r.record_id = $1 AND r.outcome = 'accepted'
         ORDER BY r.version DESC, r.seq DESC LIMIT 1",
        &[record.into()],
    )?
    else {
        return Ok(None);
    };
    let version_id = row.uuid(0)?;
    let text = sql.cipher()?.open_text(
        &Place::new("records", "payload", version_id.to_string()),
        &row.text(2)?,
    )?;
    let payload = serde_json::from_str(&text).map_err(corrupt)?;
    Ok(Some((
        version_id,
        u32::try_from(row.i64(1)?).unwrap_or_default(),
        payload,
    )))
}

fn payload_of(sql: &mut dyn Sql, version_id: Uuid) -> Result<Value, StoreError> {
    let row = sql.query_one(
        "SELECT payload FROM records WHERE version_id = $1",
        &[version_id.into()],
    )?;
    let text = sql.cipher()?.open_text(
        &Place::new("records", "payload", version_id.to_string()),
        &row.text(0)?,
    )?;
    serde_json::from_str(&text).map_err(corrupt)
}

fn load_acts(sql: &mut dyn Sql, order: Uuid) -> Result<Vec<StoredAct>, StoreError> {
    let rows = sql.query(
        "SELECT act_id, kind, at, recorded_at, institution, detail FROM console_acts
         WHERE order_id = $1 ORDER BY recorded_at, act_id",
        &[order.into()],
    )?;
    let cipher = sql.cipher()?;
    rows.iter()
        .map(|r| {
            let act_id = r.uuid(0)?;
            let text = cipher.open_text(&act_place(act_id), &r.text(5)?)?;
            Ok(StoredAct {
                act_id,
                kind: r.text(1)?,
                at: r.time(2)?,
                recorded_at: r.time(3)?,
                institution: r.text(4)?,
                detail: serde_json::from_str(&text).map_err(corrupt)?,
            })
        })
        .collect()
}

fn on_order(acts: &[StoredAct]) -> Vec<law::ActOnOrder> {
    acts.iter().map(StoredAct::on_order).collect()
}

/// The case a record's payload belongs to (a case record is its own).
fn case_of(kind: RecordKind, record: Uuid, payload: &Value) -> Option<Uuid> {
    match kind {
        RecordKind::Case => Some(record),
        RecordKind::Person
        | RecordKind::Assessment
        | RecordKind::Statement
        | RecordKind::Document
        | RecordKind::Order => payload
            .get("case_id")
            .and_then(Value::as_str)
            .and_then(|s| Uuid::parse_str(s).ok()),
        _ => None,
    }
}

/// In the push's transaction, for an accepted version of the owner's: note the case the record
/// belongs to, and index an order. A payload core cannot read is stored all the same (the push
/// never fails on it) and is not on the board.
#[allow(clippy::too_many_arguments)]
pub(super) fn on_accepted(
    sql: &mut dyn Sql,
    device: Uuid,
    kind: RecordKind,
    record: Uuid,
    version_id: Uuid,
    version: u32,
    payload: &Value,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if let Some(case) = case_of(kind, record, payload) {
        sql.execute(
            "INSERT INTO case_records (record_id, case_id, kind) VALUES ($1, $2, $3)
             ON CONFLICT (record_id) DO NOTHING",
            &[record.into(), case.into(), kind.as_str().into()],
        )?;
    }
    if kind == RecordKind::Order
        && let Ok(order) = zastita_core::records::order(payload)
    {
        index_order(sql, device, version_id, version, &order, now)?;
    }
    Ok(())
}

/// The victim's municipality the order names, else its case's incident's.
fn municipality_of(sql: &mut dyn Sql, order: &Order) -> Result<String, StoreError> {
    let named = order.content.victim_municipality.trim();
    if !named.is_empty() {
        return Ok(named.to_owned());
    }
    Ok(match latest_payload(sql, order.case_id.0)? {
        Some((_, _, case)) => case
            .pointer("/incident/municipality")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim()
            .to_owned(),
        None => String::new(),
    })
}

/// (Re)write an order's index row from `device_order` (its version `version_id`) and the acts
/// recorded on it; an older version than the row's is ignored.
fn index_order(
    sql: &mut dyn Sql,
    device: Uuid,
    version_id: Uuid,
    version: u32,
    device_order: &Order,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let id = device_order.id.0;
    // One round trip for what the push's transaction needs: the indexed version, the issuing
    // administration's code (numbering wrote it), whether any act is recorded.
    let known = sql.query_one(
        "SELECT (SELECT version FROM console_orders WHERE order_id = $1),
                (SELECT police_administration FROM orders WHERE order_id = $1),
                EXISTS (SELECT 1 FROM console_acts WHERE order_id = $1)",
        &[id.into()],
    )?;
    if known.opt_i64(0)?.is_some_and(|v| v > i64::from(version)) {
        return Ok(());
    }
    let acts = if known.bool(2)? {
        load_acts(sql, id)?
    } else {
        Vec::new()
    };
    let order = law::as_it_stands(device_order, &on_order(&acts));
    let facts = index_facts(&order);
    let code = known
        .opt_text(1)?
        .unwrap_or_else(|| crate::numbering::UNKNOWN_PU.to_owned());
    let municipality = municipality_of(sql, &order)?;
    let t = Territory::of(&code, &municipality);
    let sealed = sql
        .cipher()?
        .seal_text(&municipality_place(id), &t.municipality)?;
    let measures: Vec<String> = order
        .content
        .measures
        .iter()
        .map(|m| {
            serde_json::to_value(m)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        })
        .collect();
    let provisional = order
        .issued
        .as_ref()
        .map(|i| i.provisional_number.clone())
        .unwrap_or_default();
    sql.execute(
        "INSERT INTO console_orders (order_id, case_id, device_id, version_id, version,
             police_administration, municipality, prosecutor_office, basic_court,
             provisional_number, measures, issued_at, served_at, next_due, open_until, proposed,
             indexed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
         ON CONFLICT (order_id) DO UPDATE SET case_id = excluded.case_id,
             device_id = excluded.device_id, version_id = excluded.version_id,
             version = excluded.version, police_administration = excluded.police_administration,
             municipality = excluded.municipality, prosecutor_office = excluded.prosecutor_office,
             basic_court = excluded.basic_court, provisional_number = excluded.provisional_number,
             measures = excluded.measures, issued_at = excluded.issued_at,
             served_at = excluded.served_at, next_due = excluded.next_due,
             open_until = excluded.open_until, proposed = excluded.proposed,
             indexed_at = excluded.indexed_at",
        &[
            id.into(),
            order.case_id.0.into(),
            device.into(),
            version_id.into(),
            i64::from(version).into(),
            t.police_administration.as_str().into(),
            sealed.into(),
            t.prosecutor_office.as_str().into(),
            t.basic_court.as_str().into(),
            provisional.into(),
            measures.join(",").into(),
            facts.issued_at.into(),
            facts.served_at.into(),
            facts.next_due.into(),
            facts.open_until.into(),
            facts.proposed.into(),
            now.into(),
        ],
    )?;
    Ok(())
}

/// Index an order again after an act (its row's version, the acts now recorded).
fn reindex(sql: &mut dyn Sql, order: Uuid, now: DateTime<Utc>) -> Result<(), StoreError> {
    let row = sql.query_one(
        "SELECT device_id, version_id, version FROM console_orders WHERE order_id = $1",
        &[order.into()],
    )?;
    let version_id = row.uuid(1)?;
    let device_order =
        zastita_core::records::order(&payload_of(sql, version_id)?).map_err(corrupt)?;
    index_order(
        sql,
        row.uuid(0)?,
        version_id,
        u32::try_from(row.i64(2)?).unwrap_or_default(),
        &device_order,
        now,
    )
}

/// Index what a database from before the console holds: every accepted record's case, every
/// order's owner's latest version (in the transaction that migrates to `console_chain`).
pub fn index_held(sql: &mut dyn Sql, now: DateTime<Utc>) -> Result<(), StoreError> {
    let rows = sql.query(
        "SELECT DISTINCT r.record_id, r.kind FROM records r
         JOIN record_owners o ON o.record_id = r.record_id AND o.device_id = r.device_id
         WHERE r.outcome = 'accepted' AND r.kind <> 'audit'",
        &[],
    )?;
    for r in &rows {
        let record = r.uuid(0)?;
        let kind = RecordKind::parse(&r.text(1)?);
        let Some((version_id, version, payload)) = latest_payload(sql, record)? else {
            continue;
        };
        let Some(owner) = owner_of(sql, record)? else {
            continue;
        };
        on_accepted(sql, owner, kind, record, version_id, version, &payload, now)?;
    }
    Ok(())
}

/// The index row of an order, as the console reads it.
#[derive(Debug, Clone)]
struct Indexed {
    order_id: Uuid,
    case_id: Uuid,
    version_id: Uuid,
    territory: Territory,
    provisional_number: String,
    official_number: Option<String>,
    measures: Vec<String>,
    served_at: Option<DateTime<Utc>>,
    proposed: bool,
}

const INDEXED: &str =
    "c.order_id, c.case_id, c.version_id, c.police_administration, c.municipality,
     c.prosecutor_office, c.basic_court, c.provisional_number, o.number, c.measures, c.served_at,
     c.proposed";

fn indexed_from(sql: &dyn Sql, r: &Row) -> Result<Indexed, StoreError> {
    let order_id = r.uuid(0)?;
    let municipality = sql
        .cipher()?
        .open_text(&municipality_place(order_id), &r.text(4)?)?;
    Ok(Indexed {
        order_id,
        case_id: r.uuid(1)?,
        version_id: r.uuid(2)?,
        territory: Territory {
            police_administration: r.text(3)?,
            municipality,
            prosecutor_office: r.text(5)?,
            basic_court: r.text(6)?,
        },
        provisional_number: r.text(7)?,
        official_number: r.opt_text(8)?,
        measures: r
            .text(9)?
            .split(',')
            .filter(|m| !m.is_empty())
            .map(str::to_owned)
            .collect(),
        served_at: r.opt_time(10)?,
        proposed: r.bool(11)?,
    })
}

fn indexed(sql: &mut dyn Sql, order: Uuid) -> Result<Option<Indexed>, StoreError> {
    let row = sql.query_opt(
        &format!(
            "SELECT {INDEXED} FROM console_orders c LEFT JOIN orders o ON o.order_id = c.order_id
             WHERE c.order_id = $1"
        ),
        &[order.into()],
    )?;
    row.map(|r| indexed_from(sql, &r)).transpose()
}

/// The order as it stands (the device's version with the acts merged) and the acts.
fn standing_order(sql: &mut dyn Sql, row: &Indexed) -> Result<(Order, Vec<StoredAct>), StoreError> {
    let device_order =
        zastita_core::records::order(&payload_of(sql, row.version_id)?).map_err(corrupt)?;
    let acts = load_acts(sql, row.order_id)?;
    Ok((law::as_it_stands(&device_order, &on_order(&acts)), acts))
}

fn entry(row: &Indexed, order: &Order, now: DateTime<Utc>) -> BoardEntry {
    let s = law::clocks_at(order, now);
    BoardEntry {
        order_id: row.order_id,
        case_id: row.case_id,
        number: row
            .official_number
            .clone()
            .unwrap_or_else(|| row.provisional_number.clone()),
        provisional: row.official_number.is_none(),
        police_administration: row.territory.police_administration.clone(),
        municipality: row.territory.municipality.clone(),
        prosecutor_office: row.territory.prosecutor_office.clone(),
        basic_court: row.territory.basic_court.clone(),
        measures: row.measures.clone(),
        served_at: row.served_at,
        status: s.status,
        stage: s.stage,
        clocks: s.clocks,
        next_due: s.next_due,
        warnings: s.warnings,
    }
}

/// The index column and key an operator's jurisdiction is filtered by, and whether only
/// proposed orders count; `None` for a role that reads no case.
fn jurisdiction(op: &Operator) -> Option<(&'static str, String, bool)> {
    let key = institution_key(op.institution.kind, &op.institution.key)?;
    match (op.role, op.institution.kind) {
        (OperatorRole::Station, InstitutionKind::PoliceAdministration) => {
            Some(("police_administration", key, false))
        }
        (OperatorRole::Prosecutor, InstitutionKind::BasicProsecutor) => {
            Some(("prosecutor_office", key, false))
        }
        (OperatorRole::Court, InstitutionKind::BasicCourt) => Some(("basic_court", key, true)),
        _ => None,
    }
}

fn reads_cases(op: &Operator) -> bool {
    matches!(
        op.role,
        OperatorRole::Station | OperatorRole::Prosecutor | OperatorRole::Court
    )
}

fn text(field: &'static str, s: &str, max: usize, required: bool) -> Result<String> {
    let t = s.trim();
    if (required && t.is_empty())
        || t.chars().count() > max
        || t.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(ChainError::Invalid { field });
    }
    Ok(t.to_owned())
}

fn line(field: &'static str, s: &str) -> Result<String> {
    let t = text(field, s, MAX_LINE, true)?;
    if t.contains('\n') || t.contains('\t') {
        return Err(ChainError::Invalid { field });
    }
    Ok(t)
}

/// What an audited console transaction writes beside its work: the console's one kind of entry
/// (`console::audit::Audit`: actor kind `console`, the operator's id and login, the purpose as
/// `code: words`), here with the action, its target and the purpose given.
struct Audit<'a> {
    op: &'a Operator,
    action: &'static str,
    target: Option<String>,
    purpose: &'a ConsolePurpose,
}

impl Audit<'_> {
    /// The entry with `purpose` (checked; `None` when it was refused) and `detail`.
    fn entry(&self, purpose: Option<&ConsolePurpose>, detail: Value) -> ConsoleAudit {
        let mut entry = ConsoleAudit::new(self.action).detail(detail);
        if let Some(t) = &self.target {
            entry = entry.target(t.clone());
        }
        if let Some(p) = purpose {
            entry = entry.purpose(p);
        }
        entry
    }
}

/// The purpose checked as every console view's is (`console::audit::check_purpose`): its words
/// one line of at most [`MAX_PURPOSE`] characters, blank read as none.
fn checked_purpose(p: &ConsolePurpose) -> Result<ConsolePurpose> {
    check_purpose(Some(p.clone())).map_err(|_| ChainError::Invalid { field: "purpose" })
}

impl Store {
    /// Run `f` in one transaction with its audit entry (`detail` as `f` leaves it, `outcome:
    /// done`); a refusal rolls `f` back and is audited in a transaction of its own.
    fn console_tx<T>(
        &self,
        audit: &Audit<'_>,
        now: DateTime<Utc>,
        mut f: impl FnMut(&mut dyn Sql, &mut serde_json::Map<String, Value>) -> Result<T>,
    ) -> Result<T> {
        let purpose = match checked_purpose(audit.purpose) {
            Ok(p) => Some(p),
            Err(e) => {
                self.refused(audit, None, &e, now)?;
                return Err(e);
            }
        };
        let mut refusal: Option<ChainError> = None;
        let done = self.tx(|sql| {
            refusal = None;
            let mut detail = serde_json::Map::new();
            match f(sql, &mut detail) {
                Ok(v) => {
                    detail.insert("outcome".into(), json!("done"));
                    audit
                        .entry(purpose.as_ref(), Value::Object(detail))
                        .append_at(sql, audit.op, now)?;
                    Ok(Some(v))
                }
                Err(ChainError::Store(e)) => Err(e),
                Err(e) => {
                    refusal = Some(e);
                    // Roll back whatever `f` wrote; the refusal is audited below.
                    Err(StoreError::Invalid("refused".into()))
                }
            }
        });
        match (done, refusal) {
            (_, Some(e)) => {
                self.refused(audit, purpose.as_ref(), &e, now)?;
                Err(e)
            }
            (Ok(Some(v)), None) => Ok(v),
            (Ok(None), None) => Err(corrupt("a console transaction returned nothing").into()),
            (Err(e), None) => Err(e.into()),
        }
    }

    fn refused(
        &self,
        audit: &Audit<'_>,
        purpose: Option<&ConsolePurpose>,
        e: &ChainError,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut detail = json!({"outcome": "refused", "code": e.code()});
        match e {
            ChainError::NotAdmitted { code } => detail["refusal"] = json!(code),
            ChainError::Invalid { field } => detail["field"] = json!(field),
            _ => {}
        }
        let entry = audit.entry(purpose, detail);
        self.tx(|sql| entry.clone().append_at(sql, audit.op, now))?;
        Ok(())
    }

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
        self.console_tx(&audit, now, |sql, detail| {
            let Some((column, key, proposed_only)) = jurisdiction(op) else {
                return Err(ChainError::ForbiddenRole);
            };
            let mut filter = format!("c.{column} = $1");
            if proposed_only {
                filter.push_str(" AND c.proposed = TRUE");
            }
            let mut params: Vec<Val> = vec![key.clone().into()];
            if scope == BoardScope::Open {
                filter.push_str(" AND (c.open_until IS NULL OR c.open_until > $2)");
                params.push(now.into());
            }
            let total = sql
                .query_one(
                    &format!("SELECT COUNT(*) FROM console_orders c WHERE {filter}"),
                    &params,
                )?
                .u64(0)?;
            let mut page_params = params.clone();
            page_params.push(i64::from(PAGE_SIZE).into());
            page_params.push((i64::from(page) * i64::from(PAGE_SIZE)).into());
            let n = params.len();
            let rows = sql.query(
                &format!(
                    "SELECT {INDEXED} FROM console_orders c LEFT JOIN orders o ON o.order_id = c.order_id
                     WHERE {filter}
                     ORDER BY CASE WHEN c.next_due IS NULL THEN 1 ELSE 0 END, c.next_due,
                              c.issued_at DESC, c.order_id
                     LIMIT ${} OFFSET ${}",
                    n + 1,
                    n + 2
                ),
                &page_params,
            )?;
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
    /// the court's receipt; each goes down the feed of the device that owns the order.
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
        self.console_tx(&audit, now, |sql, detail| {
            let row = reachable(sql, op, order_id)?;
            let acts = load_acts(sql, order_id)?;
            let has = |kind: &str| acts.iter().any(|a| a.kind == kind);
            let receipt = match op.role {
                OperatorRole::Prosecutor if !has("prosecutor_received") => Some((
                    "prosecutor_received",
                    ChainEvent::ProsecutorReceived {
                        at: now,
                        office: row.territory.prosecutor_office.clone(),
                    },
                )),
                OperatorRole::Court if !has("proposal_received") => Some((
                    "proposal_received",
                    ChainEvent::ProposalReceived {
                        at: now,
                        court: row.territory.basic_court.clone(),
                    },
                )),
                _ => None,
            };
            // Recorded when core admits it on the order as it stands (not on a lifted order).
            let (order, _) = standing_order(sql, &row)?;
            let receipt = receipt.filter(|(_, event)| {
                let probe = ChangeKind::OrderAct {
                    order_id,
                    act_id: Uuid::nil(),
                    event: event.clone(),
                };
                law::admission(&order, &probe, now).is_ok()
            });
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
            order_file(sql, op, order_id, now)
        })
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
        self.console_tx(&audit, now, |sql, detail| {
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
        self.console_tx(&audit, now, |sql, detail| {
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

/// Which role records which act: the prosecutor his evaluation, proposal or decision not to
/// propose; the court its decision, its service, an appeal lodged with it, its forwarding and the
/// higher court's decision.
pub fn role_may(role: OperatorRole, kind: ActKind) -> bool {
    match kind {
        ActKind::Evaluate | ActKind::Propose | ActKind::Decline => role == OperatorRole::Prosecutor,
        ActKind::Decide
        | ActKind::DecisionReceived
        | ActKind::Appeal
        | ActKind::AppealForwarded
        | ActKind::HigherCourtDecision => role == OperatorRole::Court,
    }
}

/// The order, if the operator's role reads cases and its jurisdiction covers the order (a
/// court's: only once proposed).
fn reachable(sql: &mut dyn Sql, op: &Operator, order_id: Uuid) -> Result<Indexed> {
    let row = reachable_for_act(sql, op, order_id)?;
    if op.role == OperatorRole::Court && !row.proposed {
        return Err(ChainError::OutsideJurisdiction);
    }
    Ok(row)
}

/// [`reachable`] without the court's proposal condition: an act the law does not admit on an
/// order without a proposal is core's to refuse (`order_decision_before_proposal`).
fn reachable_for_act(sql: &mut dyn Sql, op: &Operator, order_id: Uuid) -> Result<Indexed> {
    if !reads_cases(op) {
        return Err(ChainError::ForbiddenRole);
    }
    let row = indexed(sql, order_id)?.ok_or(ChainError::NotFound)?;
    if !op.covers(&row.territory) {
        return Err(ChainError::OutsideJurisdiction);
    }
    Ok(row)
}

/// An act's words beside its change.
#[derive(Debug, Clone, Default)]
struct Words {
    reasons: String,
    evidence: Vec<String>,
    document: Option<DocKey>,
}

/// An act checked and ready: its kind as stored, when it happened, its change (given the act's
/// id) and its words.
struct Prepared {
    kind: &'static str,
    at: DateTime<Utc>,
    change: Box<dyn Fn(Uuid) -> ChangeKind>,
    words: Words,
}

fn prepare(act: &Act, row: &Indexed, order_id: Uuid, now: DateTime<Utc>) -> Result<Prepared> {
    let chain =
        |kind: &'static str, at: DateTime<Utc>, event: ChainEvent, words: Words| -> Prepared {
            Prepared {
                kind,
                at,
                change: Box::new(move |act_id| ChangeKind::OrderAct {
                    order_id,
                    act_id,
                    event: event.clone(),
                }),
                words,
            }
        };
    Ok(match act {
        Act::Evaluate { agrees, reasons } => {
            let reasons = text("reasons", reasons, MAX_TEXT, !agrees)?;
            chain(
                "evaluated",
                now,
                ChainEvent::ProsecutorEvaluated {
                    at: now,
                    agrees: *agrees,
                    reasons: reasons.clone(),
                },
                Words {
                    reasons,
                    ..Words::default()
                },
            )
        }
        Act::Propose { reasons, evidence } => {
            let reasons = text("reasons", reasons, MAX_TEXT, true)?;
            if evidence.len() > MAX_EVIDENCE {
                return Err(ChainError::Invalid { field: "evidence" });
            }
            let evidence = evidence
                .iter()
                .map(|e| line("evidence", e))
                .collect::<Result<Vec<_>>>()?;
            chain(
                "proposed",
                now,
                ChainEvent::ExtensionProposed {
                    at: now,
                    court: row.territory.basic_court.clone(),
                },
                Words {
                    reasons,
                    evidence,
                    document: None,
                },
            )
        }
        Act::Decline { reasons } => {
            let reasons = text("reasons", reasons, MAX_TEXT, true)?;
            chain(
                "declined",
                now,
                ChainEvent::ProsecutorDeclined {
                    at: now,
                    reason: reasons.clone(),
                },
                Words {
                    reasons,
                    ..Words::default()
                },
            )
        }
        Act::Decide {
            number,
            decided_on,
            extended,
            ends_at,
        } => {
            let number = line("number", number)?;
            // A decision is dated the day it was made, in Belgrade: never a later day.
            if *decided_on > now.with_timezone(&chrono_tz::Europe::Belgrade).date_naive() {
                return Err(ChainError::Invalid {
                    field: "decided_on",
                });
            }
            let court = row.territory.basic_court.clone();
            let (decided_on, extended, ends_at) = (*decided_on, *extended, *ends_at);
            Prepared {
                kind: "decided",
                at: now,
                change: Box::new(move |_| ChangeKind::CourtDecision {
                    order_id,
                    court: court.clone(),
                    number: number.clone(),
                    decided_on,
                    outcome: if extended {
                        CourtOutcome::Extended
                    } else {
                        CourtOutcome::Refused
                    },
                    ends_at,
                }),
                words: Words::default(),
            }
        }
        Act::DecisionReceived { by, at } => {
            let at = at.unwrap_or(now);
            chain(
                "decision_received",
                at,
                ChainEvent::DecisionReceived {
                    at,
                    by: law::chain_party(*by),
                },
                Words::default(),
            )
        }
        Act::Appeal { by, at, note } => {
            let at = at.unwrap_or(now);
            let note = text("note", note, MAX_TEXT, false)?;
            chain(
                "appeal",
                at,
                ChainEvent::Appeal {
                    at,
                    by: law::chain_party(*by),
                    note,
                },
                Words::default(),
            )
        }
        Act::AppealForwarded { at } => {
            let at = at.unwrap_or(now);
            chain(
                "appeal_forwarded",
                at,
                ChainEvent::AppealForwarded { at },
                Words::default(),
            )
        }
        Act::HigherCourtDecision {
            court,
            number,
            decided_on,
            upheld,
        } => chain(
            "higher_court_decision",
            now,
            ChainEvent::HigherCourtDecision {
                court: line("court", court)?,
                number: line("number", number)?,
                decided_on: *decided_on,
                upheld: *upheld,
            },
            Words::default(),
        ),
    })
}

/// Store an act and send its change down the feed of the device that owns the order; its id.
#[allow(clippy::too_many_arguments)]
fn record_act(
    sql: &mut dyn Sql,
    op: &Operator,
    row: &Indexed,
    kind: &str,
    at: DateTime<Utc>,
    change: impl Fn(Uuid) -> ChangeKind,
    words: Words,
    now: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    let act_id = Uuid::now_v7();
    let change = change(act_id);
    let audience = owner_of(sql, row.order_id)?.map_or(Audience::Nobody, Audience::Device);
    let seq = append_change(sql, &change, audience, now)?;
    let detail = ActDetail {
        operator: op.name.clone(),
        change,
        reasons: words.reasons,
        evidence: words.evidence,
        document: words.document,
    };
    let text = serde_json::to_string(&detail).map_err(corrupt)?;
    let sealed = sql.cipher()?.seal_text(&act_place(act_id), &text)?;
    sql.execute(
        "INSERT INTO console_acts (act_id, order_id, kind, at, recorded_at, operator_id,
             operator_login, institution, detail, change_seq)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        &[
            act_id.into(),
            row.order_id.into(),
            kind.into(),
            at.into(),
            now.into(),
            op.id.into(),
            op.login.as_str().into(),
            op.institution.key.as_str().into(),
            sealed.into(),
            i64::try_from(seq).unwrap_or(i64::MAX).into(),
        ],
    )?;
    Ok(act_id)
}

/// The case's records (each its owner's latest accepted version core reads).
fn case_records(sql: &mut dyn Sql, case_id: Uuid) -> Result<CaseRecords, StoreError> {
    let rows = sql.query(
        "SELECT record_id, kind FROM case_records WHERE case_id = $1 ORDER BY record_id",
        &[case_id.into()],
    )?;
    let mut out = CaseRecords::default();
    for r in &rows {
        let kind = r.text(1)?;
        if let Some((_, _, payload)) = latest_payload(sql, r.uuid(0)?)?
            && let Ok(record) = Record::parse(&kind, &payload)
        {
            out.add(record);
        }
    }
    Ok(out)
}

/// The documents of the order the operator may open: the device's PDFs of this order (and the
/// case summary, but not for the court) whose upload is complete, and the console's.
fn documents(
    sql: &mut dyn Sql,
    op: &Operator,
    row: &Indexed,
    order: &Order,
) -> Result<Vec<DocumentRef>, StoreError> {
    let records = case_records(sql, row.case_id)?;
    let mut out = Vec::new();
    for d in records.documents {
        let mine = match d.order_id {
            Some(o) => o == order.id,
            None => op.role != OperatorRole::Court && d.kind == DocumentKind::Summary,
        };
        if !mine {
            continue;
        }
        let complete = sql
            .query_opt(
                "SELECT complete FROM attachments WHERE record_id = $1 AND sha256 = $2",
                &[d.id.0.into(), d.sha256.as_str().into()],
            )?
            .map(|r| r.bool(0))
            .transpose()?
            .unwrap_or(false);
        if complete {
            out.push(DocumentRef {
                record_id: d.id.0,
                sha256: d.sha256,
                kind: d.kind.as_str().to_owned(),
                created_at: d.created_at,
            });
        }
    }
    for r in sql.query(
        "SELECT record_id, sha256, kind, created_at FROM console_documents WHERE order_id = $1
         ORDER BY created_at",
        &[row.order_id.into()],
    )? {
        out.push(DocumentRef {
            record_id: r.uuid(0)?,
            sha256: r.text(1)?,
            kind: r.text(2)?,
            created_at: r.time(3)?,
        });
    }
    Ok(out)
}

/// The proposal's PDF, written by core from the case as the central record holds it.
fn proposal_pdf(
    sql: &mut dyn Sql,
    row: &Indexed,
    order: &Order,
    p: &Proposal<'_>,
    now: DateTime<Utc>,
) -> Result<Vec<u8>> {
    let mut records = case_records(sql, row.case_id)?;
    records.orders.retain(|o| o.id != order.id);
    records.orders.push(order.clone());
    let file = records.case_file().ok_or(ChainError::NotAdmitted {
        code: "case_not_received".into(),
    })?;
    let instruments = zastita_core::risk::builtin();
    let officers = std::collections::BTreeMap::new();
    let ctx = Context {
        file: &file,
        instruments: &instruments,
        officers: &officers,
        device: "central",
        generated_at: now,
        language: Language::SrLatn,
    };
    let doc = proposal(&ctx, order, p).map_err(corrupt)?;
    let meta = zastita_core::document::PdfMeta {
        title: doc.title.clone(),
        author: p.office.to_owned(),
        created: now,
        language: Language::SrLatn,
    };
    Ok(zastita_core::document::render_pdf(&doc, &meta).map_err(corrupt)?)
}

/// The order file as `op` may read it at `now`.
fn order_file(
    sql: &mut dyn Sql,
    op: &Operator,
    order_id: Uuid,
    now: DateTime<Utc>,
) -> Result<OrderFile> {
    let row = indexed(sql, order_id)?.ok_or(ChainError::NotFound)?;
    let (order, acts) = standing_order(sql, &row)?;
    let records = case_records(sql, row.case_id)?;
    let perpetrator = order.content.perpetrator;
    let court = op.role == OperatorRole::Court;
    // The court reads the perpetrator's statements, not the victim's (nor a witness's) in full.
    let statements: Vec<Value> = records
        .statements
        .iter()
        .filter(|s| s.signed_at.is_some())
        .filter(|s| !court || Some(s.person_id) == perpetrator)
        .filter_map(|s| serde_json::to_value(s).ok())
        .collect();
    let people: Vec<Value> = records
        .people
        .iter()
        .filter(|p| !court || p.role != Role::Witness)
        .filter_map(|p| serde_json::to_value(p).ok())
        .collect();
    let assessments: Vec<Value> = records
        .assessments
        .iter()
        .filter(|a| a.completed.is_some())
        .filter_map(|a| serde_json::to_value(a).ok())
        .collect();
    let documents = documents(sql, op, &row, &order)?;
    let standing = law::clocks_at(&order, now);
    let chain = chain_view(op, &order, &acts, &documents, now);
    Ok(OrderFile {
        entry: entry(&row, &order, now),
        order: serde_json::to_value(&order).map_err(corrupt)?,
        clocks: standing.clocks_json,
        incident: records
            .case
            .as_ref()
            .and_then(|c| serde_json::to_value(&c.incident).ok()),
        people,
        assessments,
        statements,
        documents,
        chain,
        server_time: now,
    })
}

fn chain_view(
    op: &Operator,
    order: &Order,
    acts: &[StoredAct],
    documents: &[DocumentRef],
    now: DateTime<Utc>,
) -> ChainView {
    let latest = |kind: &str| acts.iter().rev().find(|a| a.kind == kind);
    let receipt = |a: &StoredAct| Receipt {
        at: a.at,
        by: a.institution.clone(),
        operator: a.detail.operator.clone(),
    };
    let evaluation = latest("evaluated").and_then(|a| match &a.detail.change {
        ChangeKind::OrderAct {
            event:
                ChainEvent::ProsecutorEvaluated {
                    agrees, reasons, ..
                },
            ..
        } => Some(EvaluationView {
            at: a.at,
            agrees: *agrees,
            reasons: reasons.clone(),
            operator: a.detail.operator.clone(),
        }),
        _ => None,
    });
    let proposal = latest("proposed").and_then(|a| {
        let key = a.detail.document.as_ref()?;
        let document = documents
            .iter()
            .find(|d| d.record_id == key.record_id && d.sha256 == key.sha256)?
            .clone();
        let court = match &a.detail.change {
            ChangeKind::OrderAct {
                event: ChainEvent::ExtensionProposed { court, .. },
                ..
            } => court.clone(),
            _ => String::new(),
        };
        Some(ProposalView {
            at: a.at,
            court,
            reasons: a.detail.reasons.clone(),
            evidence: a.detail.evidence.clone(),
            operator: a.detail.operator.clone(),
            document,
        })
    });
    let declined = latest("declined").map(|a| DeclinedView {
        at: a.at,
        reasons: a.detail.reasons.clone(),
        operator: a.detail.operator.clone(),
    });
    let admissible = [
        ActKind::Evaluate,
        ActKind::Propose,
        ActKind::Decline,
        ActKind::Decide,
        ActKind::DecisionReceived,
        ActKind::Appeal,
        ActKind::AppealForwarded,
        ActKind::HigherCourtDecision,
    ]
    .into_iter()
    .filter(|k| role_may(op.role, *k))
    .filter(|k| law::admission(order, &law::probe(*k, now), now).is_ok())
    .collect();
    ChainView {
        prosecutor_received: latest("prosecutor_received").map(receipt),
        evaluation,
        proposal,
        declined,
        court_received: latest("proposal_received").map(receipt),
        acts: acts
            .iter()
            .filter_map(|a| law::event_of(&a.detail.change))
            .filter_map(|e| serde_json::to_value(e).ok())
            .collect(),
        admissible,
    }
}
