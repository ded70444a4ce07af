//! The console's web UI, served by the central record: `ui/dist-console` (a Vite build of
//! `ui/console.html`) embedded at build time (`build.rs` stops the build when it is missing) and
//! served under `/console/` — the page for the console's own routes (the SPA's paths), its
//! hashed assets with long caching, nothing else. [`security_headers`] puts the console's strict
//! Content-Security-Policy and its companions on every response under `/console`, the API's and
//! refusals included.

use axum::Router;
use axum::extract::{Path, Request};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use include_dir::{Dir, include_dir};

use crate::server::AppState;
use crate::server::problem::ApiError;

static DIST: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../ui/dist-console");

/// The page every route of the console's UI answers with.
const INDEX: &str = "console.html";

/// The console's policy: its own scripts, styles, images (and the TOTP QR code as a `data:`
/// image), requests to its own API; no inline script or style, no frames, no other origin.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
     manifest-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Browsers remember for a year to come back over HTTPS only.
const HSTS: &str = "max-age=31536000";

/// Hashed file names never change content: cached for a year.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The page itself (and any API answer that says nothing else): asked again every time, kept
/// nowhere (it leads to personal data).
const NO_STORE: &str = "no-store";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/console",
            get(|| async { Redirect::permanent("/console/") }),
        )
        .route("/console/", get(index))
        .route("/console/assets/{*file}", get(asset))
        .route("/console/{*path}", get(page))
}

async fn index() -> Response {
    serve_index()
}

/// A path of the console's UI (the router in `ui/src/console/lib/console.svelte.ts`): the page;
/// anything else under `/console/` is not found (an unknown API path too).
async fn page(Path(path): Path<String>) -> Response {
    if is_ui_route(&path) {
        serve_index()
    } else {
        ApiError::not_found().into_response()
    }
}

/// The console UI's own routes: `orders/<uuid>`, `operators`, `audit`, `setup`.
fn is_ui_route(path: &str) -> bool {
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    match parts.as_slice() {
        ["operators"] | ["audit"] | ["setup"] => true,
        ["orders", id] => uuid::Uuid::try_parse(id).is_ok(),
        _ => false,
    }
}

fn serve_index() -> Response {
    match DIST.get_file(INDEX) {
        Some(f) => file_response(f.contents(), "text/html; charset=utf-8", NO_STORE),
        None => ApiError::not_found().into_response(),
    }
}

async fn asset(Path(file): Path<String>) -> Response {
    // Only plain names under assets/: no `..`, no hidden files, no directories.
    let safe = !file.is_empty()
        && file
            .split('/')
            .all(|p| !p.is_empty() && !p.starts_with('.'));
    match DIST.get_file(format!("assets/{file}")).filter(|_| safe) {
        Some(f) => file_response(f.contents(), content_type(&file), IMMUTABLE),
        None => ApiError::not_found().into_response(),
    }
}

fn file_response(body: &'static [u8], content_type: &'static str, cache: &'static str) -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, cache),
        ],
        body,
    )
        .into_response()
}

/// The content type of a built file by its extension (Vite's output: scripts, styles, images).
pub fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, e)| e) {
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("json") => "application/json",
        Some("woff2") => "font/woff2",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Every response under `/console` (page, assets, API, refusals) leaves with the console's
/// security headers; a response that says nothing about caching is not stored.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let console =
        request.uri().path() == "/console" || request.uri().path().starts_with("/console/");
    let mut response = next.run(request).await;
    if console {
        add_security_headers(response.headers_mut());
    }
    response
}

fn add_security_headers(h: &mut HeaderMap) {
    let set = |h: &mut HeaderMap, name: HeaderName, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    set(h, header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(h, header::STRICT_TRANSPORT_SECURITY, HSTS);
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(
        h,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        h,
        HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        set(h, header::CACHE_CONTROL, NO_STORE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_consoles_own_routes_get_the_page() {
        assert!(is_ui_route("operators"));
        assert!(is_ui_route("audit/"));
        assert!(is_ui_route("orders/0190f0f0-0000-7000-8000-0000000000aa"));
        assert!(!is_ui_route("orders/1"));
        assert!(!is_ui_route("api/unknown"));
        assert!(!is_ui_route("operators/x"));
        assert!(!is_ui_route("../v1/push"));
    }

    #[test]
    fn the_built_console_is_embedded_with_its_assets() {
        let page = DIST
            .get_file(INDEX)
            .map(|f| f.contents())
            .unwrap_or_default();
        let page = String::from_utf8_lossy(page);
        assert!(page.contains("/console/assets/"), "{page}");
        // No inline script: every script element loads a file.
        assert!(!page.contains("<script>") && !page.contains("<script type=\"module\">"));
        let assets = DIST
            .get_dir("assets")
            .map(|d| d.files().count())
            .unwrap_or(0);
        assert!(assets >= 2, "a script and a stylesheet");
        assert_eq!(
            content_type("index-abc.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("x.css"), "text/css; charset=utf-8");
    }
}
