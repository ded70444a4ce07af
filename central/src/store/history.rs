//! A person's history on the central record (issue 16, V11): the **person index** the online
//! lookup reads (`person_index`, one row per person record from its owner's latest accepted
//! version, filled in the push's transaction), the **lookup** itself (`POST /v1/history`:
//! [`Store::history`]) and the **offline list** of orders in force per police administration
//! (`in_force`, kept where the console's index is kept: the push's transaction and the console's
//! acts; read by `GET /v1/in-force`: [`Store::in_force_list`]).
//!
//! **Keys** (`history_keys`, [`keys`]): two random 32-byte keys made once when the store opens,
//! sealed under the central key like every personal column — so `rotate-key` re-encrypts them
//! and never changes them, and the index and the list stay valid across a rotation. `person_mac`
//! keys HMAC-SHA256; it never leaves the server. `in_force` is the list's Argon2id salt-key,
//! given to every device with the list.
//!
//! **The index holds no name or JMBG**: the HMAC-SHA256 (hex) of the JMBG's 13 digits, and of the
//! family name, given name (each folded by core's search folding — case, script, diacritics —
//! with runs of spaces made one) and the date of birth (else the JMBG's), each under its own
//! label. A lookup is an equality on a MAC, by index; nothing is decrypted to find a match.
//!
//! **Matching** (the asking person's MACs against every other case's): the same JMBG is a
//! `jmbg` match; the same name and birth date is a `name_and_birth` match when either side has
//! no JMBG — two records with **different** JMBGs are two people, whatever their names say.
//!
//! **Invariants.** The asking person is the device's own record, in the case named, which is the
//! device's own and has reached the central record; every lookup and refusal is written to the
//! admin audit (actor kind `device`, the device's id and the officer's badge, `history.lookup`,
//! `person:<id>`, the purpose, counts only) in the transaction that reads the answer. The list's
//! person hash is made once per order, JMBG and key, and kept — after the push's commit, never
//! inside a writer's transaction ([`settle`]).

mod in_force;
mod keys;
mod lookup;
mod settle;

use chrono::{DateTime, Utc};
use serde_json::Value;
use uuid::Uuid;
use zastita_core::domain::Jmbg;
use zastita_core::domain::text::fold_for_search;
use zastita_core::records::PersonRecord;

use super::StoreError;
use super::sql::Sql;

pub use in_force::{ARGON2_ITERATIONS, ARGON2_MEMORY_KIB, ARGON2_PARALLELISM, person_hash};
pub(crate) use in_force::{on_order, on_person_changed};
pub use keys::ensure_keys;
pub use lookup::{HistoryRefusal, LookupRequest, MAX_MATCHES};

/// The JMBG of a person record, when it is a valid one (a mistyped number is no JMBG to match).
fn jmbg_of(person: &PersonRecord) -> Option<Jmbg> {
    Jmbg::parse(&person.person.jmbg).ok()
}

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
/// version older than the one indexed is ignored; a payload core cannot read is not indexed),
/// then bring the in-force list's orders against this person up to date.
pub(crate) fn on_person(
    sql: &mut dyn Sql,
    device: Uuid,
    record: Uuid,
    version: u32,
    payload: &Value,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let Ok(person) = serde_json::from_value::<PersonRecord>(payload.clone()) else {
        return Ok(());
    };
    let indexed = sql.query_opt(
        "SELECT version FROM person_index WHERE person_id = $1",
        &[record.into()],
    )?;
    if let Some(r) = indexed
        && r.i64(0)? > i64::from(version)
    {
        return Ok(());
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
    on_person_changed(sql, record, now)
}

/// Index every person record a database from before V11 holds (the owner's latest accepted
/// version of each), in the transaction that migrates to it; the in-force list is filled as the
/// console's index of each order is written again (`chain::index_held`).
pub fn index_held_people(sql: &mut dyn Sql, now: DateTime<Utc>) -> Result<(), StoreError> {
    let rows = sql.query(
        "SELECT DISTINCT r.record_id FROM records r
         JOIN record_owners o ON o.record_id = r.record_id AND o.device_id = r.device_id
         WHERE r.outcome = 'accepted' AND r.kind = 'person'",
        &[],
    )?;
    for r in &rows {
        let record = r.uuid(0)?;
        let Some((_, version, payload)) = super::chain::latest_accepted(sql, record)? else {
            continue;
        };
        let Some(owner) = super::changes::owner_of(sql, record)? else {
            continue;
        };
        on_person(sql, owner, record, version, &payload, now)?;
    }
    Ok(())
}
