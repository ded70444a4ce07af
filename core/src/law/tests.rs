#![allow(clippy::unwrap_used)]

use chrono::{NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Belgrade;
use proptest::prelude::*;

use super::*;
use crate::domain::order::{Issued, OrderContent, OrderEvent};
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

fn extension(ends_at: DateTime<Utc>) -> OrderEventKind {
    OrderEventKind::CourtDecision {
        court: "Osnovni sud u Novom Sadu".into(),
        number: "R1 123/26".into(),
        decided_on: NaiveDate::from_ymd_opt(2026, 3, 30).unwrap(),
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
    let c = clocks(&o, t0 + TimeDelta::hours(1));
    assert_eq!(c.warnings, vec![ClockWarning::NotForwarded]);
    let c = clocks(&o, t0 + TimeDelta::hours(42));
    assert_eq!(
        c.warnings,
        vec![
            ClockWarning::ExpiringWithoutDecision,
            ClockWarning::NotForwarded
        ]
    );
    push(
        &mut o,
        OrderEventKind::Forwarded {
            at: t0 + TimeDelta::minutes(20),
            prosecutor: "OJT Novi Sad".into(),
        },
    );
    let c = clocks(&o, t0 + TimeDelta::hours(42));
    assert_eq!(c.warnings, vec![ClockWarning::ExpiringWithoutDecision]);
    assert_eq!(c.forward_warning_from, None);
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
    let ends = belgrade(2026, 3, 31, 12, 0);
    admit(&o, &extension(ends), t0 + TimeDelta::hours(30), false).unwrap();
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
    let refused = |o: &Order, e: OrderEventKind| admit(o, &e, now, false).unwrap_err();

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
    admit(&to_the_second, &served(t0), now, false).unwrap();
    // Within the clock-skew allowance a service "a minute from now" is accepted.
    admit(&o, &served(now + TimeDelta::minutes(1)), now, false).unwrap();
    assert_eq!(
        refused(&o, extension(t0 + TimeDelta::days(10))),
        OrderRefusal::NotServed
    );
    let mut s = o.clone();
    push(&mut s, served(t0 + TimeDelta::minutes(10)));
    assert_eq!(refused(&s, served(t0)), OrderRefusal::AlreadyServed);
    let served_at = t0 + TimeDelta::minutes(10);
    let limit = served_at + MEASURE_DURATION + MAX_EXTENSION;
    admit(&s, &extension(limit), now, false).unwrap();
    assert_eq!(
        refused(&s, extension(limit + TimeDelta::seconds(1))),
        OrderRefusal::ExtensionTooLong
    );
    assert_eq!(
        refused(&s, extension(served_at + TimeDelta::hours(47))),
        OrderRefusal::ExtensionEndInvalid
    );
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
        true,
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
