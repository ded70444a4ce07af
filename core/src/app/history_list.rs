//! The offline list of orders in force (issue 16) on the device: the sync round's local step that
//! applies a page of `GET /v1/in-force` (its key, its changes, its cursor, in one transaction),
//! and the reads the history view makes of it. The list holds per order a keyed Argon2id hash of
//! the perpetrator's JMBG, the central number, the measures and the end — nothing else about
//! people — inside SQLCipher. A new key id drops the list: the round reads it again from 0.

use chrono::{DateTime, Utc};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use zastita_protocol::messages::{InForceKey, InForceList};

use super::Session;
use crate::clock::to_db;
use crate::error::{Error, SyncError};
use crate::store::StoreError;
use crate::sync::in_force::check_key;

/// The longest order number and measure name kept from the list (longer ones are refused).
const MAX_TEXT: usize = 64;
/// The most measures one entry may carry.
const MAX_MEASURES: usize = 8;

/// What applying one page of the list did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct InForceOutcome {
    /// Entries added, changed or removed.
    pub applied: u64,
    /// Changes refused as malformed (skipped; the rest applied).
    pub skipped: u64,
    pub cursor: u64,
    /// The list's key changed while the page was read from a later cursor: the list was dropped
    /// and must be read again from 0.
    pub restart: bool,
    pub complete: bool,
}

/// One entry of the offline list as the device holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InForceListEntry {
    pub order_id: Uuid,
    pub number: String,
    pub measures: Vec<String>,
    pub served_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// The list's state: its key, cursor and last complete refresh.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ListState {
    pub key: Option<InForceKey>,
    pub cursor: u64,
    pub refreshed_at: Option<DateTime<Utc>>,
}

fn protocol(detail: &str) -> Error {
    Error::Sync(SyncError::Protocol(detail.to_owned()))
}

fn parse_time(s: &str) -> Result<DateTime<Utc>, Error> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Decode(format!("an instant of the offline list: {e}")).into())
}

pub(crate) fn list_state(conn: &rusqlite::Connection) -> Result<ListState, Error> {
    let (key, cursor, refreshed): (Option<String>, i64, Option<String>) = conn.query_row(
        "SELECT key, cursor, refreshed_at FROM in_force_state WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let key = key
        .map(|k| serde_json::from_str::<InForceKey>(&k))
        .transpose()
        .map_err(StoreError::from)?;
    Ok(ListState {
        key,
        cursor: u64::try_from(cursor).unwrap_or(0),
        refreshed_at: refreshed.as_deref().map(parse_time).transpose()?,
    })
}

fn valid_entry(e: &zastita_protocol::messages::InForceEntry) -> bool {
    let text = |s: &str| {
        !s.is_empty() && s.chars().count() <= MAX_TEXT && !crate::domain::control_character(s)
    };
    e.person_hash.len() <= 64
        && !e.person_hash.is_empty()
        && text(&e.number)
        && e.measures.len() <= MAX_MEASURES
        && e.measures.iter().all(|m| text(m))
        && e.served_at <= e.ends_at
}

impl Session {
    /// Where the next page of the offline list starts.
    pub fn in_force_cursor(&self) -> Result<u64, Error> {
        Ok(list_state(self.store().conn())?.cursor)
    }

    /// Apply one page of the offline list in one transaction: a new key drops the list (and asks
    /// for a restart from 0 when the page was read from a later cursor); each change replaces or
    /// removes its order's entry; entries whose end has passed on the device clock go; the
    /// cursor moves to the page's `next`; a complete page records the refresh instant. A key
    /// whose salt or costs a device cannot accept refuses the page (nothing changes).
    pub fn apply_in_force(&mut self, page: &InForceList) -> Result<InForceOutcome, Error> {
        check_key(&page.key).map_err(|e| protocol(&e.to_string()))?;
        let now = self.now();
        let store = self.store_mut();
        let tx = store.transaction()?;
        let state = list_state(&tx)?;
        let mut out = InForceOutcome::default();
        if state.key.as_ref().map(|k| k.id) != Some(page.key.id) {
            let key = serde_json::to_string(&page.key).map_err(StoreError::from)?;
            tx.execute("DELETE FROM in_force_list", [])?;
            tx.execute(
                "UPDATE in_force_state SET key_id = ?1, key = ?2, cursor = 0, refreshed_at = NULL
                 WHERE id = 1",
                params![page.key.id, key],
            )?;
            if state.cursor != 0 {
                tx.commit().map_err(|e| store.with_dir(e.into()))?;
                out.restart = true;
                return Ok(out);
            }
        } else if page.next < state.cursor {
            return Err(protocol("the offline list's cursor went backwards"));
        }
        let cursor = if state.key.as_ref().map(|k| k.id) == Some(page.key.id) {
            state.cursor
        } else {
            0
        };
        for change in page.changes.iter().filter(|c| c.seq > cursor) {
            let order_id = change.order_id.to_string();
            match &change.entry {
                Some(e) if valid_entry(e) => {
                    let measures = serde_json::to_string(&e.measures).map_err(StoreError::from)?;
                    tx.execute(
                        "INSERT INTO in_force_list
                             (order_id, person_hash, number, measures, served_at, ends_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                         ON CONFLICT (order_id) DO UPDATE SET person_hash = ?2, number = ?3,
                             measures = ?4, served_at = ?5, ends_at = ?6",
                        params![
                            order_id,
                            e.person_hash,
                            e.number,
                            measures,
                            to_db(e.served_at),
                            to_db(e.ends_at)
                        ],
                    )?;
                    out.applied += 1;
                }
                Some(_) => out.skipped += 1,
                None => {
                    tx.execute("DELETE FROM in_force_list WHERE order_id = ?1", [&order_id])?;
                    out.applied += 1;
                }
            }
        }
        tx.execute(
            "DELETE FROM in_force_list WHERE ends_at <= ?1",
            [to_db(now)],
        )?;
        out.cursor = page.next.max(cursor);
        out.complete = page.complete;
        tx.execute(
            "UPDATE in_force_state SET cursor = ?1 WHERE id = 1",
            [i64::try_from(out.cursor).unwrap_or(i64::MAX)],
        )?;
        if page.complete {
            tx.execute(
                "UPDATE in_force_state SET refreshed_at = ?1 WHERE id = 1",
                [to_db(now)],
            )?;
        }
        tx.commit().map_err(|e| store.with_dir(e.into()))?;
        Ok(out)
    }

    /// How many entries the offline list holds that are in force on the device clock.
    pub fn in_force_entries(&self) -> Result<u64, Error> {
        let n: i64 = self.store().conn().query_row(
            "SELECT count(*) FROM in_force_list WHERE ends_at > ?1",
            [to_db(self.now())],
            |r| r.get(0),
        )?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The list's entries for a person hash that are in force on the device clock.
    pub(crate) fn in_force_for(&self, hash: &str) -> Result<Vec<InForceListEntry>, Error> {
        let conn = self.store().conn();
        let mut stmt = conn.prepare(
            "SELECT order_id, number, measures, served_at, ends_at FROM in_force_list
             WHERE person_hash = ?1 AND ends_at > ?2 ORDER BY ends_at DESC",
        )?;
        let rows = stmt.query_map(params![hash, to_db(self.now())], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, number, measures, served, ends) = row?;
            out.push(InForceListEntry {
                order_id: Uuid::parse_str(&id)
                    .map_err(|e| StoreError::Decode(format!("an order id of the list: {e}")))?,
                number,
                measures: serde_json::from_str(&measures).map_err(StoreError::from)?,
                served_at: parse_time(&served)?,
                ends_at: parse_time(&ends)?,
            });
        }
        Ok(out)
    }

    /// The list's key (None before the first refresh).
    pub(crate) fn in_force_key(&self) -> Result<Option<InForceKey>, Error> {
        Ok(list_state(self.store().conn())?.key)
    }

    /// When the list was last refreshed whole.
    pub fn in_force_refreshed_at(&self) -> Result<Option<DateTime<Utc>>, Error> {
        Ok(list_state(self.store().conn())?.refreshed_at)
    }
}
