//! The building blocks of the console's description: the refusals each kind of endpoint can
//! answer (with the codes a `Problem` carries), the answers, bodies, headers and parameters, the
//! cookie scheme and the purpose a view names.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{CSRF_HEADER, codes, wire};
pub(super) use crate::openapi::reference;

/// A status and the codes a `Problem` with it can carry.
pub(super) type Refusals = &'static [(u16, &'static [&'static str])];

/// What every console endpoint can answer: the server's limits and failures.
pub(super) const ANY: Refusals = &[
    (408, &[wire::REQUEST_TIMEOUT]),
    (429, &[wire::RATE_LIMITED]),
    (500, &[wire::INTERNAL]),
    (503, &[wire::OVERLOADED]),
];
/// A view: the session (cookie) is checked.
pub(super) const SIGNED_IN: Refusals = &[(401, &[codes::SESSION_EXPIRED])];
/// A change: the session, and the CSRF token and a same-site request.
pub(super) const CHANGING: Refusals = &[(401, &[codes::SESSION_EXPIRED]), (403, &[codes::CSRF])];
/// A JSON body: unreadable (400), over the limit (413), not JSON (415), not the schema (422).
pub(super) const JSON_BODY: Refusals = &[
    (400, &[wire::MALFORMED]),
    (413, &[wire::TOO_LARGE]),
    (415, &[wire::MALFORMED]),
    (422, &[wire::MALFORMED]),
];
/// A path or query parameter that does not parse.
pub(super) const PARAMS: Refusals = &[(400, &[wire::MALFORMED])];
/// A view's `?purpose=` (checked by the handler).
pub(super) const PURPOSE: Refusals = &[(400, &[codes::PURPOSE_REQUIRED, codes::INVALID])];
/// The role check (audited).
pub(super) const ROLE: Refusals = &[(403, &[codes::FORBIDDEN_ROLE])];
/// Another institution's or administration's thing (audited), or none.
pub(super) const OWN: Refusals = &[
    (403, &[codes::OUTSIDE_JURISDICTION]),
    (404, &[codes::NOT_FOUND]),
];
/// Sign-in and setup: a cross-site request, and the per-address limit of attempts.
pub(super) const SIGN_IN: Refusals = &[(403, &[codes::CSRF]), (429, &[wire::RATE_LIMITED])];

pub(super) fn json_content(schema: Value) -> Value {
    json!({"application/json": {"schema": schema}})
}

pub(super) fn array_of(name: &str) -> Value {
    json!({"type": "array", "items": reference(name)})
}

pub(super) fn what(status: u16) -> &'static str {
    match status {
        400 => "the request, a parameter or a field is not right",
        401 => "not signed in, or the credentials are not right",
        403 => "refused: the request's origin, the role or the jurisdiction",
        404 => "no such thing (or none this operator may know of)",
        408 => "the request did not arrive in time",
        409 => "the current state does not admit this act",
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
pub(super) fn responses(ok: Value, refusals: &[Refusals]) -> Value {
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

pub(super) fn ok_json(description: &str, schema: Value) -> Value {
    json!({"200": {"description": description, "content": json_content(schema)}})
}

pub(super) fn no_content(description: &str) -> Value {
    json!({"204": {"description": description}})
}

pub(super) fn body(name: &str) -> Value {
    json!({"required": true, "content": json_content(reference(name))})
}

pub(super) fn csrf_header() -> Value {
    json!({"name": CSRF_HEADER, "in": "header", "required": true,
           "description": "the session's `csrf_token` (`SessionInfo`)",
           "schema": {"type": "string", "pattern": "^[0-9a-f]{64}$"}})
}

pub(super) fn path_param(name: &str, schema: Value) -> Value {
    json!({"name": name, "in": "path", "required": true, "schema": schema})
}

pub(super) fn uuid() -> Value {
    json!({"type": "string", "format": "uuid"})
}

pub(super) fn query(name: &str, required: bool, description: &str, schema: Value) -> Value {
    json!({"name": name, "in": "query", "required": required, "description": description,
           "schema": schema})
}

/// `?purpose=&purpose_text=`: why the operator consults (required; 400 `purpose_required`).
pub(super) fn purpose_params() -> Vec<Value> {
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
pub(super) fn changing(extra: Vec<Value>) -> Value {
    let mut list = vec![csrf_header()];
    list.extend(extra);
    Value::Array(list)
}

/// The session cookie as the one security scheme of signed-in endpoints.
pub(super) fn cookie() -> Value {
    json!([{"session": []}])
}

/// An endpoint without a session (sign-in, setup, this description).
pub(super) fn public() -> Value {
    json!([])
}
