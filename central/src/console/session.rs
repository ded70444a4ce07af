//! The console's sessions as requests carry them: a random 256-bit token in the
//! `__Host-zastita-console` cookie (Secure, HttpOnly, SameSite=Strict, Path=/), of which the
//! database keeps only the SHA-256 (`console_sessions`, so any server on the same database
//! knows it); its 15-minute idle limit and absolute limit (`serve --console-idle`,
//! `--console-absolute`), checked on every request; the CSRF token derived from the session
//! token (SHA-256 under its own label), required as `X-CSRF-Token` on every change; and
//! cross-site requests refused by `Sec-Fetch-Site` and `Origin` when a browser sends them.
//!
//! The extractors every console handler takes:
//! - [`SignedIn`]`(Operator)` — a valid session (else 401 `session_expired`); its idle limit
//!   starts again unless the request carries `X-Console-Poll` (the UI's automatic refreshes, so
//!   an unattended screen still times out).
//! - [`Changing`]`(Operator)` — the same, and the CSRF token and a same-site request (else 403
//!   `csrf`): every handler that changes anything takes this one.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use ring::rand::{SecureRandom, SystemRandom};
use zastita_protocol::signing::sha256_hex;

use super::audit::{csrf, session_expired};
use super::operator::Operator;
use crate::server::problem::ApiError;
use crate::server::{AppState, blocking};
use crate::store::now;
use crate::store::operators::{self, SessionRow};

/// The session cookie's name (the `__Host-` prefix: Secure, Path=/, no Domain, enforced by
/// browsers).
pub const COOKIE: &str = "__Host-zastita-console";
/// The header a change carries the CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The header of an automatic refresh, which does not count as activity.
pub const POLL_HEADER: &str = "x-console-poll";

pub use crate::store::operators::{ConsoleOptions, delta};

/// A new session token (32 random bytes, base64url).
pub fn new_token() -> Result<String, ApiError> {
    let mut bytes = [0u8; 32];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| ApiError::internal())?;
    Ok(B64URL.encode(bytes))
}

/// The SHA-256 a token is stored as.
pub fn token_digest(token: &str) -> String {
    sha256_hex(format!("zastita-console session\0{token}").as_bytes())
}

/// The CSRF token of a session: derived from its token, which only the browser holds.
pub fn csrf_token(token: &str) -> String {
    sha256_hex(format!("zastita-console csrf\0{token}").as_bytes())
}

/// `Set-Cookie` for a new session.
pub fn set_cookie(token: &str) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Secure; HttpOnly; SameSite=Strict; Path=/"
    ))
    .unwrap_or_else(|_| clear_cookie())
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_cookie() -> HeaderValue {
    HeaderValue::from_static(
        "__Host-zastita-console=; Secure; HttpOnly; SameSite=Strict; Path=/; Max-Age=0",
    )
}

/// The session token the request's cookies carry (well formed), if any.
pub fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.trim().to_owned())
        .filter(|t| t.len() == 43 && B64URL.decode(t).is_ok_and(|b| b.len() == 32))
}

/// Whether a browser said the request comes from this site (or said nothing: not a browser, or
/// an old one). `Sec-Fetch-Site` must be `same-origin` (or `none`, typed by the user); `Origin`
/// must be this host over HTTPS.
pub fn same_site(headers: &HeaderMap) -> bool {
    let site_ok = headers
        .get("sec-fetch-site")
        .is_none_or(|v| matches!(v.to_str(), Ok("same-origin" | "none")));
    let origin_ok = match headers.get(header::ORIGIN) {
        None => true,
        Some(origin) => {
            let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
            match (origin.to_str().ok(), host) {
                (Some(o), Some(h)) => o.eq_ignore_ascii_case(&format!("https://{h}")),
                _ => false,
            }
        }
    };
    site_ok && origin_ok
}

/// A session found from the request's cookie.
#[derive(Debug, Clone)]
pub struct Found {
    pub operator: Operator,
    pub row: SessionRow,
    pub token: String,
}

/// The request's session, if valid now (its idle limit started again when `renew`).
pub async fn resolve(
    state: &AppState,
    headers: &HeaderMap,
    renew: bool,
) -> Result<Found, ApiError> {
    let token = cookie_token(headers).ok_or_else(session_expired)?;
    let digest = token_digest(&token);
    let idle = delta(state.options.console.idle);
    // A request writes only when it ends the session or is due to renew it (`renew_step`); it
    // reads on a snapshot first, so most requests take no writer from the devices' pushes.
    let row = blocking(state, move |s| {
        let at = now();
        match s.read(|sql| operators::session_seen(sql, &digest, idle, renew, at))? {
            operators::SessionSeen::Unknown => Ok(None),
            operators::SessionSeen::Valid(row) => Ok(Some(row)),
            operators::SessionSeen::MustWrite => {
                s.tx(|sql| operators::session(sql, &digest, idle, renew, now()))
            }
        }
    })
    .await?
    .ok_or_else(session_expired)?;
    let a = &row.operator;
    let operator = Operator {
        id: a.id,
        login: a.login.clone(),
        name: a.name.clone(),
        role: a.role,
        institution: a.institution.clone(),
        session: row.id,
    };
    Ok(Found {
        operator,
        row,
        token,
    })
}

/// A signed-in operator (a valid session); 401 `session_expired` otherwise.
#[derive(Debug, Clone)]
pub struct SignedIn(pub Operator);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let renew = !parts.headers.contains_key(POLL_HEADER);
        Ok(SignedIn(
            resolve(state, &parts.headers, renew).await?.operator,
        ))
    }
}

/// A signed-in operator making a change: a valid session (401 `session_expired`), its CSRF
/// token in `X-CSRF-Token` and a same-site request (403 `csrf`).
#[derive(Debug, Clone)]
pub struct Changing(pub Operator);

impl FromRequestParts<AppState> for Changing {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        // The CSRF token follows from the cookie's token alone: a refused change does not count
        // as use of the session.
        let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
        let allowed = cookie_token(&parts.headers).is_some_and(|token| {
            let want = csrf_token(&token);
            sent.is_some_and(|s| same_bytes(s.as_bytes(), want.as_bytes()))
        }) && parts.method != Method::GET
            && same_site(&parts.headers);
        let found = resolve(state, &parts.headers, allowed).await?;
        if !allowed {
            return Err(csrf());
        }
        Ok(Changing(found.operator))
    }
}

/// Constant-time equality of two byte strings of public length.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_found_among_others_and_only_well_formed() {
        let token = new_token().unwrap_or_default();
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("a=b; {COOKIE}={token}; c=d")).unwrap_or(clear_cookie()),
        );
        assert_eq!(cookie_token(&h).as_deref(), Some(token.as_str()));
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("__Host-zastita-console=short"),
        );
        assert_eq!(cookie_token(&h), None);
        assert_ne!(csrf_token(&token), token_digest(&token));
    }

    #[test]
    fn cross_site_requests_are_told_apart() {
        let mut h = HeaderMap::new();
        assert!(same_site(&h), "no browser headers: not refused by them");
        h.insert(
            header::HOST,
            HeaderValue::from_static("central.example:8443"),
        );
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://central.example:8443"),
        );
        h.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        assert!(same_site(&h));
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(!same_site(&h));
        h.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(!same_site(&h));
        h.insert(header::ORIGIN, HeaderValue::from_static("null"));
        assert!(!same_site(&h));
    }
}
