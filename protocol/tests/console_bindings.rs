//! The console's generated TypeScript (`ui/src/console/bindings.ts`) matches the Rust types of
//! `protocol::console`, and the app's types it imports exist in the app's generated file — the
//! case's types are declared once, for both UIs. Bless a deliberate change with
//! `ZASTITA_BLESS=1 cargo test -p zastita-protocol --test console_bindings`.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::PathBuf;
use zastita_protocol::console::bindings::{APP_TYPES, BINDINGS_PATH, typescript};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `ts` without its comments (`// …` lines and the `/** … */` blocks ts-rs copies from the docs).
fn code_of(ts: &str) -> String {
    let mut out = String::new();
    let mut rest = ts;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    out.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The capitalised identifiers a TypeScript text's code names (string literals left out).
fn type_names(ts: &str) -> BTreeSet<String> {
    code_of(ts)
        .split('"')
        .step_by(2)
        .flat_map(|s| s.split(|c: char| !c.is_ascii_alphanumeric() && c != '_'))
        .filter(|w| w.starts_with(|c: char| c.is_ascii_uppercase()))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_console_bindings_match_the_rust_types() {
    let fresh = typescript();
    let path = root().join(BINDINGS_PATH);
    if std::env::var_os("ZASTITA_BLESS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == fresh,
        "{BINDINGS_PATH} is out of date with protocol::console: run `ZASTITA_BLESS=1 cargo test -p zastita-protocol --test console_bindings` and commit the result"
    );
}

#[test]
fn every_type_the_console_names_is_declared_here_or_imported_from_the_app() {
    let fresh = typescript();
    let declared: BTreeSet<String> = fresh
        .lines()
        .filter_map(|l| l.strip_prefix("export type "))
        .filter_map(|l| l.split([' ', '=']).next())
        .map(str::to_owned)
        .collect();
    assert!(declared.contains("OrderFile") && declared.contains("SessionInfo"));
    let imported: BTreeSet<String> = APP_TYPES.iter().map(|s| (*s).to_owned()).collect();
    // Nothing the app declares is declared again for the console.
    assert!(
        declared.is_disjoint(&imported),
        "{declared:?} ∩ {imported:?}"
    );
    // The declarations, after the header comment and the import line.
    let body: String = fresh
        .lines()
        .filter(|l| !l.starts_with("import "))
        .collect::<Vec<_>>()
        .join("\n");
    let builtins = ["Array", "Record"];
    let unknown: Vec<_> = type_names(&body)
        .into_iter()
        .filter(|n| !declared.contains(n) && !imported.contains(n) && !builtins.contains(&&**n))
        .collect();
    assert!(
        unknown.is_empty(),
        "named but neither declared nor imported: {unknown:?}"
    );
    // Every imported type is used, and exported by the app's generated file.
    let app = std::fs::read_to_string(root().join("ui/src/lib/bindings.ts")).unwrap();
    for t in APP_TYPES {
        assert!(
            type_names(&body).contains(t),
            "{t} is imported but not used"
        );
        assert!(
            app.contains(&format!("export type {t} =")),
            "ui/src/lib/bindings.ts exports no {t}: regenerate the app's bindings"
        );
    }
}
