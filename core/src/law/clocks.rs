//! An order's clocks: its legal instants computed from its events alone ([`deadlines`]), where
//! it stands with its warnings at an instant ([`clocks`]), and its events in the order they
//! happened ([`timeline`]). Pure functions of the order.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::{
    APPEAL_FORWARD_WITHIN, APPEAL_WITHIN, DECISION_WITHIN, EXPIRY_WARNING, ForwardingPolicy,
    HIGHER_COURT_WITHIN, MAX_EXTENSION, MEASURE_DURATION, PROPOSAL_WITHIN,
};
use crate::domain::order::{AppealOutcome, CourtOutcome, Order, OrderEvent, OrderEventKind, Party};

/// Where an order is in its life, at a given instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum OrderStatus {
    Draft,
    /// Issued, not yet served: the 48 hours have not started.
    Issued,
    /// Served and running (possibly extended by a court).
    InForce,
    Expired,
    Lifted,
}

/// A warning the officer must see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ClockWarning {
    /// The measure ends within 6 hours and no court decision has been recorded.
    ExpiringWithoutDecision,
    /// The station's delay since the completed risk assessment has passed and the order is not
    /// forwarded to the prosecutor.
    NotForwarded,
    /// The prosecutor's 24 hours passed with no proposal (and no decision not to propose)
    /// recorded: the measures end at their 48 hours.
    NoProposal,
}

/// A party's receipt of the court's decision and the end of its 3 days to appeal (Art. 20).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DecisionReceipt {
    pub by: Party,
    pub received_at: DateTime<Utc>,
    pub appeal_due_at: Option<DateTime<Utc>>,
}

/// An appeal against the court's decision and its clocks (Art. 20). It never suspends the
/// measures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppealClock {
    pub by: Option<Party>,
    pub lodged_at: DateTime<Utc>,
    /// Lodged after the appellant's 3 days from receipt had run out (recorded, not refused).
    pub late: bool,
    /// The basic court forwards it to the higher court within 12 hours.
    pub forward_due_at: Option<DateTime<Utc>>,
    pub forwarded_at: Option<DateTime<Utc>>,
    /// The higher court decides within 3 days of the forwarding.
    pub higher_court_due_at: Option<DateTime<Utc>>,
    pub higher_court_decided_on: Option<NaiveDate>,
    pub outcome: Option<AppealOutcome>,
}

/// An order's legal instants, computed from its events alone (so they are the same whenever they
/// are computed, and the case file can carry them). UTC; shown in `Europe/Belgrade`. The
/// `*_warning_from` instants let a live countdown switch its warning on by itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OrderDeadlines {
    pub served_at: Option<DateTime<Utc>>,
    /// When the measures end now: the court's end instant once extended, else 48 h from service.
    pub expires_at: Option<DateTime<Utc>>,
    /// 48 hours from service, whatever a court later decides.
    pub initial_expires_at: Option<DateTime<Utc>>,
    /// 24 hours from service.
    pub prosecutor_proposal_due_at: Option<DateTime<Utc>>,
    /// 24 hours from the court's receipt of the proposal (Art. 19); while no receipt is known,
    /// from the proposal, and while the proposal's time is unknown, from its due time.
    pub court_decision_due_at: Option<DateTime<Utc>>,
    /// The latest instant a court may extend the measures to (48 h + 30 days from service).
    pub latest_extension_end: Option<DateTime<Utc>>,
    /// When the police recorded forwarding the order to the prosecutor.
    pub forwarded_at: Option<DateTime<Utc>>,
    /// When the prosecutor's office received the order and assessment (from the central record):
    /// the forwarding's confirmation, which also satisfies it.
    #[serde(default)]
    pub prosecutor_received_at: Option<DateTime<Utc>>,
    pub lifted_at: Option<DateTime<Utc>>,
    pub extended: bool,
    /// A court decision (either way) has been recorded.
    pub decided: bool,
    /// From this instant on, [`ClockWarning::ExpiringWithoutDecision`] applies (while no decision).
    pub expiry_warning_from: Option<DateTime<Utc>>,
    /// From this instant on, [`ClockWarning::NotForwarded`] applies (while neither forwarded nor
    /// received by the prosecutor's office): the station's delay after the completed risk
    /// assessment.
    pub forward_warning_from: Option<DateTime<Utc>>,
    /// When the prosecutor proposed an extension, if the police know.
    #[serde(default)]
    pub proposed_at: Option<DateTime<Utc>>,
    /// When the prosecutor decided not to propose one.
    #[serde(default)]
    pub declined_at: Option<DateTime<Utc>>,
    /// When the basic court received the proposal (from the central record): the court's 24
    /// hours run from here.
    #[serde(default)]
    pub court_received_at: Option<DateTime<Utc>>,
    /// From this instant on, [`ClockWarning::NoProposal`] applies: the prosecutor's 24 hours,
    /// while neither a proposal nor a decision not to propose nor a court decision is recorded.
    #[serde(default)]
    pub no_proposal_warning_from: Option<DateTime<Utc>>,
    /// The court's end lies outside the window the device expects (after the 48 hours and at
    /// most 30 days beyond them). Applied all the same: the court's instant is authoritative.
    #[serde(default)]
    pub court_end_outside_window: bool,
    /// The 48 hours ran out before the court's extension was recorded: the instant they ran
    /// out. The order shows the lapse and the later decision, both.
    #[serde(default)]
    pub lapsed_at: Option<DateTime<Utc>>,
    /// When the extension that followed the lapse was recorded.
    #[serde(default)]
    pub decision_recorded_at: Option<DateTime<Utc>>,
    /// Who received the court's decision when, and their appeal windows.
    #[serde(default)]
    pub decision_receipts: Vec<DecisionReceipt>,
    #[serde(default)]
    pub appeals: Vec<AppealClock>,
}

/// An order's deadlines and where it stands at one instant.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OrderClocks {
    pub status: OrderStatus,
    /// The warnings in force at the instant the clocks were computed.
    pub warnings: Vec<ClockWarning>,
    #[serde(flatten)]
    pub deadlines: OrderDeadlines,
}

impl std::ops::Deref for OrderClocks {
    type Target = OrderDeadlines;
    fn deref(&self) -> &OrderDeadlines {
        &self.deadlines
    }
}

/// An order's deadlines.
pub fn deadlines(order: &Order) -> OrderDeadlines {
    let add = |at: Option<DateTime<Utc>>, d: TimeDelta| at.and_then(|a| a.checked_add_signed(d));
    let served_at = order.service().map(|s| s.at);
    let initial = add(served_at, MEASURE_DURATION);
    let latest = add(initial, MAX_EXTENSION);
    // The court's instant is authoritative: the last extension recorded sets the end.
    let extension = order.events.iter().rev().find_map(|e| match &e.event {
        OrderEventKind::CourtDecision {
            outcome: CourtOutcome::Extended,
            ends_at: Some(end),
            ..
        } => Some((*end, e.recorded_at)),
        _ => None,
    });
    let extension_end = extension.map(|(end, _)| end);
    let decided = order.decisions().next().is_some();
    let expires_at = extension_end.or(initial);
    let proposal_due = add(served_at, PROPOSAL_WITHIN);
    let proposed_at = order.proposed_at();
    let declined_at = order.declined_at();
    let forwarded_at = order.forwarded_at();
    let prosecutor_received_at = order.prosecutor_received().map(|(at, _)| at);
    let court_received_at = order.court_received_at();
    let court_end_outside_window = match (extension_end, initial, latest) {
        (Some(end), Some(initial), Some(latest)) => end <= initial || end > latest,
        (Some(_), _, _) => true,
        _ => false,
    };
    let late = match (extension, initial) {
        (Some((_, recorded)), Some(initial)) if recorded > initial => Some((initial, recorded)),
        _ => None,
    };
    let receipts = receipts(order);
    OrderDeadlines {
        served_at,
        expires_at,
        initial_expires_at: initial,
        prosecutor_proposal_due_at: proposal_due,
        court_decision_due_at: if declined_at.is_some() {
            None
        } else {
            add(
                court_received_at.or(proposed_at).or(proposal_due),
                DECISION_WITHIN,
            )
        },
        latest_extension_end: latest,
        forwarded_at,
        prosecutor_received_at,
        lifted_at: order.lifted_at(),
        extended: extension_end.is_some(),
        decided,
        expiry_warning_from: match (decided || declined_at.is_some(), expires_at) {
            (false, Some(end)) => end.checked_sub_signed(EXPIRY_WARNING),
            _ => None,
        },
        forward_warning_from: match forwarded_at.or(prosecutor_received_at) {
            None => forward_due(order),
            Some(_) => None,
        },
        proposed_at,
        declined_at,
        court_received_at,
        no_proposal_warning_from: if proposed_at.is_none() && declined_at.is_none() && !decided {
            proposal_due
        } else {
            None
        },
        court_end_outside_window,
        lapsed_at: late.map(|(initial, _)| initial),
        decision_recorded_at: late.map(|(_, recorded)| recorded),
        appeals: appeals(order, &receipts),
        decision_receipts: receipts,
    }
}

/// When forwarding to the prosecutor is owed by the station's policy: its delay after the
/// completed risk assessment ("at once", Art. 16). Orders issued before that instant was kept
/// count from their issue, which cannot precede it. `None` for a draft.
pub(super) fn forward_due(order: &Order) -> Option<DateTime<Utc>> {
    let issued = order.issued.as_ref()?;
    let assessed_at = issued.assessment_completed_at.unwrap_or(issued.at);
    let delay = issued
        .forward_warning_minutes
        .unwrap_or(ForwardingPolicy::default().warn_after_minutes);
    assessed_at.checked_add_signed(TimeDelta::minutes(i64::from(delay)))
}

/// Who received the court's decision, and until when each may appeal.
fn receipts(order: &Order) -> Vec<DecisionReceipt> {
    let mut out: Vec<DecisionReceipt> = Vec::new();
    for k in order.events.iter().map(|e| &e.event) {
        if let OrderEventKind::DecisionReceived { at, by } = k {
            // A party receives the decision once; a repeated entry keeps the first receipt.
            if !out.iter().any(|r| r.by == *by) {
                out.push(DecisionReceipt {
                    by: *by,
                    received_at: *at,
                    appeal_due_at: at.checked_add_signed(APPEAL_WITHIN),
                });
            }
        }
    }
    out
}

/// The appeals against the court's decision, each with the forwarding and the higher court's
/// decision that followed it.
fn appeals(order: &Order, receipts: &[DecisionReceipt]) -> Vec<AppealClock> {
    let mut out: Vec<AppealClock> = Vec::new();
    for k in order.events.iter().map(|e| &e.event) {
        match k {
            OrderEventKind::Appeal { at, by, .. } => {
                let due = by.and_then(|by| {
                    receipts
                        .iter()
                        .find(|r| r.by == by)
                        .and_then(|r| r.appeal_due_at)
                });
                out.push(AppealClock {
                    by: *by,
                    lodged_at: *at,
                    late: due.is_some_and(|due| *at > due),
                    forward_due_at: at.checked_add_signed(APPEAL_FORWARD_WITHIN),
                    forwarded_at: None,
                    higher_court_due_at: None,
                    higher_court_decided_on: None,
                    outcome: None,
                });
            }
            OrderEventKind::AppealForwarded { at } => {
                for a in out.iter_mut().filter(|a| a.forwarded_at.is_none()) {
                    a.forwarded_at = Some(*at);
                    a.higher_court_due_at = at.checked_add_signed(HIGHER_COURT_WITHIN);
                }
            }
            OrderEventKind::HigherCourtDecision {
                decided_on,
                outcome,
                ..
            } => {
                for a in out
                    .iter_mut()
                    .filter(|a| a.forwarded_at.is_some() && a.outcome.is_none())
                {
                    a.higher_court_decided_on = Some(*decided_on);
                    a.outcome = Some(*outcome);
                }
            }
            _ => {}
        }
    }
    out
}

/// One event of an order placed on its legal timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TimelineEntry {
    /// When it happened. A court's decision is dated, not timed: it is placed at noon of its
    /// day in Belgrade. The official number, which happens nowhere, at its recording.
    pub at: DateTime<Utc>,
    /// `at` stands for a day (show the date only).
    pub dated: bool,
    pub event: OrderEvent,
}

/// An order's events in the order they happened in the world (recording order among equals).
pub fn timeline(order: &Order) -> Vec<TimelineEntry> {
    use chrono::TimeZone;
    use chrono_tz::Europe::Belgrade;
    let noon = |day: NaiveDate| {
        day.and_hms_opt(12, 0, 0)
            .and_then(|t| Belgrade.from_local_datetime(&t).earliest())
            .map(|t| t.with_timezone(&Utc))
    };
    let mut out: Vec<TimelineEntry> = order
        .events
        .iter()
        .map(|e| {
            use OrderEventKind as K;
            let (at, dated) = match &e.event {
                K::CourtDecision { decided_on, .. } | K::HigherCourtDecision { decided_on, .. } => {
                    (noon(*decided_on).unwrap_or(e.recorded_at), true)
                }
                K::OfficialNumber { .. } => (e.recorded_at, false),
                K::Served { at, .. }
                | K::Forwarded { at, .. }
                | K::ProsecutorReceived { at, .. }
                | K::ProsecutorEvaluated { at, .. }
                | K::ExtensionProposed { at, .. }
                | K::ProposalReceived { at, .. }
                | K::ProsecutorDeclined { at, .. }
                | K::DecisionReceived { at, .. }
                | K::Appeal { at, .. }
                | K::AppealForwarded { at }
                | K::Lifted { at, .. }
                | K::Violation { at, .. }
                | K::EscortedVisit { at, .. }
                | K::SocialWelfareNotified { at, .. } => (*at, false),
            };
            TimelineEntry {
                at,
                dated,
                event: e.clone(),
            }
        })
        .collect();
    out.sort_by_key(|e| e.at);
    out
}

/// Compute an order's clocks at `now`.
pub fn clocks(order: &Order, now: DateTime<Utc>) -> OrderClocks {
    let d = deadlines(order);
    let status = if order.issued.is_none() {
        OrderStatus::Draft
    } else if d.lifted_at.is_some_and(|l| l <= now) {
        OrderStatus::Lifted
    } else {
        match d.expires_at {
            None => OrderStatus::Issued,
            Some(end) if now >= end => OrderStatus::Expired,
            Some(_) => OrderStatus::InForce,
        }
    };
    let mut warnings = Vec::new();
    let live = matches!(status, OrderStatus::Issued | OrderStatus::InForce);
    if status == OrderStatus::InForce && d.expiry_warning_from.is_some_and(|w| now >= w) {
        warnings.push(ClockWarning::ExpiringWithoutDecision);
    }
    // Forwarding is owed from the assessment, so it is owed before service too.
    if live && d.forward_warning_from.is_some_and(|w| now >= w) {
        warnings.push(ClockWarning::NotForwarded);
    }
    if status == OrderStatus::InForce && d.no_proposal_warning_from.is_some_and(|w| now >= w) {
        warnings.push(ClockWarning::NoProposal);
    }
    OrderClocks {
        status,
        warnings,
        deadlines: d,
    }
}
