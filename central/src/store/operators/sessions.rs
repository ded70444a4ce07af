//! The console's sessions (`console_sessions`, V9): a sign-in that records the TOTP step it used
//! (once: the UPDATE is conditional on a later step) and opens a session under the SHA-256 of its
//! token; a session found by that digest, ended when idle, past its absolute limit or its account
//! disabled; sign-out of one session or every session of an account.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use uuid::Uuid;

use super::{AccountState, OperatorAccount, account};
use crate::store::StoreError;
use crate::store::sql::Sql;

/// A session's limits.
#[derive(Debug, Clone, Copy)]
pub struct SessionLimits {
    pub idle: TimeDelta,
    pub absolute: TimeDelta,
}

/// A session as a request finds it.
#[derive(Debug, Clone)]
pub struct SessionRow {
    pub id: Uuid,
    pub operator: OperatorAccount,
    pub seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// A successful sign-in: the step used (later than the last, else `None` and nothing changes),
/// the failures and lock cleared, a new session under `token_sha256`.
pub fn sign_in(
    sql: &mut dyn Sql,
    id: Uuid,
    step: u64,
    token_sha256: &str,
    limits: SessionLimits,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>, StoreError> {
    let step = i64::try_from(step).map_err(|_| StoreError::Invalid("a TOTP step".into()))?;
    let recorded = sql.execute(
        "UPDATE operators SET totp_last_step = $2, failures = 0, locked_until = NULL,
                last_sign_in_at = $3
         WHERE id = $1 AND active_at IS NOT NULL AND disabled_at IS NULL
           AND (locked_until IS NULL OR locked_until <= $3)
           AND (totp_last_step IS NULL OR totp_last_step < $2)",
        &[id.into(), step.into(), now.into()],
    )?;
    if recorded != 1 {
        return Ok(None);
    }
    // Sessions that ended long ago are forgotten while we are here.
    sql.execute(
        "DELETE FROM console_sessions WHERE operator_id = $1 AND (expires_at <= $2 OR seen_at <= $3)",
        &[id.into(), now.into(), (now - limits.idle).into()],
    )?;
    let session = Uuid::now_v7();
    sql.execute(
        "INSERT INTO console_sessions (token_sha256, id, operator_id, created_at, seen_at, expires_at)
         VALUES ($1, $2, $3, $4, $4, $5)",
        &[
            token_sha256.into(),
            session.into(),
            id.into(),
            now.into(),
            (now + limits.absolute).into(),
        ],
    )?;
    Ok(Some(session))
}

/// How far a session's idle limit may lag behind its last use: a request renews it (a write)
/// only once `seen_at` is this old, so most requests write nothing. A thirtieth of the idle limit,
/// at most 30 s: the session ends that much earlier at worst, never later.
pub fn renew_step(idle: TimeDelta) -> TimeDelta {
    (idle / 30).min(TimeDelta::seconds(30))
}

/// The session under `token_sha256`: none, ended at `now` (`Some(None)`: idle, past its
/// absolute limit, its account disabled or gone), or valid.
fn lookup(
    sql: &mut dyn Sql,
    token_sha256: &str,
    idle: TimeDelta,
    now: DateTime<Utc>,
) -> Result<Option<Option<SessionRow>>, StoreError> {
    let Some(r) = sql.query_opt(
        "SELECT id, operator_id, seen_at, expires_at FROM console_sessions WHERE token_sha256 = $1",
        &[token_sha256.into()],
    )?
    else {
        return Ok(None);
    };
    let (id, operator, seen_at, expires_at) = (r.uuid(0)?, r.uuid(1)?, r.time(2)?, r.time(3)?);
    let account = account(sql, operator, now)?;
    let valid = now < expires_at
        && now - seen_at < idle
        && account
            .as_ref()
            .is_some_and(|a| a.state != AccountState::Disabled);
    Ok(Some(account.filter(|_| valid).map(|operator| SessionRow {
        id,
        operator,
        seen_at,
        expires_at,
    })))
}

/// The session under `token_sha256` if it is still valid at `now` (ended, and removed, when
/// idle for `idle` or past its absolute limit, or when its account is disabled); its idle limit
/// starts again when `renew` and its last renewal is [`renew_step`] old.
pub fn session(
    sql: &mut dyn Sql,
    token_sha256: &str,
    idle: TimeDelta,
    renew: bool,
    now: DateTime<Utc>,
) -> Result<Option<SessionRow>, StoreError> {
    let mut row = match lookup(sql, token_sha256, idle, now)? {
        None => return Ok(None),
        Some(None) => {
            sql.execute(
                "DELETE FROM console_sessions WHERE token_sha256 = $1",
                &[token_sha256.into()],
            )?;
            return Ok(None);
        }
        Some(Some(row)) => row,
    };
    if renew && now - row.seen_at >= renew_step(idle) {
        sql.execute(
            "UPDATE console_sessions SET seen_at = $2 WHERE token_sha256 = $1",
            &[token_sha256.into(), now.into()],
        )?;
        row.seen_at = now;
    }
    Ok(Some(row))
}

/// What a read of the session under `token_sha256` found, writing nothing
/// ([`session_seen`]).
#[derive(Debug, Clone)]
pub enum SessionSeen {
    /// No such session.
    Unknown,
    /// Valid at `now`, and nothing to write: not due to renew.
    Valid(SessionRow),
    /// Ended (to remove) or due to renew: [`session`], in a transaction, decides again.
    MustWrite,
}

/// [`session`] on a snapshot: most requests find a valid session with nothing to write, and
/// then take no writer (on SQLite the one writer the devices' pushes wait for).
pub fn session_seen(
    sql: &mut dyn Sql,
    token_sha256: &str,
    idle: TimeDelta,
    renew: bool,
    now: DateTime<Utc>,
) -> Result<SessionSeen, StoreError> {
    Ok(match lookup(sql, token_sha256, idle, now)? {
        None => SessionSeen::Unknown,
        Some(None) => SessionSeen::MustWrite,
        Some(Some(row)) if renew && now - row.seen_at >= renew_step(idle) => SessionSeen::MustWrite,
        Some(Some(row)) => SessionSeen::Valid(row),
    })
}

/// End one session.
pub fn end_session(sql: &mut dyn Sql, id: Uuid) -> Result<(), StoreError> {
    sql.execute("DELETE FROM console_sessions WHERE id = $1", &[id.into()])
        .map(drop)
}

/// End every session of an operator; how many there were.
pub fn end_sessions(sql: &mut dyn Sql, operator: Uuid) -> Result<u64, StoreError> {
    sql.execute(
        "DELETE FROM console_sessions WHERE operator_id = $1",
        &[operator.into()],
    )
}

/// Forget every session that has ended by `now` (idle for `idle`, or past its absolute limit);
/// how many. A request with such a session is refused either way: this only keeps the table small.
pub fn expire(sql: &mut dyn Sql, idle: TimeDelta, now: DateTime<Utc>) -> Result<u64, StoreError> {
    sql.execute(
        "DELETE FROM console_sessions WHERE expires_at <= $1 OR seen_at <= $2",
        &[now.into(), (now - idle).into()],
    )
}

/// What `serve` was started with for the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsoleOptions {
    /// A session unused this long ends.
    pub idle: Duration,
    /// A session ends this long after sign-in, whatever happens.
    pub absolute: Duration,
    /// The first lock after too many failed sign-ins; each further failure doubles it.
    pub lockout: Duration,
}

impl Default for ConsoleOptions {
    fn default() -> Self {
        ConsoleOptions {
            idle: Duration::from_secs(15 * 60),
            absolute: Duration::from_secs(12 * 60 * 60),
            lockout: Duration::from_secs(60),
        }
    }
}

impl ConsoleOptions {
    pub fn limits(&self) -> SessionLimits {
        SessionLimits {
            idle: delta(self.idle),
            absolute: delta(self.absolute),
        }
    }
}

/// A duration as chrono's (saturating: these are at most days).
pub fn delta(d: Duration) -> TimeDelta {
    TimeDelta::from_std(d).unwrap_or(TimeDelta::MAX)
}
