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
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fs::{self, OpenOptions};
use std::io::{self, ErrorKind, Write};
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// File name of the keyring inside the store directory.
mod policy;
pub use policy::{FailureOutcome, LockedOut, UnlockPolicy, UnlockState};

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

pub(crate) fn parse(path: &Path, bytes: &[u8]) -> Result<KeyringFile, KeyringError> {
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

#[cfg(test)]
mod tests;
