//! What the central record does with each pushed envelope (DESIGN §5): store it once, answer a
//! duplicate with the very receipt it got the first time, keep a conflicting version beside the
//! accepted one (never over it), set an invalid one aside in quarantine (it still takes its
//! `seq`, so it never blocks the device's queue), and report the highest contiguous `seq`.
//! A case or order accepted for the first time earns its official number (`numbers.rs`), in the
//! same transaction.
//!
//! Authorisation, in the transaction: a record belongs to the device whose version of it was
//! accepted first (`record_owners`, claimed with that version); a version of it from another
//! device is quarantined (`not_owner`). An envelope's officer must be on the roster at its
//! `created_at` (`roster::on_roster`), else `unknown_officer`; audit entries are exempt (a
//! failed unlock under a mistyped badge must still arrive, and the chain is their check). A
//! quarantined version claims nothing. A version id the central record already holds is
//! answered as before with its first receipt (nothing is stored for it again).
//!
//! **Invariant:** one push is one transaction: each envelope's row, the `seq` it occupies, the
//! device's `acked_seq`, the ownership it claims, and any number and change it causes are
//! written together or not at all.

use chrono::{DateTime, Utc};
use serde_json::Value;
use uuid::Uuid;
use zastita_protocol::messages::{
    PushRequest, PushResponse, Receipt, ReceiptOutcome, RecordKind, SignedEnvelope,
};

use super::audit_chain;
use super::changes::owner_of;
use super::crypt::Place;
use super::numbers::{on_case, on_order};
use super::roster::on_roster;
use super::sql::{Sql, Val};
use super::{Device, Store, StoreError};

/// What pushing may do besides storing.
#[derive(Debug, Clone, Copy)]
pub struct PushPolicy {
    /// Number cases and orders the first time they are accepted.
    pub auto_numbers: bool,
}

/// Why an envelope goes to quarantine (`code: explanation`), or `None` when it is acceptable.
pub fn quarantine_reason(env: &SignedEnvelope, device: &Device) -> Option<String> {
    let e = &env.envelope;
    if e.device_id != device.id {
        return Some(format!(
            "device_mismatch: the envelope names device {}, not the device that sent it",
            e.device_id
        ));
    }
    if let Err(err) = env.verify(&device.public_key) {
        return Some(format!(
            "bad_signature: the envelope does not verify with the device's key ({err})"
        ));
    }
    if e.kind == RecordKind::Unknown {
        return Some("unknown_kind: this central record does not know the record's kind".into());
    }
    let Value::Object(payload) = &e.payload else {
        return Some("payload_not_object: a record's payload must be a JSON object".into());
    };
    if let Some(id) = payload.get("id")
        && id.as_str().and_then(|s| Uuid::parse_str(s).ok()) != Some(e.record_id)
    {
        return Some("id_mismatch: the payload's id is not the envelope's record id".into());
    }
    if e.officer.trim().is_empty() {
        return Some("no_officer: the envelope names no officer".into());
    }
    if e.kind == RecordKind::Audit
        && let Err(reason) = audit_chain::link_of(&e.payload)
    {
        return Some(reason);
    }
    None
}

fn seq_i64(seq: u64) -> Result<i64, StoreError> {
    i64::try_from(seq).map_err(|_| StoreError::Invalid(format!("seq {seq} is out of range")))
}

fn outcome_str(o: ReceiptOutcome) -> &'static str {
    match o {
        ReceiptOutcome::Accepted => "accepted",
        ReceiptOutcome::Conflict => "conflict",
        ReceiptOutcome::Quarantined => "quarantined",
    }
}

fn parse_outcome(s: &str) -> Result<ReceiptOutcome, StoreError> {
    Ok(match s {
        "accepted" => ReceiptOutcome::Accepted,
        "conflict" => ReceiptOutcome::Conflict,
        "quarantined" => ReceiptOutcome::Quarantined,
        other => return Err(StoreError::Corrupt(format!("unknown outcome {other}"))),
    })
}

impl Store {
    /// Process a push from `device` (already authenticated), envelope by envelope in order, in
    /// one transaction: signatures are checked before it begins, and a crash or a lost race
    /// leaves nothing of the batch behind (the device resends it whole). One commit per push
    /// rather than per envelope is what lets a shift change's burst of devices through.
    pub fn push(
        &self,
        device: &Device,
        request: &PushRequest,
        now: DateTime<Utc>,
        policy: PushPolicy,
    ) -> Result<PushResponse, StoreError> {
        let reasons: Vec<Option<String>> = request
            .envelopes
            .iter()
            .map(|env| quarantine_reason(env, device))
            .collect();
        let (receipts, acked_seq, audit_head) = self.tx(|sql| {
            let mut receipts = Vec::with_capacity(request.envelopes.len());
            for (env, reason) in request.envelopes.iter().zip(&reasons) {
                receipts.push(apply(
                    sql,
                    device.id,
                    env,
                    reason.as_deref(),
                    request.device_time,
                    now,
                    policy,
                )?);
            }
            Ok((
                receipts,
                acked_seq(sql, device.id)?,
                audit_chain::head(sql, device.id)?,
            ))
        })?;
        Ok(PushResponse {
            receipts,
            acked_seq,
            server_time: now,
            audit_head,
        })
    }
}

/// The device's highest contiguous `seq`.
pub fn acked_seq(sql: &mut dyn Sql, device: Uuid) -> Result<u64, StoreError> {
    let row = sql.query_opt(
        "SELECT acked_seq FROM devices WHERE id = $1",
        &[device.into()],
    )?;
    match row {
        Some(r) => r.u64(0),
        None => Err(StoreError::UnknownDevice(device)),
    }
}

fn receipt(
    seq: u64,
    version_id: Uuid,
    outcome: ReceiptOutcome,
    reason: Option<String>,
    received_at: DateTime<Utc>,
) -> Receipt {
    Receipt {
        seq,
        version_id,
        outcome,
        reason,
        received_at,
    }
}

fn apply(
    sql: &mut dyn Sql,
    device: Uuid,
    env: &SignedEnvelope,
    quarantine: Option<&str>,
    device_time: DateTime<Utc>,
    now: DateTime<Utc>,
    policy: PushPolicy,
) -> Result<Receipt, StoreError> {
    let e = &env.envelope;
    let seq = seq_i64(e.seq)?;
    let vid: Val = e.version_id.into();

    // 1. This version already stored (accepted, an audit entry kept despite a chain break, or
    //    quarantined): a duplicate gets its receipt again; another payload under the same
    //    version id is a conflict.
    let stored = sql.query_opt(
        "SELECT seq, payload_sha256, outcome,
                (SELECT c.reason FROM conflicts c
                 WHERE c.version_id = records.version_id AND c.payload_sha256 = records.payload_sha256),
                received_at
         FROM records WHERE version_id = $1
         UNION ALL
         SELECT seq, payload_sha256, 'quarantined', reason, received_at FROM quarantine WHERE version_id = $1",
        std::slice::from_ref(&vid),
    )?;
    if let Some(row) = &stored
        && row.text(1)? == e.payload_sha256
    {
        return Ok(receipt(
            row.u64(0)?,
            e.version_id,
            parse_outcome(&row.text(2)?)?,
            row.opt_text(3)?,
            row.time(4)?,
        ));
    }
    // 2. This very conflicting payload was seen before: the same conflict receipt.
    if let Some(row) = sql.query_opt(
        "SELECT seq, reason, received_at FROM conflicts WHERE version_id = $1 AND payload_sha256 = $2",
        &[vid.clone(), e.payload_sha256.as_str().into()],
    )? {
        return Ok(receipt(
            row.u64(0)?,
            e.version_id,
            ReceiptOutcome::Conflict,
            Some(row.text(1)?),
            row.time(2)?,
        ));
    }
    if stored.is_some() {
        let reason = format!(
            "version_changed: version {} is already stored with another payload; kept both for review",
            e.version_id
        );
        return conflict(sql, device, env, e.version_id, reason, now);
    }
    // 3. The seq already holds another version.
    if let Some(row) = sql.query_opt(
        "SELECT version_id FROM seqs WHERE device_id = $1 AND seq = $2",
        &[device.into(), seq.into()],
    )? {
        let existing = row.uuid(0)?;
        let reason = format!(
            "seq_taken: seq {} of this device already holds version {existing}",
            e.seq
        );
        return conflict(sql, device, env, existing, reason, now);
    }
    // 4. Invalid, or not this device's to write: quarantined, still taking its seq.
    let refusal = match quarantine {
        Some(reason) => Some(reason.to_owned()),
        None => authorise(sql, device, env, now)?,
    };
    if let Some(reason) = refusal.as_deref() {
        let envelope = sealed_envelope(sql, "quarantine", &e.version_id.to_string(), env)?;
        sql.execute(
            "INSERT INTO quarantine (device_id, seq, version_id, record_id, kind, payload_sha256, reason, envelope, received_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                device.into(),
                seq.into(),
                vid,
                e.record_id.into(),
                e.kind.as_str().into(),
                e.payload_sha256.as_str().into(),
                reason.into(),
                envelope.into(),
                now.into(),
            ],
        )?;
        occupy(sql, device, seq, e.version_id)?;
        return Ok(receipt(
            e.seq,
            e.version_id,
            ReceiptOutcome::Quarantined,
            Some(reason.to_owned()),
            now,
        ));
    }
    // 5. Accepted. An audit entry must follow its device's chain; one that does not is stored
    //    all the same (it is the device's signed record, and the evidence) and flagged as a
    //    conflict naming the entry it should have followed.
    let chain_break = match (e.kind, audit_chain::link_of(&e.payload)) {
        (RecordKind::Audit, Ok(link)) => {
            audit_chain::on_entry(sql, device, e.version_id, &link, now)?.err()
        }
        _ => None,
    };
    let outcome = if chain_break.is_some() {
        ReceiptOutcome::Conflict
    } else {
        ReceiptOutcome::Accepted
    };
    let payload = String::from_utf8(
        zastita_protocol::canonical::to_vec(&e.payload)
            .map_err(|err| StoreError::Invalid(err.to_string()))?,
    )
    .map_err(|err| StoreError::Invalid(err.to_string()))?;
    let payload = sql.cipher()?.seal_text(
        &Place::new("records", "payload", e.version_id.to_string()),
        &payload,
    )?;
    sql.execute(
        "INSERT INTO records (device_id, seq, version_id, record_id, kind, version, amends, officer,
                              created_at, received_at, device_time, payload, payload_sha256, signature, outcome)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        &[
            device.into(),
            seq.into(),
            vid,
            e.record_id.into(),
            e.kind.as_str().into(),
            i64::from(e.version).into(),
            e.amends.into(),
            e.officer.as_str().into(),
            e.created_at.into(),
            now.into(),
            device_time.into(),
            payload.into(),
            e.payload_sha256.as_str().into(),
            env.signature.as_str().into(),
            outcome_str(outcome).into(),
        ],
    )?;
    if let Some(b) = &chain_break {
        let envelope = sealed_envelope(sql, "conflicts", &conflict_row(e), env)?;
        sql.execute(
            "INSERT INTO conflicts (device_id, seq, version_id, record_id, payload_sha256, existing_version_id, reason, envelope, received_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                device.into(),
                seq.into(),
                e.version_id.into(),
                e.record_id.into(),
                e.payload_sha256.as_str().into(),
                b.after_version.into(),
                b.reason.as_str().into(),
                envelope.into(),
                now.into(),
            ],
        )?;
    }
    occupy(sql, device, seq, e.version_id)?;
    match e.kind {
        RecordKind::Case => on_case(
            sql,
            device,
            e.record_id,
            &e.payload,
            e.created_at,
            now,
            policy.auto_numbers,
        )?,
        RecordKind::Order => on_order(
            sql,
            device,
            e.record_id,
            &e.payload,
            e.created_at,
            now,
            policy.auto_numbers,
        )?,
        _ => {}
    }
    super::chain::on_accepted(
        sql,
        device,
        e.kind,
        e.record_id,
        e.version_id,
        e.version,
        &e.payload,
        now,
    )?;
    Ok(receipt(
        e.seq,
        e.version_id,
        outcome,
        chain_break.map(|b| b.reason),
        now,
    ))
}

/// Why `device` may not write this version (`code: explanation`), or `None`, having claimed the
/// record for `device` if nobody owned it. Checked in the push's transaction: on PostgreSQL a
/// claim racing another device's waits for it, then finds the other device the owner.
fn authorise(
    sql: &mut dyn Sql,
    device: Uuid,
    env: &SignedEnvelope,
    now: DateTime<Utc>,
) -> Result<Option<String>, StoreError> {
    let e = &env.envelope;
    let not_owner = || {
        Some(format!(
            "not_owner: record {} belongs to another device; only the device that first sent it may send its versions",
            e.record_id
        ))
    };
    let owner = owner_of(sql, e.record_id)?;
    if owner.is_some_and(|o| o != device) {
        return Ok(not_owner());
    }
    if e.kind != RecordKind::Audit && !on_roster(sql, &e.officer, e.created_at)? {
        return Ok(Some(
            "unknown_officer: the officer the envelope names was not on the roster at the time it gives"
                .to_owned(),
        ));
    }
    if owner.is_none() {
        sql.execute(
            "INSERT INTO record_owners (record_id, device_id, since) VALUES ($1, $2, $3)
             ON CONFLICT (record_id) DO NOTHING",
            &[e.record_id.into(), device.into(), now.into()],
        )?;
        if owner_of(sql, e.record_id)? != Some(device) {
            return Ok(not_owner());
        }
    }
    Ok(None)
}

/// The envelope as `table.envelope` stores it: sealed for its row.
fn sealed_envelope(
    sql: &dyn Sql,
    table: &'static str,
    row: &str,
    env: &SignedEnvelope,
) -> Result<String, StoreError> {
    let json = serde_json::to_string(env).map_err(|e| StoreError::Invalid(e.to_string()))?;
    sql.cipher()?
        .seal_text(&Place::new(table, "envelope", row), &json)
}

/// A conflict's row name: its version and payload digest (unique together).
fn conflict_row(e: &zastita_protocol::messages::RecordEnvelope) -> String {
    format!("{}/{}", e.version_id, e.payload_sha256)
}

fn conflict(
    sql: &mut dyn Sql,
    device: Uuid,
    env: &SignedEnvelope,
    existing: Uuid,
    reason: String,
    now: DateTime<Utc>,
) -> Result<Receipt, StoreError> {
    let e = &env.envelope;
    let seq = seq_i64(e.seq)?;
    let envelope = sealed_envelope(sql, "conflicts", &conflict_row(e), env)?;
    sql.execute(
        "INSERT INTO conflicts (device_id, seq, version_id, record_id, payload_sha256, existing_version_id, reason, envelope, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &[
            device.into(),
            seq.into(),
            e.version_id.into(),
            e.record_id.into(),
            e.payload_sha256.as_str().into(),
            existing.into(),
            reason.as_str().into(),
            envelope.into(),
            now.into(),
        ],
    )?;
    occupy(sql, device, seq, e.version_id)?;
    Ok(receipt(
        e.seq,
        e.version_id,
        ReceiptOutcome::Conflict,
        Some(reason),
        now,
    ))
}

/// Mark `seq` as held (if free) and move the device's `acked_seq` over every held seq after it.
fn occupy(sql: &mut dyn Sql, device: Uuid, seq: i64, version: Uuid) -> Result<(), StoreError> {
    sql.execute(
        "INSERT INTO seqs (device_id, seq, version_id) VALUES ($1, $2, $3)
         ON CONFLICT (device_id, seq) DO NOTHING",
        &[device.into(), seq.into(), version.into()],
    )?;
    let mut acked = sql
        .query_one(
            "SELECT acked_seq FROM devices WHERE id = $1",
            &[device.into()],
        )?
        .i64(0)?;
    let start = acked;
    while sql
        .query_opt(
            "SELECT 1 FROM seqs WHERE device_id = $1 AND seq = $2",
            &[device.into(), (acked + 1).into()],
        )?
        .is_some()
    {
        acked += 1;
    }
    if acked != start {
        sql.execute(
            "UPDATE devices SET acked_seq = $2 WHERE id = $1",
            &[device.into(), acked.into()],
        )?;
    }
    Ok(())
}
