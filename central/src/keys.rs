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
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chrono::{DateTime, Utc};
use ring::aead::{AES_256_GCM, LessSafeKey, UnboundKey};
use ring::hkdf;
use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

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

/// Where the central key comes from.
#[derive(Clone)]
pub enum KeySource {
    /// A key file (`--key-file`, `ZASTITA_CENTRAL_KEY_FILE`).
    File(PathBuf),
    /// The key file's text, from `ZASTITA_CENTRAL_KEY`.
    Env(Zeroizing<String>),
    /// `$CREDENTIALS_DIRECTORY/zastita-central-key` (systemd).
    Credential(PathBuf),
}

impl std::fmt::Debug for KeySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl KeySource {
    /// The one source given: `key_file` (the flag or its variable), `env_text` (the key file's
    /// text), or a systemd credentials directory holding [`CREDENTIAL`]. None, or more than one,
    /// is an error.
    pub fn choose(
        key_file: Option<PathBuf>,
        env_text: Option<String>,
        credentials_dir: Option<PathBuf>,
    ) -> Result<KeySource, KeyError> {
        let credential = credentials_dir
            .map(|d| d.join(CREDENTIAL))
            .filter(|p| p.exists());
        let mut given: Vec<KeySource> = Vec::new();
        if let Some(p) = key_file {
            given.push(KeySource::File(p));
        }
        if let Some(t) = env_text.filter(|t| !t.trim().is_empty()) {
            given.push(KeySource::Env(Zeroizing::new(t)));
        }
        if let Some(p) = credential {
            given.push(KeySource::Credential(p));
        }
        match given.len() {
            0 => Err(KeyError::Missing),
            1 => Ok(given.remove(0)),
            _ => Err(KeyError::Ambiguous(
                given
                    .iter()
                    .map(KeySource::describe)
                    .collect::<Vec<_>>()
                    .join(", "),
            )),
        }
    }

    /// The source as this process's environment gives it, with `key_file` from the command line.
    pub fn from_process(key_file: Option<PathBuf>) -> Result<KeySource, KeyError> {
        KeySource::choose(
            key_file,
            std::env::var(ENV_KEY).ok(),
            std::env::var_os("CREDENTIALS_DIRECTORY").map(PathBuf::from),
        )
    }

    /// Where the key comes from, for messages (never the key).
    pub fn describe(&self) -> String {
        match self {
            KeySource::File(p) => format!("the key file {}", p.display()),
            KeySource::Env(_) => format!("the environment variable {ENV_KEY}"),
            KeySource::Credential(p) => format!("the systemd credential {}", p.display()),
        }
    }

    /// The file the key is read from, if any.
    pub fn path(&self) -> Option<&Path> {
        match self {
            KeySource::File(p) | KeySource::Credential(p) => Some(p),
            KeySource::Env(_) => None,
        }
    }

    /// Read the key set.
    pub fn read(&self) -> Result<KeySet, KeyError> {
        match self {
            KeySource::Env(text) => KeySet::parse(text, ENV_KEY),
            KeySource::File(p) | KeySource::Credential(p) => {
                check_private(p)?;
                let text =
                    Zeroizing::new(std::fs::read_to_string(p).map_err(|error| KeyError::Io {
                        path: p.clone(),
                        error,
                    })?);
                KeySet::parse(&text, &p.display().to_string())
            }
        }
    }
}

/// Refuse a key file others may read.
fn check_private(path: &Path) -> Result<(), KeyError> {
    let meta = std::fs::metadata(path).map_err(|error| KeyError::Io {
        path: path.to_owned(),
        error,
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(KeyError::TooOpen {
                path: path.to_owned(),
                mode,
            });
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    Ok(())
}

/// Refuse a key file inside the data directory (or a data directory inside the key file's
/// directory tree under the same name): the two must never travel together. `data` need not
/// exist yet; `key`'s directory must.
pub fn check_outside(data: &Path, key: &Path) -> Result<(), KeyError> {
    let absolute = |p: &Path| -> PathBuf {
        std::fs::canonicalize(p).unwrap_or_else(|_| {
            if p.is_absolute() {
                p.to_owned()
            } else {
                std::env::current_dir()
                    .map(|d| d.join(p))
                    .unwrap_or_else(|_| p.to_owned())
            }
        })
    };
    let data_abs = absolute(data);
    let key_abs = match (key.parent(), key.file_name()) {
        (Some(dir), Some(name)) if !dir.as_os_str().is_empty() => absolute(dir).join(name),
        _ => absolute(key),
    };
    if key_abs.starts_with(&data_abs) {
        return Err(KeyError::InsideDataDir {
            key: key.to_owned(),
            data: data.to_owned(),
        });
    }
    Ok(())
}

/// Write a new key file at `path` (mode 0600; never over an existing file), fsynced.
pub fn write_new(path: &Path, set: &KeySet) -> Result<(), KeyError> {
    let wr = |error| KeyError::Write {
        path: path.to_owned(),
        error,
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            KeyError::Exists(path.to_owned())
        } else {
            wr(e)
        }
    })?;
    f.write_all(set.to_text().as_bytes()).map_err(wr)?;
    f.sync_all().map_err(wr)?;
    sync_parent(path).map_err(wr)
}

/// Replace the key file at `path` atomically (a private temporary file, fsynced, renamed over),
/// so a server reading it meanwhile sees the old set or the new, never half of one.
pub fn replace(path: &Path, set: &KeySet) -> Result<(), KeyError> {
    let wr = |error| KeyError::Write {
        path: path.to_owned(),
        error,
    };
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(".new");
    let tmp = path.with_file_name(tmp_name);
    let _ = std::fs::remove_file(&tmp);
    write_new(&tmp, set)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        wr(e)
    })?;
    sync_parent(path).map_err(wr)
}

fn sync_parent(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// How a file looked when it was read (a changed one is read again).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    #[cfg(unix)]
    inode: u64,
}

fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    Some(Stamp {
        len: m.len(),
        modified: m.modified().ok(),
        #[cfg(unix)]
        inode: std::os::unix::fs::MetadataExt::ino(&m),
    })
}

/// A key set with its derived column keys, as read at one moment.
pub struct Loaded {
    set: KeySet,
    columns: BTreeMap<u32, LessSafeKey>,
}

impl Loaded {
    fn new(set: KeySet) -> Loaded {
        let columns = set
            .ids()
            .into_iter()
            .filter_map(|id| set.column_key(id).map(|k| (id, k)))
            .collect();
        Loaded { set, columns }
    }

    pub fn set(&self) -> &KeySet {
        &self.set
    }

    pub fn current(&self) -> u32 {
        self.set.current
    }

    /// The column key `id`, if this set holds it.
    pub fn column_key(&self, id: u32) -> Option<&LessSafeKey> {
        self.columns.get(&id)
    }
}

/// The central key as a running process holds it: the set read from its source, read again when
/// the file changes (checked at most every [`RECHECK`], or at once for a key id it lacks).
pub struct CentralKeys {
    source: Option<KeySource>,
    state: RwLock<(Arc<Loaded>, Option<Stamp>)>,
    checked: Mutex<Instant>,
    plaintext: bool,
}

impl std::fmt::Debug for CentralKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CentralKeys")
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

impl CentralKeys {
    /// Read the key from `source`.
    pub fn load(source: KeySource) -> Result<Arc<CentralKeys>, KeyError> {
        let set = source.read()?;
        let stamp = source.path().and_then(stamp);
        Ok(Arc::new(CentralKeys {
            source: Some(source),
            state: RwLock::new((Arc::new(Loaded::new(set)), stamp)),
            checked: Mutex::new(Instant::now()),
            plaintext: false,
        }))
    }

    /// A key set held as given, never read again (tests, tools).
    pub fn fixed(set: KeySet) -> Arc<CentralKeys> {
        Arc::new(CentralKeys {
            source: None,
            state: RwLock::new((Arc::new(Loaded::new(set)), None)),
            checked: Mutex::new(Instant::now()),
            plaintext: false,
        })
    }

    /// **Benchmark only** (cargo feature `bench`, never in a station's build): keys that encrypt
    /// nothing — column values stored as they are and an SQLite file without SQLCipher — so the
    /// sync bench can report what encryption costs in the same run.
    #[cfg(feature = "bench")]
    #[doc(hidden)]
    pub fn bench_plaintext(set: KeySet) -> Arc<CentralKeys> {
        Arc::new(CentralKeys {
            source: None,
            state: RwLock::new((Arc::new(Loaded::new(set)), None)),
            checked: Mutex::new(Instant::now()),
            plaintext: true,
        })
    }

    /// Whether this is the bench's plaintext twin (never true outside the `bench` feature).
    pub fn plaintext(&self) -> bool {
        self.plaintext
    }

    /// Where the key came from (`None`: given by a test or tool).
    pub fn source(&self) -> Option<&KeySource> {
        self.source.as_ref()
    }

    fn loaded(&self) -> Arc<Loaded> {
        match self.state.read() {
            Ok(s) => s.0.clone(),
            Err(poisoned) => poisoned.into_inner().0.clone(),
        }
    }

    /// The keys now: the file is looked at again when [`RECHECK`] has passed since last time.
    pub fn now(&self) -> Arc<Loaded> {
        let due = match self.checked.lock() {
            Ok(mut at) if at.elapsed() >= RECHECK => {
                *at = Instant::now();
                true
            }
            _ => false,
        };
        if due {
            self.reload_if_changed();
        }
        self.loaded()
    }

    /// The keys, read again first if the file changed: for a value under a key id not held.
    pub fn refreshed(&self) -> Arc<Loaded> {
        self.reload_if_changed();
        self.loaded()
    }

    fn reload_if_changed(&self) {
        let Some(source) = &self.source else { return };
        let Some(path) = source.path() else { return };
        let now = stamp(path);
        let known = match self.state.read() {
            Ok(s) => s.1.clone(),
            Err(p) => p.into_inner().1.clone(),
        };
        if now.is_none() || now == known {
            return;
        }
        match source.read() {
            Ok(set) => {
                if let Ok(mut s) = self.state.write() {
                    *s = (Arc::new(Loaded::new(set)), now);
                }
                tracing::info!(source = %source.describe(), "central key file read again");
            }
            // Half-edited or briefly unreadable: keep the keys held, say so, try again later.
            Err(e) => tracing::warn!(error = %e, "the changed central key file cannot be used"),
        }
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

    #[test]
    fn exactly_one_source_is_taken() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            KeySource::choose(None, None, Some(dir.path().into())),
            Err(KeyError::Missing)
        ));
        std::fs::write(dir.path().join(CREDENTIAL), "x").unwrap();
        assert!(matches!(
            KeySource::choose(None, None, Some(dir.path().into())),
            Ok(KeySource::Credential(_))
        ));
        assert!(matches!(
            KeySource::choose(Some("k".into()), Some("{}".into()), None),
            Err(KeyError::Ambiguous(_))
        ));
        assert!(matches!(
            KeySource::choose(None, Some("{}".into()), None),
            Ok(KeySource::Env(_))
        ));
    }

    #[test]
    fn a_key_file_inside_the_data_directory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("central");
        assert!(check_outside(&data, &dir.path().join("central.key")).is_ok());
        assert!(check_outside(&data, &data.join("central.key")).is_err());
        assert!(check_outside(&data, &data.join("sub/central.key")).is_err());
        std::fs::create_dir(&data).unwrap();
        let via_dots = data.join("..").join("central").join("k");
        assert!(check_outside(&data, &via_dots).is_err());
    }
}
