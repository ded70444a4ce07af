//! Devices, enrolment tokens, nonces, court decisions, official numbers and the change feed as
//! a device reads it: what the station decides and the devices apply (the roster is
//! `roster.rs`). Every decision and the change that carries it to its device are one
//! transaction; a court decision is checked against the order's owner's versions and goes to
//! that device alone.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use uuid::Uuid;
use zastita_protocol::messages::{Change, ChangeKind, CourtOutcome};
use zastita_protocol::signing;

use super::changes::{self, Audience, append_change};
use super::crypt::Place;
use super::numbers::assign_case_number;
use super::sql::Row;
use super::{Device, Store, StoreError};
use crate::numbering;

fn device_from(row: &Row) -> Result<Device, StoreError> {
    Ok(Device {
        id: row.uuid(0)?,
        label: row.text(1)?,
        public_key: row.text(2)?,
        app_version: row.text(3)?,
        enrolled_at: row.time(4)?,
        revoked_at: row.opt_time(5)?,
        acked_seq: row.u64(6)?,
        administration: row.opt_text(7)?,
    })
}

const DEVICE_COLUMNS: &str =
    "id, label, public_key, app_version, enrolled_at, revoked_at, acked_seq, administration";

/// An enrolment token printed at the station.
#[derive(Debug, Clone)]
pub struct NewToken {
    /// The token itself: shown once, never stored (only its SHA-256 is).
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// What a device sends to enrol.
#[derive(Debug, Clone)]
pub struct Enrolment<'a> {
    pub token: &'a str,
    pub public_key: &'a str,
    pub label: &'a str,
    pub app_version: &'a str,
    /// The device's status key (`POST /v1/status`), when its build has one.
    pub status_public_key: Option<&'a str>,
}

/// What `POST /v1/status` needs to know of a device: its status key and whether it is revoked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusProbe {
    pub status_public_key: Option<String>,
    pub revoked: bool,
}

/// A court's decision as the station enters it.
#[derive(Debug, Clone)]
pub struct CourtDecision {
    pub order_id: Uuid,
    pub court: String,
    pub number: String,
    pub decided_on: NaiveDate,
    pub outcome: CourtOutcome,
    pub ends_at: Option<DateTime<Utc>>,
}

/// Refuse a decision that cannot be right, whatever the order (its service is checked by
/// [`Store::add_court_decision`] when the central record knows it).
pub fn check_decision(d: &CourtDecision) -> Result<(), StoreError> {
    if d.court.trim().is_empty() || d.number.trim().is_empty() {
        return Err(StoreError::Invalid(
            "a court decision needs the court and its case number".into(),
        ));
    }
    match (d.outcome, d.ends_at) {
        (CourtOutcome::Extended, None) => Err(StoreError::Invalid(
            "an extension needs the instant the measures end (--ends-at)".into(),
        )),
        (CourtOutcome::Refused, Some(_)) => Err(StoreError::Invalid(
            "a refused extension has no end instant; leave out --ends-at".into(),
        )),
        (CourtOutcome::Extended, Some(end)) if end.date_naive() < d.decided_on => Err(
            StoreError::Invalid("the measures cannot end before the day the court decided".into()),
        ),
        _ => Ok(()),
    }
}

impl Store {
    /// A new one-time enrolment token, valid for `valid_for`, for a device of no administration.
    pub fn create_token(
        &self,
        label: &str,
        valid_for: TimeDelta,
        now: DateTime<Utc>,
    ) -> Result<NewToken, StoreError> {
        self.create_token_for(label, None, valid_for, now)
    }

    /// A new one-time enrolment token for a device of `administration` (its code or name;
    /// `None`: not assigned), valid for `valid_for`.
    pub fn create_token_for(
        &self,
        label: &str,
        administration: Option<&str>,
        valid_for: TimeDelta,
        now: DateTime<Utc>,
    ) -> Result<NewToken, StoreError> {
        let code = administration
            .map(super::roster::administration)
            .transpose()?;
        let mut raw = [0u8; 32];
        ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut raw)
            .map_err(|_| StoreError::Invalid("no system randomness for a token".into()))?;
        let token = signing::b64(&raw);
        let expires_at = now + valid_for;
        let hash = signing::sha256_hex(token.as_bytes());
        self.tx(|sql| {
            sql.execute(
                "INSERT INTO enrolment_tokens (token_sha256, label, created_at, expires_at, administration)
                 VALUES ($1, $2, $3, $4, $5)",
                &[hash.as_str().into(), label.into(), now.into(), expires_at.into(), code.into()],
            )
        })?;
        Ok(NewToken { token, expires_at })
    }

    /// Enrol a device with a token: unknown, expired or used tokens are refused
    /// ([`StoreError::BadToken`]); the device, the token's use and, for a token of an
    /// administration, the roster sent to the device are one transaction.
    pub fn enroll(&self, e: &Enrolment<'_>, now: DateTime<Utc>) -> Result<Device, StoreError> {
        let hash = signing::sha256_hex(e.token.as_bytes());
        self.tx(|sql| {
            let row = sql
                .query_opt(
                    "SELECT label, expires_at, used_at, administration FROM enrolment_tokens
                     WHERE token_sha256 = $1",
                    &[hash.as_str().into()],
                )?
                .ok_or(StoreError::BadToken)?;
            if !row.is_null(2)? || row.time(1)? <= now {
                return Err(StoreError::BadToken);
            }
            let station_label = row.text(0)?;
            let administration = row.opt_text(3)?;
            let label = if station_label.trim().is_empty() {
                e.label.to_owned()
            } else {
                station_label
            };
            let id = Uuid::now_v7();
            sql.execute(
                "INSERT INTO devices (id, label, public_key, app_version, enrolled_at, status_public_key)
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &[id.into(), label.as_str().into(), e.public_key.into(), e.app_version.into(), now.into(), e.status_public_key.into()],
            )?;
            sql.execute(
                "UPDATE enrolment_tokens SET used_at = $2, device_id = $3 WHERE token_sha256 = $1",
                &[hash.as_str().into(), now.into(), id.into()],
            )?;
            if let Some(code) = &administration {
                super::roster::give_administration(sql, id, code, now)?;
            }
            Ok(Device {
                id,
                label,
                public_key: e.public_key.to_owned(),
                app_version: e.app_version.to_owned(),
                enrolled_at: now,
                revoked_at: None,
                acked_seq: 0,
                administration,
            })
        })
    }

    pub fn device(&self, id: Uuid) -> Result<Option<Device>, StoreError> {
        self.tx(|sql| {
            sql.query_opt(
                &format!("SELECT {DEVICE_COLUMNS} FROM devices WHERE id = $1"),
                &[id.into()],
            )?
            .map(|r| device_from(&r))
            .transpose()
        })
    }

    /// A device's status key and revocation, for `POST /v1/status`; `None` for an unknown device.
    pub fn status_probe(&self, id: Uuid) -> Result<Option<StatusProbe>, StoreError> {
        self.tx(|sql| {
            sql.query_opt(
                "SELECT status_public_key, revoked_at FROM devices WHERE id = $1",
                &[id.into()],
            )?
            .map(|r| {
                Ok(StatusProbe {
                    status_public_key: r.opt_text(0)?,
                    revoked: !r.is_null(1)?,
                })
            })
            .transpose()
        })
    }

    /// Register (or replace) a device's status key, as the device asks with its device key.
    pub fn set_status_key(&self, id: Uuid, key: &str) -> Result<(), StoreError> {
        self.tx(|sql| {
            let n = sql.execute(
                "UPDATE devices SET status_public_key = $2 WHERE id = $1",
                &[id.into(), key.into()],
            )?;
            if n == 0 {
                return Err(StoreError::UnknownDevice(id));
            }
            Ok(())
        })
    }

    pub fn devices(&self) -> Result<Vec<Device>, StoreError> {
        self.tx(|sql| {
            sql.query(
                &format!("SELECT {DEVICE_COLUMNS} FROM devices ORDER BY enrolled_at, id"),
                &[],
            )?
            .iter()
            .map(device_from)
            .collect()
        })
    }

    /// Revoke a device and tell it through its feed (it wipes itself; no other device hears).
    /// Revoking a revoked device changes nothing and returns `false`.
    pub fn revoke(&self, id: Uuid, now: DateTime<Utc>) -> Result<bool, StoreError> {
        self.tx(|sql| {
            let row = sql
                .query_opt("SELECT revoked_at FROM devices WHERE id = $1", &[id.into()])?
                .ok_or(StoreError::UnknownDevice(id))?;
            if !row.is_null(0)? {
                return Ok(false);
            }
            sql.execute(
                "UPDATE devices SET revoked_at = $2 WHERE id = $1",
                &[id.into(), now.into()],
            )?;
            append_change(
                sql,
                &ChangeKind::Revoked { device_id: id },
                Audience::Device(id),
                now,
            )?;
            Ok(true)
        })
    }

    /// Remember a request's nonce; `false` when the device used it while its request could still
    /// be accepted. A request accepted at `now` is stamped at most [`signing::REPLAY_WINDOW`]
    /// ahead, so it stays acceptable until `now` + twice the window: its nonce is kept that long
    /// (and a minute more), then forgotten here (its timestamp is refused by then anyway).
    pub fn use_nonce(
        &self,
        device: Uuid,
        nonce: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.tx(|sql| {
            let horizon = now - signing::REPLAY_WINDOW * 2 - TimeDelta::minutes(1);
            sql.execute("DELETE FROM nonces WHERE seen_at < $1", &[horizon.into()])?;
            let n = sql.execute(
                "INSERT INTO nonces (device_id, nonce, seen_at) VALUES ($1, $2, $3)
                 ON CONFLICT (device_id, nonce) DO NOTHING",
                &[device.into(), nonce.into(), now.into()],
            )?;
            Ok(n == 1)
        })
    }

    /// Record a court decision on an order the central record holds, checked against its
    /// owner's latest version, and send it down the owner's feed.
    pub fn add_court_decision(
        &self,
        d: &CourtDecision,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        check_decision(d)?;
        self.tx(|sql| {
            let owner =
                changes::owner_of(sql, d.order_id)?.ok_or(StoreError::UnknownOrder(d.order_id))?;
            let latest = sql
                .query_opt(
                    "SELECT version_id, payload FROM records WHERE record_id = $1 AND kind = 'order'
                         AND device_id = $2
                     ORDER BY version DESC, seq DESC LIMIT 1",
                    &[d.order_id.into(), owner.into()],
                )?
                .ok_or(StoreError::UnknownOrder(d.order_id))?;
            let payload = sql.cipher()?.open_text(
                &Place::new("records", "payload", latest.uuid(0)?.to_string()),
                &latest.text(1)?,
            )?;
            let payload: serde_json::Value =
                serde_json::from_str(&payload).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            // The court's end instant is authoritative (Art. 21 provides for another 30 days;
            // the device flags an end outside that window, it never refuses one). Only an end
            // before service cannot be a decision on this order.
            if let (Some(served), Some(end)) = (numbering::order_served_at(&payload), d.ends_at)
                && end <= served
            {
                return Err(StoreError::Invalid(
                    "the measures cannot end before the order was served".into(),
                ));
            }
            append_change(
                sql,
                &ChangeKind::CourtDecision {
                    order_id: d.order_id,
                    court: d.court.clone(),
                    number: d.number.clone(),
                    decided_on: d.decided_on,
                    outcome: d.outcome,
                    ends_at: d.ends_at,
                },
                Audience::Device(owner),
                now,
            )
        })
    }

    /// Number a case by hand (`Some(number)`) or as the next of its administration and year.
    pub fn assign_case_number(
        &self,
        case_id: Uuid,
        number: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        self.tx(|sql| assign_case_number(sql, case_id, number, now))
    }

    /// Every change after `after`, whoever it is for, oldest first, at most `limit`; and
    /// whether more wait. The station's view: a device reads [`Store::feed`].
    pub fn changes_after(&self, after: u64, limit: u32) -> Result<(Vec<Change>, bool), StoreError> {
        self.tx(|sql| changes::all_after(sql, after, limit))
    }

    /// The changes after `after` meant for `device` (its records' numbers and court decisions,
    /// its revocation, its administration's roster), oldest first, at most `limit`; and whether
    /// more wait.
    pub fn feed(
        &self,
        device: Uuid,
        after: u64,
        limit: u32,
    ) -> Result<(Vec<Change>, bool), StoreError> {
        self.tx(|sql| changes::for_device(sql, device, after, limit))
    }
}
