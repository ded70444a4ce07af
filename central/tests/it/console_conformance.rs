//! Every answer the console's API tests receive, checked against the console's OpenAPI
//! description (`protocol/console-openapi.json`) as it is checked in: the operation (method and
//! path template) is described, the status is one it describes, and the JSON body is valid
//! against that status's schema — read strictly: OpenAPI 3.0's `nullable` as JSON Schema's null
//! type, formats (`date-time`, `uuid`, `date`) checked, and every described object closed, so a
//! field the server sends that the description does not name fails as surely as a missing one.
//! `console_client::call_url` calls [`check`] on each answer, so every console test (sign-in,
//! accounts, station, chain, audit) is also a conformance test of what it was answered.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use serde_json::{Map, Value, json};

static DESCRIPTION: LazyLock<Value> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../../protocol/console-openapi.json"))
        .expect("protocol/console-openapi.json is JSON")
});

/// The described components, converted once.
static COMPONENTS: LazyLock<Value> = LazyLock::new(|| strict(&DESCRIPTION["components"]));

/// Validators built so far, by (method, path template, status).
type Cache = Mutex<HashMap<(String, String, String), Arc<jsonschema::Validator>>>;
static VALIDATORS: LazyLock<Cache> = LazyLock::new(|| Mutex::new(HashMap::new()));

/// An OpenAPI 3.0 schema as a closed JSON Schema (draft 4, which 3.0's schemas extend):
/// `nullable: true` becomes a null in `type` (and in `enum`), and an object schema that names
/// its properties and says nothing of others admits no others.
pub fn strict(schema: &Value) -> Value {
    match schema {
        Value::Array(items) => Value::Array(items.iter().map(strict).collect()),
        Value::Object(o) => {
            let mut out: Map<String, Value> =
                o.iter().map(|(k, v)| (k.clone(), strict(v))).collect();
            if out.remove("nullable") == Some(Value::Bool(true)) {
                if let Some(t) = out.get("type").and_then(Value::as_str) {
                    let t = t.to_owned();
                    out.insert("type".into(), json!([t, "null"]));
                }
                if let Some(Value::Array(e)) = out.get_mut("enum")
                    && !e.contains(&Value::Null)
                {
                    e.push(Value::Null);
                }
            }
            if out.contains_key("properties") && !out.contains_key("additionalProperties") {
                out.insert("additionalProperties".into(), Value::Bool(false));
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

/// The described path template `path` (without its query) falls under, if any.
fn template_of(path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('/').collect();
    DESCRIPTION["paths"]
        .as_object()?
        .keys()
        .find(|t| {
            let ts: Vec<&str> = t.split('/').collect();
            ts.len() == segments.len()
                && ts.iter().zip(&segments).all(|(t, s)| {
                    (t.starts_with('{') && t.ends_with('}') && !s.is_empty()) || t == s
                })
        })
        .cloned()
}

fn validator(key: (String, String, String), schema: &Value) -> Arc<jsonschema::Validator> {
    let mut cache = VALIDATORS.lock().unwrap();
    if let Some(v) = cache.get(&key) {
        return v.clone();
    }
    // The components sit beside the schema so its `#/components/schemas/…` resolve.
    let root = json!({
        "allOf": [strict(schema)],
        "components": COMPONENTS.clone(),
    });
    let built = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .build(&root)
        .unwrap_or_else(|e| panic!("the description's schema for {key:?} does not build: {e}"));
    let built = Arc::new(built);
    cache.insert(key, built.clone());
    built
}

/// Check one answer of the console's API (`path` under `/console/api`, with its query if any)
/// against the description; panics naming the operation and every way the answer differs.
pub fn check(method: &str, path: &str, status: u16, content_type: Option<&str>, body: &Value) {
    let full = format!("/console/api{}", path.split('?').next().unwrap_or_default());
    let method = method.to_ascii_lowercase();
    let operation = template_of(&full).and_then(|t| {
        DESCRIPTION["paths"][&t]
            .get(&method)
            .map(|op| (t.clone(), op.clone()))
    });
    let Some((template, op)) = operation else {
        // Not an operation of the console: the server's answer is a refusal, in its one shape.
        assert!(
            matches!(status, 404 | 405),
            "{method} {full}: no such operation is described, yet it was answered {status}"
        );
        if !body.is_null() {
            let v = validator(
                ("*".into(), "*".into(), status.to_string()),
                &json!({"$ref": "#/components/schemas/Problem"}),
            );
            report(&method, &full, status, &v, body);
        }
        return;
    };
    let responses = &op["responses"];
    let Some(response) = responses
        .get(status.to_string())
        .or_else(|| responses.get("default"))
    else {
        panic!(
            "{method} {template}: answered {status}, which the description does not list (it lists {:?})",
            responses.as_object().map(|o| o.keys().collect::<Vec<_>>())
        );
    };
    let json_schema = response.pointer("/content/application~1json/schema");
    match (json_schema, body) {
        (None, Value::Null) => {}
        (None, _) => panic!(
            "{method} {template} {status}: the description gives no JSON body, yet one came: {body}"
        ),
        (Some(_), Value::Null) => {
            panic!("{method} {template} {status}: the description gives a JSON body, yet none came")
        }
        (Some(schema), _) => {
            assert!(
                content_type.is_some_and(|c| c.starts_with("application/json")),
                "{method} {template} {status}: a JSON body sent as {content_type:?}"
            );
            let v = validator(
                (method.clone(), template.clone(), status.to_string()),
                schema,
            );
            report(&method, &template, status, &v, body);
        }
    }
}

/// Check a non-JSON answer (a document): the operation describes the status with this content
/// type.
pub fn check_media(method: &str, path: &str, status: u16, content_type: Option<&str>) {
    let full = format!("/console/api{}", path.split('?').next().unwrap_or_default());
    let method = method.to_ascii_lowercase();
    let template = template_of(&full).unwrap_or_else(|| panic!("{method} {full}: not described"));
    let response = &DESCRIPTION["paths"][&template][&method]["responses"][status.to_string()];
    let media = content_type
        .and_then(|c| c.split(';').next())
        .unwrap_or_default()
        .trim();
    assert!(
        response["content"].get(media).is_some(),
        "{method} {template} {status}: answered as {content_type:?}, described as {}",
        response["content"]
    );
}

fn report(method: &str, template: &str, status: u16, v: &jsonschema::Validator, body: &Value) {
    let errors: Vec<String> = v
        .iter_errors(body)
        .map(|e| format!("  at {}: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{method} {template} {status}: the answer is not what the description says:\n{}\nbody: {body}",
        errors.join("\n")
    );
}

#[test]
fn strict_reads_nullable_and_closes_objects() {
    let s = strict(&json!({
        "type": "object",
        "properties": {
            "a": {"type": "string", "nullable": true},
            "b": {"anyOf": [{"$ref": "#/x"}, {"enum": [null], "nullable": true}]},
        }
    }));
    assert_eq!(s["additionalProperties"], json!(false));
    assert_eq!(s["properties"]["a"]["type"], json!(["string", "null"]));
    assert_eq!(s["properties"]["b"]["anyOf"][1], json!({"enum": [null]}));
    let v = validator(
        ("test".into(), "test".into(), "200".into()),
        &json!({"$ref": "#/components/schemas/Problem"}),
    );
    let problem = json!({"status": 400, "code": "invalid", "detail": "x", "server_time": null});
    assert!(v.is_valid(&problem), "the described shape failed");
    let mut extra = problem.clone();
    extra["undescribed"] = json!(1);
    assert!(!v.is_valid(&extra), "an undescribed field passed");
    let mut wrong = problem.clone();
    wrong["server_time"] = json!("yesterday");
    assert!(!v.is_valid(&wrong), "a date-time that is not one passed");
    let mut missing = problem;
    missing.as_object_mut().unwrap().remove("code");
    assert!(!v.is_valid(&missing), "a missing required field passed");
}
