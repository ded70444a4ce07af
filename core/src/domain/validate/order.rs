//! An order's content against the case's recorded people, and each event recorded on an
//! order.

use chrono::{DateTime, Utc};
use std::collections::HashSet;

use super::*;
use crate::domain::order::{Measure, OrderContent, OrderEventKind};
use crate::domain::{Person, Role};

/// Validate an order's content against the case's recorded people. `Draft` checks limits and
/// references; `Record` (issuing) also completeness. The assessment reference is checked by the
/// service, which can see the assessments.
pub fn validate_order(
    content: &OrderContent,
    people: &[Person],
    strictness: Strictness,
) -> Vec<FieldError> {
    let mut e = Errors::new(DateTime::<Utc>::MIN_UTC);
    e.text("order.reasons", &content.reasons, NARRATIVE_MAX_CHARS);
    e.text("order.dwelling", &content.dwelling, SHORT_TEXT_MAX_CHARS);
    e.text(
        "order.victim_municipality",
        &content.victim_municipality,
        SHORT_TEXT_MAX_CHARS,
    );
    e.text(
        "order.police_administration",
        &content.police_administration,
        SHORT_TEXT_MAX_CHARS,
    );
    e.text(
        "order.police_station",
        &content.police_station,
        SHORT_TEXT_MAX_CHARS,
    );
    let role_of = |id| people.iter().find(|p| p.id == id).map(|p| p.role);
    if let Some(id) = content.perpetrator {
        match role_of(id) {
            None => e.push("order.perpetrator", FieldErrorCode::UnknownPerson),
            Some(Role::Perpetrator) => {}
            Some(_) => e.push("order.perpetrator", FieldErrorCode::NotAPerpetrator),
        }
    }
    if content.protected.len() > MAX_PEOPLE {
        e.push(
            "order.protected",
            FieldErrorCode::TooMany { max: MAX_PEOPLE },
        );
    }
    let mut seen = HashSet::new();
    for (i, id) in content.protected.iter().enumerate().take(MAX_PEOPLE) {
        let field = format!("order.protected[{i}]");
        if !seen.insert(*id) {
            e.push(field, FieldErrorCode::DuplicateId);
            continue;
        }
        match role_of(*id) {
            None => e.push(field, FieldErrorCode::UnknownPerson),
            Some(Role::Victim | Role::Child) => {}
            Some(_) => e.push(field, FieldErrorCode::NotProtectable),
        }
    }
    if content.measures.len() > 2 {
        e.push("order.measures", FieldErrorCode::TooMany { max: 2 });
    } else if content.measures.len() == 2 && content.measures[0] == content.measures[1] {
        e.push("order.measures", FieldErrorCode::DuplicateId);
    }
    if strictness == Strictness::Record {
        if content.measures.is_empty() {
            e.push("order.measures", FieldErrorCode::Required);
        }
        // The removal measure names the dwelling to leave.
        if content.measures.contains(&Measure::RemovalFromDwelling) {
            e.required("order.dwelling", &content.dwelling);
        }
        e.answered("order.perpetrator", &content.perpetrator);
        if content.protected.is_empty() {
            e.push("order.protected", FieldErrorCode::Required);
        }
        e.required("order.reasons", &content.reasons);
        e.required(
            "order.police_administration",
            &content.police_administration,
        );
    }
    e.list
}

/// Validate the fields of an event about to be recorded on an order (complete, within limits,
/// not in the future). Whether the order's state admits it is [`crate::law::admit`]'s question.
pub fn validate_order_event(event: &OrderEventKind, now: DateTime<Utc>) -> Vec<FieldError> {
    use OrderEventKind as K;
    let mut e = Errors::new(now);
    let short = |e: &mut Errors, field: &str, s: &str| {
        e.text(field, s, SHORT_TEXT_MAX_CHARS);
        e.required(field, s);
    };
    match event {
        K::Served {
            at,
            place,
            signature,
            refused_to_sign,
            ..
        } => {
            e.not_future("event.at", Some(*at));
            short(&mut e, "event.place", place);
            let reason = refused_to_sign.as_deref().unwrap_or("");
            e.text("event.refused_to_sign", reason, SHORT_TEXT_MAX_CHARS);
            match signature {
                Some(sig) => {
                    e.signature("event.signature", sig);
                    if sig.point_count() < MIN_SIGNATURE_POINTS {
                        e.push("event.signature", FieldErrorCode::SignatureEmpty);
                    }
                }
                None if reason.trim().is_empty() => {
                    e.push("event.signature", FieldErrorCode::SignatureRequired);
                }
                None => {}
            }
        }
        K::Forwarded { at, prosecutor } => {
            e.not_future("event.at", Some(*at));
            short(&mut e, "event.prosecutor", prosecutor);
        }
        K::ProsecutorReceived { at, office } => {
            e.not_future("event.at", Some(*at));
            short(&mut e, "event.office", office);
        }
        K::ProsecutorEvaluated { at, reasons, .. } => {
            e.not_future("event.at", Some(*at));
            e.text("event.reasons", reasons, NARRATIVE_MAX_CHARS);
        }
        K::ExtensionProposed { at, court } => {
            e.not_future("event.at", Some(*at));
            if let Some(court) = court {
                short(&mut e, "event.court", court);
            }
        }
        K::ProposalReceived { at, court } => {
            e.not_future("event.at", Some(*at));
            short(&mut e, "event.court", court);
        }
        K::CourtDecision {
            court,
            number,
            decided_on,
            ..
        }
        | K::HigherCourtDecision {
            court,
            number,
            decided_on,
            ..
        } => {
            short(&mut e, "event.court", court);
            short(&mut e, "event.number", number);
            if *decided_on > e.latest_date {
                e.push("event.decided_on", FieldErrorCode::InFuture);
            }
        }
        K::Appeal { at, note, .. } => {
            e.not_future("event.at", Some(*at));
            e.text("event.note", note, NARRATIVE_MAX_CHARS);
        }
        K::ProsecutorDeclined { at, reason } => {
            e.not_future("event.at", Some(*at));
            e.text("event.reason", reason, NARRATIVE_MAX_CHARS);
            e.required("event.reason", reason);
        }
        K::DecisionReceived { at, .. } | K::AppealForwarded { at } => {
            e.not_future("event.at", Some(*at));
        }
        K::Lifted { at, reason } => {
            e.not_future("event.at", Some(*at));
            e.text("event.reason", reason, NARRATIVE_MAX_CHARS);
            e.required("event.reason", reason);
        }
        K::Violation {
            at,
            description,
            evidence,
        } => {
            e.not_future("event.at", Some(*at));
            e.text("event.description", description, NARRATIVE_MAX_CHARS);
            e.required("event.description", description);
            e.text("event.evidence", evidence, NARRATIVE_MAX_CHARS);
        }
        K::EscortedVisit { at, note } => {
            e.not_future("event.at", Some(*at));
            e.text("event.note", note, NARRATIVE_MAX_CHARS);
        }
        K::SocialWelfareNotified { at, centre, note } => {
            e.not_future("event.at", Some(*at));
            short(&mut e, "event.centre", centre);
            e.text("event.note", note, NARRATIVE_MAX_CHARS);
        }
        K::OfficialNumber { number } => short(&mut e, "event.number", number),
    }
    e.list
}
