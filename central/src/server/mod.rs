//! The HTTPS API (`protocol::openapi`), axum over rustls: the router with its limits
//! (`limits`), the shared state, and `serve` (one TLS listener, no plaintext one at all; HTTP/1.1
//! only, its connections bounded by the TLS handshake and header-read timeouts; graceful
//! shutdown; a failed accept — out of file descriptors, say — is logged and never stops it; the
//! background sweeps: idle rate-limiter keys, ended console sessions, abandoned uploads).
//! Handlers call the store on blocking threads (`spawn_blocking`): both backends are synchronous.
//!
//! HTTP/2 is not offered: its streams are outside hyper's header-read timeout, so one connection
//! could hold requests open indefinitely; a device makes one request at a time anyway.

pub mod auth;
pub mod body;
pub mod handlers;
pub mod history;
pub mod limits;
pub mod problem;
pub mod timing;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::routing::{get, post};
use axum_server::Handle;
use axum_server::tls_rustls::{RustlsAcceptor, RustlsConfig};
use rustls::ServerConfig;
use tower_http::compression::CompressionLayer;

use crate::store::{Store, StoreError};
use limits::Guard;
use problem::ApiError;

/// Largest request head (request line and headers) read.
const MAX_HEAD_BYTES: usize = 64 * 1024;
/// How often the rate limiters forget idle keys.
const FORGET_EVERY: Duration = Duration::from_secs(60);

/// What the server was started with.
#[derive(Debug, Clone)]
pub struct Options {
    /// Number cases and orders the first time they are accepted (`serve --auto-case-numbers`).
    pub auto_numbers: bool,
    /// PEM of the CA, handed to enrolling devices.
    pub ca_pem: String,
    /// The console's session limits and lock-out (`serve --console-…`).
    pub console: crate::store::operators::ConsoleOptions,
}

/// Shared by every handler.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Store,
    pub options: Arc<Options>,
    /// The limits and the rate limiters' state.
    pub guard: Arc<Guard>,
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

/// The device API's routes with `more` (the console's, from [`crate::surface`]) beside them,
/// inside every limit of `state.guard` (each endpoint reads its body itself, under its own limit:
/// `body::read_body`).
pub fn router(state: AppState, more: Router<AppState>) -> Router {
    let guard = Arc::clone(&state.guard);
    let routes = Router::new()
        .route("/v1/openapi.json", get(handlers::openapi))
        .route("/v1/enroll", post(handlers::enroll))
        .route("/v1/push", post(handlers::push))
        .route("/v1/feed", get(handlers::feed))
        .route("/v1/history", post(history::history))
        .route("/v1/violations", post(history::violation))
        // The offline list is gzipped for a device that asks (one bar of signal at the scene).
        // Only it: its body reflects nothing a requester sends, so compression reveals nothing
        // about a secret beside attacker-chosen text (BREACH); the other answers stay plain.
        .route(
            "/v1/in-force",
            get(history::in_force).layer(CompressionLayer::new().gzip(true)),
        )
        .route("/v1/status-key", post(handlers::status_key))
        .route("/v1/status", post(handlers::status))
        .route(
            "/v1/attachments/{record_id}/{sha256}",
            get(handlers::attachment_status).put(handlers::attachment_chunk),
        )
        .merge(more)
        .fallback(handlers::not_found)
        .with_state(state);
    limits::layered(routes, &guard)
}

/// Serve `app` (the whole surface: [`crate::surface::router`]) over HTTPS on `listener` until
/// ctrl-c or SIGTERM; `on_listening` is called with the address
/// once connections are being accepted.
pub async fn serve(
    state: AppState,
    app: Router,
    tls: Arc<ServerConfig>,
    listener: std::net::TcpListener,
    on_listening: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let limits = state.guard.limits.clone();
    let mut tls = (*tls).clone();
    tls.alpn_protocols = vec![b"http/1.1".to_vec()];
    let acceptor = RustlsAcceptor::new(RustlsConfig::from_config(Arc::new(tls)))
        .handshake_timeout(limits.handshake_timeout);
    let handle: Handle<SocketAddr> = Handle::new();
    let mut server = axum_server::from_tcp(listener)?
        .acceptor(acceptor)
        .http1_only()
        .first_request_timeout(limits.header_timeout)
        .accept_error_handler(|remote, e| {
            let remote = remote.map_or_else(|| "-".to_owned(), ToString::to_string);
            tracing::warn!(%remote, error = %e, "a connection could not be accepted");
        })
        .handle(handle.clone());
    server
        .http_builder()
        .http1()
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(MAX_HEAD_BYTES);
    spawn_sweeps(&state);
    let app = app.into_make_service_with_connect_info::<SocketAddr>();
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

/// How often abandoned uploads are looked for: a tenth of the expiry, between 1 s and 15 min.
fn sweep_every(expiry: Duration) -> Duration {
    (expiry / 10).clamp(Duration::from_secs(1), Duration::from_secs(15 * 60))
}

/// How often the settler looks for offline-list entries waiting for their hash.
const SETTLE_EVERY: Duration = Duration::from_secs(1);
/// How many waiting entries the settler hashes between two looks at the clock and the queue.
const SETTLE_BATCH: u32 = 50;

/// The background sweeps: rate-limiter keys back to a full burst are forgotten, and console
/// sessions that have ended; incomplete attachments untouched for the upload expiry are deleted
/// (their devices start them again); the offline list's entries waiting for their hash are
/// settled (`Store::settle_in_force`), batch after batch while there are any.
fn spawn_sweeps(state: &AppState) {
    let settling = state.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(SETTLE_EVERY);
        loop {
            every.tick().await;
            loop {
                let now = crate::store::now();
                match blocking(&settling, move |s| {
                    s.settle_in_force(None, SETTLE_BATCH, now)
                })
                .await
                {
                    Ok(n) if n > 0 => continue,
                    Ok(_) => break,
                    Err(e) => {
                        tracing::warn!(code = e.code, "the offline list not settled this time");
                        break;
                    }
                }
            }
        }
    });
    let swept = state.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(FORGET_EVERY);
        let idle = crate::store::operators::delta(swept.options.console.idle);
        loop {
            every.tick().await;
            swept.guard.forget_idle();
            let ended = blocking(&swept, move |s| {
                s.tx(|sql| crate::store::operators::expire(sql, idle, crate::store::now()))
            })
            .await;
            if let Err(e) = ended {
                tracing::warn!(code = e.code, "ended console sessions not swept this time");
            }
        }
    });
    let state = state.clone();
    tokio::spawn(async move {
        let expiry = state.guard.limits.upload_expiry;
        let Ok(age) = chrono::TimeDelta::from_std(expiry) else {
            return;
        };
        let mut every = tokio::time::interval(sweep_every(expiry));
        loop {
            every.tick().await;
            let before = crate::store::now() - age;
            match blocking(&state, move |s| s.expire_uploads(before)).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(uploads = n, "abandoned uploads deleted"),
                Err(e) => tracing::warn!(code = e.code, "abandoned uploads not swept this time"),
            }
        }
    });
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
