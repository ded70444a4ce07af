//! zastita-central's integration tests: one storage suite run on every backend (`storage`), a
//! database from before refinery upgraded on every backend (`upgrade`), and the real binary over
//! real HTTPS (`http`), and the contract fuzzed by schemathesis (`contract`), sharing the harness.
#![allow(clippy::unwrap_used)]

mod contract;
mod harness;
mod http;
mod storage;
mod upgrade;
