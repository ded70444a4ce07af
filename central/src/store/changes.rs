//! The change feed's writing end: every decision the devices must apply (a number, a court
//! decision, a roster change, a revocation) is appended here, in the transaction that makes it.

use chrono::{DateTime, Utc};
use zastita_protocol::messages::ChangeKind;

use super::StoreError;
use super::sql::Sql;

/// Append a change to the feed; its sequence number.
pub fn append_change(
    sql: &mut dyn Sql,
    change: &ChangeKind,
    at: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let text = serde_json::to_string(change).map_err(|e| StoreError::Invalid(e.to_string()))?;
    sql.query_one(
        "INSERT INTO changes (at, change) VALUES ($1, $2) RETURNING seq",
        &[at.into(), text.into()],
    )?
    .u64(0)
}
