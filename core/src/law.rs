//! The statute's rules on emergency-measure orders, in one place: the clocks (48 hours from
//! service, the prosecutor's 24 hours, the court's 24 hours, at most 30 days more), the warnings
//! the officer sees, and which lifecycle events an order admits in which state.
//!
//! Every clock is computed on instants (UTC) by adding elapsed time. "48 hours" is elapsed time:
//! across a DST change the Belgrade wall-clock end moves by an hour. Display converts at the edge.

use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::order::{CourtOutcome, Order, OrderEventKind};
use crate::domain::validate::CLOCK_SKEW;

/// How long the measures last from service (Art. 17).
pub const MEASURE_DURATION: TimeDelta = TimeDelta::hours(48);
/// The prosecutor proposes an extension within 24 hours of service.
pub const PROPOSAL_WITHIN: TimeDelta = TimeDelta::hours(24);
/// The court decides within 24 hours of the proposal.
pub const DECISION_WITHIN: TimeDelta = TimeDelta::hours(24);
/// The longest extension a court may grant, counted from the end of the 48 hours.
pub const MAX_EXTENSION: TimeDelta = TimeDelta::days(30);
/// Warn when the measure ends within this time and no court decision has arrived.
pub const EXPIRY_WARNING: TimeDelta = TimeDelta::hours(6);
/// Warn when the order is not forwarded to the prosecutor within this time of service.
pub const FORWARD_WITHIN: TimeDelta = TimeDelta::hours(1);

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
    /// More than an hour since service and the order is not forwarded to the prosecutor.
    NotForwarded,
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
    /// 24 hours from the proposal (from its due time while the proposal's time is unknown).
    pub court_decision_due_at: Option<DateTime<Utc>>,
    /// The latest instant a court may extend the measures to (48 h + 30 days from service).
    pub latest_extension_end: Option<DateTime<Utc>>,
    pub forwarded_at: Option<DateTime<Utc>>,
    pub lifted_at: Option<DateTime<Utc>>,
    pub extended: bool,
    /// A court decision (either way) has been recorded.
    pub decided: bool,
    /// From this instant on, [`ClockWarning::ExpiringWithoutDecision`] applies (while no decision).
    pub expiry_warning_from: Option<DateTime<Utc>>,
    /// From this instant on, [`ClockWarning::NotForwarded`] applies (while not forwarded).
    pub forward_warning_from: Option<DateTime<Utc>>,
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
    let served_at = order.service().map(|s| s.at);
    let initial = served_at.and_then(|s| s.checked_add_signed(MEASURE_DURATION));
    let extension_end = order
        .decisions()
        .filter(|d| d.outcome == CourtOutcome::Extended)
        .filter_map(|d| d.ends_at)
        .last();
    let decided = order.decisions().next().is_some();
    let expires_at = extension_end.or(initial);
    let proposal_due = served_at.and_then(|s| s.checked_add_signed(PROPOSAL_WITHIN));
    let forwarded_at = order.forwarded_at();
    OrderDeadlines {
        served_at,
        expires_at,
        initial_expires_at: initial,
        prosecutor_proposal_due_at: proposal_due,
        court_decision_due_at: order
            .proposed_at()
            .or(proposal_due)
            .and_then(|p| p.checked_add_signed(DECISION_WITHIN)),
        latest_extension_end: initial.and_then(|e| e.checked_add_signed(MAX_EXTENSION)),
        forwarded_at,
        lifted_at: order.lifted_at(),
        extended: extension_end.is_some(),
        decided,
        expiry_warning_from: match (decided, expires_at) {
            (false, Some(end)) => end.checked_sub_signed(EXPIRY_WARNING),
            _ => None,
        },
        forward_warning_from: match (forwarded_at, served_at) {
            (None, Some(s)) => s.checked_add_signed(FORWARD_WITHIN),
            _ => None,
        },
    }
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
    if status == OrderStatus::InForce {
        if d.expiry_warning_from.is_some_and(|w| now >= w) {
            warnings.push(ClockWarning::ExpiringWithoutDecision);
        }
        if d.forward_warning_from.is_some_and(|w| now >= w) {
            warnings.push(ClockWarning::NotForwarded);
        }
    }
    OrderClocks {
        status,
        warnings,
        deadlines: d,
    }
}

/// Why an order refuses an action. Each has a stable [`OrderRefusal::code`] the UI translates.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderRefusal {
    #[error("the order is already issued; its content can no longer change")]
    AlreadyIssued,
    #[error("the order is not issued yet; issue it first")]
    NotIssued,
    #[error("the order cannot be issued without a completed risk assessment of this case")]
    NeedsAssessment,
    #[error("the order is already served")]
    AlreadyServed,
    #[error(
        "the order has not been served; the 48 hours and any court decision start with service"
    )]
    NotServed,
    #[error("the time given is in the future")]
    InFuture,
    #[error("the order cannot be served before it was issued")]
    ServedBeforeIssued,
    #[error("an event cannot be dated before the order was issued")]
    BeforeIssued,
    #[error("an event cannot be dated before the order was served")]
    BeforeService,
    #[error(
        "a court may extend the measures by at most 30 days after the first 48 hours; the end \
         given is later than that"
    )]
    ExtensionTooLong,
    #[error("an extension must end after the measures' current end and carry its end time")]
    ExtensionEndInvalid,
    #[error("a refused extension carries no end time")]
    RefusalWithEnd,
    #[error("the measures have been lifted; nothing more can happen to this order")]
    Lifted,
    #[error("the measures have already ended")]
    Ended,
    #[error("the order is already forwarded to the prosecutor")]
    AlreadyForwarded,
    #[error("only the central record assigns official numbers")]
    CentralOnly,
}

impl OrderRefusal {
    /// A stable, language-neutral code for the UI's message catalogue.
    pub fn code(&self) -> &'static str {
        match self {
            OrderRefusal::AlreadyIssued => "order_already_issued",
            OrderRefusal::NotIssued => "order_not_issued",
            OrderRefusal::NeedsAssessment => "order_needs_assessment",
            OrderRefusal::AlreadyServed => "order_already_served",
            OrderRefusal::NotServed => "order_not_served",
            OrderRefusal::InFuture => "order_time_in_future",
            OrderRefusal::ServedBeforeIssued => "order_served_before_issued",
            OrderRefusal::BeforeIssued => "order_event_before_issue",
            OrderRefusal::BeforeService => "order_event_before_service",
            OrderRefusal::ExtensionTooLong => "order_extension_too_long",
            OrderRefusal::ExtensionEndInvalid => "order_extension_end_invalid",
            OrderRefusal::RefusalWithEnd => "order_refusal_with_end",
            OrderRefusal::Lifted => "order_lifted",
            OrderRefusal::Ended => "order_ended",
            OrderRefusal::AlreadyForwarded => "order_already_forwarded",
            OrderRefusal::CentralOnly => "order_central_only",
        }
    }

    /// Every refusal, for the test that each has a translation.
    pub const ALL: [OrderRefusal; 16] = [
        OrderRefusal::AlreadyIssued,
        OrderRefusal::NotIssued,
        OrderRefusal::NeedsAssessment,
        OrderRefusal::AlreadyServed,
        OrderRefusal::NotServed,
        OrderRefusal::InFuture,
        OrderRefusal::ServedBeforeIssued,
        OrderRefusal::BeforeIssued,
        OrderRefusal::BeforeService,
        OrderRefusal::ExtensionTooLong,
        OrderRefusal::ExtensionEndInvalid,
        OrderRefusal::RefusalWithEnd,
        OrderRefusal::Lifted,
        OrderRefusal::Ended,
        OrderRefusal::AlreadyForwarded,
        OrderRefusal::CentralOnly,
    ];
}

/// Whether `order` admits `event` (entered on the device) at `now`. Field completeness (a place,
/// a reason) is [`crate::domain::validate`]'s job; this judges time and state.
pub fn admit(
    order: &Order,
    event: &OrderEventKind,
    now: DateTime<Utc>,
    from_central: bool,
) -> Result<(), OrderRefusal> {
    let latest = now.checked_add_signed(CLOCK_SKEW).unwrap_or(now);
    let issued = order.issued.as_ref().ok_or(OrderRefusal::NotIssued)?;
    // Officers enter times to the minute; the device stamps the issue to the second. A service
    // entered as 19:38 for an order issued at 19:38:25 is not "before it was issued".
    let issued_at = issued
        .at
        .duration_trunc(TimeDelta::minutes(1))
        .unwrap_or(issued.at);
    let clocks = clocks(order, now);
    let served_at = clocks.served_at;
    if clocks.status == OrderStatus::Lifted {
        return Err(OrderRefusal::Lifted);
    }
    let not_future = |at: DateTime<Utc>| {
        if at > latest {
            Err(OrderRefusal::InFuture)
        } else {
            Ok(())
        }
    };
    let after_service = |at: DateTime<Utc>| match served_at {
        None => Err(OrderRefusal::NotServed),
        Some(s) if at < s => Err(OrderRefusal::BeforeService),
        Some(_) => Ok(()),
    };
    match event {
        OrderEventKind::Served { at, .. } => {
            if served_at.is_some() {
                return Err(OrderRefusal::AlreadyServed);
            }
            not_future(*at)?;
            if *at < issued_at {
                return Err(OrderRefusal::ServedBeforeIssued);
            }
        }
        OrderEventKind::Forwarded { at, .. } => {
            if clocks.forwarded_at.is_some() {
                return Err(OrderRefusal::AlreadyForwarded);
            }
            not_future(*at)?;
            if *at < issued_at {
                return Err(OrderRefusal::BeforeIssued);
            }
        }
        OrderEventKind::ExtensionProposed { at } => {
            not_future(*at)?;
            after_service(*at)?;
        }
        OrderEventKind::CourtDecision {
            outcome, ends_at, ..
        } => {
            if served_at.is_none() {
                return Err(OrderRefusal::NotServed);
            }
            match (outcome, ends_at) {
                (CourtOutcome::Refused, Some(_)) => return Err(OrderRefusal::RefusalWithEnd),
                (CourtOutcome::Refused, None) => {}
                (CourtOutcome::Extended, None) => return Err(OrderRefusal::ExtensionEndInvalid),
                (CourtOutcome::Extended, Some(end)) => {
                    if clocks.initial_expires_at.is_some_and(|e| *end <= e) {
                        return Err(OrderRefusal::ExtensionEndInvalid);
                    }
                    if clocks.latest_extension_end.is_some_and(|l| *end > l) {
                        return Err(OrderRefusal::ExtensionTooLong);
                    }
                }
            }
        }
        OrderEventKind::Appeal { at, .. } => {
            not_future(*at)?;
            if *at < issued_at {
                return Err(OrderRefusal::BeforeIssued);
            }
        }
        OrderEventKind::Lifted { at, .. } => {
            not_future(*at)?;
            after_service(*at)?;
            if clocks.expires_at.is_some_and(|e| *at >= e) {
                return Err(OrderRefusal::Ended);
            }
        }
        OrderEventKind::Violation { at, .. } | OrderEventKind::EscortedVisit { at, .. } => {
            not_future(*at)?;
            after_service(*at)?;
            if clocks.expires_at.is_some_and(|e| *at >= e) {
                return Err(OrderRefusal::Ended);
            }
        }
        OrderEventKind::SocialWelfareNotified { at, .. } => {
            not_future(*at)?;
        }
        OrderEventKind::OfficialNumber { .. } => {
            if !from_central {
                return Err(OrderRefusal::CentralOnly);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
