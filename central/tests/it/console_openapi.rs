//! The console's OpenAPI description (`protocol::console::openapi`) against the real server:
//! the router's console API routes and the description's paths are the same set (the routes
//! read from the console's source, so a new route without a description fails), every described
//! operation is routed (neither the fallback's 404 nor a 405) and every method it does not
//! describe is refused 405, and the server serves the checked-in description.

use std::collections::BTreeSet;

use serde_json::Value;
use uuid::Uuid;
use zastita_protocol::console::openapi::{CONSOLE_OPENAPI_JSON, operations};

use crate::console_client::call;
use crate::harness::TestCentral;

/// Every `"/console/api/…"` literal of the console's source: the paths its routes are made
/// with (`routes()` and the chain's `routes_with`).
fn routed_paths() -> BTreeSet<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/console");
    let mut paths = BTreeSet::new();
    for file in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
        for part in text.split("\"/console/api/").skip(1) {
            let rest: String = part.chars().take_while(|c| *c != '"').collect();
            paths.insert(format!("/console/api/{rest}"));
        }
    }
    paths
}

fn described() -> Value {
    serde_json::from_str(CONSOLE_OPENAPI_JSON).unwrap()
}

/// A path of the description with its parameters filled in.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|p| match p {
            "{sha256}" => "ab".repeat(32),
            "{badge}" => "NS-0001".to_owned(),
            p if p.starts_with('{') => Uuid::now_v7().to_string(),
            p => p.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[test]
fn the_console_routes_and_the_description_are_the_same_set() {
    let doc = described();
    let paths: BTreeSet<String> = doc["paths"].as_object().unwrap().keys().cloned().collect();
    let routed = routed_paths();
    assert_eq!(
        routed.difference(&paths).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "routed but not in protocol/console-openapi.json"
    );
    assert_eq!(
        paths.difference(&routed).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "described but not routed"
    );
}

#[tokio::test]
async fn every_described_operation_is_routed_and_no_other_method_is() {
    let c = TestCentral::start();
    let served = call(&c, "GET", "/openapi.json", None, None, &[], None).await;
    assert_eq!(served.status, 200);
    assert_eq!(
        served.body,
        described(),
        "the server serves the checked-in description"
    );
    let doc = described();
    let ops = operations(&doc);
    for (path, method) in &ops {
        let url = concrete(path);
        let api = url.strip_prefix("/console/api").unwrap();
        let a = call(&c, method, api, None, None, &[], None).await;
        let no_route =
            a.status == 405 || (a.status == 404 && a.body["detail"] == "no such endpoint");
        assert!(!no_route, "{method} {path}: {} {}", a.status, a.body);
        // Whatever it answered is a status the description gives it.
        let listed = &doc["paths"][path][method.to_lowercase()]["responses"];
        assert!(
            listed.get(a.status.to_string()).is_some(),
            "{method} {path} answered {} {}, not in its responses",
            a.status,
            a.body
        );
    }
    for path in doc["paths"].as_object().unwrap().keys() {
        for method in ["GET", "POST", "PUT", "DELETE", "PATCH"] {
            if ops.iter().any(|(p, m)| p == path && m == method) {
                continue;
            }
            let url = concrete(path);
            let a = call(
                &c,
                method,
                url.strip_prefix("/console/api").unwrap(),
                None,
                None,
                &[],
                None,
            )
            .await;
            assert_eq!(
                a.status, 405,
                "{method} {path} is routed but not described: {}",
                a.body
            );
        }
    }
    c.stop();
}
