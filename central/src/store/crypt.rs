//! Column encryption, done by the server for both backends (PostgreSQL's only protection at rest;
//! defence in depth under SQLCipher): every personal value is sealed with AES-256-GCM under the
//! current column key (`keys.rs`), with a fresh random 96-bit nonce per value and associated data
//! naming its table, column and row, so a value copied to another row, column or table does not
//! decrypt. The key id travels with each value, so keys can rotate (`rotation.rs`).
//!
//! Stored forms (both self-describing, so a reader needs no other column):
//! - text columns: `zc1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>`;
//! - byte columns: `b"zc\x01"`, the key id as 4 big-endian bytes, then nonce ‖ ciphertext ‖ tag.
//!
//! Which columns are sealed, and why the others are not, is `rotation::ENCRYPTED` and
//! ARCHITECTURE.md ("Central record at rest").
//!
//! **Invariant:** a value is sealed and opened with the same [`Place`]: the write sites and the
//! scanner in `rotation.rs` name a row by the same key columns, formatted the same way (a UUID
//! hyphenated, text as is, an integer in decimal, parts joined by `/`).

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use ring::aead::{Aad, NONCE_LEN, Nonce};
use ring::rand::{SecureRandom, SystemRandom};
use serde::Serialize;

use super::StoreError;
use crate::keys::{CentralKeys, Loaded};

/// A text value's prefix before its key id.
pub const TEXT_MAGIC: &str = "zc1.";
/// A byte value's first bytes, before its key id.
pub const BYTES_MAGIC: [u8; 3] = *b"zc\x01";
/// What the associated data begins with (the format's version).
const AAD_DOMAIN: &str = "zastita-central column v1";

/// Where a value lives: its table, column and row (the row's key, see the module's invariant).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub table: &'static str,
    pub column: &'static str,
    pub row: String,
}

impl Place {
    pub fn new(table: &'static str, column: &'static str, row: impl Into<String>) -> Place {
        Place {
            table,
            column,
            row: row.into(),
        }
    }

    fn aad(&self) -> Vec<u8> {
        let mut a = Vec::with_capacity(AAD_DOMAIN.len() + self.row.len() + 40);
        for part in [AAD_DOMAIN, self.table, self.column, &self.row] {
            a.extend_from_slice(part.as_bytes());
            a.push(0);
        }
        a
    }

    fn unreadable(&self, problem: ValueProblem) -> StoreError {
        StoreError::Undecryptable {
            table: self.table,
            column: self.column,
            row: self.row.clone(),
            problem,
        }
    }
}

/// Why a stored value cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum ValueProblem {
    /// Not in an encrypted form at all: plaintext.
    NotEncrypted,
    /// Under a key the key file does not hold.
    UnknownKey { key_id: u32 },
    /// The key is held but the value does not decrypt: changed, moved from another row, or
    /// sealed under another key that carries the same id.
    DoesNotDecrypt { key_id: u32 },
}

impl std::fmt::Display for ValueProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ValueProblem::NotEncrypted => f.write_str("is not encrypted"),
            ValueProblem::UnknownKey { key_id } => {
                write!(f, "is under key {key_id}, which the key file does not hold")
            }
            ValueProblem::DoesNotDecrypt { key_id } => write!(
                f,
                "does not decrypt under key {key_id} (changed, moved from another row, or another \
                 key file's key {key_id})"
            ),
        }
    }
}

/// The key id a stored text value is under, if it is in the encrypted form.
pub fn text_key_id(stored: &str) -> Option<u32> {
    let rest = stored.strip_prefix(TEXT_MAGIC)?;
    let (id, _) = rest.split_once('.')?;
    if id.is_empty() || id.len() > 10 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    id.parse().ok()
}

/// The key id a stored byte value is under, if it is in the encrypted form.
pub fn bytes_key_id(stored: &[u8]) -> Option<u32> {
    let rest = stored.strip_prefix(&BYTES_MAGIC[..])?;
    let id: [u8; 4] = rest.get(..4)?.try_into().ok()?;
    Some(u32::from_be_bytes(id))
}

/// What every text value under key `id` begins with.
pub fn text_prefix(id: u32) -> String {
    format!("{TEXT_MAGIC}{id}.")
}

/// What every byte value under key `id` begins with.
pub fn bytes_prefix(id: u32) -> Vec<u8> {
    let mut p = BYTES_MAGIC.to_vec();
    p.extend_from_slice(&id.to_be_bytes());
    p
}

/// Seals and opens column values under the central key.
pub struct Cipher {
    keys: Arc<CentralKeys>,
    rng: SystemRandom,
}

impl Cipher {
    pub fn new(keys: Arc<CentralKeys>) -> Cipher {
        Cipher {
            keys,
            rng: SystemRandom::new(),
        }
    }

    pub fn keys(&self) -> &Arc<CentralKeys> {
        &self.keys
    }

    /// The key new values are sealed under.
    pub fn current(&self) -> u32 {
        self.keys.now().current()
    }

    /// nonce ‖ ciphertext ‖ tag under the current key, and that key's id.
    fn seal_raw(&self, place: &Place, plain: &[u8]) -> Result<(u32, Vec<u8>), StoreError> {
        let loaded = self.keys.now();
        let id = loaded.current();
        let key = loaded
            .column_key(id)
            .ok_or_else(|| StoreError::Corrupt(format!("no column key {id}")))?;
        let mut nonce = [0u8; NONCE_LEN];
        self.rng
            .fill(&mut nonce)
            .map_err(|_| StoreError::Corrupt("the system gave no randomness".into()))?;
        let mut out = Vec::with_capacity(NONCE_LEN + plain.len() + key.algorithm().tag_len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(plain);
        let tag = key
            .seal_in_place_separate_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(place.aad()),
                &mut out[NONCE_LEN..],
            )
            .map_err(|_| StoreError::Corrupt("a value could not be sealed".into()))?;
        out.extend_from_slice(tag.as_ref());
        Ok((id, out))
    }

    fn open_raw(&self, place: &Place, id: u32, body: &[u8]) -> Result<Vec<u8>, StoreError> {
        let mut loaded: Arc<Loaded> = self.keys.now();
        if loaded.column_key(id).is_none() {
            // A key added since (rotate-key running beside this process): read the file again.
            loaded = self.keys.refreshed();
        }
        let key = loaded
            .column_key(id)
            .ok_or_else(|| place.unreadable(ValueProblem::UnknownKey { key_id: id }))?;
        let fails = || place.unreadable(ValueProblem::DoesNotDecrypt { key_id: id });
        let (nonce, sealed) = body.split_at_checked(NONCE_LEN).ok_or_else(fails)?;
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| fails())?;
        let mut buf = sealed.to_vec();
        let plain = key
            .open_in_place(nonce, Aad::from(place.aad()), &mut buf)
            .map_err(|_| fails())?;
        let n = plain.len();
        buf.truncate(n);
        Ok(buf)
    }

    /// A text value as stored.
    pub fn seal_text(&self, place: &Place, plain: &str) -> Result<String, StoreError> {
        if self.keys.plaintext() {
            return Ok(plain.to_owned());
        }
        let (id, body) = self.seal_raw(place, plain.as_bytes())?;
        Ok(format!("{}{}", text_prefix(id), B64URL.encode(body)))
    }

    /// An optional text value as stored (`None` stays NULL).
    pub fn seal_opt_text(
        &self,
        place: &Place,
        plain: Option<&str>,
    ) -> Result<Option<String>, StoreError> {
        plain.map(|p| self.seal_text(place, p)).transpose()
    }

    /// A stored text value, read.
    pub fn open_text(&self, place: &Place, stored: &str) -> Result<String, StoreError> {
        if self.keys.plaintext() {
            return Ok(stored.to_owned());
        }
        let id = text_key_id(stored).ok_or_else(|| place.unreadable(ValueProblem::NotEncrypted))?;
        let body = stored
            .get(text_prefix(id).len()..)
            .and_then(|b| B64URL.decode(b).ok())
            .ok_or_else(|| place.unreadable(ValueProblem::DoesNotDecrypt { key_id: id }))?;
        let plain = self.open_raw(place, id, &body)?;
        String::from_utf8(plain)
            .map_err(|_| place.unreadable(ValueProblem::DoesNotDecrypt { key_id: id }))
    }

    /// An optional stored text value, read.
    pub fn open_opt_text(
        &self,
        place: &Place,
        stored: Option<&str>,
    ) -> Result<Option<String>, StoreError> {
        stored.map(|s| self.open_text(place, s)).transpose()
    }

    /// A byte value as stored.
    pub fn seal_bytes(&self, place: &Place, plain: &[u8]) -> Result<Vec<u8>, StoreError> {
        if self.keys.plaintext() {
            return Ok(plain.to_vec());
        }
        let (id, body) = self.seal_raw(place, plain)?;
        let mut out = bytes_prefix(id);
        out.extend_from_slice(&body);
        Ok(out)
    }

    /// A stored byte value, read.
    pub fn open_bytes(&self, place: &Place, stored: &[u8]) -> Result<Vec<u8>, StoreError> {
        if self.keys.plaintext() {
            return Ok(stored.to_vec());
        }
        let id =
            bytes_key_id(stored).ok_or_else(|| place.unreadable(ValueProblem::NotEncrypted))?;
        self.open_raw(place, id, &stored[bytes_prefix(id).len()..])
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::keys::KeySet;

    fn cipher() -> Cipher {
        Cipher::new(CentralKeys::fixed(
            KeySet::generate(chrono::Utc::now()).unwrap(),
        ))
    }

    #[test]
    fn values_round_trip_with_fresh_nonces() {
        let c = cipher();
        let p = Place::new("officers", "name", "NS1234");
        let a = c.seal_text(&p, "Ana Kovač").unwrap();
        let b = c.seal_text(&p, "Ana Kovač").unwrap();
        assert_ne!(a, b, "a fresh nonce per value");
        assert!(a.starts_with("zc1.1.") && !a.contains("Ana"), "{a}");
        assert_eq!(text_key_id(&a), Some(1));
        assert_eq!(c.open_text(&p, &a).unwrap(), "Ana Kovač");
        let bytes = c.seal_bytes(&p, b"%PDF-1.7").unwrap();
        assert_eq!(bytes_key_id(&bytes), Some(1));
        assert_eq!(c.open_bytes(&p, &bytes).unwrap(), b"%PDF-1.7");
    }

    #[test]
    fn a_value_moved_to_another_place_or_changed_does_not_open() {
        let c = cipher();
        let p = Place::new("records", "payload", "01a249dc-9bf4-73cb-af44-93e4bbc23efc");
        let sealed = c.seal_text(&p, "{}").unwrap();
        for other in [
            Place::new("records", "payload", "01a249dc-9bf4-73cb-af44-93e4bbc23efd"),
            Place::new("records", "officer", p.row.clone()),
            Place::new("quarantine", "payload", p.row.clone()),
        ] {
            assert!(matches!(
                c.open_text(&other, &sealed),
                Err(StoreError::Undecryptable {
                    problem: ValueProblem::DoesNotDecrypt { key_id: 1 },
                    ..
                })
            ));
        }
        let mut flipped = sealed.clone().into_bytes();
        let last = flipped.len() - 2;
        flipped[last] = if flipped[last] == b'A' { b'B' } else { b'A' };
        let flipped = String::from_utf8(flipped).unwrap();
        assert!(c.open_text(&p, &flipped).is_err());
        assert!(matches!(
            c.open_text(&p, "{}"),
            Err(StoreError::Undecryptable {
                problem: ValueProblem::NotEncrypted,
                ..
            })
        ));
        assert!(matches!(
            c.open_text(&p, &sealed.replacen("zc1.1.", "zc1.7.", 1)),
            Err(StoreError::Undecryptable {
                problem: ValueProblem::UnknownKey { key_id: 7 },
                ..
            })
        ));
        let other_keys = cipher();
        assert!(other_keys.open_text(&p, &sealed).is_err());
    }
}
