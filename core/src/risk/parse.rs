//! Reading an instrument file: size → UTF-8 → JSON syntax → `format` and `format_version` → the
//! shape of every field (unknown fields refused) → the content (ids, texts, rules). The first
//! problem found is returned as an [`InstrumentError`] naming the JSON path, or the item or rule
//! by id; nothing in here panics, whatever the bytes.
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

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;
use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde_json::error::Category;

use super::instrument::{
    Condition, Instrument, Item, Judgement, Localized, NotePolicy, RiskLevel, Rule, RuleBody,
    Score, ScoreLevel,
};
use crate::domain::control_character;

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

/// Why bytes are not an instrument this app can use. Each message says what to correct.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InstrumentError {
    #[error(
        "the file is larger than {} KiB, more than any instrument holds; it is not an instrument \
         file or it is damaged",
        max_bytes / 1024
    )]
    TooLarge { max_bytes: usize },
    #[error("the file is not UTF-8 text (invalid byte at offset {byte_offset})")]
    NotUtf8 { byte_offset: usize },
    #[error("the file is not valid JSON: {message} at line {line}, column {column}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("this is not a Zaštita risk instrument (its \"format\" is not \"{FORMAT}\")")]
    NotAnInstrument,
    #[error(
        "this instrument has format version {found}; this app reads version {supported} — \
         update the app, or write the file in version {supported}"
    )]
    UnsupportedVersion { found: u64, supported: u32 },
    #[error("{path}: unknown field — check its spelling against the instrument format")]
    UnknownField { path: String },
    #[error("{path}: required field is missing")]
    MissingField { path: String },
    #[error("{path}: appears more than once")]
    DuplicateField { path: String },
    #[error("{path}: unknown value, expected {expected}")]
    UnknownValue { path: String, expected: String },
    #[error("{path}: {message}")]
    WrongValue { path: String, message: String },
    #[error("{path}: not a valid id — use 1 to {MAX_ID_CHARS} characters a–z, 0–9 and '-'")]
    BadId { path: String },
    #[error("version: must be 1 or more")]
    VersionZero,
    #[error("items: the instrument has no items — it needs at least one question")]
    NoItems,
    #[error("items: more than {max} items")]
    TooManyItems { max: usize },
    #[error("{path}: item id \"{item}\" is used twice — every item needs its own id")]
    DuplicateItem { item: String, path: String },
    #[error("rules: the instrument has no rules — without one, no answer could change the level")]
    NoRules,
    #[error("rules: more than {max} rules")]
    TooManyRules { max: usize },
    #[error("{path}: rule id \"{rule}\" is used twice — every rule needs its own id")]
    DuplicateRule { rule: String, path: String },
    #[error("{path}: the text in \"{language}\" is missing or empty — give all four languages")]
    MissingText {
        path: String,
        language: &'static str,
    },
    #[error("{path}: the text in \"{language}\" is longer than {max_chars} characters")]
    TextTooLong {
        path: String,
        language: &'static str,
        max_chars: usize,
    },
    #[error("{path}: the text in \"{language}\" contains a control character")]
    ControlCharacter {
        path: String,
        language: &'static str,
    },
    #[error("rule \"{rule}\": has neither \"if\" nor \"score\" — give exactly one")]
    RuleWithoutTest { rule: String },
    #[error("rule \"{rule}\": has both \"if\" and \"score\" — split it into two rules")]
    RuleWithBoth { rule: String },
    #[error("rule \"{rule}\": an \"if\" rule needs the \"level\" it raises to")]
    MissingLevel { rule: String },
    #[error(
        "rule \"{rule}\": a score rule takes its levels from \"score.levels\"; remove \"level\""
    )]
    LevelWithScore { rule: String },
    #[error(
        "rule \"{rule}\": level {level} is not above the base level {base}, so the rule could \
         never change the result"
    )]
    LevelNotAboveBase {
        rule: String,
        level: RiskLevel,
        base: RiskLevel,
    },
    #[error(
        "{path}: rule \"{rule}\" refers to item \"{item}\", which the instrument does not have"
    )]
    UnknownItem {
        rule: String,
        item: String,
        path: String,
    },
    #[error("{path}: rule \"{rule}\" has an empty list — name at least one item")]
    EmptyList { rule: String, path: String },
    #[error("{path}: rule \"{rule}\" names item \"{item}\" twice")]
    DuplicateInRule {
        rule: String,
        item: String,
        path: String,
    },
    #[error(
        "rule \"{rule}\": \"at_least\" asks for {n} of {len} items — n must be between 1 and \
         the number of items listed"
    )]
    AtLeastOutOfRange { rule: String, n: u32, len: usize },
    #[error(
        "rule \"{rule}\": \"officer_believes_in_danger\" must be true (a \"no\" never raises the \
         level)"
    )]
    OfficerConditionFalse { rule: String },
    #[error(
        "rule \"{rule}\": uses the officer's judgement, but the instrument has no \"judgement\" \
         question"
    )]
    NoJudgementQuestion { rule: String },
    #[error("rule \"{rule}\": the score has no weights — give at least one item a weight")]
    NoWeights { rule: String },
    #[error("rule \"{rule}\": item \"{item}\" has weight 0 — leave it out or give it 1 or more")]
    ZeroWeight { rule: String, item: String },
    #[error("rule \"{rule}\": item \"{item}\" has a weight above {max}")]
    WeightTooLarge {
        rule: String,
        item: String,
        max: u32,
    },
    #[error("rule \"{rule}\": the score has no levels — give at least one threshold")]
    NoScoreLevels { rule: String },
    #[error("rule \"{rule}\": a score threshold of 0 is always reached — start at 1 or more")]
    ScoreMinZero { rule: String },
    #[error(
        "{path}: rule \"{rule}\": thresholds must rise strictly, in \"min\" and in \"level\", \
         from one entry to the next"
    )]
    ScoreLevelsNotAscending { rule: String, path: String },
    #[error(
        "rule \"{rule}\": threshold {min} can never be reached (all weights add up to \
         {max_score})"
    )]
    ScoreUnreachable {
        rule: String,
        min: u32,
        max_score: u32,
    },
}

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

/// What a rule is checked against.
struct RuleContext<'a> {
    items: &'a HashSet<String>,
    base: RiskLevel,
    has_judgement: bool,
}

impl RuleContext<'_> {
    fn rule(&self, r: RawRule, path: &str) -> Result<Rule> {
        let rule = r.id.as_str();
        let label = text(r.label, &format!("{path}.label"))?;
        let body = match (r.condition, r.score) {
            (None, None) => return Err(InstrumentError::RuleWithoutTest { rule: r.id }),
            (Some(_), Some(_)) => return Err(InstrumentError::RuleWithBoth { rule: r.id }),
            (Some(condition), None) => {
                let level = r.level.ok_or_else(|| InstrumentError::MissingLevel {
                    rule: rule.to_owned(),
                })?;
                self.above_base(rule, level)?;
                self.condition(rule, &condition, &format!("{path}.if"))?;
                RuleBody::Condition { condition, level }
            }
            (None, Some(score)) => {
                if r.level.is_some() {
                    return Err(InstrumentError::LevelWithScore { rule: r.id });
                }
                RuleBody::Score {
                    score: self.score(rule, score, &format!("{path}.score"))?,
                }
            }
        };
        Ok(Rule {
            id: r.id,
            label,
            body,
        })
    }

    fn above_base(&self, rule: &str, level: RiskLevel) -> Result<()> {
        if level <= self.base {
            return Err(InstrumentError::LevelNotAboveBase {
                rule: rule.to_owned(),
                level,
                base: self.base,
            });
        }
        Ok(())
    }

    fn condition(&self, rule: &str, condition: &Condition, path: &str) -> Result<()> {
        match condition {
            Condition::AnyOf(list) => self.list(rule, list, &format!("{path}.any_of")),
            Condition::AllOf(list) => self.list(rule, list, &format!("{path}.all_of")),
            Condition::AtLeast { n, of } => {
                self.list(rule, of, &format!("{path}.at_least.of"))?;
                if *n == 0 || *n as usize > of.len() {
                    return Err(InstrumentError::AtLeastOutOfRange {
                        rule: rule.to_owned(),
                        n: *n,
                        len: of.len(),
                    });
                }
                Ok(())
            }
            Condition::OfficerBelievesInDanger(believes) => {
                if !believes {
                    return Err(InstrumentError::OfficerConditionFalse {
                        rule: rule.to_owned(),
                    });
                }
                if !self.has_judgement {
                    return Err(InstrumentError::NoJudgementQuestion {
                        rule: rule.to_owned(),
                    });
                }
                Ok(())
            }
        }
    }

    /// A list of item ids: not empty, each a known item, none twice.
    fn list(&self, rule: &str, list: &[String], path: &str) -> Result<()> {
        if list.is_empty() {
            return Err(InstrumentError::EmptyList {
                rule: rule.to_owned(),
                path: path.to_owned(),
            });
        }
        let mut seen = HashSet::new();
        for (i, item) in list.iter().enumerate() {
            let path = format!("{path}[{i}]");
            self.item(rule, item, &path)?;
            if !seen.insert(item) {
                return Err(InstrumentError::DuplicateInRule {
                    rule: rule.to_owned(),
                    item: item.clone(),
                    path,
                });
            }
        }
        Ok(())
    }

    /// A reference to an item: a valid id of an item the instrument has.
    fn item(&self, rule: &str, item: &str, path: &str) -> Result<()> {
        check_id(item, path)?;
        if !self.items.contains(item) {
            return Err(InstrumentError::UnknownItem {
                rule: rule.to_owned(),
                item: item.to_owned(),
                path: path.to_owned(),
            });
        }
        Ok(())
    }

    fn score(&self, rule: &str, raw: RawScore, path: &str) -> Result<Score> {
        if raw.weights.0.is_empty() {
            return Err(InstrumentError::NoWeights {
                rule: rule.to_owned(),
            });
        }
        let mut weights = BTreeMap::new();
        let mut max_score: u32 = 0;
        for (item, weight) in raw.weights.0 {
            let item_path = format!("{path}.weights.{item}");
            if check_id(&item, &item_path).is_err() {
                return Err(InstrumentError::BadId {
                    path: format!("{path}.weights"),
                });
            }
            self.item(rule, &item, &item_path)?;
            if weight == 0 {
                return Err(InstrumentError::ZeroWeight {
                    rule: rule.to_owned(),
                    item,
                });
            }
            if weight > MAX_WEIGHT {
                return Err(InstrumentError::WeightTooLarge {
                    rule: rule.to_owned(),
                    item,
                    max: MAX_WEIGHT,
                });
            }
            max_score = max_score.saturating_add(weight);
            if weights.insert(item.clone(), weight).is_some() {
                return Err(InstrumentError::DuplicateInRule {
                    rule: rule.to_owned(),
                    item,
                    path: item_path,
                });
            }
        }

        let Some(first) = raw.levels.first() else {
            return Err(InstrumentError::NoScoreLevels {
                rule: rule.to_owned(),
            });
        };
        if first.min == 0 {
            return Err(InstrumentError::ScoreMinZero {
                rule: rule.to_owned(),
            });
        }
        for (i, pair) in raw.levels.windows(2).enumerate() {
            if let [lower, higher] = pair
                && (higher.min <= lower.min || higher.level <= lower.level)
            {
                return Err(InstrumentError::ScoreLevelsNotAscending {
                    rule: rule.to_owned(),
                    path: format!("{path}.levels[{}]", i + 1),
                });
            }
        }
        for threshold in &raw.levels {
            self.above_base(rule, threshold.level)?;
            if threshold.min > max_score {
                return Err(InstrumentError::ScoreUnreachable {
                    rule: rule.to_owned(),
                    min: threshold.min,
                    max_score,
                });
            }
        }
        Ok(Score {
            weights,
            levels: raw.levels,
        })
    }
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

fn syntax(e: &serde_json::Error) -> InstrumentError {
    let (line, column, message) = crate::json::syntax_parts(e);
    InstrumentError::Syntax {
        line,
        column,
        message,
    }
}

/// A serde error in pass 2 as a specific error at its path. The JSON is known to be well formed
/// here, so a "syntax" error is about shape (an `if` object with two conditions, for one).
fn shape_error(path: String, e: &serde_json::Error) -> InstrumentError {
    let full = e.to_string();
    let msg = crate::json::strip_position(&full);
    let named = |rest: &str| -> String {
        let name = rest
            .strip_prefix('`')
            .and_then(|r| r.split('`').next())
            .unwrap_or("");
        let name = if shown_key(name) { name } else { "?" };
        // serde_path_to_error already ends the path with an unknown field's key.
        if path == name || path.ends_with(&format!(".{name}")) {
            path.clone()
        } else {
            join(&path, name)
        }
    };
    let at = || {
        if path.is_empty() {
            "(top level)".to_owned()
        } else {
            path.clone()
        }
    };
    let expected = |rest: &str| {
        rest.rfind(", expected ")
            .map(|i| rest[i + ", expected ".len()..].to_owned())
    };
    if e.classify() != Category::Data {
        return InstrumentError::WrongValue {
            path: at(),
            message: "not a valid value here — check the instrument format".to_owned(),
        };
    }
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        InstrumentError::UnknownField { path: named(rest) }
    } else if let Some(rest) = msg.strip_prefix("missing field ") {
        InstrumentError::MissingField { path: named(rest) }
    } else if let Some(rest) = msg.strip_prefix("duplicate field ") {
        InstrumentError::DuplicateField { path: named(rest) }
    } else if let Some(rest) = msg.strip_prefix("unknown variant ") {
        InstrumentError::UnknownValue {
            path: at(),
            expected: expected(rest).unwrap_or_else(|| "another value".to_owned()),
        }
    } else {
        let message = match expected(msg) {
            Some(exp) => format!("wrong type or value, expected {exp}"),
            None => "not a valid value here — check the instrument format".to_owned(),
        };
        InstrumentError::WrongValue {
            path: at(),
            message,
        }
    }
}

/// The path of a field error, built from field names, indices and enum variants; a key that is
/// not a plain name is shown as `?`.
fn safe_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                out = join(&out, if shown_key(key) { key } else { "?" });
            }
            Segment::Enum { variant } => {
                out = join(&out, if shown_key(variant) { variant } else { "?" });
            }
            Segment::Unknown => {}
        }
    }
    out
}

/// Whether a key from the file can be shown: a field name, language key or id.
fn shown_key(key: &str) -> bool {
    (1..=MAX_ID_CHARS).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn join(parent: &str, field: &str) -> String {
    if parent.is_empty() {
        field.to_owned()
    } else {
        format!("{parent}.{field}")
    }
}

#[cfg(test)]
mod tests;
