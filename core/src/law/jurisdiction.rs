//! Which basic public prosecutor's office and which courts are competent for an order: the basic
//! court (and its prosecutor's office) of the victim's residence (Art. 19), and the higher court
//! that hears an appeal (Art. 20). The table is reference data (`zastita-reference`, from the Law
//! on seats and territories of courts and public prosecutors' offices), shipped as data; each row
//! says whether it was verified or inferred, and the app shows an inferred one as such.

use serde::{Deserialize, Serialize};

/// The competent offices for one municipality.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Jurisdiction {
    /// The municipality as the table names it.
    pub municipality: String,
    pub basic_court: String,
    pub basic_public_prosecutor: String,
    pub higher_court: String,
    /// `false` where the row was inferred, not seen in an official source: show it as such.
    pub verified: bool,
}

impl From<&zastita_reference::Jurisdiction> for Jurisdiction {
    fn from(j: &zastita_reference::Jurisdiction) -> Self {
        Jurisdiction {
            municipality: j.municipality.to_owned(),
            basic_court: j.basic_court.to_owned(),
            basic_public_prosecutor: j.basic_public_prosecutor.to_owned(),
            higher_court: j.higher_court.to_owned(),
            verified: j.verified,
        }
    }
}

/// The competent offices for a municipality as an officer types it: Latin or Cyrillic, with or
/// without diacritics, any case ("Novi Sad", "НОВИ САД", "novi sad", "Becej" all find theirs).
pub fn for_municipality(name: &str) -> Option<Jurisdiction> {
    zastita_reference::jurisdiction_for(name).map(Jurisdiction::from)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_municipality_of_vojvodina_has_its_offices() {
        let table = zastita_reference::jurisdictions();
        assert_eq!(table.len(), 45);
        assert!(table.iter().all(|j| !j.basic_public_prosecutor.is_empty()
            && !j.basic_court.is_empty()
            && !j.higher_court.is_empty()));
    }

    #[test]
    fn found_in_either_script_with_or_without_diacritics() {
        let check = |typed: &str, prosecutor: &str| {
            let j = for_municipality(typed).unwrap_or_else(|| panic!("{typed} not found"));
            assert_eq!(j.basic_public_prosecutor, prosecutor, "{typed}");
        };
        check("Novi Sad", "Osnovno javno tužilaštvo u Novom Sadu");
        check("НОВИ САД", "Osnovno javno tužilaštvo u Novom Sadu");
        check("  novi sad ", "Osnovno javno tužilaštvo u Novom Sadu");
        check("Bač", "Osnovno javno tužilaštvo u Bačkoj Palanci");
        check("Bac", "Osnovno javno tužilaštvo u Bačkoj Palanci");
        assert_eq!(for_municipality(""), None);
        assert_eq!(for_municipality("Atlantida"), None);
    }

    /// Courts do not follow district lines (reference/README): Bečej is policed from Novi Sad
    /// but belongs to the higher court in Zrenjanin.
    #[test]
    fn becej_goes_to_zrenjanin_for_appeals() {
        let j = for_municipality("Bečej").unwrap();
        assert_eq!(j.higher_court, "Viši sud u Zrenjaninu");
    }
}
