//! The history's two keys (`history_keys`): made once, random, when the store opens
//! ([`ensure_keys`]), sealed under the central key (so a rotation re-encrypts them, never
//! changes them), read in the transaction that needs them.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chrono::{DateTime, Utc};
use ring::hmac;
use ring::rand::{SecureRandom, SystemRandom};
use zeroize::Zeroizing;

use crate::store::StoreError;
use crate::store::crypt::Place;
use crate::store::sql::{Row, Sql};

/// Argon2id's memory cost for a new list key (KiB). With [`ARGON2_ITERATIONS`] and one lane
/// one hash takes about 15 ms on the development machine (`person_hash`'s test prints it).
pub const ARGON2_MEMORY_KIB: u32 = 12 * 1024;
/// Argon2id's passes for a new list key.
pub const ARGON2_ITERATIONS: u32 = 2;
/// Argon2id's lanes for a new list key.
pub const ARGON2_PARALLELISM: u32 = 1;

/// The person index's MAC key's row.
pub(super) const PERSON_MAC: &str = "person_mac";
/// The offline list's salt-key's row.
pub(super) const IN_FORCE: &str = "in_force";

/// Where a key's secret is sealed.
pub(crate) fn secret_place(name: &str) -> Place {
    Place::new("history_keys", "secret", name.to_owned())
}

/// The person index's HMAC-SHA256 key.
pub(crate) struct MacKey(hmac::Key);

impl MacKey {
    /// HMAC-SHA256 (hex) of `label`, a zero byte and `value`.
    pub(crate) fn mac(&self, label: &str, value: &str) -> String {
        let mut ctx = hmac::Context::with_key(&self.0);
        ctx.update(label.as_bytes());
        ctx.update(&[0]);
        ctx.update(value.as_bytes());
        ctx.sign()
            .as_ref()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// The offline list's key: its id, the salt-key and the Argon2id costs its hashes are made with.
pub(crate) struct ListKey {
    pub(crate) id: u32,
    pub(crate) secret: Zeroizing<Vec<u8>>,
    pub(crate) memory_kib: u32,
    pub(crate) iterations: u32,
    pub(crate) parallelism: u32,
}

impl ListKey {
    /// As the list hands it to devices.
    pub(crate) fn wire(&self) -> zastita_protocol::messages::InForceKey {
        zastita_protocol::messages::InForceKey {
            id: self.id,
            key: B64.encode(self.secret.as_slice()),
            memory_kib: self.memory_kib,
            iterations: self.iterations,
            parallelism: self.parallelism,
        }
    }
}

fn random_key() -> Result<Zeroizing<Vec<u8>>, StoreError> {
    let mut k = Zeroizing::new(vec![0u8; 32]);
    SystemRandom::new()
        .fill(k.as_mut_slice())
        .map_err(|_| StoreError::Corrupt("the system's random source failed".into()))?;
    Ok(k)
}

/// Make each key that does not exist yet (two servers starting on one database both try; the
/// first insert stays).
pub fn ensure_keys(sql: &mut dyn Sql, now: DateTime<Utc>) -> Result<(), StoreError> {
    let cipher = sql.cipher()?;
    for (name, costs) in [
        (PERSON_MAC, None),
        (
            IN_FORCE,
            Some((ARGON2_MEMORY_KIB, ARGON2_ITERATIONS, ARGON2_PARALLELISM)),
        ),
    ] {
        if sql
            .query_opt("SELECT 1 FROM history_keys WHERE name = $1", &[name.into()])?
            .is_some()
        {
            continue;
        }
        let secret = random_key()?;
        let sealed = cipher.seal_text(
            &secret_place(name),
            &Zeroizing::new(B64.encode(secret.as_slice())),
        )?;
        let cost = |i: usize| costs.map(|c: (u32, u32, u32)| i64::from([c.0, c.1, c.2][i]));
        sql.execute(
            "INSERT INTO history_keys (name, id, secret, memory_kib, iterations, parallelism,
                 created_at)
             VALUES ($1, 1, $2, $3, $4, $5, $6) ON CONFLICT (name) DO NOTHING",
            &[
                name.into(),
                sealed.into(),
                cost(0).into(),
                cost(1).into(),
                cost(2).into(),
                now.into(),
            ],
        )?;
    }
    Ok(())
}

fn secret(sql: &mut dyn Sql, name: &str) -> Result<(Row, Zeroizing<Vec<u8>>), StoreError> {
    let row = sql
        .query_opt(
            "SELECT id, secret, memory_kib, iterations, parallelism FROM history_keys
             WHERE name = $1",
            &[name.into()],
        )?
        .ok_or_else(|| StoreError::Corrupt(format!("the history key {name} is missing")))?;
    let text = Zeroizing::new(
        sql.cipher()?
            .open_text(&secret_place(name), &row.text(1)?)?,
    );
    let secret = B64
        .decode(text.as_bytes())
        .map(Zeroizing::new)
        .map_err(|_| StoreError::Corrupt(format!("the history key {name} is not base64")))?;
    if secret.len() != 32 {
        return Err(StoreError::Corrupt(format!(
            "the history key {name} is not 32 bytes"
        )));
    }
    Ok((row, secret))
}

/// The person index's MAC key.
pub(crate) fn mac_key(sql: &mut dyn Sql) -> Result<MacKey, StoreError> {
    let (_, secret) = secret(sql, PERSON_MAC)?;
    Ok(MacKey(hmac::Key::new(hmac::HMAC_SHA256, &secret)))
}

/// The offline list's key.
pub(crate) fn list_key(sql: &mut dyn Sql) -> Result<ListKey, StoreError> {
    let (row, secret) = secret(sql, IN_FORCE)?;
    let num = |i: usize| -> Result<u32, StoreError> {
        row.opt_i64(i)?
            .and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| StoreError::Corrupt("the in-force key's costs".into()))
    };
    Ok(ListKey {
        id: num(0)?,
        secret,
        memory_kib: num(2)?,
        iterations: num(3)?,
        parallelism: num(4)?,
    })
}
