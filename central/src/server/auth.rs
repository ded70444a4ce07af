//! Request authentication (everything but enrolment and the OpenAPI description), in two steps
//! so that no body byte is read for a request its headers already condemn.
//!
//! [`admit`], from the headers alone: device known (401 `unknown_device`) → not revoked (403
//! `revoked`) → timestamp within the replay window (401 `stale_timestamp`, with the server's
//! time) → nonce and signature headers present (400 `malformed`) → the device's rate limit (429
//! `rate_limited`, `Retry-After`). A refusal of an enrolled device's request says how much of
//! its body to discard after answering ([`Refusal::discard`]) so that the device hears why. Then
//! the handler reads the body under its endpoint's limit
//! (`body::read_body`: 413 `too_large`, 408 `request_timeout`) and [`Admitted::verify`]
//! checks the Ed25519 signature over method, path, time, nonce and body digest (401
//! `bad_signature`) and the nonce (401 `replayed`; remembered from now on).
//!
//! `POST /v1/status` alone is admitted by [`admit_status`], against the device's status key and
//! over differently tagged bytes, so neither key can stand in for the other; a revoked device
//! passes (that is what it asks). Every refusal is logged with the device id, the code and the
//! remote address — never a body.

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

/// A request refused from its headers, and how much of its body to read and throw away so that
/// its client, still sending, can read the refusal (`handlers` does it): an enrolled device's
/// whole body (up to the endpoint's limit) when it must hear why — revoked, its clock off — and
/// one of at most [`RATE_DISCARD_BYTES`] when it is only told to wait; nothing for a stranger,
/// whose connection is simply closed after the answer.
#[derive(Debug)]
pub struct Refusal {
    pub error: ApiError,
    /// Discard the rest of a body declared at most this long (`None`: never).
    pub discard: Option<usize>,
}

/// The longest body of a rate-limited request discarded: the largest a device sends besides a
/// push (a violation report, over an attachment chunk), so every request but a large push hears
/// its 429; a longer push's connection is closed, and its device, seeing the connection break,
/// retries later all the same. (Equal to a chunk before violation reports: a rate-limited report
/// over 1 MiB was cut off with a reset, which the contract's fuzzer found as a network error.)
pub const RATE_DISCARD_BYTES: usize = {
    let chunk = zastita_protocol::messages::MAX_CHUNK_BYTES;
    let report = zastita_protocol::messages::MAX_VIOLATION_BYTES;
    if chunk > report { chunk } else { report }
};

impl From<Refusal> for ApiError {
    fn from(r: Refusal) -> Self {
        r.error
    }
}

fn of_stranger(error: ApiError) -> Refusal {
    Refusal {
        error,
        discard: None,
    }
}

fn of_enrolled(error: ApiError) -> Refusal {
    Refusal {
        error,
        discard: Some(usize::MAX),
    }
}

/// Log a refusal and pass it on.
pub fn refused(e: ApiError, device: Option<Uuid>, remote: SocketAddr) -> ApiError {
    let device = device.map_or_else(|| "-".to_owned(), |d| d.to_string());
    tracing::warn!(%device, code = e.code, status = e.status.as_u16(), %remote, "refused");
    e
}

/// How the bytes a request's signature covers are made (`signing::request_signing_bytes` for the
/// device key, `signing::status_signing_bytes` for the status key).
type SigningBytes = fn(&str, &str, DateTime<Utc>, &str, &[u8]) -> Vec<u8>;

/// A request whose headers passed: what remains is its body's signature and its nonce.
pub struct Admitted<T> {
    /// What the request is admitted as (the device, or the status answer).
    what: T,
    id: Uuid,
    key: String,
    bytes: SigningBytes,
    method: String,
    path: String,
    timestamp: DateTime<Utc>,
    nonce: String,
    signature: String,
    remote: SocketAddr,
}

impl<T> Admitted<T> {
    /// The device the headers name.
    pub fn device_id(&self) -> Uuid {
        self.id
    }

    /// Log a refusal of this request.
    pub fn refused(&self, e: ApiError) -> ApiError {
        refused(e, Some(self.id), self.remote)
    }

    /// The signature over `body` (and the rest), then the nonce (remembered from now on).
    pub async fn verify(self, state: &AppState, body: &[u8]) -> Result<T, ApiError> {
        let message = (self.bytes)(&self.method, &self.path, self.timestamp, &self.nonce, body);
        if signing::verify(&self.key, &message, &self.signature).is_err() {
            return Err(self.refused(ApiError::unauthorized(
                codes::BAD_SIGNATURE,
                "the request's signature does not verify with this device's key",
            )));
        }
        let (id, nonce, now) = (self.id, self.nonce.clone(), crate::store::now());
        let fresh = blocking(state, move |s| s.use_nonce(id, &nonce, now))
            .await
            .map_err(|e| self.refused(e))?;
        if !fresh {
            return Err(self.refused(ApiError::unauthorized(
                codes::REPLAYED,
                "this nonce was already used",
            )));
        }
        Ok(self.what)
    }
}

/// What a signed request's headers carry besides the device id.
pub struct Request<'a> {
    pub method: &'a Method,
    pub uri: &'a Uri,
    pub headers: &'a HeaderMap,
    pub remote: SocketAddr,
}

/// The header checks after the key is known: timestamp within the window, nonce and signature
/// present, then the device's rate limit.
fn admitted<T>(
    state: &AppState,
    (what, id, key): (T, Uuid, String),
    bytes: SigningBytes,
    r: &Request<'_>,
) -> Result<Admitted<T>, Refusal> {
    let fail = |e: ApiError| of_enrolled(refused(e, Some(id), r.remote));
    let h = r.headers;
    let timestamp = header(h, headers::TIMESTAMP)
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| fail(ApiError::malformed("no RFC 3339 timestamp header")))?;
    if !signing::fresh(timestamp, crate::store::now()) {
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
        .ok_or_else(|| fail(ApiError::malformed("no signature header")))?
        .to_owned();
    state.guard.check_device(id).map_err(|e| Refusal {
        error: refused(e, Some(id), r.remote),
        discard: Some(RATE_DISCARD_BYTES),
    })?;
    let path = r
        .uri
        .path_and_query()
        .map_or_else(|| r.uri.path(), |p| p.as_str())
        .to_owned();
    Ok(Admitted {
        what,
        id,
        key,
        bytes,
        method: r.method.as_str().to_owned(),
        path,
        timestamp,
        nonce,
        signature,
        remote: r.remote,
    })
}

/// Admit a request signed with the device key from its headers (see the module).
pub async fn admit(state: &AppState, r: Request<'_>) -> Result<Admitted<Device>, Refusal> {
    let id = named_device(r.headers, r.remote).map_err(of_stranger)?;
    let fail = |e: ApiError| of_stranger(refused(e, Some(id), r.remote));
    let device = blocking(state, move |s| s.device(id))
        .await
        .map_err(fail)?
        .ok_or_else(|| fail(not_enrolled()))?;
    if device.revoked_at.is_some() {
        return Err(of_enrolled(refused(
            ApiError::new(
                StatusCode::FORBIDDEN,
                codes::REVOKED,
                "this device was revoked: destroy its keys and data",
            ),
            Some(id),
            r.remote,
        )));
    }
    let key = device.public_key.clone();
    admitted(state, (device, id, key), signing::request_signing_bytes, &r)
}

/// A status request (`POST /v1/status`), admitted by the device's **status key** only, over
/// [`signing::status_signing_bytes`] — device known (401 `unknown_device`) → a status key
/// registered (401 `no_status_key`) → timestamp → headers → rate limit; then its signature and
/// nonce. A revoked device passes; what it is admitted as is whether it is revoked. The device
/// key signs nothing here, and the status key nothing anywhere else.
pub async fn admit_status(
    state: &AppState,
    r: Request<'_>,
) -> Result<Admitted<(Uuid, bool)>, Refusal> {
    let id = named_device(r.headers, r.remote).map_err(of_stranger)?;
    let fail = |e: ApiError| of_stranger(refused(e, Some(id), r.remote));
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
    admitted(
        state,
        ((id, probe.revoked), id, key),
        signing::status_signing_bytes,
        &r,
    )
}
