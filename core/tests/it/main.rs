//! Integration tests of zastita-core on real SQLCipher files: one binary, one shared harness.
#![allow(clippy::unwrap_used)]

mod harness;

mod bad_input;
mod cases;
mod chain;
mod files;
mod gates;
mod history;
mod keyring_truth;
mod legal;
mod migration;
mod purpose;
mod records;
mod statements;
mod sync;
mod unlock;
