//! The console's OpenAPI 3.0 description (`/console/api/…`), a sibling of the device API's
//! (`crate::openapi`), built the same way: the `protocol::console` types' JSON Schemas (schemars)
//! and the paths below, each with its parameters, body, answer and exactly the refusals it can
//! answer (status → the console's and the server's codes). `protocol/console-openapi.json` is the
//! checked-in copy the central record serves at `/console/api/openapi.json`; the test here fails
//! when it drifts from the types (`ZASTITA_BLESS=1 cargo test -p zastita-protocol` rewrites it),
//! and central's test fails when the router's console routes and these paths differ.

use std::collections::BTreeMap;

use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

use super::auth::{
    NewOperator, NewOperatorResponse, OperatorSummary, SessionInfo, SetupConfirm, SetupRequest,
    SetupResponse, SignInRequest,
};
use super::chain::{ActRequest, Board, OpenOrder, OrderFile};
use super::station::{
    AssignOfficer, EnrolmentCodeView, NewEnrolment, NewStationOfficer, StationDevice,
    StationOfficer,
};
use super::{AuditPage, codes};
use crate::messages::{Problem, codes as wire};

/// The checked-in description, as the server serves it.
pub const CONSOLE_OPENAPI_JSON: &str = include_str!("../../console-openapi.json");

/// The session cookie (`central::console::session::COOKIE`).
pub const COOKIE: &str = "__Host-zastita-console";
/// The header every change carries the session's CSRF token in.
pub const CSRF_HEADER: &str = "X-CSRF-Token";

/// A status and the codes a `Problem` with it can carry.
type Refusals = &'static [(u16, &'static [&'static str])];

/// What every console endpoint can answer: the server's limits and failures.
const ANY: Refusals = &[
    (408, &[wire::REQUEST_TIMEOUT]),
    (429, &[wire::RATE_LIMITED]),
    (500, &[wire::INTERNAL]),
    (503, &[wire::OVERLOADED]),
];
/// A view: the session (cookie) is checked.
const SIGNED_IN: Refusals = &[(401, &[codes::SESSION_EXPIRED])];
/// A change: the session, and the CSRF token and a same-site request.
const CHANGING: Refusals = &[(401, &[codes::SESSION_EXPIRED]), (403, &[codes::CSRF])];
/// A JSON body: unreadable (400), over the limit (413), not JSON (415), not the schema (422).
const JSON_BODY: Refusals = &[
    (400, &[wire::MALFORMED]),
    (413, &[wire::TOO_LARGE]),
    (415, &[wire::MALFORMED]),
    (422, &[wire::MALFORMED]),
];
/// A path or query parameter that does not parse.
const PARAMS: Refusals = &[(400, &[wire::MALFORMED])];
/// A view's `?purpose=` (checked by the handler).
const PURPOSE: Refusals = &[(400, &[codes::PURPOSE_REQUIRED, codes::INVALID])];
/// The role check (audited).
const ROLE: Refusals = &[(403, &[codes::FORBIDDEN_ROLE])];
/// Another institution's or administration's thing (audited), or none.
const OWN: Refusals = &[
    (403, &[codes::OUTSIDE_JURISDICTION]),
    (404, &[codes::NOT_FOUND]),
];
/// Sign-in and setup: a cross-site request, and the per-address limit of attempts.
const SIGN_IN: Refusals = &[(403, &[codes::CSRF]), (429, &[wire::RATE_LIMITED])];

fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn json_content(schema: Value) -> Value {
    json!({"application/json": {"schema": schema}})
}

fn array_of(name: &str) -> Value {
    json!({"type": "array", "items": reference(name)})
}

fn what(status: u16) -> &'static str {
    match status {
        400 => "the request, a parameter or a field is not right",
        401 => "not signed in, or the credentials are not right",
        403 => "refused: the request's origin, the role or the jurisdiction",
        404 => "no such thing (or none this operator may know of)",
        408 => "the request did not arrive in time",
        409 => "the law does not admit this act in the order's state",
        413 => "the body is over the limit",
        415 => "the body is not JSON",
        422 => {
            "the body does not have the shape this description gives it, or a field fails its rule"
        }
        429 => "too many requests or sign-ins; retry after `Retry-After` seconds",
        500 => "the server failed; retry later",
        503 => "too many requests in progress; retry after `Retry-After` seconds",
        _ => "refused",
    }
}

/// The responses of an endpoint: `ok` (status → response) and a `Problem` response for every
/// status of `refusals`, its description listing the codes it can carry.
fn responses(ok: Value, refusals: &[Refusals]) -> Value {
    let mut by_status: BTreeMap<u16, Vec<&str>> = BTreeMap::new();
    for (status, list) in refusals.iter().chain([&ANY]).flat_map(|r| r.iter()) {
        let codes = by_status.entry(*status).or_default();
        for c in *list {
            if !codes.contains(c) {
                codes.push(c);
            }
        }
    }
    let mut all = ok;
    if let Some(map) = all.as_object_mut() {
        for (status, codes) in by_status {
            let listed: Vec<String> = codes.iter().map(|c| format!("`{c}`")).collect();
            let mut answer = json!({
                "description": format!("{}: {}", what(status), listed.join(", ")),
                "content": json_content(reference("Problem"))
            });
            if matches!(status, 429 | 503) {
                answer["headers"] = json!({"Retry-After": {
                    "description": "seconds to wait before trying again",
                    "required": true,
                    "schema": {"type": "integer", "minimum": 1}
                }});
            }
            map.insert(status.to_string(), answer);
        }
    }
    all
}

fn ok_json(description: &str, schema: Value) -> Value {
    json!({"200": {"description": description, "content": json_content(schema)}})
}

fn no_content(description: &str) -> Value {
    json!({"204": {"description": description}})
}

fn body(name: &str) -> Value {
    json!({"required": true, "content": json_content(reference(name))})
}

fn csrf_header() -> Value {
    json!({"name": CSRF_HEADER, "in": "header", "required": true,
           "description": "the session's `csrf_token` (`SessionInfo`)",
           "schema": {"type": "string", "pattern": "^[0-9a-f]{64}$"}})
}

fn path_param(name: &str, schema: Value) -> Value {
    json!({"name": name, "in": "path", "required": true, "schema": schema})
}

fn uuid() -> Value {
    json!({"type": "string", "format": "uuid"})
}

fn query(name: &str, required: bool, description: &str, schema: Value) -> Value {
    json!({"name": name, "in": "query", "required": required, "description": description,
           "schema": schema})
}

/// `?purpose=&purpose_text=`: why the operator consults (required; 400 `purpose_required`).
fn purpose_params() -> Vec<Value> {
    vec![
        query(
            "purpose",
            true,
            "why the operator consults (a missing one is refused with `purpose_required`)",
            reference("ConsolePurposeCode"),
        ),
        query(
            "purpose_text",
            false,
            "the operator's words: one line of at most 200 characters",
            json!({"type": "string", "maxLength": 200}),
        ),
    ]
}

/// A change: the CSRF header and `extra` parameters.
fn changing(extra: Vec<Value>) -> Value {
    let mut list = vec![csrf_header()];
    list.extend(extra);
    Value::Array(list)
}

/// The session cookie as the one security scheme of signed-in endpoints.
fn cookie() -> Value {
    json!([{"session": []}])
}

/// An endpoint without a session (sign-in, setup, this description).
fn public() -> Value {
    json!([])
}

/// Build the description from the types.
pub fn build() -> Value {
    let mut generator = SchemaSettings::openapi3().into_generator();
    generator.subschema_for::<SetupRequest>();
    generator.subschema_for::<SetupResponse>();
    generator.subschema_for::<SetupConfirm>();
    generator.subschema_for::<SignInRequest>();
    generator.subschema_for::<SessionInfo>();
    generator.subschema_for::<OperatorSummary>();
    generator.subschema_for::<NewOperator>();
    generator.subschema_for::<NewOperatorResponse>();
    generator.subschema_for::<AuditPage>();
    generator.subschema_for::<Board>();
    generator.subschema_for::<OpenOrder>();
    generator.subschema_for::<OrderFile>();
    generator.subschema_for::<ActRequest>();
    generator.subschema_for::<StationDevice>();
    generator.subschema_for::<NewEnrolment>();
    generator.subschema_for::<EnrolmentCodeView>();
    generator.subschema_for::<StationOfficer>();
    generator.subschema_for::<NewStationOfficer>();
    generator.subschema_for::<AssignOfficer>();
    generator.subschema_for::<super::ConsolePurposeCode>();
    generator.subschema_for::<Problem>();
    let schemas = Value::Object(generator.take_definitions(true));
    let set_cookie = json!({"Set-Cookie": {
        "description": format!("`{COOKIE}=…; Path=/; Secure; HttpOnly; SameSite=Strict`"),
        "required": true,
        "schema": {"type": "string"}
    }});
    let cleared = json!({"Set-Cookie": {
        "description": format!("`{COOKIE}` cleared (Max-Age=0)"),
        "required": true,
        "schema": {"type": "string"}
    }});
    let order_id = path_param("order_id", uuid());
    let operator_id = path_param("id", uuid());
    let device_id = path_param("id", uuid());
    let badge = path_param("badge", json!({"type": "string", "minLength": 1}));
    let mut board_params = purpose_params();
    board_params.push(query(
        "page",
        false,
        "the page, from 0",
        json!({"type": "integer", "minimum": 0, "maximum": u32::MAX}),
    ));
    board_params.push(query(
        "scope",
        false,
        "which orders (`open` when absent)",
        reference("BoardScope"),
    ));
    let mut document_params = vec![
        order_id.clone(),
        path_param("record_id", uuid()),
        path_param("sha256", json!({"type": "string"})),
    ];
    document_params.extend(purpose_params());
    let audit_params = vec![
        query(
            "actor",
            false,
            "an actor's id or name",
            json!({"type": "string"}),
        ),
        query("action", false, "an action code", json!({"type": "string"})),
        query(
            "target",
            false,
            "a target (`order:<uuid>`…)",
            json!({"type": "string"}),
        ),
        query(
            "from",
            false,
            "entries at or after",
            json!({"type": "string", "format": "date-time"}),
        ),
        query(
            "to",
            false,
            "entries before",
            json!({"type": "string", "format": "date-time"}),
        ),
        query(
            "before",
            false,
            "the previous page's `before`",
            json!({"type": "integer", "minimum": 0}),
        ),
        query(
            "purpose",
            false,
            "entries with this purpose",
            reference("ConsolePurposeCode"),
        ),
    ];
    // Schemas only the parameters name.
    let mut schemas = schemas;
    if let Some(map) = schemas.as_object_mut() {
        let mut extra = SchemaSettings::openapi3().into_generator();
        extra.subschema_for::<super::chain::BoardScope>();
        for (k, v) in extra.take_definitions(true) {
            map.entry(k).or_insert(v);
        }
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Zaštita central record: the console",
            "version": crate::API_VERSION.to_string(),
            "description": "The web console's JSON API (prosecutors, courts, station staff, institution administrators, auditors). Signed-in endpoints take the session cookie; every change also takes the session's CSRF token in `X-CSRF-Token` and is refused cross-site. Every view and act is audited with its purpose. Refusals are `Problem`s."
        },
        "paths": {
            "/console/api/openapi.json": {"get": {
                "summary": "This description",
                "security": public(),
                "responses": responses(ok_json("OpenAPI 3.0", json!({"type": "object"})), &[])
            }},
            "/console/api/setup": {"post": {
                "summary": "First sign-in: the setup code and the passphrase chosen; the TOTP secret to enrol",
                "security": public(),
                "requestBody": body("SetupRequest"),
                "responses": responses(ok_json("the TOTP secret and its QR code", reference("SetupResponse")),
                    &[SIGN_IN, JSON_BODY, &[(401, &[codes::BAD_SETUP_CODE]), (400, &[codes::INVALID])]])
            }},
            "/console/api/setup/confirm": {"post": {
                "summary": "Confirm the TOTP enrolment with a first code; the account is active",
                "security": public(),
                "requestBody": body("SetupConfirm"),
                "responses": responses(no_content("active"),
                    &[SIGN_IN, JSON_BODY, &[(401, &[codes::BAD_SETUP_CODE, codes::SIGN_IN_FAILED])]])
            }},
            "/console/api/session": {
                "post": {
                    "summary": "Sign in with the passphrase and a TOTP code",
                    "security": public(),
                    "requestBody": body("SignInRequest"),
                    "responses": responses(
                        json!({"200": {"description": "signed in: the session and its cookie",
                                       "headers": set_cookie,
                                       "content": json_content(reference("SessionInfo"))}}),
                        &[SIGN_IN, JSON_BODY, &[(401, &[codes::SIGN_IN_FAILED]), (429, &[codes::LOCKED_OUT])]])
                },
                "get": {
                    "summary": "The session (renews its idle limit unless `X-Console-Poll` is sent)",
                    "security": cookie(),
                    "parameters": [{"name": "X-Console-Poll", "in": "header", "required": false,
                                    "description": "an automatic refresh: does not count as activity",
                                    "schema": {"type": "string"}}],
                    "responses": responses(ok_json("the session", reference("SessionInfo")), &[SIGNED_IN])
                },
                "delete": {
                    "summary": "Sign out here",
                    "security": cookie(),
                    "parameters": changing(vec![]),
                    "responses": responses(json!({"204": {"description": "signed out", "headers": cleared}}), &[CHANGING])
                }
            },
            "/console/api/session/everywhere": {"post": {
                "summary": "End every session of this operator",
                "security": cookie(),
                "parameters": changing(vec![]),
                "responses": responses(json!({"204": {"description": "signed out everywhere", "headers": cleared}}), &[CHANGING])
            }},
            "/console/api/operators": {
                "get": {
                    "summary": "The accounts of the administrator's institution",
                    "security": cookie(),
                    "parameters": purpose_params(),
                    "responses": responses(ok_json("the accounts", array_of("OperatorSummary")),
                        &[SIGNED_IN, ROLE, PARAMS, PURPOSE])
                },
                "post": {
                    "summary": "A new operator of the administrator's institution, with a setup code",
                    "security": cookie(),
                    "parameters": changing(vec![]),
                    "requestBody": body("NewOperator"),
                    "responses": responses(ok_json("the account and its setup code", reference("NewOperatorResponse")),
                        &[CHANGING, ROLE, JSON_BODY, &[(400, &[codes::INVALID])]])
                }
            },
            "/console/api/operators/{id}/reset": {"post": {
                "summary": "A new setup code; the account's sessions end",
                "security": cookie(),
                "parameters": changing(vec![operator_id.clone()]),
                "responses": responses(ok_json("the account and its new setup code", reference("NewOperatorResponse")),
                    &[CHANGING, ROLE, OWN, PARAMS])
            }},
            "/console/api/operators/{id}/disable": {"post": {
                "summary": "Disable the account; its sessions end",
                "security": cookie(),
                "parameters": changing(vec![operator_id]),
                "responses": responses(no_content("disabled"), &[CHANGING, ROLE, OWN, PARAMS])
            }},
            "/console/api/audit": {"get": {
                "summary": "Search the admin audit (the auditor), newest first",
                "security": cookie(),
                "parameters": audit_params,
                "responses": responses(ok_json("a page of entries", reference("AuditPage")), &[SIGNED_IN, ROLE, PARAMS])
            }},
            "/console/api/board": {"get": {
                "summary": "The orders in the operator's jurisdiction with their clocks, most urgent first",
                "security": cookie(),
                "parameters": board_params,
                "responses": responses(ok_json("a page of the board", reference("Board")), &[SIGNED_IN, ROLE, PARAMS, PURPOSE])
            }},
            "/console/api/orders/{order_id}/open": {"post": {
                "summary": "Open an order (the consultation); the first opening by the office or court records its receipt",
                "security": cookie(),
                "parameters": changing(vec![order_id.clone()]),
                "requestBody": body("OpenOrder"),
                "responses": responses(ok_json("the order as this role sees it", reference("OrderFile")),
                    &[CHANGING, ROLE, OWN, PARAMS, JSON_BODY, &[(422, &[codes::INVALID])]])
            }},
            "/console/api/orders/{order_id}/acts": {"post": {
                "summary": "Record an act of the prosecutor or the court (core's law admits it or not)",
                "security": cookie(),
                "parameters": changing(vec![order_id]),
                "requestBody": body("ActRequest"),
                "responses": responses(ok_json("the order as it now stands", reference("OrderFile")),
                    &[CHANGING, ROLE, OWN, PARAMS, JSON_BODY, &[(409, &[codes::NOT_ADMITTED]), (422, &[codes::INVALID])]])
            }},
            "/console/api/orders/{order_id}/documents/{record_id}/{sha256}": {"get": {
                "summary": "A document of the order (the device's PDFs, the proposal)",
                "security": cookie(),
                "parameters": document_params,
                "responses": responses(
                    json!({"200": {"description": "the PDF", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}}),
                    &[SIGNED_IN, ROLE, OWN, PARAMS, PURPOSE, &[(422, &[codes::INVALID])]])
            }},
            "/console/api/station/devices": {"get": {
                "summary": "The devices of the station's administration",
                "security": cookie(),
                "parameters": purpose_params(),
                "responses": responses(ok_json("the devices", array_of("StationDevice")), &[SIGNED_IN, ROLE, PARAMS, PURPOSE])
            }},
            "/console/api/station/enrolments": {"post": {
                "summary": "A one-time enrolment code for a new device",
                "security": cookie(),
                "parameters": changing(vec![]),
                "requestBody": body("NewEnrolment"),
                "responses": responses(ok_json("the code and its QR code", reference("EnrolmentCodeView")),
                    &[CHANGING, ROLE, JSON_BODY, &[(400, &[codes::INVALID])]])
            }},
            "/console/api/station/devices/{id}/revoke": {"post": {
                "summary": "Revoke a device of the station's administration",
                "security": cookie(),
                "parameters": changing(vec![device_id]),
                "responses": responses(no_content("revoked"), &[CHANGING, ROLE, OWN, PARAMS])
            }},
            "/console/api/station/officers": {
                "get": {
                    "summary": "The officers of the station's administration",
                    "security": cookie(),
                    "parameters": purpose_params(),
                    "responses": responses(ok_json("the officers", array_of("StationOfficer")), &[SIGNED_IN, ROLE, PARAMS, PURPOSE])
                },
                "post": {
                    "summary": "Put an officer on the administration's roster",
                    "security": cookie(),
                    "parameters": changing(vec![]),
                    "requestBody": body("NewStationOfficer"),
                    "responses": responses(no_content("added"), &[CHANGING, ROLE, JSON_BODY, &[(400, &[codes::INVALID])]])
                }
            },
            "/console/api/station/officers/{badge}/remove": {"post": {
                "summary": "Take an officer off the roster",
                "security": cookie(),
                "parameters": changing(vec![badge.clone()]),
                "responses": responses(no_content("removed"), &[CHANGING, ROLE, OWN, PARAMS, &[(400, &[codes::INVALID])]])
            }},
            "/console/api/station/officers/{badge}/assign": {"post": {
                "summary": "Move an officer of the administration (or of none) to an administration",
                "security": cookie(),
                "parameters": changing(vec![badge]),
                "requestBody": body("AssignOfficer"),
                "responses": responses(no_content("moved"), &[CHANGING, ROLE, OWN, PARAMS, JSON_BODY, &[(400, &[codes::INVALID])]])
            }}
        },
        "components": {
            "schemas": schemas,
            "securitySchemes": {"session": {
                "type": "apiKey",
                "in": "cookie",
                "name": COOKIE,
                "description": "the session: Secure, HttpOnly, SameSite=Strict, Path=/; 15 minutes idle, an absolute limit"
            }}
        }
    })
}

/// The description's operations: `(path, method)`, methods in upper case.
pub fn operations(doc: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(paths) = doc["paths"].as_object() {
        for (path, item) in paths {
            if let Some(item) = item.as_object() {
                for method in item.keys() {
                    out.push((path.clone(), method.to_uppercase()));
                }
            }
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_checked_in_console_description_matches_the_types() {
        let built = build();
        if std::env::var_os("ZASTITA_BLESS").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/console-openapi.json");
            let mut text = serde_json::to_string_pretty(&built).unwrap();
            text.push('\n');
            std::fs::write(path, text).unwrap();
            return;
        }
        let checked_in: Value = serde_json::from_str(CONSOLE_OPENAPI_JSON).unwrap();
        assert!(
            checked_in == built,
            "protocol/console-openapi.json drifted from the console's types: run \
             `ZASTITA_BLESS=1 cargo test -p zastita-protocol` and review the diff"
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
        assert_eq!(seen, 23);
    }
}
