//! The keyring: `keyring.json` in the store directory, the only file Zaštita keeps outside the
//! encrypted database.
//!
//! Owns that file's format (`zastita-keyring`, version 1), its durable atomic rewrite, the wipe of
//! key material, and the unlock policy (lock-out after repeated wrong passphrases, then wipe). It
//! holds each enrolled officer's [`WrappedKey`], the persisted unlock counters (so restarting the
//! app does not reset a lock-out), security events that happened while the store was locked,
//! which the next unlock moves into the encrypted audit log, and why the keys were wiped.
//!
//! **Invariant:** the file on disk is the truth. Every change is lock → read → apply → write
//! under [`KeyringLock`] (`keyring.lock` beside the file, an exclusive lock every process on the
//! store takes), so the app and the CLI never lose each other's changes (a failure count, a
//! removed wrap); a copy in memory is only a cache of the last read.
//!
//! **Invariant:** nothing personal is stored here. Badge numbers are service numbers; officers'
//! names and everything about cases live in the encrypted database.

use crate::domain::ids::Badge;
use crate::keys::WrappedKey;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::{self, ErrorKind};
use std::path::{Path, PathBuf};
use uuid::Uuid;

mod disk;
mod lock;
mod policy;
mod status;
pub(crate) use disk::parse;
use disk::{WriteError, io_error, is_zeroed, overwrite_with_zeros, read, write_atomic};
pub use lock::KeyringLock;
pub use policy::{FailureOutcome, LockedOut, UnlockPolicy, UnlockState};
pub use status::{StatusCredentials, StatusKey};

/// File name of the keyring inside the store directory.
pub const KEYRING_FILE_NAME: &str = "keyring.json";
/// File name of the inter-process lock beside it (empty; only its lock matters).
pub const LOCK_FILE_NAME: &str = "keyring.lock";
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
        "the key file's lock {} cannot be used ({error}), so nothing was changed — do not delete \
         anything; contact station IT support",
        path.display()
    )]
    Lock { path: PathBuf, error: io::Error },
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
    /// Why it was destroyed. Absent in files from before it was recorded: a wipe without a
    /// reason reads as [`WipeReason::TooManyFailures`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wipe_reason: Option<WipeReason>,
    /// How a locked, enrolled device asks the central record whether it was revoked
    /// (`keyring/status.rs`); absent before enrolment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusCredentials>,
}

/// Why the keys were destroyed: the device shows each differently on every start.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum WipeReason {
    /// The unlock policy's last wrong passphrase.
    TooManyFailures,
    /// The central record revoked the device (its database is deleted too).
    Revoked,
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
            wipe_reason: None,
            status: None,
        }
    }

    /// Why the keys were destroyed, if they were.
    pub fn wiped_because(&self) -> Option<WipeReason> {
        self.wiped_at
            .map(|_| self.wipe_reason.unwrap_or(WipeReason::TooManyFailures))
    }

    /// Destroy the wraps in this value (the file is written by the caller).
    fn apply_wipe(&mut self, at: DateTime<Utc>, reason: WipeReason) {
        self.officers.clear();
        if self.wiped_at.is_none() {
            self.wiped_at = Some(at);
            self.wipe_reason = Some(reason);
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
    /// Its audit entry names it (`keyring-event:<id>`), so an unlock interrupted after the audit
    /// commit but before the keyring forgot it never logs it twice. Files from before it was
    /// kept get a fresh one on reading.
    #[serde(default = "Uuid::now_v7")]
    pub id: Uuid,
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

impl PendingEvent {
    /// A new event with its own id.
    pub fn new(at: DateTime<Utc>, badge: Option<Badge>, kind: PendingEventKind) -> PendingEvent {
        PendingEvent {
            id: Uuid::now_v7(),
            at,
            badge,
            kind,
        }
    }

    /// The audit entry's target naming this event.
    pub fn audit_target(&self) -> String {
        format!("keyring-event:{}", self.id)
    }
}

/// The keyring of one store directory, as last read. It holds no secrets, so it may be cloned;
/// every change re-reads the file under [`KeyringLock`] first, so clones (and other processes)
/// never undo each other's changes. Call [`reload`](Keyring::reload) before a decision that
/// must see the newest state.
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
    /// directory already has a keyring. Takes the store's [`KeyringLock`] for the check and the
    /// write.
    pub fn create(
        dir: &Path,
        device_id: Uuid,
        init: impl FnOnce(&mut KeyringFile),
    ) -> Result<Keyring, KeyringError> {
        fs::create_dir_all(dir).map_err(|e| io_error("create", dir, dir, e))?;
        let lock = KeyringLock::acquire(dir)?;
        Keyring::create_locked(&lock, device_id, init)
    }

    /// [`create`](Self::create) under a lock the caller already holds (creating a store holds it
    /// from before its database exists until its keyring does).
    pub fn create_locked(
        lock: &KeyringLock,
        device_id: Uuid,
        init: impl FnOnce(&mut KeyringFile),
    ) -> Result<Keyring, KeyringError> {
        let dir = lock.dir();
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
        let file = read(dir, &path)?;
        Ok(Keyring {
            dir: dir.to_path_buf(),
            path,
            file,
        })
    }

    /// Read the file again: another process (the CLI, the app) or another copy (the session's,
    /// the locked device's) may have changed it. A keyring this copy wiped stays wiped.
    pub fn reload(&mut self) -> Result<(), KeyringError> {
        self.file = self.current()?.0;
        Ok(())
    }

    /// Whether `dir` has a keyring (i.e. holds a Zaštita store).
    pub fn exists(dir: &Path) -> bool {
        fs::symlink_metadata(dir.join(KEYRING_FILE_NAME)).is_ok()
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

    /// Change the keyring on disk: take [`KeyringLock`], read the file as it is now, apply
    /// `change`, and write it durably and atomically (`keyring.json.tmp`, fsync, rename over,
    /// fsync the directory) — only if `change` changed something. Memory then holds what is on
    /// disk. `change`'s result is returned. A wiped keyring keeps no wrap, whatever `change` adds.
    ///
    /// If reading, writing or renaming fails (storage full, read-only, …) nothing changes on
    /// disk. The one exception is the final directory fsync: by then the new file is in place, so
    /// memory follows it and the error only says durability is uncertain.
    pub fn update<T>(
        &mut self,
        change: impl FnOnce(&mut KeyringFile) -> T,
    ) -> Result<T, KeyringError> {
        let _lock = KeyringLock::acquire(&self.dir)?;
        let (current, as_on_disk) = self.current()?;
        let mut next = current.clone();
        let out = change(&mut next);
        if next.wiped_at.is_some() {
            // Once wiped, never a wrap again: that would undo the wipe.
            next.officers.clear();
        }
        if next == current && as_on_disk {
            self.file = current;
            return Ok(out);
        }
        match write_atomic(&self.dir, &self.path, &next) {
            Ok(()) => {
                self.file = next;
                Ok(out)
            }
            Err(WriteError::BeforeRename(e)) => {
                self.file = current;
                Err(e)
            }
            Err(WriteError::AfterRename(e)) => {
                self.file = next;
                Err(e)
            }
        }
    }

    /// [`update`](Self::update) for a change with no result.
    pub fn save(&mut self, change: impl FnOnce(&mut KeyringFile)) -> Result<(), KeyringError> {
        self.update(change)
    }

    /// Destroy all key material, recording `reason`: overwrite the current file's bytes in place
    /// with zeros and fsync, then atomically write the wiped keyring (no officers, `wiped_at` and
    /// `wipe_reason` set; the unlock counters and pending events are kept). Under
    /// [`KeyringLock`], from the file as it is now (or, if it cannot be read, from memory).
    ///
    /// Without a wrap of the database key, the encrypted database cannot be read by anyone,
    /// whatever passphrase they know. Honest limits: flash storage remaps blocks (wear
    /// levelling, copy-on-write file systems, journals), so old copies of the file — including
    /// earlier versions replaced by [`save`](Self::save) — may survive physically until
    /// overwritten; recovering them needs the chip itself and still needs a passphrase.
    ///
    /// Fails closed: even if the lock or the disk write fails, the in-memory keyring has already
    /// forgotten every wrap, so this process cannot unlock again, and its next successful save
    /// completes the wipe. A crash between the two steps leaves an all-zero file, which loads as
    /// [`KeyringError::Corrupt`] ("wiped").
    pub fn wipe(&mut self, now: DateTime<Utc>, reason: WipeReason) -> Result<(), KeyringError> {
        self.file.apply_wipe(now, reason);
        let _lock = KeyringLock::acquire(&self.dir)?;
        let mut wiped = self
            .current()
            .map_or_else(|_| self.file.clone(), |(f, _)| f);
        wiped.apply_wipe(now, reason);
        self.file = wiped;
        overwrite_with_zeros(&self.path).map_err(|e| io_error("wipe", &self.path, &self.dir, e))?;
        write_atomic(&self.dir, &self.path, &self.file).map_err(WriteError::into_inner)
    }

    /// The file as it is on disk now, and whether that is exactly what is on disk: a wipe this
    /// copy made (whose write may have failed) is applied to it, and an all-zero file this copy
    /// wiped reads as this copy.
    fn current(&self) -> Result<(KeyringFile, bool), KeyringError> {
        let wiped = self.file.wiped_at.zip(self.file.wiped_because());
        match read(&self.dir, &self.path) {
            Ok(disk) => {
                let mut file = disk.clone();
                if let Some((at, reason)) = wiped {
                    file.apply_wipe(at, reason);
                }
                let as_on_disk = file == disk;
                Ok((file, as_on_disk))
            }
            Err(_) if wiped.is_some() && is_zeroed(&self.path) => Ok((self.file.clone(), false)),
            Err(e) => Err(e),
        }
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

// ---------------------------------------------------------------------------------------------
// Unlock policy

#[cfg(test)]
mod tests;
