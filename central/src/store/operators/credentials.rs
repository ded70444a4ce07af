//! The first sign-in and every later one at the store: what a setup code gives access to, the
//! credentials it sets (passphrase hash, sealed TOTP secret) and activates, the credentials a
//! sign-in checks, and the failures that lock an account.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::*;

/// What a setup code gives access to.
#[derive(Debug, Clone)]
pub struct SetupTarget {
    pub id: Uuid,
    pub login: String,
    /// The TOTP secret set by the first step, if it was taken.
    pub totp_secret: Option<String>,
}

/// The account `login`'s setup, when `code` is its current, unexpired setup code.
pub fn setup_target(
    sql: &mut dyn Sql,
    login: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Option<SetupTarget>, StoreError> {
    let Ok(login) = normalise_login(login) else {
        return Ok(None);
    };
    let Some(r) = sql.query_opt(
        "SELECT id, login, totp_secret FROM operators
         WHERE login = $1 AND setup_sha256 = $2 AND setup_expires_at > $3 AND disabled_at IS NULL",
        &[login.into(), setup_digest(code).into(), now.into()],
    )?
    else {
        return Ok(None);
    };
    let id = r.uuid(0)?;
    let secret = sql
        .cipher()?
        .open_opt_text(&secret_place(id), r.opt_text(2)?.as_deref())?;
    Ok(Some(SetupTarget {
        id,
        login: r.text(1)?,
        totp_secret: secret,
    }))
}

/// The first step of setup: the passphrase (its PHC string) and a TOTP secret to enrol.
pub fn set_credentials(
    sql: &mut dyn Sql,
    id: Uuid,
    passphrase_hash: &str,
    totp_secret: &str,
) -> Result<(), StoreError> {
    let sealed = sql.cipher()?.seal_text(&secret_place(id), totp_secret)?;
    sql.execute(
        "UPDATE operators SET passphrase_hash = $2, totp_secret = $3, totp_last_step = NULL
         WHERE id = $1",
        &[id.into(), passphrase_hash.into(), sealed.into()],
    )
    .map(drop)
}

/// The last step of setup: the first code matched `step`; the account is active, its setup code
/// spent. `false` if that step was used already.
pub fn activate(
    sql: &mut dyn Sql,
    id: Uuid,
    step: u64,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let step = i64::try_from(step).map_err(|_| StoreError::Invalid("a TOTP step".into()))?;
    Ok(sql.execute(
        "UPDATE operators SET active_at = $3, totp_last_step = $2, setup_sha256 = NULL,
                setup_expires_at = NULL, failures = 0, locked_until = NULL
         WHERE id = $1 AND totp_secret IS NOT NULL AND passphrase_hash IS NOT NULL
           AND (totp_last_step IS NULL OR totp_last_step < $2)",
        &[id.into(), step.into(), now.into()],
    )? == 1)
}

/// What a sign-in is checked against.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub id: Uuid,
    pub login: String,
    pub passphrase_hash: Option<String>,
    pub totp_secret: Option<String>,
    pub failures: u64,
    pub locked_until: Option<DateTime<Utc>>,
    /// Active (enrolment confirmed) and not disabled.
    pub usable: bool,
}

/// The credentials of `login` (as typed), if the account exists.
pub fn credentials(sql: &mut dyn Sql, login: &str) -> Result<Option<Credentials>, StoreError> {
    let Ok(login) = normalise_login(login) else {
        return Ok(None);
    };
    let Some(r) = sql.query_opt(
        "SELECT id, login, passphrase_hash, totp_secret, failures, locked_until, active_at,
                disabled_at
         FROM operators WHERE login = $1",
        &[login.into()],
    )?
    else {
        return Ok(None);
    };
    let id = r.uuid(0)?;
    Ok(Some(Credentials {
        id,
        login: r.text(1)?,
        passphrase_hash: r.opt_text(2)?,
        totp_secret: sql
            .cipher()?
            .open_opt_text(&secret_place(id), r.opt_text(3)?.as_deref())?,
        failures: r.u64(4)?,
        locked_until: r.opt_time(5)?,
        usable: r.opt_time(6)?.is_some() && r.opt_time(7)?.is_none(),
    }))
}

/// A failed sign-in counted; the lock it earns (from the 5th failure in a row: `base`, doubling
/// with each further failure, at most a day).
pub fn count_failure(
    sql: &mut dyn Sql,
    id: Uuid,
    base: TimeDelta,
    now: DateTime<Utc>,
) -> Result<(u64, Option<DateTime<Utc>>), StoreError> {
    let r = sql.query_one("SELECT failures FROM operators WHERE id = $1", &[id.into()])?;
    let failures = r.u64(0)? + 1;
    let lock = (failures >= LOCK_AFTER).then(|| {
        let doublings = u32::try_from(failures - LOCK_AFTER)
            .unwrap_or(u32::MAX)
            .min(16);
        now + (base * 2i32.saturating_pow(doublings)).min(TimeDelta::days(1))
    });
    sql.execute(
        "UPDATE operators SET failures = $2, locked_until = COALESCE($3, locked_until) WHERE id = $1",
        &[
            id.into(),
            i64::try_from(failures).unwrap_or(i64::MAX).into(),
            Val::from(lock),
        ],
    )?;
    Ok((failures, lock))
}

/// Failed sign-ins in a row that lock an account.
pub const LOCK_AFTER: u64 = 5;
