//! Settling the offline list ([`Store::settle_in_force`]): the entries the writer's transactions
//! only marked `pending` get their Argon2id person hash and go on the list. Three steps, so no
//! transaction waits for the hash: a snapshot reads the waiting entries with their perpetrators'
//! JMBGs; the hashes are made on a background-priority thread, outside any transaction; one short
//! write publishes each entry under the next list seq — only if it still waits for the same
//! thing (a push that changed it in between wins, and marks it again).

use uuid::Uuid;
use zastita_protocol::messages::InForceEntry;
use zeroize::Zeroizing;

use super::in_force::{hash_with, next_seq, perpetrator};
use super::keys::{self, ListKey};
use crate::store::sql::Val;
use crate::store::{Store, StoreError};
use chrono::{DateTime, Utc};

/// An entry waiting for its hash, as read.
struct Waiting {
    order: Uuid,
    mac: String,
    key_id: i64,
    pending: String,
    jmbg: Zeroizing<String>,
}

impl Store {
    /// Make the hashes of at most `limit` waiting entries (of `administration`, else of all) and
    /// publish them; how many were published. The background settler calls it after pushes, and
    /// `GET /v1/in-force` for its administration before it reads, so a device's list never
    /// lacks an order whose push was answered.
    pub fn settle_in_force(
        &self,
        administration: Option<&str>,
        limit: u32,
        now: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        let administration = administration.map(str::to_owned);
        let (key, waiting) = self.read(|sql| {
            let (filter, args): (&str, Vec<Val>) = match &administration {
                Some(a) => (
                    "pending IS NOT NULL AND police_administration = $1",
                    vec![a.as_str().into()],
                ),
                None => ("pending IS NOT NULL", Vec::new()),
            };
            let rows = sql.query(
                &format!(
                    "SELECT order_id, perpetrator_id, jmbg_mac, key_id, pending FROM in_force
                     WHERE {filter} ORDER BY changed_at LIMIT {limit}"
                ),
                &args,
            )?;
            if rows.is_empty() {
                return Ok((None, Vec::new()));
            }
            let key = keys::list_key(sql)?;
            let mac_key = keys::mac_key(sql)?;
            let mut waiting = Vec::new();
            for r in &rows {
                let (Some(person), Some(mac), Some(key_id)) =
                    (r.opt_uuid(1)?, r.opt_text(2)?, r.opt_i64(3)?)
                else {
                    continue;
                };
                // The JMBG the mark was made for: another one means a push changed the person
                // since, and marked the entry again.
                let Some(jmbg) = perpetrator(sql, person)?
                    .as_ref()
                    .and_then(super::in_force::jmbg_of)
                    .filter(|j| mac_key.mac("jmbg", j.as_str()) == mac)
                else {
                    continue;
                };
                if key_id != i64::from(key.id) {
                    continue;
                }
                waiting.push(Waiting {
                    order: r.uuid(0)?,
                    mac,
                    key_id,
                    pending: r.text(4)?,
                    jmbg: Zeroizing::new(jmbg.as_str().to_owned()),
                });
            }
            Ok((Some(key), waiting))
        })?;
        let Some(key) = key else { return Ok(0) };
        if waiting.is_empty() {
            return Ok(0);
        }
        let hashed = hash_all(&key, waiting)?;
        self.tx(|sql| {
            let mut published = 0;
            for (w, hash) in &hashed {
                let still = sql.query_opt(
                    "SELECT 1 FROM in_force
                     WHERE order_id = $1 AND pending = $2 AND jmbg_mac = $3 AND key_id = $4",
                    &[
                        w.order.into(),
                        w.pending.as_str().into(),
                        w.mac.as_str().into(),
                        w.key_id.into(),
                    ],
                )?;
                if still.is_none() {
                    continue;
                }
                let mut entry: InForceEntry = serde_json::from_str(&w.pending)
                    .map_err(|e| StoreError::Corrupt(format!("a pending list entry: {e}")))?;
                entry.person_hash = hash.clone();
                let text = serde_json::to_string(&entry)
                    .map_err(|e| StoreError::Invalid(e.to_string()))?;
                let seq = next_seq(sql)?;
                sql.execute(
                    "UPDATE in_force SET person_hash = $2, entry = $3, pending = NULL, seq = $4,
                         changed_at = $5
                     WHERE order_id = $1",
                    &[
                        w.order.into(),
                        hash.as_str().into(),
                        text.into(),
                        seq.into(),
                        now.into(),
                    ],
                )?;
                published += 1;
            }
            Ok(published)
        })
    }
}

/// Each waiting entry's hash, made on a thread at background priority (Argon2id is the one
/// costly step; a push's thread should not wait behind it).
fn hash_all(key: &ListKey, waiting: Vec<Waiting>) -> Result<Vec<(Waiting, String)>, StoreError> {
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                crate::store::background_priority();
                waiting
                    .into_iter()
                    .map(|w| {
                        let hash = hash_with(key, w.jmbg.as_str())?;
                        Ok((w, hash))
                    })
                    .collect()
            })
            .join()
            .unwrap_or_else(|_| {
                Err(StoreError::Corrupt(
                    "the list's hashing thread failed".into(),
                ))
            })
    })
}
