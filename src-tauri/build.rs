//! Builds the Tauri context and the app manifest: the commands listed here are the only ones the
//! UI may call, each needing its `allow-…` permission in `capabilities/`.

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(zastita_commands())),
    )
    .expect("tauri build script failed");
}

/// Keep in step with `generate_handler!` in src/lib.rs (a test checks the capability file).
fn zastita_commands() -> &'static [&'static str] {
    &[
        "app_status",
        "passphrase_problems",
        "init_store",
        "unlock",
        "lock",
        "list_cases",
        "new_person",
        "save_case_draft",
        "record_case",
        "open_case",
        "case_timeline",
        "start_statement",
        "save_statement_draft",
        "sign_statement",
        "get_prefs",
        "set_prefs",
        "list_instruments",
        "start_assessment",
        "get_assessment",
        "save_assessment",
        "complete_assessment",
        "order_wizard",
        "save_order_draft",
        "get_order",
        "issue_order",
        "record_order_event",
        "generate_document",
        "case_documents",
        "document_preview",
        "sync_status",
        "sync_now",
        "enroll_device",
    ]
}
