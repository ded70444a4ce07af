//! zastita-central: the central record devices sync with (DESIGN §6). A library so the binary,
//! the tests and benches share every piece:
//!
//! - [`keys`] — the central key (outside the data directory): its file, sources, subkeys.
//! - [`store`] — storage behind one backend trait (SQLite, PostgreSQL) and everything stored.
//! - [`numbering`] — official case and order numbers (administration, year, format).
//! - [`tls`] — the CA and server certificate (`init`), the rustls configuration (`serve`).
//! - [`server`] — the HTTPS API of `protocol::openapi`: request authentication, handlers,
//!   `Problem` refusals.

pub mod console;
pub mod jurisdiction;
pub mod keys;
pub mod numbering;
pub mod server;
pub mod store;
pub mod surface;
pub mod tls;
