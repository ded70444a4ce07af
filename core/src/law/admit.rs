//! Which events an order admits in which state ([`admit`], and the officer's choice of them,
//! [`admissible`]), the legal gates on issuing ([`adult_at_incident`]), and every refusal with
//! its stable code ([`OrderRefusal`]).

use chrono::{DateTime, DurationRound, NaiveDate, TimeDelta, Utc};
use chrono_tz::Europe::Belgrade;

use super::clocks::{OrderClocks, OrderStatus, clocks};
use crate::domain::order::{CourtOutcome, EventSource, Order, OrderEventKind, OrderEventName};
use crate::domain::validate::CLOCK_SKEW;
use crate::error_code::ErrorCode;

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
    #[error("the order is already forwarded to the prosecutor (or received by his office)")]
    AlreadyForwarded,
    #[error("this receipt is already recorded")]
    AlreadyReceived,
    #[error(
        "only the central record assigns official numbers and records the receipts and \
         evaluation of the prosecutor's office and the court"
    )]
    CentralOnly,
    #[error(
        "no proposal to extend is recorded; the court decides only on the prosecutor's proposal \
         (Art. 19)"
    )]
    DecisionBeforeProposal,
    #[error("the prosecutor's proposal, or his decision not to propose, is already recorded")]
    ProposalAlreadyDecided,
    #[error(
        "the prosecutor's evaluation of the risk assessment is not recorded; he evaluates it \
         before he files a proposal to extend (Art. 18)"
    )]
    EvaluationRequired,
    #[error(
        "no proposal to extend is recorded before this receipt; the court receives only the \
         prosecutor's proposal (Art. 19)"
    )]
    CourtReceiptBeforeProposal,
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
    pub fn code(&self) -> ErrorCode {
        match self {
            OrderRefusal::AlreadyIssued => ErrorCode::OrderAlreadyIssued,
            OrderRefusal::NotIssued => ErrorCode::OrderNotIssued,
            OrderRefusal::NeedsAssessment => ErrorCode::OrderNeedsAssessment,
            OrderRefusal::AlreadyServed => ErrorCode::OrderAlreadyServed,
            OrderRefusal::NotServed => ErrorCode::OrderNotServed,
            OrderRefusal::InFuture => ErrorCode::OrderTimeInFuture,
            OrderRefusal::ServedBeforeIssued => ErrorCode::OrderServedBeforeIssued,
            OrderRefusal::BeforeIssued => ErrorCode::OrderEventBeforeIssue,
            OrderRefusal::BeforeService => ErrorCode::OrderEventBeforeService,
            OrderRefusal::ExtensionEndInvalid => ErrorCode::OrderExtensionEndInvalid,
            OrderRefusal::RefusalWithEnd => ErrorCode::OrderRefusalWithEnd,
            OrderRefusal::Lifted => ErrorCode::OrderLifted,
            OrderRefusal::Ended => ErrorCode::OrderEnded,
            OrderRefusal::AlreadyForwarded => ErrorCode::OrderAlreadyForwarded,
            OrderRefusal::AlreadyReceived => ErrorCode::OrderAlreadyReceived,
            OrderRefusal::CentralOnly => ErrorCode::OrderCentralOnly,
            OrderRefusal::DecisionBeforeProposal => ErrorCode::OrderDecisionBeforeProposal,
            OrderRefusal::ProposalAlreadyDecided => ErrorCode::OrderProposalAlreadyDecided,
            OrderRefusal::EvaluationRequired => ErrorCode::OrderEvaluationRequired,
            OrderRefusal::CourtReceiptBeforeProposal => ErrorCode::OrderCourtReceiptBeforeProposal,
            OrderRefusal::AppealAgainstPoliceOrder => ErrorCode::OrderAppealAgainstPoliceOrder,
            OrderRefusal::NoCourtDecision => ErrorCode::OrderNoCourtDecision,
            OrderRefusal::AppellantRequired => ErrorCode::OrderAppellantRequired,
            OrderRefusal::NoPendingAppeal => ErrorCode::OrderNoPendingAppeal,
            OrderRefusal::BeforeAppeal => ErrorCode::OrderEventBeforeAppeal,
            OrderRefusal::NoImminentDanger => ErrorCode::OrderNoImminentDanger,
            OrderRefusal::MinorPerpetrator => ErrorCode::OrderMinorPerpetrator,
            OrderRefusal::AdulthoodUnconfirmed => ErrorCode::OrderAdulthoodUnconfirmed,
        }
    }

    /// Every refusal, for the test that each has a translation.
    pub const ALL: [OrderRefusal; 28] = [
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
        OrderRefusal::AlreadyReceived,
        OrderRefusal::CentralOnly,
        OrderRefusal::DecisionBeforeProposal,
        OrderRefusal::ProposalAlreadyDecided,
        OrderRefusal::EvaluationRequired,
        OrderRefusal::CourtReceiptBeforeProposal,
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

/// The events an officer may record on `order` whose clocks at the present instant are `c`, in
/// the order the order view offers them: those [`admit`] accepts from the device in the order's present state (the instants and
/// fields of each are judged again when it is recorded). Nothing for a draft or lifted order; the
/// official number and the receipts and evaluation of the prosecutor's office and the court only
/// ever come from the central record ([`OrderEventName::central_only`]).
pub fn admissible(order: &Order, c: &OrderClocks) -> Vec<OrderEventName> {
    use OrderEventName as N;
    let decided = order.decisions().next().is_some();
    let while_in_force = [N::Violation, N::EscortedVisit, N::Lifted];
    OrderEventName::ALL
        .into_iter()
        .filter(|n| match c.status {
            OrderStatus::Draft | OrderStatus::Lifted => false,
            // Before service: serve it, forward it (owed from the assessment), notify the centre.
            OrderStatus::Issued => {
                matches!(n, N::Served | N::Forwarded | N::SocialWelfareNotified)
            }
            OrderStatus::InForce => *n != N::Served,
            // The 48 hours (or the court's end) are over: the court stage goes on, the running
            // time's events do not.
            OrderStatus::Expired => *n != N::Served && !while_in_force.contains(n),
        })
        .filter(|n| match n {
            n if n.central_only() => false,
            N::Forwarded => c.forwarded_at.is_none() && c.prosecutor_received_at.is_none(),
            N::ExtensionProposed | N::ProsecutorDeclined => {
                c.proposed_at.is_none() && c.declined_at.is_none()
            }
            N::CourtDecision => c.proposed_at.is_some(),
            N::DecisionReceived | N::Appeal => decided,
            N::AppealForwarded => c.appeals.iter().any(|a| a.forwarded_at.is_none()),
            N::HigherCourtDecision => c
                .appeals
                .iter()
                .any(|a| a.forwarded_at.is_some() && a.outcome.is_none()),
            _ => true,
        })
        .collect()
}

/// Whether `order` admits `event` from `source` at `now`. Field completeness (a place, a
/// reason) is [`crate::domain::validate`]'s job; this judges time and state.
///
/// **Invariant:** a court's decision from the central record is never refused (DESIGN §2: the
/// court's end instant is authoritative); one outside the window the device expects is applied
/// and flagged by [`super::deadlines`]. Entered at the station, only an end before service is refused.
///
/// The chain's acts the central record alone brings (the prosecutor's office's receipt and
/// evaluation, the court's receipt of the proposal, the official number) are refused from the
/// device ([`OrderRefusal::CentralOnly`]). The prosecutor's receipt confirms the forwarding: once
/// it is in, the police's forwarding is not asked for (nor accepted) any more. The court's
/// receipt needs the proposal before it ([`OrderRefusal::CourtReceiptBeforeProposal`]); each
/// receipt is recorded once ([`OrderRefusal::AlreadyReceived`]). The prosecutor's proposal from
/// the central record needs his evaluation recorded before it ([`OrderRefusal::EvaluationRequired`]).
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
    if !from_central && event.name().central_only() {
        return Err(OrderRefusal::CentralOnly);
    }
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
            if clocks.forwarded_at.is_some() || clocks.prosecutor_received_at.is_some() {
                return Err(OrderRefusal::AlreadyForwarded);
            }
            not_future(*at)?;
            if *at < issued_at {
                return Err(OrderRefusal::BeforeIssued);
            }
        }
        OrderEventKind::ProsecutorReceived { at, .. } => {
            if clocks.prosecutor_received_at.is_some() {
                return Err(OrderRefusal::AlreadyReceived);
            }
            not_future(*at)?;
            if *at < issued_at {
                return Err(OrderRefusal::BeforeIssued);
            }
        }
        OrderEventKind::ProsecutorEvaluated { at, .. } => {
            not_future(*at)?;
            if *at < issued_at {
                return Err(OrderRefusal::BeforeIssued);
            }
        }
        OrderEventKind::ProposalReceived { at, .. } => {
            match clocks.proposed_at {
                Some(p) if *at >= p => {}
                _ => return Err(OrderRefusal::CourtReceiptBeforeProposal),
            }
            if clocks.court_received_at.is_some() {
                return Err(OrderRefusal::AlreadyReceived);
            }
            not_future(*at)?;
        }
        OrderEventKind::ExtensionProposed { at, .. }
        | OrderEventKind::ProsecutorDeclined { at, .. } => {
            if clocks.proposed_at.is_some() || clocks.declined_at.is_some() {
                return Err(OrderRefusal::ProposalAlreadyDecided);
            }
            not_future(*at)?;
            after_service(*at)?;
            // The prosecutor files his proposal on the assessment he evaluated (Art. 18): from
            // the central record, where he acts, not before his evaluation is recorded. A
            // proposal the station enters (the prosecutor's phone call) has no evaluation here.
            let proposing = matches!(event, OrderEventKind::ExtensionProposed { .. });
            let evaluated = order
                .events
                .iter()
                .any(|e| matches!(e.event, OrderEventKind::ProsecutorEvaluated { .. }));
            if from_central && proposing && !evaluated {
                return Err(OrderRefusal::EvaluationRequired);
            }
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
        // Only from the central record (refused from the device above).
        OrderEventKind::OfficialNumber { .. } => {}
    }
    Ok(())
}
