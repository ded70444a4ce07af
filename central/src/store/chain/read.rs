//! What an operator reads of an order (`OrderFile`): the case's records by role, its documents,
//! the proposal PDF, and the chain as the acts recorded it.

use super::*;
use zastita_core::domain::Badge;
use zastita_core::templates::Signatory;

/// The case's records (each its owner's latest accepted version core reads).
pub(super) fn case_records(sql: &mut dyn Sql, case_id: Uuid) -> Result<CaseRecords, StoreError> {
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
pub(super) fn documents(
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

/// The proposal's PDF, written by core from the case as the central record holds it, in the
/// prosecutor's language (his account's), with the officers' names and ranks from the roster.
pub(super) fn proposal_pdf(
    sql: &mut dyn Sql,
    op: &Operator,
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
    let officers = signatories(sql)?;
    let language = crate::store::operators::account(sql, op.id, now)?
        .and_then(|a| serde_json::from_value::<Language>(Value::String(a.language)).ok())
        .unwrap_or_default();
    let ctx = Context {
        file: &file,
        instruments: &instruments,
        officers: &officers,
        device: "central",
        generated_at: now,
        language,
    };
    let doc = proposal(&ctx, order, p).map_err(corrupt)?;
    let meta = zastita_core::document::PdfMeta {
        title: doc.title.clone(),
        author: p.office.to_owned(),
        created: now,
        language,
    };
    Ok(zastita_core::document::render_pdf(&doc, &meta).map_err(corrupt)?)
}

/// The roster's officers (removed ones too: they signed what they signed) by badge, as a
/// document names them.
fn signatories(
    sql: &mut dyn Sql,
) -> Result<std::collections::BTreeMap<Badge, Signatory>, StoreError> {
    let cipher = sql.cipher()?;
    let mut out = std::collections::BTreeMap::new();
    for r in sql.query("SELECT badge, name, rank FROM officers", &[])? {
        let badge = r.text(0)?;
        let Ok(key) = Badge::parse(&badge) else {
            continue;
        };
        let name = cipher.open_text(&Place::new("officers", "name", &badge), &r.text(1)?)?;
        let rank = cipher
            .open_opt_text(
                &Place::new("officers", "rank", &badge),
                r.opt_text(2)?.as_deref(),
            )?
            .unwrap_or_default();
        out.insert(key, Signatory { name, rank });
    }
    Ok(out)
}

/// The order file as `op` may read it at `now`.
pub(super) fn order_file(
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
    let chain = chain_view(op, &order, &acts, &documents, now);
    Ok(OrderFile {
        entry: entry(&row, &order, now),
        order: serde_json::to_value(&order).map_err(corrupt)?,
        clocks: law::clocks_json(&order, now),
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

pub(super) fn chain_view(
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
