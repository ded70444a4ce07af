//! The instruments shipped with the app, embedded from `core/instruments/` at build time:
//!
//! - `art16-v1.json` — the statutory risk factors of Art. 16 of the Law on the Prevention of
//!   Domestic Violence, with a weighted score, a rule for threats to kill and weapons, and the
//!   officer's judgement of imminent danger. The primary instrument.
//! - `art16-v2.json` — the same factors, its Serbian description quoting with „…“.
//! - `lethality-screen-v1.json` — a short lethality screen of the Maryland kind, in our own
//!   words: eleven questions to the victim; screened in by any of the first three, by four of the
//!   other eight, or by the officer's belief that she is in danger.
//! - `lethality-screen-v2.json` — the same screen, its title and description saying it is a
//!   screening aid validated for intimate partners that supports, never replaces, the competent
//!   officer's finding of imminent danger (Art. 16). Version 1 stays: assessments made with it
//!   are read against it, and a version never changes.
//! - `lethality-screen-v3.json` — version 2 declaring its population (`intimate_partners`): the
//!   app offers it only for a case whose perpetrator is a present or former intimate partner.
//!
//! **Invariant:** every embedded file parses (a test fails otherwise), so [`builtin`] returns all
//! of them.

use super::Instrument;

/// The embedded files, by name.
pub const FILES: &[(&str, &[u8])] = &[
    (
        "art16-v1.json",
        include_bytes!("../../instruments/art16-v1.json"),
    ),
    (
        "art16-v2.json",
        include_bytes!("../../instruments/art16-v2.json"),
    ),
    (
        "lethality-screen-v1.json",
        include_bytes!("../../instruments/lethality-screen-v1.json"),
    ),
    (
        "lethality-screen-v2.json",
        include_bytes!("../../instruments/lethality-screen-v2.json"),
    ),
    (
        "lethality-screen-v3.json",
        include_bytes!("../../instruments/lethality-screen-v3.json"),
    ),
];

/// The built-in instruments, the primary (Art. 16) first.
pub fn builtin() -> Vec<Instrument> {
    // A file that did not parse would be left out; the tests make sure none is.
    FILES
        .iter()
        .filter_map(|(_, bytes)| Instrument::parse(bytes).ok())
        .collect()
}

#[cfg(test)]
mod tests;
