//! Refusals as the protocol's `Problem` JSON: a status, a stable code from
//! `protocol::messages::codes`, an English detail without personal data, and the server's clock.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use zastita_protocol::messages::{Problem, codes};

use crate::store::StoreError;

/// A refusal on its way to becoming a `Problem` response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub detail: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            detail: detail.into(),
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
        Self::new(StatusCode::NOT_FOUND, "not_found", "no such endpoint")
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
        (self.status, Json(problem)).into_response()
    }
}
