//! Request authentication (everything but enrolment and the OpenAPI description): the device's
//! headers, checked in a fixed order — device known (401 `unknown_device`) → not revoked (403
//! `revoked`) → timestamp within the replay window (401 `stale_timestamp`, with the server's
//! time) → Ed25519 signature over method, path, time, nonce and body digest (401
//! `bad_signature`) → nonce never seen (401 `replayed`; remembered from now on). Every refusal
//! is logged with the device id, the code and the remote address — never a body.
//! `POST /v1/status` alone is checked by [`authenticate_status`], against the device's status
//! key and over differently tagged bytes, so neither key can stand in for the other.

use std::net::SocketAddr;

use axum::http::{HeaderMap, Method, StatusCode, Uri};
use chrono::{DateTime, Utc};
use uuid::Uuid;
use zastita_protocol::messages::codes;
use zastita_protocol::signing::{self, headers};

use super::problem::ApiError;
use super::{AppState, blocking};
use crate::store::Device;

/// Longest nonce accepted.
const MAX_NONCE: usize = zastita_protocol::shapes::MAX_NONCE as usize;

fn header<'h>(h: &'h HeaderMap, name: &str) -> Option<&'h str> {
    h.get(name).and_then(|v| v.to_str().ok()).map(str::trim)
}

/// The device id the request names, or the refusal (401 `unknown_device`, logged).
fn named_device(h: &HeaderMap, remote: SocketAddr) -> Result<Uuid, ApiError> {
    header(h, headers::DEVICE)
        .and_then(|s| Uuid::parse_str(s).ok())
        .ok_or_else(|| {
            refused(
                ApiError::unauthorized(codes::UNKNOWN_DEVICE, "no device id in the request"),
                None,
                remote,
            )
        })
}

/// A well-formed id the central record never enrolled.
fn not_enrolled() -> ApiError {
    ApiError::unauthorized(codes::UNKNOWN_DEVICE, "this device is not enrolled")
}

/// Log a refusal and pass it on.
pub fn refused(e: ApiError, device: Option<Uuid>, remote: SocketAddr) -> ApiError {
    let device = device.map_or_else(|| "-".to_owned(), |d| d.to_string());
    tracing::warn!(%device, code = e.code, status = e.status.as_u16(), %remote, "refused");
    e
}

/// The authenticated device, or the refusal.
pub async fn authenticate(
    state: &AppState,
    method: &Method,
    uri: &Uri,
    h: &HeaderMap,
    body: &[u8],
    remote: SocketAddr,
) -> Result<Device, ApiError> {
    let id = named_device(h, remote)?;
    let fail = |e: ApiError| refused(e, Some(id), remote);
    let device = blocking(state, move |s| s.device(id))
        .await
        .map_err(fail)?
        .ok_or_else(|| fail(not_enrolled()))?;
    if device.revoked_at.is_some() {
        return Err(fail(ApiError::new(
            StatusCode::FORBIDDEN,
            codes::REVOKED,
            "this device was revoked: destroy its keys and data",
        )));
    }
    let key = device.public_key.clone();
    signed(
        state,
        id,
        &key,
        signing::request_signing_bytes,
        Request {
            method,
            uri,
            headers: h,
            body,
        },
        remote,
    )
    .await?;
    Ok(device)
}

/// What a signed request carries.
pub struct Request<'a> {
    pub method: &'a Method,
    pub uri: &'a Uri,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

/// How the bytes a request's signature covers are made (`signing::request_signing_bytes` for the
/// device key, `signing::status_signing_bytes` for the status key).
type SigningBytes = fn(&str, &str, DateTime<Utc>, &str, &[u8]) -> Vec<u8>;

/// The checks every signed request passes after its key is known: timestamp within the window,
/// signature by `key` over `bytes`, nonce never seen (then remembered).
async fn signed(
    state: &AppState,
    id: Uuid,
    key: &str,
    bytes: SigningBytes,
    r: Request<'_>,
    remote: SocketAddr,
) -> Result<(), ApiError> {
    let fail = |e: ApiError| refused(e, Some(id), remote);
    let h = r.headers;
    let now = crate::store::now();
    let timestamp = header(h, headers::TIMESTAMP)
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| fail(ApiError::malformed("no RFC 3339 timestamp header")))?;
    if !signing::fresh(timestamp, now) {
        return Err(fail(ApiError::unauthorized(
            codes::STALE_TIMESTAMP,
            "the request's time is too far from the server's; correct the clock from server_time",
        )));
    }
    let nonce = header(h, headers::NONCE)
        .filter(|n| {
            !n.is_empty() && n.len() <= MAX_NONCE && n.bytes().all(|b| b.is_ascii_graphic())
        })
        .ok_or_else(|| fail(ApiError::malformed("no nonce header, or one too long")))?
        .to_owned();
    let signature = header(h, headers::SIGNATURE)
        .ok_or_else(|| fail(ApiError::malformed("no signature header")))?;
    let path = r
        .uri
        .path_and_query()
        .map_or_else(|| r.uri.path(), |p| p.as_str());
    let message = bytes(r.method.as_str(), path, timestamp, &nonce, r.body);
    if signing::verify(key, &message, signature).is_err() {
        return Err(fail(ApiError::unauthorized(
            codes::BAD_SIGNATURE,
            "the request's signature does not verify with this device's key",
        )));
    }
    let fresh = blocking(state, move |s| s.use_nonce(id, &nonce, now))
        .await
        .map_err(fail)?;
    if !fresh {
        return Err(fail(ApiError::unauthorized(
            codes::REPLAYED,
            "this nonce was already used",
        )));
    }
    Ok(())
}

/// A status request (`POST /v1/status`): authenticated by the device's **status key** only, over
/// [`signing::status_signing_bytes`] — device known (401 `unknown_device`) → a status key
/// registered (401 `no_status_key`) → timestamp → signature → nonce. A revoked device passes
/// (that is what it asks); the answer is whether it is revoked. The device key signs nothing
/// here, and the status key nothing anywhere else.
pub async fn authenticate_status(
    state: &AppState,
    r: Request<'_>,
    remote: SocketAddr,
) -> Result<(Uuid, bool), ApiError> {
    let id = named_device(r.headers, remote)?;
    let fail = |e: ApiError| refused(e, Some(id), remote);
    let probe = blocking(state, move |s| s.status_probe(id))
        .await
        .map_err(fail)?
        .ok_or_else(|| fail(not_enrolled()))?;
    let key = probe.status_public_key.ok_or_else(|| {
        fail(ApiError::unauthorized(
            codes::NO_STATUS_KEY,
            "this device has no status key registered; unlock it and sync once",
        ))
    })?;
    signed(state, id, &key, signing::status_signing_bytes, r, remote).await?;
    Ok((id, probe.revoked))
}
