//! zastita-central's integration tests: one storage suite run on every backend (`storage`), a
//! database from before refinery upgraded on every backend (`upgrade`), and the real binary over
//! real HTTPS (`http`), sharing the harness.
#![allow(clippy::unwrap_used)]

mod authorisation;
mod harness;
mod http;
mod storage;
mod upgrade;
