//! People in a case: victims, perpetrators, witnesses and children, with their relationship to the
//! victim (the law covers only family and intimate relationships).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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
    Sibling,
    Grandparent,
    Grandchild,
    OtherBloodRelative,
    InLaw,
    /// Adoptive parent or child, foster parent or child, guardian or ward.
    AdoptiveOrFoster,
    /// Someone else who lives in the household.
    HouseholdMember,
    /// Not related (neighbour, passer-by): possible for a witness, never for a perpetrator.
    None,
}

impl Relationship {
    /// Whether the law's protection applies to violence by someone in this relationship.
    pub fn is_family(self) -> bool {
        !matches!(self, Relationship::None)
    }
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
