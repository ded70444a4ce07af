//! The local steps of sync ([`crate::sync`]): the signed envelopes of what is pending, the
//! receipts of a push, the sync state the officer sees, failures and revocation (enrolment is
//! `sync_enroll.rs`, attachments `sync_attachments.rs`). Each step is short and one transaction;
//! none touches the network.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use uuid::Uuid;
use zeroize::Zeroizing;

use zastita_protocol::messages::{
    MAX_PUSH_BYTES, PushResponse, ReceiptOutcome, RecordEnvelope, RecordKind, SignedEnvelope,
};
use zastita_protocol::signing::DeviceKey;

use super::Session;
use crate::audit::{self, Action, Outcome};
use crate::clock::to_db;
use crate::error::{Error, ErrorCode};
use crate::outbox;
use crate::store::StoreError;
use crate::sync::{
    AttachmentRefusal, PushTally, SKEW_FLAG_MS, SyncCredentials, SyncError, SyncIssue, SyncStatus,
    SyncSummary,
};

/// Room left in a push body for the request around the envelopes.
const PUSH_OVERHEAD: usize = 64 * 1024;

/// The `sync_state` row.
pub(super) struct SyncRow {
    pub server: Option<String>,
    pub ca_pem: Option<String>,
    pub central_device_id: Option<String>,
    pub device_key: Option<Vec<u8>>,
    pub enrolled_at: Option<String>,
    pub feed_cursor: i64,
    pub last_attempt_at: Option<String>,
    pub last_success_at: Option<String>,
    pub last_error_code: Option<ErrorCode>,
    pub last_error_detail: Option<String>,
    pub skew_ms: Option<i64>,
}

pub(super) fn sync_row(conn: &rusqlite::Connection) -> Result<SyncRow, Error> {
    Ok(conn.query_row(
        "SELECT server, ca_pem, central_device_id, device_key, enrolled_at, feed_cursor,
                last_attempt_at, last_success_at, last_error_code, last_error_detail, skew_ms
         FROM sync_state WHERE id = 1",
        [],
        |r| {
            Ok(SyncRow {
                server: r.get(0)?,
                ca_pem: r.get(1)?,
                central_device_id: r.get(2)?,
                device_key: r.get(3)?,
                enrolled_at: r.get(4)?,
                feed_cursor: r.get(5)?,
                last_attempt_at: r.get(6)?,
                last_success_at: r.get(7)?,
                last_error_code: r
                    .get::<_, Option<String>>(8)?
                    .map(|c| ErrorCode::parse_stored(&c)),
                last_error_detail: r.get(9)?,
                skew_ms: r.get(10)?,
            })
        },
    )?)
}

pub(super) fn decode(what: &str) -> Error {
    Error::Store(StoreError::Decode(format!("stored {what}")))
}

fn time(s: Option<&str>) -> Result<Option<DateTime<Utc>>, Error> {
    s.map(|t| {
        DateTime::parse_from_rfc3339(t)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| decode("sync time"))
    })
    .transpose()
}

pub(super) fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// The enrolled identity, or `not enrolled`.
pub(super) fn central_device_id(row: &SyncRow) -> Result<Uuid, Error> {
    row.central_device_id
        .as_deref()
        .ok_or(Error::Sync(SyncError::NotEnrolled))?
        .parse()
        .map_err(|_| decode("central device id"))
}

fn issues(conn: &rusqlite::Connection, table: &str) -> Result<Vec<SyncIssue>, Error> {
    let mut stmt = conn.prepare(&format!(
        "SELECT seq, version_id, record_id, kind, reason, at FROM {table} ORDER BY seq DESC"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (seq, version_id, record_id, kind, reason, at) = row?;
        out.push(SyncIssue {
            seq: to_u64(seq),
            version_id: version_id.parse().map_err(|_| decode("version id"))?,
            record_id: record_id.parse().map_err(|_| decode("record id"))?,
            kind,
            reason,
            at: time(Some(&at))?.ok_or_else(|| decode("time"))?,
        });
    }
    Ok(out)
}

fn attachment_refusals(conn: &rusqlite::Connection) -> Result<Vec<AttachmentRefusal>, Error> {
    let mut stmt = conn.prepare(
        "SELECT a.record_id, d.case_id, d.kind, a.refused_code, a.refused_detail, a.refused_at
         FROM attachment_uploads a JOIN documents d ON d.id = a.record_id
         WHERE a.complete = 0 AND a.refused_code IS NOT NULL
         ORDER BY a.refused_at DESC, a.rowid DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (record_id, case_id, document_kind, code, detail, at) = row?;
        out.push(AttachmentRefusal {
            record_id: record_id.parse().map_err(|_| decode("document id"))?,
            case_id: case_id.parse().map_err(|_| decode("case id"))?,
            document_kind,
            code,
            detail: detail.unwrap_or_default(),
            at: time(at.as_deref())?.ok_or_else(|| decode("refusal time"))?,
        });
    }
    Ok(out)
}

/// The `amends` of a queued payload: a statement addendum names the statement it corrects.
fn amends_of(kind: RecordKind, payload: &serde_json::Value) -> Option<Uuid> {
    match kind {
        RecordKind::Statement => payload
            .get("amends")
            .and_then(serde_json::Value::as_str)
            .and_then(|s| s.parse().ok()),
        _ => None,
    }
}

/// The signed envelope of one outbox entry, its digest over the payload's canonical bytes.
pub(crate) fn envelope(
    entry: &outbox::OutboxEntry,
    device_id: Uuid,
    key: &DeviceKey,
) -> Result<SignedEnvelope, Error> {
    let payload: serde_json::Value =
        serde_json::from_str(&entry.payload).map_err(StoreError::from)?;
    let kind = RecordKind::parse(&entry.kind);
    let created_at = time(Some(&entry.created_at))?.ok_or_else(|| decode("time"))?;
    let sign_error = |e: zastita_protocol::signing::SigningError| {
        Error::Store(StoreError::Decode(format!(
            "queued version {} cannot be signed: {e}",
            entry.seq
        )))
    };
    RecordEnvelope::new(
        device_id,
        to_u64(entry.seq),
        entry.version_id,
        entry.record_id,
        kind,
        entry.version,
        amends_of(kind, &payload),
        entry.officer.clone(),
        created_at,
        payload,
    )
    .and_then(|e| e.sign(key))
    .map_err(sign_error)
}

impl Session {
    /// What the transport needs: where, whom to trust, who this device is, its key.
    pub fn sync_credentials(&self) -> Result<SyncCredentials, Error> {
        let row = sync_row(self.store.conn())?;
        let device_id = central_device_id(&row)?;
        match (row.server, row.ca_pem, row.device_key) {
            (Some(server), Some(ca_pem), Some(key)) => Ok(SyncCredentials {
                server,
                ca_pem,
                device_id,
                pkcs8: Zeroizing::new(key),
                skew_ms: row.skew_ms,
            }),
            _ => Err(Error::Sync(SyncError::NotEnrolled)),
        }
    }

    /// The highest `seq` the central record holds every version up to.
    pub fn sync_acked_seq(&self) -> Result<u64, Error> {
        Ok(to_u64(outbox::acked_seq(self.store.conn())?))
    }

    /// The feed cursor: central changes are applied up to here.
    pub fn sync_cursor(&self) -> Result<u64, Error> {
        Ok(to_u64(sync_row(self.store.conn())?.feed_cursor))
    }

    /// The next batch to push: signed envelopes of the versions after the acknowledged `seq`,
    /// oldest first, at most `limit` (and [`MAX_PUSH_ENVELOPES`]) and within the protocol's
    /// body size (a single version larger than that still goes alone; the central record will
    /// say what it makes of it).
    ///
    /// [`MAX_PUSH_ENVELOPES`]: zastita_protocol::messages::MAX_PUSH_ENVELOPES
    pub fn sync_outgoing(&self, limit: usize) -> Result<Vec<SignedEnvelope>, Error> {
        let conn = self.store.conn();
        let row = sync_row(conn)?;
        let device_id = central_device_id(&row)?;
        let pkcs8 = Zeroizing::new(row.device_key.ok_or(Error::Sync(SyncError::NotEnrolled))?);
        let key = DeviceKey::from_pkcs8(&pkcs8).map_err(|_| decode("device key"))?;
        let limit = limit.min(zastita_protocol::messages::MAX_PUSH_ENVELOPES);
        let acked = outbox::acked_seq(conn)?;
        let entries = outbox::entries_after(conn, acked, u32::try_from(limit).unwrap_or(0))?;
        let mut out = Vec::with_capacity(entries.len());
        let mut bytes = 0usize;
        for entry in &entries {
            let signed = envelope(entry, device_id, &key)?;
            let size = serde_json::to_vec(&signed)
                .map_err(StoreError::from)?
                .len()
                .saturating_add(1);
            if !out.is_empty() && bytes + size > MAX_PUSH_BYTES - PUSH_OVERHEAD {
                break;
            }
            bytes += size;
            out.push(signed);
        }
        Ok(out)
    }

    /// Store what the central record said about a push, in one transaction: the acknowledged
    /// `seq` (never backwards, never past what was queued), quarantined and conflicting versions
    /// into their lists, the clock skew, and the audit chain's anchor (never backwards).
    pub fn sync_record_push(&mut self, answer: &PushResponse) -> Result<PushTally, Error> {
        let now = self.now();
        let skew = (answer.server_time - now).num_milliseconds();
        let tx = self.store.transaction()?;
        let before = outbox::acked_seq(&tx)?;
        let last = outbox::last_seq(&tx)?;
        let claimed = i64::try_from(answer.acked_seq).unwrap_or(i64::MAX);
        let acked = claimed.min(last).max(before);
        tx.execute("UPDATE outbox_ack SET acked_seq = ?1 WHERE id = 1", [acked])?;
        let mut tally = PushTally {
            acked_seq: to_u64(acked),
            skew_ms: skew,
            ..PushTally::default()
        };
        for r in &answer.receipts {
            let table = match r.outcome {
                ReceiptOutcome::Accepted => {
                    tally.accepted += 1;
                    continue;
                }
                ReceiptOutcome::Conflict => {
                    tally.conflicts += 1;
                    "sync_conflicts"
                }
                ReceiptOutcome::Quarantined => {
                    tally.quarantined += 1;
                    "sync_quarantine"
                }
            };
            // Only versions this device queued are listed (a receipt naming anything else is
            // the server's confusion, not a record of ours).
            let queued: Option<(String, String)> = tx
                .query_row(
                    "SELECT record_id, kind FROM outbox WHERE version_id = ?1",
                    [r.version_id.to_string()],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?;
            if let Some((record_id, kind)) = queued {
                let reason: String = r
                    .reason
                    .as_deref()
                    .unwrap_or("no reason given")
                    .chars()
                    .take(500)
                    .collect();
                tx.execute(
                    &format!(
                        "INSERT INTO {table} (version_id, seq, record_id, kind, reason, at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                         ON CONFLICT (version_id) DO UPDATE SET reason = excluded.reason,
                             at = excluded.at"
                    ),
                    params![
                        r.version_id.to_string(),
                        i64::try_from(r.seq).unwrap_or(i64::MAX),
                        record_id,
                        kind,
                        reason,
                        to_db(r.received_at)
                    ],
                )?;
            }
        }
        tx.execute(
            "UPDATE sync_state SET last_device_time = ?1, last_server_time = ?2, skew_ms = ?3
             WHERE id = 1",
            params![to_db(now), to_db(answer.server_time), skew],
        )?;
        if let Some(head) = &answer.audit_head {
            audit::set_anchor(&tx, head.seq, &head.hash, now)?;
        }
        tx.commit()?;
        Ok(tally)
    }

    /// Where sync stands, for the officer's screen and the station.
    pub fn sync_status(&self) -> Result<SyncStatus, Error> {
        let conn = self.store.conn();
        let row = sync_row(conn)?;
        let central_device_id = row
            .central_device_id
            .as_deref()
            .map(|s| s.parse().map_err(|_| decode("central device id")))
            .transpose()?;
        let attachments_pending: i64 = conn.query_row(
            "SELECT count(*) FROM attachment_uploads WHERE complete = 0",
            [],
            |r| r.get(0),
        )?;
        Ok(SyncStatus {
            enrolled: row.server.is_some(),
            server: row.server,
            central_device_id,
            enrolled_at: time(row.enrolled_at.as_deref())?,
            pending: outbox::pending_count(conn)?,
            pending_by_kind: outbox::pending_by_kind(conn)?,
            attachments_pending: to_u64(attachments_pending),
            attachments_refused: attachment_refusals(conn)?,
            acked_seq: to_u64(outbox::acked_seq(conn)?),
            last_attempt_at: time(row.last_attempt_at.as_deref())?,
            last_success_at: time(row.last_success_at.as_deref())?,
            last_error_code: row.last_error_code,
            last_error_detail: row.last_error_detail,
            skew_ms: row.skew_ms,
            skew_flagged: row.skew_ms.is_some_and(|s| s.abs() > SKEW_FLAG_MS),
            quarantined: issues(conn, "sync_quarantine")?,
            conflicts: issues(conn, "sync_conflicts")?,
            feed_cursor: to_u64(row.feed_cursor),
        })
    }

    /// A round begins: remember when (not audited; the round's end is).
    pub fn sync_started(&mut self) -> Result<(), Error> {
        let now = self.now();
        let tx = self.store.transaction()?;
        tx.execute(
            "UPDATE sync_state SET last_attempt_at = ?1 WHERE id = 1",
            [to_db(now)],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A round ended well: record it and audit it (counts only, no content).
    pub fn sync_succeeded(&mut self, summary: &SyncSummary) -> Result<(), Error> {
        let now = self.now();
        let entry = self.entry(
            Action::Sync,
            None,
            Outcome::Ok,
            Some(format!(
                "pushed {}, accepted {}, conflicts {}, quarantined {}, \
                 attachments {}, attachments refused {}, changes {}",
                summary.pushed,
                summary.accepted,
                summary.conflicts,
                summary.quarantined,
                summary.attachments_uploaded,
                summary.attachments_refused,
                summary.changes_applied
            )),
        );
        let tx = self.store.transaction()?;
        tx.execute(
            "UPDATE sync_state SET last_success_at = ?1, last_error_code = NULL,
                 last_error_detail = NULL
             WHERE id = 1",
            [to_db(now)],
        )?;
        audit::append(&tx, &entry)?;
        tx.commit()?;
        Ok(())
    }

    /// A round or an enrolment failed: keep the error's code and English detail for the status,
    /// and audit the failure (its code only).
    pub fn sync_failed(&mut self, error: &SyncError) -> Result<(), Error> {
        let entry = self.entry(
            Action::Sync,
            None,
            Outcome::Failed,
            Some(error.code().as_str().to_owned()),
        );
        let detail: String = error.to_string().chars().take(500).collect();
        let tx = self.store.transaction()?;
        tx.execute(
            "UPDATE sync_state SET last_error_code = ?1, last_error_detail = ?2 WHERE id = 1",
            params![error.code().as_str(), detail],
        )?;
        audit::append(&tx, &entry)?;
        tx.commit()?;
        Ok(())
    }

    /// The central record revoked this device: destroy the keys (crypto-erase), recording why.
    /// The wipe is audited first (in the store nobody can read afterwards). This session still
    /// holds the data key in memory until it ends: the caller must end it at once with
    /// [`Session::close_revoked`], which also deletes the database.
    pub fn sync_revoked(&mut self) -> Result<(), Error> {
        if self.keyring.is_wiped() {
            return Ok(());
        }
        let e = self.entry(
            Action::Wipe,
            Some(format!("device:{}", self.device_id)),
            Outcome::Ok,
            Some("revoked by the central record".to_owned()),
        );
        let _ = self.audit_alone(e);
        let now = self.now();
        self.keyring
            .wipe(now, crate::keyring::WipeReason::Revoked)?;
        Ok(())
    }
}
