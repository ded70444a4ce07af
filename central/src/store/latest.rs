//! The owner's latest accepted version of a record, read back and opened with the central key:
//! what the console's index, the person index and the offline list are each built from. Below
//! both `chain` and `history`, so neither reaches into the other to read a record.

use serde_json::Value;
use uuid::Uuid;

use super::StoreError;
use super::crypt::Place;
use super::sql::Sql;

/// The payload of the owner's latest accepted version of `record`: (version id, version, JSON).
pub(crate) fn latest_accepted(
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
    let payload = serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(Some((
        version_id,
        u32::try_from(row.i64(1)?).unwrap_or_default(),
        payload,
    )))
}
