//! zastita-app: the Tauri shell. It owns the window, the store directory it was started on, and
//! the IPC commands; every command is a one-line adapter over `zastita_core::app`.
//!
//! **Invariant:** no domain logic here. If a command needs more than a call into core, the logic
//! belongs in core, where the CLI and the tests reach it too.
//!
//! Start at [`builder`] (what `main` and the mock-runtime tests share), then `command_list.rs`
//! (every command, once), [`commands`] (their bodies) and [`state`].

#[macro_use]
mod command_list;
pub mod bindings;
pub mod commands;
pub mod ipc;
pub mod netwatch;
pub mod state;
pub mod sync;

pub use state::AppState;

use std::path::PathBuf;
use tauri::Manager;
use zastita_core::app::DeviceConfig;

/// `base` with the app's commands: `tauri::Builder::default()` for the real webview, or tauri's
/// `mock_builder()` in tests (which `.manage` an [`AppState`] of their own).
pub fn builder<R: tauri::Runtime>(base: tauri::Builder<R>) -> tauri::Builder<R> {
    base.invoke_handler(ipc::handler())
}

/// Run the real app until its window closes, on the store in `store` or, by default, in `store`
/// under the app's data directory (resolved by Tauri, so it is right on every platform including
/// Android). The session, if any, is locked on the way out so the audit log records it.
pub fn run(store: Option<PathBuf>, config: DeviceConfig) -> Result<(), tauri::Error> {
    let app = builder(tauri::Builder::default())
        .setup(move |app| {
            let dir = match store {
                Some(dir) => dir,
                None => app.path().app_data_dir()?.join("store"),
            };
            let state = AppState::new(dir, config);
            // Background sync: its loop, and the network's changes as reasons to sync.
            state.sync_nudge();
            let on_change = state.clone();
            netwatch::spawn(move || on_change.sync_nudge());
            app.manage(state);
            Ok(())
        })
        .build(tauri::generate_context!())?;
    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event
            && let Some(state) = handle.try_state::<AppState>()
        {
            state.lock_on_exit();
        }
    });
    Ok(())
}
