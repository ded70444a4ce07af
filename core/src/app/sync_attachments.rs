//! Attachments on the way to the central record: which documents' PDFs are owed (their record
//! acknowledged, the PDF not held whole yet), the chunks to send, the progress the central
//! record reports, and a refusal kept with its reason until progress clears it.

use rusqlite::{OptionalExtension, params};
use uuid::Uuid;

use zastita_protocol::messages::AttachmentStatus;

use super::Session;
use super::sync_state::{decode, to_u64};
use crate::clock::to_db;
use crate::error::Error;
use crate::sync::PendingAttachment;

impl Session {
    /// Attachments (documents' PDFs) whose record the central record acknowledged and which it
    /// does not hold whole yet, oldest first.
    pub fn sync_pending_attachments(&self) -> Result<Vec<PendingAttachment>, Error> {
        let conn = self.store.conn();
        let mut stmt = conn.prepare(
            "SELECT a.record_id, a.sha256, a.size, a.sent FROM attachment_uploads a
             WHERE a.complete = 0 AND EXISTS (
                 SELECT 1 FROM outbox o WHERE o.record_id = a.record_id
                     AND o.seq <= (SELECT acked_seq FROM outbox_ack WHERE id = 1))
             ORDER BY a.rowid",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, sha256, size, sent) = row?;
            out.push(PendingAttachment {
                record_id: id.parse().map_err(|_| decode("attachment id"))?,
                sha256,
                size: to_u64(size),
                sent: to_u64(sent),
            });
        }
        Ok(out)
    }

    /// The central record refused an attachment (or the device's copy is inconsistent): keep
    /// the refusal for the sync screen. The attachment stays pending and is offered again.
    pub fn sync_attachment_refused(
        &mut self,
        record_id: Uuid,
        code: &str,
        detail: &str,
    ) -> Result<(), Error> {
        let now = self.now();
        let tx = self.store.transaction()?;
        tx.execute(
            "UPDATE attachment_uploads SET refused_code = ?2, refused_detail = ?3, refused_at = ?4,
                 updated_at = ?4
             WHERE record_id = ?1",
            params![record_id.to_string(), code, detail, to_db(now)],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Up to `max` bytes of an attachment from `offset` (read inside SQLite, not the whole PDF).
    pub fn sync_attachment_chunk(
        &self,
        record_id: Uuid,
        offset: u64,
        max: usize,
    ) -> Result<Vec<u8>, Error> {
        let start = i64::try_from(offset).unwrap_or(i64::MAX).saturating_add(1);
        let len = i64::try_from(max).unwrap_or(i64::MAX);
        let bytes: Option<Vec<u8>> = self
            .store
            .conn()
            .query_row(
                "SELECT substr(pdf, ?2, ?3) FROM documents WHERE id = ?1",
                params![record_id.to_string(), start, len],
                |r| r.get(0),
            )
            .optional()?;
        bytes.ok_or(Error::DocumentNotFound {
            id: crate::domain::DocumentId(record_id),
        })
    }

    /// Remember how much of an attachment the central record holds.
    pub fn sync_attachment_progress(
        &mut self,
        record_id: Uuid,
        status: &AttachmentStatus,
    ) -> Result<(), Error> {
        let now = self.now();
        let tx = self.store.transaction()?;
        // Progress (more bytes held, or complete) clears an earlier refusal; a look that finds
        // nothing new keeps it on the sync screen.
        tx.execute(
            "UPDATE attachment_uploads SET
                 refused_code = CASE WHEN ?3 OR ?2 > sent THEN NULL ELSE refused_code END,
                 refused_detail = CASE WHEN ?3 OR ?2 > sent THEN NULL ELSE refused_detail END,
                 refused_at = CASE WHEN ?3 OR ?2 > sent THEN NULL ELSE refused_at END,
                 sent = ?2, complete = ?3, updated_at = ?4
             WHERE record_id = ?1",
            params![
                record_id.to_string(),
                i64::try_from(status.received).unwrap_or(i64::MAX),
                status.complete,
                to_db(now)
            ],
        )?;
        tx.commit()?;
        Ok(())
    }
}
