//! Why an officer consults personal data: the purpose every consultation of a case (opening it,
//! the list and search, an order, an assessment, a document, the timeline, an export) is logged
//! with, as the Law Enforcement Directive's logging duty (Art. 25) asks: a code from a fixed set
//! and, optionally, the officer's own words, bounded and single-line. An export also names its
//! recipient. Plain data and its validation; the session's memory of the purposes given and the
//! audit entries are in `app/purpose.rs`.

use serde::{Deserialize, Serialize};

use super::validate::{FieldError, FieldErrorCode};

/// The officer's own words beside the purpose code, and an export's recipient: at most this many
/// characters (a sentence, not a report).
pub const PURPOSE_TEXT_MAX_CHARS: usize = 200;

/// Why the data is consulted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum PurposeCode {
    /// Responding to the call: the intervention under way (a case created in this session has
    /// this purpose without asking).
    RespondingToCall,
    /// Following up a case: a re-assessment, a visit, checking an order's clocks.
    FollowUp,
    /// The station reviewing its cases (supervision, quality control).
    StationReview,
    /// A public prosecutor's or a court's request.
    JudicialRequest,
    /// Training (on a training device or with the station's leave).
    Training,
}

impl PurposeCode {
    /// Every code, in the order the UI offers them.
    pub const ALL: [PurposeCode; 5] = [
        PurposeCode::RespondingToCall,
        PurposeCode::FollowUp,
        PurposeCode::StationReview,
        PurposeCode::JudicialRequest,
        PurposeCode::Training,
    ];

    /// The stable code (as stored in the audit log and typed after `--purpose`).
    pub fn as_str(self) -> &'static str {
        match self {
            PurposeCode::RespondingToCall => "responding_to_call",
            PurposeCode::FollowUp => "follow_up",
            PurposeCode::StationReview => "station_review",
            PurposeCode::JudicialRequest => "judicial_request",
            PurposeCode::Training => "training",
        }
    }

    /// A stored or typed code read back.
    pub fn parse(s: &str) -> Option<PurposeCode> {
        PurposeCode::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// A purpose as the officer gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Purpose {
    pub code: PurposeCode,
    /// The officer's own words (optional, one line, at most [`PURPOSE_TEXT_MAX_CHARS`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub text: Option<String>,
}

impl Purpose {
    pub fn new(code: PurposeCode) -> Self {
        Self { code, text: None }
    }

    /// The purpose as it will be logged: the words trimmed (blank words are no words), or every
    /// problem with them (`purpose.text`: too long, a control character or line break).
    pub fn checked(self) -> Result<Purpose, Vec<FieldError>> {
        let text = check_line("purpose.text", self.text.as_deref(), false)?;
        Ok(Purpose {
            code: self.code,
            text,
        })
    }
}

/// Check one bounded, single-line text (the purpose's words, an export's recipient): trimmed,
/// blank is `None` (a problem when `required`), longer than [`PURPOSE_TEXT_MAX_CHARS`] or with a
/// control character (a line break included: the audit line stays one line) is refused.
pub fn check_line(
    field: &str,
    value: Option<&str>,
    required: bool,
) -> Result<Option<String>, Vec<FieldError>> {
    let trimmed = value.map(str::trim).filter(|t| !t.is_empty());
    let mut problems = Vec::new();
    match trimmed {
        None if required => problems.push(FieldError::new(field, FieldErrorCode::Required)),
        None => {}
        Some(t) => {
            if t.chars().count() > PURPOSE_TEXT_MAX_CHARS {
                problems.push(FieldError::new(
                    field,
                    FieldErrorCode::TooLong {
                        max_chars: PURPOSE_TEXT_MAX_CHARS,
                    },
                ));
            }
            if super::text::control_character(t) || t.contains(['\n', '\r', '\t']) {
                problems.push(FieldError::new(field, FieldErrorCode::ControlCharacter));
            }
        }
    }
    if problems.is_empty() {
        Ok(trimmed.map(str::to_owned))
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn codes_round_trip_and_match_serde() {
        for c in PurposeCode::ALL {
            assert_eq!(PurposeCode::parse(c.as_str()), Some(c));
            assert_eq!(
                serde_json::to_value(c).unwrap(),
                serde_json::Value::String(c.as_str().to_owned())
            );
        }
        assert_eq!(PurposeCode::parse("curiosity"), None);
    }

    #[test]
    fn words_are_trimmed_bounded_and_single_line() {
        let p = |t: &str| Purpose {
            code: PurposeCode::FollowUp,
            text: Some(t.to_owned()),
        };
        assert_eq!(p("  ").checked().unwrap().text, None);
        assert_eq!(
            p(" OJT Novi Sad, KT 12/26 ")
                .checked()
                .unwrap()
                .text
                .as_deref(),
            Some("OJT Novi Sad, KT 12/26")
        );
        let at_limit = "ž".repeat(PURPOSE_TEXT_MAX_CHARS);
        assert!(p(&at_limit).checked().is_ok());
        let over = "ž".repeat(PURPOSE_TEXT_MAX_CHARS + 1);
        assert_eq!(
            p(&over).checked().unwrap_err(),
            vec![FieldError::new(
                "purpose.text",
                FieldErrorCode::TooLong {
                    max_chars: PURPOSE_TEXT_MAX_CHARS
                }
            )]
        );
        for bad in ["a\nb", "a\u{7}b", "a\u{202E}b", "a\tb"] {
            assert_eq!(
                p(bad).checked().unwrap_err(),
                vec![FieldError::new(
                    "purpose.text",
                    FieldErrorCode::ControlCharacter
                )],
                "{bad:?}"
            );
        }
        assert_eq!(
            check_line("recipient", Some(" "), true).unwrap_err(),
            vec![FieldError::new("recipient", FieldErrorCode::Required)]
        );
    }
}
