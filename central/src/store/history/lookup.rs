//! The online lookup ([`Store::history`]): the checks (purpose, officer on the roster, the person
//! the device's own in its own case), the matches by MAC, each match's case, orders as they
//! stand and firearms, and the admin audit entry of the lookup or its refusal — one
//! transaction.

use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;
use zastita_core::domain::incident::{WeaponKind, WeaponLegality};
use zastita_core::domain::order::{Order, OrderEventKind};
use zastita_core::domain::purpose::{PurposeCode, check_line};
use zastita_core::law::{self, OrderStatus};
use zastita_core::records::CaseRecord;
use zastita_protocol::messages::{
    HistoryCase, HistoryFirearm, HistoryMatch, HistoryOrder, HistoryResponse, LookupPurpose,
    MatchStrength,
};

use crate::store::admin_audit::{Actor, AdminEntry, append};
use crate::store::sql::Sql;
use crate::store::{Store, StoreError};

/// The most matches one answer carries (the newest cases).
pub const MAX_MATCHES: usize = 100;

/// What a device asks.
#[derive(Debug, Clone)]
pub struct LookupRequest<'a> {
    pub device: Uuid,
    pub case_id: Uuid,
    pub person_id: Uuid,
    pub officer: &'a str,
    pub purpose: &'a LookupPurpose,
}

/// Why a lookup is refused (each audited).
#[derive(Debug, thiserror::Error)]
pub enum HistoryRefusal {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("a purpose the device knows is required, with at most one line of words")]
    PurposeRequired,
    #[error("the officer is not on the roster")]
    UnknownOfficer,
    #[error(
        "the person is not in an open case of this device as the central record holds it; push \
         the case first"
    )]
    NotInOpenCase,
    #[error(
        "the person's record has neither a JMBG nor a family name, given name and date of birth \
         to look up by"
    )]
    NothingToLookUp,
}

impl HistoryRefusal {
    /// As the audit entry's outcome.
    fn outcome(&self) -> &'static str {
        match self {
            HistoryRefusal::Store(_) => "failed",
            HistoryRefusal::PurposeRequired => "purpose_required",
            HistoryRefusal::UnknownOfficer => "unknown_officer",
            HistoryRefusal::NotInOpenCase => "not_in_open_case",
            HistoryRefusal::NothingToLookUp => "nothing_to_look_up",
        }
    }
}

/// The purpose as the audit keeps it (`code` or `code: words`), or the refusal.
fn checked_purpose(p: &LookupPurpose) -> Result<String, HistoryRefusal> {
    let code = PurposeCode::parse(&p.code).ok_or(HistoryRefusal::PurposeRequired)?;
    let words = check_line("purpose.text", p.text.as_deref(), false)
        .map_err(|_| HistoryRefusal::PurposeRequired)?;
    Ok(match words {
        Some(w) => format!("{}: {w}", code.as_str()),
        None => code.as_str().to_owned(),
    })
}

/// The asking person's MACs, once the checks passed.
struct Asking {
    jmbg_mac: Option<String>,
    name_mac: Option<String>,
}

fn checks(
    sql: &mut dyn Sql,
    r: &LookupRequest<'_>,
    now: DateTime<Utc>,
) -> Result<Asking, HistoryRefusal> {
    if !crate::store::roster::on_roster(sql, r.officer, now)? {
        return Err(HistoryRefusal::UnknownOfficer);
    }
    let row = sql
        .query_opt(
            "SELECT p.jmbg_mac, p.name_mac FROM person_index p
             JOIN record_owners po ON po.record_id = p.person_id AND po.device_id = $2
             JOIN record_owners co ON co.record_id = p.case_id AND co.device_id = $2
             WHERE p.person_id = $1 AND p.case_id = $3 AND p.device_id = $2",
            &[r.person_id.into(), r.device.into(), r.case_id.into()],
        )?
        .ok_or(HistoryRefusal::NotInOpenCase)?;
    // The case's own record must have arrived (its owner's accepted version).
    if crate::store::latest::latest_accepted(sql, r.case_id)?.is_none() {
        return Err(HistoryRefusal::NotInOpenCase);
    }
    let asking = Asking {
        jmbg_mac: row.opt_text(0)?,
        name_mac: row.opt_text(1)?,
    };
    if asking.jmbg_mac.is_none() && asking.name_mac.is_none() {
        return Err(HistoryRefusal::NothingToLookUp);
    }
    Ok(asking)
}

/// A matching person record of another case.
struct Found {
    person: Uuid,
    case: Uuid,
    role: String,
    strength: MatchStrength,
}

/// Every other case's person record matching `a`: the same JMBG (`jmbg`); the same name and
/// birth where either side has no JMBG (`name_and_birth`); never two different JMBGs.
fn find(sql: &mut dyn Sql, a: &Asking, case: Uuid) -> Result<Vec<Found>, StoreError> {
    let mut found: Vec<Found> = Vec::new();
    let mut add = |rows: Vec<crate::store::sql::Row>, strength| -> Result<(), StoreError> {
        for r in &rows {
            let person = r.uuid(0)?;
            if found.iter().any(|f| f.person == person) {
                continue;
            }
            found.push(Found {
                person,
                case: r.uuid(1)?,
                role: r.text(2)?,
                strength,
            });
        }
        Ok(())
    };
    if let Some(j) = &a.jmbg_mac {
        add(
            sql.query(
                "SELECT person_id, case_id, role FROM person_index
                 WHERE jmbg_mac = $1 AND case_id <> $2",
                &[j.as_str().into(), case.into()],
            )?,
            MatchStrength::Jmbg,
        )?;
    }
    if let Some(n) = &a.name_mac {
        // With a JMBG asked, only records without one may match by name; without, any may.
        let rows = if a.jmbg_mac.is_some() {
            sql.query(
                "SELECT person_id, case_id, role FROM person_index
                 WHERE name_mac = $1 AND case_id <> $2 AND jmbg_mac IS NULL",
                &[n.as_str().into(), case.into()],
            )?
        } else {
            sql.query(
                "SELECT person_id, case_id, role FROM person_index
                 WHERE name_mac = $1 AND case_id <> $2",
                &[n.as_str().into(), case.into()],
            )?
        };
        add(rows, MatchStrength::NameAndBirth)?;
    }
    Ok(found)
}

fn snake<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// An order of the matched case as it stands, for the person `person`, at `now`.
fn history_order(order: &Order, number: String, person: Uuid, now: DateTime<Utc>) -> HistoryOrder {
    let c = law::clocks(order, now);
    let violated = order
        .events
        .iter()
        .any(|e| matches!(e.event, OrderEventKind::Violation { .. }));
    let ends_at = match (c.lifted_at, c.expires_at) {
        (Some(l), Some(e)) => Some(l.min(e)),
        (l, e) => l.or(e),
    };
    HistoryOrder {
        order_id: order.id.0,
        number,
        against_person: order.content.perpetrator.is_some_and(|p| p.0 == person),
        measures: order.content.measures.iter().map(snake).collect(),
        served_at: c.served_at,
        extended_until: if c.extended { c.expires_at } else { None },
        violated,
        ends_at,
        in_force: c.status == OrderStatus::InForce,
    }
}

/// The match's case, orders and firearms; `None` while the case's own record has not arrived.
fn history_match(
    sql: &mut dyn Sql,
    f: &Found,
    now: DateTime<Utc>,
) -> Result<Option<HistoryMatch>, StoreError> {
    let Some((_, _, payload)) = crate::store::latest::latest_accepted(sql, f.case)? else {
        return Ok(None);
    };
    let Ok(case) = serde_json::from_value::<CaseRecord>(payload) else {
        return Ok(None);
    };
    let number = sql
        .query_opt(
            "SELECT number FROM cases WHERE case_id = $1",
            &[f.case.into()],
        )?
        .map(|r| r.opt_text(0))
        .transpose()?
        .flatten();
    let orders = crate::store::chain::case_orders(sql, f.case)?
        .into_iter()
        .map(|(number, order)| history_order(&order, number, f.person, now))
        .collect();
    let firearms = case
        .incident
        .weapons
        .iter()
        .filter(|w| w.kind == WeaponKind::Firearm)
        .map(|w| HistoryFirearm {
            kind: snake(&w.kind),
            in_household: w.in_household,
            legality: match w.legality {
                Some(WeaponLegality::Licensed) => Some("licensed".to_owned()),
                Some(WeaponLegality::Unlicensed) => Some("unlicensed".to_owned()),
                Some(WeaponLegality::Unknown) | None => None,
            },
            seized: w.seized,
            used_or_threatened: w.used_in_incident || w.threatened_in_incident,
        })
        .collect();
    Ok(Some(HistoryMatch {
        match_id: f.person,
        strength: f.strength,
        case: HistoryCase {
            case_id: f.case,
            number,
            date: case.incident.reported_at.unwrap_or(case.created_at),
            municipality: case.incident.municipality.trim().to_owned(),
            forms_of_violence: case.incident.forms_of_violence.iter().map(snake).collect(),
            role: f.role.clone(),
        },
        orders,
        firearms,
    }))
}

fn answer(
    sql: &mut dyn Sql,
    r: &LookupRequest<'_>,
    now: DateTime<Utc>,
) -> Result<HistoryResponse, HistoryRefusal> {
    let asking = checks(sql, r, now)?;
    let found = find(sql, &asking, r.case_id)?;
    let mut matches = Vec::with_capacity(found.len());
    for f in &found {
        if let Some(m) = history_match(sql, f, now)? {
            matches.push(m);
        }
    }
    matches.sort_by(|a, b| {
        b.case
            .date
            .cmp(&a.case.date)
            .then(a.match_id.cmp(&b.match_id))
    });
    matches.truncate(MAX_MATCHES);
    Ok(HistoryResponse {
        matches,
        looked_up_by: if asking.jmbg_mac.is_some() {
            MatchStrength::Jmbg
        } else {
            MatchStrength::NameAndBirth
        },
        answered_at: now,
    })
}

impl Store {
    /// A history lookup (`POST /v1/history`) by `r.device` for `r.officer`: the answer, or the
    /// refusal; either is written to the admin audit in the same transaction (a refusal of the
    /// purpose too, the purpose then recorded as given only if it is a known code).
    pub fn history(
        &self,
        r: &LookupRequest<'_>,
        now: DateTime<Utc>,
    ) -> Result<HistoryResponse, HistoryRefusal> {
        let actor = Actor::device(r.device, r.officer)?;
        let purpose = checked_purpose(r.purpose);
        self.tx(|sql| {
            let result = match &purpose {
                Ok(_) => answer(sql, r, now),
                Err(_) => Err(HistoryRefusal::PurposeRequired),
            };
            let result = match result {
                Err(HistoryRefusal::Store(e)) => return Err(e),
                other => other,
            };
            let mut detail = json!({"case": r.case_id});
            match &result {
                Ok(a) => {
                    let strong = a
                        .matches
                        .iter()
                        .filter(|m| m.strength == MatchStrength::Jmbg)
                        .count();
                    detail["outcome"] = json!("answered");
                    detail["looked_up_by"] = json!(a.looked_up_by);
                    detail["matches"] = json!(a.matches.len());
                    detail["jmbg"] = json!(strong);
                    detail["name_and_birth"] = json!(a.matches.len() - strong);
                }
                Err(e) => detail["outcome"] = json!(e.outcome()),
            }
            let entry =
                AdminEntry {
                    action: "history.lookup".to_owned(),
                    target: Some(format!("person:{}", r.person_id)),
                    purpose: purpose.as_ref().ok().cloned().or_else(|| {
                        PurposeCode::parse(&r.purpose.code).map(|c| c.as_str().to_owned())
                    }),
                    detail,
                };
            append(sql, &actor, &entry, now)?;
            Ok(result)
        })?
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The codes the wire contract describes are core's purpose codes, one to one.
    #[test]
    fn the_described_purpose_codes_are_cores() {
        let core: Vec<&str> = PurposeCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(core, zastita_protocol::messages::LOOKUP_PURPOSE_CODES);
    }

    #[test]
    fn a_purpose_is_a_known_code_with_one_short_line() {
        let p = |code: &str, text: Option<&str>| LookupPurpose {
            code: code.into(),
            text: text.map(str::to_owned),
        };
        assert_eq!(checked_purpose(&p("follow_up", None)).unwrap(), "follow_up");
        assert_eq!(
            checked_purpose(&p("follow_up", Some("  poziv  "))).unwrap(),
            "follow_up: poziv"
        );
        for bad in [
            p("curiosity", None),
            p("", None),
            p("follow_up", Some("a\nb")),
            p("follow_up", Some(&"x".repeat(201))),
        ] {
            assert!(matches!(
                checked_purpose(&bad),
                Err(HistoryRefusal::PurposeRequired)
            ));
        }
    }
}
