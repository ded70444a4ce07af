//! The central record's web console: the people who act on an order after the police — the
//! prosecutor on duty, the basic-court clerk, station staff, an institution's administrator, the
//! auditor — over the same HTTPS listener as the devices, under `/console/` (the UI) and
//! `/console/api/` (its JSON API, `protocol::console`). `operator` is who is signed in and what
//! their jurisdiction covers; `chain` the board, the order file and the acts of the prosecutor
//! and the court; each part of the console adds its routes in [`routes`].
//!
//! Signing in and sessions: `session` (the cookie, the idle and absolute limits, CSRF, and the
//! extractors [`session::SignedIn`] and [`session::Changing`] every handler takes), `auth` (setup,
//! sign-in, sign-out), `totp`, `passphrase`; `audit` (the refusals, the purpose, the role check
//! and [`audit::Audit`], the one way a console entry is written); `accounts` (an institution's
//! administrator's accounts), `audit_view` (the auditor's search), `station` (the station's
//! devices, roster and case numbers, as the admin CLI). The API's OpenAPI description is served at
//! `/console/api/openapi.json` (`protocol::console::openapi`).

pub mod accounts;
pub mod assets;
pub mod audit;
pub mod audit_view;
pub mod auth;
pub mod chain;
pub mod passphrase;
pub mod session;
pub mod station;
pub mod totp;

/// Who is signed in and what their jurisdiction covers (`crate::jurisdiction`, which the store
/// also reads).
pub use crate::jurisdiction as operator;

use axum::Router;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use zastita_protocol::console::openapi::CONSOLE_OPENAPI_JSON;

use crate::server::AppState;

/// The console's routes, merged into the server's router (inside the same limits); every
/// response under `/console` gets `assets::security_headers` (in `server::router`).
pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(assets::routes())
        .route("/console/api/openapi.json", get(openapi))
        .route("/console/api/setup", post(auth::setup))
        .route("/console/api/setup/confirm", post(auth::confirm))
        .route(
            "/console/api/session",
            post(auth::sign_in)
                .get(auth::current)
                .delete(auth::sign_out),
        )
        .route(
            "/console/api/session/everywhere",
            post(auth::sign_out_everywhere),
        )
        .route(
            "/console/api/operators",
            get(accounts::list).post(accounts::add),
        )
        .route("/console/api/operators/{id}/reset", post(accounts::reset))
        .route(
            "/console/api/operators/{id}/disable",
            post(accounts::disable),
        )
        .route("/console/api/audit", get(audit_view::search_audit))
        .merge(chain::routes_with::<session::SignedIn, session::Changing>())
        .route("/console/api/station/devices", get(station::devices))
        .route("/console/api/station/enrolments", post(station::enrol))
        .route(
            "/console/api/station/devices/{id}/revoke",
            post(station::revoke),
        )
        .route(
            "/console/api/station/officers",
            get(station::officers).post(station::add_officer),
        )
        .route(
            "/console/api/station/officers/{badge}/remove",
            post(station::remove_officer),
        )
        .route(
            "/console/api/station/officers/{badge}/assign",
            post(station::assign_officer),
        )
        .route("/console/api/station/cases", get(station::cases))
        .route(
            "/console/api/station/cases/{case_id}/number",
            post(station::assign_case_number),
        )
}

/// `GET /console/api/openapi.json`: the console API's description (`protocol::console::openapi`),
/// whose paths are exactly the routes above (`tests/it/console_openapi.rs`).
async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        CONSOLE_OPENAPI_JSON,
    )
        .into_response()
}
