//! One function per endpoint of `protocol::openapi`: check the request's headers (`auth::admit`)
//! before reading its body under the endpoint's limit (`body::read_body`), then its signature and
//! shape, call the store, answer with the protocol's types or a `Problem`. A request refused from
//! its headers is answered before its body is read (`body::signed_body`).

use std::net::SocketAddr;

use axum::Json;
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use uuid::Uuid;
use zastita_protocol::messages::{
    AttachmentStatus, EnrollRequest, EnrollResponse, FeedResponse, MAX_ATTACHMENT_BYTES,
    MAX_CHUNK_BYTES, MAX_FEED_PAGE, MAX_PUSH_BYTES, MAX_PUSH_ENVELOPES, PushRequest, PushResponse,
    StatusKeyRequest, StatusResponse, codes,
};
use zastita_protocol::openapi::OPENAPI_JSON;
use zastita_protocol::shapes;

use super::auth::{Request, admit, admit_status, refused};
use super::body::{json, read_body, signed_body};
use super::problem::ApiError;
use super::{AppState, blocking};
use crate::store::admin::Enrolment;
use crate::store::attachments::{Chunk, ChunkOutcome};
use crate::store::push::PushPolicy;

pub(super) type Remote = ConnectInfo<SocketAddr>;

pub(super) fn request<'a>(
    method: &'a Method,
    uri: &'a Uri,
    headers: &'a HeaderMap,
    remote: SocketAddr,
) -> Request<'a> {
    Request {
        method,
        uri,
        headers,
        remote,
    }
}

/// Largest enrolment request read.
pub const MAX_ENROLL_BYTES: usize = 64 * 1024;
/// Largest status or status-key request read (the one is empty, the other a key).
pub const MAX_STATUS_BYTES: usize = 4 * 1024;

/// `?a=1&b=2` → the value of `name`, as a number.
pub(super) fn query_u64(uri: &Uri, name: &str) -> Result<Option<u64>, ApiError> {
    let Some(q) = uri.query() else {
        return Ok(None);
    };
    for pair in q.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        if k == name {
            return v
                .parse::<u64>()
                .map(Some)
                .map_err(|_| ApiError::malformed(format!("`{name}` must be a whole number")));
        }
    }
    Ok(None)
}

pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI_JSON).into_response()
}

pub async fn not_found() -> ApiError {
    ApiError::not_found()
}

pub async fn enroll(
    State(state): State<AppState>,
    ConnectInfo(remote): Remote,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<EnrollResponse>, ApiError> {
    let fail = |e: ApiError| refused(e, None, remote);
    let b = read_body(&headers, body, MAX_ENROLL_BYTES)
        .await
        .map_err(fail)?;
    let req: EnrollRequest = json(&b).map_err(fail)?;
    let status_key_ok = req.status_public_key.as_deref().is_none_or(public_key_ok);
    if !public_key_ok(&req.public_key) || !status_key_ok {
        return Err(fail(ApiError::malformed(
            "the public key must be 32 bytes of unpadded base64url",
        )));
    }
    if req.status_public_key.as_deref() == Some(req.public_key.as_str()) {
        return Err(fail(same_key()));
    }
    if !shapes::at_most_chars(&req.label, shapes::MAX_LABEL_CHARS)
        || !shapes::at_most_chars(&req.app_version, shapes::MAX_APP_VERSION_CHARS)
    {
        return Err(fail(ApiError::malformed(
            "the label or app version is too long",
        )));
    }
    let now = crate::store::now();
    let device = blocking(&state, move |s| {
        s.enroll(
            &Enrolment {
                token: &req.token,
                public_key: &req.public_key,
                label: &req.label,
                app_version: &req.app_version,
                status_public_key: req.status_public_key.as_deref(),
            },
            now,
        )
    })
    .await
    .map_err(fail)?;
    tracing::info!(device = %device.id, %remote, "enrolled");
    Ok(Json(EnrollResponse {
        device_id: device.id,
        ca_certificate_pem: state.options.ca_pem.clone(),
        server_time: now,
    }))
}

/// An Ed25519 public key as the wire carries it.
fn public_key_ok(key: &str) -> bool {
    shapes::is_public_key(key)
}

/// A status key that is the device key: well-formed, but not a second key.
fn same_key() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        codes::SAME_KEY,
        "the status key must be another key than the device key",
    )
}

/// `POST /v1/status-key`: an enrolled device, signed with its device key, registers or replaces
/// the key that may ask `POST /v1/status` while it is locked.
pub async fn status_key(
    State(state): State<AppState>,
    ConnectInfo(remote): Remote,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<StatusCode, ApiError> {
    let admitted = admit(&state, request(&method, &uri, &headers, remote)).await;
    let (device, b) = signed_body(&state, admitted, &headers, body, MAX_STATUS_BYTES).await?;
    let id = device.id;
    let fail = |e: ApiError| refused(e, Some(id), remote);
    let req: StatusKeyRequest = json(&b).map_err(fail)?;
    if !public_key_ok(&req.status_public_key) {
        return Err(fail(ApiError::malformed(
            "the status key must be 32 bytes of unpadded base64url",
        )));
    }
    if req.status_public_key == device.public_key {
        return Err(fail(same_key()));
    }
    blocking(&state, move |s| {
        s.set_status_key(id, &req.status_public_key)
    })
    .await
    .map_err(fail)?;
    tracing::info!(device = %id, %remote, "status key registered");
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /v1/status`: a locked device asks whether it was revoked, signed with its status key.
/// The answer is that one boolean.
pub async fn status(
    State(state): State<AppState>,
    ConnectInfo(remote): Remote,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<StatusResponse>, ApiError> {
    let admitted = admit_status(&state, request(&method, &uri, &headers, remote)).await;
    let ((id, revoked), _) =
        signed_body(&state, admitted, &headers, body, MAX_STATUS_BYTES).await?;
    if revoked {
        tracing::info!(device = %id, %remote, "a revoked device asked its status");
    }
    Ok(Json(StatusResponse { revoked }))
}

pub async fn push(
    State(state): State<AppState>,
    ConnectInfo(remote): Remote,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<PushResponse>, ApiError> {
    let admitted = admit(&state, request(&method, &uri, &headers, remote)).await;
    let (device, b) = signed_body(&state, admitted, &headers, body, MAX_PUSH_BYTES).await?;
    let fail = |e: ApiError| refused(e, Some(device.id), remote);
    let req: PushRequest = json(&b).map_err(fail)?;
    if req.envelopes.len() > MAX_PUSH_ENVELOPES {
        return Err(fail(ApiError::too_large(format!(
            "at most {MAX_PUSH_ENVELOPES} envelopes per push"
        ))));
    }
    if let Some(problem) = req.envelopes.iter().find_map(envelope_shape) {
        return Err(fail(ApiError::malformed(problem)));
    }
    let policy = PushPolicy {
        auto_numbers: state.options.auto_numbers,
    };
    let now = crate::store::now();
    let id = device.id;
    let response = blocking(&state, move |s| s.push(&device, &req, now, policy))
        .await
        .map_err(|e| refused(e, Some(id), remote))?;
    for r in &response.receipts {
        if r.reason.is_some() {
            tracing::warn!(device = %id, seq = r.seq, outcome = ?r.outcome, reason = r.reason.as_deref().and_then(|s| s.split(':').next()), "envelope not accepted");
        }
    }
    Ok(Json(response))
}

/// What is wrong with an envelope's shape (`protocol::shapes`), if anything. A well-shaped
/// envelope that is still invalid (a signature that does not verify, an unknown kind) is kept in
/// quarantine instead, so one bad version never blocks a device's queue.
fn envelope_shape(e: &zastita_protocol::messages::SignedEnvelope) -> Option<&'static str> {
    let env = &e.envelope;
    if env.seq == 0 || env.seq > shapes::MAX_SEQ {
        Some("a seq must be 1 or more")
    } else if env.version == 0 {
        Some("a version must be 1 or more")
    } else if !shapes::is_badge(&env.officer) {
        Some("an envelope's officer must be a badge: 1 to 16 letters, digits or hyphens")
    } else if !shapes::is_sha256(&env.payload_sha256) {
        Some("an envelope's payload_sha256 must be 64 lower-case hexadecimal digits")
    } else if !shapes::is_signature(&e.signature) {
        Some("an envelope's signature must be 64 bytes of unpadded base64url")
    } else {
        None
    }
}

/// A page's cursor (`after`, required, at most the largest seq) and size (`limit`, 1 to
/// `max`, `max` when absent), from the query.
pub(super) fn page_of(uri: &Uri, max: u32) -> Result<(u64, u32), ApiError> {
    let after =
        query_u64(uri, "after")?.ok_or_else(|| ApiError::malformed("`after` is required"))?;
    if after > shapes::MAX_SEQ {
        return Err(ApiError::malformed("`after` is past any change"));
    }
    let limit = match query_u64(uri, "limit")? {
        None => max,
        Some(n) => match u32::try_from(n) {
            Ok(n) if (1..=max).contains(&n) => n,
            _ => return Err(ApiError::malformed(format!("`limit` must be 1 to {max}"))),
        },
    };
    Ok((after, limit))
}

pub async fn feed(
    State(state): State<AppState>,
    ConnectInfo(remote): Remote,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Json<FeedResponse>, ApiError> {
    let device = admit(&state, request(&method, &uri, &headers, remote))
        .await?
        .verify(&state, &[])
        .await?;
    let fail = |e: ApiError| refused(e, Some(device.id), remote);
    let (after, limit) = page_of(&uri, MAX_FEED_PAGE).map_err(fail)?;
    let id = device.id;
    let (changes, more) = blocking(&state, move |s| s.feed(id, after, limit))
        .await
        .map_err(fail)?;
    // The last change this device was given: changes for other devices never move it.
    let cursor = changes.last().map_or(after, |c| c.seq);
    Ok(Json(FeedResponse {
        changes,
        cursor,
        more,
        server_time: crate::store::now(),
    }))
}

fn attachment_key(
    p: Result<Path<(String, String)>, PathRejection>,
) -> Result<(Uuid, String), ApiError> {
    let Path((record, sha)) = p.map_err(|_| ApiError::malformed("bad attachment path"))?;
    let record = Uuid::parse_str(&record)
        .map_err(|_| ApiError::malformed("the record id must be a UUID"))?;
    if !shapes::is_sha256_any_case(&sha) {
        return Err(ApiError::malformed(
            "the attachment's SHA-256 must be 64 hexadecimal digits",
        ));
    }
    Ok((record, sha.to_ascii_lowercase()))
}

/// The refusal of an attachment that is not the requesting device's.
fn not_yours(record: Uuid) -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        codes::UNKNOWN_RECORD,
        format!(
            "this device has sent no record {record}, or another device began this attachment; \
             an attachment belongs to its record's device"
        ),
    )
}

pub async fn attachment_status(
    State(state): State<AppState>,
    ConnectInfo(remote): Remote,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    p: Result<Path<(String, String)>, PathRejection>,
) -> Result<Json<AttachmentStatus>, ApiError> {
    let device = admit(&state, request(&method, &uri, &headers, remote))
        .await?
        .verify(&state, &[])
        .await?;
    let fail = |e: ApiError| refused(e, Some(device.id), remote);
    let (record, sha) = attachment_key(p).map_err(fail)?;
    let id = device.id;
    let status = blocking(&state, move |s| s.attachment_status(id, record, &sha))
        .await
        .map_err(fail)?
        .ok_or_else(|| fail(not_yours(record)))?;
    Ok(Json(status))
}

pub async fn attachment_chunk(
    State(state): State<AppState>,
    ConnectInfo(remote): Remote,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    p: Result<Path<(String, String)>, PathRejection>,
    body: Body,
) -> Result<Json<AttachmentStatus>, ApiError> {
    let admitted = admit(&state, request(&method, &uri, &headers, remote)).await;
    let (device, b) = signed_body(&state, admitted, &headers, body, MAX_CHUNK_BYTES).await?;
    let id = device.id;
    let fail = |e: ApiError| refused(e, Some(id), remote);
    let (record, sha) = attachment_key(p).map_err(fail)?;
    let offset = query_u64(&uri, "offset")
        .map_err(fail)?
        .ok_or_else(|| fail(ApiError::malformed("`offset` is required")))?;
    let size = query_u64(&uri, "size")
        .map_err(fail)?
        .ok_or_else(|| fail(ApiError::malformed("`size` is required")))?;
    if size > MAX_ATTACHMENT_BYTES {
        return Err(fail(ApiError::too_large(format!(
            "an attachment is at most {MAX_ATTACHMENT_BYTES} bytes"
        ))));
    }
    let now = crate::store::now();
    let quota = state.guard.limits.attachment_quota;
    let outcome = blocking(&state, move |s| {
        s.put_chunk(
            &Chunk {
                device: id,
                record_id: record,
                sha256: &sha,
                offset,
                size,
                data: &b,
            },
            quota,
            now,
        )
    })
    .await
    .map_err(fail)?;
    match outcome {
        ChunkOutcome::Stored(status) => Ok(Json(status)),
        ChunkOutcome::OffsetMismatch(status) => Err(fail(ApiError::new(
            StatusCode::CONFLICT,
            codes::OFFSET_MISMATCH,
            format!(
                "resume at offset {}; received={}",
                status.received, status.received
            ),
        ))),
        ChunkOutcome::SizeMismatch(status) => Err(fail(ApiError::malformed(format!(
            "this attachment was declared with size {}",
            status.size
        )))),
        ChunkOutcome::PastEnd(status) => Err(fail(ApiError::too_large(format!(
            "the chunk goes past the declared size {}",
            status.size
        )))),
        ChunkOutcome::NotYours => Err(fail(not_yours(record))),
        ChunkOutcome::QuotaExceeded { held } => Err(fail(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            codes::QUOTA_EXCEEDED,
            format!(
                "this device's attachments already take {held} of its {quota} bytes; \
                 this one does not fit"
            ),
        ))),
        ChunkOutcome::HashMismatch(_) => Err(fail(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            codes::HASH_MISMATCH,
            "the bytes' SHA-256 is not the one in the path; the upload was discarded, start again from 0",
        ))),
    }
}
