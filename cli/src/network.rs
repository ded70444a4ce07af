//! The one network conversation a command has (enrol, sync, a history lookup): a single-threaded
//! runtime, and the CLI's session lent to the sync driver.

use anyhow::{Context, Result};
use zastita_core::app::Session;
use zastita_core::sync::SessionAccess;

/// The CLI's one session, lent to the sync driver step by step.
pub(crate) struct Borrowed<'a>(pub(crate) std::sync::Mutex<&'a mut Session>);

impl SessionAccess for Borrowed<'_> {
    fn with_session<R>(&self, f: impl FnOnce(&mut Session) -> R) -> Option<R> {
        let mut guard = self.0.lock().ok()?;
        Some(f(&mut guard))
    }
}

/// A single-threaded runtime for the one network conversation a command has.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the network runtime")
}
