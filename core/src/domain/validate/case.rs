//! A case's incident and people: every field, with what recording on this device adds (a
//! firearm's licence answered).

use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashSet;

use super::*;
use crate::domain::jmbg::{Jmbg, JmbgError};
use crate::domain::person::degree_possible;
use crate::domain::{Incident, Person, Role};

fn jmbg_code(e: JmbgError) -> FieldErrorCode {
    match e {
        JmbgError::Length => FieldErrorCode::JmbgLength,
        JmbgError::NotDigits => FieldErrorCode::JmbgNotDigits,
        JmbgError::BadDate => FieldErrorCode::JmbgDate,
        JmbgError::Checksum => FieldErrorCode::JmbgChecksum,
    }
}

/// Earliest plausible date of birth.
fn earliest_birth_date() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1900, 1, 1)
}

/// Validate a case's incident and people. `now` is the device's clock; timestamps up to
/// [`CLOCK_SKEW`] after it are accepted.
pub fn validate_case(
    incident: &Incident,
    people: &[Person],
    now: DateTime<Utc>,
    strictness: Strictness,
) -> Vec<FieldError> {
    let mut e = Errors::new(now);
    let record = strictness == Strictness::Record;
    validate_incident(&mut e, incident, record);
    validate_people(&mut e, people, record);
    e.list
}

fn validate_incident(e: &mut Errors, inc: &Incident, record: bool) {
    e.not_future("incident.reported_at", inc.reported_at);
    e.not_future("incident.police_arrived_at", inc.police_arrived_at);
    if let (Some(reported), Some(arrived)) = (inc.reported_at, inc.police_arrived_at)
        && arrived < reported
    {
        e.push("incident.police_arrived_at", FieldErrorCode::BeforeReported);
    }
    e.text("incident.address", &inc.address, SHORT_TEXT_MAX_CHARS);
    e.text(
        "incident.municipality",
        &inc.municipality,
        SHORT_TEXT_MAX_CHARS,
    );
    if let Some(loc) = &inc.location {
        e.range("incident.location.lat", (-90.0..=90.0).contains(&loc.lat));
        e.range("incident.location.lon", (-180.0..=180.0).contains(&loc.lon));
        if let Some(acc) = loc.accuracy_m {
            e.range(
                "incident.location.accuracy_m",
                acc.is_finite() && acc >= 0.0,
            );
        }
    }
    if let Some(r) = &inc.reported_by {
        e.text("incident.reported_by.name", &r.name, SHORT_TEXT_MAX_CHARS);
        e.text("incident.reported_by.phone", &r.phone, SHORT_TEXT_MAX_CHARS);
    }
    if inc.weapons.len() > MAX_WEAPONS {
        e.push(
            "incident.weapons",
            FieldErrorCode::TooMany { max: MAX_WEAPONS },
        );
    }
    for (i, w) in inc.weapons.iter().take(MAX_WEAPONS).enumerate() {
        e.text(
            &format!("incident.weapons[{i}].description"),
            &w.description,
            SHORT_TEXT_MAX_CHARS,
        );
        e.text(
            &format!("incident.weapons[{i}].seizure_receipt"),
            &w.seizure_receipt,
            SHORT_TEXT_MAX_CHARS,
        );
    }
    if inc.weapons_present == Some(false) && !inc.weapons.is_empty() {
        e.push("incident.weapons", FieldErrorCode::WeaponsContradiction);
    }
    e.text("incident.injuries", &inc.injuries, INJURIES_MAX);
    e.text("incident.narrative", &inc.narrative, NARRATIVE_MAX_CHARS);
    e.text(
        "incident.danger_without_act",
        &inc.danger_without_act,
        NARRATIVE_MAX_CHARS,
    );
    if let Some(n) = &inc.welfare_notification {
        e.not_future("incident.welfare_notification.at", Some(n.at));
        e.text(
            "incident.welfare_notification.centre",
            &n.centre,
            SHORT_TEXT_MAX_CHARS,
        );
        if record {
            e.required("incident.welfare_notification.centre", &n.centre);
        }
        e.text(
            "incident.welfare_notification.note",
            &n.note,
            NARRATIVE_MAX_CHARS,
        );
    }

    if record {
        e.answered("incident.reported_at", &inc.reported_at);
        e.required("incident.address", &inc.address);
        e.required("incident.municipality", &inc.municipality);
        e.answered("incident.reported_by", &inc.reported_by);
        // Imminent danger can exist before any act (Art. 3): then the reason is stated instead.
        if inc.forms_of_violence.is_empty() && inc.danger_without_act.trim().is_empty() {
            e.push("incident.forms_of_violence", FieldErrorCode::Required);
        }
        e.answered("incident.weapons_present", &inc.weapons_present);
        if inc.weapons_present == Some(true) && inc.weapons.is_empty() {
            e.push("incident.weapons", FieldErrorCode::WeaponsNotListed);
        }
        e.answered("incident.children_present", &inc.children_present);
        e.required("incident.narrative", &inc.narrative);
    }
}

fn validate_people(e: &mut Errors, people: &[Person], record: bool) {
    if people.len() > MAX_PEOPLE {
        e.push("people", FieldErrorCode::TooMany { max: MAX_PEOPLE });
    }
    let mut ids = HashSet::new();
    for (i, p) in people.iter().take(MAX_PEOPLE).enumerate() {
        let at = |f: &str| format!("people[{i}].{f}");
        if !ids.insert(p.id) {
            e.push(at("id"), FieldErrorCode::DuplicateId);
        }
        e.text(&at("given_name"), &p.given_name, SHORT_TEXT_MAX_CHARS);
        e.text(&at("family_name"), &p.family_name, SHORT_TEXT_MAX_CHARS);
        e.text(&at("address"), &p.address, SHORT_TEXT_MAX_CHARS);
        e.text(&at("phone"), &p.phone, SHORT_TEXT_MAX_CHARS);
        e.text(&at("language"), &p.language, SHORT_TEXT_MAX_CHARS);
        if let Some(dob) = p.date_of_birth {
            if dob > e.latest_date {
                e.push(at("date_of_birth"), FieldErrorCode::InFuture);
            } else if earliest_birth_date().is_some_and(|earliest| dob < earliest) {
                e.push(at("date_of_birth"), FieldErrorCode::OutOfRange);
            }
        }
        if !p.jmbg.trim().is_empty() {
            match Jmbg::parse(&p.jmbg) {
                Err(err) => e.push(at("jmbg"), jmbg_code(err)),
                Ok(j) if j.birth_date() > e.latest_date => {
                    e.push(at("jmbg"), FieldErrorCode::JmbgDate);
                }
                Ok(j) => {
                    if p.date_of_birth.is_some_and(|dob| dob != j.birth_date()) {
                        e.push(at("jmbg"), FieldErrorCode::JmbgBirthDateMismatch);
                    }
                }
            }
        }
        // Only an impossible degree is refused; one the law does not cover is a warning
        // (`law::coverage`), and so is a perpetrator outside the law's list.
        if !degree_possible(p.relationship_to_victim, p.kinship_degree) {
            e.push(at("kinship_degree"), FieldErrorCode::OutOfRange);
        }
        if record {
            e.required(&at("given_name"), &p.given_name);
            e.required(&at("family_name"), &p.family_name);
            if p.role != Role::Victim && p.relationship_to_victim.is_none() {
                e.push(
                    at("relationship_to_victim"),
                    FieldErrorCode::RelationshipRequired,
                );
            }
        }
    }
    if record {
        if !people.iter().any(|p| p.role == Role::Victim) {
            e.push("people", FieldErrorCode::NoVictim);
        }
        if !people.iter().any(|p| p.role == Role::Perpetrator) {
            e.push("people", FieldErrorCode::NoPerpetrator);
        }
    }
}

/// Whether every firearm's licence is answered (licensed, unlicensed or unknown). Recording on
/// this device needs it; a case file from before the field existed imports without it.
pub fn firearms_answered(incident: &Incident) -> Vec<FieldError> {
    incident
        .weapons
        .iter()
        .enumerate()
        .take(MAX_WEAPONS)
        .filter(|(_, w)| w.kind == crate::domain::WeaponKind::Firearm && w.legality.is_none())
        .map(|(i, _)| {
            FieldError::new(
                format!("incident.weapons[{i}].legality"),
                FieldErrorCode::Required,
            )
        })
        .collect()
}
