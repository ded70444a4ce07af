//! The app's commands through tauri's mock runtime: the real IPC layer (argument names,
//! serialisation, errors as codes), the real core and a real encrypted store in a temp dir, no
//! display. `TestApp` is the harness; the modules are the officer's journeys.
#![allow(clippy::unwrap_used)]

mod harness;
mod history;
mod journeys;
mod legal;
mod purpose;
mod refusals;
mod sync;
