//! The operator a console request acts as (read by the console and the store alike, so it sits
//! below both), and the jurisdiction their institution gives them:
//! a police administration's orders for station staff, the municipalities of a basic public
//! prosecutor's office or of a basic court (`zastita-reference`'s Vojvodina table), nothing for an
//! administrator or the auditor. One place decides whether an order is within an operator's
//! reach; a refusal is the caller's to audit.

use uuid::Uuid;
use zastita_protocol::console::{Institution, InstitutionKind, OperatorRole};
use zastita_reference::fold_name;

/// Who is acting: a signed-in operator (the session resolved and still valid).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    pub id: Uuid,
    pub login: String,
    pub name: String,
    pub role: OperatorRole,
    pub institution: Institution,
    /// The session the request came with.
    pub session: Uuid,
}

/// Where an order belongs, as the central record indexes it when the order arrives: the police
/// administration that issued it (its code) and the victim's municipality, with the prosecutor's
/// office and the basic court competent for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Territory {
    pub police_administration: String,
    pub municipality: String,
    pub prosecutor_office: String,
    pub basic_court: String,
}

impl Territory {
    /// The territory of an order issued by `administration` (its code) for a victim living in
    /// `municipality`; the offices from the reference data, empty when it has no row for it.
    pub fn of(administration: &str, municipality: &str) -> Territory {
        let j = zastita_reference::jurisdiction_for(municipality);
        Territory {
            police_administration: administration.to_owned(),
            municipality: j.map_or_else(|| municipality.to_owned(), |j| j.municipality.to_owned()),
            prosecutor_office: j.map_or_else(String::new, |j| j.basic_public_prosecutor.to_owned()),
            basic_court: j.map_or_else(String::new, |j| j.basic_court.to_owned()),
        }
    }
}

impl Operator {
    /// Whether the order's territory is within this operator's jurisdiction. Roles that read no
    /// case (administrator, auditor) reach none; the court's further condition — a proposal on
    /// the order — is the chain's to check, not the territory's.
    pub fn covers(&self, t: &Territory) -> bool {
        let same = |a: &str, b: &str| !a.is_empty() && fold_name(a) == fold_name(b);
        match (self.role, self.institution.kind) {
            (OperatorRole::Station, InstitutionKind::PoliceAdministration) => {
                same(&self.institution.key, &t.police_administration)
            }
            (OperatorRole::Prosecutor, InstitutionKind::BasicProsecutor) => {
                same(&self.institution.key, &t.prosecutor_office)
            }
            (OperatorRole::Court, InstitutionKind::BasicCourt) => {
                same(&self.institution.key, &t.basic_court)
            }
            _ => false,
        }
    }

    /// The municipalities the operator's jurisdiction covers, as the reference data names them
    /// (empty for roles without a territory, and for station staff, whose jurisdiction is their
    /// administration's orders wherever the victim lives).
    pub fn municipalities(&self) -> Vec<&'static str> {
        let key = fold_name(&self.institution.key);
        zastita_reference::jurisdictions()
            .iter()
            .filter(|j| match (self.role, self.institution.kind) {
                (OperatorRole::Prosecutor, InstitutionKind::BasicProsecutor) => {
                    fold_name(j.basic_public_prosecutor) == key
                }
                (OperatorRole::Court, InstitutionKind::BasicCourt) => {
                    fold_name(j.basic_court) == key
                }
                _ => false,
            })
            .map(|j| j.municipality)
            .collect()
    }
}

/// Whether `key` names an institution of `kind` the reference data knows (an administration's
/// code or name, an office's or court's name in either script); the canonical key if so.
pub fn institution_key(kind: InstitutionKind, key: &str) -> Option<String> {
    let folded = fold_name(key);
    match kind {
        InstitutionKind::PoliceAdministration => {
            crate::numbering::administration_by_code(key).map(str::to_owned)
        }
        InstitutionKind::BasicProsecutor => zastita_reference::jurisdictions()
            .iter()
            .find(|j| fold_name(j.basic_public_prosecutor) == folded)
            .map(|j| j.basic_public_prosecutor.to_owned()),
        InstitutionKind::BasicCourt => zastita_reference::jurisdictions()
            .iter()
            .find(|j| fold_name(j.basic_court) == folded)
            .map(|j| j.basic_court.to_owned()),
        InstitutionKind::Oversight => (!key.trim().is_empty()).then(|| key.trim().to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operator(role: OperatorRole, kind: InstitutionKind, key: &str) -> Operator {
        Operator {
            id: Uuid::nil(),
            login: "x".into(),
            name: "X".into(),
            role,
            institution: Institution {
                kind,
                key: key.into(),
            },
            session: Uuid::nil(),
        }
    }

    #[test]
    fn a_prosecutor_covers_the_offices_municipalities_only() {
        let p = operator(
            OperatorRole::Prosecutor,
            InstitutionKind::BasicProsecutor,
            "Osnovno javno tužilaštvo u Bačkoj Palanci",
        );
        assert!(p.covers(&Territory::of("NS", "Bač")));
        assert!(!p.covers(&Territory::of("NS", "Novi Sad")));
        assert!(p.municipalities().contains(&"Bač"));
        assert!(!p.municipalities().contains(&"Novi Sad"));
    }

    #[test]
    fn a_court_and_a_station_by_their_own_keys_and_nobody_else() {
        let court = operator(
            OperatorRole::Court,
            InstitutionKind::BasicCourt,
            "Основни суд у Новом Саду",
        );
        assert!(court.covers(&Territory::of("NS", "Novi Sad")));
        let station = operator(
            OperatorRole::Station,
            InstitutionKind::PoliceAdministration,
            "NS",
        );
        assert!(station.covers(&Territory::of("NS", "Subotica")));
        assert!(!station.covers(&Territory::of("SU", "Novi Sad")));
        let auditor = operator(OperatorRole::Auditor, InstitutionKind::Oversight, "RJT");
        assert!(!auditor.covers(&Territory::of("NS", "Novi Sad")));
        // A role with another institution's kind reaches nothing.
        let odd = operator(
            OperatorRole::Court,
            InstitutionKind::BasicProsecutor,
            "Osnovno javno tužilaštvo u Novom Sadu",
        );
        assert!(!odd.covers(&Territory::of("NS", "Novi Sad")));
        assert!(
            !operator(
                OperatorRole::Station,
                InstitutionKind::PoliceAdministration,
                ""
            )
            .covers(&Territory::of("", "Novi Sad"))
        );
    }

    #[test]
    fn institutions_are_known_by_the_reference_data() {
        assert_eq!(
            institution_key(InstitutionKind::BasicCourt, "osnovni sud u novom sadu").as_deref(),
            Some("Osnovni sud u Novom Sadu")
        );
        assert_eq!(
            institution_key(InstitutionKind::BasicCourt, "Sud u Atlantidi"),
            None
        );
        assert_eq!(
            institution_key(InstitutionKind::PoliceAdministration, "ns").as_deref(),
            Some("NS")
        );
    }
}
