//! The HTTPS API (`protocol::openapi`), axum over rustls: the router with its body limits, the
//! shared state, and `serve` (one TLS listener, no plaintext one at all; graceful shutdown).
//! Handlers call the store on blocking threads (`spawn_blocking`): both backends are
//! synchronous.

pub mod auth;
pub mod handlers;
pub mod problem;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum_server::Handle;
use axum_server::tls_rustls::RustlsConfig;
use rustls::ServerConfig;
use zastita_protocol::messages::{MAX_CHUNK_BYTES, MAX_PUSH_BYTES};

use crate::store::{Store, StoreError};
use problem::ApiError;

/// Largest enrolment request read.
const MAX_ENROLL_BYTES: usize = 64 * 1024;
/// Largest status or status-key request read (the one is empty, the other a key).
const MAX_STATUS_BYTES: usize = 4 * 1024;

/// What the server was started with.
#[derive(Debug, Clone)]
pub struct Options {
    /// Number cases and orders the first time they are accepted (`serve --auto-case-numbers`).
    pub auto_numbers: bool,
    /// PEM of the CA, handed to enrolling devices.
    pub ca_pem: String,
}

/// Shared by every handler.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Store,
    pub options: Arc<Options>,
}

/// Run `f` with the store on a blocking thread.
pub async fn blocking<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
) -> Result<T, ApiError> {
    let store = state.store.clone();
    match tokio::task::spawn_blocking(move || f(&store)).await {
        Ok(result) => result.map_err(ApiError::from),
        Err(e) => {
            tracing::error!(error = %e, "a store task failed");
            Err(ApiError::internal())
        }
    }
}

/// The API's routes.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/v1/openapi.json", get(handlers::openapi))
        .route(
            "/v1/enroll",
            post(handlers::enroll).layer(DefaultBodyLimit::max(MAX_ENROLL_BYTES)),
        )
        .route(
            "/v1/push",
            post(handlers::push).layer(DefaultBodyLimit::max(MAX_PUSH_BYTES)),
        )
        .route("/v1/feed", get(handlers::feed))
        .route(
            "/v1/status-key",
            post(handlers::status_key).layer(DefaultBodyLimit::max(MAX_STATUS_BYTES)),
        )
        .route(
            "/v1/status",
            post(handlers::status).layer(DefaultBodyLimit::max(MAX_STATUS_BYTES)),
        )
        .route(
            "/v1/attachments/{record_id}/{sha256}",
            get(handlers::attachment_status)
                .put(handlers::attachment_chunk)
                .layer(DefaultBodyLimit::max(MAX_CHUNK_BYTES)),
        )
        .fallback(handlers::not_found)
        .with_state(state)
}

/// Serve HTTPS on `listener` until ctrl-c or SIGTERM; `on_listening` is called with the address
/// once connections are being accepted.
pub async fn serve(
    state: AppState,
    tls: Arc<ServerConfig>,
    listener: std::net::TcpListener,
    on_listening: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let handle: Handle<SocketAddr> = Handle::new();
    let server = axum_server::from_tcp_rustls(listener, RustlsConfig::from_config(tls))?
        .handle(handle.clone());
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    let running = tokio::spawn(server.serve(app));
    let shutdown = handle.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down");
        shutdown.graceful_shutdown(Some(Duration::from_secs(10)));
    });
    if let Some(addr) = handle.listening().await {
        on_listening(addr);
    }
    match running.await {
        Ok(result) => result,
        Err(e) => Err(std::io::Error::other(e)),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
