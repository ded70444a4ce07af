//! Attachments uploaded in chunks, resumable after a break (DESIGN §5), keyed by (record id,
//! SHA-256). Chunks are rows in the database, so an upload survives a restart, works the same on
//! both backends, and a chunk is durable once its transaction commits. When the last byte
//! arrives the whole is hashed: a match completes the attachment, a mismatch discards it.
//!
//! **Invariant:** an attachment belongs to the device that owns its record (the one whose
//! version was accepted first; before any version is accepted, the device that sent one).
//! Another device can neither see how far it got nor add to it, nor begin one for a record it
//! does not own: that would let one tablet spoil or forge another's documents.
//!
//! A device's attachments, stored and incomplete, each counted at its declared size, stay
//! within its quota: a new one that would not fit is refused before a byte of it is kept. An
//! incomplete one untouched (`touched_at`, its last chunk) for the upload expiry is deleted by
//! [`Store::expire_uploads`]; its device finds nothing there and starts again from byte 0.

use chrono::{DateTime, Utc};
use ring::digest::{Context, SHA256};
use uuid::Uuid;
use zastita_protocol::messages::AttachmentStatus;

use super::changes::owner_of;
use super::crypt::Place;
use super::sql::Sql;
use super::{Store, StoreError};

/// Where a chunk's bytes are sealed.
fn chunk_place(record_id: Uuid, sha256: &str, start: i64) -> Place {
    Place::new(
        "attachment_chunks",
        "data",
        format!("{record_id}/{sha256}/{start}"),
    )
}

/// What a chunk did, beyond storage failures.
#[derive(Debug, Clone, PartialEq)]
pub enum ChunkOutcome {
    /// Stored (or the attachment was already complete): the status now.
    Stored(AttachmentStatus),
    /// The chunk did not start where the stored bytes end: resume at `received`.
    OffsetMismatch(AttachmentStatus),
    /// The declared size is not the one first declared.
    SizeMismatch(AttachmentStatus),
    /// The chunk goes past the declared size.
    PastEnd(AttachmentStatus),
    /// All bytes arrived but their SHA-256 is not the path's: discarded, start again.
    HashMismatch(AttachmentStatus),
    /// The device has sent no record with this id, or another device began this attachment.
    NotYours,
    /// A new attachment that would take the device past its quota; `held` is what its
    /// attachments already take (bytes, at their declared sizes).
    QuotaExceeded { held: u64 },
}

/// A chunk as received.
#[derive(Debug, Clone, Copy)]
pub struct Chunk<'a> {
    pub device: Uuid,
    pub record_id: Uuid,
    pub sha256: &'a str,
    pub offset: u64,
    pub size: u64,
    pub data: &'a [u8],
}

fn status(
    record_id: Uuid,
    sha256: &str,
    size: u64,
    received: u64,
    complete: bool,
) -> AttachmentStatus {
    AttachmentStatus {
        record_id,
        sha256: sha256.to_owned(),
        size,
        received,
        complete,
    }
}

fn to_i64(n: u64) -> Result<i64, StoreError> {
    i64::try_from(n).map_err(|_| StoreError::Invalid(format!("{n} is out of range")))
}

/// Whether `device` may attach to `record_id`: it owns the record; or nobody does yet (no
/// version was accepted) and it sent one, kept as a conflict or quarantined (an attachment
/// follows its record, whatever became of the record).
fn sent_by(sql: &mut dyn Sql, device: Uuid, record_id: Uuid) -> Result<bool, StoreError> {
    if let Some(owner) = owner_of(sql, record_id)? {
        return Ok(owner == device);
    }
    Ok(sql
        .query_opt(
            "SELECT 1 FROM conflicts WHERE record_id = $1 AND device_id = $2
             UNION ALL SELECT 1 FROM quarantine WHERE record_id = $1 AND device_id = $2
             LIMIT 1",
            &[record_id.into(), device.into()],
        )?
        .is_some())
}

/// What the central record holds of an attachment, as one device may see it.
enum Held {
    /// Not the device's: another device began it, or the device sent no such record.
    NotYours,
    /// The device's record, no bytes yet.
    Nothing,
    /// The device's upload so far.
    Part {
        size: u64,
        received: u64,
        complete: bool,
    },
}

fn held(
    sql: &mut dyn Sql,
    device: Uuid,
    record_id: Uuid,
    sha256: &str,
) -> Result<Held, StoreError> {
    match sql.query_opt(
        "SELECT size, received, complete, device_id FROM attachments WHERE record_id = $1 AND sha256 = $2",
        &[record_id.into(), sha256.into()],
    )? {
        Some(r) if r.uuid(3)? == device => Ok(Held::Part {
            size: r.u64(0)?,
            received: r.u64(1)?,
            complete: r.bool(2)?,
        }),
        Some(_) => Ok(Held::NotYours),
        None if sent_by(sql, device, record_id)? => Ok(Held::Nothing),
        None => Ok(Held::NotYours),
    }
}

/// What an attachment's stored chunks add up to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunksDigest {
    /// SHA-256 (hex) of the chunks in order.
    pub sha256: String,
    /// Their bytes.
    pub bytes: u64,
    /// The first offset where a chunk does not start where the one before it ended (a chunk
    /// missing or overlapping); `None` when they follow one another from 0.
    pub gap_at: Option<u64>,
}

/// Hash an attachment's chunks in order, one at a time (the whole is never in memory): when it
/// completes, and again for `verify`.
pub fn chunks_sha256(
    sql: &mut dyn Sql,
    record_id: Uuid,
    sha256: &str,
) -> Result<ChunksDigest, StoreError> {
    let starts = sql.query(
        "SELECT start_at FROM attachment_chunks WHERE record_id = $1 AND sha256 = $2 ORDER BY start_at",
        &[record_id.into(), sha256.into()],
    )?;
    let mut ctx = Context::new(&SHA256);
    let mut bytes = 0u64;
    let mut gap_at = None;
    for s in &starts {
        let start = s.i64(0)?;
        if gap_at.is_none() && u64::try_from(start).ok() != Some(bytes) {
            gap_at = Some(bytes);
        }
        let row = sql.query_one(
            "SELECT data FROM attachment_chunks WHERE record_id = $1 AND sha256 = $2 AND start_at = $3",
            &[record_id.into(), sha256.into(), start.into()],
        )?;
        let data = sql
            .cipher()?
            .open_bytes(&chunk_place(record_id, sha256, start), &row.bytes(0)?)?;
        bytes += data.len() as u64;
        ctx.update(&data);
    }
    Ok(ChunksDigest {
        sha256: ctx
            .finish()
            .as_ref()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        bytes,
        gap_at,
    })
}

/// A complete attachment's bytes, its chunks opened in order (the console's documents: PDFs of a
/// few hundred kilobytes); `None` while it is incomplete or unknown.
pub fn read_complete(
    sql: &mut dyn Sql,
    record_id: Uuid,
    sha256: &str,
) -> Result<Option<Vec<u8>>, StoreError> {
    let complete = sql.query_opt(
        "SELECT complete FROM attachments WHERE record_id = $1 AND sha256 = $2",
        &[record_id.into(), sha256.into()],
    )?;
    if !complete.map(|r| r.bool(0)).transpose()?.unwrap_or(false) {
        return Ok(None);
    }
    let rows = sql.query(
        "SELECT start_at, data FROM attachment_chunks WHERE record_id = $1 AND sha256 = $2 ORDER BY start_at",
        &[record_id.into(), sha256.into()],
    )?;
    let cipher = sql.cipher()?;
    let mut out = Vec::new();
    for r in &rows {
        let place = chunk_place(record_id, sha256, r.i64(0)?);
        out.extend(cipher.open_bytes(&place, &r.bytes(1)?)?);
    }
    Ok(Some(out))
}

impl Store {
    /// How much of `device`'s attachment is held (nothing yet: size and received 0); `None`
    /// when it is not the device's (see the module's invariant).
    pub fn attachment_status(
        &self,
        device: Uuid,
        record_id: Uuid,
        sha256: &str,
    ) -> Result<Option<AttachmentStatus>, StoreError> {
        self.tx(|sql| {
            Ok(match held(sql, device, record_id, sha256)? {
                Held::NotYours => None,
                Held::Nothing => Some(status(record_id, sha256, 0, 0, false)),
                Held::Part {
                    size,
                    received,
                    complete,
                } => Some(status(record_id, sha256, size, received, complete)),
            })
        })
    }

    /// Store one chunk (one transaction); on the last one, check the hash. A new attachment
    /// must fit in `quota` bytes with the device's others.
    pub fn put_chunk(
        &self,
        c: &Chunk<'_>,
        quota: u64,
        now: DateTime<Utc>,
    ) -> Result<ChunkOutcome, StoreError> {
        self.tx(|sql| put_chunk(sql, c, quota, now))
    }

    /// Delete the incomplete attachments (and their chunks) last touched before `before`; how
    /// many.
    pub fn expire_uploads(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        self.tx(|sql| {
            let stale = [false.into(), before.into()];
            sql.execute(
                "DELETE FROM attachment_chunks WHERE EXISTS (
                     SELECT 1 FROM attachments a
                     WHERE a.record_id = attachment_chunks.record_id
                       AND a.sha256 = attachment_chunks.sha256
                       AND a.complete = $1 AND a.touched_at < $2)",
                &stale,
            )?;
            sql.execute(
                "DELETE FROM attachments WHERE complete = $1 AND touched_at < $2",
                &stale,
            )
        })
    }
}

/// Bytes of `device`'s attachments, stored and incomplete, at their declared sizes.
fn held_by(sql: &mut dyn Sql, device: Uuid) -> Result<u64, StoreError> {
    sql.query_one(
        "SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM attachments WHERE device_id = $1",
        &[device.into()],
    )?
    .u64(0)
}

fn put_chunk(
    sql: &mut dyn Sql,
    c: &Chunk<'_>,
    quota: u64,
    now: DateTime<Utc>,
) -> Result<ChunkOutcome, StoreError> {
    let key = [c.record_id.into(), c.sha256.into()];
    let (size, received, complete) = match held(sql, c.device, c.record_id, c.sha256)? {
        Held::NotYours => return Ok(ChunkOutcome::NotYours),
        Held::Part {
            size,
            received,
            complete,
        } => (size, received, complete),
        Held::Nothing => {
            let held = held_by(sql, c.device)?;
            if held.saturating_add(c.size) > quota {
                return Ok(ChunkOutcome::QuotaExceeded { held });
            }
            sql.execute(
                "INSERT INTO attachments (record_id, sha256, size, received, complete, device_id, started_at, touched_at)
                 VALUES ($1, $2, $3, 0, $4, $5, $6, $6)",
                &[
                    c.record_id.into(),
                    c.sha256.into(),
                    to_i64(c.size)?.into(),
                    false.into(),
                    c.device.into(),
                    now.into(),
                ],
            )?;
            (c.size, 0, false)
        }
    };
    let now_status = |received, complete| status(c.record_id, c.sha256, size, received, complete);
    if complete {
        return Ok(ChunkOutcome::Stored(now_status(received, true)));
    }
    if c.size != size {
        return Ok(ChunkOutcome::SizeMismatch(now_status(received, false)));
    }
    if c.offset != received {
        return Ok(ChunkOutcome::OffsetMismatch(now_status(received, false)));
    }
    let end = received + c.data.len() as u64;
    if end > size {
        return Ok(ChunkOutcome::PastEnd(now_status(received, false)));
    }
    if !c.data.is_empty() {
        let start = to_i64(received)?;
        let sealed = sql
            .cipher()?
            .seal_bytes(&chunk_place(c.record_id, c.sha256, start), c.data)?;
        sql.execute(
            "INSERT INTO attachment_chunks (record_id, sha256, start_at, data) VALUES ($1, $2, $3, $4)",
            &[c.record_id.into(), c.sha256.into(), start.into(), sealed.into()],
        )?;
        sql.execute(
            "UPDATE attachments SET received = $3, touched_at = $4 WHERE record_id = $1 AND sha256 = $2",
            &[c.record_id.into(), c.sha256.into(), to_i64(end)?.into(), now.into()],
        )?;
    }
    if end < size {
        return Ok(ChunkOutcome::Stored(now_status(end, false)));
    }
    // Complete: hash the chunks in order, one at a time.
    let actual = chunks_sha256(sql, c.record_id, c.sha256)?.sha256;
    if actual == c.sha256 {
        sql.execute(
            "UPDATE attachments SET complete = $3, completed_at = $4 WHERE record_id = $1 AND sha256 = $2",
            &[c.record_id.into(), c.sha256.into(), true.into(), now.into()],
        )?;
        Ok(ChunkOutcome::Stored(now_status(end, true)))
    } else {
        sql.execute(
            "DELETE FROM attachment_chunks WHERE record_id = $1 AND sha256 = $2",
            &key,
        )?;
        sql.execute(
            "DELETE FROM attachments WHERE record_id = $1 AND sha256 = $2",
            &key,
        )?;
        Ok(ChunkOutcome::HashMismatch(status(
            c.record_id,
            c.sha256,
            size,
            0,
            false,
        )))
    }
}
