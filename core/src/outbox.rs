//! The outbox: an append-only log of every recorded record version, numbered by a per-device
//! sequence (`seq`). The sync client uploads entries with `seq > acked_seq`.
//!
//! **Invariant:** an entry is written in the same transaction as the record version it carries,
//! so a saved record is always a queued record. Entries are never changed (a trigger refuses it).

use chrono::{DateTime, Utc};
use ring::digest::{SHA256, digest};
use rusqlite::{Connection, Transaction, params};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::audit::hex;
use crate::clock::to_db;
use crate::domain::Badge;
use crate::store::StoreError;

/// What kind of record a version belongs to (one entity per record, DESIGN §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// The case header with its incident.
    Case,
    Person,
    /// A signed victim statement or addendum.
    Statement,
    /// A completed risk assessment.
    Assessment,
    /// An issued emergency-measure order, a new version for each event on it.
    Order,
}

impl RecordKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Case => "case",
            RecordKind::Person => "person",
            RecordKind::Statement => "statement",
            RecordKind::Assessment => "assessment",
            RecordKind::Order => "order",
        }
    }
}

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
    let payload = serde_json::to_string(record)?;
    let sha = hex(digest(&SHA256, payload.as_bytes()).as_ref());
    tx.execute(
        "INSERT INTO outbox (version_id, record_id, kind, version, officer, created_at, payload, payload_sha256)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            Uuid::now_v7().to_string(),
            record_id.to_string(),
            kind.as_str(),
            version,
            officer.as_str(),
            to_db(at),
            payload,
            sha
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

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
