#![allow(clippy::unwrap_used)]

mod chain;

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use chrono_tz::Europe::Belgrade;
use proptest::prelude::*;

use super::*;
use crate::domain::order::{
    AppealOutcome, CourtOutcome, Issued, Order, OrderContent, OrderEvent, OrderEventKind, Party,
};
use crate::domain::{Badge, CaseId, EventId, EventSource, Measure};

fn badge() -> Badge {
    Badge::parse("NS-1234").unwrap()
}

fn belgrade(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Belgrade
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

fn local(at: DateTime<Utc>) -> String {
    at.with_timezone(&Belgrade)
        .format("%Y-%m-%d %H:%M %Z")
        .to_string()
}

fn issued_order(at: DateTime<Utc>) -> Order {
    let mut o = Order::new(
        CaseId::new(),
        badge(),
        at,
        OrderContent {
            measures: vec![Measure::RemovalFromDwelling],
            ..OrderContent::default()
        },
    );
    o.issued = Some(Issued {
        at,
        by: badge(),
        provisional_number: "P-TEST-2026-0001".into(),
        assessment_completed_at: None,
        forward_warning_minutes: None,
    });
    o
}

fn push(o: &mut Order, event: OrderEventKind) {
    o.events.push(OrderEvent {
        id: EventId::new(),
        recorded_at: Utc::now(),
        recorded_by: Some(badge()),
        source: EventSource::Device,
        event,
    });
}

fn served(at: DateTime<Utc>) -> OrderEventKind {
    OrderEventKind::Served {
        at,
        place: "Bulevar oslobođenja 10".into(),
        served_by: badge(),
        signature: None,
        refused_to_sign: Some("odbio".into()),
    }
}

fn proposed(at: DateTime<Utc>) -> OrderEventKind {
    OrderEventKind::ExtensionProposed { at, court: None }
}

fn extension(ends_at: DateTime<Utc>) -> OrderEventKind {
    OrderEventKind::CourtDecision {
        court: "Osnovni sud u Novom Sadu".into(),
        number: "R1 123/26".into(),
        // The court decides the day after the 48 hours began, give or take: 29 days before the end.
        decided_on: (ends_at - TimeDelta::days(29))
            .with_timezone(&Belgrade)
            .date_naive(),
        outcome: CourtOutcome::Extended,
        ends_at: Some(ends_at),
    }
}

#[test]
fn forty_eight_hours_across_the_spring_change_end_an_hour_later_on_the_wall_clock() {
    // Served Saturday 28 March 2026, 10:00 CET; clocks go forward on Sunday 29 March at 02:00.
    let served_at = belgrade(2026, 3, 28, 10, 0);
    let mut o = issued_order(served_at);
    push(&mut o, served(served_at));
    let c = clocks(&o, served_at);
    let end = c.expires_at.unwrap();
    assert_eq!(end - served_at, TimeDelta::hours(48));
    assert_eq!(local(served_at), "2026-03-28 10:00 CET");
    assert_eq!(local(end), "2026-03-30 11:00 CEST");
    assert_eq!(
        local(c.prosecutor_proposal_due_at.unwrap()),
        "2026-03-29 11:00 CEST"
    );
}

#[test]
fn forty_eight_hours_across_the_autumn_change_end_an_hour_earlier_on_the_wall_clock() {
    // Served Saturday 24 October 2026, 10:00 CEST; clocks go back on Sunday 25 October at 03:00.
    let served_at = belgrade(2026, 10, 24, 10, 0);
    let mut o = issued_order(served_at);
    push(&mut o, served(served_at));
    let c = clocks(&o, served_at);
    assert_eq!(local(c.expires_at.unwrap()), "2026-10-26 09:00 CET");
    assert_eq!(
        local(c.prosecutor_proposal_due_at.unwrap()),
        "2026-10-25 09:00 CET"
    );
    assert_eq!(
        local(c.court_decision_due_at.unwrap()),
        "2026-10-26 09:00 CET"
    );
}

#[test]
fn status_runs_from_draft_to_expired() {
    let t0 = belgrade(2026, 6, 1, 20, 0);
    let mut o = issued_order(t0);
    let draft = Order {
        issued: None,
        ..o.clone()
    };
    assert_eq!(clocks(&draft, t0).status, OrderStatus::Draft);
    assert_eq!(clocks(&o, t0).status, OrderStatus::Issued);
    assert_eq!(clocks(&o, t0).expires_at, None);
    push(&mut o, served(t0 + TimeDelta::minutes(30)));
    let end = t0 + TimeDelta::minutes(30) + MEASURE_DURATION;
    assert_eq!(
        clocks(&o, t0 + TimeDelta::hours(1)).status,
        OrderStatus::InForce
    );
    assert_eq!(
        clocks(&o, end - TimeDelta::seconds(1)).status,
        OrderStatus::InForce
    );
    assert_eq!(clocks(&o, end).status, OrderStatus::Expired);
}

#[test]
fn warnings_switch_on_at_their_instants_and_off_when_resolved() {
    let t0 = belgrade(2026, 6, 1, 20, 0);
    let mut o = issued_order(t0);
    push(&mut o, served(t0));
    let c = clocks(&o, t0);
    assert!(c.warnings.is_empty());
    assert_eq!(c.forward_warning_from, Some(t0 + TimeDelta::hours(1)));
    assert_eq!(c.expiry_warning_from, Some(t0 + TimeDelta::hours(42)));
    assert_eq!(c.no_proposal_warning_from, Some(t0 + TimeDelta::hours(24)));
    let c = clocks(&o, t0 + TimeDelta::hours(1));
    assert_eq!(c.warnings, vec![ClockWarning::NotForwarded]);
    let c = clocks(&o, t0 + TimeDelta::hours(42));
    assert_eq!(
        c.warnings,
        vec![
            ClockWarning::ExpiringWithoutDecision,
            ClockWarning::NotForwarded,
            ClockWarning::NoProposal,
        ]
    );
    push(
        &mut o,
        OrderEventKind::Forwarded {
            at: t0 + TimeDelta::minutes(20),
            prosecutor: "OJT Novi Sad".into(),
        },
    );
    push(&mut o, proposed(t0 + TimeDelta::hours(20)));
    let c = clocks(&o, t0 + TimeDelta::hours(42));
    assert_eq!(c.warnings, vec![ClockWarning::ExpiringWithoutDecision]);
    assert_eq!(c.forward_warning_from, None);
    assert_eq!(c.no_proposal_warning_from, None);
    // A court decision (even a refusal) ends the expiry warning.
    push(
        &mut o,
        OrderEventKind::CourtDecision {
            court: "Osnovni sud".into(),
            number: "R1 1/26".into(),
            decided_on: NaiveDate::from_ymd_opt(2026, 6, 2).unwrap(),
            outcome: CourtOutcome::Refused,
            ends_at: None,
        },
    );
    let c = clocks(&o, t0 + TimeDelta::hours(42));
    assert!(c.warnings.is_empty());
    assert!(!c.extended);
    // After the end nothing warns.
    let c = clocks(&o, t0 + TimeDelta::hours(49));
    assert_eq!(c.status, OrderStatus::Expired);
    assert!(c.warnings.is_empty());
}

#[test]
fn an_extension_moves_the_end_to_the_courts_instant() {
    let t0 = belgrade(2026, 3, 1, 12, 0);
    let mut o = issued_order(t0);
    push(&mut o, served(t0));
    push(&mut o, proposed(t0 + TimeDelta::hours(20)));
    let ends = belgrade(2026, 3, 31, 12, 0);
    admit(
        &o,
        &extension(ends),
        t0 + TimeDelta::hours(30),
        EventSource::Device,
    )
    .unwrap();
    push(&mut o, extension(ends));
    let c = clocks(&o, t0 + TimeDelta::hours(60));
    assert_eq!(c.expires_at, Some(ends));
    assert_eq!(c.initial_expires_at, Some(t0 + MEASURE_DURATION));
    assert!(c.extended);
    assert_eq!(c.status, OrderStatus::InForce);
}

#[test]
fn refusals() {
    let t0 = belgrade(2026, 5, 10, 22, 0);
    let now = t0 + TimeDelta::hours(2);
    let o = issued_order(t0);
    let draft = Order {
        issued: None,
        ..o.clone()
    };
    let refused =
        |o: &Order, e: OrderEventKind| admit(o, &e, now, EventSource::Device).unwrap_err();

    assert_eq!(refused(&draft, served(t0)), OrderRefusal::NotIssued);
    assert_eq!(
        refused(&o, served(t0 - TimeDelta::minutes(1))),
        OrderRefusal::ServedBeforeIssued
    );
    assert_eq!(
        refused(&o, served(now + TimeDelta::hours(1))),
        OrderRefusal::InFuture
    );
    // Entered to the minute: a service in the minute the order was issued is not before it.
    let mut to_the_second = o.clone();
    to_the_second.issued.as_mut().unwrap().at = t0 + TimeDelta::seconds(25);
    admit(&to_the_second, &served(t0), now, EventSource::Device).unwrap();
    // Within the clock-skew allowance a service "a minute from now" is accepted.
    admit(
        &o,
        &served(now + TimeDelta::minutes(1)),
        now,
        EventSource::Device,
    )
    .unwrap();
    assert_eq!(
        refused(&o, extension(t0 + TimeDelta::days(10))),
        OrderRefusal::NotServed
    );
    let mut s = o.clone();
    push(&mut s, served(t0 + TimeDelta::minutes(10)));
    assert_eq!(refused(&s, served(t0)), OrderRefusal::AlreadyServed);
    let served_at = t0 + TimeDelta::minutes(10);
    assert_eq!(
        refused(&s, extension(served_at + TimeDelta::days(30))),
        OrderRefusal::DecisionBeforeProposal
    );
    push(&mut s, proposed(served_at + TimeDelta::minutes(30)));
    assert_eq!(
        refused(
            &s,
            OrderEventKind::Violation {
                at: t0,
                description: "called her".into(),
                evidence: String::new()
            }
        ),
        OrderRefusal::BeforeService
    );
    assert_eq!(
        refused(
            &s,
            OrderEventKind::OfficialNumber {
                number: "01-123/26".into()
            }
        ),
        OrderRefusal::CentralOnly
    );
    admit(
        &s,
        &OrderEventKind::OfficialNumber {
            number: "01-123/26".into(),
        },
        now,
        EventSource::CentralRecord,
    )
    .unwrap();
    let mut lifted = s.clone();
    push(
        &mut lifted,
        OrderEventKind::Lifted {
            at: t0 + TimeDelta::hours(1),
            reason: "court".into(),
        },
    );
    assert_eq!(
        refused(
            &lifted,
            OrderEventKind::EscortedVisit {
                at: now,
                note: String::new()
            }
        ),
        OrderRefusal::Lifted
    );
}

/// A served order whose prosecutor proposed an extension, as the court stage sees it.
fn proposed_order(t0: DateTime<Utc>) -> Order {
    let mut o = issued_order(t0);
    push(&mut o, served(t0));
    push(&mut o, proposed(t0 + TimeDelta::hours(20)));
    o
}

fn push_from_central(o: &mut Order, event: OrderEventKind, recorded_at: DateTime<Utc>) {
    o.events.push(OrderEvent {
        id: EventId::new(),
        recorded_at,
        recorded_by: None,
        source: EventSource::CentralRecord,
        event,
    });
}

/// Regression (issue 11, item 2): an extension from the central record ending after service +
/// 48 h + 30 days was refused, and the order then showed as expired though the court extended it.
#[test]
fn a_court_extension_beyond_the_expected_window_from_the_central_record_is_applied_and_flagged() {
    let t0 = belgrade(2026, 3, 1, 12, 0);
    let mut o = proposed_order(t0);
    let naive_limit = t0 + MEASURE_DURATION + MAX_EXTENSION;
    let courts_end = naive_limit + TimeDelta::days(2);
    let now = t0 + TimeDelta::hours(30);
    admit(&o, &extension(courts_end), now, EventSource::CentralRecord).unwrap();
    push_from_central(&mut o, extension(courts_end), now);
    // After the naive limit the order is still in force, to the court's instant.
    let c = clocks(&o, naive_limit + TimeDelta::days(1));
    assert_eq!(c.status, OrderStatus::InForce);
    assert_eq!(c.expires_at, Some(courts_end));
    assert!(c.court_end_outside_window);
    // Within the window nothing is flagged.
    let mut within = proposed_order(t0);
    push_from_central(&mut within, extension(naive_limit), now);
    assert!(!clocks(&within, now).court_end_outside_window);
    // Even a decision the device would itself refuse (no proposal on record, end before service)
    // is applied from the central record, and flagged.
    let mut bare = issued_order(t0);
    push(&mut bare, served(t0));
    let odd = extension(t0 - TimeDelta::hours(1));
    admit(&bare, &odd, now, EventSource::CentralRecord).unwrap();
    push_from_central(&mut bare, odd, now);
    assert!(clocks(&bare, now).court_end_outside_window);
}

/// Regression (issue 11, item 2): at the station an extension is refused only when it ends before
/// service, never for its length.
#[test]
fn station_entry_refuses_an_extension_only_when_it_ends_before_service() {
    let t0 = belgrade(2026, 3, 1, 12, 0);
    let o = proposed_order(t0);
    let now = t0 + TimeDelta::hours(30);
    let at = |end| {
        let decision = OrderEventKind::CourtDecision {
            court: "Osnovni sud u Novom Sadu".into(),
            number: "R1 123/26".into(),
            decided_on: now.with_timezone(&Belgrade).date_naive(),
            outcome: CourtOutcome::Extended,
            ends_at: Some(end),
        };
        admit(&o, &decision, now, EventSource::Device)
    };
    at(t0 + MEASURE_DURATION + MAX_EXTENSION + TimeDelta::days(5)).unwrap();
    at(t0 + TimeDelta::hours(47)).unwrap();
    assert_eq!(
        at(t0 - TimeDelta::minutes(1)),
        Err(OrderRefusal::ExtensionEndInvalid)
    );
    assert_eq!(at(t0), Err(OrderRefusal::ExtensionEndInvalid));
}

/// Regression (issue 11, item 3): a court decision recorded after the 48 hours ran out turned the
/// lapsed order back to "in force" with no trace of the lapse.
#[test]
fn a_decision_recorded_after_the_48_hours_shows_the_lapse_and_the_decision() {
    let t0 = belgrade(2026, 3, 1, 12, 0);
    let mut o = proposed_order(t0);
    let initial_end = t0 + MEASURE_DURATION;
    assert_eq!(clocks(&o, initial_end).status, OrderStatus::Expired);
    let recorded = initial_end + TimeDelta::hours(5);
    push_from_central(&mut o, extension(t0 + TimeDelta::days(31)), recorded);
    let c = clocks(&o, recorded);
    assert_eq!(c.status, OrderStatus::InForce);
    assert_eq!(c.lapsed_at, Some(initial_end));
    assert_eq!(c.decision_recorded_at, Some(recorded));
    // In time, no lapse.
    let mut in_time = proposed_order(t0);
    push_from_central(
        &mut in_time,
        extension(t0 + TimeDelta::days(31)),
        t0 + TimeDelta::hours(40),
    );
    let c = clocks(&in_time, t0 + TimeDelta::hours(40));
    assert_eq!(c.lapsed_at, None);
    assert_eq!(c.decision_recorded_at, None);
}

/// Regression (issue 11, item 3): when the prosecutor's 24 hours pass with no proposal, the order
/// says so and the measures end at their 48 hours.
#[test]
fn no_proposal_in_24_hours_is_shown_and_the_measure_ends_at_its_48_hours() {
    let t0 = belgrade(2026, 10, 24, 21, 15);
    let mut o = issued_order(t0);
    push(&mut o, served(t0));
    let due = t0 + PROPOSAL_WITHIN;
    assert_eq!(
        clocks(&o, due - TimeDelta::seconds(1)).warnings,
        vec![ClockWarning::NotForwarded]
    );
    let c = clocks(&o, due);
    assert!(c.warnings.contains(&ClockWarning::NoProposal));
    assert_eq!(c.no_proposal_warning_from, Some(due));
    assert_eq!(c.prosecutor_proposal_due_at, Some(due));
    // 48 elapsed hours across the autumn change: 20:15 on the wall clock.
    assert_eq!(c.expires_at, Some(t0 + MEASURE_DURATION));
    assert_eq!(
        local(c.expires_at.unwrap()),
        "2026-10-26 20:15 CET".to_string()
    );
    assert_eq!(
        clocks(&o, t0 + MEASURE_DURATION).status,
        OrderStatus::Expired
    );
}

/// Issue 11, item 3: the prosecutor's decision not to propose is an event of its own; it ends the
/// proposal and court clocks, and no proposal can follow it.
#[test]
fn the_prosecutors_decision_not_to_propose_closes_the_proposal_and_court_clocks() {
    let t0 = belgrade(2026, 6, 1, 20, 0);
    let mut o = issued_order(t0);
    push(&mut o, served(t0));
    let declined = OrderEventKind::ProsecutorDeclined {
        at: t0 + TimeDelta::hours(10),
        reason: "no imminent danger on the evidence".into(),
    };
    let now = t0 + TimeDelta::hours(11);
    admit(&o, &declined, now, EventSource::Device).unwrap();
    push(&mut o, declined);
    let c = clocks(&o, t0 + TimeDelta::hours(44));
    assert_eq!(c.declined_at, Some(t0 + TimeDelta::hours(10)));
    assert_eq!(c.court_decision_due_at, None);
    assert_eq!(c.no_proposal_warning_from, None);
    assert!(!c.warnings.contains(&ClockWarning::NoProposal));
    assert!(!c.warnings.contains(&ClockWarning::ExpiringWithoutDecision));
    assert_eq!(
        admit(&o, &proposed(now), now, EventSource::Device),
        Err(OrderRefusal::ProposalAlreadyDecided)
    );
    assert_eq!(
        admit(
            &o,
            &extension(t0 + TimeDelta::days(31)),
            now,
            EventSource::Device
        ),
        Err(OrderRefusal::DecisionBeforeProposal)
    );
}

/// Regression (issue 11, item 4): "at once" (Art. 16) runs from the completed risk assessment,
/// not from service, under the station's policy frozen into the order.
#[test]
fn forwarding_runs_from_the_completed_assessment_not_from_service() {
    let assessed = belgrade(2026, 6, 1, 19, 0);
    let issued_at = assessed + TimeDelta::minutes(30);
    let mut o = issued_order(issued_at);
    let i = o.issued.as_mut().unwrap();
    i.assessment_completed_at = Some(assessed);
    i.forward_warning_minutes = Some(45);
    let c = clocks(&o, issued_at);
    assert_eq!(
        c.forward_warning_from,
        Some(assessed + TimeDelta::minutes(45))
    );
    // Owed before service too: issued, not yet served, 45 minutes after the assessment.
    let c = clocks(&o, assessed + TimeDelta::minutes(45));
    assert_eq!(c.status, OrderStatus::Issued);
    assert_eq!(c.warnings, vec![ClockWarning::NotForwarded]);
    // Serving later does not move it.
    push(&mut o, served(assessed + TimeDelta::hours(3)));
    assert_eq!(
        clocks(&o, assessed + TimeDelta::hours(3)).forward_warning_from,
        Some(assessed + TimeDelta::minutes(45))
    );
}

#[test]
fn the_forwarding_policy_is_between_a_minute_and_a_day() {
    assert_eq!(ForwardingPolicy::default().warn_after_minutes, 60);
    assert!(ForwardingPolicy::new(0).is_none());
    assert!(ForwardingPolicy::new(1).is_some());
    assert!(ForwardingPolicy::new(ForwardingPolicy::MAX_MINUTES).is_some());
    assert!(ForwardingPolicy::new(ForwardingPolicy::MAX_MINUTES + 1).is_none());
}

fn decided_order(t0: DateTime<Utc>) -> Order {
    let mut o = proposed_order(t0);
    push(&mut o, extension(t0 + TimeDelta::days(31)));
    o
}

fn appeal(at: DateTime<Utc>, by: Option<Party>) -> OrderEventKind {
    OrderEventKind::Appeal {
        at,
        note: String::new(),
        by,
    }
}

/// Regression (issue 11, item 5): an "appeal" could be recorded against the police order itself.
#[test]
fn an_appeal_against_the_police_order_is_refused() {
    let t0 = belgrade(2026, 6, 1, 20, 0);
    let o = proposed_order(t0);
    let now = t0 + TimeDelta::hours(22);
    assert_eq!(
        admit(
            &o,
            &appeal(now, Some(Party::Perpetrator)),
            now,
            EventSource::Device
        ),
        Err(OrderRefusal::AppealAgainstPoliceOrder)
    );
    let received = OrderEventKind::DecisionReceived {
        at: now,
        by: Party::Perpetrator,
    };
    assert_eq!(
        admit(&o, &received, now, EventSource::Device),
        Err(OrderRefusal::NoCourtDecision)
    );
    let d = decided_order(t0);
    assert_eq!(
        admit(&d, &appeal(now, None), now, EventSource::Device),
        Err(OrderRefusal::AppellantRequired)
    );
    admit(
        &d,
        &appeal(now, Some(Party::Prosecutor)),
        now,
        EventSource::Device,
    )
    .unwrap();
}

/// Issue 11, item 5: 3 days from each party's receipt of the decision; 12 hours for the basic
/// court to forward; 3 days for the higher court; the appeal never suspends the measures; an
/// appeal out of time is recorded and flagged late.
#[test]
fn appeal_clocks_run_from_receipt_and_a_late_appeal_is_recorded_and_flagged() {
    let t0 = belgrade(2026, 6, 1, 20, 0);
    let mut o = decided_order(t0);
    let received = t0 + TimeDelta::hours(44);
    let now = received + TimeDelta::days(5);
    for by in [Party::Perpetrator, Party::Prosecutor] {
        let e = OrderEventKind::DecisionReceived { at: received, by };
        admit(&o, &e, now, EventSource::Device).unwrap();
        push(&mut o, e);
    }
    let c = clocks(&o, now);
    assert_eq!(c.decision_receipts.len(), 2);
    assert!(
        c.decision_receipts
            .iter()
            .all(|r| r.appeal_due_at == Some(received + APPEAL_WITHIN))
    );
    // The perpetrator appeals in time, the prosecutor a day late: both are recorded.
    let on_time = received + TimeDelta::days(2);
    let late = received + TimeDelta::days(4);
    for (at, by) in [(on_time, Party::Perpetrator), (late, Party::Prosecutor)] {
        let e = appeal(at, Some(by));
        admit(&o, &e, now, EventSource::Device).unwrap();
        push(&mut o, e);
    }
    let c = clocks(&o, now);
    assert_eq!(c.appeals.len(), 2);
    assert!(!c.appeals[0].late);
    assert!(c.appeals[1].late);
    assert_eq!(
        c.appeals[0].forward_due_at,
        Some(on_time + APPEAL_FORWARD_WITHIN)
    );
    // The appeal does not suspend the measures.
    assert_eq!(c.status, OrderStatus::InForce);
    assert_eq!(c.expires_at, Some(t0 + TimeDelta::days(31)));
    // Forwarding before the appeal is refused; then the higher court's 3 days run.
    assert_eq!(
        admit(
            &o,
            &OrderEventKind::AppealForwarded {
                at: on_time - TimeDelta::hours(1)
            },
            now,
            EventSource::Device
        ),
        Err(OrderRefusal::BeforeAppeal)
    );
    let fwd = late + TimeDelta::hours(6);
    push(&mut o, OrderEventKind::AppealForwarded { at: fwd });
    let c = clocks(&o, now + TimeDelta::days(1));
    assert!(c.appeals.iter().all(|a| a.forwarded_at == Some(fwd)));
    assert!(
        c.appeals
            .iter()
            .all(|a| a.higher_court_due_at == Some(fwd + HIGHER_COURT_WITHIN))
    );
    let upheld = OrderEventKind::HigherCourtDecision {
        court: "Viši sud u Novom Sadu".into(),
        number: "Kž 1/26".into(),
        decided_on: (fwd + TimeDelta::days(1))
            .with_timezone(&Belgrade)
            .date_naive(),
        outcome: AppealOutcome::Upheld,
    };
    admit(&o, &upheld, now + TimeDelta::days(2), EventSource::Device).unwrap();
    push(&mut o, upheld.clone());
    assert!(
        clocks(&o, now + TimeDelta::days(2))
            .appeals
            .iter()
            .all(|a| a.outcome == Some(AppealOutcome::Upheld))
    );
    assert_eq!(
        admit(&o, &upheld, now + TimeDelta::days(2), EventSource::Device),
        Err(OrderRefusal::NoPendingAppeal)
    );
}

#[test]
fn adults_only_from_the_18th_birthday() {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let check = |born: Option<NaiveDate>, day: NaiveDate, confirmed, expected| {
        assert_eq!(
            adult_at_incident(born, day, confirmed),
            expected,
            "{born:?} on {day}"
        );
    };
    check(Some(d(2008, 12, 6)), d(2026, 12, 6), false, Ok(()));
    check(
        Some(d(2008, 12, 7)),
        d(2026, 12, 6),
        false,
        Err(OrderRefusal::MinorPerpetrator),
    );
    // A confirmation does not overrule a known date of birth.
    check(
        Some(d(2010, 1, 1)),
        d(2026, 12, 6),
        true,
        Err(OrderRefusal::MinorPerpetrator),
    );
    check(Some(d(2008, 2, 29)), d(2026, 2, 28), false, Ok(()));
    check(
        Some(d(2008, 2, 29)),
        d(2026, 2, 27),
        false,
        Err(OrderRefusal::MinorPerpetrator),
    );
    check(
        None,
        d(2026, 12, 6),
        false,
        Err(OrderRefusal::AdulthoodUnconfirmed),
    );
    check(None, d(2026, 12, 6), true, Ok(()));
}

#[test]
fn every_refusal_has_a_distinct_code() {
    let mut codes: Vec<_> = OrderRefusal::ALL.iter().map(|r| r.code()).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), OrderRefusal::ALL.len());
}

proptest! {
    /// Whatever the service instant (DST days included), the end is exactly 48 elapsed hours
    /// later and the proposal is due exactly halfway.
    #[test]
    fn the_end_is_always_48_elapsed_hours_after_service(secs in 1_700_000_000i64..1_900_000_000i64) {
        let at = DateTime::<Utc>::from_timestamp(secs, 0).unwrap();
        let mut o = issued_order(at);
        push(&mut o, served(at));
        let c = clocks(&o, at);
        prop_assert_eq!(c.expires_at.unwrap() - at, TimeDelta::hours(48));
        prop_assert_eq!(c.prosecutor_proposal_due_at.unwrap() - at, TimeDelta::hours(24));
        prop_assert_eq!(c.latest_extension_end.unwrap() - at, TimeDelta::hours(48) + TimeDelta::days(30));
    }
}

/// A well-formed event of `name` happening at `at` (a decision: that day), for admissibility.
fn sample(name: crate::domain::OrderEventName, at: DateTime<Utc>) -> OrderEventKind {
    use crate::domain::OrderEventName as N;
    let day = at.with_timezone(&Belgrade).date_naive();
    match name {
        N::Served => served(at),
        N::Forwarded => OrderEventKind::Forwarded {
            at,
            prosecutor: "OJT Novi Sad".into(),
        },
        N::ProsecutorReceived => OrderEventKind::ProsecutorReceived {
            at,
            office: "Osnovno javno tužilaštvo u Novom Sadu".into(),
        },
        N::ProsecutorEvaluated => OrderEventKind::ProsecutorEvaluated {
            at,
            agrees: true,
            reasons: "Procena je potpuna.".into(),
        },
        N::ProposalReceived => OrderEventKind::ProposalReceived {
            at,
            court: "Osnovni sud u Novom Sadu".into(),
        },
        N::ExtensionProposed => proposed(at),
        N::ProsecutorDeclined => OrderEventKind::ProsecutorDeclined {
            at,
            reason: "Nema osnova.".into(),
        },
        N::CourtDecision => OrderEventKind::CourtDecision {
            court: "Osnovni sud u Novom Sadu".into(),
            number: "R1 1/26".into(),
            decided_on: day,
            outcome: CourtOutcome::Refused,
            ends_at: None,
        },
        N::DecisionReceived => OrderEventKind::DecisionReceived {
            at,
            by: Party::Perpetrator,
        },
        N::Appeal => appeal(at, Some(Party::Perpetrator)),
        N::AppealForwarded => OrderEventKind::AppealForwarded { at },
        N::HigherCourtDecision => OrderEventKind::HigherCourtDecision {
            court: "Viši sud u Novom Sadu".into(),
            number: "Gž 1/26".into(),
            decided_on: day,
            outcome: AppealOutcome::Upheld,
        },
        N::Violation => OrderEventKind::Violation {
            at,
            description: "Došao je do vrata.".into(),
            evidence: String::new(),
        },
        N::EscortedVisit => OrderEventKind::EscortedVisit {
            at,
            note: "Lične stvari.".into(),
        },
        N::SocialWelfareNotified => OrderEventKind::SocialWelfareNotified {
            at,
            centre: "CSR Novi Sad".into(),
            note: String::new(),
        },
        N::Lifted => OrderEventKind::Lifted {
            at,
            reason: "Ukinuto.".into(),
        },
        N::OfficialNumber => OrderEventKind::OfficialNumber {
            number: "NS-2026-HM-00001".into(),
        },
    }
}

/// Issue 14, item 2: the UI offered events by a second copy of these rules. Now core offers
/// them, and what it offers is exactly what `admit` accepts from the device in each state.
#[test]
fn the_events_offered_are_exactly_those_admit_accepts_in_each_state() {
    use crate::domain::OrderEventName as N;
    let t0 = belgrade(2026, 11, 2, 9, 0);
    let mut appealed = decided_order(t0);
    push(
        &mut appealed,
        appeal(t0 + TimeDelta::hours(45), Some(Party::Perpetrator)),
    );
    let mut forwarded = appealed.clone();
    push(
        &mut forwarded,
        OrderEventKind::AppealForwarded {
            at: t0 + TimeDelta::hours(46),
        },
    );
    let mut lifted = issued_order(t0);
    push(&mut lifted, served(t0));
    push(
        &mut lifted,
        OrderEventKind::Lifted {
            at: t0 + TimeDelta::hours(2),
            reason: "x".into(),
        },
    );
    let mut in_force = issued_order(t0);
    push(&mut in_force, served(t0));
    // The prosecutor's office received it: the forwarding is confirmed, not asked for.
    let mut received = in_force.clone();
    push_from_central(
        &mut received,
        sample(N::ProsecutorReceived, t0 + TimeDelta::hours(1)),
        t0 + TimeDelta::hours(1),
    );
    let draft = Order::new(CaseId::new(), badge(), t0, OrderContent::default());
    let states: Vec<(&str, Order, DateTime<Utc>, Vec<N>)> = vec![
        ("draft", draft, t0, vec![]),
        (
            "issued",
            issued_order(t0),
            t0 + TimeDelta::minutes(10),
            vec![N::Served, N::Forwarded, N::SocialWelfareNotified],
        ),
        (
            "in force",
            in_force.clone(),
            t0 + TimeDelta::hours(3),
            vec![
                N::Forwarded,
                N::ExtensionProposed,
                N::ProsecutorDeclined,
                N::Violation,
                N::EscortedVisit,
                N::SocialWelfareNotified,
                N::Lifted,
            ],
        ),
        (
            "received by the prosecutor's office",
            received,
            t0 + TimeDelta::hours(3),
            vec![
                N::ExtensionProposed,
                N::ProsecutorDeclined,
                N::Violation,
                N::EscortedVisit,
                N::SocialWelfareNotified,
                N::Lifted,
            ],
        ),
        (
            "proposed",
            proposed_order(t0),
            t0 + TimeDelta::hours(21),
            vec![
                N::Forwarded,
                N::CourtDecision,
                N::Violation,
                N::EscortedVisit,
                N::SocialWelfareNotified,
                N::Lifted,
            ],
        ),
        (
            "appealed",
            appealed,
            t0 + TimeDelta::hours(46),
            vec![
                N::Forwarded,
                N::CourtDecision,
                N::DecisionReceived,
                N::Appeal,
                N::AppealForwarded,
                N::Violation,
                N::EscortedVisit,
                N::SocialWelfareNotified,
                N::Lifted,
            ],
        ),
        (
            "appeal forwarded",
            forwarded,
            t0 + TimeDelta::hours(47),
            vec![
                N::Forwarded,
                N::CourtDecision,
                N::DecisionReceived,
                N::Appeal,
                N::HigherCourtDecision,
                N::Violation,
                N::EscortedVisit,
                N::SocialWelfareNotified,
                N::Lifted,
            ],
        ),
        (
            "expired",
            in_force,
            t0 + TimeDelta::hours(50),
            vec![
                N::Forwarded,
                N::ExtensionProposed,
                N::ProsecutorDeclined,
                N::SocialWelfareNotified,
            ],
        ),
        ("lifted", lifted, t0 + TimeDelta::hours(3), vec![]),
    ];
    for (state, order, now, expected) in states {
        let offered = admissible(&order, &clocks(&order, now));
        assert_eq!(offered, expected, "{state}");
        for name in N::ALL {
            let verdict = admit(&order, &sample(name, now), now, EventSource::Device);
            assert_eq!(
                verdict.is_ok(),
                offered.contains(&name),
                "{state}: {name:?} offered {} but admit says {verdict:?}",
                offered.contains(&name)
            );
        }
    }
}

#[test]
fn the_timeline_places_a_courts_decision_at_noon_of_its_day_in_belgrade() {
    let t0 = belgrade(2026, 11, 2, 9, 0);
    let mut o = proposed_order(t0);
    // Recorded first, happened later; a decision dated the day of the proposal.
    push(
        &mut o,
        OrderEventKind::Violation {
            at: t0 + TimeDelta::hours(30),
            description: "x".into(),
            evidence: String::new(),
        },
    );
    push(&mut o, extension(t0 + TimeDelta::days(30)));
    let line = timeline(&o);
    let kinds: Vec<_> = line.iter().map(|e| e.event.event.name()).collect();
    use crate::domain::OrderEventName as N;
    assert_eq!(
        kinds,
        [
            N::Served,
            N::ExtensionProposed,
            N::CourtDecision,
            N::Violation
        ]
    );
    let decision = &line[2];
    assert!(decision.dated);
    assert_eq!(local(decision.at), "2026-11-03 12:00 CET");
}
