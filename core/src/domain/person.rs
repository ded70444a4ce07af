//! People in a case: victims, perpetrators, witnesses and children, with their relationship to the
//! victim, its degree where the kind alone does not say it, and whether they share a household.
//! Whether the law covers the relationship is [`crate::law::coverage`]'s question (Art. 3): a
//! relationship outside it is flagged, never refused.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use std::ops::RangeInclusive;

use super::PersonId;

/// A person's role in the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Role {
    Victim,
    Perpetrator,
    Witness,
    Child,
}

/// Relationship to the victim, as the law's notion of a family member (Art. 3) distinguishes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Relationship {
    Spouse,
    FormerSpouse,
    /// Living together without marriage.
    CohabitingPartner,
    FormerCohabitingPartner,
    /// An emotional or sexual relationship without living together, current or past.
    IntimatePartner,
    /// Parents of a common child who were never partners in the senses above.
    CommonChildParent,
    Parent,
    Child,
    /// Brother or sister, half-siblings included: a blood relative in the collateral line, 2nd
    /// degree.
    Sibling,
    /// Grandparent, or further up the direct line (great-grandparent: degree 3).
    Grandparent,
    /// Grandchild, or further down the direct line (great-grandchild: degree 3).
    Grandchild,
    /// Another blood relative in the collateral line: uncle, aunt, nephew, niece (3rd degree),
    /// first cousin (4th)… The degree is recorded in `kinship_degree`.
    OtherBloodRelative,
    /// A relative by marriage (parent-in-law, step-child: 1st degree; brother- or sister-in-law:
    /// 2nd…). The degree is recorded in `kinship_degree`.
    InLaw,
    /// Adoptive parent or child, foster parent or child, guardian or ward.
    AdoptiveOrFoster,
    /// Someone else who lives in the household.
    HouseholdMember,
    /// Not related (neighbour, passer-by): possible for a witness, never for a perpetrator.
    None,
}

/// The highest degree of kinship recorded; anything further is a typing mistake.
pub const MAX_DEGREE: u8 = 10;

/// The degrees a relationship's kind admits, if it takes one at all. A degree outside this is
/// impossible input (validation's `out_of_range`); a degree inside it is never refused, even one
/// the law does not cover.
pub fn degrees(relationship: Relationship) -> Option<RangeInclusive<u8>> {
    use Relationship as R;
    match relationship {
        R::Parent | R::Child => Some(1..=1),
        R::Sibling => Some(2..=2),
        R::Grandparent | R::Grandchild => Some(2..=MAX_DEGREE),
        // The collateral line starts at siblings, the 2nd degree.
        R::OtherBloodRelative => Some(2..=MAX_DEGREE),
        R::InLaw => Some(1..=MAX_DEGREE),
        R::Spouse
        | R::FormerSpouse
        | R::CohabitingPartner
        | R::FormerCohabitingPartner
        | R::IntimatePartner
        | R::CommonChildParent
        | R::AdoptiveOrFoster
        | R::HouseholdMember
        | R::None => None,
    }
}

/// Whether `degree` is possible for `relationship` (no degree always is).
pub fn degree_possible(relationship: Option<Relationship>, degree: Option<u8>) -> bool {
    match (relationship, degree) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(r), Some(d)) => degrees(r).is_some_and(|range| range.contains(&d)),
    }
}

impl Relationship {
    /// Present or former intimate partners: spouses, cohabiting or dating partners, and the
    /// parents of a common child (a relationship that produced a child is one such screens were
    /// validated on, whatever word the parents use for it).
    pub fn is_intimate_partner(self) -> bool {
        matches!(
            self,
            Relationship::Spouse
                | Relationship::FormerSpouse
                | Relationship::CohabitingPartner
                | Relationship::FormerCohabitingPartner
                | Relationship::IntimatePartner
                | Relationship::CommonChildParent
        )
    }
}

/// Whether a person lives, or lived, in a common household with the victim (Art. 3 covers anyone
/// the perpetrator lives or lived with in a common household, whatever their relationship).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Household {
    /// Lives with the victim now.
    Yes,
    /// Lived with the victim before, not now.
    Lived,
    No,
    /// Asked, but not known.
    Unknown,
}

/// A person as entered in a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Person {
    pub id: PersonId,
    pub role: Role,
    #[serde(default)]
    pub given_name: String,
    #[serde(default)]
    pub family_name: String,
    /// The 13-digit personal number as entered (validated, not normalised away).
    #[serde(default)]
    pub jmbg: String,
    #[serde(default)]
    pub date_of_birth: Option<NaiveDate>,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
    /// Relationship to the victim; `None` for a victim.
    #[serde(default)]
    pub relationship_to_victim: Option<Relationship>,
    /// The degree of kinship where the relationship's kind does not fix it: a collateral blood
    /// relative (2 = sibling, 3 = uncle, aunt, nephew, niece, 4 = first cousin), an in-law
    /// (1 = parent-in-law, 2 = brother- or sister-in-law), a direct-line relative beyond
    /// grandparents. Which degrees each kind admits: [`degrees`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub kinship_degree: Option<u8>,
    /// Whether the person lives or lived in a common household with the victim; `None` when not
    /// asked (and for a victim).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub household_with_victim: Option<Household>,
    /// The language the person speaks (ISO 639 code, e.g. "sr", "hu", "rom").
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub interpreter_needed: bool,
}

fn default_language() -> String {
    "sr".to_owned()
}

impl Person {
    /// A new, empty person with the given role.
    pub fn new(role: Role) -> Self {
        Self {
            id: PersonId::new(),
            role,
            given_name: String::new(),
            family_name: String::new(),
            jmbg: String::new(),
            date_of_birth: None,
            address: String::new(),
            phone: String::new(),
            relationship_to_victim: None,
            kinship_degree: None,
            household_with_victim: None,
            language: default_language(),
            interpreter_needed: false,
        }
    }

    /// "Given Family", trimmed.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name.trim(), self.family_name.trim())
            .trim()
            .to_owned()
    }
}
