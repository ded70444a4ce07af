//! The outbox: an append-only log of every recorded record version, numbered by a per-device
//! sequence (`seq`). The sync client uploads entries with `seq > acked_seq`.
//!
//! **Invariant:** an entry is written in the same transaction as the record version it carries,
//! so a saved record is always a queued record. Entries are never changed (a trigger refuses it).

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction, params};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use zastita_protocol::signing::sha256_hex;

use crate::clock::to_db;
use crate::domain::Badge;
use crate::store::StoreError;

/// What kind of record a version belongs to (one entity per record, DESIGN §5): the wire
/// contract's own enum, so the device and the central record cannot disagree on a name.
pub use zastita_protocol::messages::RecordKind;

/// One queued record version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub seq: i64,
    pub version_id: Uuid,
    pub record_id: Uuid,
    pub kind: String,
    pub version: u32,
    pub officer: String,
    pub created_at: String,
    /// Compact JSON of the record.
    pub payload: String,
    /// SHA-256 (hex) of `payload`'s bytes.
    pub payload_sha256: String,
}

/// Queue a record version inside the caller's transaction; returns its `seq`.
pub fn enqueue<T: Serialize>(
    tx: &Transaction<'_>,
    kind: RecordKind,
    record_id: Uuid,
    version: u32,
    officer: &Badge,
    at: DateTime<Utc>,
    record: &T,
) -> Result<i64, StoreError> {
    enqueue_as(tx, kind, record_id, version, officer.as_str(), at, record)
}

/// [`enqueue`] with the officer as text: an audit entry may have no valid badge (a failed unlock
/// with a mistyped one), and is queued under [`NO_OFFICER`].
pub(crate) fn enqueue_as<T: Serialize>(
    tx: &Transaction<'_>,
    kind: RecordKind,
    record_id: Uuid,
    version: u32,
    officer: &str,
    at: DateTime<Utc>,
    record: &T,
) -> Result<i64, StoreError> {
    let payload = serde_json::to_string(record)?;
    let sha = sha256_hex(payload.as_bytes());
    tx.execute(
        "INSERT INTO outbox (version_id, record_id, kind, version, officer, created_at, payload, payload_sha256)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            Uuid::now_v7().to_string(),
            record_id.to_string(),
            kind.as_str(),
            version,
            officer,
            to_db(at),
            payload,
            sha
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// The officer of a queued version that has none (an audit entry of a failed unlock with a
/// badge that could not even be read).
pub const NO_OFFICER: &str = "-";

/// Highest `seq` the central record has acknowledged.
pub fn acked_seq(conn: &Connection) -> Result<i64, StoreError> {
    Ok(
        conn.query_row("SELECT acked_seq FROM outbox_ack WHERE id = 1", [], |r| {
            r.get(0)
        })?,
    )
}

/// Number of entries not yet acknowledged.
pub fn pending_count(conn: &Connection) -> Result<u64, StoreError> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM outbox WHERE seq > (SELECT acked_seq FROM outbox_ack WHERE id = 1)",
        [],
        |r| r.get(0),
    )?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Entries not yet acknowledged, by kind (`case`, `audit`, …).
pub fn pending_by_kind(
    conn: &Connection,
) -> Result<std::collections::BTreeMap<String, u64>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT kind, count(*) FROM outbox
         WHERE seq > (SELECT acked_seq FROM outbox_ack WHERE id = 1) GROUP BY kind",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let mut out = std::collections::BTreeMap::new();
    for row in rows {
        let (kind, n) = row?;
        out.insert(kind, u64::try_from(n).unwrap_or(0));
    }
    Ok(out)
}

/// The highest `seq` queued so far (0 when the outbox is empty).
pub fn last_seq(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("SELECT coalesce(max(seq), 0) FROM outbox", [], |r| r.get(0))?)
}

/// Entries with `seq > after`, oldest first, at most `limit`.
pub fn entries_after(
    conn: &Connection,
    after: i64,
    limit: u32,
) -> Result<Vec<OutboxEntry>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT seq, version_id, record_id, kind, version, officer, created_at, payload, payload_sha256
         FROM outbox WHERE seq > ?1 ORDER BY seq LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![after, limit], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, u32>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, String>(8)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (seq, vid, rid, kind, version, officer, created_at, payload, payload_sha256) = row?;
        let parse = |s: &str| Uuid::parse_str(s).map_err(|e| StoreError::Decode(e.to_string()));
        out.push(OutboxEntry {
            seq,
            version_id: parse(&vid)?,
            record_id: parse(&rid)?,
            kind,
            version,
            officer,
            created_at,
            payload,
            payload_sha256,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::NO_OFFICER;

    /// The central record refuses a push whose envelope names an officer that is not a badge
    /// (`protocol::shapes::BADGE`): the stand-in for "no officer" must be one, or a device with a
    /// failed unlock under a mistyped badge in its queue could never push again.
    #[test]
    fn the_no_officer_stand_in_has_the_shape_of_a_badge() {
        assert!(zastita_protocol::shapes::is_badge(NO_OFFICER));
    }
}
