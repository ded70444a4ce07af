//! The central record's web console: the people who act on an order after the police — the
//! prosecutor on duty, the basic-court clerk, station staff, an institution's administrator, the
//! auditor — over the same HTTPS listener as the devices, under `/console/` (the UI) and
//! `/console/api/` (its JSON API, `protocol::console`). `operator` is who is signed in and what
//! their jurisdiction covers; each part of the console adds its routes in [`routes`].

pub mod assets;
pub mod operator;

use axum::Router;

use crate::server::AppState;

/// The console's routes, merged into the server's router (inside the same limits); every
/// response under `/console` gets `assets::security_headers` (in `server::router`).
pub fn routes() -> Router<AppState> {
    Router::new().merge(assets::routes())
}
