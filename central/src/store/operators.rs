//! The console's operator accounts and their sessions (`operators`, `console_sessions`, V9):
//! accounts added by the admin CLI or an institution's administrator, each with a one-time setup
//! code (its SHA-256 kept, valid 72 hours); the first sign-in's passphrase (an Argon2id PHC
//! string, hashed by the caller) and TOTP secret (sealed, `rotation::ENCRYPTED`); the sign-in
//! record (failures, the lock they earn, the last TOTP step used); sessions by the SHA-256 of
//! their token. The console (`console::accounts`, `console::session`) composes these functions
//! over `&mut dyn Sql` into its transactions, each with its admin audit entry; the CLI uses the
//! [`Store`] methods.
//!
//! **Invariant:** a TOTP step is accepted once: a sign-in or a confirmation is recorded only by
//! an UPDATE conditional on the step being later than the last one used, so two requests with
//! one code cannot both pass. Disabling or resetting an account ends its sessions in the same
//! transaction.

use chrono::{DateTime, TimeDelta, Utc};
use ring::rand::{SecureRandom, SystemRandom};
use serde::Serialize;
use uuid::Uuid;
use zastita_protocol::console::{Institution, InstitutionKind, OperatorRole};
use zastita_protocol::signing::sha256_hex;

use super::crypt::Place;
use super::sql::{Row, Sql, Val};
use super::{Store, StoreError};

mod credentials;
mod sessions;

pub use credentials::{
    Credentials, LOCK_AFTER, SetupTarget, activate, count_failure, credentials, set_credentials,
    setup_target,
};

pub use sessions::{
    ConsoleOptions, SessionLimits, SessionRow, SessionSeen, delta, end_session, end_sessions,
    expire, renew_step, session, session_seen, sign_in,
};

/// How long a setup code is valid.
pub const SETUP_VALID: TimeDelta = TimeDelta::hours(72);
/// The languages the console speaks.
pub const LANGUAGES: &[&str] = &["sr-Latn", "sr-Cyrl", "hu", "en"];

pub fn role_str(role: OperatorRole) -> &'static str {
    match role {
        OperatorRole::Station => "station",
        OperatorRole::Prosecutor => "prosecutor",
        OperatorRole::Court => "court",
        OperatorRole::InstitutionAdmin => "institution_admin",
        OperatorRole::Auditor => "auditor",
    }
}

fn role_of(s: &str) -> Result<OperatorRole, StoreError> {
    Ok(match s {
        "station" => OperatorRole::Station,
        "prosecutor" => OperatorRole::Prosecutor,
        "court" => OperatorRole::Court,
        "institution_admin" => OperatorRole::InstitutionAdmin,
        "auditor" => OperatorRole::Auditor,
        _ => return Err(StoreError::Corrupt("an operator's role".into())),
    })
}

pub fn kind_str(kind: InstitutionKind) -> &'static str {
    match kind {
        InstitutionKind::PoliceAdministration => "police_administration",
        InstitutionKind::BasicProsecutor => "basic_prosecutor",
        InstitutionKind::BasicCourt => "basic_court",
        InstitutionKind::Oversight => "oversight",
    }
}

fn kind_of(s: &str) -> Result<InstitutionKind, StoreError> {
    Ok(match s {
        "police_administration" => InstitutionKind::PoliceAdministration,
        "basic_prosecutor" => InstitutionKind::BasicProsecutor,
        "basic_court" => InstitutionKind::BasicCourt,
        "oversight" => InstitutionKind::Oversight,
        _ => return Err(StoreError::Corrupt("an operator's institution kind".into())),
    })
}

/// Whether an institution of `kind` can hold `role`: its own work, or administering its accounts.
pub fn role_fits(role: OperatorRole, kind: InstitutionKind) -> bool {
    matches!(
        (role, kind),
        (OperatorRole::InstitutionAdmin, _)
            | (OperatorRole::Station, InstitutionKind::PoliceAdministration)
            | (OperatorRole::Prosecutor, InstitutionKind::BasicProsecutor)
            | (OperatorRole::Court, InstitutionKind::BasicCourt)
            | (OperatorRole::Auditor, InstitutionKind::Oversight)
    )
}

/// A login as stored: trimmed, lower case, 3 to 64 of `a-z 0-9 . _ -`.
pub fn normalise_login(login: &str) -> Result<String, StoreError> {
    let l = login.trim().to_ascii_lowercase();
    let ok = (3..=64).contains(&l.len())
        && l.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if !ok {
        return Err(StoreError::Invalid(
            "a login is 3 to 64 characters: letters a-z, digits, '.', '_' or '-'".into(),
        ));
    }
    Ok(l)
}

/// An account as added.
#[derive(Debug, Clone)]
pub struct NewOperator<'a> {
    pub login: &'a str,
    pub name: &'a str,
    pub role: OperatorRole,
    /// Its key as the caller gave it; checked and made canonical with `console::operator::institution_key`.
    pub institution: Institution,
    pub language: Option<&'a str>,
}

/// Where an account stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountState {
    PendingSetup,
    Active,
    Locked,
    Disabled,
}

impl AccountState {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountState::PendingSetup => "pending_setup",
            AccountState::Active => "active",
            AccountState::Locked => "locked",
            AccountState::Disabled => "disabled",
        }
    }
}

/// An account as listed (no secret, no hash).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OperatorAccount {
    pub id: Uuid,
    pub login: String,
    pub name: String,
    pub role: OperatorRole,
    pub institution: Institution,
    pub language: String,
    pub state: AccountState,
    pub created_at: DateTime<Utc>,
    pub setup_expires_at: Option<DateTime<Utc>>,
    pub last_sign_in_at: Option<DateTime<Utc>>,
}

/// A setup code to hand to the account's person, once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SetupCode {
    pub code: String,
    pub expires_at: DateTime<Utc>,
}

const ACCOUNT_COLUMNS: &str = "id, login, name, role, institution_kind, institution_key, language, \
     created_at, setup_expires_at, last_sign_in_at, active_at, locked_until, disabled_at";

fn name_place(id: Uuid) -> Place {
    Place::new("operators", "name", id.to_string())
}

fn secret_place(id: Uuid) -> Place {
    Place::new("operators", "totp_secret", id.to_string())
}

fn account_from(
    sql: &mut dyn Sql,
    r: &Row,
    now: DateTime<Utc>,
) -> Result<OperatorAccount, StoreError> {
    let id = r.uuid(0)?;
    let cipher = sql.cipher()?;
    let state = if r.opt_time(12)?.is_some() {
        AccountState::Disabled
    } else if r.opt_time(10)?.is_none() {
        AccountState::PendingSetup
    } else if r.opt_time(11)?.is_some_and(|t| t > now) {
        AccountState::Locked
    } else {
        AccountState::Active
    };
    Ok(OperatorAccount {
        id,
        login: r.text(1)?,
        name: cipher.open_text(&name_place(id), &r.text(2)?)?,
        role: role_of(&r.text(3)?)?,
        institution: Institution {
            kind: kind_of(&r.text(4)?)?,
            key: r.text(5)?,
        },
        language: r.text(6)?,
        state,
        created_at: r.time(7)?,
        setup_expires_at: r.opt_time(8)?,
        last_sign_in_at: r.opt_time(9)?,
    })
}

/// 20 characters of base32 (100 random bits) in groups of four: `ABCD-EFGH-…`.
fn new_setup_code() -> Result<String, StoreError> {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut bytes = [0u8; 20];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| StoreError::Corrupt("the system gave no randomness".into()))?;
    let mut out = String::with_capacity(24);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(char::from(ALPHABET[usize::from(b & 31)]));
    }
    Ok(out)
}

/// The SHA-256 a setup code is kept as: of its letters and digits in upper case, so it may be
/// typed with or without dashes and spaces.
pub fn setup_digest(code: &str) -> String {
    let plain: String = code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    sha256_hex(format!("zastita-console setup\0{plain}").as_bytes())
}

/// Give `id` a new setup code (its passphrase, TOTP and lock cleared, its sessions ended).
fn issue_setup(sql: &mut dyn Sql, id: Uuid, now: DateTime<Utc>) -> Result<SetupCode, StoreError> {
    let code = new_setup_code()?;
    let expires_at = now + SETUP_VALID;
    sql.execute(
        "UPDATE operators SET setup_sha256 = $2, setup_expires_at = $3, passphrase_hash = NULL,
                totp_secret = NULL, totp_last_step = NULL, active_at = NULL, failures = 0,
                locked_until = NULL, disabled_at = NULL
         WHERE id = $1",
        &[id.into(), setup_digest(&code).into(), expires_at.into()],
    )?;
    end_sessions(sql, id)?;
    Ok(SetupCode { code, expires_at })
}

/// Add an account; its setup code.
pub fn add(
    sql: &mut dyn Sql,
    o: &NewOperator<'_>,
    now: DateTime<Utc>,
) -> Result<(OperatorAccount, SetupCode), StoreError> {
    let login = normalise_login(o.login)?;
    let name = super::admin_audit::check_name("operator's name", o.name)?;
    let language = o.language.unwrap_or("sr-Latn");
    if !LANGUAGES.contains(&language) {
        return Err(StoreError::Invalid(
            "the language is one of sr-Latn, sr-Cyrl, hu, en".into(),
        ));
    }
    let key = crate::jurisdiction::institution_key(o.institution.kind, &o.institution.key)
        .ok_or_else(|| StoreError::Invalid("no such institution in the reference data".into()))?;
    if !role_fits(o.role, o.institution.kind) {
        return Err(StoreError::Invalid(
            "this institution cannot hold this role".into(),
        ));
    }
    if sql
        .query_opt(
            "SELECT 1 FROM operators WHERE login = $1",
            &[login.as_str().into()],
        )?
        .is_some()
    {
        return Err(StoreError::Invalid("this login is taken".into()));
    }
    let id = Uuid::now_v7();
    let sealed = sql.cipher()?.seal_text(&name_place(id), &name)?;
    sql.execute(
        "INSERT INTO operators (id, login, name, role, institution_kind, institution_key, language,
                                created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        &[
            id.into(),
            login.as_str().into(),
            sealed.into(),
            role_str(o.role).into(),
            kind_str(o.institution.kind).into(),
            key.as_str().into(),
            language.into(),
            now.into(),
        ],
    )?;
    let code = issue_setup(sql, id, now)?;
    let account = account(sql, id, now)?
        .ok_or_else(|| StoreError::Corrupt("an account just added is missing".into()))?;
    Ok((account, code))
}

/// One account.
pub fn account(
    sql: &mut dyn Sql,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<OperatorAccount>, StoreError> {
    let Some(r) = sql.query_opt(
        &format!("SELECT {ACCOUNT_COLUMNS} FROM operators WHERE id = $1"),
        &[id.into()],
    )?
    else {
        return Ok(None);
    };
    account_from(sql, &r, now).map(Some)
}

/// The account of `login` (as typed), if any.
pub fn account_by_login(
    sql: &mut dyn Sql,
    login: &str,
    now: DateTime<Utc>,
) -> Result<Option<OperatorAccount>, StoreError> {
    let Ok(login) = normalise_login(login) else {
        return Ok(None);
    };
    let Some(r) = sql.query_opt(
        &format!("SELECT {ACCOUNT_COLUMNS} FROM operators WHERE login = $1"),
        &[login.into()],
    )?
    else {
        return Ok(None);
    };
    account_from(sql, &r, now).map(Some)
}

/// Every account, or those of one institution; by login.
pub fn accounts(
    sql: &mut dyn Sql,
    of: Option<&Institution>,
    now: DateTime<Utc>,
) -> Result<Vec<OperatorAccount>, StoreError> {
    let rows = match of {
        Some(i) => sql.query(
            &format!(
                "SELECT {ACCOUNT_COLUMNS} FROM operators
                 WHERE institution_kind = $1 AND institution_key = $2 ORDER BY login"
            ),
            &[kind_str(i.kind).into(), i.key.as_str().into()],
        )?,
        None => sql.query(
            &format!("SELECT {ACCOUNT_COLUMNS} FROM operators ORDER BY login"),
            &[],
        )?,
    };
    rows.iter().map(|r| account_from(sql, r, now)).collect()
}

/// A new setup code for `id` (the account must sign in afresh; its sessions end).
pub fn reset(sql: &mut dyn Sql, id: Uuid, now: DateTime<Utc>) -> Result<SetupCode, StoreError> {
    if account(sql, id, now)?.is_none() {
        return Err(StoreError::Invalid("no such operator".into()));
    }
    issue_setup(sql, id, now)
}

/// Disable `id`: it signs in no more, its sessions end, its setup code is void.
pub fn disable(sql: &mut dyn Sql, id: Uuid, now: DateTime<Utc>) -> Result<(), StoreError> {
    let n = sql.execute(
        "UPDATE operators SET disabled_at = COALESCE(disabled_at, $2), setup_sha256 = NULL,
                setup_expires_at = NULL
         WHERE id = $1",
        &[id.into(), now.into()],
    )?;
    if n == 0 {
        return Err(StoreError::Invalid("no such operator".into()));
    }
    end_sessions(sql, id).map(drop)
}

impl Store {
    /// Add an account (the admin CLI); its setup code.
    pub fn add_operator(
        &self,
        o: &NewOperator<'_>,
        now: DateTime<Utc>,
    ) -> Result<(OperatorAccount, SetupCode), StoreError> {
        self.tx(|sql| add(sql, o, now))
    }

    /// Every account, by login.
    pub fn operators(&self, now: DateTime<Utc>) -> Result<Vec<OperatorAccount>, StoreError> {
        self.tx(|sql| accounts(sql, None, now))
    }

    /// The account of `login`.
    pub fn operator_by_login(
        &self,
        login: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<OperatorAccount>, StoreError> {
        self.tx(|sql| account_by_login(sql, login, now))
    }

    /// A new setup code for `id`; its sessions end.
    pub fn reset_operator(&self, id: Uuid, now: DateTime<Utc>) -> Result<SetupCode, StoreError> {
        self.tx(|sql| reset(sql, id, now))
    }

    /// Disable `id`; its sessions end.
    pub fn disable_operator(&self, id: Uuid, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.tx(|sql| disable(sql, id, now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_and_setup_codes_are_normalised() {
        assert_eq!(
            normalise_login(" Ana.Petrovic ").ok().as_deref(),
            Some("ana.petrovic")
        );
        for bad in ["ab", "ana petrovic", "ana@x", &"a".repeat(65), "ćevap"] {
            assert!(normalise_login(bad).is_err(), "{bad:?}");
        }
        let code = new_setup_code().unwrap_or_default();
        assert_eq!(code.len(), 24);
        assert_eq!(
            setup_digest(&code),
            setup_digest(&code.replace('-', " ").to_lowercase())
        );
        assert_ne!(new_setup_code().ok(), Some(code));
    }

    #[test]
    fn roles_fit_their_institutions() {
        use InstitutionKind::*;
        use OperatorRole::*;
        assert!(role_fits(Prosecutor, BasicProsecutor));
        assert!(role_fits(InstitutionAdmin, BasicCourt));
        assert!(!role_fits(Court, BasicProsecutor));
        assert!(!role_fits(Auditor, PoliceAdministration));
        assert!(!role_fits(Station, Oversight));
    }
}
