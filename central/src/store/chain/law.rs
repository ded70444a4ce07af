//! The chain's acts against core's law: what core event each act is on the order
//! ([`event_of`], core's own mapping of the feed's chain events), the order as it stands with the
//! acts merged in ([`as_it_stands`]), what core judges before an act is recorded ([`admission`]),
//! and the board's facts — the time-independent index columns ([`index_facts`]: core's
//! `law::board` next due instant, and until when the order stays on the open board) and the
//! clock lines, stage and warnings at an instant ([`clocks_at`], [`stage`]). Every instant and
//! every refusal comes from `zastita_core::law`; nothing here counts hours.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Belgrade;
use zastita_core::domain::EventId;
use zastita_core::domain::order::{CourtOutcome, EventSource, Order, OrderEvent, OrderEventKind};
use zastita_core::law::{self, OrderRefusal};
use zastita_core::sync::{chain_order_event, reported_violation_event};
use zastita_protocol::console::chain::{
    Act, ActKind, ActParty, BoardStatus, ChainStage, Clock, ClockKind,
};
use zastita_protocol::messages::{ChainEvent, ChainParty, ChangeKind, CourtOutcome as WireOutcome};

/// An act as recorded: its id, when it was recorded, and the change it sent down the feed.
#[derive(Debug, Clone, PartialEq)]
pub struct ActOnOrder {
    pub act_id: uuid::Uuid,
    pub recorded_at: DateTime<Utc>,
    pub change: ChangeKind,
}

pub fn chain_party(p: ActParty) -> ChainParty {
    match p {
        ActParty::Prosecutor => ChainParty::Prosecutor,
        ActParty::Perpetrator => ChainParty::Perpetrator,
    }
}

/// The core event an act's change stands for on the order: a court's decision, or core's own
/// mapping of a chain event (the one the device applies from the feed).
pub fn event_of(change: &ChangeKind) -> Option<OrderEventKind> {
    match change {
        ChangeKind::CourtDecision {
            court,
            number,
            decided_on,
            outcome,
            ends_at,
            ..
        } => Some(OrderEventKind::CourtDecision {
            court: court.clone(),
            number: number.clone(),
            decided_on: *decided_on,
            outcome: match outcome {
                WireOutcome::Extended => CourtOutcome::Extended,
                WireOutcome::Refused => CourtOutcome::Refused,
            },
            ends_at: *ends_at,
        }),
        ChangeKind::OrderAct { event, .. } => Some(chain_order_event(event)),
        ChangeKind::ViolationReported {
            at,
            description,
            evidence,
            case,
            ..
        } => Some(reported_violation_event(*at, description, evidence, case)),
        _ => None,
    }
}

/// The order as the device last sent it with the acts recorded since merged in, oldest first,
/// each unless the order already has it (the device applied it and pushed the order again) —
/// the device's own rule for a change it applies.
pub fn as_it_stands(device_order: &Order, acts: &[ActOnOrder]) -> Order {
    let mut order = device_order.clone();
    for act in acts {
        let Some(event) = event_of(&act.change) else {
            continue;
        };
        // The device applies an act under the act's id; a court's decision it compares.
        let known = order
            .events
            .iter()
            .any(|e| e.id == EventId(act.act_id) || e.event == event);
        if !known {
            order.events.push(OrderEvent {
                id: EventId(act.act_id),
                recorded_at: act.recorded_at,
                recorded_by: None,
                source: EventSource::CentralRecord,
                event,
            });
        }
    }
    order
}

/// What core judges before the act is recorded: the act's event on the order as it stands, as
/// the central record's (so core asks the prosecutor's evaluation before his proposal,
/// `order_evaluation_required`) — but the court's decision as entered at a station, since core
/// takes the central record's decision without judging it (its end is authoritative) and the
/// console's must still not come before a proposal.
pub fn admission(
    order: &Order,
    change: &ChangeKind,
    now: DateTime<Utc>,
) -> Result<(), OrderRefusal> {
    let Some(event) = event_of(change) else {
        return Ok(());
    };
    let source = if matches!(event, OrderEventKind::CourtDecision { .. }) {
        EventSource::Device
    } else {
        EventSource::CentralRecord
    };
    law::admit(order, &event, now, source)
}

/// A probe of each act kind at `now`, for the acts a role may record now.
pub fn probe(kind: ActKind, now: DateTime<Utc>) -> ChangeKind {
    let today: NaiveDate = now.with_timezone(&Belgrade).date_naive();
    let order_act = |event| ChangeKind::OrderAct {
        order_id: uuid::Uuid::nil(),
        act_id: uuid::Uuid::nil(),
        event,
    };
    match kind {
        ActKind::Evaluate => order_act(ChainEvent::ProsecutorEvaluated {
            at: now,
            agrees: true,
            reasons: String::new(),
        }),
        ActKind::Propose => order_act(ChainEvent::ExtensionProposed {
            at: now,
            court: String::new(),
        }),
        ActKind::Decline => order_act(ChainEvent::ProsecutorDeclined {
            at: now,
            reason: String::new(),
        }),
        ActKind::Decide => ChangeKind::CourtDecision {
            order_id: uuid::Uuid::nil(),
            court: String::new(),
            number: String::new(),
            decided_on: today,
            outcome: WireOutcome::Refused,
            ends_at: None,
        },
        ActKind::DecisionReceived => order_act(ChainEvent::DecisionReceived {
            at: now,
            by: ChainParty::Prosecutor,
        }),
        ActKind::Appeal => order_act(ChainEvent::Appeal {
            at: now,
            by: ChainParty::Prosecutor,
            note: String::new(),
        }),
        ActKind::AppealForwarded => order_act(ChainEvent::AppealForwarded { at: now }),
        ActKind::HigherCourtDecision => order_act(ChainEvent::HigherCourtDecision {
            court: String::new(),
            number: String::new(),
            decided_on: today,
            upheld: true,
        }),
    }
}

/// The kind an act is.
pub fn act_kind(act: &Act) -> ActKind {
    match act {
        Act::Evaluate { .. } => ActKind::Evaluate,
        Act::Propose { .. } => ActKind::Propose,
        Act::Decline { .. } => ActKind::Decline,
        Act::Decide { .. } => ActKind::Decide,
        Act::DecisionReceived { .. } => ActKind::DecisionReceived,
        Act::Appeal { .. } => ActKind::Appeal,
        Act::AppealForwarded { .. } => ActKind::AppealForwarded,
        Act::HigherCourtDecision { .. } => ActKind::HigherCourtDecision,
    }
}

/// The index's facts of an order, independent of the instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexFacts {
    pub issued_at: Option<DateTime<Utc>>,
    pub served_at: Option<DateTime<Utc>>,
    /// The earliest obligation not yet met (overdue ones too), else the measures' end.
    pub next_due: Option<DateTime<Utc>>,
    /// Until when it stays on the open board; `None`: open (not served yet, or an appeal's
    /// clock unmet).
    pub open_until: Option<DateTime<Utc>>,
    /// A proposal to extend is recorded (the court's board shows it).
    pub proposed: bool,
}

/// The order's index facts: core's next due instant (`law::board`, independent of the
/// instant), and until when the order stays on the open board — the measures' end or the last
/// appeal window, or the lifting; open while it is not served yet or an appeal is pending.
pub fn index_facts(order: &Order) -> IndexFacts {
    let d = law::deadlines(order);
    let lifted = d.lifted_at.is_some();
    let appeal_pending = d
        .appeals
        .iter()
        .any(|a| a.forwarded_at.is_none() || a.outcome.is_none());
    let windows = d
        .decision_receipts
        .iter()
        .filter_map(|r| r.appeal_due_at)
        .chain(d.expires_at);
    let open_until = if appeal_pending || (d.served_at.is_none() && !lifted) {
        None
    } else if let Some(l) = d.lifted_at {
        Some(l)
    } else {
        windows.max()
    };
    IndexFacts {
        issued_at: order.issued.as_ref().map(|i| i.at),
        served_at: d.served_at,
        next_due: law::board::board(order).next_due,
        open_until,
        proposed: d.proposed_at.is_some(),
    }
}

/// What the board shows of an order at `now`.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    pub status: BoardStatus,
    pub clocks: Vec<Clock>,
    pub next_due: Option<DateTime<Utc>>,
    pub stage: ChainStage,
    pub warnings: Vec<String>,
}

fn snake<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn clock_kind(k: law::board::ClockKind) -> ClockKind {
    use law::board::ClockKind as K;
    match k {
        K::Forwarding => ClockKind::Forwarding,
        K::ProsecutorProposal => ClockKind::ProsecutorProposal,
        K::CourtDecision => ClockKind::CourtDecision,
        K::MeasuresEnd => ClockKind::MeasuresEnd,
        K::Appeal => ClockKind::Appeal,
        K::AppealForwarding => ClockKind::AppealForwarding,
        K::HigherCourt => ClockKind::HigherCourt,
    }
}

/// Core's stage as the console's contract names it, one to one.
pub fn chain_stage(s: law::board::ChainStage) -> ChainStage {
    use law::board::ChainStage as S;
    match s {
        S::AwaitingReceipt => ChainStage::AwaitingReceipt,
        S::Received => ChainStage::Received,
        S::Evaluated => ChainStage::Evaluated,
        S::Proposed => ChainStage::Proposed,
        S::Declined => ChainStage::Declined,
        S::CourtReceived => ChainStage::CourtReceived,
        S::Decided => ChainStage::Decided,
        S::Appealed => ChainStage::Appealed,
        S::Closed => ChainStage::Closed,
    }
}

/// Core's status as the console's contract names it, one to one.
pub fn board_status(s: law::OrderStatus) -> BoardStatus {
    use law::OrderStatus as S;
    match s {
        S::Draft => BoardStatus::Draft,
        S::Issued => BoardStatus::Issued,
        S::InForce => BoardStatus::InForce,
        S::Expired => BoardStatus::Expired,
        S::Lifted => BoardStatus::Lifted,
    }
}

/// The order at `now`: core's clock lines (`law::board`), its next due instant and stage, and
/// core's status and warnings at `now` (`law::clocks`).
pub fn clocks_at(order: &Order, now: DateTime<Utc>) -> Standing {
    let c = law::clocks(order, now);
    let b = law::board::board(order);
    Standing {
        status: board_status(c.status),
        warnings: c.warnings.iter().map(snake).collect(),
        next_due: b.next_due,
        stage: chain_stage(b.stage),
        clocks: b
            .clocks
            .iter()
            .map(|l| Clock {
                kind: clock_kind(l.kind),
                party: l.party.map(|p| snake(&p)),
                due_at: l.due_at,
                met_at: l.met_at,
                warning_from: l.warning_from,
            })
            .collect(),
    }
}

/// Core's full clocks of the order at `now`, as the order file shows them (the board's entries
/// carry only [`clocks_at`]'s lines).
pub fn clocks_json(order: &Order, now: DateTime<Utc>) -> serde_json::Value {
    serde_json::to_value(law::clocks(order, now)).unwrap_or(serde_json::Value::Null)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Core's stages and statuses and the contract's are the same names, one to one: a stage
    /// core adds must be added to the contract (and the console's screens) too.
    #[test]
    fn the_stage_and_status_map_one_to_one_by_name() {
        let mut seen = std::collections::BTreeSet::new();
        for s in law::board::ChainStage::ALL {
            let ours = chain_stage(s);
            assert_eq!(
                serde_json::to_value(s).unwrap(),
                serde_json::to_value(ours).unwrap()
            );
            assert!(seen.insert(snake(&ours)), "{s:?} mapped twice");
        }
        use law::OrderStatus as S;
        for s in [S::Draft, S::Issued, S::InForce, S::Expired, S::Lifted] {
            assert_eq!(
                serde_json::to_value(s).unwrap(),
                serde_json::to_value(board_status(s)).unwrap()
            );
        }
    }
}
