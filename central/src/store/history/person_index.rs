//! The person index (`person_index`, V11): one row per person record from its owner's latest
//! accepted version — case, device, role and the HMAC-SHA256 values of the JMBG and of the folded
//! family name, given name and date of birth under the server-only key — written in the push's
//! transaction ([`on_person`]), and for a database from before V11 once ([`index_held_people`]).

use chrono::{DateTime, Utc};
use serde_json::Value;
use uuid::Uuid;
use zastita_core::domain::Jmbg;
use zastita_core::domain::text::fold_for_search;
use zastita_core::records::PersonRecord;

use super::in_force::{jmbg_of, orders_against};
use super::keys;
use crate::store::StoreError;
use crate::store::latest::latest_accepted;
use crate::store::sql::Sql;

/// A name as the index compares it: folded, runs of whitespace made one space.
fn folded(s: &str) -> String {
    fold_for_search(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The index's two MACs of a person: of the JMBG, and of the folded family name, given name and
/// date of birth (the JMBG's when none is recorded); each absent when the record lacks it.
pub(crate) fn macs(key: &keys::MacKey, person: &PersonRecord) -> (Option<String>, Option<String>) {
    let jmbg = jmbg_of(person);
    let jmbg_mac = jmbg.as_ref().map(|j| key.mac("jmbg", j.as_str()));
    let family = folded(&person.person.family_name);
    let given = folded(&person.person.given_name);
    let born = person
        .person
        .date_of_birth
        .or_else(|| jmbg.as_ref().map(Jmbg::birth_date));
    let name_mac = match born {
        Some(born) if !family.is_empty() && !given.is_empty() => {
            Some(key.mac("name", &format!("{family}\u{1f}{given}\u{1f}{born}")))
        }
        _ => None,
    };
    (jmbg_mac, name_mac)
}

/// In the push's transaction, for the owner's accepted version of a person record: index it (a
/// version older than the one indexed is ignored; a payload core cannot read is not indexed).
/// Returns the in-force list's orders against this person, which the caller (the chain, which
/// owns the order as it stands) indexes again.
pub(crate) fn on_person(
    sql: &mut dyn Sql,
    device: Uuid,
    record: Uuid,
    version: u32,
    payload: &Value,
    now: DateTime<Utc>,
) -> Result<Vec<Uuid>, StoreError> {
    let Ok(person) = serde_json::from_value::<PersonRecord>(payload.clone()) else {
        return Ok(Vec::new());
    };
    let indexed = sql.query_opt(
        "SELECT version FROM person_index WHERE person_id = $1",
        &[record.into()],
    )?;
    if let Some(r) = indexed
        && r.i64(0)? > i64::from(version)
    {
        return Ok(Vec::new());
    }
    let key = keys::mac_key(sql)?;
    let (jmbg_mac, name_mac) = macs(&key, &person);
    let role = serde_json::to_value(person.person.role)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    sql.execute(
        "INSERT INTO person_index (person_id, case_id, device_id, version, role, jmbg_mac,
             name_mac, indexed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (person_id) DO UPDATE SET case_id = excluded.case_id,
             device_id = excluded.device_id, version = excluded.version, role = excluded.role,
             jmbg_mac = excluded.jmbg_mac, name_mac = excluded.name_mac,
             indexed_at = excluded.indexed_at",
        &[
            record.into(),
            person.case_id.0.into(),
            device.into(),
            i64::from(version).into(),
            role.into(),
            jmbg_mac.into(),
            name_mac.into(),
            now.into(),
        ],
    )?;
    orders_against(sql, record)
}

/// Index every person record a database from before V11 holds (the owner's latest accepted
/// version of each), in the transaction that migrates to it; the in-force list is filled as the
/// console's index of each order is written again (`chain::index_held`), so the orders
/// returned here are not needed.
pub fn index_held_people(sql: &mut dyn Sql, now: DateTime<Utc>) -> Result<(), StoreError> {
    let rows = sql.query(
        "SELECT DISTINCT r.record_id FROM records r
         JOIN record_owners o ON o.record_id = r.record_id AND o.device_id = r.device_id
         WHERE r.outcome = 'accepted' AND r.kind = 'person'",
        &[],
    )?;
    for r in &rows {
        let record = r.uuid(0)?;
        let Some((_, version, payload)) = latest_accepted(sql, record)? else {
            continue;
        };
        let Some(owner) = crate::store::changes::owner_of(sql, record)? else {
            continue;
        };
        on_person(sql, owner, record, version, &payload, now)?;
    }
    Ok(())
}
