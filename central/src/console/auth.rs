//! Sign-in and the session's endpoints (`protocol::console::auth`): the first sign-in with a
//! setup code (`POST /setup`: the passphrase, and the TOTP secret to enrol; `POST
//! /setup/confirm`: the first code, after which the account is active), `POST /session` (login,
//! passphrase and TOTP → the session cookie and [`SessionInfo`]), `GET /session` (the session,
//! its idle limit renewed), `DELETE /session`, `POST /session/everywhere`.
//!
//! Sign-in answers `sign_in_failed` whichever factor was wrong (an unknown login costs the same
//! Argon2 work as a known one); the 5th failure in a row locks the account (`locked_out`,
//! `Retry-After`) for `serve --console-lockout`, doubling with each failure after; the count and
//! the lock are in the database. Sign-in and setup are also limited per remote address
//! (`serve --sign-ins-per-minute`). Every sign-in, failure, lock, setup step and sign-out is in
//! the admin audit.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;
use zastita_protocol::console::Me;
use zastita_protocol::console::auth::{
    SessionInfo, SetupConfirm, SetupRequest, SetupResponse, SignInRequest,
};

use super::audit::{Audit, bad_setup_code, csrf, invalid, locked_out, sign_in_failed};
use super::session::{
    Changing, Found, clear_cookie, delta, new_token, resolve, same_site, set_cookie, token_digest,
};
use super::{passphrase, totp};
use crate::server::problem::ApiError;
use crate::server::{AppState, blocking};
use crate::store::admin_audit::{Actor, ActorKind, AdminEntry};
use crate::store::operators::{self, Credentials};
use crate::store::{StoreError, now};

/// The actor of an account not (yet) signed in: its id and login, or `unknown` for a login no
/// account has (the login typed is not kept: it may be a passphrase typed in the wrong field).
fn actor(id: Option<Uuid>, login: Option<&str>) -> Actor {
    Actor {
        kind: ActorKind::Console,
        id: id.map_or_else(|| "unknown".to_owned(), |i| i.to_string()),
        name: login.map(str::to_owned),
    }
}

fn unix(t: DateTime<Utc>) -> u64 {
    u64::try_from(t.timestamp()).unwrap_or(0)
}

/// The checks before any credential is looked at: a same-site request, the address's rate.
fn admit(state: &AppState, remote: SocketAddr, headers: &HeaderMap) -> Result<(), ApiError> {
    if !same_site(headers) {
        return Err(csrf());
    }
    state.guard.check_sign_in(remote.ip())
}

/// Run blocking work (Argon2) off the runtime.
async fn off_runtime<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|_| ApiError::internal())
}

/// `POST /console/api/setup`: the setup code and a passphrase → the TOTP secret to enrol.
pub async fn setup(
    State(state): State<AppState>,
    ConnectInfo(remote): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(req): Json<SetupRequest>,
) -> Result<Json<SetupResponse>, ApiError> {
    admit(&state, remote, &headers)?;
    let (login, code) = (req.login.clone(), req.setup_code.clone());
    let target = blocking(&state, move |s| {
        s.tx(|sql| operators::setup_target(sql, &login, &code, now()))
    })
    .await?
    .ok_or_else(bad_setup_code)?;
    if let Some(problem) = passphrase::problem(&req.passphrase, &target.login) {
        return Err(invalid(problem));
    }
    let pass = req.passphrase.clone();
    let phc = off_runtime(move || passphrase::hash(&pass))
        .await?
        .ok_or_else(ApiError::internal)?;
    let secret = totp::new_secret().map_err(|_| ApiError::internal())?;
    let (login, code, stored) = (req.login, req.setup_code, secret.clone());
    let target = blocking(&state, move |s| {
        s.tx(|sql| {
            let Some(t) = operators::setup_target(sql, &login, &code, now())? else {
                return Ok(None);
            };
            operators::set_credentials(sql, t.id, &phc, &stored)?;
            crate::store::admin_audit::append(
                sql,
                &actor(Some(t.id), Some(&t.login)),
                &AdminEntry::new("session.setup").target(format!("operator:{}", t.id)),
                now(),
            )?;
            Ok(Some(t))
        })
    })
    .await?
    .ok_or_else(bad_setup_code)?;
    let (otpauth_uri, qr_svg) =
        totp::enrolment(&secret, &target.login).map_err(|_| ApiError::internal())?;
    Ok(Json(SetupResponse {
        otpauth_uri,
        secret_base32: secret,
        qr_svg,
    }))
}

/// `POST /console/api/setup/confirm`: the first code; the account is active.
pub async fn confirm(
    State(state): State<AppState>,
    ConnectInfo(remote): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(req): Json<SetupConfirm>,
) -> Result<StatusCode, ApiError> {
    admit(&state, remote, &headers)?;
    enum Outcome {
        BadCode,
        WrongTotp,
        Active,
    }
    let outcome = blocking(&state, move |s| {
        s.tx(|sql| {
            let at = now();
            let Some(t) = operators::setup_target(sql, &req.login, &req.setup_code, at)? else {
                return Ok(Outcome::BadCode);
            };
            let Some(secret) = t.totp_secret.as_deref() else {
                return Ok(Outcome::BadCode);
            };
            let step = totp::check(secret, &req.totp, unix(at))
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let Some(step) = step else {
                return Ok(Outcome::WrongTotp);
            };
            if !operators::activate(sql, t.id, step, at)? {
                return Ok(Outcome::WrongTotp);
            }
            crate::store::admin_audit::append(
                sql,
                &actor(Some(t.id), Some(&t.login)),
                &AdminEntry::new("session.setup_confirmed").target(format!("operator:{}", t.id)),
                at,
            )?;
            Ok(Outcome::Active)
        })
    })
    .await?;
    match outcome {
        Outcome::BadCode => Err(bad_setup_code()),
        Outcome::WrongTotp => Err(sign_in_failed()),
        Outcome::Active => Ok(StatusCode::NO_CONTENT),
    }
}

/// What the factors said, checked off the runtime.
struct Checked {
    passphrase: bool,
    step: Option<u64>,
}

fn check_factors(c: Option<&Credentials>, pass: &str, code: &str, at: DateTime<Utc>) -> Checked {
    let passphrase = passphrase::verify(pass, c.and_then(|c| c.passphrase_hash.as_deref()));
    let step = c
        .and_then(|c| c.totp_secret.as_deref())
        .and_then(|s| totp::check(s, code, unix(at)).ok().flatten());
    Checked { passphrase, step }
}

/// A failed sign-in of a known account counted and audited; the refusal to answer.
async fn failed(state: &AppState, c: &Credentials) -> Result<ApiError, ApiError> {
    let (id, login) = (c.id, c.login.clone());
    let base = delta(state.options.console.lockout);
    let lock = blocking(state, move |s| {
        s.tx(|sql| {
            let at = now();
            let (failures, lock) = operators::count_failure(sql, id, base, at)?;
            let action = if lock.is_some() {
                "session.locked"
            } else {
                "session.sign_in_failed"
            };
            crate::store::admin_audit::append(
                sql,
                &actor(Some(id), Some(&login)),
                &AdminEntry::new(action)
                    .target(format!("operator:{id}"))
                    .detail(json!({"failures": failures})),
                at,
            )?;
            Ok(lock)
        })
    })
    .await?;
    Ok(match lock {
        Some(until) => locked_out(secs_until(until)),
        None => sign_in_failed(),
    })
}

fn secs_until(t: DateTime<Utc>) -> u64 {
    let ms = (t - now()).num_milliseconds().max(0);
    u64::try_from(ms).unwrap_or(0).div_ceil(1000)
}

/// `POST /console/api/session`: sign in → [`SessionInfo`] and the session cookie.
pub async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(remote): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(req): Json<SignInRequest>,
) -> Result<Response, ApiError> {
    admit(&state, remote, &headers)?;
    let login = req.login.clone();
    let creds = blocking(&state, move |s| {
        s.tx(|sql| operators::credentials(sql, &login))
    })
    .await?;
    let at = now();
    if let Some(c) = &creds
        && let Some(until) = c.locked_until.filter(|u| *u > at)
    {
        let (id, login) = (c.id, c.login.clone());
        blocking(&state, move |s| {
            s.append_admin_audit(
                &actor(Some(id), Some(&login)),
                &AdminEntry::new("session.locked_out").target(format!("operator:{id}")),
                now(),
            )
            .map(drop)
        })
        .await?;
        return Err(locked_out(secs_until(until)));
    }
    let for_check = creds.clone();
    let (pass, code) = (req.passphrase, req.totp);
    let checked = off_runtime(move || check_factors(for_check.as_ref(), &pass, &code, at)).await?;
    let Some(c) = creds else {
        blocking(&state, move |s| {
            s.append_admin_audit(
                &actor(None, None),
                &AdminEntry::new("session.sign_in_failed"),
                now(),
            )
            .map(drop)
        })
        .await?;
        return Err(sign_in_failed());
    };
    let step = match (c.usable, checked.passphrase, checked.step) {
        (true, true, Some(step)) => step,
        _ => return Err(failed(&state, &c).await?),
    };
    let token = new_token()?;
    let digest = token_digest(&token);
    let limits = state.options.console.limits();
    let (id, login) = (c.id, c.login.clone());
    let session = blocking(&state, move |s| {
        s.tx(|sql| {
            let at = now();
            let Some(session) = operators::sign_in(sql, id, step, &digest, limits, at)? else {
                return Ok(None);
            };
            crate::store::admin_audit::append(
                sql,
                &actor(Some(id), Some(&login)),
                &AdminEntry::new("session.sign_in")
                    .target(format!("operator:{id}"))
                    .detail(json!({"session": session})),
                at,
            )?;
            Ok(Some(session))
        })
    })
    .await?;
    if session.is_none() {
        // The code's step was used already (a replay), or the account changed meanwhile.
        return Err(failed(&state, &c).await?);
    }
    let found = resolve_with(&state, &token).await?;
    let mut response = Json(info(&state, &found)).into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, set_cookie(&token));
    Ok(response)
}

/// The session a new token opened (looked up as any later request will).
async fn resolve_with(state: &AppState, token: &str) -> Result<Found, ApiError> {
    let mut headers = HeaderMap::new();
    let cookie = format!("{}={token}", super::session::COOKIE);
    headers.insert(
        header::COOKIE,
        cookie.parse().map_err(|_| ApiError::internal())?,
    );
    resolve(state, &headers, false).await
}

/// The session as the console needs it.
fn info(state: &AppState, f: &Found) -> SessionInfo {
    let o = &f.operator;
    let idle = delta(state.options.console.idle);
    SessionInfo {
        operator: Me {
            id: o.id,
            login: o.login.clone(),
            name: o.name.clone(),
            role: o.role,
            institution: o.institution.clone(),
            municipalities: o.municipalities().into_iter().map(str::to_owned).collect(),
            language: f.row.operator.language.clone(),
        },
        csrf_token: super::session::csrf_token(&f.token),
        idle_expires_at: (f.row.seen_at + idle).min(f.row.expires_at),
        absolute_expires_at: f.row.expires_at,
        server_time: now(),
    }
}

/// `GET /console/api/session`: the session (its idle limit renewed, unless the request is the
/// UI's automatic refresh, `X-Console-Poll`).
pub async fn current(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<SessionInfo>, ApiError> {
    let renew = !headers.contains_key(super::session::POLL_HEADER);
    let found = resolve(&state, &headers, renew).await?;
    Ok(Json(info(&state, &found)))
}

fn signed_out() -> Response {
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut().insert(header::SET_COOKIE, clear_cookie());
    r
}

/// `DELETE /console/api/session`: sign out here.
pub async fn sign_out(
    State(state): State<AppState>,
    Changing(op): Changing,
) -> Result<Response, ApiError> {
    let session = op.session;
    let entry = Audit::new("session.sign_out").target(format!("operator:{}", op.id));
    blocking(&state, move |s| {
        entry
            .on(s, &op)
            .tx(|sql| operators::end_session(sql, session))
    })
    .await?;
    Ok(signed_out())
}

/// `POST /console/api/session/everywhere`: end every session of this operator.
pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    Changing(op): Changing,
) -> Result<Response, ApiError> {
    let id = op.id;
    blocking(&state, move |s| {
        s.tx(|sql| {
            let ended = operators::end_sessions(sql, id)?;
            Audit::new("session.sign_out_everywhere")
                .target(format!("operator:{id}"))
                .detail(json!({"sessions": ended}))
                .append(sql, &op)
        })
    })
    .await?;
    Ok(signed_out())
}
