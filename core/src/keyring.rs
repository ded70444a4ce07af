//! The keyring: `keyring.json` in the store directory, the only file Zaštita keeps outside the
//! encrypted database.
//!
//! Owns that file's format (`zastita-keyring`, version 1), its durable atomic rewrite, the wipe of
//! key material, and the unlock policy (lock-out after repeated wrong passphrases, then wipe). It
//! holds each enrolled officer's [`WrappedKey`], the persisted unlock counters (so restarting the
//! app does not reset a lock-out) and security events that happened while the store was locked,
//! which the next unlock moves into the encrypted audit log.
//!
//! **Invariant:** nothing personal is stored here. Badge numbers are service numbers; officers'
//! names and everything about cases live in the encrypted database.

use crate::domain::ids::Badge;
use crate::fsutil;
use crate::keys::WrappedKey;
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use std::fs::{self, OpenOptions};
use std::io::{self, ErrorKind, Write};
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// File name of the keyring inside the store directory.
pub const KEYRING_FILE_NAME: &str = "keyring.json";
/// The `format` marker of a keyring file.
pub const FORMAT: &str = "zastita-keyring";
/// The `format_version` this code writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;

/// What went wrong with the keyring file. Messages say what to do; none contains key material.
#[derive(Debug, thiserror::Error)]
pub enum KeyringError {
    #[error("no Zaštita store in {} — run `zastita init` first", dir.display())]
    NotFound { dir: PathBuf },
    #[error(
        "there is already a Zaštita store in {} — open it, or choose an empty directory",
        dir.display()
    )]
    AlreadyExists { dir: PathBuf },
    #[error(
        "the key file {} is damaged ({reason}), so this store cannot be opened — do not delete \
         anything; contact station IT support",
        path.display()
    )]
    Corrupt { path: PathBuf, reason: String },
    #[error(
        "the key file {} was written by a newer version of Zaštita (format {found}; this app \
         reads up to {FORMAT_VERSION}) — update the app",
        path.display()
    )]
    UnsupportedVersion { path: PathBuf, found: u64 },
    #[error(
        "cannot write to {}: the storage is read-only or access is denied — check the device's \
         storage, then try again",
        dir.display()
    )]
    ReadOnly { dir: PathBuf },
    #[error(
        "the device storage is full, so the key file in {} could not be saved — free some space, \
         then try again",
        dir.display()
    )]
    DiskFull { dir: PathBuf },
    #[error(
        "could not {action} {}: {error} — try again; if it keeps failing, contact station IT \
         support",
        path.display()
    )]
    Io {
        action: &'static str,
        path: PathBuf,
        error: io::Error,
    },
}

/// The contents of `keyring.json`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct KeyringFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`FORMAT_VERSION`] when written by this code.
    pub format_version: u32,
    pub device_id: Uuid,
    /// One wrap of the database key per enrolled officer.
    pub officers: Vec<OfficerKey>,
    /// Consecutive wrong passphrases and any lock-out, persisted across restarts.
    pub unlock: UnlockState,
    /// Security events that happened while locked; the next unlock moves them into the encrypted
    /// audit log and clears this list.
    pub pending_events: Vec<PendingEvent>,
    /// When the key material was destroyed; a wiped keyring has no officers and cannot unlock.
    pub wiped_at: Option<DateTime<Utc>>,
}

impl KeyringFile {
    /// An empty keyring for a new device.
    pub fn new(device_id: Uuid) -> KeyringFile {
        KeyringFile {
            format: FORMAT.to_owned(),
            format_version: FORMAT_VERSION,
            device_id,
            officers: Vec::new(),
            unlock: UnlockState::default(),
            pending_events: Vec::new(),
            wiped_at: None,
        }
    }
}

/// One officer's wrap of the database key.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct OfficerKey {
    pub badge: Badge,
    pub wrapped: WrappedKey,
    pub added_at: DateTime<Utc>,
}

/// A security event recorded while the store was locked (and the audit log unreachable).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct PendingEvent {
    pub at: DateTime<Utc>,
    /// The badge number that was typed, if it was a valid one.
    pub badge: Option<Badge>,
    pub kind: PendingEventKind,
}

/// What happened; serialized as `{"type": "failed_unlock", ...}`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PendingEventKind {
    /// A wrong passphrase (or a badge number not enrolled here).
    FailedUnlock,
    /// Unlocking was refused until `until` after too many wrong passphrases.
    LockedOut { until: DateTime<Utc> },
}

/// The keyring of one store directory, loaded into memory. It holds no secrets, so it may be
/// cloned; but each clone saves its own view, so keep one authoritative copy at a time (the last
/// save wins).
#[derive(Debug, Clone)]
pub struct Keyring {
    dir: PathBuf,
    path: PathBuf,
    file: KeyringFile,
}

impl Keyring {
    /// Create `keyring.json` for a new store in `dir` (creating `dir` if needed), with `init`
    /// applied before the first write, so the file appears complete (e.g. with the first
    /// officer's wrap) or not at all. Fails with [`KeyringError::AlreadyExists`] if the
    /// directory already has a keyring. (Check-then-write: two processes creating the same store
    /// at the same instant are not guarded against; one device runs one app.)
    pub fn create(
        dir: &Path,
        device_id: Uuid,
        init: impl FnOnce(&mut KeyringFile),
    ) -> Result<Keyring, KeyringError> {
        fs::create_dir_all(dir).map_err(|e| io_error("create", dir, dir, e))?;
        let path = dir.join(KEYRING_FILE_NAME);
        match fs::symlink_metadata(&path) {
            Ok(_) => {
                return Err(KeyringError::AlreadyExists {
                    dir: dir.to_path_buf(),
                });
            }
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return Err(io_error("check", &path, dir, e)),
        }
        let mut file = KeyringFile::new(device_id);
        init(&mut file);
        write_atomic(dir, &path, &file).map_err(WriteError::into_inner)?;
        Ok(Keyring {
            dir: dir.to_path_buf(),
            path,
            file,
        })
    }

    /// Load the keyring of the store in `dir`.
    pub fn load(dir: &Path) -> Result<Keyring, KeyringError> {
        let path = dir.join(KEYRING_FILE_NAME);
        let bytes = fs::read(&path).map_err(|e| match e.kind() {
            ErrorKind::NotFound => KeyringError::NotFound {
                dir: dir.to_path_buf(),
            },
            // Not `io_error`: a read failure is not a write problem.
            _ => KeyringError::Io {
                action: "read",
                path: path.clone(),
                error: e,
            },
        })?;
        let file = parse(&path, &bytes)?;
        Ok(Keyring {
            dir: dir.to_path_buf(),
            path,
            file,
        })
    }

    /// Whether `dir` has a keyring (i.e. holds a Zaštita store).
    pub fn exists(dir: &Path) -> bool {
        dir.join(KEYRING_FILE_NAME).exists()
    }

    pub fn file(&self) -> &KeyringFile {
        &self.file
    }

    /// Path of `keyring.json`.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The wrap of the officer with this badge number, if enrolled.
    pub fn officer(&self, badge: &Badge) -> Option<&OfficerKey> {
        self.file.officers.iter().find(|o| &o.badge == badge)
    }

    pub fn is_wiped(&self) -> bool {
        self.file.wiped_at.is_some()
    }

    /// Apply `change` to a copy of the keyring and write it durably and atomically: write
    /// `keyring.json.tmp`, fsync it, rename it over `keyring.json`, fsync the directory.
    ///
    /// If writing or renaming fails (storage full, read-only, …) nothing changes, on disk or in
    /// memory. The one exception is the final directory fsync: by then the new file is in place,
    /// so memory follows it and the error only says durability is uncertain.
    pub fn save(&mut self, change: impl FnOnce(&mut KeyringFile)) -> Result<(), KeyringError> {
        let mut next = self.file.clone();
        change(&mut next);
        let result = write_atomic(&self.dir, &self.path, &next);
        if !matches!(result, Err(WriteError::BeforeRename(_))) {
            self.file = next;
        }
        result.map_err(WriteError::into_inner)
    }

    /// Destroy all key material: overwrite the current file's bytes in place with zeros and
    /// fsync, then atomically write the wiped keyring (no officers, `wiped_at` set; the unlock
    /// counters and pending events are kept).
    ///
    /// Without a wrap of the database key, the encrypted database cannot be read by anyone,
    /// whatever passphrase they know. Honest limits: flash storage remaps blocks (wear
    /// levelling, copy-on-write file systems, journals), so old copies of the file — including
    /// earlier versions replaced by [`save`](Self::save) — may survive physically until
    /// overwritten; recovering them needs the chip itself and still needs a passphrase.
    ///
    /// Fails closed: even if the disk write fails, the in-memory keyring has already forgotten
    /// every wrap, so this process cannot unlock again, and the next successful save completes
    /// the wipe. A crash between the two steps leaves an all-zero file, which loads as
    /// [`KeyringError::Corrupt`] ("wiped").
    pub fn wipe(&mut self, now: DateTime<Utc>) -> Result<(), KeyringError> {
        let mut wiped = self.file.clone();
        wiped.officers.clear();
        wiped.wiped_at = Some(wiped.wiped_at.unwrap_or(now));
        self.file = wiped;
        overwrite_with_zeros(&self.path).map_err(|e| io_error("wipe", &self.path, &self.dir, e))?;
        write_atomic(&self.dir, &self.path, &self.file).map_err(WriteError::into_inner)
    }
}

impl KeyringError {
    /// Classify an I/O error on the store directory `dir`: read-only or denied →
    /// [`ReadOnly`](Self::ReadOnly), storage full → [`DiskFull`](Self::DiskFull), else
    /// [`Io`](Self::Io).
    pub fn from_io(error: io::Error, dir: &Path) -> KeyringError {
        io_error("write to", dir, dir, error)
    }
}

fn parse(path: &Path, bytes: &[u8]) -> Result<KeyringFile, KeyringError> {
    let corrupt = |reason: String| KeyringError::Corrupt {
        path: path.to_path_buf(),
        reason,
    };
    if !bytes.is_empty() && bytes.iter().all(|b| *b == 0) {
        return Err(corrupt(
            "it was overwritten by a wipe; the keys on this device are destroyed".to_owned(),
        ));
    }
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| corrupt(format!("not valid JSON: {e}")))?;
    if value.get("format").and_then(serde_json::Value::as_str) != Some(FORMAT) {
        return Err(corrupt("it is not a Zaštita key file".to_owned()));
    }
    match value
        .get("format_version")
        .and_then(serde_json::Value::as_u64)
    {
        Some(v) if v == u64::from(FORMAT_VERSION) => {}
        Some(v) if v > u64::from(FORMAT_VERSION) => {
            return Err(KeyringError::UnsupportedVersion {
                path: path.to_path_buf(),
                found: v,
            });
        }
        _ => return Err(corrupt("unknown format version".to_owned())),
    }
    serde_json::from_value(value).map_err(|e| corrupt(e.to_string()))
}

/// A failed atomic write, split by whether the new file had already replaced the old one.
enum WriteError {
    BeforeRename(KeyringError),
    AfterRename(KeyringError),
}

impl WriteError {
    fn into_inner(self) -> KeyringError {
        match self {
            WriteError::BeforeRename(e) | WriteError::AfterRename(e) => e,
        }
    }
}

fn write_atomic(dir: &Path, path: &Path, file: &KeyringFile) -> Result<(), WriteError> {
    let mut bytes = serde_json::to_vec_pretty(file).map_err(|e| {
        WriteError::BeforeRename(io_error("encode", path, dir, io::Error::other(e)))
    })?;
    bytes.push(b'\n');
    fsutil::write_atomic(dir, KEYRING_FILE_NAME, &bytes, fsutil::PRIVATE).map_err(|e| {
        let action = match e.step {
            fsutil::Step::Write => "write",
            fsutil::Step::Replace => "replace",
            fsutil::Step::Sync => "sync",
        };
        let replaced = e.replaced();
        let err = io_error(action, &e.path, dir, e.source);
        if replaced {
            WriteError::AfterRename(err)
        } else {
            WriteError::BeforeRename(err)
        }
    })
}

/// Overwrite the file's current bytes with zeros in place (same inode, same length) and fsync.
/// A missing file has nothing to overwrite.
fn overwrite_with_zeros(path: &Path) -> io::Result<()> {
    let mut f = match OpenOptions::new().write(true).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    let len = usize::try_from(f.metadata()?.len()).map_err(io::Error::other)?;
    f.write_all(&vec![0u8; len])?;
    f.sync_all()
}

fn io_error(action: &'static str, path: &Path, dir: &Path, error: io::Error) -> KeyringError {
    match error.kind() {
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => KeyringError::ReadOnly {
            dir: dir.to_path_buf(),
        },
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => KeyringError::DiskFull {
            dir: dir.to_path_buf(),
        },
        _ => KeyringError::Io {
            action,
            path: path.to_path_buf(),
            error,
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Unlock policy

/// When repeated wrong passphrases lock the device and when they destroy its keys.
///
/// With the defaults: failures 1–4 may retry at once; the 5th locks for 10 minutes; each later
/// failure (possible only once the lock has expired) locks for twice as long as the one before
/// (20, 40, 80, 160 minutes); from the 7th on the officer is warned how many attempts remain; the
/// 10th destroys the key material. `wipe_after` is the hard limit that does not depend on the
/// device clock (which a thief can change).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnlockPolicy {
    /// Consecutive failures that trigger the first lock-out.
    pub lock_after: u32,
    /// Length of the first lock-out; each further failure doubles it.
    pub first_lock: TimeDelta,
    /// From this many failures on, tell the officer how many attempts remain before the wipe.
    pub warn_from: u32,
    /// Consecutive failures that destroy the key material.
    pub wipe_after: u32,
}

impl Default for UnlockPolicy {
    fn default() -> Self {
        UnlockPolicy {
            lock_after: 5,
            first_lock: TimeDelta::minutes(10),
            warn_from: 7,
            wipe_after: 10,
        }
    }
}

impl UnlockPolicy {
    /// How long the lock after the `failures`-th consecutive failure lasts (zero before
    /// `lock_after`). Saturates instead of overflowing.
    pub fn lock_duration(&self, failures: u32) -> TimeDelta {
        let Some(doublings) = failures.checked_sub(self.lock_after) else {
            return TimeDelta::zero();
        };
        let first = self.first_lock.max(TimeDelta::zero());
        2i32.checked_pow(doublings)
            .and_then(|factor| first.checked_mul(factor))
            .unwrap_or(TimeDelta::MAX)
    }
}

/// Persisted unlock counters.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct UnlockState {
    pub consecutive_failures: u32,
    pub locked_until: Option<DateTime<Utc>>,
}

/// Unlocking is refused until `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "too many wrong passphrases: unlocking is refused until {} UTC — wait, then try again",
    until.format("%Y-%m-%d %H:%M")
)]
pub struct LockedOut {
    pub until: DateTime<Utc>,
}

/// What a wrong passphrase leads to.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum FailureOutcome {
    /// The officer may try again now.
    TryAgain {
        failures: u32,
        attempts_before_lock: u32,
        /// `Some` once failures reach the policy's `warn_from`.
        attempts_before_wipe: Option<u32>,
    },
    /// Unlocking is refused until `until`.
    LockedOut {
        until: DateTime<Utc>,
        attempts_before_wipe: Option<u32>,
    },
    /// Destroy the key material now ([`Keyring::wipe`]).
    Wipe,
}

impl UnlockState {
    /// Whether an unlock attempt may be evaluated at `now`. Call it before checking a
    /// passphrase; a refused attempt is not a failure.
    pub fn check(&self, now: DateTime<Utc>) -> Result<(), LockedOut> {
        match self.locked_until {
            Some(until) if now < until => Err(LockedOut { until }),
            _ => Ok(()),
        }
    }

    /// Count a wrong passphrase at `now` and say what follows. The count only grows; a failure
    /// recorded during a lock-out (which [`check`](Self::check) should have refused) still
    /// counts and never shortens the lock.
    pub fn record_failure(&mut self, policy: &UnlockPolicy, now: DateTime<Utc>) -> FailureOutcome {
        self.consecutive_failures = self.consecutive_failures.saturating_add(1);
        let failures = self.consecutive_failures;
        if failures >= policy.wipe_after {
            return FailureOutcome::Wipe;
        }
        let attempts_before_wipe = self.attempts_before_wipe(policy);
        if failures >= policy.lock_after {
            let new_until = now
                .checked_add_signed(policy.lock_duration(failures))
                .unwrap_or(DateTime::<Utc>::MAX_UTC);
            let until = self.locked_until.map_or(new_until, |u| u.max(new_until));
            self.locked_until = Some(until);
            return FailureOutcome::LockedOut {
                until,
                attempts_before_wipe,
            };
        }
        FailureOutcome::TryAgain {
            failures,
            attempts_before_lock: policy.lock_after - failures,
            attempts_before_wipe,
        }
    }

    /// A correct passphrase: forget all failures and any lock.
    pub fn record_success(&mut self) {
        *self = UnlockState::default();
    }

    /// Whether the failures recorded so far already call for a wipe — e.g. when the failure was
    /// counted before the passphrase was checked and the app was stopped before it could wipe.
    pub fn must_wipe(&self, policy: &UnlockPolicy) -> bool {
        self.consecutive_failures >= policy.wipe_after
    }

    /// Attempts left before the wipe, once failures have reached `warn_from`; `None` before.
    pub fn attempts_before_wipe(&self, policy: &UnlockPolicy) -> Option<u32> {
        (self.consecutive_failures >= policy.warn_from)
            .then(|| policy.wipe_after.saturating_sub(self.consecutive_failures))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::keys::{self, DataKey, KdfCost, Passphrase};
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use proptest::prelude::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn badge(s: &str) -> Badge {
        Badge::parse(s).unwrap()
    }

    fn officer(b: &str) -> OfficerKey {
        let dek = DataKey::generate().unwrap();
        let wrapped = keys::wrap(
            &dek,
            &Passphrase::new("konj-trči-brzo".to_owned()),
            &badge(b),
            &KdfCost::TEST_ONLY_FAST,
        )
        .unwrap();
        OfficerKey {
            badge: badge(b),
            wrapped,
            added_at: t("2025-03-01T08:00:00Z"),
        }
    }

    fn keyring_with_officer(dir: &Path) -> Keyring {
        let mut k = Keyring::create(dir, Uuid::now_v7(), |_| {}).unwrap();
        k.save(|f| f.officers.push(officer("NS-1234"))).unwrap();
        k
    }

    // ---- File

    #[test]
    fn create_then_load_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store");
        let device = Uuid::now_v7();
        let mut k = Keyring::create(&store, device, |_| {}).unwrap();
        assert_eq!(k.file(), &KeyringFile::new(device));
        k.save(|f| {
            f.officers.push(officer("NS-1234"));
            f.unlock.consecutive_failures = 2;
            f.pending_events.push(PendingEvent {
                at: t("2025-03-01T09:00:00Z"),
                badge: Some(badge("NS-1234")),
                kind: PendingEventKind::FailedUnlock,
            });
            f.pending_events.push(PendingEvent {
                at: t("2025-03-01T09:01:00Z"),
                badge: None,
                kind: PendingEventKind::LockedOut {
                    until: t("2025-03-01T09:11:00Z"),
                },
            });
        })
        .unwrap();
        let loaded = Keyring::load(&store).unwrap();
        assert_eq!(loaded.file(), k.file());
        assert_eq!(loaded.file().device_id, device);
        assert!(loaded.officer(&badge("ns-1234")).is_some());
        assert!(loaded.officer(&badge("NS-1235")).is_none());
        assert!(!loaded.is_wiped());
        assert!(
            !fsutil::tmp_path(&store, KEYRING_FILE_NAME).exists(),
            "no temporary file left"
        );
    }

    #[test]
    fn file_shape_is_stable() {
        let mut f = KeyringFile::new(Uuid::nil());
        f.pending_events.push(PendingEvent {
            at: t("2025-03-01T09:00:00Z"),
            badge: Some(badge("NS-1234")),
            kind: PendingEventKind::LockedOut {
                until: t("2025-03-01T09:10:00Z"),
            },
        });
        let json = serde_json::to_value(&f).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "format": "zastita-keyring",
                "format_version": 1,
                "device_id": "00000000-0000-0000-0000-000000000000",
                "officers": [],
                "unlock": { "consecutive_failures": 0, "locked_until": null },
                "pending_events": [{
                    "at": "2025-03-01T09:00:00Z",
                    "badge": "NS-1234",
                    "kind": { "type": "locked_out", "until": "2025-03-01T09:10:00Z" }
                }],
                "wiped_at": null
            })
        );
    }

    #[test]
    fn create_refuses_an_existing_keyring() {
        let dir = tempfile::tempdir().unwrap();
        let first = Keyring::create(dir.path(), Uuid::now_v7(), |f| {
            f.officers.push(officer("NS-1234"));
        })
        .unwrap();
        let err = Keyring::create(dir.path(), Uuid::now_v7(), |_| {}).unwrap_err();
        assert!(matches!(err, KeyringError::AlreadyExists { .. }), "{err:?}");
        assert!(Keyring::exists(dir.path()));
        // The first keyring, written complete with its officer, is untouched.
        assert_eq!(Keyring::load(dir.path()).unwrap().file(), first.file());
        assert_eq!(first.file().officers.len(), 1);
    }

    #[test]
    fn load_without_a_store_says_to_init() {
        let dir = tempfile::tempdir().unwrap();
        let err = Keyring::load(dir.path()).unwrap_err();
        assert!(matches!(err, KeyringError::NotFound { .. }), "{err:?}");
        assert!(
            err.to_string().contains("run `zastita init` first"),
            "{err}"
        );
        assert!(!Keyring::exists(dir.path()));
    }

    #[test]
    fn damaged_files_are_reported() {
        let valid = serde_json::to_string(&KeyringFile::new(Uuid::nil())).unwrap();
        let cases: &[(&str, Vec<u8>, &str)] = &[
            ("empty", Vec::new(), "not valid JSON"),
            ("truncated", valid.as_bytes()[..20].to_vec(), "not valid JSON"),
            ("garbage", b"\xff\xfe not json".to_vec(), "not valid JSON"),
            ("zeros from a wipe", vec![0u8; 300], "overwritten by a wipe"),
            ("other JSON", br#"{"hello": 1}"#.to_vec(), "not a Zaštita key file"),
            (
                "bad version",
                valid
                    .replace(r#""format_version":1"#, r#""format_version":"x""#)
                    .into_bytes(),
                "unknown format version",
            ),
            (
                "missing field",
                valid.replace(r#""officers":[],"#, "").into_bytes(),
                "missing field `officers`",
            ),
            (
                "bad badge",
                valid
                    .replace(
                        r#""pending_events":[]"#,
                        r#""pending_events":[{"at":"2025-03-01T09:00:00Z","badge":"?","kind":{"type":"failed_unlock"}}]"#,
                    )
                    .into_bytes(),
                "badge number",
            ),
        ];
        for (what, bytes, reason) in cases {
            let dir = tempfile::tempdir().unwrap();
            fs::write(dir.path().join(KEYRING_FILE_NAME), bytes).unwrap();
            let err = Keyring::load(dir.path()).unwrap_err();
            assert!(
                matches!(err, KeyringError::Corrupt { .. }),
                "{what}: {err:?}"
            );
            assert!(err.to_string().contains(reason), "{what}: {err}");
        }
    }

    #[test]
    fn newer_format_is_unsupported_not_corrupt() {
        let dir = tempfile::tempdir().unwrap();
        let newer = serde_json::to_string(&KeyringFile::new(Uuid::nil()))
            .unwrap()
            .replace(r#""format_version":1"#, r#""format_version":2"#);
        fs::write(dir.path().join(KEYRING_FILE_NAME), newer).unwrap();
        let err = Keyring::load(dir.path()).unwrap_err();
        assert!(
            matches!(err, KeyringError::UnsupportedVersion { found: 2, .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains("update the app"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn keyring_is_private_to_the_app() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let k = keyring_with_officer(dir.path());
        let mode = fs::metadata(k.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    /// Make the next save fail: a read-only directory where that works, otherwise (as root,
    /// whom permissions do not stop) a directory where the temporary file must go.
    fn make_saves_fail(dir: &Path) -> Box<dyn FnOnce()> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(dir, fs::Permissions::from_mode(0o500)).unwrap();
            let probe = dir.join("probe");
            if fs::write(&probe, b"x").is_err() {
                let dir = dir.to_path_buf();
                return Box::new(move || {
                    fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).unwrap();
                });
            }
            fs::remove_file(&probe).unwrap();
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).unwrap();
        }
        let tmp = fsutil::tmp_path(dir, KEYRING_FILE_NAME);
        fs::create_dir(&tmp).unwrap();
        fs::write(tmp.join("occupied"), b"x").unwrap();
        Box::new(move || fs::remove_dir_all(&tmp).unwrap())
    }

    #[test]
    fn failed_save_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut k = keyring_with_officer(dir.path());
        let before_disk = fs::read(k.path()).unwrap();
        let before_memory = k.file().clone();

        let restore = make_saves_fail(dir.path());
        let err = k
            .save(|f| {
                f.officers.clear();
                f.unlock.consecutive_failures = 9;
            })
            .unwrap_err();
        assert!(
            matches!(err, KeyringError::ReadOnly { .. } | KeyringError::Io { .. }),
            "{err:?}"
        );
        assert_eq!(fs::read(k.path()).unwrap(), before_disk);
        assert_eq!(k.file(), &before_memory);
        restore();

        // Once the storage is writable again, saving works.
        k.save(|f| f.unlock.consecutive_failures = 1).unwrap();
        assert_eq!(
            Keyring::load(dir.path())
                .unwrap()
                .file()
                .unlock
                .consecutive_failures,
            1
        );
    }

    #[test]
    fn io_errors_are_specific() {
        let dir = Path::new("/store");
        let cases: &[(ErrorKind, &str)] = &[
            (ErrorKind::PermissionDenied, "read-only"),
            (ErrorKind::ReadOnlyFilesystem, "read-only"),
            (ErrorKind::StorageFull, "storage is full"),
            (ErrorKind::QuotaExceeded, "storage is full"),
            (ErrorKind::Other, "could not write"),
        ];
        for (kind, message) in cases {
            let err = io_error("write", &dir.join("x"), dir, io::Error::from(*kind));
            assert!(err.to_string().contains(message), "{kind:?}: {err}");
        }
        assert!(matches!(
            KeyringError::from_io(io::Error::from(ErrorKind::StorageFull), dir),
            KeyringError::DiskFull { .. }
        ));
    }

    #[test]
    fn wipe_destroys_wrapped_keys() {
        let dir = tempfile::tempdir().unwrap();
        let mut k = keyring_with_officer(dir.path());
        k.save(|f| {
            f.unlock.consecutive_failures = 9;
            f.pending_events.push(PendingEvent {
                at: t("2025-03-01T09:00:00Z"),
                badge: Some(badge("NS-1234")),
                kind: PendingEventKind::FailedUnlock,
            })
        })
        .unwrap();
        let wrapped = k.file().officers[0].wrapped.clone();
        let secrets = [
            STANDARD.encode(&wrapped.ciphertext),
            STANDARD.encode(wrapped.kdf.salt),
            STANDARD.encode(wrapped.nonce),
        ];
        let before = fs::read_to_string(k.path()).unwrap();
        for s in &secrets {
            assert!(before.contains(s.as_str()));
        }
        // A second name for the current file shows what happens to its bytes in place.
        #[cfg(unix)]
        let old_inode = {
            let link = dir.path().join("old-inode");
            fs::hard_link(k.path(), &link).unwrap();
            link
        };

        let now = t("2025-03-01T10:00:00Z");
        k.wipe(now).unwrap();

        let after = fs::read_to_string(k.path()).unwrap();
        for s in &secrets {
            assert!(!after.contains(s.as_str()), "{after}");
        }
        #[cfg(unix)]
        {
            let old = fs::read(&old_inode).unwrap();
            assert_eq!(old.len(), before.len());
            assert!(old.iter().all(|b| *b == 0), "old file overwritten in place");
        }
        let loaded = Keyring::load(dir.path()).unwrap();
        assert_eq!(loaded.file(), k.file());
        assert!(loaded.is_wiped());
        assert!(loaded.file().officers.is_empty());
        assert_eq!(loaded.file().wiped_at, Some(now));
        assert_eq!(loaded.file().pending_events.len(), 1, "events kept");
        assert_eq!(loaded.file().unlock.consecutive_failures, 9);

        // Wiping again is harmless and keeps the first time.
        k.wipe(t("2025-03-02T10:00:00Z")).unwrap();
        assert_eq!(k.file().wiped_at, Some(now));
    }

    #[test]
    fn failed_wipe_still_forgets_keys_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let mut k = keyring_with_officer(dir.path());
        let restore = make_saves_fail(dir.path());
        let result = k.wipe(t("2025-03-01T10:00:00Z"));
        assert!(k.file().officers.is_empty());
        assert!(k.is_wiped());
        restore();
        if result.is_err() {
            // The next save completes the wipe.
            k.save(|_| {}).unwrap();
        }
        let loaded = Keyring::load(dir.path()).unwrap();
        assert!(loaded.is_wiped() && loaded.file().officers.is_empty());
    }

    #[test]
    fn zeroed_file_after_interrupted_wipe_loads_as_destroyed() {
        let dir = tempfile::tempdir().unwrap();
        let k = keyring_with_officer(dir.path());
        overwrite_with_zeros(k.path()).unwrap();
        let err = Keyring::load(dir.path()).unwrap_err();
        assert!(
            err.to_string()
                .contains("keys on this device are destroyed"),
            "{err}"
        );
    }

    // ---- Unlock policy

    #[derive(Debug, Clone, Copy)]
    enum Expect {
        TryAgain(u32, u32, Option<u32>),
        Locked(i64, Option<u32>),
        Wipe,
    }

    /// The whole default sequence: each failure happens right after the previous lock expired.
    #[test]
    fn default_policy_sequence() {
        use Expect::*;
        let policy = UnlockPolicy::default();
        let table: &[(u32, Expect)] = &[
            (1, TryAgain(1, 4, None)),
            (2, TryAgain(2, 3, None)),
            (3, TryAgain(3, 2, None)),
            (4, TryAgain(4, 1, None)),
            (5, Locked(10, None)),
            (6, Locked(20, None)),
            (7, Locked(40, Some(3))),
            (8, Locked(80, Some(2))),
            (9, Locked(160, Some(1))),
            (10, Wipe),
        ];
        assert!(!UnlockState::default().must_wipe(&policy));
        let mut state = UnlockState::default();
        let mut now = t("2025-03-01T08:00:00Z");
        for (n, expect) in table {
            assert_eq!(state.check(now), Ok(()), "attempt {n} allowed");
            let outcome = state.record_failure(&policy, now);
            assert_eq!(state.consecutive_failures, *n);
            match (*expect, outcome) {
                (
                    TryAgain(f, lock, wipe),
                    FailureOutcome::TryAgain {
                        failures,
                        attempts_before_lock,
                        attempts_before_wipe,
                    },
                ) => {
                    assert_eq!((failures, attempts_before_lock), (f, lock), "attempt {n}");
                    assert_eq!(attempts_before_wipe, wipe, "attempt {n}");
                    now += TimeDelta::seconds(5);
                }
                (
                    Locked(minutes, wipe),
                    FailureOutcome::LockedOut {
                        until,
                        attempts_before_wipe,
                    },
                ) => {
                    assert_eq!(until, now + TimeDelta::minutes(minutes), "attempt {n}");
                    assert_eq!(attempts_before_wipe, wipe, "attempt {n}");
                    assert_eq!(state.attempts_before_wipe(&policy), wipe);
                    // Refused until the very end of the lock, allowed from then on.
                    assert_eq!(
                        state.check(until - TimeDelta::seconds(1)),
                        Err(LockedOut { until })
                    );
                    assert_eq!(state.check(now), Err(LockedOut { until }));
                    now = until;
                }
                (Wipe, FailureOutcome::Wipe) => assert!(state.must_wipe(&policy)),
                (expected, got) => panic!("attempt {n}: expected {expected:?}, got {got:?}"),
            }
        }
    }

    #[test]
    fn success_resets_everything() {
        let policy = UnlockPolicy::default();
        let now = t("2025-03-01T08:00:00Z");
        let mut state = UnlockState::default();
        for _ in 0..6 {
            state.record_failure(&policy, now);
        }
        assert!(state.check(now).is_err());
        state.record_success();
        assert_eq!(state, UnlockState::default());
        assert_eq!(state.check(now), Ok(()));
        assert!(matches!(
            state.record_failure(&policy, now),
            FailureOutcome::TryAgain { failures: 1, .. }
        ));
    }

    #[test]
    fn a_failure_during_a_lock_never_shortens_it() {
        let policy = UnlockPolicy {
            first_lock: TimeDelta::hours(10),
            ..UnlockPolicy::default()
        };
        let start = t("2025-03-01T08:00:00Z");
        let mut state = UnlockState {
            consecutive_failures: 4,
            locked_until: None,
        };
        let FailureOutcome::LockedOut { until: first, .. } = state.record_failure(&policy, start)
        else {
            panic!("expected a lock");
        };
        // A (buggy) caller records another failure an hour later without checking first.
        let FailureOutcome::LockedOut { until, .. } =
            state.record_failure(&policy, start + TimeDelta::hours(1))
        else {
            panic!("expected a lock");
        };
        assert!(until >= first);
        assert_eq!(state.consecutive_failures, 6);
    }

    #[test]
    fn lock_durations_saturate() {
        let policy = UnlockPolicy {
            lock_after: 1,
            first_lock: TimeDelta::days(365),
            warn_from: u32::MAX,
            wipe_after: u32::MAX,
        };
        assert_eq!(policy.lock_duration(0), TimeDelta::zero());
        assert_eq!(policy.lock_duration(1), TimeDelta::days(365));
        assert_eq!(policy.lock_duration(200), TimeDelta::MAX);
        assert_eq!(policy.lock_duration(u32::MAX), TimeDelta::MAX);
        let mut state = UnlockState {
            consecutive_failures: u32::MAX - 2,
            locked_until: None,
        };
        let now = t("2025-03-01T08:00:00Z");
        for _ in 0..4 {
            let outcome = state.record_failure(&policy, now);
            assert!(
                matches!(
                    outcome,
                    FailureOutcome::LockedOut { .. } | FailureOutcome::Wipe
                ),
                "{outcome:?}"
            );
        }
        assert_eq!(state.consecutive_failures, u32::MAX);
        assert_eq!(state.locked_until, Some(DateTime::<Utc>::MAX_UTC));
        assert!(state.check(now).is_err());
    }

    #[test]
    fn outcome_and_lock_messages() {
        let until = t("2025-03-01T08:10:00Z");
        assert_eq!(
            LockedOut { until }.to_string(),
            "too many wrong passphrases: unlocking is refused until 2025-03-01 08:10 UTC — wait, then try again"
        );
        assert_eq!(
            serde_json::to_string(&FailureOutcome::LockedOut {
                until,
                attempts_before_wipe: Some(3)
            })
            .unwrap(),
            r#"{"outcome":"locked_out","until":"2025-03-01T08:10:00Z","attempts_before_wipe":3}"#
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn failures_only_grow_and_success_resets(
            steps in proptest::collection::vec((any::<bool>(), 0i64..20_000), 0..40)
        ) {
            let policy = UnlockPolicy::default();
            let mut state = UnlockState::default();
            let mut now = t("2025-03-01T08:00:00Z");
            for (success, wait_secs) in steps {
                now += TimeDelta::seconds(wait_secs);
                let before = state.clone();
                if success {
                    state.record_success();
                    prop_assert_eq!(&state, &UnlockState::default());
                } else {
                    let outcome = state.record_failure(&policy, now);
                    prop_assert_eq!(
                        state.consecutive_failures,
                        before.consecutive_failures.saturating_add(1)
                    );
                    if let Some(old) = before.locked_until {
                        prop_assert!(state.locked_until >= Some(old));
                    }
                    let n = state.consecutive_failures;
                    match outcome {
                        FailureOutcome::Wipe => prop_assert!(n >= policy.wipe_after),
                        FailureOutcome::LockedOut { until, .. } => {
                            prop_assert!(n >= policy.lock_after && n < policy.wipe_after);
                            prop_assert!(until > now);
                        }
                        FailureOutcome::TryAgain { failures, .. } => {
                            prop_assert!(failures == n && n < policy.lock_after);
                        }
                    }
                }
            }
        }
    }
}
