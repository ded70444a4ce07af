//! The reference tables, read once from the embedded TSV files (`data/*.tsv`: one header comment,
//! tab-separated, UTF-8), and the lookups by name. A row the file gets wrong (too few columns) is
//! left out; the tests check every file reads whole.

use std::sync::OnceLock;

use crate::fold::fold_name;

const ADMINISTRATIONS: &str = include_str!("../data/police-administrations.tsv");
const MUNICIPALITIES: &str = include_str!("../data/vojvodina-municipalities.tsv");
const JURISDICTIONS: &str = include_str!("../data/vojvodina-jurisdictions.tsv");

/// A police administration (policijska uprava): Belgrade's, or one covering a district.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoliceAdministration {
    /// As the Ministry names it: "PU Novi Sad", "PU za grad Beograd".
    pub name: &'static str,
    pub seat: &'static str,
    pub district: &'static str,
}

/// A local self-government unit of Vojvodina.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Municipality {
    pub district: &'static str,
    /// The administration covering its district, by name.
    pub police_administration: &'static str,
    pub name: &'static str,
    /// `city` or `municipality`.
    pub kind: &'static str,
}

/// The offices competent for a municipality's residents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Jurisdiction {
    pub municipality: &'static str,
    pub basic_court: &'static str,
    pub basic_public_prosecutor: &'static str,
    pub higher_court: &'static str,
    /// `false` where the row was inferred, not seen in an official source.
    pub verified: bool,
}

fn rows(tsv: &'static str, columns: usize) -> impl Iterator<Item = Vec<&'static str>> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::trim).collect::<Vec<_>>())
        .filter(move |c| c.len() >= columns)
}

/// The police administrations, Belgrade's first, as the reference lists them.
pub fn police_administrations() -> &'static [PoliceAdministration] {
    static ROWS: OnceLock<Vec<PoliceAdministration>> = OnceLock::new();
    ROWS.get_or_init(|| {
        rows(ADMINISTRATIONS, 3)
            .map(|c| PoliceAdministration {
                name: c[0],
                seat: c[1],
                district: c[2],
            })
            .collect()
    })
}

/// Vojvodina's 45 municipalities and cities.
pub fn municipalities() -> &'static [Municipality] {
    static ROWS: OnceLock<Vec<Municipality>> = OnceLock::new();
    ROWS.get_or_init(|| {
        rows(MUNICIPALITIES, 4)
            .map(|c| Municipality {
                district: c[0],
                police_administration: c[1],
                name: c[2],
                kind: c[3],
            })
            .collect()
    })
}

/// The competent offices for each of Vojvodina's municipalities.
pub fn jurisdictions() -> &'static [Jurisdiction] {
    static ROWS: OnceLock<Vec<Jurisdiction>> = OnceLock::new();
    ROWS.get_or_init(|| {
        rows(JURISDICTIONS, 7)
            .map(|c| Jurisdiction {
                municipality: c[0],
                basic_court: c[1],
                basic_public_prosecutor: c[2],
                higher_court: c[3],
                verified: c[6] == "verified",
            })
            .collect()
    })
}

/// A municipality's name as typed, folded, without a leading "grad" ("Grad Novi Sad").
fn municipality_key(name: &str) -> String {
    let key = fold_name(name);
    key.strip_prefix("grad ").map(str::to_owned).unwrap_or(key)
}

/// The municipality of Vojvodina named so (either script, with or without diacritics).
pub fn municipality(name: &str) -> Option<&'static Municipality> {
    let key = municipality_key(name);
    if key.is_empty() {
        return None;
    }
    municipalities().iter().find(|m| fold_name(m.name) == key)
}

/// The police administration named like "PU Novi Sad", "PU za grad Beograd", "Policijska uprava
/// Novi Sad"… or by its seat.
pub fn administration_named(name: &str) -> Option<&'static PoliceAdministration> {
    let full = fold_name(name);
    if let Some(a) = police_administrations()
        .iter()
        .find(|a| fold_name(a.name) == full)
    {
        return Some(a);
    }
    let mut words: Vec<&str> = full.split(' ').collect();
    for prefix in ["pu", "policijska", "uprava", "za", "u", "grad", "grada"] {
        if words.first() == Some(&prefix) {
            words.remove(0);
        }
    }
    let seat = words.join(" ");
    if seat.is_empty() {
        return None;
    }
    police_administrations()
        .iter()
        .find(|a| fold_name(a.seat) == seat)
}

/// The police administration covering a municipality: Vojvodina's list, else the administration
/// whose seat the municipality is.
pub fn administration_for_municipality(name: &str) -> Option<&'static PoliceAdministration> {
    if let Some(m) = municipality(name) {
        return administration_named(m.police_administration);
    }
    let key = municipality_key(name);
    if key.is_empty() {
        return None;
    }
    police_administrations()
        .iter()
        .find(|a| fold_name(a.seat) == key)
}

/// The offices competent for a municipality as an officer types it ("Novi Sad", "НОВИ САД",
/// "novi sad", "Becej" all find theirs).
pub fn jurisdiction_for(name: &str) -> Option<&'static Jurisdiction> {
    let key = municipality_key(name);
    if key.is_empty() {
        return None;
    }
    jurisdictions()
        .iter()
        .find(|j| fold_name(j.municipality) == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_reads_whole() {
        let data = |tsv: &str| {
            tsv.lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .count()
        };
        assert_eq!(police_administrations().len(), data(ADMINISTRATIONS));
        assert_eq!(police_administrations().len(), 27);
        assert_eq!(municipalities().len(), data(MUNICIPALITIES));
        assert_eq!(municipalities().len(), 45);
        assert_eq!(jurisdictions().len(), data(JURISDICTIONS));
        assert_eq!(jurisdictions().len(), 45);
    }

    #[test]
    fn the_tables_agree_with_each_other() {
        // Every municipality's administration is in the list, and has its offices.
        for m in municipalities() {
            assert!(
                administration_named(m.police_administration).is_some(),
                "{}",
                m.name
            );
            assert!(jurisdiction_for(m.name).is_some(), "{}", m.name);
        }
    }

    #[test]
    fn names_as_officers_type_them() {
        let pu = |m: &str| administration_for_municipality(m).map(|a| a.name);
        assert_eq!(pu("Novi Sad"), Some("PU Novi Sad"));
        assert_eq!(pu("НОВИ САД"), Some("PU Novi Sad"));
        assert_eq!(pu("Grad Novi Sad"), Some("PU Novi Sad"));
        assert_eq!(pu("Becej"), Some("PU Novi Sad"));
        assert_eq!(pu("Beograd"), Some("PU za grad Beograd"));
        assert_eq!(pu("Niš"), Some("PU Niš"));
        assert_eq!(pu("Atlantida"), None);
        assert_eq!(pu("  "), None);
        assert_eq!(
            administration_named("PU za grad Beograd").map(|a| a.seat),
            Some("Beograd")
        );
        assert_eq!(
            administration_named("pu novi sad").map(|a| a.seat),
            Some("Novi Sad")
        );
        assert_eq!(administration_named("PU"), None);
        let j = |m: &str| jurisdiction_for(m).map(|j| j.basic_public_prosecutor);
        assert_eq!(j("Bac"), Some("Osnovno javno tužilaštvo u Bačkoj Palanci"));
        assert!(j("БЕЧЕЈ").is_some());
        assert_eq!(j(""), None);
    }
}
