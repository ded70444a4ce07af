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

use zastita_core::app::{Device, DeviceConfig, Session};
use zastita_core::error::{AppError, Error};

pub struct AppState {
    inner: Arc<Shared>,
}

struct Shared {
    dir: PathBuf,
    config: DeviceConfig,
    store: Mutex<Store>,
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
        .map_err(|_| AppError::new("internal", "the operation was interrupted"))?
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
    pub fn lock_on_exit(&self) {
        let mut store = lock(&self.inner.store);
        if let Some(session) = store.session.take() {
            let _ = session.lock();
        }
    }
}

pub fn not_unlocked() -> AppError {
    AppError::new("not_unlocked", "the store is locked: unlock it to continue")
}

/// A poisoned mutex only means an earlier command panicked; the store itself is transactional,
/// so carrying on with it is safe.
fn lock(m: &Mutex<Store>) -> MutexGuard<'_, Store> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
