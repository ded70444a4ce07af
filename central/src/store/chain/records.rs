//! The stored versions the chain reads back: an order's (or a case record's) latest accepted
//! payload, opened with the central key, the acts recorded on an order, and where each sealed
//! value of the chain's tables lives (its associated data).

use super::*;

pub(super) fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

pub(super) fn act_place(act: Uuid) -> Place {
    Place::new("console_acts", "detail", act.to_string())
}

pub(super) fn municipality_place(order: Uuid) -> Place {
    Place::new("console_orders", "municipality", order.to_string())
}

pub(super) fn document_place(record: Uuid, sha256: &str) -> Place {
    Place::new("console_documents", "pdf", format!("{record}/{sha256}"))
}

pub(super) use crate::store::latest::latest_accepted as latest_payload;

pub(super) fn payload_of(sql: &mut dyn Sql, version_id: Uuid) -> Result<Value, StoreError> {
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

pub(super) fn load_acts(sql: &mut dyn Sql, order: Uuid) -> Result<Vec<StoredAct>, StoreError> {
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

pub(super) fn on_order(acts: &[StoredAct]) -> Vec<law::ActOnOrder> {
    acts.iter().map(StoredAct::on_order).collect()
}
