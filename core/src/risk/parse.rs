//! Reading an instrument file: size → UTF-8 → JSON syntax → `format` and `format_version` → the
//! shape of every field (unknown fields refused) → the content (ids, texts, rules). The first
//! problem found is returned as an [`InstrumentError`] naming the JSON path, or the item or rule
//! by id; nothing in here panics, whatever the bytes. The errors and their safe paths are in
//! `parse/error.rs`, the rules' checks against their instrument in `parse/rules.rs`.
//!
//! The format (version 1). Every text is an object with exactly the keys `sr-Latn`, `sr-Cyrl`,
//! `hu`, `en`, none empty; ids are `[a-z0-9-]{1,40}`; unknown fields are refused everywhere.
//!
//! ```text
//! format          "zastita-instrument"
//! format_version  1
//! id, version     stable id; integer ≥ 1 (a changed instrument is a new version)
//! primary         optional, default false: the statutory instrument
//! title           text;  description: optional text
//! items[]         { id, text, help?: text, highlight?: bool,
//!                   note?: "optional" (default) | "required_if_yes" | "none" }
//! judgement       optional { text, reasons_required?: bool }: "is the victim in danger?"
//! base_level      "low" | "medium" | "high" | "extreme": the level when no rule fires
//! rules[]         { id, label: text, and either
//!                     if: { any_of: [item…] } | { all_of: [item…] }
//!                       | { at_least: { n, of: [item…] } } | { officer_believes_in_danger: true },
//!                     level
//!                   or
//!                     score: { weights: { item: weight ≥ 1, … },
//!                              levels: [ { min ≥ 1, level }, … ] }   (min and level rising) }
//! ```
//!
//! Contradictions are refused too: a rule naming an item that does not exist or one item twice,
//! `at_least.n` of 0 or above the list's length, a rule (or threshold) whose level is not above
//! `base_level`, a threshold no answers can reach, an officer rule without a judgement question.
//!
//! Instrument files hold no personal data, but errors still show only field names and ids that
//! passed the id syntax: never a text from the file, so a damaged file cannot fill a message.

use std::collections::HashSet;

use serde::Deserialize;
use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde_json::error::Category;

use super::instrument::{
    Condition, Instrument, Item, Judgement, Localized, NotePolicy, RiskLevel, Rule, RuleBody,
    Score, ScoreLevel,
};
use crate::domain::control_character;

mod error;
mod rules;

pub use error::InstrumentError;
use error::{safe_path, shape_error, syntax};
use rules::RuleContext;

/// The `format` field's value.
pub const FORMAT: &str = "zastita-instrument";
/// The newest `format_version` this build reads.
pub const FORMAT_VERSION: u32 = 1;
/// The largest file [`Instrument::parse`] reads; a real instrument is a few tens of kilobytes.
pub const MAX_BYTES: usize = 1024 * 1024;
/// Items in one instrument.
pub const MAX_ITEMS: usize = 200;
/// Rules in one instrument.
pub const MAX_RULES: usize = 100;
/// Characters in one text in one language (titles, items, help, labels).
pub const MAX_TEXT_CHARS: usize = 4_000;
/// The largest weight of an item in a score (so no score can overflow).
pub const MAX_WEIGHT: u32 = 1_000;
/// The longest id (instrument, item, rule).
pub const MAX_ID_CHARS: usize = 40;

type Result<T, E = InstrumentError> = std::result::Result<T, E>;

/// What the first pass reads: only the two fields that say whether and how to read the rest.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: Option<serde_json::Value>,
    #[serde(default)]
    format_version: Option<serde_json::Value>,
}

/// The file as written, before its content is checked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInstrument {
    #[allow(dead_code)]
    format: IgnoredAny,
    #[allow(dead_code)]
    format_version: IgnoredAny,
    id: String,
    version: u32,
    #[serde(default)]
    primary: bool,
    #[serde(default)]
    population: super::Population,
    title: RawText,
    #[serde(default)]
    description: Option<RawText>,
    items: Vec<RawItem>,
    #[serde(default)]
    judgement: Option<RawJudgement>,
    base_level: RiskLevel,
    rules: Vec<RawRule>,
}

/// A text whose languages may still be missing (so the error can name the missing one).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawText {
    #[serde(rename = "sr-Latn", default)]
    sr_latn: Option<String>,
    #[serde(rename = "sr-Cyrl", default)]
    sr_cyrl: Option<String>,
    #[serde(default)]
    hu: Option<String>,
    #[serde(default)]
    en: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: String,
    text: RawText,
    #[serde(default)]
    help: Option<RawText>,
    #[serde(default)]
    highlight: bool,
    #[serde(default)]
    note: NotePolicy,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawJudgement {
    text: RawText,
    #[serde(default)]
    reasons_required: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    label: RawText,
    #[serde(rename = "if", default)]
    condition: Option<Condition>,
    #[serde(default)]
    level: Option<RiskLevel>,
    #[serde(default)]
    score: Option<RawScore>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScore {
    weights: Pairs,
    levels: Vec<ScoreLevel>,
}

/// A JSON object read as its key–value pairs in file order, so a key given twice is seen (a map
/// type would silently keep the last one).
struct Pairs(Vec<(String, u32)>);

impl<'de> Deserialize<'de> for Pairs {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct PairsVisitor;
        impl<'de> Visitor<'de> for PairsVisitor {
            type Value = Pairs;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of item id → weight")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pairs, A::Error> {
                let mut pairs = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, u32>()? {
                    pairs.push((key, value));
                }
                Ok(Pairs(pairs))
            }
        }
        de.deserialize_map(PairsVisitor)
    }
}

impl Instrument {
    /// Read and validate an instrument file. A leading UTF-8 byte order mark is ignored.
    pub fn parse(bytes: &[u8]) -> Result<Instrument> {
        if bytes.len() > MAX_BYTES {
            return Err(InstrumentError::TooLarge {
                max_bytes: MAX_BYTES,
            });
        }
        let text = std::str::from_utf8(bytes).map_err(|e| InstrumentError::NotUtf8 {
            byte_offset: e.valid_up_to(),
        })?;
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);

        // Pass 1: well-formed JSON that says it is an instrument in a version we read.
        let header: Header = serde_json::from_str(text).map_err(|e| match e.classify() {
            Category::Data if e.to_string().starts_with("duplicate field") => {
                shape_error(String::new(), &e)
            }
            Category::Data => InstrumentError::NotAnInstrument,
            _ => syntax(&e),
        })?;
        match header.format {
            Some(serde_json::Value::String(f)) if f == FORMAT => {}
            _ => return Err(InstrumentError::NotAnInstrument),
        }
        match header.format_version.as_ref().and_then(|v| v.as_u64()) {
            Some(n) if n == u64::from(FORMAT_VERSION) => {}
            Some(found) => {
                return Err(InstrumentError::UnsupportedVersion {
                    found,
                    supported: FORMAT_VERSION,
                });
            }
            None => {
                return Err(InstrumentError::WrongValue {
                    path: "format_version".to_owned(),
                    message: format!("missing or not a whole number; write {FORMAT_VERSION}"),
                });
            }
        }

        // Pass 2: every field has the right shape.
        let mut de = serde_json::Deserializer::from_str(text);
        let raw: RawInstrument = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = safe_path(e.path());
            shape_error(path, e.inner())
        })?;
        de.end().map_err(|e| syntax(&e))?;

        // Pass 3: the content makes sense.
        validate(raw)
    }
}

fn validate(raw: RawInstrument) -> Result<Instrument> {
    check_id(&raw.id, "id")?;
    if raw.version == 0 {
        return Err(InstrumentError::VersionZero);
    }
    let title = text(raw.title, "title")?;
    let description = raw
        .description
        .map(|d| text(d, "description"))
        .transpose()?;

    if raw.items.is_empty() {
        return Err(InstrumentError::NoItems);
    }
    if raw.items.len() > MAX_ITEMS {
        return Err(InstrumentError::TooManyItems { max: MAX_ITEMS });
    }
    let mut items = Vec::with_capacity(raw.items.len());
    let mut item_ids = HashSet::new();
    for (i, it) in raw.items.into_iter().enumerate() {
        let path = format!("items[{i}]");
        check_id(&it.id, &format!("{path}.id"))?;
        if !item_ids.insert(it.id.clone()) {
            return Err(InstrumentError::DuplicateItem {
                item: it.id,
                path: format!("{path}.id"),
            });
        }
        items.push(Item {
            text: text(it.text, &format!("{path}.text"))?,
            help: it
                .help
                .map(|h| text(h, &format!("{path}.help")))
                .transpose()?,
            id: it.id,
            highlight: it.highlight,
            note: it.note,
        });
    }

    let judgement = raw
        .judgement
        .map(|j| {
            Ok::<_, InstrumentError>(Judgement {
                text: text(j.text, "judgement.text")?,
                reasons_required: j.reasons_required,
            })
        })
        .transpose()?;

    if raw.rules.is_empty() {
        return Err(InstrumentError::NoRules);
    }
    if raw.rules.len() > MAX_RULES {
        return Err(InstrumentError::TooManyRules { max: MAX_RULES });
    }
    let context = RuleContext {
        items: &item_ids,
        base: raw.base_level,
        has_judgement: judgement.is_some(),
    };
    let mut rules = Vec::with_capacity(raw.rules.len());
    let mut rule_ids = HashSet::new();
    for (i, r) in raw.rules.into_iter().enumerate() {
        let path = format!("rules[{i}]");
        check_id(&r.id, &format!("{path}.id"))?;
        if !rule_ids.insert(r.id.clone()) {
            return Err(InstrumentError::DuplicateRule {
                rule: r.id,
                path: format!("{path}.id"),
            });
        }
        rules.push(context.rule(r, &path)?);
    }

    Ok(Instrument {
        id: raw.id,
        version: raw.version,
        primary: raw.primary,
        population: raw.population,
        title,
        description,
        items,
        judgement,
        base_level: raw.base_level,
        rules,
    })
}

/// Whether `id` is 1–40 characters `a–z`, `0–9`, `-`.
pub fn is_valid_id(id: &str) -> bool {
    (1..=MAX_ID_CHARS).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn check_id(id: &str, path: &str) -> Result<()> {
    if is_valid_id(id) {
        Ok(())
    } else {
        Err(InstrumentError::BadId {
            path: path.to_owned(),
        })
    }
}

/// A text in all four languages, each present, not blank, not too long, without control
/// characters.
fn text(raw: RawText, path: &str) -> Result<Localized> {
    let one = |value: Option<String>, language: &'static str| -> Result<String> {
        let value = value.unwrap_or_default();
        if value.trim().is_empty() {
            return Err(InstrumentError::MissingText {
                path: path.to_owned(),
                language,
            });
        }
        if value.chars().count() > MAX_TEXT_CHARS {
            return Err(InstrumentError::TextTooLong {
                path: path.to_owned(),
                language,
                max_chars: MAX_TEXT_CHARS,
            });
        }
        if control_character(&value) {
            return Err(InstrumentError::ControlCharacter {
                path: path.to_owned(),
                language,
            });
        }
        Ok(value)
    };
    Ok(Localized {
        sr_latn: one(raw.sr_latn, "sr-Latn")?,
        sr_cyrl: one(raw.sr_cyrl, "sr-Cyrl")?,
        hu: one(raw.hu, "hu")?,
        en: one(raw.en, "en")?,
    })
}

#[cfg(test)]
mod tests;
