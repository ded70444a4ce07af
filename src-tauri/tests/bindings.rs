//! The files generated from the Rust side of the IPC contract — `ui/src/lib/bindings.ts` (the
//! types), `ui/src/lib/commands.ts` (the typed client) and the command table of
//! `docs/app-ipc.md` — match what the Rust code produces, and every error code has a message.
//! Bless a deliberate change with `ZASTITA_BLESS=1 cargo test -p zastita-app --test bindings`.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use zastita_app::bindings;
use zastita_core::error::ErrorCode;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `fresh` is what `relative` must hold: written under `ZASTITA_BLESS`, else compared.
fn check_generated(relative: &str, fresh: &str) {
    let path = root().join(relative);
    if std::env::var_os("ZASTITA_BLESS").is_some() {
        std::fs::write(&path, fresh).unwrap();
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == fresh,
        "{relative} is out of date with the Rust side: run `ZASTITA_BLESS=1 cargo test -p zastita-app --test bindings` and commit the result"
    );
}

#[test]
fn typescript_bindings_match_the_rust_types() {
    check_generated(bindings::BINDINGS_PATH, &bindings::typescript());
}

#[test]
fn the_typescript_client_matches_the_command_list() {
    let client = bindings::client();
    assert!(client.contains("getOrder: (id: OrderId) => call<OrderView>('get_order', { id }),"));
    assert!(client.contains(
        "orderWizard: (caseId: CaseId) => call<OrderWizardStart>('order_wizard', { caseId }),"
    ));
    check_generated(bindings::CLIENT_PATH, &client);
}

#[test]
fn the_documented_command_table_matches_the_command_list() {
    let doc = std::fs::read_to_string(root().join(bindings::DOCS_PATH)).unwrap();
    let fresh = bindings::docs_with_table(&doc).expect("docs/app-ipc.md lost its table markers");
    check_generated(bindings::DOCS_PATH, &fresh);
}

#[test]
fn the_command_list_names_each_command_once() {
    let commands = bindings::commands();
    let mut names: Vec<_> = commands.iter().map(|c| c.name).collect();
    assert!(names.len() >= 32, "{names:?}");
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), commands.len(), "a command is listed twice");
    assert!(
        commands.iter().all(|c| !c.doc.is_empty()),
        "every command says what it does"
    );
}

/// Every error code that can reach the UI has a message in every language's catalogue
/// (`error-<code>`); otherwise the officer would see the generic "unexpected error".
#[test]
fn every_error_code_has_a_message_in_every_language() {
    assert!(ErrorCode::iter().count() > 80);
    for lang in ["sr-Latn", "sr-Cyrl", "hu", "en"] {
        let path = root().join(format!("ui/src/i18n/{lang}/errors.ftl"));
        let ftl = std::fs::read_to_string(&path).unwrap();
        for code in ErrorCode::iter() {
            assert!(
                ftl.lines()
                    .any(|l| l.starts_with(&format!("error-{code} ="))),
                "{} has no message for error code {code}",
                path.display()
            );
        }
    }
}
