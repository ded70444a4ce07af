//! zastita-core: everything the Zaštita device does, without any UI or Tauri.
//!
//! Start at [`app`]: the application-service layer every adapter (Tauri commands, the `zastita`
//! CLI, tests) calls. Below it: the [`domain`] model and its validation, the [`casefile`] format,
//! [`keys`] and the [`keyring`] (wrapped data keys and the unlock policy), the encrypted [`store`]
//! with its [`audit`] log and [`outbox`]. [`document`] renders printable documents as PDF.
//! [`sync`] talks to the central record (enrolment, upload, the downstream feed).

pub mod app;
pub mod audit;
pub mod casefile;
pub mod clock;
pub mod document;
pub mod domain;
pub mod error;
pub mod error_code;
pub mod fsutil;
#[doc(hidden)]
pub mod fuzzing;
mod json;
pub mod keyring;
pub mod keys;
pub mod law;
pub mod outbox;
pub mod passphrase;
pub mod records;
pub mod risk;
pub mod store;
pub mod sync;
pub mod templates;
