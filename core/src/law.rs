//! The statute's rules on emergency-measure orders, in one place: the clocks (48 hours from
//! service, the prosecutor's 24 hours, the court's 24 hours, at most 30 days more), the warnings
//! the officer sees, and which lifecycle events an order admits in which state.
//!
//! Every clock is computed on instants (UTC) by adding elapsed time. "48 hours" is elapsed time:
//! across a DST change the Belgrade wall-clock end moves by an hour. Display converts at the edge.

use chrono::{DateTime, DurationRound, NaiveDate, TimeDelta, Utc};
use chrono_tz::Europe::Belgrade;
use serde::{Deserialize, Serialize};

use crate::domain::order::{
    AppealOutcome, CourtOutcome, EventSource, Order, OrderEventKind, Party,
};
use crate::domain::validate::CLOCK_SKEW;

pub mod articles;
pub mod coverage;
pub mod jurisdiction;
pub mod welfare;

/// How long the measures last from service (Art. 21).
pub const MEASURE_DURATION: TimeDelta = TimeDelta::hours(48);
/// The prosecutor proposes an extension within 24 hours of service (Art. 18).
pub const PROPOSAL_WITHIN: TimeDelta = TimeDelta::hours(24);
/// The court decides within 24 hours of receiving the proposal (Art. 19).
pub const DECISION_WITHIN: TimeDelta = TimeDelta::hours(24);
/// The extension the law provides for, counted from the end of the 48 hours (Art. 21: "for
/// another 30 days"). The court's own end instant is authoritative; an end beyond this is applied
/// and flagged, never refused.
pub const MAX_EXTENSION: TimeDelta = TimeDelta::days(30);
/// An appeal against the court's decision lies within 3 days of receiving it (Art. 20).
pub const APPEAL_WITHIN: TimeDelta = TimeDelta::days(3);
/// The basic court forwards an appeal to the higher court within 12 hours (Art. 20).
pub const APPEAL_FORWARD_WITHIN: TimeDelta = TimeDelta::hours(12);
/// The higher court decides on the appeal within 3 days (Art. 20).
pub const HIGHER_COURT_WITHIN: TimeDelta = TimeDelta::days(3);
/// Warn when the measure ends within this time and no court decision has arrived (station
/// guidance, not a rule of the law).
pub const EXPIRY_WARNING: TimeDelta = TimeDelta::hours(6);

/// Station policy on forwarding: the law says the assessment and the order go to the prosecutor
/// "at once" (Art. 16); how soon the device starts warning is the station's choice, frozen into
/// each order when it is issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ForwardingPolicy {
    /// Minutes after the completed risk assessment from which "not forwarded" is shown.
    pub warn_after_minutes: u32,
}

impl ForwardingPolicy {
    /// The longest delay a station may set (a day: "at once" cannot mean more).
    pub const MAX_MINUTES: u32 = 24 * 60;

    /// A policy, if the delay is between 1 minute and [`Self::MAX_MINUTES`].
    pub fn new(warn_after_minutes: u32) -> Option<Self> {
        (1..=Self::MAX_MINUTES)
            .contains(&warn_after_minutes)
            .then_some(Self { warn_after_minutes })
    }
}

impl Default for ForwardingPolicy {
    fn default() -> Self {
        Self {
            warn_after_minutes: 60,
        }
    }
}

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
    /// From this instant on, [`ClockWarning::NotForwarded`] applies (while not forwarded): the
    /// station's delay after the completed risk assessment.
    pub forward_warning_from: Option<DateTime<Utc>>,
    /// When the prosecutor proposed an extension, if the police know.
    #[serde(default)]
    pub proposed_at: Option<DateTime<Utc>>,
    /// When the prosecutor decided not to propose one.
    #[serde(default)]
    pub declined_at: Option<DateTime<Utc>>,
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
    // "At once" runs from the completed risk assessment (Art. 16); orders issued before that
    // instant was kept count from their issue, which cannot precede it.
    let assessed_at = order
        .issued
        .as_ref()
        .map(|i| i.assessment_completed_at.unwrap_or(i.at));
    let forward_delay = order
        .issued
        .as_ref()
        .and_then(|i| i.forward_warning_minutes)
        .unwrap_or(ForwardingPolicy::default().warn_after_minutes);
    let court_end_outside_window = match (extension_end, initial, latest) {
        (Some(end), Some(initial), Some(latest)) => end <= initial || end > latest,
        (Some(_), _, _) => true,
        _ => false,
    };
    let late = match (extension, initial) {
        (Some((_, recorded)), Some(initial)) if recorded > initial => Some((initial, recorded)),
        _ => None,
    };
    OrderDeadlines {
        served_at,
        expires_at,
        initial_expires_at: initial,
        prosecutor_proposal_due_at: proposal_due,
        court_decision_due_at: if declined_at.is_some() {
            None
        } else {
            add(proposed_at.or(proposal_due), DECISION_WITHIN)
        },
        latest_extension_end: latest,
        forwarded_at,
        lifted_at: order.lifted_at(),
        extended: extension_end.is_some(),
        decided,
        expiry_warning_from: match (decided || declined_at.is_some(), expires_at) {
            (false, Some(end)) => end.checked_sub_signed(EXPIRY_WARNING),
            _ => None,
        },
        forward_warning_from: match forwarded_at {
            None => add(assessed_at, TimeDelta::minutes(i64::from(forward_delay))),
            Some(_) => None,
        },
        proposed_at,
        declined_at,
        no_proposal_warning_from: if proposed_at.is_none() && declined_at.is_none() && !decided {
            proposal_due
        } else {
            None
        },
        court_end_outside_window,
        lapsed_at: late.map(|(initial, _)| initial),
        decision_recorded_at: late.map(|(_, recorded)| recorded),
        decision_receipts: receipts(order),
        appeals: appeals(order),
    }
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
fn appeals(order: &Order) -> Vec<AppealClock> {
    let receipts = receipts(order);
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
    #[error("an extension must carry the court's end time, and it cannot end before service")]
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
    #[error(
        "no proposal to extend is recorded; the court decides only on the prosecutor's proposal \
         (Art. 19)"
    )]
    DecisionBeforeProposal,
    #[error("the prosecutor's proposal, or his decision not to propose, is already recorded")]
    ProposalAlreadyDecided,
    #[error(
        "no appeal lies against the police order; an appeal lies only against the court's \
         decision (Art. 20)"
    )]
    AppealAgainstPoliceOrder,
    #[error("no court decision is recorded yet")]
    NoCourtDecision,
    #[error("say who appeals: the prosecutor or the person the measures were imposed on")]
    AppellantRequired,
    #[error("no appeal is recorded, or every appeal has already been forwarded or decided")]
    NoPendingAppeal,
    #[error("the basic court cannot forward an appeal before it was lodged")]
    BeforeAppeal,
    #[error(
        "the risk assessment does not find imminent danger; an order needs the competent \
         officer's finding that violence is imminent (Art. 17)"
    )]
    NoImminentDanger,
    #[error(
        "the perpetrator was under 18 at the incident; the law does not apply to minors who \
         commit domestic violence (Art. 1)"
    )]
    MinorPerpetrator,
    #[error(
        "the perpetrator's date of birth is not known: confirm that he was an adult at the \
         incident (Art. 1)"
    )]
    AdulthoodUnconfirmed,
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
            OrderRefusal::ExtensionEndInvalid => "order_extension_end_invalid",
            OrderRefusal::RefusalWithEnd => "order_refusal_with_end",
            OrderRefusal::Lifted => "order_lifted",
            OrderRefusal::Ended => "order_ended",
            OrderRefusal::AlreadyForwarded => "order_already_forwarded",
            OrderRefusal::CentralOnly => "order_central_only",
            OrderRefusal::DecisionBeforeProposal => "order_decision_before_proposal",
            OrderRefusal::ProposalAlreadyDecided => "order_proposal_already_decided",
            OrderRefusal::AppealAgainstPoliceOrder => "order_appeal_against_police_order",
            OrderRefusal::NoCourtDecision => "order_no_court_decision",
            OrderRefusal::AppellantRequired => "order_appellant_required",
            OrderRefusal::NoPendingAppeal => "order_no_pending_appeal",
            OrderRefusal::BeforeAppeal => "order_event_before_appeal",
            OrderRefusal::NoImminentDanger => "order_no_imminent_danger",
            OrderRefusal::MinorPerpetrator => "order_minor_perpetrator",
            OrderRefusal::AdulthoodUnconfirmed => "order_adulthood_unconfirmed",
        }
    }

    /// Every refusal, for the test that each has a translation.
    pub const ALL: [OrderRefusal; 25] = [
        OrderRefusal::AlreadyIssued,
        OrderRefusal::NotIssued,
        OrderRefusal::NeedsAssessment,
        OrderRefusal::AlreadyServed,
        OrderRefusal::NotServed,
        OrderRefusal::InFuture,
        OrderRefusal::ServedBeforeIssued,
        OrderRefusal::BeforeIssued,
        OrderRefusal::BeforeService,
        OrderRefusal::ExtensionEndInvalid,
        OrderRefusal::RefusalWithEnd,
        OrderRefusal::Lifted,
        OrderRefusal::Ended,
        OrderRefusal::AlreadyForwarded,
        OrderRefusal::CentralOnly,
        OrderRefusal::DecisionBeforeProposal,
        OrderRefusal::ProposalAlreadyDecided,
        OrderRefusal::AppealAgainstPoliceOrder,
        OrderRefusal::NoCourtDecision,
        OrderRefusal::AppellantRequired,
        OrderRefusal::NoPendingAppeal,
        OrderRefusal::BeforeAppeal,
        OrderRefusal::NoImminentDanger,
        OrderRefusal::MinorPerpetrator,
        OrderRefusal::AdulthoodUnconfirmed,
    ];
}

/// The age of majority (Art. 1: the law does not apply to minors who commit domestic violence).
pub const ADULT_AT: u32 = 18;

/// Whether an order may be issued against a perpetrator born on `born` (from the date of birth or
/// the JMBG), as of the incident on `incident_day` (its Belgrade date). Without a date of birth the
/// officer must have confirmed adulthood explicitly.
pub fn adult_at_incident(
    born: Option<NaiveDate>,
    incident_day: NaiveDate,
    confirmed: bool,
) -> Result<(), OrderRefusal> {
    match born {
        // Adult on the 18th birthday (born on 29 February: on 28 February of a common year).
        Some(b) => match b.checked_add_months(chrono::Months::new(12 * ADULT_AT)) {
            Some(adult) if adult <= incident_day => Ok(()),
            _ => Err(OrderRefusal::MinorPerpetrator),
        },
        None if confirmed => Ok(()),
        None => Err(OrderRefusal::AdulthoodUnconfirmed),
    }
}

/// Whether `order` admits `event` from `source` at `now`. Field completeness (a place, a
/// reason) is [`crate::domain::validate`]'s job; this judges time and state.
///
/// **Invariant:** a court's decision from the central record is never refused (DESIGN §2: the
/// court's end instant is authoritative); one outside the window the device expects is applied
/// and flagged by [`deadlines`]. Entered at the station, only an end before service is refused.
pub fn admit(
    order: &Order,
    event: &OrderEventKind,
    now: DateTime<Utc>,
    source: EventSource,
) -> Result<(), OrderRefusal> {
    let from_central = source == EventSource::CentralRecord;
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
    if from_central && matches!(event, OrderEventKind::CourtDecision { .. }) {
        return Ok(());
    }
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
    let decided = order.decisions().next().is_some();
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
        OrderEventKind::ExtensionProposed { at }
        | OrderEventKind::ProsecutorDeclined { at, .. } => {
            if clocks.proposed_at.is_some() || clocks.declined_at.is_some() {
                return Err(OrderRefusal::ProposalAlreadyDecided);
            }
            not_future(*at)?;
            after_service(*at)?;
        }
        OrderEventKind::CourtDecision {
            outcome,
            ends_at,
            decided_on,
            ..
        } => {
            let Some(served) = served_at else {
                return Err(OrderRefusal::NotServed);
            };
            // The court decides on the prosecutor's proposal (Art. 19), not before it.
            match clocks.proposed_at {
                None => return Err(OrderRefusal::DecisionBeforeProposal),
                Some(p) if *decided_on < p.with_timezone(&Belgrade).date_naive() => {
                    return Err(OrderRefusal::DecisionBeforeProposal);
                }
                Some(_) => {}
            }
            match (outcome, ends_at) {
                (CourtOutcome::Refused, Some(_)) => return Err(OrderRefusal::RefusalWithEnd),
                (CourtOutcome::Refused, None) => {}
                (CourtOutcome::Extended, None) => return Err(OrderRefusal::ExtensionEndInvalid),
                (CourtOutcome::Extended, Some(end)) if *end <= served => {
                    return Err(OrderRefusal::ExtensionEndInvalid);
                }
                (CourtOutcome::Extended, Some(_)) => {}
            }
        }
        OrderEventKind::DecisionReceived { at, .. } => {
            if !decided {
                return Err(OrderRefusal::NoCourtDecision);
            }
            not_future(*at)?;
            after_service(*at)?;
        }
        OrderEventKind::Appeal { at, by, .. } => {
            // Art. 20: the appeal lies against the court's decision only. Out of time is
            // recorded and flagged by `deadlines`, not refused (the court judges timeliness).
            if !decided {
                return Err(OrderRefusal::AppealAgainstPoliceOrder);
            }
            if by.is_none() {
                return Err(OrderRefusal::AppellantRequired);
            }
            not_future(*at)?;
            after_service(*at)?;
        }
        OrderEventKind::AppealForwarded { at } => {
            let pending = clocks
                .appeals
                .iter()
                .filter(|a| a.forwarded_at.is_none())
                .map(|a| a.lodged_at)
                .min();
            match pending {
                None => return Err(OrderRefusal::NoPendingAppeal),
                Some(lodged) if *at < lodged => return Err(OrderRefusal::BeforeAppeal),
                Some(_) => {}
            }
            not_future(*at)?;
        }
        OrderEventKind::HigherCourtDecision { decided_on, .. } => {
            if !clocks
                .appeals
                .iter()
                .any(|a| a.forwarded_at.is_some() && a.outcome.is_none())
            {
                return Err(OrderRefusal::NoPendingAppeal);
            }
            if *decided_on > latest.with_timezone(&Belgrade).date_naive() {
                return Err(OrderRefusal::InFuture);
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
