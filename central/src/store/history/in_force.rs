//! The offline list of orders in force (`in_force`): one row per order with a perpetrator,
//! written where the console's index is written (`chain::index_order`: the push's transaction
//! and the console's acts) from the order as it stands, and again when the perpetrator's record
//! changes. An order is on the list while it is served, not lifted, has an end, and its
//! perpetrator has a valid JMBG; its entry carries the Argon2id hash of that JMBG under the list
//! key ([`person_hash`], made once per order, JMBG and key), its number, measures, service and
//! end. A change of the entry (or its leaving the list) takes the next list seq under the
//! numbering lock, so changes become visible in seq order.
//!
//! An entry whose hash is not made yet (a new order, a changed JMBG) is only marked `pending`
//! here, in the writer's transaction; `settle` makes the hash after the commit and publishes the
//! entry — so no push holds the writer for Argon2id's milliseconds.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chrono::{DateTime, Utc};
use uuid::Uuid;
use zastita_core::domain::order::Order;
use zastita_core::law;
use zastita_core::records::PersonRecord;
use zastita_protocol::messages::{InForceChange, InForceEntry, InForceList};

use super::keys::{self, ListKey};
#[cfg(test)]
use super::keys::{ARGON2_ITERATIONS, ARGON2_MEMORY_KIB, ARGON2_PARALLELISM};
use crate::store::sql::Sql;
use crate::store::{Device, Store, StoreError};

/// The most waiting entries a list read settles first (≈15 ms each); the background settler
/// does the rest of a large import, and the next read sees them.
pub const SETTLE_ON_READ: u32 = 200;

/// The list's person hash of a JMBG's 13 digits under `key`: Argon2id v0x13, salted with the
/// key's 32 bytes, its costs, 32 bytes of output, base64 (standard, padded) — what
/// `protocol::messages::InForceKey` tells devices to compute.
pub fn person_hash(
    jmbg: &str,
    key: &[u8],
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
) -> Result<String, StoreError> {
    use argon2::{Algorithm, Argon2, Params, Version};
    let params = Params::new(memory_kib, iterations, parallelism, Some(32)).map_err(|_| {
        StoreError::Corrupt("the in-force key's costs are refused by Argon2".into())
    })?;
    let mut out = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(jmbg.as_bytes(), key, &mut out)
        .map_err(|_| StoreError::Corrupt("Argon2id failed on the in-force key".into()))?;
    Ok(B64.encode(out))
}

pub(super) fn hash_with(key: &ListKey, jmbg: &str) -> Result<String, StoreError> {
    person_hash(
        jmbg,
        &key.secret,
        key.memory_kib,
        key.iterations,
        key.parallelism,
    )
}

fn snake<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The next list seq, under the numbering lock (held until commit).
pub(super) fn next_seq(sql: &mut dyn Sql) -> Result<i64, StoreError> {
    sql.lock_numbering()?;
    sql.query_one("SELECT COALESCE(MAX(seq), 0) + 1 FROM in_force", &[])?
        .i64(0)
}

/// The JMBG of a person record, when it is a valid one (a mistyped number is no JMBG to match).
pub(super) fn jmbg_of(person: &PersonRecord) -> Option<zastita_core::domain::Jmbg> {
    zastita_core::domain::Jmbg::parse(&person.person.jmbg).ok()
}

/// The perpetrator's record as its owner last sent it, if it has arrived and reads.
pub(super) fn perpetrator(
    sql: &mut dyn Sql,
    person: Uuid,
) -> Result<Option<PersonRecord>, StoreError> {
    Ok(crate::store::latest::latest_accepted(sql, person)?
        .and_then(|(_, _, payload)| serde_json::from_value(payload).ok()))
}

/// Bring `order`'s row of the list up to date: `order` as it stands (the device's version with
/// the console's acts), `administration` its police administration's code, `number` its official
/// number else its provisional one.
pub(crate) fn on_order(
    sql: &mut dyn Sql,
    order: &Order,
    administration: &str,
    number: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let id = order.id.0;
    let row = sql.query_opt(
        "SELECT jmbg_mac, key_id, person_hash, entry, seq, police_administration
         FROM in_force WHERE order_id = $1",
        &[id.into()],
    )?;
    let Some(perpetrator_id) = order.content.perpetrator.map(|p| p.0) else {
        if row.is_some() {
            write(sql, id, None, administration, None, None, now, row.as_ref())?;
        }
        return Ok(());
    };
    let d = law::deadlines(order);
    let person = perpetrator(sql, perpetrator_id)?;
    let jmbg = person.as_ref().and_then(jmbg_of);
    let listed = match (order.issued.as_ref(), d.served_at, d.expires_at, &jmbg) {
        (Some(_), Some(served_at), Some(ends_at), Some(j)) if d.lifted_at.is_none() => {
            Some((served_at, ends_at, j))
        }
        _ => None,
    };
    let mut made = None;
    if let Some((served_at, ends_at, j)) = listed {
        let mac = keys::mac_key(sql)?.mac("jmbg", j.as_str());
        let key = keys::list_key(sql)?;
        // The hash kept for this very JMBG and key, else made now (once).
        let kept = match &row {
            Some(r)
                if r.opt_text(0)?.as_deref() == Some(mac.as_str())
                    && r.opt_i64(1)? == Some(i64::from(key.id)) =>
            {
                r.opt_text(2)?
            }
            _ => None,
        };
        let entry = InForceEntry {
            person_hash: kept.unwrap_or_default(),
            number: number.to_owned(),
            measures: order.content.measures.iter().map(snake).collect(),
            served_at,
            ends_at,
        };
        made = Some((entry, mac, i64::from(key.id)));
    }
    write(
        sql,
        id,
        Some(perpetrator_id),
        administration,
        made,
        listed.map(|(_, end, _)| end),
        now,
        row.as_ref(),
    )
}

/// Write the row; a new seq when what devices get changed (an entry, or its leaving the list).
/// An entry without its hash (`person_hash` empty) is written as `pending`, not yet on the list:
/// an entry devices held before leaves it until the new one is settled.
#[allow(clippy::too_many_arguments)]
fn write(
    sql: &mut dyn Sql,
    order: Uuid,
    perpetrator: Option<Uuid>,
    administration: &str,
    made: Option<(InForceEntry, String, i64)>,
    ends_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    before: Option<&crate::store::sql::Row>,
) -> Result<(), StoreError> {
    let text = made
        .as_ref()
        .map(|(e, _, _)| serde_json::to_string(e))
        .transpose()
        .map_err(|e| StoreError::Invalid(e.to_string()))?;
    let waiting = made
        .as_ref()
        .is_some_and(|(e, _, _)| e.person_hash.is_empty());
    let (entry_text, pending) = if waiting { (None, text) } else { (text, None) };
    let (old_entry, old_seq, old_admin) = match before {
        Some(r) => (r.opt_text(3)?, r.opt_i64(4)?, r.opt_text(5)?),
        None => (None, None, None),
    };
    let changed = entry_text != old_entry || old_admin.as_deref() != Some(administration);
    let seq = if changed && (entry_text.is_some() || old_seq.is_some()) {
        Some(next_seq(sql)?)
    } else {
        old_seq
    };
    let (mac, key_id, hash) = match &made {
        Some((e, mac, key)) => (
            Some(mac.clone()),
            Some(*key),
            (!waiting).then(|| e.person_hash.clone()),
        ),
        None => (None, None, None),
    };
    sql.execute(
        "INSERT INTO in_force (order_id, perpetrator_id, police_administration, jmbg_mac, key_id,
             person_hash, entry, ends_at, seq, changed_at, pending)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (order_id) DO UPDATE SET perpetrator_id = excluded.perpetrator_id,
             police_administration = excluded.police_administration,
             jmbg_mac = excluded.jmbg_mac, key_id = excluded.key_id,
             person_hash = excluded.person_hash, entry = excluded.entry,
             ends_at = excluded.ends_at, seq = excluded.seq, changed_at = excluded.changed_at,
             pending = excluded.pending",
        &[
            order.into(),
            perpetrator.into(),
            administration.into(),
            mac.into(),
            key_id.into(),
            hash.into(),
            entry_text.into(),
            ends_at.into(),
            seq.into(),
            now.into(),
            pending.into(),
        ],
    )?;
    Ok(())
}

/// The list's orders against `person`: what must be indexed again (by the chain, which owns
/// the order as it stands) when the person's record changes.
pub(crate) fn orders_against(sql: &mut dyn Sql, person: Uuid) -> Result<Vec<Uuid>, StoreError> {
    sql.query(
        "SELECT order_id FROM in_force WHERE perpetrator_id = $1",
        &[person.into()],
    )?
    .iter()
    .map(|r| r.uuid(0))
    .collect()
}

impl Store {
    /// The in-force list's changes for `device`'s police administration after `after`, at most
    /// `limit`, oldest first, at `now` — after settling up to [`SETTLE_ON_READ`] of its entries
    /// still waiting for their hash. An entry whose end has passed goes as a removal (the
    /// device drops it by its own clock anyway); a first reading (`after` 0) gets only entries
    /// still running. A device of no administration gets an empty, complete list.
    pub fn in_force_list(
        &self,
        device: &Device,
        after: u64,
        limit: u32,
        now: DateTime<Utc>,
    ) -> Result<InForceList, StoreError> {
        let administration = device.administration.clone();
        if let Some(code) = administration.as_deref() {
            self.settle_in_force(Some(code), SETTLE_ON_READ, now)?;
        }
        self.read(move |sql| {
            let key = keys::list_key(sql)?.wire();
            let Some(code) = administration.as_deref() else {
                return Ok(InForceList {
                    key,
                    changes: Vec::new(),
                    next: after,
                    complete: true,
                    server_time: now,
                });
            };
            let rows = sql.query(
                "SELECT order_id, entry, ends_at, seq FROM in_force
                 WHERE police_administration = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                &[
                    code.into(),
                    i64::try_from(after).unwrap_or(i64::MAX).into(),
                    (i64::from(limit) + 1).into(),
                ],
            )?;
            let complete = rows.len() <= limit as usize;
            let mut changes = Vec::new();
            let mut next = after;
            for r in rows.iter().take(limit as usize) {
                let seq = r.u64(3)?;
                next = seq;
                let running = r.opt_time(2)?.is_some_and(|end| end > now);
                let entry = match r.opt_text(1)? {
                    Some(text) if running => Some(
                        serde_json::from_str::<InForceEntry>(&text)
                            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                    ),
                    _ => None,
                };
                if after == 0 && entry.is_none() {
                    continue;
                }
                changes.push(InForceChange {
                    seq,
                    order_id: r.uuid(0)?,
                    entry,
                });
            }
            Ok(InForceList {
                key,
                changes,
                next,
                complete,
                server_time: now,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The hash is the key's: the same JMBG under another key (or another JMBG) is another hash.
    /// Prints how long one hash takes at the default costs (the costs were chosen by it).
    #[test]
    fn a_person_hash_depends_on_the_key_and_its_time_is_printed() {
        let (k1, k2) = ([1u8; 32], [2u8; 32]);
        let j = "0101990710006";
        let cost = (ARGON2_MEMORY_KIB, ARGON2_ITERATIONS, ARGON2_PARALLELISM);
        let started = std::time::Instant::now();
        let h = person_hash(j, &k1, cost.0, cost.1, cost.2).unwrap();
        let took = started.elapsed();
        println!(
            "one person hash at m={} KiB, t={}, p={}: {took:?}",
            cost.0, cost.1, cost.2
        );
        assert_eq!(h, person_hash(j, &k1, cost.0, cost.1, cost.2).unwrap());
        assert_ne!(h, person_hash(j, &k2, cost.0, cost.1, cost.2).unwrap());
        assert_ne!(
            h,
            person_hash("0101990710014", &k1, cost.0, cost.1, cost.2).unwrap()
        );
        assert_eq!(B64.decode(&h).unwrap().len(), 32);
        assert!(!h.contains(j));
    }
}
