//! What a risk instrument is once read: its items (the questions), the officer's judgement
//! question, and the rules that turn answers into a [`RiskLevel`]. These types are what the UI
//! renders; they serialise in the shape of the instrument file (without its `format` header).
//!
//! **Invariant:** an [`Instrument`] exists only through [`Instrument::parse`], so every one in
//! memory is valid: ids unique and well-formed, every rule refers to existing items, every rule's
//! level is above the base level, every text present in all four languages.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::Language;

/// How much danger the victim is in, lowest first (`Ord` follows that order).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RiskLevel {
    #[default]
    Low,
    Medium,
    High,
    Extreme,
}

impl RiskLevel {
    /// Every level, lowest first.
    pub const ALL: [RiskLevel; 4] = [Self::Low, Self::Medium, Self::High, Self::Extreme];

    /// The name used in files and codes: `low`, `medium`, `high`, `extreme`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Extreme => "extreme",
        }
    }
}

impl std::fmt::Display for RiskLevel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The answer to one item. "Don't know" is an answer of its own, and never counts as yes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Answer {
    Yes,
    No,
    Unknown,
}

/// One text in the four languages of the app. Files must give all four, none empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Localized {
    #[serde(rename = "sr-Latn")]
    pub sr_latn: String,
    #[serde(rename = "sr-Cyrl")]
    pub sr_cyrl: String,
    pub hu: String,
    pub en: String,
}

impl Localized {
    /// The text in `language`.
    pub fn get(&self, language: Language) -> &str {
        match language {
            Language::SrLatn => &self.sr_latn,
            Language::SrCyrl => &self.sr_cyrl,
            Language::Hu => &self.hu,
            Language::En => &self.en,
        }
    }
}

/// Whether the officer writes an evidence note (what the answer rests on) for an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum NotePolicy {
    /// A note may be written.
    #[default]
    Optional,
    /// A "yes" needs a note (e.g. which weapon, where it is kept).
    RequiredIfYes,
    /// No note is taken for this item.
    #[serde(rename = "none")]
    NotTaken,
}

/// One question of an instrument.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Item {
    /// Stable id (`[a-z0-9-]{1,40}`); answers are keyed by it.
    pub id: String,
    pub text: Localized,
    /// A longer explanation shown on demand.
    pub help: Option<Localized>,
    /// Shown prominently: the factors most tied to lethal violence (weapons, threats to kill,
    /// earlier measures).
    pub highlight: bool,
    pub note: NotePolicy,
}

/// The officer's own judgement ("is the victim in imminent danger?"), asked after the items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Judgement {
    pub text: Localized,
    /// A "yes" must say why.
    pub reasons_required: bool,
}

/// What makes a condition rule fire. Item ids refer to the instrument's items; only an item
/// answered yes counts (not "don't know", not unanswered).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Condition {
    /// At least one of these items is yes.
    AnyOf(Vec<String>),
    /// Every one of these items is yes.
    AllOf(Vec<String>),
    /// At least `n` of these items are yes.
    AtLeast { n: u32, of: Vec<String> },
    /// The officer answered the judgement question yes (always `true` in a valid instrument).
    OfficerBelievesInDanger(bool),
}

/// A weighted sum of the items answered yes, and the level each threshold reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Score {
    /// Item id → weight (≥ 1).
    pub weights: BTreeMap<String, u32>,
    /// Thresholds, `min` and `level` both strictly ascending.
    pub levels: Vec<ScoreLevel>,
}

/// A score of at least `min` reaches `level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScoreLevel {
    pub min: u32,
    pub level: RiskLevel,
}

/// What a rule tests: a condition with the level it raises to, or a score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RuleBody {
    Condition {
        #[serde(rename = "if")]
        condition: Condition,
        level: RiskLevel,
    },
    Score {
        score: Score,
    },
}

/// One rule: when it fires, the computed level is at least its level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Rule {
    /// Stable id (`[a-z0-9-]{1,40}`), unique in the instrument.
    pub id: String,
    /// What the rule says, for the officer ("a threat to kill or a weapon").
    pub label: Localized,
    #[serde(flatten)]
    pub body: RuleBody,
}

/// Which instrument, in which version, an assessment used. Stored with the answers, so an old
/// assessment is always read against the instrument it was made with.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InstrumentRef {
    pub id: String,
    pub version: u32,
}

/// Whom an instrument was validated for, and so for whom the app offers it. An instrument for
/// one population is not offered for a case outside it: its cut-offs mean nothing there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Population {
    /// Every case (the statutory Art. 16 factors).
    #[default]
    Any,
    /// Violence between present or former intimate partners: spouses, cohabiting or dating
    /// partners, the parents of a common child. A lethality screen of the Maryland kind.
    IntimatePartners,
}

impl Population {
    /// Whether a case whose perpetrators stand in these relationships to the victim belongs to
    /// the population. A relationship not yet recorded belongs to none but [`Population::Any`].
    pub fn covers<'a>(
        self,
        relationships: impl IntoIterator<Item = Option<&'a crate::domain::Relationship>>,
    ) -> bool {
        match self {
            Population::Any => true,
            Population::IntimatePartners => relationships
                .into_iter()
                .flatten()
                .any(|r| r.is_intimate_partner()),
        }
    }
}

/// A validated risk instrument. Build one with [`Instrument::parse`]; read it with the accessors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Instrument {
    pub(super) id: String,
    pub(super) version: u32,
    pub(super) primary: bool,
    /// Whom it was validated for (the app offers it only for cases of that population).
    pub(super) population: Population,
    pub(super) title: Localized,
    pub(super) description: Option<Localized>,
    pub(super) items: Vec<Item>,
    pub(super) judgement: Option<Judgement>,
    pub(super) base_level: RiskLevel,
    pub(super) rules: Vec<Rule>,
}

impl Instrument {
    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn version(&self) -> u32 {
        self.version
    }

    /// The id and version together, as an assessment stores them.
    pub fn reference(&self) -> InstrumentRef {
        InstrumentRef {
            id: self.id.clone(),
            version: self.version,
        }
    }

    /// Whether this is the statutory instrument (Art. 16), the one every case gets.
    pub fn primary(&self) -> bool {
        self.primary
    }

    /// Whom it was validated for.
    pub fn population(&self) -> Population {
        self.population
    }

    pub fn title(&self) -> &Localized {
        &self.title
    }

    pub fn description(&self) -> Option<&Localized> {
        self.description.as_ref()
    }

    /// The items in the order the file lists them (the order to ask them in).
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The item with this id.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|item| item.id == id)
    }

    pub fn judgement(&self) -> Option<&Judgement> {
        self.judgement.as_ref()
    }

    /// The level when no rule fires.
    pub fn base_level(&self) -> RiskLevel {
        self.base_level
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }
}
