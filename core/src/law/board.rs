//! What the central record's console board shows of an order, computed by the law's own rules
//! (never copied elsewhere): its clock lines — each with its due instant, the instant it was met,
//! and the instant it starts warning, the same instants the device's [`ClockWarning`]s switch on
//! at —, the earliest clock not met ([`OrderBoard::next_due`], from the events alone, so the
//! central record can index and sort by it), and where the chain after the police order stands
//! ([`ChainStage`]).
//!
//! [`ClockKind`] and [`ChainStage`] serialise to exactly the names of the console's contract
//! (`protocol::console::chain::ClockKind` and `BoardEntry::stage`), so the central record maps
//! them one to one.
//!
//! [`ClockWarning`]: super::ClockWarning

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Belgrade;
use serde::{Deserialize, Serialize};

use super::clocks::{OrderDeadlines, deadlines, forward_due};
use crate::domain::order::{Order, OrderEventKind, Party};

/// Which legal clock a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockKind {
    /// The police forward the order and assessment "at once" (Art. 16): due at the station's
    /// delay after the completed assessment; met by the forwarding or the prosecutor's receipt.
    Forwarding,
    /// The prosecutor's 24 hours from service to propose an extension (Art. 18); met by the
    /// proposal, the decision not to propose, or (should it come first) the court's decision.
    ProsecutorProposal,
    /// The court's 24 hours from receiving the proposal (Art. 19); met by its decision.
    CourtDecision,
    /// The measures' end: 48 hours from service, or the court's end (Art. 21); settled by the
    /// court's decision, the prosecutor's decision not to propose, or the lifting.
    MeasuresEnd,
    /// A party's 3 days to appeal from receiving the decision (Art. 20); met by its appeal.
    Appeal,
    /// The basic court's 12 hours to forward an appeal to the higher court (Art. 20).
    AppealForwarding,
    /// The higher court's 3 days from the forwarding (Art. 20).
    HigherCourt,
}

impl ClockKind {
    /// Every kind, in the order an order's lines are listed.
    pub const ALL: [ClockKind; 7] = [
        Self::Forwarding,
        Self::ProsecutorProposal,
        Self::CourtDecision,
        Self::MeasuresEnd,
        Self::Appeal,
        Self::AppealForwarding,
        Self::HigherCourt,
    ];

    /// A party's right rather than someone's duty: an appeal window left unused is not overdue,
    /// so it never sets [`OrderBoard::next_due`].
    pub fn is_window(self) -> bool {
        self == Self::Appeal
    }
}

/// Where the chain after the police order stands, from its events alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChainStage {
    /// Issued; the prosecutor's office has not received it (forwarded or not).
    AwaitingReceipt,
    /// The prosecutor's office received it.
    Received,
    /// The prosecutor evaluated the risk assessment.
    Evaluated,
    /// The prosecutor proposed an extension.
    Proposed,
    /// The prosecutor will not propose one: the measures end at their 48 hours.
    Declined,
    /// The basic court received the proposal: its 24 hours run.
    CourtReceived,
    /// The basic court decided.
    Decided,
    /// An appeal against the decision is pending (lodged, forwarded, not yet decided).
    Appealed,
    /// Nothing more is pending: the measures were lifted, or the higher court decided every
    /// appeal.
    Closed,
}

impl ChainStage {
    /// Every stage, in the chain's order.
    pub const ALL: [ChainStage; 9] = [
        Self::AwaitingReceipt,
        Self::Received,
        Self::Evaluated,
        Self::Proposed,
        Self::Declined,
        Self::CourtReceived,
        Self::Decided,
        Self::Appealed,
        Self::Closed,
    ];
}

/// One clock of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockLine {
    pub kind: ClockKind,
    /// For an appeal clock: whose.
    pub party: Option<Party>,
    pub due_at: DateTime<Utc>,
    /// When what the clock waits for happened (or, for the measures' end, when it was settled);
    /// `None` while it runs or is overdue.
    pub met_at: Option<DateTime<Utc>>,
    /// From here on the device warns about this clock (while it is not met): the instant of its
    /// [`super::ClockWarning`]. `None` for clocks the device has no warning for.
    pub warning_from: Option<DateTime<Utc>>,
}

/// An order as the console's board shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderBoard {
    /// The order's clocks, in [`ClockKind::ALL`]'s order (the appeal clocks by receipt).
    pub clocks: Vec<ClockLine>,
    /// The earliest due instant of a clock not met (appeal windows aside): what to sort the
    /// board by. `None` when nothing is owed. Independent of the present instant.
    pub next_due: Option<DateTime<Utc>>,
    pub stage: ChainStage,
}

/// An order's board line. A draft has no clocks.
pub fn board(order: &Order) -> OrderBoard {
    let d = deadlines(order);
    let clocks = if order.issued.is_some() {
        lines(order, &d)
    } else {
        Vec::new()
    };
    let next_due = clocks
        .iter()
        .filter(|c| c.met_at.is_none() && !c.kind.is_window())
        .map(|c| c.due_at)
        .min();
    OrderBoard {
        clocks,
        next_due,
        stage: stage(order, &d),
    }
}

/// A court's decision as an instant: noon of its day in Belgrade, as the order's timeline places
/// it ([`super::timeline`]).
fn noon(day: NaiveDate) -> Option<DateTime<Utc>> {
    day.and_hms_opt(12, 0, 0)
        .and_then(|t| Belgrade.from_local_datetime(&t).earliest())
        .map(|t| t.with_timezone(&Utc))
}

fn lines(order: &Order, d: &OrderDeadlines) -> Vec<ClockLine> {
    let decided_at = order.decisions().next().and_then(|f| noon(f.decided_on));
    let mut out = Vec::new();
    let mut line = |kind, party, due: Option<DateTime<Utc>>, met_at, warning_from| {
        if let Some(due_at) = due {
            out.push(ClockLine {
                kind,
                party,
                due_at,
                met_at,
                warning_from,
            });
        }
    };
    // Owed from the assessment, so before service too. The device's `NotForwarded` switches on
    // at the same instant.
    let forward = forward_due(order);
    let forwarded = match (d.forwarded_at, d.prosecutor_received_at) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    line(ClockKind::Forwarding, None, forward, forwarded, forward);
    // `NoProposal` switches on at the due instant itself.
    let proposal_met = d.proposed_at.or(d.declined_at).or(decided_at);
    line(
        ClockKind::ProsecutorProposal,
        None,
        d.prosecutor_proposal_due_at,
        proposal_met,
        d.prosecutor_proposal_due_at,
    );
    // The court's clock runs once there is a proposal (or its receipt, or a decision).
    if d.declined_at.is_none()
        && (d.proposed_at.is_some() || d.court_received_at.is_some() || d.decided)
    {
        line(
            ClockKind::CourtDecision,
            None,
            d.court_decision_due_at,
            decided_at,
            None,
        );
    }
    // `ExpiringWithoutDecision`: 6 hours before the end, while neither a decision nor a decision
    // not to propose is recorded (then the end is settled).
    let settled = decided_at.or(d.declined_at).or(d.lifted_at);
    let expiry_warning = match (d.decided || d.declined_at.is_some(), d.expires_at) {
        (false, Some(end)) => end.checked_sub_signed(super::EXPIRY_WARNING),
        _ => None,
    };
    line(
        ClockKind::MeasuresEnd,
        None,
        d.expires_at,
        settled,
        expiry_warning,
    );
    for r in &d.decision_receipts {
        let appealed = d
            .appeals
            .iter()
            .filter(|a| a.by == Some(r.by))
            .map(|a| a.lodged_at)
            .min();
        line(
            ClockKind::Appeal,
            Some(r.by),
            r.appeal_due_at,
            appealed,
            None,
        );
    }
    for a in &d.appeals {
        line(
            ClockKind::AppealForwarding,
            None,
            a.forward_due_at,
            a.forwarded_at,
            None,
        );
    }
    for a in &d.appeals {
        line(
            ClockKind::HigherCourt,
            None,
            a.higher_court_due_at,
            a.higher_court_decided_on.and_then(noon),
            None,
        );
    }
    out
}

fn stage(order: &Order, d: &OrderDeadlines) -> ChainStage {
    let evaluated = order
        .events
        .iter()
        .any(|e| matches!(e.event, OrderEventKind::ProsecutorEvaluated { .. }));
    if d.lifted_at.is_some() {
        ChainStage::Closed
    } else if !d.appeals.is_empty() {
        if d.appeals.iter().all(|a| a.outcome.is_some()) {
            ChainStage::Closed
        } else {
            ChainStage::Appealed
        }
    } else if d.decided {
        ChainStage::Decided
    } else if d.declined_at.is_some() {
        ChainStage::Declined
    } else if d.court_received_at.is_some() {
        ChainStage::CourtReceived
    } else if d.proposed_at.is_some() {
        ChainStage::Proposed
    } else if evaluated {
        ChainStage::Evaluated
    } else if d.prosecutor_received_at.is_some() {
        ChainStage::Received
    } else {
        ChainStage::AwaitingReceipt
    }
}
