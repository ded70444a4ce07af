//! The four languages of the app, its documents and its instruments: Serbian in Latin and in
//! Cyrillic script, Hungarian and English. A domain word, so the risk instruments, the documents
//! and the templates name it without reaching into the service layer.

use serde::{Deserialize, Serialize};

/// A language the app speaks, by its BCP 47 tag (`sr-Latn`, `sr-Cyrl`, `hu`, `en`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Language {
    #[default]
    #[serde(rename = "sr-Latn")]
    SrLatn,
    #[serde(rename = "sr-Cyrl")]
    SrCyrl,
    #[serde(rename = "hu")]
    Hu,
    #[serde(rename = "en")]
    En,
}
