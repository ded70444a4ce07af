//! zastita-central's integration tests: one storage suite run on every backend (`storage`), who
//! may write which record and who reads which change (`authorisation`), a database from before
//! refinery upgraded on every backend (`upgrade`), the real binary over real HTTPS (`http`), and
//! the contract fuzzed by schemathesis (`contract`), sharing the harness.
#![allow(clippy::unwrap_used)]

mod authorisation;
mod contract;
mod harness;
mod http;
mod storage;
mod upgrade;
