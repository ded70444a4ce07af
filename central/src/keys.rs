//! The central key: what the central record's data at rest is encrypted under, kept **outside**
//! the data directory. This module owns the key file (its format, writing it 0600, refusing one
//! inside the data directory or readable by others), where the key comes from (a file named by
//! `--key-file` / `ZASTITA_CENTRAL_KEY_FILE`, the file's text in `ZASTITA_CENTRAL_KEY`, or the
//! systemd credential `zastita-central-key`), and the subkeys derived from it with HKDF-SHA256:
//! one for column encryption (`store::crypt`) and one for SQLCipher's pages (`store::sqlite`).
//!
//! A key file holds numbered keys, one of them current, so keys can rotate: new values are
//! written under the current key, older ones still read under theirs until `rotate-key`
//! re-encrypts them and the old key is retired. A running server notices a changed key file
//! (within [`RECHECK`], or at once when it meets a value under a key it does not hold).
//!
//! ```json
//! {"format": "zastita-central-key", "version": 1, "current": 2,
//!  "keys": [{"id": 1, "created_at": "…", "key": "<32 bytes, base64>"}, {"id": 2, …}]}
//! ```
//!
//! Nothing here ever prints or logs key material; a malformed file is described by line and
//! column, never by quoting it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chrono::{DateTime, Utc};
use ring::aead::{AES_256_GCM, LessSafeKey, UnboundKey};
use ring::hkdf;
use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

mod live;
mod source;

pub use live::{CentralKeys, Loaded};
pub use source::{KeySource, check_outside, replace, write_new};

/// Bytes in a key.
pub const KEY_LEN: usize = 32;
/// The environment variable naming the key file.
pub const ENV_KEY_FILE: &str = "ZASTITA_CENTRAL_KEY_FILE";
/// The environment variable holding the key file's text.
pub const ENV_KEY: &str = "ZASTITA_CENTRAL_KEY";
/// The systemd credential's name (`LoadCredential=zastita-central-key:/path`).
pub const CREDENTIAL: &str = "zastita-central-key";
/// How often a running server looks whether its key file changed.
pub const RECHECK: Duration = Duration::from_secs(2);

const FORMAT: &str = "zastita-central-key";
const VERSION: u32 = 1;
const HKDF_SALT: &[u8] = b"zastita-central key v1";
const COLUMNS_INFO: &[u8] = b"zastita-central columns AES-256-GCM";
const SQLCIPHER_INFO: &[u8] = b"zastita-central sqlcipher pages";

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(
        "no central key was given: name its file with --key-file PATH (or {ENV_KEY_FILE}), put the \
         file's text in {ENV_KEY}, or load it as the systemd credential `{CREDENTIAL}`; \
         `zastita-central init --key-file PATH` makes one"
    )]
    Missing,
    #[error("the central key is given more than once ({0}); give it one way only")]
    Ambiguous(String),
    #[error("cannot read the central key file {path}: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("cannot write the central key file {path}: {error}")]
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{0} already exists; a key file is never written over")]
    Exists(PathBuf),
    #[error("{place} is not a zastita-central key file: {why}")]
    Malformed { place: String, why: String },
    #[error(
        "the central key file {key} is inside the data directory {data}: keep it elsewhere (and a \
         copy offline), so that a copy of the data directory or of its backup does not carry its key"
    )]
    InsideDataDir { key: PathBuf, data: PathBuf },
    #[error(
        "the central key file {path} can be read by other users (mode {mode:03o}); chmod 600 it"
    )]
    TooOpen { path: PathBuf, mode: u32 },
    #[error("the key file holds no key {0}")]
    UnknownKey(u32),
    #[error("key {0} is the current key; rotate to a new one before retiring it")]
    RetireCurrent(u32),
    #[error(
        "the central key comes from {0}, which cannot be rewritten here: write the new key file \
         elsewhere with --out PATH, install it there, and restart serve"
    )]
    ReadOnlySource(String),
    #[error("the system gave no randomness for a key")]
    Random,
}

/// One key of a key file.
struct Key {
    secret: Zeroizing<[u8; KEY_LEN]>,
    created_at: DateTime<Utc>,
}

/// A key file's contents: numbered keys and the current one.
pub struct KeySet {
    current: u32,
    keys: BTreeMap<u32, Key>,
}

impl std::fmt::Debug for KeySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeySet")
            .field("current", &self.current)
            .field("ids", &self.ids())
            .finish_non_exhaustive()
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileKey {
    id: u32,
    created_at: DateTime<Utc>,
    key: String,
}

impl Drop for FileKey {
    fn drop(&mut self) {
        self.key.zeroize();
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    format: String,
    version: u32,
    current: u32,
    keys: Vec<FileKey>,
}

fn random_key() -> Result<Zeroizing<[u8; KEY_LEN]>, KeyError> {
    let mut k = Zeroizing::new([0u8; KEY_LEN]);
    SystemRandom::new()
        .fill(k.as_mut())
        .map_err(|_| KeyError::Random)?;
    Ok(k)
}

/// HKDF's output length for a raw 32-byte key.
struct Raw32;

impl hkdf::KeyType for Raw32 {
    fn len(&self) -> usize {
        KEY_LEN
    }
}

impl KeySet {
    /// A new key set: key 1, current.
    pub fn generate(now: DateTime<Utc>) -> Result<KeySet, KeyError> {
        let mut keys = BTreeMap::new();
        keys.insert(
            1,
            Key {
                secret: random_key()?,
                created_at: now,
            },
        );
        Ok(KeySet { current: 1, keys })
    }

    /// Read a key file's text; `place` names where it came from, for the error.
    pub fn parse(text: &str, place: &str) -> Result<KeySet, KeyError> {
        let bad = |why: String| KeyError::Malformed {
            place: place.to_owned(),
            why,
        };
        // serde_json's messages may quote the text; only its position is passed on.
        let file: File = serde_json::from_str(text).map_err(|e| {
            bad(format!(
                "{} at line {}, column {}",
                match e.classify() {
                    serde_json::error::Category::Io => "unreadable",
                    serde_json::error::Category::Syntax => "not JSON",
                    serde_json::error::Category::Data => "a field is missing or of the wrong kind",
                    serde_json::error::Category::Eof => "cut short",
                },
                e.line(),
                e.column()
            ))
        })?;
        if file.format != FORMAT || file.version != VERSION {
            return Err(bad(format!(
                "it should say \"format\": \"{FORMAT}\", \"version\": {VERSION}"
            )));
        }
        let mut keys = BTreeMap::new();
        for k in &file.keys {
            if k.id == 0 {
                return Err(bad("key ids start at 1".into()));
            }
            let mut bytes = Zeroizing::new(
                B64.decode(k.key.as_bytes())
                    .map_err(|_| bad(format!("key {} is not base64", k.id)))?,
            );
            if bytes.len() != KEY_LEN {
                return Err(bad(format!("key {} is not {KEY_LEN} bytes", k.id)));
            }
            let mut secret = Zeroizing::new([0u8; KEY_LEN]);
            secret.copy_from_slice(&bytes);
            bytes.zeroize();
            if keys
                .insert(
                    k.id,
                    Key {
                        secret,
                        created_at: k.created_at,
                    },
                )
                .is_some()
            {
                return Err(bad(format!("key {} appears twice", k.id)));
            }
        }
        if !keys.contains_key(&file.current) {
            return Err(bad(format!(
                "the current key {} is not among its keys",
                file.current
            )));
        }
        Ok(KeySet {
            current: file.current,
            keys,
        })
    }

    /// The key file's text.
    pub fn to_text(&self) -> Zeroizing<String> {
        let file = File {
            format: FORMAT.into(),
            version: VERSION,
            current: self.current,
            keys: self
                .keys
                .iter()
                .map(|(id, k)| FileKey {
                    id: *id,
                    created_at: k.created_at,
                    key: B64.encode(k.secret.as_ref()),
                })
                .collect(),
        };
        let mut text = Zeroizing::new(serde_json::to_string_pretty(&file).unwrap_or_default());
        text.push('\n');
        text
    }

    /// The key new values are written under.
    pub fn current(&self) -> u32 {
        self.current
    }

    /// Every key id, oldest first.
    pub fn ids(&self) -> Vec<u32> {
        self.keys.keys().copied().collect()
    }

    pub fn contains(&self, id: u32) -> bool {
        self.keys.contains_key(&id)
    }

    /// Add a new key and make it current; its id.
    pub fn add_current(&mut self, now: DateTime<Utc>) -> Result<u32, KeyError> {
        let id = self.keys.keys().next_back().map_or(1, |m| m + 1);
        self.keys.insert(
            id,
            Key {
                secret: random_key()?,
                created_at: now,
            },
        );
        self.current = id;
        Ok(id)
    }

    /// Take a key out of the set (the caller checks nothing uses it any more).
    pub fn retire(&mut self, id: u32) -> Result<(), KeyError> {
        if id == self.current {
            return Err(KeyError::RetireCurrent(id));
        }
        self.keys
            .remove(&id)
            .map(drop)
            .ok_or(KeyError::UnknownKey(id))
    }

    /// HKDF-SHA256's pseudorandom key from key `id`.
    fn prk(&self, id: u32) -> Option<hkdf::Prk> {
        let key = self.keys.get(&id)?;
        Some(hkdf::Salt::new(hkdf::HKDF_SHA256, HKDF_SALT).extract(key.secret.as_ref()))
    }

    /// The AES-256-GCM key for column values under key `id`.
    pub fn column_key(&self, id: u32) -> Option<LessSafeKey> {
        let prk = self.prk(id)?;
        let okm = prk.expand(&[COLUMNS_INFO], &AES_256_GCM).ok()?;
        Some(LessSafeKey::new(UnboundKey::from(okm)))
    }

    /// SQLCipher's raw page key under key `id`, as the `PRAGMA key` literal `x'…'`.
    pub fn sqlcipher_key(&self, id: u32) -> Option<Zeroizing<String>> {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut raw = Zeroizing::new([0u8; KEY_LEN]);
        self.prk(id)?
            .expand(&[SQLCIPHER_INFO], Raw32)
            .ok()?
            .fill(raw.as_mut())
            .ok()?;
        let mut s = Zeroizing::new(String::with_capacity(3 + 2 * KEY_LEN));
        s.push_str("x'");
        for b in raw.iter() {
            s.push(char::from(HEX[usize::from(b >> 4)]));
            s.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
        s.push('\'');
        Some(s)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_key_file_round_trips_and_rotates() {
        let mut set = KeySet::generate(Utc::now()).unwrap();
        assert_eq!((set.current(), set.ids()), (1, vec![1]));
        let two = set.add_current(Utc::now()).unwrap();
        assert_eq!((two, set.current()), (2, 2));
        let back = KeySet::parse(&set.to_text(), "test").unwrap();
        assert_eq!(back.ids(), vec![1, 2]);
        assert_eq!(back.current(), 2);
        assert_eq!(back.sqlcipher_key(1), set.sqlcipher_key(1));
        assert_ne!(back.sqlcipher_key(1), back.sqlcipher_key(2));
        assert!(matches!(set.retire(2), Err(KeyError::RetireCurrent(2))));
        set.retire(1).unwrap();
        assert!(matches!(set.retire(1), Err(KeyError::UnknownKey(1))));
        assert_eq!(set.ids(), vec![2]);
    }

    #[test]
    fn a_malformed_key_file_is_refused_without_quoting_it() {
        let secret = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=";
        for text in [
            "not json".to_owned(),
            format!(
                r#"{{"format":"zastita-central-key","version":1,"current":"{secret}","keys":[]}}"#
            ),
            format!(
                r#"{{"format":"zastita-central-key","version":1,"current":1,"keys":[{{"id":1,"created_at":"2026-01-01T00:00:00Z","key":"{secret}x"}}]}}"#
            ),
            r#"{"format":"zastita-central-key","version":1,"current":2,"keys":[]}"#.to_owned(),
            r#"{"format":"other","version":1,"current":1,"keys":[]}"#.to_owned(),
        ] {
            let e = KeySet::parse(&text, "k").unwrap_err().to_string();
            assert!(e.starts_with("k is not a zastita-central key file"), "{e}");
            assert!(!e.contains(secret) && !e.contains("c2Vj"), "{e}");
        }
    }
}
