//! zastita-app: the Tauri shell. It owns the window, the store directory it was started on, and
//! the IPC commands; every command is a one-line adapter over `zastita_core::app`.
//!
//! **Invariant:** no domain logic here. If a command needs more than a call into core, the logic
//! belongs in core, where the CLI and the tests reach it too.
//!
//! Start at [`builder`] (what `main` and the mock-runtime tests share), then [`commands`] and
//! [`state`].

pub mod bindings;
pub mod commands;
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
    base.invoke_handler(tauri::generate_handler![
        commands::app_status,
        commands::passphrase_problems,
        commands::init_store,
        commands::unlock,
        commands::lock,
        commands::list_cases,
        commands::new_person,
        commands::save_case_draft,
        commands::record_case,
        commands::open_case,
        commands::case_timeline,
        commands::start_statement,
        commands::save_statement_draft,
        commands::sign_statement,
        commands::get_prefs,
        commands::set_prefs,
        commands::list_instruments,
        commands::start_assessment,
        commands::get_assessment,
        commands::save_assessment,
        commands::complete_assessment,
        commands::order_wizard,
        commands::save_order_draft,
        commands::get_order,
        commands::issue_order,
        commands::record_order_event,
        commands::generate_document,
        commands::case_documents,
        commands::document_preview,
        commands::sync_status,
        commands::sync_now,
        commands::enroll_device,
    ])
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
