//! `ui/src/lib/bindings.ts` is generated from the Rust types; this fails when it drifts.
//! Bless a deliberate change with `ZASTITA_BLESS=1 cargo test -p zastita-app --test bindings`.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

#[test]
fn typescript_bindings_match_the_rust_types() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(zastita_app::bindings::BINDINGS_PATH);
    let fresh = zastita_app::bindings::typescript();
    if std::env::var_os("ZASTITA_BLESS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == fresh,
        "{} is out of date with the Rust types: run `ZASTITA_BLESS=1 cargo test -p zastita-app --test bindings` and commit the result",
        path.display()
    );
}

#[test]
fn the_capability_grants_exactly_the_registered_commands() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let cap: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("capabilities/main.json")).unwrap())
            .unwrap();
    let mut granted: Vec<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect();
    granted.sort();
    let lib = std::fs::read_to_string(dir.join("src/lib.rs")).unwrap();
    let mut registered: Vec<String> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("commands::"))
        .map(|c| format!("allow-{}", c.trim_end_matches(',').replace('_', "-")))
        .collect();
    registered.sort();
    assert!(!registered.is_empty());
    assert_eq!(
        granted, registered,
        "capabilities/main.json vs generate_handler!"
    );
    let build = std::fs::read_to_string(dir.join("build.rs")).unwrap();
    for c in &registered {
        let name = c.trim_start_matches("allow-").replace('-', "_");
        assert!(
            build.contains(&format!("\"{name}\"")),
            "{name} missing from build.rs's app manifest"
        );
    }
}

/// Every error code that can reach the UI — core's `Error::code()` and the shell's own — has a
/// message in every language's catalogue (`error-<code>`); otherwise the officer would see the
/// generic "unexpected error".
#[test]
fn every_error_code_has_a_message_in_every_language() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let quoted_after = |text: &str, marker: &str| -> Vec<String> {
        text.match_indices(marker)
            .filter_map(|(i, _)| {
                let rest = text[i + marker.len()..].trim_start();
                let rest = rest.strip_prefix('"')?;
                Some(rest[..rest.find('"')?].to_owned())
            })
            .collect()
    };
    let core = std::fs::read_to_string(root.join("core/src/error.rs")).unwrap();
    let code_fn = &core[core.find("pub fn code(&self)").unwrap()..];
    let code_fn = &code_fn[..code_fn.find("\n    }\n").unwrap()];
    let mut codes = quoted_after(code_fn, "=>");
    // An order's refusals travel as their own codes (core's `law::OrderRefusal::code`).
    let law = std::fs::read_to_string(root.join("core/src/law/admit.rs")).unwrap();
    let law_fn = &law[law.find("pub fn code(&self)").unwrap()..];
    let law_fn = &law_fn[..law_fn.find("\n    }\n").unwrap()];
    let refusals = quoted_after(law_fn, "=>");
    assert!(refusals.len() >= 16, "{refusals:?}");
    codes.extend(refusals);
    // Enrolment and sync failures travel as their own codes (core's `sync::SyncError::code`).
    let sync = std::fs::read_to_string(root.join("core/src/sync/mod.rs")).unwrap();
    let sync_fn = &sync[sync.find("pub fn code(&self)").unwrap()..];
    let sync_fn = &sync_fn[..sync_fn.find("\n    }\n").unwrap()];
    let sync_codes = quoted_after(sync_fn, "=>");
    assert!(sync_codes.len() >= 15, "{sync_codes:?}");
    codes.extend(sync_codes);
    for file in ["src/commands.rs", "src/state.rs"] {
        let text = std::fs::read_to_string(root.join("src-tauri").join(file)).unwrap();
        codes.extend(quoted_after(&text, "AppError::new("));
    }
    assert!(codes.len() > 30, "{codes:?}");
    for lang in ["sr-Latn", "sr-Cyrl", "hu", "en"] {
        let ftl =
            std::fs::read_to_string(root.join(format!("ui/src/i18n/{lang}/errors.ftl"))).unwrap();
        for code in &codes {
            assert!(
                ftl.lines()
                    .any(|l| l.starts_with(&format!("error-{code} ="))),
                "ui/src/i18n/{lang}/errors.ftl has no message for error code {code}"
            );
        }
    }
}
