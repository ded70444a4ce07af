//! The chain's acts after the police order as the feed carries them
//! (`zastita_protocol::messages::ChainEvent`), mapped to the order's own events: the one
//! translation, used by the device applying its feed and by anyone (the central record) who
//! computes an order's clocks with the acts it recorded; and the event another device's violation
//! report is on the order it names.

use chrono::{DateTime, Utc};
use zastita_protocol::messages::{ChainEvent, ChainParty};

use crate::domain::order::{AppealOutcome, OrderEventKind, Party};

/// The order event a chain act is. Every act maps; the law ([`crate::law::admit`]) decides
/// whether the order takes it.
pub fn chain_order_event(event: &ChainEvent) -> OrderEventKind {
    let party = |p: &ChainParty| match p {
        ChainParty::Prosecutor => Party::Prosecutor,
        ChainParty::Perpetrator => Party::Perpetrator,
    };
    match event {
        ChainEvent::ProsecutorReceived { at, office } => OrderEventKind::ProsecutorReceived {
            at: *at,
            office: office.clone(),
        },
        ChainEvent::ProsecutorEvaluated {
            at,
            agrees,
            reasons,
        } => OrderEventKind::ProsecutorEvaluated {
            at: *at,
            agrees: *agrees,
            reasons: reasons.clone(),
        },
        ChainEvent::ExtensionProposed { at, court } => OrderEventKind::ExtensionProposed {
            at: *at,
            court: Some(court.clone()),
        },
        ChainEvent::ProsecutorDeclined { at, reason } => OrderEventKind::ProsecutorDeclined {
            at: *at,
            reason: reason.clone(),
        },
        ChainEvent::ProposalReceived { at, court } => OrderEventKind::ProposalReceived {
            at: *at,
            court: court.clone(),
        },
        ChainEvent::DecisionReceived { at, by } => OrderEventKind::DecisionReceived {
            at: *at,
            by: party(by),
        },
        ChainEvent::Appeal { at, by, note } => OrderEventKind::Appeal {
            at: *at,
            note: note.clone(),
            by: Some(party(by)),
        },
        ChainEvent::AppealForwarded { at } => OrderEventKind::AppealForwarded { at: *at },
        ChainEvent::HigherCourtDecision {
            court,
            number,
            decided_on,
            upheld,
        } => OrderEventKind::HigherCourtDecision {
            court: court.clone(),
            number: number.clone(),
            decided_on: *decided_on,
            outcome: if *upheld {
                AppealOutcome::Upheld
            } else {
                AppealOutcome::Overturned
            },
        },
    }
}

/// The order event another device's violation report is (`ChangeKind::ViolationReported`): the
/// report's words, with the reporting case named after the evidence so the order's officer knows
/// where to look.
pub fn reported_violation_event(
    at: DateTime<Utc>,
    description: &str,
    evidence: &str,
    case: &str,
) -> OrderEventKind {
    let evidence = if evidence.trim().is_empty() {
        case.to_owned()
    } else {
        format!("{evidence} ({case})")
    };
    OrderEventKind::Violation {
        at,
        description: description.to_owned(),
        evidence,
    }
}
