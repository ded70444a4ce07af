//! Who the law covers (Art. 3): domestic violence is violence against a current or former spouse,
//! cohabiting or intimate partner; a blood relative in the direct line, or in the collateral line
//! to the 2nd degree; an in-law to the 2nd degree; an adoptive or foster parent or child; or
//! anyone the perpetrator lives or lived with in a common household.
//!
//! This module is the one place that rule lives. It **warns, never refuses**: a case whose
//! perpetrator falls outside it records as any other, and the officer sees why it may not be
//! domestic violence under the law ([`CoverageGap::code`]). Validation refuses only a degree the
//! relationship's kind cannot have ([`crate::domain::person::degrees`]).

use serde::{Deserialize, Serialize};

use crate::domain::{Household, Person, PersonId, Relationship, Role};

/// The highest collateral or in-law degree the law covers (Art. 3: "to the 2nd degree").
pub const COVERED_DEGREE: u8 = 2;

/// Why the law covers a relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum CoverageGround {
    /// A current or former spouse, cohabiting or intimate partner.
    Partner,
    /// A blood relative in the direct line, at any degree.
    DirectLine,
    /// A blood relative in the collateral line to the 2nd degree (a sibling).
    Collateral,
    /// An in-law to the 2nd degree.
    InLaw,
    /// An adoptive or foster parent or child.
    AdoptiveOrFoster,
    /// Someone who lives or lived in a common household with the victim.
    CommonHousehold,
}

/// Why a relationship is outside the law's list. Each has a stable [`CoverageGap::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum CoverageGap {
    #[error(
        "not related to the victim and not living in a common household with the victim (Art. 3)"
    )]
    NotRelated,
    #[error(
        "parents of a common child who were never partners are not in the law's list, unless they \
         live or lived in a common household (Art. 3)"
    )]
    CommonChildOnly,
    #[error("a collateral blood relative beyond the 2nd degree (Art. 3 covers siblings)")]
    CollateralBeyondSecond,
    #[error("an in-law beyond the 2nd degree (Art. 3)")]
    InLawBeyondSecond,
    #[error(
        "the degree of kinship is not recorded; the law covers collateral relatives and in-laws \
         only to the 2nd degree (Art. 3)"
    )]
    DegreeUnknown,
}

impl CoverageGap {
    /// A stable, language-neutral code for the UI's message catalogue.
    pub fn code(self) -> &'static str {
        match self {
            CoverageGap::NotRelated => "not_related",
            CoverageGap::CommonChildOnly => "common_child_only",
            CoverageGap::CollateralBeyondSecond => "collateral_beyond_second",
            CoverageGap::InLawBeyondSecond => "in_law_beyond_second",
            CoverageGap::DegreeUnknown => "degree_unknown",
        }
    }

    /// Every gap, for the test that each has a translation.
    pub const ALL: [CoverageGap; 5] = [
        CoverageGap::NotRelated,
        CoverageGap::CommonChildOnly,
        CoverageGap::CollateralBeyondSecond,
        CoverageGap::InLawBeyondSecond,
        CoverageGap::DegreeUnknown,
    ];
}

/// The answer for one relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    Covered(CoverageGround),
    NotCovered(CoverageGap),
    /// Neither the relationship nor a common household is answered yet: nothing to judge
    /// (recording asks for the relationship).
    Unanswered,
}

/// Whether the law covers violence between the victim and someone in `relationship` (of
/// `degree`), who lives or lived with her as `household` says.
pub fn coverage(
    relationship: Option<Relationship>,
    degree: Option<u8>,
    household: Option<Household>,
) -> Coverage {
    use Relationship as R;
    let by_relationship = relationship.map(|r| match r {
        R::Spouse
        | R::FormerSpouse
        | R::CohabitingPartner
        | R::FormerCohabitingPartner
        | R::IntimatePartner => Ok(CoverageGround::Partner),
        R::Parent | R::Child | R::Grandparent | R::Grandchild => Ok(CoverageGround::DirectLine),
        R::Sibling => Ok(CoverageGround::Collateral),
        R::OtherBloodRelative => match degree {
            None => Err(CoverageGap::DegreeUnknown),
            Some(d) if d <= COVERED_DEGREE => Ok(CoverageGround::Collateral),
            Some(_) => Err(CoverageGap::CollateralBeyondSecond),
        },
        R::InLaw => match degree {
            None => Err(CoverageGap::DegreeUnknown),
            Some(d) if d <= COVERED_DEGREE => Ok(CoverageGround::InLaw),
            Some(_) => Err(CoverageGap::InLawBeyondSecond),
        },
        R::AdoptiveOrFoster => Ok(CoverageGround::AdoptiveOrFoster),
        R::HouseholdMember => Ok(CoverageGround::CommonHousehold),
        R::CommonChildParent => Err(CoverageGap::CommonChildOnly),
        R::None => Err(CoverageGap::NotRelated),
    });
    let shares_household = matches!(household, Some(Household::Yes | Household::Lived));
    match by_relationship {
        Some(Ok(ground)) => Coverage::Covered(ground),
        _ if shares_household => Coverage::Covered(CoverageGround::CommonHousehold),
        Some(Err(gap)) => Coverage::NotCovered(gap),
        None => Coverage::Unanswered,
    }
}

/// A person of the case whose relationship to the victim the law may not cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CoverageWarning {
    pub person_id: PersonId,
    pub reason: CoverageGap,
}

/// The case's coverage warnings: one for each perpetrator whose relationship to the victim the
/// law does not cover. Victims, witnesses and children are not judged (a witness need not be
/// related to anyone).
pub fn case_coverage(people: &[Person]) -> Vec<CoverageWarning> {
    people
        .iter()
        .filter(|p| p.role == Role::Perpetrator)
        .filter_map(|p| {
            match coverage(
                p.relationship_to_victim,
                p.kinship_degree,
                p.household_with_victim,
            ) {
                Coverage::NotCovered(reason) => Some(CoverageWarning {
                    person_id: p.id,
                    reason,
                }),
                Coverage::Covered(_) | Coverage::Unanswered => None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::person::{MAX_DEGREE, degree_possible};
    use Relationship as R;

    #[test]
    fn partners_direct_line_siblings_and_adoption_are_covered_whatever_the_household() {
        for (r, ground) in [
            (R::Spouse, CoverageGround::Partner),
            (R::FormerSpouse, CoverageGround::Partner),
            (R::CohabitingPartner, CoverageGround::Partner),
            (R::FormerCohabitingPartner, CoverageGround::Partner),
            (R::IntimatePartner, CoverageGround::Partner),
            (R::Parent, CoverageGround::DirectLine),
            (R::Child, CoverageGround::DirectLine),
            (R::Grandparent, CoverageGround::DirectLine),
            (R::Grandchild, CoverageGround::DirectLine),
            (R::Sibling, CoverageGround::Collateral),
            (R::AdoptiveOrFoster, CoverageGround::AdoptiveOrFoster),
            (R::HouseholdMember, CoverageGround::CommonHousehold),
        ] {
            for h in [None, Some(Household::No), Some(Household::Unknown)] {
                assert_eq!(
                    coverage(Some(r), None, h),
                    Coverage::Covered(ground),
                    "{r:?}"
                );
            }
        }
        // A great-grandparent is direct line too.
        assert_eq!(
            coverage(Some(R::Grandparent), Some(3), None),
            Coverage::Covered(CoverageGround::DirectLine)
        );
    }

    #[test]
    fn collateral_relatives_and_in_laws_are_covered_to_the_second_degree() {
        let collateral = |d| coverage(Some(R::OtherBloodRelative), d, Some(Household::No));
        assert_eq!(
            collateral(Some(2)),
            Coverage::Covered(CoverageGround::Collateral)
        );
        for uncle_or_cousin in [3, 4, 6] {
            assert_eq!(
                collateral(Some(uncle_or_cousin)),
                Coverage::NotCovered(CoverageGap::CollateralBeyondSecond)
            );
        }
        assert_eq!(
            collateral(None),
            Coverage::NotCovered(CoverageGap::DegreeUnknown)
        );
        let in_law = |d| coverage(Some(R::InLaw), d, None);
        assert_eq!(in_law(Some(1)), Coverage::Covered(CoverageGround::InLaw));
        assert_eq!(in_law(Some(2)), Coverage::Covered(CoverageGround::InLaw));
        assert_eq!(
            in_law(Some(3)),
            Coverage::NotCovered(CoverageGap::InLawBeyondSecond)
        );
        assert_eq!(
            in_law(None),
            Coverage::NotCovered(CoverageGap::DegreeUnknown)
        );
    }

    #[test]
    fn a_common_household_covers_anyone() {
        for h in [Household::Yes, Household::Lived] {
            for (r, d) in [
                (Some(R::None), None),
                (Some(R::CommonChildParent), None),
                (Some(R::OtherBloodRelative), Some(4)),
                (Some(R::InLaw), Some(3)),
                (Some(R::InLaw), None),
                (None, None),
            ] {
                assert_eq!(
                    coverage(r, d, Some(h)),
                    Coverage::Covered(CoverageGround::CommonHousehold),
                    "{r:?} {d:?} {h:?}"
                );
            }
        }
        for h in [None, Some(Household::No), Some(Household::Unknown)] {
            assert_eq!(
                coverage(Some(R::None), None, h),
                Coverage::NotCovered(CoverageGap::NotRelated)
            );
            assert_eq!(
                coverage(Some(R::CommonChildParent), None, h),
                Coverage::NotCovered(CoverageGap::CommonChildOnly)
            );
            assert_eq!(coverage(None, None, h), Coverage::Unanswered);
        }
    }

    #[test]
    fn degrees_fit_the_kind() {
        assert!(degree_possible(Some(R::Sibling), Some(2)));
        assert!(!degree_possible(Some(R::Sibling), Some(3)));
        assert!(!degree_possible(Some(R::OtherBloodRelative), Some(1)));
        assert!(degree_possible(Some(R::OtherBloodRelative), Some(4)));
        assert!(!degree_possible(
            Some(R::OtherBloodRelative),
            Some(MAX_DEGREE + 1)
        ));
        assert!(degree_possible(Some(R::InLaw), Some(1)));
        assert!(!degree_possible(Some(R::InLaw), Some(0)));
        assert!(!degree_possible(Some(R::Spouse), Some(1)));
        assert!(!degree_possible(Some(R::Parent), Some(2)));
        assert!(!degree_possible(None, Some(2)));
        for r in [R::Spouse, R::None, R::InLaw] {
            assert!(degree_possible(Some(r), None));
        }
    }

    #[test]
    fn only_perpetrators_outside_the_list_are_flagged() {
        let mut victim = Person::new(Role::Victim);
        victim.relationship_to_victim = None;
        let mut perp = Person::new(Role::Perpetrator);
        perp.relationship_to_victim = Some(R::OtherBloodRelative);
        perp.kinship_degree = Some(4);
        let mut covered = Person::new(Role::Perpetrator);
        covered.relationship_to_victim = Some(R::Spouse);
        let mut witness = Person::new(Role::Witness);
        witness.relationship_to_victim = Some(R::None);
        let unanswered = Person::new(Role::Perpetrator);
        let people = [victim, perp.clone(), covered, witness, unanswered];
        assert_eq!(
            case_coverage(&people),
            vec![CoverageWarning {
                person_id: perp.id,
                reason: CoverageGap::CollateralBeyondSecond
            }]
        );
    }

    #[test]
    fn codes_are_stable_and_distinct() {
        let codes: std::collections::HashSet<_> =
            CoverageGap::ALL.iter().map(|g| g.code()).collect();
        assert_eq!(codes.len(), CoverageGap::ALL.len());
        for g in CoverageGap::ALL {
            assert_eq!(
                serde_json::to_value(g).ok(),
                Some(serde_json::Value::String(g.code().to_owned()))
            );
        }
    }
}
