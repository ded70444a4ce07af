//! The change feed: every decision the devices must apply (a number, a court decision, a roster
//! change, a revocation) is appended here with its **audience**, in the transaction that makes
//! it, and each device reads only the changes meant for it.
//!
//! Audiences: one device (`device:<uuid>`: its records' official numbers and court decisions,
//! its revocation, the roster as it stood when it was given its administration, a removal of an
//! officer its records name), one police administration's devices (`administration:<code>`:
//! that roster's additions and removals after each device was given it), `everyone` (only
//! removals written before audiences existed: a badge and nothing else) or `nobody` (a roster
//! change of an officer no administration holds). A device with no administration reads no
//! roster at all. A change's text is sealed (`crypt.rs`: it carries officers' names and
//! courts' decisions) under its own seq, which the row gets first; its audience stays readable.
//!
//! **Invariants.** `seq` is given under the numbering lock, held until commit, so on PostgreSQL
//! changes become visible in `seq` order and a reader that moved its cursor past a change can
//! never see an older one appear behind it. A device's page lists its own changes in `seq` order
//! and its cursor is the last one listed (or the one asked after): changes for others leave gaps
//! but never hold a cursor back or make it jump over one of the device's own.

use chrono::{DateTime, Utc};
use uuid::Uuid;
use zastita_protocol::messages::{Change, ChangeKind};

use super::StoreError;
use super::crypt::{Cipher, Place};
use super::sql::{Row, Sql};

/// Whom a change is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience<'a> {
    Device(Uuid),
    Administration(&'a str),
    Everyone,
    Nobody,
}

impl Audience<'_> {
    fn text(self) -> String {
        match self {
            Audience::Device(id) => device_audience(id),
            Audience::Administration(code) => administration_audience(code),
            Audience::Everyone => "everyone".to_owned(),
            Audience::Nobody => "nobody".to_owned(),
        }
    }
}

fn device_audience(id: Uuid) -> String {
    format!("device:{id}")
}

fn administration_audience(code: &str) -> String {
    format!("administration:{code}")
}

/// The newest change's sequence number (0 for none), read under the lock appends take: no
/// change the caller does not see can get a lower one before the caller commits.
pub fn latest_seq(sql: &mut dyn Sql) -> Result<u64, StoreError> {
    sql.lock_numbering()?;
    sql.query_one("SELECT COALESCE(MAX(seq), 0) FROM changes", &[])?
        .u64(0)
}

/// Append a change for `audience`; its sequence number.
pub fn append_change(
    sql: &mut dyn Sql,
    change: &ChangeKind,
    audience: Audience<'_>,
    at: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let text = serde_json::to_string(change).map_err(|e| StoreError::Invalid(e.to_string()))?;
    // Serialise appends until commit: on PostgreSQL a sequence value taken by a transaction that
    // commits later than one taken after it would appear behind a cursor already past it.
    sql.lock_numbering()?;
    let seq = sql
        .query_one(
            "INSERT INTO changes (at, change, audience) VALUES ($1, '', $2) RETURNING seq",
            &[at.into(), audience.text().into()],
        )?
        .i64(0)?;
    let sealed = sql.cipher()?.seal_text(&change_place(seq), &text)?;
    sql.execute(
        "UPDATE changes SET change = $2 WHERE seq = $1",
        &[seq.into(), sealed.into()],
    )?;
    u64::try_from(seq).map_err(|_| StoreError::Corrupt(format!("change seq {seq}")))
}

/// Where a change's text is sealed.
pub fn change_place(seq: i64) -> Place {
    Place::new("changes", "change", seq.to_string())
}

fn change_from(cipher: &Cipher, r: &Row) -> Result<Change, StoreError> {
    let text = cipher.open_text(&change_place(r.i64(0)?), &r.text(2)?)?;
    Ok(Change {
        seq: r.u64(0)?,
        at: r.time(1)?,
        change: serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(e.to_string()))?,
    })
}

/// Up to `limit` rows after `after` as changes, and whether more wait.
fn page(sql: &dyn Sql, rows: &[Row], limit: u32) -> Result<(Vec<Change>, bool), StoreError> {
    let cipher = sql.cipher()?;
    let more = rows.len() > limit as usize;
    let changes = rows
        .iter()
        .take(limit as usize)
        .map(|r| change_from(&cipher, r))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((changes, more))
}

fn seq_i64(after: u64) -> i64 {
    i64::try_from(after).unwrap_or(i64::MAX)
}

/// Every change after `after`, whoever it is for (the station's view, never a device's).
pub fn all_after(
    sql: &mut dyn Sql,
    after: u64,
    limit: u32,
) -> Result<(Vec<Change>, bool), StoreError> {
    let rows = sql.query(
        "SELECT seq, at, change FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2",
        &[seq_i64(after).into(), (i64::from(limit) + 1).into()],
    )?;
    page(sql, &rows, limit)
}

/// The changes after `after` meant for `device` (its own, its administration's, everyone's),
/// at most `limit`, and whether more wait. The device's administration is read here, in the
/// same transaction, so an assignment takes effect at its next page.
pub fn for_device(
    sql: &mut dyn Sql,
    device: Uuid,
    after: u64,
    limit: u32,
) -> Result<(Vec<Change>, bool), StoreError> {
    let row = sql
        .query_opt(
            "SELECT administration, roster_from FROM devices WHERE id = $1",
            &[device.into()],
        )?
        .ok_or(StoreError::UnknownDevice(device))?;
    let administration = row.opt_text(0)?.map(|code| administration_audience(&code));
    // The roster as it stood when the device was given its administration was sent to it
    // alone; of the administration's own changes it reads those after that.
    let roster_after = seq_i64(after).max(row.i64(1)?);
    let rows = sql.query(
        "SELECT seq, at, change FROM changes WHERE audience = $1 AND seq > $3
         UNION ALL
         SELECT seq, at, change FROM changes WHERE audience = 'everyone' AND seq > $3
         UNION ALL
         SELECT seq, at, change FROM changes WHERE audience = $2 AND seq > $4
         ORDER BY seq LIMIT $5",
        &[
            device_audience(device).into(),
            administration.into(),
            seq_i64(after).into(),
            roster_after.into(),
            (i64::from(limit) + 1).into(),
        ],
    )?;
    page(sql, &rows, limit)
}

/// The device that owns a record, if any version of it was accepted.
pub fn owner_of(sql: &mut dyn Sql, record: Uuid) -> Result<Option<Uuid>, StoreError> {
    sql.query_opt(
        "SELECT device_id FROM record_owners WHERE record_id = $1",
        &[record.into()],
    )?
    .map(|r| r.uuid(0))
    .transpose()
}

/// Give every change written before audiences existed its audience, in `seq` order, a batch
/// at a time: a number or a court decision to the device that owns its record, a revocation to
/// the device revoked, an officer's addition to nobody (no officer had an administration then;
/// assigning one announces them again), a removal to everyone (it names a badge only, and a
/// device that had not read it yet must still drop that officer's key). A change that cannot be
/// read is for nobody. Does nothing once every change has its audience (every change since has
/// one, so only a database from before holds any, and their text is still plaintext: the
/// migration step that seals it runs after this).
pub fn address_unaddressed(sql: &mut dyn Sql) -> Result<(), StoreError> {
    loop {
        let rows = sql.query(
            "SELECT seq, change FROM changes WHERE audience IS NULL ORDER BY seq LIMIT 1000",
            &[],
        )?;
        if rows.is_empty() {
            return Ok(());
        }
        for r in &rows {
            let seq = r.i64(0)?;
            let audience = match serde_json::from_str::<ChangeKind>(&r.text(1)?) {
                Ok(ChangeKind::CaseNumber { case_id, .. }) => record_audience(
                    sql,
                    case_id,
                    "SELECT device_id FROM cases WHERE case_id = $1",
                )?,
                Ok(
                    ChangeKind::OrderNumber { order_id, .. }
                    | ChangeKind::CourtDecision { order_id, .. }
                    | ChangeKind::OrderAct { order_id, .. }
                    | ChangeKind::ViolationReported { order_id, .. },
                ) => record_audience(
                    sql,
                    order_id,
                    "SELECT device_id FROM orders WHERE order_id = $1",
                )?,
                Ok(ChangeKind::Revoked { device_id }) => Audience::Device(device_id).text(),
                Ok(ChangeKind::OfficerAdded { .. } | ChangeKind::Unknown) | Err(_) => {
                    Audience::Nobody.text()
                }
                Ok(ChangeKind::OfficerRemoved { .. }) => Audience::Everyone.text(),
            };
            sql.execute(
                "UPDATE changes SET audience = $2 WHERE seq = $1",
                &[seq.into(), audience.into()],
            )?;
        }
    }
}

/// The record's owner (else the device its numbering row names) as an audience, else nobody.
fn record_audience(sql: &mut dyn Sql, record: Uuid, fallback: &str) -> Result<String, StoreError> {
    let owner = match owner_of(sql, record)? {
        Some(o) => Some(o),
        None => sql
            .query_opt(fallback, &[record.into()])?
            .map(|r| r.uuid(0))
            .transpose()?,
    };
    Ok(owner.map_or(Audience::Nobody, Audience::Device).text())
}
