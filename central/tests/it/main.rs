//! zastita-central's integration tests: one storage suite run on every backend (`storage`), a
//! database from before refinery upgraded on every backend (`upgrade`), and the real binary over
//! real HTTPS (`http`; its abuse limits in `limits`, with hand-written requests from `wire`),
//! sharing the harness.
#![allow(clippy::unwrap_used)]

mod harness;
mod http;
mod limits;
mod storage;
mod upgrade;
mod wire;
