//! A store directory whose database is still locked ([`Device`]): creating it with its first
//! officer, its lock-out state before anyone types, and unlocking, which counts failures in the
//! keyring (lock-out, then wipe) and yields a [`Session`].

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
use crate::keyring::{FailureOutcome, Keyring, PendingEvent, PendingEventKind, UnlockPolicy};
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
    pub wiped: bool,
}

/// A store directory whose database is locked.
pub struct Device {
    dir: PathBuf,
    keyring: Keyring,
    config: DeviceConfig,
}

impl std::fmt::Debug for Device {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Device")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

impl Device {
    /// Whether `dir` already holds a store.
    pub fn exists(dir: &Path) -> bool {
        Keyring::exists(dir) || dir.join(DB_FILE).exists()
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
                remove_db_files(dir);
                return Err(e);
            }
        };
        let keyring = match Keyring::create(dir, device_id, |f| {
            f.officers.push(crate::keyring::OfficerKey {
                badge: badge.clone(),
                wrapped,
                added_at: now,
            });
        }) {
            Ok(k) => k,
            Err(e) => {
                drop(store);
                remove_db_files(dir);
                return Err(e.into());
            }
        };
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

    /// Open the store in `dir` (still locked).
    pub fn open(dir: &Path, config: DeviceConfig) -> Result<Device, Error> {
        let mut keyring = Keyring::load(dir)?;
        // A final failed attempt that was counted but interrupted before it could wipe.
        if !keyring.is_wiped() && keyring.file().unlock.must_wipe(&config.policy) {
            keyring.wipe(config.clock.now())?;
        }
        Ok(Device {
            dir: dir.to_path_buf(),
            keyring,
            config,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What the unlock screen needs.
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
        }
    }

    /// Unlock as one officer. A wrong passphrase (or an unknown badge) counts towards the lockout
    /// and, in the end, the wipe; the count survives restarts because it lives in the keyring file.
    ///
    /// The attempt is counted as a failure *before* the (slow) key derivation and forgiven once
    /// the passphrase proves right, so killing the app mid-attempt does not buy a free guess.
    pub fn unlock(&mut self, req: UnlockRequest) -> Result<Session, Error> {
        let now = self.config.clock.now();
        let policy = self.config.policy;
        if self.keyring.is_wiped() {
            return Err(Error::Wiped);
        }
        if let Err(locked) = self.keyring.file().unlock.check(now) {
            return Err(Error::LockedOut {
                until: locked.until,
                attempts_before_wipe: self.keyring.file().unlock.attempts_before_wipe(&policy),
            });
        }
        let badge = Badge::parse(&req.badge)?;
        let before = self.keyring.file().unlock.clone();
        let mut outcome = None;
        self.keyring
            .save(|f| outcome = Some(f.unlock.record_failure(&policy, now)))?;
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
                self.keyring.save(|f| f.unlock = before)?;
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
        self.keyring = session.keyring.clone();
        Ok(session)
    }

    /// Complete a failed attempt (already counted): note it for the audit log, wipe when the
    /// policy says so, and return the error to show.
    fn failed(
        &mut self,
        badge: &Badge,
        now: DateTime<Utc>,
        outcome: Option<FailureOutcome>,
    ) -> Result<Error, Error> {
        self.keyring.save(|f| {
            f.pending_events.push(PendingEvent {
                at: now,
                badge: Some(badge.clone()),
                kind: PendingEventKind::FailedUnlock,
            });
            if let Some(FailureOutcome::LockedOut { until, .. }) = outcome {
                f.pending_events.push(PendingEvent {
                    at: now,
                    badge: Some(badge.clone()),
                    kind: PendingEventKind::LockedOut { until },
                });
            }
        })?;
        Ok(match outcome {
            Some(FailureOutcome::Wipe) => {
                self.keyring.wipe(now)?;
                Error::Wiped
            }
            Some(FailureOutcome::LockedOut {
                until,
                attempts_before_wipe,
            }) => Error::LockedOut {
                until,
                attempts_before_wipe,
            },
            Some(FailureOutcome::TryAgain {
                attempts_before_lock,
                attempts_before_wipe,
                ..
            }) => Error::WrongPassphrase {
                attempts_before_lock,
                attempts_before_wipe,
            },
            None => Error::WrongPassphrase {
                attempts_before_lock: 0,
                attempts_before_wipe: None,
            },
        })
    }
}
