//! The console's description against its types and itself.

use super::*;

#[test]
fn the_checked_in_console_description_matches_the_types() {
    crate::openapi::check_checked_in(
        &build(),
        "console-openapi.json",
        CONSOLE_OPENAPI_JSON,
        "the console's types",
    );
}

#[test]
fn every_reference_resolves_and_every_operation_is_complete() {
    let doc = build();
    let text = doc.to_string();
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for part in text.split("#/components/schemas/").skip(1) {
        let name: String = part.chars().take_while(|c| *c != '"').collect();
        assert!(
            schemas.contains_key(&name),
            "{name} is referenced but not defined"
        );
    }
    let mut seen = 0;
    for (path, method) in operations(&doc) {
        let op = &doc["paths"][&path][method.to_lowercase()];
        let responses = op["responses"].as_object().unwrap();
        // Every endpoint answers its limits; a signed-in one its session's end.
        for s in ["408", "429", "500", "503"] {
            assert!(responses.contains_key(s), "{method} {path}: {s}");
        }
        let signed_in = op["security"] == cookie();
        if signed_in {
            assert!(
                responses["401"]["description"]
                    .as_str()
                    .is_some_and(|d| d.contains("`session_expired`")),
                "{method} {path}"
            );
        }
        // A change takes the CSRF header and can be refused for it.
        let takes_csrf = op["parameters"]
            .as_array()
            .is_some_and(|p| p.iter().any(|p| p["name"] == CSRF_HEADER));
        if signed_in && method != "GET" {
            assert!(
                takes_csrf,
                "{method} {path} is a change without X-CSRF-Token"
            );
            assert!(
                responses["403"]["description"]
                    .as_str()
                    .unwrap()
                    .contains("`csrf`"),
                "{method} {path}"
            );
        }
        // Every `{param}` of the path is a path parameter.
        for part in path.split('/').filter(|p| p.starts_with('{')) {
            let name = part.trim_matches(|c| c == '{' || c == '}');
            assert!(
                op["parameters"]
                    .as_array()
                    .is_some_and(|p| p.iter().any(|p| p["name"] == name && p["in"] == "path")),
                "{method} {path}: {name}"
            );
        }
        seen += 1;
    }
    assert_eq!(seen, 25);
}
