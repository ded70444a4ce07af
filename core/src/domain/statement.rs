//! Statements of the people in a case and their addenda: the victim's, the perpetrator's (his
//! hearing, *izjašnjenje*, Art. 15), a witness's, a child's. A statement is a draft until it is
//! signed (by the person giving it, or with the reason they did not, and by the officer); from then
//! on it is immutable, and a correction is a new, separately signed statement that `amends` the
//! original.
//!
//! The signature fields keep their first names (`victim_signature`, `victim_not_signed_reason`)
//! because the case-file and record formats are frozen: they hold the signature of **the person
//! giving the statement**, whatever their role.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Badge, PersonId, StatementId};

/// One sampled point of a handwritten signature, in the pad's own pixel units.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SignaturePoint {
    pub x: f32,
    pub y: f32,
    /// Milliseconds since the stroke began.
    pub t: u32,
    /// Pen pressure 0–1 where the device reports it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p: Option<f32>,
}

/// A signature drawn on screen, kept as vector strokes (smaller than a PNG and replayable).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Signature {
    /// Size of the pad the strokes were drawn on.
    pub width: u32,
    pub height: u32,
    pub strokes: Vec<Vec<SignaturePoint>>,
}

impl Signature {
    /// Number of points over all strokes.
    pub fn point_count(&self) -> usize {
        self.strokes.iter().map(Vec::len).sum()
    }
}

/// The editable part of a statement, as the form sends it while the statement is a draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatementDraft {
    /// Where the statement was taken (e.g. "the victim's flat", "PS Novi Sad").
    #[serde(default)]
    pub place: String,
    /// The language the statement was given in (ISO 639 code).
    #[serde(default)]
    pub language: String,
    /// The interpreter's name, when one interpreted.
    #[serde(default)]
    pub interpreter: Option<String>,
    #[serde(default)]
    pub text: String,
}

/// A statement of a person in the case (or an addendum to one) as stored and exported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Statement {
    pub id: StatementId,
    /// The person who gave the statement.
    pub person_id: PersonId,
    /// The signed statement this one corrects or completes, if it is an addendum.
    #[serde(default)]
    pub amends: Option<StatementId>,
    pub taken_at: DateTime<Utc>,
    pub taken_by: Badge,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub interpreter: Option<String>,
    #[serde(default)]
    pub text: String,
    /// The signature of the person giving the statement (victim, perpetrator, witness or child;
    /// the name is kept for the frozen formats).
    #[serde(default)]
    pub victim_signature: Option<Signature>,
    /// Why the person giving the statement did not sign (refused, unable), when there is no
    /// signature of theirs.
    #[serde(default)]
    pub victim_not_signed_reason: Option<String>,
    #[serde(default)]
    pub officer_signature: Option<Signature>,
    /// Set once, when the statement is signed; after that nothing in it changes.
    #[serde(default)]
    pub signed_at: Option<DateTime<Utc>>,
    /// SHA-256 (hex) of the signed content, for the chain of custody.
    #[serde(default)]
    pub content_sha256: Option<String>,
}

impl Statement {
    pub fn is_signed(&self) -> bool {
        self.signed_at.is_some()
    }

    /// Replace the editable content with a draft's.
    pub fn apply_draft(&mut self, draft: StatementDraft) {
        self.place = draft.place;
        self.language = draft.language;
        self.interpreter = draft.interpreter;
        self.text = draft.text;
    }
}
