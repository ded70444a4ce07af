//! What is wrong with an instrument file ([`InstrumentError`]), and how a serde error becomes
//! one that names the JSON path but never quotes the file.

use serde_json::error::Category;

use super::super::instrument::RiskLevel;
use super::{FORMAT, MAX_ID_CHARS};

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

pub(super) fn syntax(e: &serde_json::Error) -> InstrumentError {
    let (line, column, message) = crate::json::syntax_parts(e);
    InstrumentError::Syntax {
        line,
        column,
        message,
    }
}

/// A serde error in pass 2 as a specific error at its path. The JSON is known to be well formed
/// here, so a "syntax" error is about shape (an `if` object with two conditions, for one).
pub(super) fn shape_error(path: String, e: &serde_json::Error) -> InstrumentError {
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
pub(super) fn safe_path(path: &serde_path_to_error::Path) -> String {
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
pub(super) fn shown_key(key: &str) -> bool {
    (1..=MAX_ID_CHARS).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

pub(super) fn join(parent: &str, field: &str) -> String {
    if parent.is_empty() {
        field.to_owned()
    } else {
        format!("{parent}.{field}")
    }
}
