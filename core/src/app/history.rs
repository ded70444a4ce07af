//! A person's history at the scene (issue 16): what the device can say about a person of an open
//! case — its own earlier cases with the same JMBG (exact) or the same folded family name, given
//! name and date of birth (weak), the offline list's orders in force for the person's JMBG hash,
//! the central record's last answer and when — with the repeat-perpetrator flag and the Art. 16
//! suggestions `law::history` derives, and plainly what could not be checked.
//!
//! A weak match is never merged and never counts until the officer confirms it
//! ([`Session::decide_match`]); a suggestion becomes an answer only through
//! [`Session::accept_suggestion`], which records its source on the assessment.
//!
//! The central record's last answer about a person is kept in SQLCipher with the case
//! (`history_answers`), replaced by the next lookup: it is the case's working material — the
//! suggestions the officer accepted cite it, and at 2 a.m. the signal that brought it may be
//! gone when the assessment is completed. It is no offline cache of people: only the answer about
//! a person of this case, asked for with a purpose, is kept.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;
use zastita_protocol::messages::{
    HistoryCase, HistoryFirearm, HistoryMatch, HistoryOrder, HistoryRequest, HistoryResponse,
    LookupPurpose, MatchStrength,
};

use super::Session;
use super::purpose::Extra;
use crate::audit::{self, Action, Outcome};
use crate::clock::to_db;
use crate::domain::assessment::AnswerSource;
use crate::domain::incident::WeaponKind;
use crate::domain::order::{Order, OrderEventKind};
use crate::domain::{AssessmentId, CaseId, Incident, Person, PersonId, Purpose, Role};
use crate::error::Error;
use crate::law::history::{
    self as rules, InForceFlag, MatchDecision, Suggestion, SuggestionSource, Trust,
};
use crate::law::{self, OrderStatus};
use crate::risk::{Answer, ItemAnswer};
use crate::store::StoreError;
use crate::sync::in_force::{jmbg_digits, person_hash};

/// Ask for a person's history. A purpose given here holds for the case like
/// [`Session::set_purpose`]; without one, the case's purpose in this session is used, and
/// without either the consultation is refused (`purpose_required`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonHistoryRequest {
    pub case_id: CaseId,
    pub person_id: PersonId,
    #[serde(default)]
    pub purpose: Option<Purpose>,
}

/// Where a match was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum HistorySource {
    /// This device's own cases.
    Device,
    /// The central record's last answer.
    CentralRecord,
}

/// One earlier case of a matching person, with how far it may be relied on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryEntry {
    pub source: HistorySource,
    pub trust: Trust,
    #[serde(rename = "match")]
    pub found: HistoryMatch,
}

/// What the view could not check, said plainly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Unchecked {
    /// Neither a JMBG nor family name, given name and date of birth: nothing can be matched.
    NoIdentity,
    /// No JMBG: the offline list of orders in force cannot be searched.
    OfflineListNeedsJmbg,
    /// The offline list was never refreshed on this device.
    OfflineListNeverRefreshed,
    /// The central record was not asked about this person in this case.
    CentralRecordNotAsked,
}

/// A person's history as the officer sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonHistory {
    pub case_id: CaseId,
    pub person_id: PersonId,
    /// What the person can be matched by (`None`: nothing, see `unchecked`).
    pub looked_up_by: Option<MatchStrength>,
    /// Earlier cases, newest first (a case both on the device and in the central record's answer
    /// is listed once, from the device).
    pub matches: Vec<HistoryEntry>,
    /// Orders in force against the person now (the offline list, the device's own orders, the
    /// central record's answer): a possible violation (Art. 36).
    pub in_force: Vec<InForceFlag>,
    pub repeat_perpetrator: bool,
    /// Suggested answers of the Art. 16 items, each with its source; never answers.
    pub suggestions: Vec<Suggestion>,
    /// When the central record last answered about this person in this case.
    pub central_answered_at: Option<DateTime<Utc>>,
    /// When the offline list was last refreshed whole.
    pub list_refreshed_at: Option<DateTime<Utc>>,
    pub unchecked: Vec<Unchecked>,
}

/// The officer's decision on a weak match.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DecideMatchRequest {
    pub case_id: CaseId,
    pub person_id: PersonId,
    pub match_id: Uuid,
    pub decision: MatchDecision,
}

/// Accept one suggestion: the item's answer becomes yes and the source is recorded on the
/// assessment.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AcceptSuggestionRequest {
    pub assessment_id: AssessmentId,
    /// The person of the assessment's case whose history suggested it.
    pub person_id: PersonId,
    pub suggestion: Suggestion,
}

/// A person sought in a case by JMBG, or by family name, given name and date of birth (folded:
/// case, script, diacritics).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonQuery {
    #[serde(default)]
    pub jmbg: Option<String>,
    #[serde(default)]
    pub family_name: String,
    #[serde(default)]
    pub given_name: String,
    #[serde(default)]
    pub date_of_birth: Option<chrono::NaiveDate>,
}

/// What a person can be matched by.
struct Identity {
    jmbg: Option<String>,
    /// Folded family name, folded given name, date of birth.
    name: Option<(String, String, chrono::NaiveDate)>,
}

fn identity(p: &Person) -> Identity {
    let family = crate::domain::fold_for_search(p.family_name.trim());
    let given = crate::domain::fold_for_search(p.given_name.trim());
    Identity {
        jmbg: jmbg_digits(&p.jmbg).map(str::to_owned),
        name: match p.date_of_birth {
            Some(d) if !family.is_empty() && !given.is_empty() => Some((family, given, d)),
            _ => None,
        },
    }
}

/// How `other` matches `me`, if at all: the same JMBG; else the same folded names and date of
/// birth where one side has no JMBG (two different JMBGs are two people).
fn strength(me: &Identity, other: &Person) -> Option<MatchStrength> {
    let them = identity(other);
    match (&me.jmbg, &them.jmbg) {
        (Some(a), Some(b)) if a == b => return Some(MatchStrength::Jmbg),
        (Some(_), Some(_)) => return None,
        _ => {}
    }
    match (&me.name, &them.name) {
        (Some(a), Some(b)) if a == b => Some(MatchStrength::NameAndBirth),
        _ => None,
    }
}

fn snake<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn case_date(incident: &Incident, created_at: DateTime<Utc>) -> DateTime<Utc> {
    incident.reported_at.unwrap_or(created_at)
}

/// An own order as the history shows it, for `person`.
fn history_order(o: &Order, person: PersonId, now: DateTime<Utc>) -> Option<HistoryOrder> {
    let number = o.number()?.to_owned();
    let against = o.content.perpetrator == Some(person);
    if !against && !o.content.protected.contains(&person) {
        return None;
    }
    let clocks = law::clocks(o, now);
    Some(HistoryOrder {
        order_id: o.id.0,
        number,
        against_person: against,
        measures: o.content.measures.iter().map(snake).collect(),
        served_at: clocks.served_at,
        extended_until: clocks.extended.then_some(clocks.expires_at).flatten(),
        violated: o
            .events
            .iter()
            .any(|e| matches!(e.event, OrderEventKind::Violation { .. })),
        ends_at: clocks.expires_at,
        in_force: clocks.status == OrderStatus::InForce,
    })
}

fn firearms(incident: &Incident) -> Vec<HistoryFirearm> {
    incident
        .weapons
        .iter()
        .filter(|w| w.kind == WeaponKind::Firearm)
        .map(|w| HistoryFirearm {
            kind: snake(&w.kind),
            in_household: w.in_household,
            legality: w.legality.map(|l| snake(&l)),
            seized: w.seized,
            used_or_threatened: w.used_in_incident || w.threatened_in_incident,
        })
        .collect()
}

impl Session {
    /// The person `person_id` of case `case_id` (the draft's version when there is one).
    fn case_person(&self, case_id: CaseId, person_id: PersonId) -> Result<Person, Error> {
        let (file, draft) = self.case_file(case_id)?;
        let people = draft.map_or(file.people, |d| d.people);
        people
            .into_iter()
            .find(|p| p.id == person_id)
            .ok_or(Error::PersonNotFound { id: person_id })
    }

    /// The device's own earlier cases of a person, as history matches (the case itself left out).
    fn own_matches(&self, case_id: CaseId, me: &Identity) -> Result<Vec<HistoryMatch>, Error> {
        let conn = self.store().conn();
        let mut candidates: Vec<(String, String)> = Vec::new();
        if let Some(j) = &me.jmbg {
            let mut stmt = conn.prepare(
                "SELECT case_id, data FROM people WHERE json_extract(data, '$.jmbg') = ?1",
            )?;
            let rows = stmt.query_map([j], |r| Ok((r.get(0)?, r.get(1)?)))?;
            for row in rows {
                candidates.push(row?);
            }
        }
        if let Some((family, _, _)) = &me.name {
            let mut stmt = conn.prepare(
                "SELECT p.case_id, p.data FROM case_list l JOIN people p ON p.case_id = l.case_id
                 WHERE instr(l.search, ?1) > 0",
            )?;
            let rows = stmt.query_map([family], |r| Ok((r.get(0)?, r.get(1)?)))?;
            for row in rows {
                candidates.push(row?);
            }
        }
        let here = case_id.to_string();
        let now = self.now();
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for (cid, data) in candidates {
            if cid == here {
                continue;
            }
            let p: Person = serde_json::from_str(&data).map_err(StoreError::from)?;
            if !seen.insert(p.id) {
                continue;
            }
            let Some(strength) = strength(me, &p) else {
                continue;
            };
            let other = CaseId(
                Uuid::parse_str(&cid).map_err(|e| StoreError::Decode(format!("a case id: {e}")))?,
            );
            let (file, _) = self.case_file(other)?;
            out.push(HistoryMatch {
                match_id: p.id.0,
                strength,
                case: HistoryCase {
                    case_id: other.0,
                    number: file.official_number.clone(),
                    date: case_date(&file.incident, file.created_at),
                    municipality: file.incident.municipality.clone(),
                    forms_of_violence: file.incident.forms_of_violence.iter().map(snake).collect(),
                    role: snake(&p.role),
                },
                orders: file
                    .orders
                    .iter()
                    .filter_map(|o| history_order(&o.order, p.id, now))
                    .collect(),
                firearms: firearms(&file.incident),
            });
        }
        Ok(out)
    }

    fn decisions(
        &self,
        case_id: CaseId,
        person_id: PersonId,
    ) -> Result<HashMap<Uuid, MatchDecision>, Error> {
        let conn = self.store().conn();
        let mut stmt = conn.prepare(
            "SELECT match_id, decision FROM history_decisions WHERE case_id = ?1 AND person_id = ?2",
        )?;
        let rows = stmt.query_map(params![case_id.to_string(), person_id.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut out = HashMap::new();
        for row in rows {
            let (id, d) = row?;
            let id =
                Uuid::parse_str(&id).map_err(|e| StoreError::Decode(format!("a match id: {e}")))?;
            let d = match d.as_str() {
                "confirmed" => MatchDecision::Confirmed,
                _ => MatchDecision::Rejected,
            };
            out.insert(id, d);
        }
        Ok(out)
    }

    fn central_answer(
        &self,
        case_id: CaseId,
        person_id: PersonId,
    ) -> Result<Option<HistoryResponse>, Error> {
        let answer: Option<String> = self
            .store()
            .conn()
            .query_row(
                "SELECT answer FROM history_answers WHERE case_id = ?1 AND person_id = ?2",
                params![case_id.to_string(), person_id.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        Ok(answer
            .map(|a| serde_json::from_str(&a))
            .transpose()
            .map_err(StoreError::from)?)
    }

    /// The history view, without auditing (the callers audit their consultation).
    pub(crate) fn history_of(
        &self,
        case_id: CaseId,
        person_id: PersonId,
    ) -> Result<PersonHistory, Error> {
        let person = self.case_person(case_id, person_id)?;
        let me = identity(&person);
        let (file, _) = self.case_file(case_id)?;
        let now = self.now();
        let decisions = self.decisions(case_id, person_id)?;
        let mut unchecked = Vec::new();
        let looked_up_by = if me.jmbg.is_some() {
            Some(MatchStrength::Jmbg)
        } else if me.name.is_some() {
            Some(MatchStrength::NameAndBirth)
        } else {
            unchecked.push(Unchecked::NoIdentity);
            None
        };
        let mut matches: Vec<HistoryEntry> = Vec::new();
        if looked_up_by.is_some() {
            for m in self.own_matches(case_id, &me)? {
                matches.push(HistoryEntry {
                    source: HistorySource::Device,
                    trust: Trust::of(m.strength, decisions.get(&m.match_id).copied()),
                    found: m,
                });
            }
        }
        let central = self.central_answer(case_id, person_id)?;
        if let Some(answer) = &central {
            for m in &answer.matches {
                if m.case.case_id == case_id.0
                    || matches
                        .iter()
                        .any(|e| e.found.case.case_id == m.case.case_id)
                {
                    continue;
                }
                matches.push(HistoryEntry {
                    source: HistorySource::CentralRecord,
                    trust: Trust::of(m.strength, decisions.get(&m.match_id).copied()),
                    found: m.clone(),
                });
            }
        } else {
            unchecked.push(Unchecked::CentralRecordNotAsked);
        }
        matches.sort_by(|a, b| {
            b.found
                .case
                .date
                .cmp(&a.found.case.date)
                .then(a.found.case.case_id.cmp(&b.found.case.case_id))
        });
        // Orders in force against the person: the offline list by JMBG hash, then the device's
        // own and the central record's answer (from matches that count).
        let mut in_force: Vec<InForceFlag> = Vec::new();
        let list_refreshed_at = self.in_force_refreshed_at()?;
        let key = self.in_force_key()?;
        match (&me.jmbg, &key) {
            (None, _) => unchecked.push(Unchecked::OfflineListNeedsJmbg),
            (Some(_), None) => unchecked.push(Unchecked::OfflineListNeverRefreshed),
            (Some(j), Some(k)) => {
                if let Ok(Some(hash)) = person_hash(k, j) {
                    for e in self.in_force_for(&hash)? {
                        if let Some(f) =
                            rules::in_force_flag(e.order_id, &e.number, &e.measures, e.ends_at, now)
                        {
                            in_force.push(f);
                        }
                    }
                }
            }
        }
        if list_refreshed_at.is_none() && key.is_some() {
            unchecked.push(Unchecked::OfflineListNeverRefreshed);
        }
        for e in matches.iter().filter(|e| e.trust.counts()) {
            for o in e.found.orders.iter().filter(|o| o.against_person) {
                let Some(end) = o.ends_at else { continue };
                if !o.in_force || in_force.iter().any(|f| f.order_id == o.order_id) {
                    continue;
                }
                if let Some(f) = rules::in_force_flag(o.order_id, &o.number, &o.measures, end, now)
                {
                    in_force.push(f);
                }
            }
        }
        in_force.sort_by_key(|f| f.ends_at);
        let counted: Vec<(&HistoryMatch, Trust)> =
            matches.iter().map(|e| (&e.found, e.trust)).collect();
        let here = (person.role == Role::Perpetrator).then_some(case_id.0);
        let at = case_date(&file.incident, file.created_at);
        Ok(PersonHistory {
            case_id,
            person_id,
            looked_up_by,
            repeat_perpetrator: rules::repeat_perpetrator(&counted, here, at),
            suggestions: rules::suggestions(&counted),
            matches,
            in_force,
            central_answered_at: central.map(|a| a.answered_at),
            list_refreshed_at,
            unchecked,
        })
    }

    /// Recompute the case list's repeat-perpetrator flag of a case (`legal.repeat_perpetrator`):
    /// whether one of its perpetrators is a repeat perpetrator by the device's own cases and the
    /// central record's kept answers (exact or confirmed matches only). Called after what can
    /// change it on this case: recording it, a lookup's answer, a decision on a match.
    pub(crate) fn refresh_repeat_flag(&mut self, case_id: CaseId) -> Result<(), Error> {
        let (file, draft) = self.case_file(case_id)?;
        let people = draft.map_or(file.people, |d| d.people);
        let mut flag = false;
        for p in people.iter().filter(|p| p.role == Role::Perpetrator) {
            if self.history_of(case_id, p.id)?.repeat_perpetrator {
                flag = true;
                break;
            }
        }
        self.store().conn().execute(
            "UPDATE case_list SET legal = json_set(legal, '$.repeat_perpetrator', json(?2))
             WHERE case_id = ?1",
            params![case_id.to_string(), if flag { "true" } else { "false" }],
        )?;
        Ok(())
    }

    /// The person of a case a query names: the one with that JMBG, else the one with those
    /// names and date of birth where a JMBG does not contradict it (`None`: nobody).
    pub fn find_person(
        &self,
        case_id: CaseId,
        query: &PersonQuery,
    ) -> Result<Option<PersonId>, Error> {
        let mut probe = Person::new(Role::Witness);
        probe.jmbg = query.jmbg.clone().unwrap_or_default();
        probe.family_name = query.family_name.clone();
        probe.given_name = query.given_name.clone();
        probe.date_of_birth = query.date_of_birth;
        let me = identity(&probe);
        let (file, draft) = self.case_file(case_id)?;
        let people = draft.map_or(file.people, |d| d.people);
        let found = |want: MatchStrength| {
            people
                .iter()
                .find(|p| strength(&me, p) == Some(want))
                .map(|p| p.id)
        };
        Ok(found(MatchStrength::Jmbg).or_else(|| found(MatchStrength::NameAndBirth)))
    }

    /// Give the purpose the request carries (if any) and refuse without one.
    fn history_purpose(&mut self, case_id: CaseId, purpose: Option<Purpose>) -> Result<(), Error> {
        if let Some(p) = purpose {
            self.set_purpose(super::SetPurposeRequest {
                case_id: Some(case_id),
                purpose: p,
            })?;
        }
        self.require_purpose(Some(case_id))
    }

    /// A person's history: a consultation of the case, refused without a purpose and audited
    /// with it (`person:<id>`).
    pub fn person_history(&mut self, req: PersonHistoryRequest) -> Result<PersonHistory, Error> {
        if !self.case_exists(&req.case_id.to_string())? {
            return Err(Error::CaseNotFound { id: req.case_id });
        }
        self.history_purpose(req.case_id, req.purpose)?;
        let view = self.history_of(req.case_id, req.person_id)?;
        self.audit_consultation(
            Action::View,
            format!("person:{}", req.person_id),
            Some(req.case_id),
            Extra {
                results: Some(u32::try_from(view.matches.len()).unwrap_or(u32::MAX)),
                ..Extra::default()
            },
        )?;
        Ok(view)
    }

    /// The local step before an online lookup: the request for the central record, for a
    /// recorded person (the central record reads the person from this device's pushed version)
    /// of a case on this device, with the purpose (refused without one).
    pub fn history_request(&mut self, req: PersonHistoryRequest) -> Result<HistoryRequest, Error> {
        if !self.case_exists(&req.case_id.to_string())? {
            return Err(Error::CaseNotFound { id: req.case_id });
        }
        self.history_purpose(req.case_id, req.purpose)?;
        self.case_person(req.case_id, req.person_id)?;
        if !self
            .recorded_people(req.case_id)?
            .iter()
            .any(|p| p.id == req.person_id)
        {
            return Err(Error::HistoryPersonNotRecorded { id: req.person_id });
        }
        let purpose =
            self.purpose_for(Some(req.case_id))
                .cloned()
                .ok_or(Error::PurposeRequired {
                    case: Some(req.case_id),
                })?;
        Ok(HistoryRequest {
            case_id: req.case_id.0,
            person_id: req.person_id.0,
            officer: self.officer().badge.to_string(),
            purpose: LookupPurpose {
                code: snake(&purpose.code),
                text: purpose.text,
            },
        })
    }

    /// The local step after an online lookup: keep the answer with the case (replacing the last
    /// one), audit the consultation with its purpose (`central-history:<person>`, the number of
    /// matches), and return the view.
    pub fn history_answered(
        &mut self,
        req: &HistoryRequest,
        answer: &HistoryResponse,
    ) -> Result<PersonHistory, Error> {
        let case_id = CaseId(req.case_id);
        let person_id = PersonId(req.person_id);
        let detail = self.consult_detail(
            Some(case_id),
            Extra {
                results: Some(u32::try_from(answer.matches.len()).unwrap_or(u32::MAX)),
                ..Extra::default()
            },
        )?;
        let entry = self.entry(
            Action::View,
            Some(format!("central-history:{person_id}")),
            Outcome::Ok,
            Some(detail),
        );
        let json = serde_json::to_string(answer).map_err(StoreError::from)?;
        let now = self.now();
        let badge = self.officer().badge.to_string();
        let store = self.store_mut();
        let tx = store.transaction()?;
        tx.execute(
            "INSERT INTO history_answers (case_id, person_id, answer, asked_by, asked_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (case_id, person_id) DO UPDATE SET answer = ?3, asked_by = ?4,
                 asked_at = ?5",
            params![
                case_id.to_string(),
                person_id.to_string(),
                json,
                badge,
                to_db(now)
            ],
        )?;
        audit::append(&tx, &entry)?;
        tx.commit().map_err(|e| store.with_dir(e.into()))?;
        self.refresh_repeat_flag(case_id)?;
        self.history_of(case_id, person_id)
    }

    /// The local step after a refused or failed lookup: audit it (denied when the central record
    /// refused, failed otherwise), with the purpose.
    pub fn history_failed(&mut self, req: &HistoryRequest, refused: bool) -> Result<(), Error> {
        let detail = self.consult_detail(Some(CaseId(req.case_id)), Extra::default())?;
        let outcome = if refused {
            Outcome::Denied
        } else {
            Outcome::Failed
        };
        let e = self.entry(
            Action::View,
            Some(format!("central-history:{}", req.person_id)),
            outcome,
            Some(detail),
        );
        self.audit_alone(e)
    }

    /// Confirm or reject a weak match (name and date of birth) shown in the person's history.
    /// Nothing is merged; a confirmed match counts for the flags and suggestions from now on.
    /// Audited.
    pub fn decide_match(&mut self, req: DecideMatchRequest) -> Result<PersonHistory, Error> {
        self.require_purpose(Some(req.case_id))?;
        let view = self.history_of(req.case_id, req.person_id)?;
        let weak = view.matches.iter().any(|e| {
            e.found.match_id == req.match_id && e.found.strength == MatchStrength::NameAndBirth
        });
        if !weak {
            return Err(Error::HistoryMatchNotFound { id: req.match_id });
        }
        let decision = snake(&req.decision);
        let now = self.now();
        let badge = self.officer().badge.to_string();
        let entry = self.entry(
            Action::Update,
            Some(format!("person:{}", req.person_id)),
            Outcome::Ok,
            Some(format!(
                "case:{} match:{} {decision}",
                req.case_id, req.match_id
            )),
        );
        let store = self.store_mut();
        let tx = store.transaction()?;
        tx.execute(
            "INSERT INTO history_decisions
                 (case_id, person_id, match_id, decision, decided_by, decided_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (case_id, person_id, match_id) DO UPDATE SET decision = ?4,
                 decided_by = ?5, decided_at = ?6",
            params![
                req.case_id.to_string(),
                req.person_id.to_string(),
                req.match_id.to_string(),
                decision,
                badge,
                to_db(now)
            ],
        )?;
        audit::append(&tx, &entry)?;
        tx.commit().map_err(|e| store.with_dir(e.into()))?;
        self.refresh_repeat_flag(req.case_id)?;
        self.history_of(req.case_id, req.person_id)
    }

    /// Accept a suggestion on an assessment in progress: only one the person's history gives
    /// now (from a match that counts) for an item the assessment's instrument has. The answer
    /// becomes yes (a note the officer wrote is kept; an empty one names the source) and the
    /// source is recorded on the assessment, for the prosecutor's summary.
    pub fn accept_suggestion(
        &mut self,
        req: AcceptSuggestionRequest,
    ) -> Result<super::AssessmentView, Error> {
        let (mut assessment, instrument) = self.assessment_with_instrument(req.assessment_id)?;
        if assessment.completed.is_some() {
            return Err(Error::AssessmentCompleted {
                id: req.assessment_id,
            });
        }
        let case_id = assessment.case_id;
        self.require_purpose(Some(case_id))?;
        let view = self.history_of(case_id, req.person_id)?;
        let offered = view.suggestions.contains(&req.suggestion)
            && instrument
                .items()
                .iter()
                .any(|i| i.id == req.suggestion.item);
        if !offered {
            return Err(Error::HistorySuggestionNotFound {
                item: req.suggestion.item,
            });
        }
        let item = req.suggestion.item.clone();
        let note = assessment
            .answers
            .get(&item)
            .map(|a| a.note.clone())
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| source_line(&req.suggestion.source));
        assessment.answers.insert(
            item.clone(),
            ItemAnswer {
                answer: Answer::Yes,
                note,
            },
        );
        assessment.sources.insert(
            item.clone(),
            AnswerSource {
                person_id: req.person_id,
                source: req.suggestion.source,
                accepted_by: self.officer().badge.clone(),
                accepted_at: self.now(),
            },
        );
        let entry = self.entry(
            Action::Update,
            Some(format!("assessment:{}", assessment.id)),
            Outcome::Ok,
            Some(format!("case:{case_id} suggestion:{item}")),
        );
        let now = self.now();
        let store = self.store_mut();
        let tx = store.transaction()?;
        super::assessments::write_assessment(&tx, &assessment, now)?;
        audit::append(&tx, &entry)?;
        tx.commit().map_err(|e| store.with_dir(e.into()))?;
        self.assessment_view(assessment, instrument)
    }
}

/// "NS-2025-00412 (2025-03-14)": the source as a note, the same in every language.
pub(crate) fn source_line(s: &SuggestionSource) -> String {
    let case = s
        .case_number
        .clone()
        .unwrap_or_else(|| s.case_id.to_string());
    let date = s
        .date
        .with_timezone(&chrono_tz::Europe::Belgrade)
        .format("%Y-%m-%d");
    match &s.order_number {
        Some(o) => format!("{case} ({date}), {o}"),
        None => format!("{case} ({date})"),
    }
}
