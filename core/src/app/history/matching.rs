//! Matching a person against the device's own cases and reading back what the officer decided
//! and the central record last answered: identities (JMBG, folded names and birth date), a
//! case's orders and firearms as history.

use super::*;

/// What a person can be matched by.
pub(super) struct Identity {
    jmbg: Option<String>,
    /// Folded family name, folded given name, date of birth.
    name: Option<(String, String, chrono::NaiveDate)>,
}

pub(super) fn identity(p: &Person) -> Identity {
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
pub(super) fn strength(me: &Identity, other: &Person) -> Option<MatchStrength> {
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

pub(super) fn snake<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub(super) fn case_date(incident: &Incident, created_at: DateTime<Utc>) -> DateTime<Utc> {
    incident.reported_at.unwrap_or(created_at)
}

/// An own order as the history shows it, for `person`.
pub(super) fn history_order(
    o: &Order,
    person: PersonId,
    now: DateTime<Utc>,
) -> Option<HistoryOrder> {
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

pub(super) fn firearms(incident: &Incident) -> Vec<HistoryFirearm> {
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
    pub(super) fn case_person(
        &self,
        case_id: CaseId,
        person_id: PersonId,
    ) -> Result<Person, Error> {
        let (file, draft) = self.case_file(case_id)?;
        let people = draft.map_or(file.people, |d| d.people);
        people
            .into_iter()
            .find(|p| p.id == person_id)
            .ok_or(Error::PersonNotFound { id: person_id })
    }

    /// The device's own earlier cases of a person, as history matches (the case itself left out).
    pub(super) fn own_matches(
        &self,
        case_id: CaseId,
        me: &Identity,
    ) -> Result<Vec<HistoryMatch>, Error> {
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

    pub(super) fn decisions(
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

    pub(super) fn central_answer(
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
                    // This case's own orders were made at this call: not a violation of them.
                    let here: Vec<uuid::Uuid> =
                        self.case_orders(case_id)?.iter().map(|o| o.id.0).collect();
                    for e in self.in_force_for(&hash)? {
                        if here.contains(&e.order_id) {
                            continue;
                        }
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
        unchecked.push(Unchecked::FamilyLawMeasuresNotHeld);
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
}
