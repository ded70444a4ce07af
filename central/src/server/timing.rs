//! The `bench` build's `Server-Timing` header (never in a station's build, where [`timed`]
//! leaves the router as it is): how long the server took with a request, from the router
//! receiving it (inside the TLS connection, before its limits) to the response's head — the
//! session's resolution, the handler, the store's work and encoding the answer — so a bench
//! reads the server's own time beside what the client waited.

use axum::Router;

/// The router with the `Server-Timing` layer outermost (the `bench` build).
#[cfg(feature = "bench")]
pub fn timed(router: Router) -> Router {
    router.layer(axum::middleware::from_fn(server_timing))
}

/// The router as it is (a station's build).
#[cfg(not(feature = "bench"))]
pub fn timed(router: Router) -> Router {
    router
}

/// The header's metric: `app;dur=<milliseconds>`.
#[cfg(feature = "bench")]
async fn server_timing(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let started = std::time::Instant::now();
    let mut response = next.run(request).await;
    let ms = started.elapsed().as_secs_f64() * 1e3;
    if let Ok(v) = axum::http::HeaderValue::from_str(&format!("app;dur={ms:.3}")) {
        response.headers_mut().insert("server-timing", v);
    }
    response
}
