//! zastita-central's integration tests: one storage suite run on every backend (`storage`), who
//! may write which record and who reads which change (`authorisation`), a database from before
//! refinery upgraded on every backend (`upgrade`), the real binary over real HTTPS (`http`; its
//! abuse limits in `limits`, with hand-written requests from `wire`), PostgreSQL over verified
//! TLS (`pg_tls`), the CA key kept offline and the server certificate renewed (`ca_key`), the
//! admin audit (`admin_audit`), the console's sign-in and sessions (`console_auth`), roles, accounts and the station's pages
//! (`console_admin`; its case numbers: `console_cases`; all through `console_client`, which checks every answer against the
//! console's OpenAPI description: `console_conformance`), the console's web UI and its headers
//! (`console_ui`), the console's OpenAPI description against its routes (`console_openapi`), `verify` (`verify`), encryption at rest on every backend
//! (`encryption`), the console's chain after the police order (`console_chain`; over HTTPS, each answer
//! against the description: `console_chain_http`), snapshot
//! reads that hold up no writer on every backend (`snapshot`), a person's history — the lookup,
//! the offline list of orders in force, their audit and limits (`history`), and the
//! contract fuzzed by schemathesis (`contract`),
//! sharing the harness.
#![allow(clippy::unwrap_used)]

mod admin_audit;
mod authorisation;
mod ca_key;
mod console_admin;
mod console_auth;
mod console_cases;
mod console_chain;
mod console_chain_http;
mod console_client;
mod console_conformance;
mod console_openapi;
mod console_ui;
mod contract;
mod encryption;
mod harness;
mod history;
mod http;
mod limits;
mod pg_tls;
mod snapshot;
mod storage;
mod upgrade;
mod verify;
mod wire;
