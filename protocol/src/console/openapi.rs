//! The console's OpenAPI 3.0 description (`/console/api/…`), a sibling of the device API's
//! (`crate::openapi`), built the same way: the `protocol::console` types' JSON Schemas (schemars)
//! and the paths below, each with its parameters, body, answer and exactly the refusals it can
//! answer (status → the console's and the server's codes). `protocol/console-openapi.json` is the
//! checked-in copy the central record serves at `/console/api/openapi.json`; the test here fails
//! when it drifts from the types (`ZASTITA_BLESS=1 cargo test -p zastita-protocol` rewrites it),
//! and central's test fails when the router's console routes and these paths differ.

use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

use super::auth::{
    NewOperator, NewOperatorResponse, OperatorSummary, SessionInfo, SetupConfirm, SetupRequest,
    SetupResponse, SignInRequest,
};
use super::chain::{ActRequest, Board, OpenOrder, OrderFile};
use super::station::{
    AssignCaseNumber, AssignOfficer, AssignedCaseNumber, EnrolmentCodeView, NewEnrolment,
    NewStationOfficer, StationCase, StationDevice, StationOfficer,
};
use super::{AuditPage, codes};
use crate::messages::{Problem, codes as wire};

/// The checked-in description, as the server serves it.
pub const CONSOLE_OPENAPI_JSON: &str = include_str!("../../console-openapi.json");

/// The session cookie (`central::console::session::COOKIE`).
pub const COOKIE: &str = "__Host-zastita-console";
/// The header every change carries the session's CSRF token in.
pub const CSRF_HEADER: &str = "X-CSRF-Token";

mod parts;
use parts::*;

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
    generator.subschema_for::<StationCase>();
    generator.subschema_for::<AssignCaseNumber>();
    generator.subschema_for::<AssignedCaseNumber>();
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
    let case_id = path_param("case_id", uuid());
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
            }},
            "/console/api/station/cases": {"get": {
                "summary": "The cases of the station's administration, newest first, each with its official number or none",
                "security": cookie(),
                "parameters": purpose_params(),
                "responses": responses(ok_json("the cases", array_of("StationCase")), &[SIGNED_IN, ROLE, PARAMS, PURPOSE])
            }},
            "/console/api/station/cases/{case_id}/number": {"post": {
                "summary": "Give a case of the administration its official number: one typed, or the next of its administration and year",
                "security": cookie(),
                "parameters": changing(vec![case_id]),
                "requestBody": body("AssignCaseNumber"),
                "responses": responses(ok_json("the number the case now has", reference("AssignedCaseNumber")),
                    &[CHANGING, ROLE, OWN, PARAMS, JSON_BODY, &[(400, &[codes::INVALID]), (409, &[codes::ALREADY_NUMBERED, codes::NUMBER_TAKEN])]])
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
mod tests;
