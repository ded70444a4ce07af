//! Each device's audit chain as the central record holds it (the device's own rules in
//! `zastita-core`'s `audit.rs`): every audit entry that arrives must follow the one before it —
//! its `seq` one more, its `prev_hash` that entry's hash. [`on_entry`] checks each accepted audit
//! envelope inside the push's transaction and keeps the chain's anchor (the newest entry linked to
//! every one before it) in `audit_chains`; a break is flagged as a conflict by the caller, and
//! the anchor stays where it was. [`Store::check_audit_chains`] walks every device's chain again
//! from the stored records, for the station's `verify`.
//!
//! **Invariant:** the anchor a push receipt carries never moves past a break, and never moves
//! backwards.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;
use zastita_protocol::messages::{AuditHead, RecordKind};

use super::crypt::Place;
use super::sql::Sql;
use super::{Store, StoreError};

/// The hash that stands before a device's first audit entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What the chain needs of an audit entry's payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub seq: u64,
    pub prev_hash: String,
    pub hash: String,
}

fn is_hash(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The chain fields of an audit payload, or why it has none (the envelope is then quarantined).
pub fn link_of(payload: &Value) -> Result<Link, String> {
    let seq = payload
        .get("seq")
        .and_then(Value::as_u64)
        .filter(|s| *s >= 1 && i64::try_from(*s).is_ok())
        .ok_or("audit_malformed: an audit entry needs a `seq` of 1 or more")?;
    let text = |name: &str| {
        payload
            .get(name)
            .and_then(Value::as_str)
            .filter(|h| is_hash(h))
            .map(str::to_owned)
            .ok_or(format!(
                "audit_malformed: an audit entry needs `{name}` as 64 lower-case hex digits"
            ))
    };
    Ok(Link {
        seq,
        prev_hash: text("prev_hash")?,
        hash: text("hash")?,
    })
}

/// Whether `next` may follow `prev` (`None`: nothing of this device's chain is held yet), or the
/// break, as `code: explanation` for the conflict list. A chain's first entry is normally entry 1
/// from the genesis hash; one that begins later (a store from before sync existed, whose first
/// entries were never queued) is taken as where the central record's copy begins.
pub fn follows(prev: Option<&Link>, next: &Link) -> Result<(), String> {
    let Some(prev) = prev else {
        if next.seq == 1 && next.prev_hash != GENESIS {
            return Err(
                "audit_chain_link: audit entry 1 does not start from the genesis hash".to_owned(),
            );
        }
        return Ok(());
    };
    if next.seq <= prev.seq {
        return Err(format!(
            "audit_chain_rewritten: audit entry {} arrived after entry {}: the device's chain was \
             cut and written again",
            next.seq, prev.seq
        ));
    }
    if next.seq > prev.seq + 1 {
        return Err(format!(
            "audit_chain_gap: audit entries {} to {} never arrived before entry {}",
            prev.seq + 1,
            next.seq - 1,
            next.seq
        ));
    }
    if next.prev_hash != prev.hash {
        return Err(format!(
            "audit_chain_link: audit entry {} does not point at entry {} (its previous hash is \
             another)",
            next.seq, prev.seq
        ));
    }
    Ok(())
}

/// The stored chain of one device.
struct Chain {
    head: Link,
    tip: Link,
    tip_version: Uuid,
    broken: bool,
}

fn chain(sql: &mut dyn Sql, device: Uuid) -> Result<Option<Chain>, StoreError> {
    let Some(r) = sql.query_opt(
        "SELECT head_seq, head_hash, tip_seq, tip_hash, tip_version_id, broken_at
         FROM audit_chains WHERE device_id = $1",
        &[device.into()],
    )?
    else {
        return Ok(None);
    };
    Ok(Some(Chain {
        head: Link {
            seq: r.u64(0)?,
            prev_hash: String::new(),
            hash: r.text(1)?,
        },
        tip: Link {
            seq: r.u64(2)?,
            prev_hash: String::new(),
            hash: r.text(3)?,
        },
        tip_version: r.uuid(4)?,
        broken: !r.is_null(5)?,
    }))
}

fn i64_of(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A break found by [`on_entry`]: the conflict's reason and the version it should have followed.
#[derive(Debug, Clone)]
pub struct Break {
    pub reason: String,
    pub after_version: Uuid,
}

/// Check an accepted audit envelope (`version`, carrying `link`) against the device's chain and
/// move the chain on, inside the push's transaction. `Err(Break)` when it does not follow; the
/// caller keeps it as a conflict. The device's row is locked first, so two pushes of one device
/// on PostgreSQL check one after the other.
pub fn on_entry(
    sql: &mut dyn Sql,
    device: Uuid,
    version: Uuid,
    link: &Link,
    now: DateTime<Utc>,
) -> Result<Result<(), Break>, StoreError> {
    sql.execute(
        "UPDATE devices SET acked_seq = acked_seq WHERE id = $1",
        &[device.into()],
    )?;
    let Some(c) = chain(sql, device)? else {
        let verdict = follows(None, link);
        sql.execute(
            "INSERT INTO audit_chains (device_id, first_seq, head_seq, head_hash, tip_seq,
                 tip_hash, tip_version_id, broken_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                device.into(),
                i64_of(link.seq).into(),
                // A broken first entry anchors nothing: head 0 at the genesis hash.
                if verdict.is_ok() { i64_of(link.seq) } else { 0 }.into(),
                if verdict.is_ok() {
                    link.hash.as_str()
                } else {
                    GENESIS
                }
                .into(),
                i64_of(link.seq).into(),
                link.hash.as_str().into(),
                version.into(),
                verdict.as_ref().err().map(|_| i64_of(link.seq)).into(),
                now.into(),
            ],
        )?;
        return Ok(verdict.map_err(|reason| Break {
            reason,
            after_version: version,
        }));
    };
    // While whole, the tip is the head; after a break only the tip moves (each later break is
    // flagged against the entry received before it, not again against the old head).
    let verdict = follows(Some(&c.tip), link);
    let (head_seq, head_hash) = if !c.broken && verdict.is_ok() {
        (link.seq, link.hash.as_str())
    } else {
        (c.head.seq, c.head.hash.as_str())
    };
    sql.execute(
        "UPDATE audit_chains SET head_seq = $2, head_hash = $3, tip_seq = $4, tip_hash = $5,
             tip_version_id = $6, broken_at = COALESCE(broken_at, $7), updated_at = $8
         WHERE device_id = $1",
        &[
            device.into(),
            i64_of(head_seq).into(),
            head_hash.into(),
            // A rewritten chain's tip is its newest entry, even with a lower seq.
            i64_of(link.seq).into(),
            link.hash.as_str().into(),
            version.into(),
            verdict.as_ref().err().map(|_| i64_of(link.seq)).into(),
            now.into(),
        ],
    )?;
    Ok(verdict.map_err(|reason| Break {
        reason,
        after_version: c.tip_version,
    }))
}

/// The anchor for a device's push receipt: the newest entry linked to all before it.
pub fn head(sql: &mut dyn Sql, device: Uuid) -> Result<Option<AuditHead>, StoreError> {
    Ok(chain(sql, device)?
        .filter(|c| c.head.seq > 0)
        .map(|c| AuditHead {
            seq: c.head.seq,
            hash: c.head.hash,
        }))
}

/// One device's audit chain, walked again from the stored records ([`Store::check_audit_chains`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainReport {
    pub device_id: Uuid,
    /// Audit entries the central record holds for this device.
    pub entries: u64,
    /// The first entry's seq (1 unless the device's first entries were never queued).
    pub first_seq: Option<u64>,
    /// The newest entry linked to every one before it.
    pub head: Option<AuditHead>,
    /// Every break, in the order the entries arrived (`code: explanation`).
    pub breaks: Vec<String>,
}

impl ChainReport {
    pub fn ok(&self) -> bool {
        self.breaks.is_empty()
    }
}

/// Walk `links` (in the order they arrived) as [`on_entry`] did.
pub fn walk(device_id: Uuid, links: &[Link]) -> ChainReport {
    let mut report = ChainReport {
        device_id,
        entries: links.len() as u64,
        first_seq: links.first().map(|l| l.seq),
        head: None,
        breaks: Vec::new(),
    };
    let mut prev: Option<&Link> = None;
    for link in links {
        match follows(prev, link) {
            Ok(()) if report.breaks.is_empty() => {
                report.head = Some(AuditHead {
                    seq: link.seq,
                    hash: link.hash.clone(),
                });
            }
            Ok(()) => {}
            Err(b) => report.breaks.push(b),
        }
        prev = Some(link);
    }
    report
}

impl Store {
    /// Every device's audit chain, walked from the audit records the central record holds (in
    /// the order they arrived), and compared with the anchor kept while they arrived: a chain
    /// whose records and anchor disagree (a row removed or changed in the central database)
    /// is reported as broken too.
    pub fn check_audit_chains(&self) -> Result<Vec<ChainReport>, StoreError> {
        self.tx(|sql| {
            let rows = sql.query(
                "SELECT device_id, payload, version_id FROM records WHERE kind = $1
                 ORDER BY device_id, seq",
                &[RecordKind::Audit.as_str().into()],
            )?;
            let cipher = sql.cipher()?;
            let mut by_device: Vec<(Uuid, Vec<Link>)> = Vec::new();
            for r in &rows {
                let device = r.uuid(0)?;
                let place = Place::new("records", "payload", r.uuid(2)?.to_string());
                let payload: Value = serde_json::from_str(&cipher.open_text(&place, &r.text(1)?)?)
                    .map_err(|e| StoreError::Corrupt(format!("a stored audit payload: {e}")))?;
                let link = link_of(&payload).map_err(StoreError::Corrupt)?;
                match by_device.last_mut() {
                    Some((d, links)) if *d == device => links.push(link),
                    _ => by_device.push((device, vec![link])),
                }
            }
            let mut out = Vec::with_capacity(by_device.len());
            for (device, links) in by_device {
                let mut report = walk(device, &links);
                let anchored = head(sql, device)?;
                if anchored != report.head {
                    report.breaks.push(format!(
                        "audit_anchor_mismatch: the anchor kept as entries arrived ({}) is not \
                         the chain the records hold ({})",
                        describe(anchored.as_ref()),
                        describe(report.head.as_ref())
                    ));
                }
                out.push(report);
            }
            Ok(out)
        })
    }
}

fn describe(h: Option<&AuditHead>) -> String {
    h.map_or_else(|| "none".to_owned(), |h| format!("entry {}", h.seq))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn l(seq: u64, prev: &str, hash: &str) -> Link {
        let h = |c: &str| c.repeat(64);
        Link {
            seq,
            prev_hash: if prev == "0" { GENESIS.into() } else { h(prev) },
            hash: h(hash),
        }
    }

    #[test]
    fn links_gaps_and_rewrites_are_told_apart() {
        assert!(follows(None, &l(1, "0", "a")).is_ok());
        assert!(follows(None, &l(1, "b", "a")).is_err());
        assert!(follows(None, &l(7, "b", "a")).is_ok(), "a later start");
        let one = l(1, "0", "a");
        assert!(follows(Some(&one), &l(2, "a", "b")).is_ok());
        assert!(
            follows(Some(&one), &l(3, "b", "c"))
                .unwrap_err()
                .starts_with("audit_chain_gap")
        );
        assert!(
            follows(Some(&one), &l(2, "c", "b"))
                .unwrap_err()
                .starts_with("audit_chain_link")
        );
        assert!(
            follows(Some(&l(5, "d", "e")), &l(4, "d", "f"))
                .unwrap_err()
                .starts_with("audit_chain_rewritten")
        );
        let r = walk(
            Uuid::nil(),
            &[
                l(1, "0", "a"),
                l(2, "a", "b"),
                l(4, "c", "d"),
                l(5, "d", "e"),
            ],
        );
        assert_eq!(r.head.map(|h| h.seq), Some(2));
        assert_eq!(r.breaks.len(), 1);
    }

    #[test]
    fn a_payload_without_chain_fields_is_malformed() {
        let ok = serde_json::json!({"seq": 3, "prev_hash": "a".repeat(64), "hash": "b".repeat(64)});
        assert_eq!(link_of(&ok).map(|l| l.seq), Ok(3));
        for bad in [
            serde_json::json!({"seq": 0, "prev_hash": "a".repeat(64), "hash": "b".repeat(64)}),
            serde_json::json!({"seq": 1, "prev_hash": "A".repeat(64), "hash": "b".repeat(64)}),
            serde_json::json!({"seq": 1, "prev_hash": "a".repeat(64)}),
        ] {
            assert!(link_of(&bad).is_err(), "{bad}");
        }
    }
}
