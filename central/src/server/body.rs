//! Reading a request's body, only once its headers were admitted: never past the endpoint's
//! limit ([`read_body`]), its signature verified ([`signed_body`]), the rest of a refused
//! enrolled device's body read and thrown away so that it hears why ([`discard`]), and JSON
//! parsed without quoting the body ([`json`]): a body that does not parse is described by the
//! kind and place of the fault only.

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, header};
use http_body_util::{BodyExt, LengthLimitError, Limited};

use super::AppState;
use super::auth::{Admitted, Refusal};
use super::problem::ApiError;

/// The body, read only now and never past `limit`: a declared length over it is refused before
/// a byte is read, a body that keeps coming as soon as it passes it (413 `too_large`); one that
/// stops arriving for the body timeout is 408 `request_timeout`.
pub async fn read_body(headers: &HeaderMap, body: Body, limit: usize) -> Result<Bytes, ApiError> {
    let over = || ApiError::too_large(format!("this endpoint reads at most {limit} bytes"));
    if declared(headers).is_some_and(|n| n > limit as u64) {
        return Err(over());
    }
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) => Err(if caused_by::<LengthLimitError>(e.as_ref()) {
            over()
        } else if caused_by::<tower_http::timeout::TimeoutError>(e.as_ref()) {
            ApiError::timeout()
        } else {
            ApiError::malformed("the request body could not be read")
        }),
    }
}

/// The body's declared length (`Content-Length`), if any.
fn declared(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
}

/// Whether `E` is anywhere in `e`'s chain of causes.
fn caused_by<E: std::error::Error + 'static>(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur = Some(e);
    for _ in 0..16 {
        match cur {
            Some(err) if err.is::<E>() => return true,
            Some(err) => cur = err.source(),
            None => return false,
        }
    }
    false
}

/// The request `admit` let through, its body read under `limit`, its signature verified. A
/// request refused from its headers is answered without its body being read; when it named an
/// enrolled device, the rest of its body is then discarded ([`discard`]).
pub(super) async fn signed_body<T>(
    state: &AppState,
    admitted: Result<Admitted<T>, Refusal>,
    headers: &HeaderMap,
    body: Body,
    limit: usize,
) -> Result<(T, Bytes), ApiError> {
    let admitted = match admitted {
        Ok(a) => a,
        Err(refusal) => {
            let cap = refusal.discard.map_or(0, |cap| cap.min(limit));
            if refusal.discard.is_some() && declared(headers).is_none_or(|n| n <= cap as u64) {
                discard(body, cap, state.guard.limits.request_timeout);
            }
            return Err(refusal.error);
        }
    };
    let bytes = read_body(headers, body, limit)
        .await
        .map_err(|e| admitted.refused(e))?;
    let what = admitted.verify(state, &bytes).await?;
    Ok((what, bytes))
}

/// Read and throw away what remains of a refused request's body — at most `limit` bytes, within
/// `within`, each piece within the body timeout — on a task of its own, while its refusal goes
/// out: a device still sending then reads the refusal (revoked, stale clock, Retry-After)
/// instead of a connection reset under its feet. Nothing read is kept.
fn discard(body: Body, limit: usize, within: std::time::Duration) {
    tokio::spawn(async move {
        let mut rest = Limited::new(body, limit);
        let _ = tokio::time::timeout(within, async {
            while let Some(Ok(_)) = rest.frame().await {}
        })
        .await;
    });
}

pub(super) fn json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // serde's own message may quote a value or a field name from the body: only the kind of
    // fault and its place are told.
    serde_json::from_slice(bytes).map_err(|e| {
        let kind = match e.classify() {
            serde_json::error::Category::Io => "unreadable",
            serde_json::error::Category::Syntax => "not JSON",
            serde_json::error::Category::Data => "not the fields and values expected",
            serde_json::error::Category::Eof => "cut short",
        };
        ApiError::malformed(format!(
            "the body is {kind} (line {}, column {})",
            e.line(),
            e.column()
        ))
    })
}
