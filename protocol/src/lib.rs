//! zastita-protocol: the wire contract between a Zaštita device and the central record, and
//! nothing else — no storage, no HTTP client or server.
//!
//! - [`messages`] — every request and response of API version 1, with JSON Schemas.
//! - [`enrollment`] — the enrolment code (token, CA fingerprint, address) a station hands a device.
//! - [`canonical`] — the one byte encoding values are hashed and signed as.
//! - [`signing`] — Ed25519 device keys (ring), what a request's signature covers, the replay
//!   window.
//! - [`shapes`] — the pattern and the check of every constrained string on the wire.
//! - [`openapi`] — the OpenAPI description built from the types; `protocol/openapi.json` is the
//!   checked-in copy the server serves, and a test fails when it drifts.

pub mod canonical;
pub mod console;
pub mod enrollment;
pub mod messages;
pub mod openapi;
pub mod shapes;
pub mod signing;

/// The API version in every path (`/v1/…`).
pub const API_VERSION: u32 = 1;
