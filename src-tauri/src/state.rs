//! What the shell holds between commands: the store directory, and the store itself — absent
//! (first run), locked (a [`Device`]) or unlocked (a [`Session`]).
//!
//! One mutex guards it: commands run one at a time, which is what a single officer at a single
//! screen does anyway, and it keeps the keyring's read-modify-write single-writer.

// AppError is what crosses IPC, once per failed command; keeping it unboxed keeps the adapters
// one-liners, and its size does not matter at that rate.
#![allow(clippy::result_large_err)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use zastita_core::app::{Device, DeviceConfig, PersonHistoryRequest, Session};
use zastita_core::error::{AppError, Error, ErrorCode};
use zastita_core::sync::{ClientOptions, DeviceAccess, SessionAccess, SyncError};

use crate::bindings::{AppStatus, HistoryLookup, SyncState};
use crate::sync::Syncer;

#[derive(Clone)]
pub struct AppState {
    inner: Arc<Shared>,
}

struct Shared {
    dir: PathBuf,
    config: DeviceConfig,
    store: Mutex<Store>,
    /// The background sync's live state and wake-ups ([`crate::sync`]).
    sync: Arc<Syncer>,
    /// Why the store could not be opened at start (e.g. an unreadable keyring). The window still
    /// opens and shows it, translated, instead of the app dying before the officer sees anything.
    open_error: Option<AppError>,
}

/// The store as the shell sees it.
#[derive(Default)]
pub struct Store {
    pub device: Option<Device>,
    pub session: Option<Session>,
}

impl Store {
    /// What the UI needs at start to choose its first screen, for the store in `dir`, from the
    /// keyring as it is on disk now (the CLI, or a revocation, may have changed it).
    pub fn status(&mut self, dir: &Path) -> Result<AppStatus, Error> {
        if let Some(device) = self.device.as_mut() {
            device.refresh()?;
        }
        Ok(AppStatus {
            store_dir: dir.display().to_string(),
            store_exists: self.device.is_some(),
            device: self.device.as_ref().map(Device::status),
            officer: self.session.as_ref().map(|s| s.officer().clone()),
        })
    }
}

impl AppState {
    /// The state for a store in `dir` (which need not exist yet: the first run creates it). A store
    /// that exists but cannot be opened is remembered as [`AppState::open_error`].
    pub fn new(dir: PathBuf, config: DeviceConfig) -> Self {
        let (device, open_error) = if Device::exists(&dir) {
            match Device::open(&dir, config.clone()) {
                Ok(d) => (Some(d), None),
                Err(e) => (None, Some(AppError::from(e))),
            }
        } else {
            (None, None)
        };
        Self {
            inner: Arc::new(Shared {
                dir,
                config,
                store: Mutex::new(Store {
                    device,
                    session: None,
                }),
                open_error,
                sync: Arc::default(),
            }),
        }
    }

    /// Why the store on this device could not be opened at start, if it could not.
    pub fn open_error(&self) -> Option<AppError> {
        self.inner.open_error.clone()
    }

    /// Run `f` on the store off the UI thread (unlocking derives a key for half a second; the
    /// window must stay responsive meanwhile).
    pub async fn with_store<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Path, &DeviceConfig, &mut Store) -> Result<T, AppError> + Send + 'static,
    {
        let shared = Arc::clone(&self.inner);
        tauri::async_runtime::spawn_blocking(move || {
            let mut store = lock(&shared.store);
            f(&shared.dir, &shared.config, &mut store)
        })
        .await
        .map_err(|_| AppError::new(ErrorCode::Internal, "the operation was interrupted"))?
    }

    /// Run `f` in the unlocked session, or refuse with `not_unlocked`.
    pub async fn with_session<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Session) -> Result<T, Error> + Send + 'static,
    {
        self.with_store(move |_, _, store| match store.session.as_mut() {
            Some(session) => f(session).map_err(|e| AppError::from(session.diagnose(e))),
            None => Err(not_unlocked()),
        })
        .await
    }

    /// Lock the session, if any, when the app quits (best effort: the store is durable anyway).
    /// Background sync stops first.
    pub fn lock_on_exit(&self) {
        self.inner.sync.shutdown();
        let mut store = lock(&self.inner.store);
        if let Some(session) = store.session.take() {
            let _ = session.lock();
        }
    }

    /// Core's sync status and the shell's live state, for the UI's sync screen and badge.
    pub async fn sync_state(&self) -> Result<SyncState, AppError> {
        self.ensure_sync_started();
        let status = self.with_session(|s| s.sync_status()).await?;
        let live = self.inner.sync.live();
        Ok(SyncState {
            status,
            running: live.running,
            progress: live.progress,
            next_attempt_at: live.next_attempt_at,
            last_summary: live.last_summary,
        })
    }

    /// "Sync now": start a round unless one runs (or the device is not enrolled), and answer at
    /// once; the UI polls [`AppState::sync_state`] while it runs.
    pub async fn sync_now(&self) -> Result<SyncState, AppError> {
        let before = self.sync_state().await?;
        if !before.status.enrolled {
            return Ok(before);
        }
        self.inner.sync.request();
        self.sync_state().await
    }

    /// The background sync loop, started once, reaching the session through [`StoreAccess`].
    fn ensure_sync_started(&self) {
        crate::sync::ensure_started(
            &self.inner.sync,
            StoreAccess(Arc::clone(&self.inner)),
            self.inner.config.clock.clone(),
        );
    }

    /// A reason to sync (the session was unlocked, the network changed): a round starts if the
    /// store is unlocked and enrolled and none is running.
    pub fn sync_nudge(&self) {
        self.ensure_sync_started();
        self.inner.sync.nudge();
    }

    /// The session ended: stop a round in flight, forget the live state.
    pub fn sync_session_ended(&self) {
        self.inner.sync.session_ended();
    }

    /// Enrol this device with the central record named in `code`. Core's driver holds the
    /// session only for the local steps before and after the network call.
    pub async fn enroll(&self, code: String) -> Result<SyncState, AppError> {
        let options = ClientOptions::with_clock(self.inner.config.clock.clone());
        let label = format!("Zaštita ({})", std::env::consts::OS);
        let enrolled = zastita_core::sync::enroll(
            &StoreAccess(Arc::clone(&self.inner)),
            &code,
            &label,
            &options,
        )
        .await;
        match enrolled {
            Ok(_) => {}
            Err(SyncError::Locked) => return Err(not_unlocked()),
            Err(e) => return Err(AppError::from(Error::from(e))),
        }
        // The first round starts at once: what was recorded before enrolling goes up now.
        self.inner.sync.request();
        self.sync_nudge();
        self.sync_state().await
    }

    /// Ask the central record about a person of a case (core's driver: the session is held only
    /// for the local steps around the network call, which core audits either way). When it
    /// cannot be asked — not enrolled, offline, refused, the person not recorded yet — the view
    /// is the device's, with the reason; what the view itself refuses (`purpose_required`…) is
    /// refused.
    pub async fn lookup_history(
        &self,
        req: PersonHistoryRequest,
    ) -> Result<HistoryLookup, AppError> {
        let enrolled = self.with_session(|s| s.sync_status()).await?.enrolled;
        let unreached = if enrolled {
            let options = ClientOptions::with_clock(self.inner.config.clock.clone());
            let access = StoreAccess(Arc::clone(&self.inner));
            let answer = match zastita_core::sync::client_for(&access, &options) {
                Ok(mut client) => {
                    zastita_core::sync::lookup_history(&access, &mut client, req.clone()).await
                }
                Err(e) => Err(e),
            };
            match answer {
                Ok(history) => {
                    return Ok(HistoryLookup {
                        history,
                        unreached: None,
                    });
                }
                Err(SyncError::Locked) => return Err(not_unlocked()),
                Err(e) => Some(AppError::from(Error::from(e))),
            }
        } else {
            Some(AppError::from(Error::from(SyncError::NotEnrolled)))
        };
        let history = self.with_session(move |s| s.person_history(req)).await?;
        Ok(HistoryLookup { history, unreached })
    }
}

/// Core's driver borrows the session through this: the store mutex for one short local step,
/// `None` when locked. The step runs with `block_in_place`, so a worker thread of the async
/// runtime waiting for the mutex (e.g. while an unlock derives its key) does not stall others.
struct StoreAccess(Arc<Shared>);

impl SessionAccess for StoreAccess {
    fn with_session<R>(&self, f: impl FnOnce(&mut Session) -> R) -> Option<R> {
        tokio::task::block_in_place(|| lock(&self.0.store).session.as_mut().map(f))
    }

    /// Revoked: the shell locks at once — the session (and its data key) is dropped, the
    /// database deleted, the device re-read so the unlock screen says "revoked" — instead of
    /// waiting for the auto-lock.
    fn revoked(&self) {
        self.0.sync.session_ended();
        tokio::task::block_in_place(|| {
            let mut store = lock(&self.0.store);
            if let Some(session) = store.session.take() {
                // The keys are gone already; a database left behind is deleted at the next
                // refresh or start.
                let _ = session.close_revoked();
            }
            if let Some(device) = store.device.as_mut() {
                let _ = device.refresh();
            }
        });
    }
}

/// The revocation check borrows the locked device the same way; `None` while unlocked (a session's
/// sync rounds learn of a revocation from the feed) or before the first run.
impl DeviceAccess for StoreAccess {
    fn with_device<R>(&self, f: impl FnOnce(&mut Device) -> R) -> Option<R> {
        tokio::task::block_in_place(|| {
            let mut store = lock(&self.0.store);
            if store.session.is_some() {
                return None;
            }
            store.device.as_mut().map(f)
        })
    }
}

pub fn not_unlocked() -> AppError {
    AppError::new(
        ErrorCode::NotUnlocked,
        "the store is locked: unlock it to continue",
    )
}

/// A poisoned mutex only means an earlier command panicked; the store itself is transactional,
/// so carrying on with it is safe.
fn lock(m: &Mutex<Store>) -> MutexGuard<'_, Store> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
