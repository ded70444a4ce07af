//! A store directory whose database is still locked ([`Device`]): creating it with its first
//! officer, its lock-out state before anyone types, and unlocking, which counts failures in the
//! keyring (lock-out, then wipe) and yields a [`Session`].
//!
//! **Invariant:** a `Device` may live as long as the app, but it decides nothing from a stale
//! keyring: every unlock re-reads `keyring.json` first, and counts the attempt in one
//! lock → read → check → count → write (so a revocation, a removed officer's wrap or another
//! process's failure count is never undone).

use chrono::{DateTime, Utc};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use uuid::Uuid;

use crate::audit::{self, Action, NewEntry, Outcome};
use crate::clock::{Clock, SystemClock, to_db};
use crate::domain::Badge;
use crate::error::Error;
use crate::keyring::{
    FailureOutcome, Keyring, KeyringLock, PendingEvent, PendingEventKind, UnlockPolicy, WipeReason,
};
use crate::keys::{self, DataKey, KdfCost, Passphrase};
use crate::store::{DB_FILE, Store};

use super::*;

/// Settings a device runs with. Production uses [`DeviceConfig::default`]; tests inject a
/// manual clock and a fast KDF.
#[derive(Clone)]
pub struct DeviceConfig {
    pub policy: UnlockPolicy,
    pub kdf: KdfCost,
    pub clock: Arc<dyn Clock>,
}

impl Default for DeviceConfig {
    fn default() -> Self {
        Self {
            policy: UnlockPolicy::default(),
            kdf: KdfCost::DEFAULT,
            clock: Arc::new(SystemClock),
        }
    }
}

impl std::fmt::Debug for DeviceConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceConfig")
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

/// Create a store: the first officer of a new device.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InitRequest {
    pub badge: String,
    pub name: String,
    pub passphrase: Passphrase,
    /// The first officer's rank, printed with his name; may be empty and set later.
    #[serde(default)]
    pub rank: String,
}

/// Unlock the store as one officer.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnlockRequest {
    pub badge: String,
    pub passphrase: Passphrase,
}

/// What the unlock screen shows before anyone has typed anything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeviceStatus {
    pub device_id: Uuid,
    /// Badges enrolled on this device (names are inside the encrypted store).
    pub officers: Vec<Badge>,
    pub consecutive_failures: u32,
    pub locked_until: Option<DateTime<Utc>>,
    /// Set from the warning threshold on: wrong attempts left before the keys are destroyed.
    pub attempts_before_wipe: Option<u32>,
    /// The keys are destroyed (by wrong passphrases, or by a revocation).
    pub wiped: bool,
    /// The central record revoked this device: its keys and database are destroyed; it is to be
    /// handed in at the station.
    pub revoked: bool,
}

/// A store directory whose database is locked.
pub struct Device {
    dir: PathBuf,
    pub(super) keyring: Keyring,
    pub(super) config: DeviceConfig,
}

impl std::fmt::Debug for Device {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Device")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

impl Device {
    /// Whether `dir` already holds a store (its keyring). A database without a keyring is a
    /// creation interrupted before its key reached disk: [`Device::open`] says so and
    /// [`Device::init`] replaces it.
    pub fn exists(dir: &Path) -> bool {
        Keyring::exists(dir)
    }

    /// Create a new store in `dir` with its first officer, and open a session for them.
    pub fn init(dir: &Path, req: InitRequest, config: DeviceConfig) -> Result<Session, Error> {
        Self::init_with(dir, req, config, Store::create)
    }

    /// **Benchmark only** (cargo feature `bench`, never enabled by the app or the CLI):
    /// [`Device::init`] over an UNENCRYPTED store, so the bench runs the very same session code
    /// on plain SQLite and reports what encryption costs.
    #[cfg(feature = "bench")]
    #[doc(hidden)]
    pub fn init_plain_for_bench(
        dir: &Path,
        req: InitRequest,
        config: DeviceConfig,
    ) -> Result<Session, Error> {
        Self::init_with(dir, req, config, |dir, _| {
            crate::store::bench::open_plain(dir)
        })
    }

    fn init_with(
        dir: &Path,
        req: InitRequest,
        config: DeviceConfig,
        open: impl FnOnce(&Path, &DataKey) -> Result<Store, crate::store::StoreError>,
    ) -> Result<Session, Error> {
        if Device::exists(dir) {
            return Err(Error::StoreExists {
                dir: dir.to_path_buf(),
            });
        }
        let badge = Badge::parse(&req.badge)?;
        let name = officers::check_name(&req.name)?;
        let rank = officers::check_rank(&req.rank)?;
        crate::passphrase::check(req.passphrase.as_str(), &badge).map_err(Error::WeakPassphrase)?;
        create_private_dir(dir).map_err(|e| crate::keyring::KeyringError::from_io(e, dir))?;
        // Held from before the database exists until the keyring does: another process creating
        // the same store waits, then finds it; none can take a half-made store for an orphan.
        let lock = KeyringLock::acquire(dir)?;
        if Device::exists(dir) {
            return Err(Error::StoreExists {
                dir: dir.to_path_buf(),
            });
        }
        // A database without a keyring: an earlier creation died before its key reached disk.
        // Nobody can ever read it (its key existed only in that process's memory): replace it.
        remove_db_files(dir).map_err(|e| crate::keyring::KeyringError::from_io(e, dir))?;

        let now = config.clock.now();
        let device_id = Uuid::now_v7();
        let dek = DataKey::generate()?;
        let wrapped = keys::wrap(&dek, &req.passphrase, &badge, &config.kdf)?;

        let created = (|| {
            let mut store = open(dir, &dek)?;
            let tx = store.transaction()?;
            tx.execute(
                "INSERT INTO device (id, device_id, created_at) VALUES (1, ?1, ?2)",
                params![device_id.to_string(), to_db(now)],
            )
            .map_err(crate::store::StoreError::from)?;
            // The first officer sets the device up at the station: the competent officer.
            officers::insert(
                &tx,
                officers::NewOfficer {
                    badge: &badge,
                    name: &name,
                    role: OfficerRole::Competent,
                    rank: &rank,
                },
                None,
                now,
            )?;
            audit::append(
                &tx,
                &NewEntry {
                    at: now,
                    officer: Some(badge.clone()),
                    action: Action::Init,
                    target: Some(format!("device:{device_id}")),
                    outcome: Outcome::Ok,
                    detail: None,
                },
            )?;
            tx.commit().map_err(crate::store::StoreError::from)?;
            Ok::<_, Error>(store)
        })();
        let store = match created {
            Ok(s) => s,
            Err(e) => {
                let _ = remove_db_files(dir);
                return Err(e);
            }
        };
        let keyring = match Keyring::create_locked(&lock, device_id, |f| {
            f.officers.push(crate::keyring::OfficerKey {
                badge: badge.clone(),
                wrapped,
                added_at: now,
            });
        }) {
            Ok(k) => k,
            Err(e) => {
                drop(store);
                let _ = remove_db_files(dir);
                return Err(e.into());
            }
        };
        drop(lock);
        Ok(Session {
            store,
            dek,
            keyring,
            officer: OfficerInfo {
                badge,
                name,
                role: OfficerRole::Competent,
                rank,
            },
            device_id,
            config,
            builtin_instruments_stored: false,
            purposes: Default::default(),
        })
    }

    /// Open the store in `dir` (still locked). Finishes what an interrupted step left: the wipe
    /// a final counted failure calls for, the deletion of a revoked device's database.
    pub fn open(dir: &Path, config: DeviceConfig) -> Result<Device, Error> {
        if !Keyring::exists(dir) && db_files_exist(dir) {
            return Err(Error::InitInterrupted {
                dir: dir.to_path_buf(),
            });
        }
        let keyring = Keyring::load(dir)?;
        let mut device = Device {
            dir: dir.to_path_buf(),
            keyring,
            config,
        };
        device.settle()?;
        Ok(device)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Read `keyring.json` again (the session, the sync or another process may have changed it:
    /// a revocation, a roster change, failures counted by the CLI) and finish what it calls for.
    /// [`Device::unlock`] does this itself; adapters call it before showing [`Device::status`].
    pub fn refresh(&mut self) -> Result<(), Error> {
        self.keyring.reload()?;
        self.settle()
    }

    /// Complete what the keyring on disk calls for: a final failure counted but interrupted
    /// before its wipe is wiped now; a revoked device's database (keys already destroyed) is
    /// deleted.
    fn settle(&mut self) -> Result<(), Error> {
        let now = self.config.clock.now();
        if !self.keyring.is_wiped() && self.keyring.file().unlock.must_wipe(&self.config.policy) {
            self.keyring.wipe(now, WipeReason::TooManyFailures)?;
        }
        if self.keyring.file().wiped_because() == Some(WipeReason::Revoked) {
            // The keys are gone, so what is left is unreadable; deleting it is housekeeping a
            // later start retries if the platform refuses now (a file still open elsewhere).
            let _ = remove_db_files(&self.dir);
        }
        Ok(())
    }

    /// What the unlock screen needs, from the keyring as last read ([`Device::refresh`]).
    pub fn status(&self) -> DeviceStatus {
        let f = self.keyring.file();
        let now = self.config.clock.now();
        let failures = f.unlock.consecutive_failures;
        let p = &self.config.policy;
        DeviceStatus {
            device_id: f.device_id,
            officers: f.officers.iter().map(|o| o.badge.clone()).collect(),
            consecutive_failures: failures,
            locked_until: f.unlock.locked_until.filter(|t| *t > now),
            attempts_before_wipe: f.unlock.attempts_before_wipe(p),
            wiped: f.wiped_at.is_some(),
            revoked: f.wiped_because() == Some(WipeReason::Revoked),
        }
    }

    /// Unlock as one officer. A wrong passphrase (or an unknown badge) counts towards the lockout
    /// and, in the end, the wipe; the count survives restarts because it lives in the keyring file.
    ///
    /// The keyring is read again first (never this `Device`'s older copy), and the attempt is
    /// checked against the lock-out and counted as a failure in one step under the keyring's
    /// inter-process lock, *before* the (slow) key derivation; it is forgiven once the
    /// passphrase proves right. So killing the app mid-attempt does not buy a free guess, and
    /// the app and the CLI trying at once never lose a count or slip past a lock-out.
    pub fn unlock(&mut self, req: UnlockRequest) -> Result<Session, Error> {
        let now = self.config.clock.now();
        let policy = self.config.policy;
        self.refresh()?;
        self.refuse_wiped()?;
        if !self.dir.join(DB_FILE).exists() {
            // Not counted: the officer did nothing wrong, and a new empty database must not be
            // made under a keyring that belongs to another.
            return Err(Error::DatabaseMissing {
                dir: self.dir.clone(),
            });
        }
        let badge = Badge::parse(&req.badge)?;
        let counted = self.keyring.update(|f| {
            if f.wiped_at.is_some() {
                return None;
            }
            if f.unlock.check(now).is_err() {
                return None;
            }
            let before = f.unlock.clone();
            let outcome = f.unlock.record_failure(&policy, now);
            Some((outcome, before, f.unlock.clone()))
        })?;
        let Some((outcome, before, after)) = counted else {
            self.refuse_wiped()?;
            let unlock = &self.keyring.file().unlock;
            return Err(Error::LockedOut {
                until: unlock.locked_until.unwrap_or(now),
                attempts_before_wipe: unlock.attempts_before_wipe(&policy),
            });
        };
        let wrapped = self.keyring.officer(&badge).map(|o| o.wrapped.clone());
        let dek = match wrapped.map(|w| keys::unwrap(&w, &req.passphrase, &badge)) {
            None => {
                self.failed(&badge, now, outcome)?;
                return Err(Error::UnknownOfficer { badge });
            }
            Some(Err(crate::keys::KeyError::WrongPassphrase)) => {
                return Err(self.failed(&badge, now, outcome)?);
            }
            Some(Err(other)) => {
                // Not the officer's fault (e.g. memory for the KDF): the attempt does not count.
                // Undone exactly if nothing else was counted meanwhile, else by one.
                self.keyring.save(|f| {
                    if f.unlock == after {
                        f.unlock = before;
                    } else {
                        f.unlock.consecutive_failures =
                            f.unlock.consecutive_failures.saturating_sub(1);
                    }
                })?;
                return Err(other.into());
            }
            Some(Ok(dek)) => dek,
        };
        // Forgive the attempt at once: a damaged database must not burn unlock attempts.
        self.keyring.save(|f| f.unlock.record_success())?;
        let store = Store::open(&self.dir, &dek)?;
        let officer = officers::load(store.conn(), &badge)?.unwrap_or(OfficerInfo {
            badge: badge.clone(),
            name: String::new(),
            role: OfficerRole::Patrol,
            rank: String::new(),
        });
        let mut session = Session {
            store,
            dek,
            keyring: self.keyring.clone(),
            officer,
            device_id: self.keyring.file().device_id,
            config: self.config.clone(),
            builtin_instruments_stored: false,
            purposes: Default::default(),
        };
        session
            .finish_unlock(&req.passphrase, now)
            .map_err(|e| session.diagnose(e))?;
        Ok(session)
    }

    /// Refuse a wiped keyring with the reason it was wiped.
    fn refuse_wiped(&self) -> Result<(), Error> {
        match self.keyring.file().wiped_because() {
            None => Ok(()),
            Some(WipeReason::Revoked) => Err(Error::Revoked),
            Some(WipeReason::TooManyFailures) => Err(Error::Wiped),
        }
    }

    /// Complete a failed attempt (already counted): note it for the audit log, wipe when the
    /// policy says so, and return the error to show.
    fn failed(
        &mut self,
        badge: &Badge,
        now: DateTime<Utc>,
        outcome: FailureOutcome,
    ) -> Result<Error, Error> {
        self.keyring.save(|f| {
            f.pending_events.push(PendingEvent::new(
                now,
                Some(badge.clone()),
                PendingEventKind::FailedUnlock,
            ));
            if let FailureOutcome::LockedOut { until, .. } = outcome {
                f.pending_events.push(PendingEvent::new(
                    now,
                    Some(badge.clone()),
                    PendingEventKind::LockedOut { until },
                ));
            }
        })?;
        Ok(match outcome {
            FailureOutcome::Wipe => {
                self.keyring.wipe(now, WipeReason::TooManyFailures)?;
                Error::Wiped
            }
            FailureOutcome::LockedOut {
                until,
                attempts_before_wipe,
            } => Error::LockedOut {
                until,
                attempts_before_wipe,
            },
            FailureOutcome::TryAgain {
                attempts_before_lock,
                attempts_before_wipe,
                ..
            } => Error::WrongPassphrase {
                attempts_before_lock,
                attempts_before_wipe,
            },
        })
    }
}

/// Whether any of the database's files is in `dir`.
fn db_files_exist(dir: &Path) -> bool {
    DB_FILES
        .iter()
        .any(|suffix| std::fs::symlink_metadata(dir.join(format!("{DB_FILE}{suffix}"))).is_ok())
}
