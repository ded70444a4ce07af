//! What an answer from the central record means: its body read under a size limit, parsed as
//! the protocol's types without quoting it, a refusal turned into a typed [`SyncError`] (busy:
//! wait out `Retry-After`; revoked; refused with its code), and a transport failure told apart
//! (certificate, timeout, offline).

use std::time::Duration;

use serde::de::DeserializeOwned;
use zastita_protocol::messages::{Problem, codes};

use super::SyncError;

/// Largest answer the client reads (a feed page of 1,000 changes is far smaller).
const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// Read an answer's body, refusing more than [`MAX_RESPONSE_BYTES`].
pub(super) async fn read_body(
    mut response: reqwest::Response,
) -> Result<(reqwest::StatusCode, Vec<u8>), SyncError> {
    let status = response.status();
    if response
        .content_length()
        .is_some_and(|n| n > MAX_RESPONSE_BYTES as u64)
    {
        return Err(SyncError::Protocol(
            "the answer is larger than any the protocol sends".to_owned(),
        ));
    }
    let mut out = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(classify)? {
        if out.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(SyncError::Protocol(
                "the answer is larger than any the protocol sends".to_owned(),
            ));
        }
        out.extend_from_slice(&chunk);
    }
    Ok((status, out))
}

pub(super) fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, SyncError> {
    serde_json::from_slice(bytes).map_err(|e| {
        // serde_json's message may quote a value: keep the kind and place only.
        SyncError::Protocol(format!(
            "{:?} error at line {}, column {}",
            e.classify(),
            e.line(),
            e.column()
        ))
    })
}

/// 429 (too many requests) or 503 (unavailable): the server did nothing; ask again later.
pub(super) fn is_busy(status: reqwest::StatusCode) -> bool {
    status == reqwest::StatusCode::TOO_MANY_REQUESTS
        || status == reqwest::StatusCode::SERVICE_UNAVAILABLE
}

/// An answer's `Retry-After` in seconds (the HTTP-date form is not used by the central record).
pub(super) fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    response
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

/// The error a refusal stands for.
pub(super) fn problem_error(status: reqwest::StatusCode, bytes: &[u8]) -> SyncError {
    let problem: Option<Problem> = serde_json::from_slice(bytes).ok();
    match problem {
        Some(p) if p.code == codes::REVOKED => SyncError::Revoked,
        _ if is_busy(status) => SyncError::Busy {
            retry_after_secs: None,
        },
        _ if status.is_server_error() => SyncError::Server {
            status: status.as_u16(),
        },
        Some(p) => SyncError::Refused {
            status: status.as_u16(),
            detail: p.detail.chars().take(500).collect(),
            code: p.code.chars().take(64).collect(),
        },
        None => SyncError::Protocol(format!(
            "HTTP {} without a readable problem description",
            status.as_u16()
        )),
    }
}

/// What a transport failure means for the officer.
pub(super) fn classify(e: reqwest::Error) -> SyncError {
    if let Some(detail) = tls_problem(&e) {
        return SyncError::Certificate { detail };
    }
    if e.is_timeout() {
        return SyncError::Timeout;
    }
    let detail = if e.is_connect() {
        "no connection".to_owned()
    } else {
        "the connection broke".to_owned()
    };
    SyncError::Offline {
        detail: match std::error::Error::source(&e) {
            Some(cause) => format!("{detail}: {}", innermost(cause)),
            None => detail,
        },
    }
}

/// The innermost cause's text (e.g. "Connection refused (os error 111)").
fn innermost(mut e: &(dyn std::error::Error + 'static)) -> String {
    while let Some(next) = e.source() {
        e = next;
    }
    e.to_string()
}

/// A TLS failure anywhere in the chain of causes: the server is not who the pin says. The
/// connector hands its failure on boxed (a `Box<dyn Error>` inside the chain, or inside an
/// `io::Error`), so each layer is looked through, not only `source()`.
fn tls_problem(e: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    let mut depth = 0;
    while let Some(err) = cur {
        depth += 1;
        if depth > 32 {
            return None;
        }
        if let Some(t) = err.downcast_ref::<rustls::Error>() {
            return Some(t.to_string());
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>()
            && let Some(inner) = io.get_ref()
            && let Some(t) = tls_problem(inner)
        {
            return Some(t);
        }
        cur = err.source();
    }
    None
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn refusals_map_to_typed_errors() {
        let p = |status: u16, code: &str| {
            let body = serde_json::to_vec(&Problem {
                status,
                code: code.to_owned(),
                detail: "why".to_owned(),
                server_time: None,
            })
            .unwrap();
            problem_error(reqwest::StatusCode::from_u16(status).unwrap(), &body)
        };
        assert!(matches!(p(403, codes::REVOKED), SyncError::Revoked));
        assert!(matches!(
            p(500, codes::INTERNAL),
            SyncError::Server { status: 500 }
        ));
        // Busy: nothing was done, the round is tried again later (not a refusal to note).
        for (status, code) in [(429, codes::RATE_LIMITED), (503, codes::OVERLOADED)] {
            let e = p(status, code);
            assert!(matches!(e, SyncError::Busy { .. }), "{e:?}");
            assert!(e.is_transient());
            assert_eq!(e.code(), crate::error_code::ErrorCode::SyncBusy);
        }
        assert!(matches!(
            problem_error(reqwest::StatusCode::SERVICE_UNAVAILABLE, b"<html>"),
            SyncError::Busy { .. }
        ));
        match p(409, codes::OFFSET_MISMATCH) {
            SyncError::Refused { status, code, .. } => {
                assert_eq!((status, code.as_str()), (409, codes::OFFSET_MISMATCH));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            problem_error(reqwest::StatusCode::BAD_GATEWAY, b"<html>"),
            SyncError::Server { status: 502 }
        ));
        assert!(matches!(
            problem_error(reqwest::StatusCode::NOT_FOUND, b"<html>"),
            SyncError::Protocol(_)
        ));
    }
}
