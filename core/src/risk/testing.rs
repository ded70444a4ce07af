//! A small instrument with one rule of every kind, shared by the parse and evaluation tests.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{Answer, Answers, Instrument, ItemAnswer};

/// A text in the four languages.
pub fn t(s: &str) -> Value {
    json!({"sr-Latn": s, "sr-Cyrl": s, "hu": s, "en": s})
}

/// Items a–d (d needs a note for a yes), a judgement with reasons required, base level low, and
/// rules: 0 `score` (a 1, b 2, c 3; medium from 2, high from 5), 1 `any` (a or d → medium),
/// 2 `all` (b and c → high), 3 `least` (2 of a, b, c → medium), 4 `officer` (→ extreme).
pub fn sample() -> Value {
    json!({
        "format": "zastita-instrument",
        "format_version": 1,
        "id": "test",
        "version": 1,
        "title": t("Test"),
        "items": [
            {"id": "a", "text": t("A?")},
            {"id": "b", "text": t("B?"), "help": t("About B"), "highlight": true},
            {"id": "c", "text": t("C?"), "note": "none"},
            {"id": "d", "text": t("D?"), "note": "required_if_yes"}
        ],
        "judgement": {"text": t("Danger?"), "reasons_required": true},
        "base_level": "low",
        "rules": [
            {"id": "score", "label": t("Score"), "score": {
                "weights": {"a": 1, "b": 2, "c": 3},
                "levels": [{"min": 2, "level": "medium"}, {"min": 5, "level": "high"}]
            }},
            {"id": "any", "label": t("Any"), "if": {"any_of": ["a", "d"]}, "level": "medium"},
            {"id": "all", "label": t("All"), "if": {"all_of": ["b", "c"]}, "level": "high"},
            {"id": "least", "label": t("Least"),
             "if": {"at_least": {"n": 2, "of": ["a", "b", "c"]}}, "level": "medium"},
            {"id": "officer", "label": t("Officer"),
             "if": {"officer_believes_in_danger": true}, "level": "extreme"}
        ]
    })
}

pub fn parse_value(v: &Value) -> Result<Instrument, super::InstrumentError> {
    Instrument::parse(&serde_json::to_vec(v).unwrap())
}

pub fn sample_instrument() -> Instrument {
    parse_value(&sample()).unwrap()
}

/// Answers from `(item, answer)` pairs, without notes.
pub fn answers(pairs: &[(&str, Answer)]) -> Answers {
    pairs
        .iter()
        .map(|(id, answer)| {
            (
                (*id).to_owned(),
                ItemAnswer {
                    answer: *answer,
                    note: String::new(),
                },
            )
        })
        .collect::<BTreeMap<_, _>>()
}

/// These items answered yes, nothing else answered.
pub fn yes(items: &[&str]) -> Answers {
    answers(&items.iter().map(|i| (*i, Answer::Yes)).collect::<Vec<_>>())
}
