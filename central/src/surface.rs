//! The whole HTTPS surface the central record serves on its one listener: the device API
//! (`server::router`, with its limits) and the console (`console::routes`) inside the same
//! limits; the console's security headers outside them (so its refusals — a limit's 429, a 405 —
//! carry them too), and the bench build's `Server-Timing` outermost. It sits above both, so the
//! server knows nothing of the console.

use axum::Router;

use crate::server::{AppState, router, timing};

/// Every route, layered.
pub fn router_for(state: AppState) -> Router {
    timing::timed(
        router(state, crate::console::routes()).layer(axum::middleware::from_fn(
            crate::console::assets::security_headers,
        )),
    )
}
