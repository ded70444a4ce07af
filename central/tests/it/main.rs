//! zastita-central's integration tests: one storage suite run on every backend (`storage`), a
//! database from before refinery upgraded on every backend (`upgrade`), the real binary over
//! real HTTPS (`http`), PostgreSQL over verified TLS (`pg_tls`), the CA key kept offline and the
//! server certificate renewed (`ca_key`), the admin audit (`admin_audit`) and `verify`
//! (`verify`), sharing the harness.
#![allow(clippy::unwrap_used)]

mod admin_audit;
mod ca_key;
mod harness;
mod http;
mod pg_tls;
mod storage;
mod upgrade;
mod verify;
