//! The OpenAPI 3.0 description of the HTTP API, built from the message types' JSON Schemas
//! (schemars) and the paths below. `protocol/openapi.json` is the checked-in copy the central
//! record serves at `/v1/openapi.json`; the test here fails when it drifts from the types
//! (`ZASTITA_BLESS=1 cargo test -p zastita-protocol` rewrites it after a deliberate change).

use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

use crate::messages::{
    AttachmentStatus, EnrollRequest, EnrollResponse, FeedResponse, HistoryRequest, HistoryResponse,
    InForceList, MAX_ATTACHMENT_BYTES, MAX_FEED_PAGE, MAX_IN_FORCE_PAGE, Problem, PushRequest,
    PushResponse, StatusKeyRequest, StatusResponse, ViolationAccepted, ViolationReport,
};
use crate::shapes;

/// The checked-in description, as the server serves it.
pub const OPENAPI_JSON: &str = include_str!("../openapi.json");

/// A `$ref` to the component schema `name` (both descriptions use it).
pub(crate) fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// A required JSON request body of schema `name`.
fn request_body(name: &str) -> Value {
    json!({"required": true, "content": {"application/json": {"schema": reference(name)}}})
}

fn json_body(name: &str) -> Value {
    json!({"content": {"application/json": {"schema": reference(name)}}})
}

/// What each refusal status means, whichever endpoint answers it. Every endpoint lists exactly
/// the statuses it can answer (`responses`); each comes with a `Problem` body.
fn refusal(status: u16) -> &'static str {
    match status {
        400 => {
            "`malformed`: a field, header or parameter does not have the shape this description gives it; on a history lookup also `purpose_required`: no purpose the device knows, or its words are not one line of at most 200 characters"
        }
        401 => {
            "`unknown_device`, `bad_signature`, `stale_timestamp` (with the server's time) or `replayed`; on enrolment `bad_token`; on status `no_status_key`"
        }
        403 => {
            "`revoked`: the device must destroy its keys; on an attachment `unknown_record`: not this device's record; on a history lookup `unknown_officer` (not on the roster now) or `not_in_open_case` (the person is not this device's record in this device's case as pushed); on a violation report `unknown_officer`, `not_in_open_case` (the case as pushed) or `not_the_perpetrator` (no such order, or its perpetrator is not a person of the case)"
        }
        408 => "`request_timeout`: the request (or a piece of its body) did not arrive in time",
        409 => "`offset_mismatch`: resume where the server's copy ends",
        413 => {
            "`too_large`: over the endpoint's body, batch or attachment limit; on an attachment also `quota_exceeded`: the device's attachments would pass its quota"
        }
        422 => {
            "`same_key`: the status key is the device key; on an attachment `hash_mismatch`: the upload restarts from 0; on a history lookup `nothing_to_look_up`: the person's record has neither a JMBG nor names and a birth date; on a violation report `not_admitted`: the law does not admit it on the order as it stands (e.g. after its measures ended), or `invalid_field`: a field fits its shape but not core's rules (words only spaces or with a control character, a time to come)"
        }
        429 => {
            "`rate_limited`: too many requests from this device or address; retry after `Retry-After` seconds"
        }
        500 => "`internal`: the server failed; retry later",
        503 => "`overloaded`: too many requests in progress; retry after `Retry-After` seconds",
        _ => "refused",
    }
}

/// Refusals every signed endpoint can answer.
const SIGNED: &[u16] = &[400, 401, 403, 408, 413, 429, 500, 503];

/// `ok` (status → response) with a `Problem` response for each of `refusals` and `extra`.
fn responses(ok: Value, refusals: &[u16], extra: &[u16]) -> Value {
    let mut all = ok;
    if let Some(map) = all.as_object_mut() {
        for status in refusals.iter().chain(extra) {
            let mut answer = json!({"description": refusal(*status), "content": json_body("Problem")["content"]});
            if matches!(status, 429 | 503) {
                answer["headers"] = json!({"Retry-After": {
                    "description": "seconds to wait before trying again",
                    "required": true,
                    "schema": {"type": "integer", "minimum": 0}
                }});
            }
            map.insert(status.to_string(), answer);
        }
    }
    all
}

fn signed_headers() -> Value {
    let h = |name: &str, what: &str, schema: Value| {
        json!({"name": name, "in": "header", "required": true, "description": what,
               "schema": schema})
    };
    json!([
        h(
            crate::signing::headers::DEVICE,
            "the device id",
            json!({"type": "string", "format": "uuid"})
        ),
        h(
            crate::signing::headers::TIMESTAMP,
            "RFC 3339 UTC, within 5 minutes of the server's clock",
            json!({"type": "string", "format": "date-time"})
        ),
        h(
            crate::signing::headers::NONCE,
            "unique per request within the replay window",
            json!({"type": "string", "minLength": 1, "maxLength": shapes::MAX_NONCE, "pattern": "^[!-~]+$"})
        ),
        h(
            crate::signing::headers::SIGNATURE,
            "Ed25519 over signing::request_signing_bytes, unpadded base64url",
            json!({"type": "string", "pattern": shapes::SIGNATURE})
        ),
    ])
}

/// Build the description from the types.
pub fn build() -> Value {
    let mut generator = SchemaSettings::openapi3().into_generator();
    generator.subschema_for::<EnrollRequest>();
    generator.subschema_for::<EnrollResponse>();
    generator.subschema_for::<PushRequest>();
    generator.subschema_for::<PushResponse>();
    generator.subschema_for::<FeedResponse>();
    generator.subschema_for::<AttachmentStatus>();
    generator.subschema_for::<StatusKeyRequest>();
    generator.subschema_for::<StatusResponse>();
    generator.subschema_for::<HistoryRequest>();
    generator.subschema_for::<HistoryResponse>();
    generator.subschema_for::<InForceList>();
    generator.subschema_for::<ViolationReport>();
    generator.subschema_for::<ViolationAccepted>();
    generator.subschema_for::<Problem>();
    let schemas = Value::Object(generator.take_definitions(true));
    let attachment_params = json!([
        {"name": "record_id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}},
        {"name": "sha256", "in": "path", "required": true, "schema": {"type": "string", "pattern": shapes::SHA256_ANY_CASE}}
    ]);
    let mut put_params = attachment_params.clone();
    if let Some(list) = put_params.as_array_mut() {
        list.push(json!({"name": "offset", "in": "query", "required": true,
                         "schema": {"type": "integer", "minimum": 0, "maximum": MAX_ATTACHMENT_BYTES}}));
        list.push(json!({"name": "size", "in": "query", "required": true,
                         "description": "the whole attachment's size in bytes",
                         "schema": {"type": "integer", "minimum": 0, "maximum": MAX_ATTACHMENT_BYTES}}));
        if let Some(h) = signed_headers().as_array() {
            list.extend(h.iter().cloned());
        }
    }
    let mut get_params = attachment_params;
    if let (Some(list), Some(h)) = (get_params.as_array_mut(), signed_headers().as_array()) {
        list.extend(h.iter().cloned());
    }
    let mut status_params = signed_headers();
    if let Some(list) = status_params.as_array_mut() {
        for h in list.iter_mut() {
            if h["name"] == crate::signing::headers::SIGNATURE {
                h["description"] = json!(
                    "Ed25519 by the device's STATUS key over signing::status_signing_bytes, unpadded base64url"
                );
            }
        }
    }
    let mut feed_params = signed_headers();
    if let Some(list) = feed_params.as_array_mut() {
        list.push(json!({"name": "after", "in": "query", "required": true,
                         "schema": {"type": "integer", "minimum": 0, "maximum": shapes::MAX_SEQ}}));
        list.push(json!({"name": "limit", "in": "query", "required": false,
                         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_FEED_PAGE}}));
    }
    let mut in_force_params = signed_headers();
    if let Some(list) = in_force_params.as_array_mut() {
        list.push(json!({"name": "after", "in": "query", "required": true,
                         "schema": {"type": "integer", "minimum": 0, "maximum": shapes::MAX_SEQ}}));
        list.push(json!({"name": "limit", "in": "query", "required": false,
                         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_IN_FORCE_PAGE}}));
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Zaštita central record",
            "version": crate::API_VERSION.to_string(),
            "description": "The wire contract between a Zaštita device and the central record. Every request but enrolment and this description is signed by the device's Ed25519 key."
        },
        "paths": {
            "/v1/openapi.json": {"get": {"summary": "This description", "responses": responses(
                json!({"200": {"description": "OpenAPI 3.0", "content": {"application/json": {"schema": {"type": "object"}}}}}),
                &[408, 429, 503], &[])}},
            "/v1/enroll": {"post": {
                "summary": "Enrol a device with a one-time token from the station",
                "requestBody": request_body("EnrollRequest"),
                "responses": responses(json!({"200": {"description": "enrolled", "content": json_body("EnrollResponse")["content"]}}),
                    &[400, 401, 408, 413, 422, 429, 500, 503], &[])
            }},
            "/v1/push": {"post": {
                "summary": "Upload a batch of signed record versions (idempotent)",
                "parameters": signed_headers(),
                "requestBody": request_body("PushRequest"),
                "responses": responses(json!({"200": {"description": "a receipt per envelope", "content": json_body("PushResponse")["content"]}}), SIGNED, &[])
            }},
            "/v1/status-key": {"post": {
                "summary": "Register or replace the device's status key (signed by the device key)",
                "parameters": signed_headers(),
                "requestBody": request_body("StatusKeyRequest"),
                "responses": responses(json!({"204": {"description": "registered"}}), SIGNED, &[422])
            }},
            "/v1/status": {"post": {
                "summary": "A locked device asks whether it was revoked (signed by its status key only; empty body)",
                "parameters": status_params,
                "responses": responses(json!({"200": {"description": "revoked or not, and nothing else", "content": json_body("StatusResponse")["content"]}}),
                    &[400, 401, 408, 413, 429, 500, 503], &[])
            }},
            "/v1/feed": {"get": {
                "summary": "Changes decided centrally that concern this device, after a cursor",
                "parameters": feed_params,
                "responses": responses(json!({"200": {"description": "a page of changes", "content": json_body("FeedResponse")["content"]}}), SIGNED, &[])
            }},
            "/v1/history": {"post": {
                "summary": "What the central record holds about a person of one of this device's open cases (audited; rate-limited per device and per officer)",
                "parameters": signed_headers(),
                "requestBody": request_body("HistoryRequest"),
                "responses": responses(json!({"200": {"description": "every match, newest case first", "content": json_body("HistoryResponse")["content"]}}), SIGNED, &[422])
            }},
            "/v1/violations": {"post": {
                "summary": "A violation of another device's order in force, reported from a new call of this device's case (audited; recorded on the order and sent to its device; the same report again answers the first acceptance)",
                "parameters": signed_headers(),
                "requestBody": request_body("ViolationReport"),
                "responses": responses(json!({"200": {"description": "recorded on the order", "content": json_body("ViolationAccepted")["content"]}}), SIGNED, &[422])
            }},
            "/v1/in-force": {"get": {
                "summary": "The orders in force in this device's police administration, as changes after a cursor (the offline list)",
                "parameters": in_force_params,
                "responses": responses(json!({"200": {"description": "a page of the list's changes, with its key", "content": json_body("InForceList")["content"]}}), SIGNED, &[])
            }},
            "/v1/attachments/{record_id}/{sha256}": {
                "get": {
                    "summary": "How much of an attachment is held",
                    "parameters": get_params,
                    "responses": responses(json!({"200": {"description": "status", "content": json_body("AttachmentStatus")["content"]}}), SIGNED, &[])
                },
                "put": {
                    "summary": "Upload a chunk at an offset (resumable); the hash is checked when complete",
                    "parameters": put_params,
                    "requestBody": {"required": true, "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
                    "responses": responses(json!({"200": {"description": "status after the chunk", "content": json_body("AttachmentStatus")["content"]}}), SIGNED, &[409, 422])
                }
            }
        },
        "components": {"schemas": schemas}
    })
}

/// Fails when `checked_in` (the file `name` beside protocol's manifest) is not `built`, compared
/// as JSON values, so key order (which a workspace-wide `preserve_order` feature of serde_json
/// could change) does not matter; `ZASTITA_BLESS=1` rewrites the file instead.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) fn check_checked_in(built: &Value, name: &str, checked_in: &str, from: &str) {
    if std::env::var_os("ZASTITA_BLESS").is_some() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
        let mut text = serde_json::to_string_pretty(built).unwrap();
        text.push('\n');
        std::fs::write(path, text).unwrap();
        return;
    }
    let checked_in: Value = serde_json::from_str(checked_in).unwrap();
    assert!(
        &checked_in == built,
        "protocol/{name} drifted from {from}: run `ZASTITA_BLESS=1 cargo test -p zastita-protocol` \
         and review the diff"
    );
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_checked_in_description_matches_the_types() {
        check_checked_in(&build(), "openapi.json", OPENAPI_JSON, "the message types");
    }

    #[test]
    fn every_reference_resolves() {
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
        for name in [
            "SignedEnvelope",
            "RecordEnvelope",
            "Receipt",
            "Change",
            "ChangeKind",
        ] {
            assert!(schemas.contains_key(name), "{name} missing");
        }
    }
}
