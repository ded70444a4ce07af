//! Refusals as the protocol's `Problem` JSON: a status, a stable code from
//! `protocol::messages::codes`, an English detail without personal data, and the server's clock.
//! A refusal that says when to come back (429, 503) carries `Retry-After` in seconds.
//!
//! **Invariant:** every error response the server sends is a `Problem` with a fixed text, never
//! a parser's or a library's message that could quote the request. [`ensure_problem`], around
//! every route, replaces any error response that did not come from [`ApiError`] (an axum
//! rejection, a 405, a middleware's 408/413/429/503) by the `Problem` for its status.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use zastita_protocol::messages::{Problem, codes};

use crate::store::StoreError;

/// A refusal on its way to becoming a `Problem` response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub detail: String,
    /// Seconds to wait before trying again (`Retry-After`).
    pub retry_after: Option<u64>,
}

/// Marks a response as one of ours (a `Problem` made by [`ApiError`]).
#[derive(Debug, Clone, Copy)]
struct IsProblem;

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            detail: detail.into(),
            retry_after: None,
        }
    }

    pub fn malformed(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, codes::MALFORMED, detail)
    }

    pub fn too_large(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, codes::TOO_LARGE, detail)
    }

    pub fn unauthorized(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, detail)
    }

    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            codes::INTERNAL,
            "the central record failed; try again later",
        )
    }

    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, codes::NOT_FOUND, "no such endpoint")
    }

    /// 429: this device or address sent too many requests; nothing was done.
    pub fn rate_limited(retry_after: u64) -> Self {
        ApiError {
            retry_after: Some(retry_after.max(1)),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                codes::RATE_LIMITED,
                "too many requests; nothing was done, try again after Retry-After seconds",
            )
        }
    }

    /// 503: the server is at its limit of requests in progress; nothing was done.
    pub fn overloaded() -> Self {
        ApiError {
            retry_after: Some(1),
            ..Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                codes::OVERLOADED,
                "the central record is busy; nothing was done, try again after Retry-After seconds",
            )
        }
    }

    /// 408: the request or its body did not arrive in time.
    pub fn timeout() -> Self {
        Self::new(
            StatusCode::REQUEST_TIMEOUT,
            codes::REQUEST_TIMEOUT,
            "the request did not arrive in time; send it again",
        )
    }

    /// The `Problem` for an error response that did not come from an `ApiError`: by its status
    /// alone, with a fixed text.
    fn for_status(status: StatusCode) -> Self {
        match status {
            StatusCode::NOT_FOUND => Self::not_found(),
            StatusCode::METHOD_NOT_ALLOWED => Self::new(
                status,
                codes::METHOD_NOT_ALLOWED,
                "this endpoint does not take this method",
            ),
            StatusCode::REQUEST_TIMEOUT => Self::timeout(),
            StatusCode::PAYLOAD_TOO_LARGE => Self::too_large("the request body is over the limit"),
            StatusCode::TOO_MANY_REQUESTS => Self::rate_limited(1),
            StatusCode::SERVICE_UNAVAILABLE => Self::overloaded(),
            s if s.is_server_error() => ApiError {
                status: s,
                ..Self::internal()
            },
            s => Self::new(s, codes::MALFORMED, "the request could not be read"),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::BadToken => ApiError::unauthorized(codes::BAD_TOKEN, e.to_string()),
            StoreError::UnknownDevice(_) => {
                ApiError::unauthorized(codes::UNKNOWN_DEVICE, "this device is not enrolled")
            }
            e if e.is_internal() => {
                // The message names tables and constraints, never a payload.
                tracing::error!(error = %e, "store failure");
                ApiError::internal()
            }
            e => ApiError::malformed(e.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let problem = Problem {
            status: self.status.as_u16(),
            code: self.code.to_owned(),
            detail: self.detail,
            server_time: Some(crate::store::now()),
        };
        let mut response = (self.status, Json(problem)).into_response();
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response.extensions_mut().insert(IsProblem);
        response
    }
}

/// Every error response leaves as a `Problem`: one of ours passes as it is; any other (its body
/// could be a rejection's text quoting the request) is replaced by the `Problem` for its status,
/// keeping only its `Retry-After`.
pub async fn ensure_problem(response: Response) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error())
        || response.extensions().get::<IsProblem>().is_some()
    {
        return response;
    }
    let mut e = ApiError::for_status(status);
    if let Some(secs) = response
        .headers()
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        e.retry_after = Some(secs.max(1));
    }
    e.into_response()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    async fn problem_of(r: Response) -> (StatusCode, Option<String>, Problem) {
        let status = r.status();
        let retry = r
            .headers()
            .get(header::RETRY_AFTER)
            .map(|v| v.to_str().unwrap().to_owned());
        let body = axum::body::to_bytes(r.into_body(), 1 << 16).await.unwrap();
        (status, retry, serde_json::from_slice(&body).unwrap())
    }

    #[tokio::test]
    async fn foreign_error_responses_become_problems_without_their_text() {
        let quoting = (
            StatusCode::UNPROCESSABLE_ENTITY,
            "Failed to deserialize: unknown field `Jelena Petrović`",
        )
            .into_response();
        let (status, _, p) = problem_of(ensure_problem(quoting).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(p.code, codes::MALFORMED);
        assert!(!p.detail.contains("Jelena"), "{}", p.detail);

        let mut limited = (StatusCode::TOO_MANY_REQUESTS, "Wait for 7s").into_response();
        limited
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(7u64));
        let (status, retry, p) = problem_of(ensure_problem(limited).await).await;
        assert_eq!(
            (status, retry.as_deref(), p.code.as_str()),
            (
                StatusCode::TOO_MANY_REQUESTS,
                Some("7"),
                codes::RATE_LIMITED
            )
        );

        for (s, code) in [
            (StatusCode::METHOD_NOT_ALLOWED, codes::METHOD_NOT_ALLOWED),
            (StatusCode::REQUEST_TIMEOUT, codes::REQUEST_TIMEOUT),
            (StatusCode::PAYLOAD_TOO_LARGE, codes::TOO_LARGE),
            (StatusCode::SERVICE_UNAVAILABLE, codes::OVERLOADED),
            (StatusCode::BAD_GATEWAY, codes::INTERNAL),
        ] {
            let (status, _, p) = problem_of(ensure_problem(s.into_response()).await).await;
            assert_eq!((status, p.code.as_str()), (s, code));
        }
    }

    #[tokio::test]
    async fn our_problems_and_successes_pass_unchanged() {
        let ours = ApiError::malformed("the record id must be a UUID").into_response();
        let (_, _, p) = problem_of(ensure_problem(ours).await).await;
        assert_eq!(p.detail, "the record id must be a UUID");
        let ok = ensure_problem((StatusCode::OK, "fine").into_response()).await;
        let body = axum::body::to_bytes(ok.into_body(), 64).await.unwrap();
        assert_eq!(&body[..], b"fine");
    }
}
