//! The chain's acts against core's law: what core event each act is on the order
//! ([`event_of`]), the order as it stands with the acts merged in ([`as_it_stands`]), what core
//! judges before an act is recorded ([`admission`]), and the board's facts — the time-independent
//! index columns ([`index_facts`]) and the clocks, stage and warnings at an instant
//! ([`clocks_at`], [`stage`]). Every instant and every refusal comes from `zastita_core::law`;
//! nothing here counts hours.
//!
//! **To move into core:** `index_facts` and `clocks_at` read `law::deadlines`/`law::clocks` field
//! by field until core's board law (`law::board`: clock lines, `next_due`, stage) lands; then
//! they call it, and the acts without a core event yet (the evaluation, the court's receipt)
//! get core's own kinds in [`event_of`] and [`admission`].

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Belgrade;
use zastita_core::domain::EventId;
use zastita_core::domain::order::{
    AppealOutcome, CourtOutcome, EventSource, Order, OrderEvent, OrderEventKind, Party,
};
use zastita_core::law::{self, OrderRefusal};
use zastita_protocol::console::chain::{Act, ActKind, ActParty, Clock, ClockKind};
use zastita_protocol::messages::{ChainEvent, ChainParty, ChangeKind, CourtOutcome as WireOutcome};

/// An act as recorded: its id, when it was recorded, and the change it sent down the feed.
#[derive(Debug, Clone, PartialEq)]
pub struct ActOnOrder {
    pub act_id: uuid::Uuid,
    pub recorded_at: DateTime<Utc>,
    pub change: ChangeKind,
}

pub fn party(p: ChainParty) -> Party {
    match p {
        ChainParty::Prosecutor => Party::Prosecutor,
        ChainParty::Perpetrator => Party::Perpetrator,
    }
}

pub fn chain_party(p: ActParty) -> ChainParty {
    match p {
        ActParty::Prosecutor => ChainParty::Prosecutor,
        ActParty::Perpetrator => ChainParty::Perpetrator,
    }
}

/// The core event an act's change stands for on the order; `None` for the acts core has no
/// event for yet (the evaluation, the court's receipt of the proposal). The prosecutor's office's
/// receipt is the order's forwarding confirmed by its recipient.
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
        ChangeKind::OrderAct { event, .. } => match event {
            ChainEvent::ProsecutorReceived { at, office } => Some(OrderEventKind::Forwarded {
                at: *at,
                prosecutor: office.clone(),
            }),
            ChainEvent::ExtensionProposed { at, .. } => {
                Some(OrderEventKind::ExtensionProposed { at: *at })
            }
            ChainEvent::ProsecutorDeclined { at, reason } => {
                Some(OrderEventKind::ProsecutorDeclined {
                    at: *at,
                    reason: reason.clone(),
                })
            }
            ChainEvent::DecisionReceived { at, by } => Some(OrderEventKind::DecisionReceived {
                at: *at,
                by: party(*by),
            }),
            ChainEvent::Appeal { at, by, note } => Some(OrderEventKind::Appeal {
                at: *at,
                note: note.clone(),
                by: Some(party(*by)),
            }),
            ChainEvent::AppealForwarded { at } => Some(OrderEventKind::AppealForwarded { at: *at }),
            ChainEvent::HigherCourtDecision {
                court,
                number,
                decided_on,
                upheld,
            } => Some(OrderEventKind::HigherCourtDecision {
                court: court.clone(),
                number: number.clone(),
                decided_on: *decided_on,
                outcome: if *upheld {
                    AppealOutcome::Upheld
                } else {
                    AppealOutcome::Overturned
                },
            }),
            ChainEvent::ProsecutorEvaluated { .. } | ChainEvent::ProposalReceived { .. } => None,
        },
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
        let known = order.events.iter().any(|e| e.event == event)
            || (matches!(event, OrderEventKind::Forwarded { .. })
                && order.forwarded_at().is_some())
            || (matches!(event, OrderEventKind::ExtensionProposed { .. })
                && order.proposed_at().is_some());
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

/// What core judges before the act is recorded: the act's own event, or for an evaluation the
/// question it belongs to (a proposal still to be made on a served order that is not lifted).
pub fn admission(
    order: &Order,
    change: &ChangeKind,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), OrderRefusal> {
    let event = match event_of(change) {
        Some(e) => e,
        None => OrderEventKind::ExtensionProposed { at },
    };
    law::admit(order, &event, now, EventSource::Device)
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

/// The order's index facts, from core's deadlines. The one place the board's order is decided.
pub fn index_facts(order: &Order) -> IndexFacts {
    let d = law::deadlines(order);
    let lifted = d.lifted_at.is_some();
    let mut obligations: Vec<DateTime<Utc>> = Vec::new();
    if order.issued.is_some() && !lifted {
        if d.forwarded_at.is_none() {
            obligations.extend(d.forward_warning_from);
        }
        if d.served_at.is_some() {
            if d.proposed_at.is_none() && d.declined_at.is_none() && !d.decided {
                obligations.extend(d.prosecutor_proposal_due_at);
            }
            if d.proposed_at.is_some() && !d.decided {
                obligations.extend(d.court_decision_due_at);
            }
        }
    }
    let mut appeal_pending = false;
    for a in &d.appeals {
        if a.forwarded_at.is_none() {
            obligations.extend(a.forward_due_at);
            appeal_pending = true;
        } else if a.outcome.is_none() {
            obligations.extend(a.higher_court_due_at);
            appeal_pending = true;
        }
    }
    let next_due = obligations
        .into_iter()
        .min()
        .or(if lifted { None } else { d.expires_at });
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
        next_due,
        open_until,
        proposed: d.proposed_at.is_some(),
    }
}

/// When a kind of event was recorded on the order (the first such).
fn recorded(order: &Order, pred: impl Fn(&OrderEventKind) -> bool) -> Option<DateTime<Utc>> {
    order
        .events
        .iter()
        .find(|e| pred(&e.event))
        .map(|e| e.recorded_at)
}

/// What the board shows of an order at `now`.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    pub status: String,
    pub clocks: Vec<Clock>,
    pub next_due: Option<DateTime<Utc>>,
    pub warnings: Vec<String>,
    pub clocks_json: serde_json::Value,
}

fn snake<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The order's clocks at `now`: each legal clock with its due instant, when it was met, and the
/// instant from which it warns; the earliest still running or overdue; core's status and
/// warnings at `now`.
pub fn clocks_at(order: &Order, now: DateTime<Utc>) -> Standing {
    let c = law::clocks(order, now);
    let d = &c.deadlines;
    let mut clocks = Vec::new();
    // (clock, an obligation that stays overdue until met)
    let mut lines: Vec<(Clock, bool)> = Vec::new();
    let clock = |kind, due_at, met_at, warning_from| Clock {
        kind,
        party: None,
        due_at,
        met_at,
        warning_from,
    };
    if let Some(due) = d.forward_warning_from {
        lines.push((
            clock(ClockKind::Forwarding, due, None, Some(due)),
            d.lifted_at.is_none(),
        ));
    } else if let Some(at) = d.forwarded_at {
        lines.push((clock(ClockKind::Forwarding, at, Some(at), None), true));
    }
    if let Some(due) = d.prosecutor_proposal_due_at {
        let met = d.proposed_at.or(d.declined_at);
        let moot = d.lifted_at.is_some() || d.decided;
        lines.push((
            clock(
                ClockKind::ProsecutorProposal,
                due,
                met,
                d.no_proposal_warning_from,
            ),
            !moot && d.expires_at.is_some_and(|e| now < e),
        ));
    }
    if d.proposed_at.is_some()
        && let Some(due) = d.court_decision_due_at
    {
        let met = recorded(order, |k| matches!(k, OrderEventKind::CourtDecision { .. }));
        lines.push((
            clock(ClockKind::CourtDecision, due, met, d.expiry_warning_from),
            d.lifted_at.is_none(),
        ));
    }
    if let Some(end) = d.expires_at {
        lines.push((
            clock(
                ClockKind::MeasuresEnd,
                end,
                d.lifted_at,
                d.expiry_warning_from,
            ),
            false,
        ));
    }
    for r in &d.decision_receipts {
        if let Some(due) = r.appeal_due_at {
            let lodged = d
                .appeals
                .iter()
                .find(|a| a.by == Some(r.by))
                .map(|a| a.lodged_at);
            let mut line = clock(ClockKind::Appeal, due, lodged, None);
            line.party = Some(snake(&r.by));
            lines.push((line, false));
        }
    }
    for a in &d.appeals {
        if let Some(due) = a.forward_due_at {
            let mut line = clock(ClockKind::AppealForwarding, due, a.forwarded_at, None);
            line.party = a.by.map(|p| snake(&p));
            lines.push((line, true));
        }
        if let Some(due) = a.higher_court_due_at {
            let met = a.outcome.and_then(|_| {
                recorded(order, |k| {
                    matches!(k, OrderEventKind::HigherCourtDecision { .. })
                })
            });
            let mut line = clock(ClockKind::HigherCourt, due, met, None);
            line.party = a.by.map(|p| snake(&p));
            lines.push((line, true));
        }
    }
    let mut next_due: Option<DateTime<Utc>> = None;
    for (line, obligation) in lines {
        let running = line.met_at.is_none() && (obligation || line.due_at > now);
        if running {
            next_due = Some(next_due.map_or(line.due_at, |n| n.min(line.due_at)));
        }
        clocks.push(line);
    }
    Standing {
        status: snake(&c.status),
        warnings: c.warnings.iter().map(snake).collect(),
        next_due,
        clocks,
        clocks_json: serde_json::to_value(&c).unwrap_or(serde_json::Value::Null),
    }
}

/// Where the chain stands: from the acts recorded and the order's events.
pub fn stage(order: &Order, acts: &[ActOnOrder], now: DateTime<Utc>) -> &'static str {
    let d = law::deadlines(order);
    let has = |f: fn(&ChainEvent) -> bool| {
        acts.iter().any(|a| match &a.change {
            ChangeKind::OrderAct { event, .. } => f(event),
            _ => false,
        })
    };
    let facts = index_facts(order);
    if facts.open_until.is_some_and(|u| u <= now) {
        return "closed";
    }
    if !d.appeals.is_empty() {
        "appealed"
    } else if d.decided {
        "decided"
    } else if has(|e| matches!(e, ChainEvent::ProposalReceived { .. })) {
        "court_received"
    } else if d.proposed_at.is_some() {
        "proposed"
    } else if d.declined_at.is_some() {
        "declined"
    } else if has(|e| matches!(e, ChainEvent::ProsecutorEvaluated { .. })) {
        "evaluated"
    } else if has(|e| matches!(e, ChainEvent::ProsecutorReceived { .. })) {
        "received"
    } else {
        "awaiting_receipt"
    }
}
