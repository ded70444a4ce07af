//! The central record's anchor of this device's audit chain (schema 11, `audit_anchor`): the
//! newest entry it holds with every entry before it, kept from the last push answer and only
//! moved forward; `check_anchor` says whether the local chain still reaches it unchanged.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};

use super::ChainBreak;
use crate::clock::to_db;
use crate::store::StoreError;

/// The anchor the central record's last push answer carried (schema 11), if any.
pub fn anchor(conn: &rusqlite::Connection) -> Result<Option<(i64, String)>, StoreError> {
    Ok(conn
        .query_row("SELECT seq, hash FROM audit_anchor WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?)
}

/// Keep the central record's anchor, inside the caller's transaction; it only moves forward.
pub fn set_anchor(
    tx: &Transaction<'_>,
    seq: u64,
    hash: &str,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let Ok(seq) = i64::try_from(seq) else {
        return Ok(());
    };
    if seq < 1 {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO audit_anchor (id, seq, hash, anchored_at) VALUES (1, ?1, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash,
             anchored_at = excluded.anchored_at
         WHERE excluded.seq > audit_anchor.seq",
        params![seq, hash, to_db(at)],
    )?;
    Ok(())
}

/// Whether the local chain still holds the anchored entry, unchanged: a chain that ends before
/// it had its newest entries cut off; one whose entry there has another hash was cut back and
/// written again. (The rest of the chain is [`verify_chain`]'s.)
pub fn check_anchor(conn: &rusqlite::Connection) -> Result<Option<ChainBreak>, StoreError> {
    let Some((seq, hash)) = anchor(conn)? else {
        return Ok(None);
    };
    let here: Option<String> = conn
        .query_row("SELECT hash FROM audit WHERE seq = ?1", [seq], |r| r.get(0))
        .optional()?;
    Ok(match here {
        Some(h) if h == hash => None,
        Some(_) => Some(ChainBreak::NotAnchored { seq }),
        None => {
            let last: i64 =
                conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM audit", [], |r| r.get(0))?;
            Some(ChainBreak::Truncated {
                anchored: seq,
                last,
            })
        }
    })
}
