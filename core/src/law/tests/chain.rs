//! The chain after the police order (issue 15): the acts only the central record brings (the
//! prosecutor's office's receipt and evaluation, the court's receipt of the proposal), what they
//! do to the clocks, which states admit them, and the console board's lines, next due instant and
//! stage computed by the same rules.

use super::*;
use crate::domain::OrderEventName as N;
use crate::law::board::{ChainStage, ClockKind, ClockLine, board};

const OFFICE: &str = "Osnovno javno tužilaštvo u Novom Sadu";
const COURT: &str = "Osnovni sud u Novom Sadu";

fn received(at: DateTime<Utc>) -> OrderEventKind {
    OrderEventKind::ProsecutorReceived {
        at,
        office: OFFICE.into(),
    }
}

fn evaluated(at: DateTime<Utc>) -> OrderEventKind {
    OrderEventKind::ProsecutorEvaluated {
        at,
        agrees: true,
        reasons: "Procena je potpuna.".into(),
    }
}

fn proposed_to_court(at: DateTime<Utc>) -> OrderEventKind {
    OrderEventKind::ExtensionProposed {
        at,
        court: Some(COURT.into()),
    }
}

fn court_received(at: DateTime<Utc>) -> OrderEventKind {
    OrderEventKind::ProposalReceived {
        at,
        court: COURT.into(),
    }
}

/// Record `event` from the central record at `at`, as the law admits it (a test that builds an
/// order the law would refuse proves nothing).
fn central(o: &mut Order, event: OrderEventKind, at: DateTime<Utc>) {
    admit(o, &event, at, EventSource::CentralRecord).unwrap();
    push_from_central(o, event, at);
}

fn line(o: &Order, kind: ClockKind) -> Option<ClockLine> {
    board(o).clocks.into_iter().find(|c| c.kind == kind)
}

#[test]
fn the_prosecutors_receipt_confirms_the_forwarding() {
    let t0 = belgrade(2026, 11, 2, 22, 0);
    let mut o = issued_order(t0);
    push(&mut o, served(t0));
    let due = t0 + TimeDelta::minutes(60);
    assert_eq!(clocks(&o, due).warnings, vec![ClockWarning::NotForwarded]);
    central(&mut o, received(t0 + TimeDelta::minutes(14)), due);
    let c = clocks(&o, due);
    assert_eq!(c.prosecutor_received_at, Some(t0 + TimeDelta::minutes(14)));
    assert_eq!(c.forward_warning_from, None);
    assert!(c.warnings.is_empty());
    // The police's own forwarding is no longer asked for, nor taken.
    assert!(!admissible(&o, &c).contains(&N::Forwarded));
    let forwarded = OrderEventKind::Forwarded {
        at: t0 + TimeDelta::minutes(5),
        prosecutor: OFFICE.into(),
    };
    assert_eq!(
        admit(&o, &forwarded, due, EventSource::Device),
        Err(OrderRefusal::AlreadyForwarded)
    );
    // The board's forwarding clock is met at the receipt.
    let f = line(&o, ClockKind::Forwarding).unwrap();
    assert_eq!(f.met_at, Some(t0 + TimeDelta::minutes(14)));
    assert_eq!(f.due_at, due);
}

#[test]
fn the_courts_24_hours_run_from_its_receipt_of_the_proposal() {
    let t0 = belgrade(2026, 11, 2, 9, 0);
    let mut o = issued_order(t0);
    push(&mut o, served(t0));
    // No proposal yet: from the proposal's due time.
    assert_eq!(
        deadlines(&o).court_decision_due_at,
        Some(t0 + TimeDelta::hours(48))
    );
    let p = t0 + TimeDelta::hours(20);
    central(&mut o, evaluated(p - TimeDelta::minutes(5)), p);
    central(&mut o, proposed_to_court(p), p);
    // No receipt known yet: from the proposal.
    assert_eq!(
        deadlines(&o).court_decision_due_at,
        Some(p + TimeDelta::hours(24))
    );
    let r = p + TimeDelta::hours(2);
    central(&mut o, court_received(r), r);
    let d = deadlines(&o);
    assert_eq!(d.court_received_at, Some(r));
    assert_eq!(d.court_decision_due_at, Some(r + TimeDelta::hours(24)));
    assert_eq!(
        line(&o, ClockKind::CourtDecision).unwrap().due_at,
        r + TimeDelta::hours(24)
    );
}

#[test]
fn the_courts_24_hours_across_the_autumn_change_end_an_hour_earlier_on_the_wall_clock() {
    // Received Saturday 24 October 2026, 11:30 CEST; clocks go back on Sunday at 03:00.
    let t0 = belgrade(2026, 10, 24, 1, 0);
    let mut o = issued_order(t0);
    push(&mut o, served(t0));
    central(
        &mut o,
        received(t0 + TimeDelta::minutes(20)),
        t0 + TimeDelta::hours(1),
    );
    let p = belgrade(2026, 10, 24, 10, 0);
    central(&mut o, evaluated(p - TimeDelta::minutes(5)), p);
    central(&mut o, proposed_to_court(p), p);
    let r = belgrade(2026, 10, 24, 11, 30);
    central(&mut o, court_received(r), r);
    let due = deadlines(&o).court_decision_due_at.unwrap();
    assert_eq!(due - r, TimeDelta::hours(24));
    assert_eq!(local(due), "2026-10-25 10:30 CET");
    let b = board(&o);
    assert_eq!(b.next_due, Some(due));
    assert_eq!(b.stage, ChainStage::CourtReceived);
}

#[test]
fn the_chains_acts_come_only_from_the_central_record() {
    let t0 = belgrade(2026, 11, 2, 9, 0);
    let o = proposed_order(t0);
    let now = t0 + TimeDelta::hours(21);
    for event in [received(now), evaluated(now), court_received(now)] {
        assert_eq!(
            admit(&o, &event, now, EventSource::Device),
            Err(OrderRefusal::CentralOnly),
            "{event:?}"
        );
        assert_eq!(admit(&o, &event, now, EventSource::CentralRecord), Ok(()));
        assert!(!admissible(&o, &clocks(&o, now)).contains(&event.name()));
    }
}

#[test]
fn a_courts_receipt_before_a_proposal_is_refused_with_its_own_code() {
    let t0 = belgrade(2026, 11, 2, 9, 0);
    let mut o = issued_order(t0);
    push(&mut o, served(t0));
    let now = t0 + TimeDelta::hours(10);
    let refusal = admit(&o, &court_received(now), now, EventSource::CentralRecord);
    assert_eq!(refusal, Err(OrderRefusal::CourtReceiptBeforeProposal));
    assert_eq!(
        refusal.unwrap_err().code(),
        crate::error_code::ErrorCode::OrderCourtReceiptBeforeProposal
    );
    // Dated before the proposal it receives: the same.
    let p = t0 + TimeDelta::hours(12);
    central(&mut o, evaluated(p - TimeDelta::minutes(5)), p);
    central(&mut o, proposed_to_court(p), p);
    let now = p + TimeDelta::hours(1);
    assert_eq!(
        admit(
            &o,
            &court_received(p - TimeDelta::minutes(1)),
            now,
            EventSource::CentralRecord
        ),
        Err(OrderRefusal::CourtReceiptBeforeProposal)
    );
    // Each receipt once.
    central(&mut o, court_received(p + TimeDelta::minutes(30)), now);
    assert_eq!(
        admit(&o, &court_received(now), now, EventSource::CentralRecord),
        Err(OrderRefusal::AlreadyReceived)
    );
    central(&mut o, received(t0 + TimeDelta::hours(1)), now);
    assert_eq!(
        admit(&o, &received(now), now, EventSource::CentralRecord),
        Err(OrderRefusal::AlreadyReceived)
    );
}

/// The prosecutor files his proposal from the central record only on the assessment he
/// evaluated (Art. 18): core's refusal, which the console shows; the station's proposal (entered
/// from his call) needs none.
#[test]
fn a_proposal_before_the_evaluation_is_refused_with_its_own_code() {
    let t0 = belgrade(2026, 11, 2, 9, 0);
    let mut o = issued_order(t0);
    push(&mut o, served(t0));
    let now = t0 + TimeDelta::hours(10);
    central(&mut o, received(t0 + TimeDelta::hours(1)), now);
    let refusal = admit(&o, &proposed_to_court(now), now, EventSource::CentralRecord);
    assert_eq!(refusal, Err(OrderRefusal::EvaluationRequired));
    assert_eq!(
        refusal.unwrap_err().code(),
        crate::error_code::ErrorCode::OrderEvaluationRequired
    );
    assert_eq!(
        admit(&o, &proposed_to_court(now), now, EventSource::Device),
        Ok(())
    );
    // Declining needs no evaluation recorded here; proposing after it is admitted.
    let declined = OrderEventKind::ProsecutorDeclined {
        at: now,
        reason: "Nema osnova.".into(),
    };
    assert_eq!(
        admit(&o, &declined, now, EventSource::CentralRecord),
        Ok(())
    );
    central(&mut o, evaluated(now), now);
    assert_eq!(
        admit(&o, &proposed_to_court(now), now, EventSource::CentralRecord),
        Ok(())
    );
}

/// Which of the chain's acts the central record may bring in each state of an order.
#[test]
fn the_central_records_acts_admitted_in_each_state() {
    let t0 = belgrade(2026, 11, 2, 9, 0);
    let mut in_force = issued_order(t0);
    push(&mut in_force, served(t0));
    let mut court = proposed_order(t0);
    push_from_central(&mut court, court_received(t0 + TimeDelta::hours(21)), t0);
    let mut declined = in_force.clone();
    push(
        &mut declined,
        OrderEventKind::ProsecutorDeclined {
            at: t0 + TimeDelta::hours(3),
            reason: "Nema osnova.".into(),
        },
    );
    let mut evaluated_order = in_force.clone();
    push_from_central(
        &mut evaluated_order,
        evaluated(t0 + TimeDelta::hours(1)),
        t0 + TimeDelta::hours(1),
    );
    let mut lifted = in_force.clone();
    push(
        &mut lifted,
        OrderEventKind::Lifted {
            at: t0 + TimeDelta::hours(2),
            reason: "x".into(),
        },
    );
    type Verdicts = [Result<(), OrderRefusal>; 4];
    let ok = Ok(());
    let states: Vec<(&str, Order, Verdicts)> = vec![
        (
            "issued, not served",
            issued_order(t0),
            [
                ok.clone(),
                ok.clone(),
                Err(OrderRefusal::NotServed),
                Err(OrderRefusal::CourtReceiptBeforeProposal),
            ],
        ),
        (
            "in force",
            in_force.clone(),
            [
                ok.clone(),
                ok.clone(),
                Err(OrderRefusal::EvaluationRequired),
                Err(OrderRefusal::CourtReceiptBeforeProposal),
            ],
        ),
        (
            "in force, evaluated",
            evaluated_order.clone(),
            [
                ok.clone(),
                ok.clone(),
                ok.clone(),
                Err(OrderRefusal::CourtReceiptBeforeProposal),
            ],
        ),
        (
            "proposed",
            proposed_order(t0),
            [
                ok.clone(),
                ok.clone(),
                Err(OrderRefusal::ProposalAlreadyDecided),
                ok.clone(),
            ],
        ),
        (
            "received by the court",
            court,
            [
                ok.clone(),
                ok.clone(),
                Err(OrderRefusal::ProposalAlreadyDecided),
                Err(OrderRefusal::AlreadyReceived),
            ],
        ),
        (
            "declined",
            declined,
            [
                ok.clone(),
                ok.clone(),
                Err(OrderRefusal::ProposalAlreadyDecided),
                Err(OrderRefusal::CourtReceiptBeforeProposal),
            ],
        ),
        ("lifted", lifted, [const { Err(OrderRefusal::Lifted) }; 4]),
    ];
    let at = t0 + TimeDelta::hours(22);
    for (state, order, expected) in states {
        let acts = [
            received(at),
            evaluated(at),
            proposed_to_court(at),
            court_received(at),
        ];
        for (act, want) in acts.iter().zip(expected) {
            assert_eq!(
                admit(&order, act, at, EventSource::CentralRecord),
                want,
                "{state}: {:?}",
                act.name()
            );
        }
    }
}

#[test]
fn the_board_walks_the_chain_stage_by_stage() {
    let t0 = belgrade(2026, 11, 2, 22, 0);
    let mut o = issued_order(t0);
    let forward_due = t0 + TimeDelta::minutes(60);
    let step = |o: &Order, stage: ChainStage, next_due: Option<DateTime<Utc>>| {
        let b = board(o);
        assert_eq!((b.stage, b.next_due), (stage, next_due), "{:?}", b.clocks);
    };
    step(&o, ChainStage::AwaitingReceipt, Some(forward_due));
    push(&mut o, served(t0 + TimeDelta::minutes(5)));
    let served_at = t0 + TimeDelta::minutes(5);
    step(&o, ChainStage::AwaitingReceipt, Some(forward_due));
    central(
        &mut o,
        received(t0 + TimeDelta::minutes(14)),
        t0 + TimeDelta::hours(1),
    );
    // Forwarding met: the prosecutor's 24 hours are next.
    step(
        &o,
        ChainStage::Received,
        Some(served_at + TimeDelta::hours(24)),
    );
    let now = t0 + TimeDelta::hours(9);
    central(&mut o, evaluated(now), now);
    step(
        &o,
        ChainStage::Evaluated,
        Some(served_at + TimeDelta::hours(24)),
    );
    let p = t0 + TimeDelta::hours(10);
    central(&mut o, proposed_to_court(p), p);
    step(&o, ChainStage::Proposed, Some(p + TimeDelta::hours(24)));
    let r = p + TimeDelta::minutes(40);
    central(&mut o, court_received(r), r);
    step(
        &o,
        ChainStage::CourtReceived,
        Some(r + TimeDelta::hours(24)),
    );
    let end = served_at + TimeDelta::hours(48) + TimeDelta::days(30);
    let decision = OrderEventKind::CourtDecision {
        court: COURT.into(),
        number: "R1 7/26".into(),
        decided_on: r.with_timezone(&Belgrade).date_naive(),
        outcome: CourtOutcome::Extended,
        ends_at: Some(end),
    };
    central(&mut o, decision, r + TimeDelta::hours(3));
    // Decided: nothing is owed (the appeal windows are the parties' rights).
    step(&o, ChainStage::Decided, None);
    let got = r + TimeDelta::hours(4);
    central(
        &mut o,
        OrderEventKind::DecisionReceived {
            at: got,
            by: Party::Perpetrator,
        },
        got,
    );
    step(&o, ChainStage::Decided, None);
    let appeal_line = line(&o, ClockKind::Appeal).unwrap();
    assert_eq!(appeal_line.party, Some(Party::Perpetrator));
    assert_eq!(appeal_line.due_at, got + TimeDelta::days(3));
    let lodged = got + TimeDelta::days(1);
    central(&mut o, appeal(lodged, Some(Party::Perpetrator)), lodged);
    step(
        &o,
        ChainStage::Appealed,
        Some(lodged + TimeDelta::hours(12)),
    );
    assert_eq!(line(&o, ClockKind::Appeal).unwrap().met_at, Some(lodged));
    let fwd = lodged + TimeDelta::hours(2);
    central(&mut o, OrderEventKind::AppealForwarded { at: fwd }, fwd);
    step(&o, ChainStage::Appealed, Some(fwd + TimeDelta::days(3)));
    let day = (fwd + TimeDelta::days(1))
        .with_timezone(&Belgrade)
        .date_naive();
    central(
        &mut o,
        OrderEventKind::HigherCourtDecision {
            court: "Viši sud u Novom Sadu".into(),
            number: "Kž 3/26".into(),
            decided_on: day,
            outcome: AppealOutcome::Upheld,
        },
        fwd + TimeDelta::days(1),
    );
    step(&o, ChainStage::Closed, None);
    let kinds: Vec<ClockKind> = board(&o).clocks.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, ClockKind::ALL);
    assert_eq!(
        board(&o)
            .clocks
            .iter()
            .find(|c| c.kind == ClockKind::MeasuresEnd)
            .unwrap()
            .due_at,
        end
    );
}

#[test]
fn a_declined_proposal_and_a_lifted_order_on_the_board() {
    let t0 = belgrade(2026, 11, 2, 9, 0);
    let mut o = issued_order(t0);
    push(&mut o, served(t0));
    push(
        &mut o,
        OrderEventKind::Forwarded {
            at: t0 + TimeDelta::minutes(10),
            prosecutor: OFFICE.into(),
        },
    );
    // Forwarded by the police, not yet received: still awaiting the office's receipt.
    assert_eq!(board(&o).stage, ChainStage::AwaitingReceipt);
    let mut declined = o.clone();
    let at = t0 + TimeDelta::hours(5);
    push(
        &mut declined,
        OrderEventKind::ProsecutorDeclined {
            at,
            reason: "Nema osnova.".into(),
        },
    );
    let b = board(&declined);
    assert_eq!(b.stage, ChainStage::Declined);
    assert_eq!(b.next_due, None);
    // No court clock without a proposal; the measures' end is settled by the decision.
    assert!(b.clocks.iter().all(|c| c.kind != ClockKind::CourtDecision));
    let end = b
        .clocks
        .iter()
        .find(|c| c.kind == ClockKind::MeasuresEnd)
        .unwrap();
    assert_eq!((end.met_at, end.warning_from), (Some(at), None));
    let mut lifted = o.clone();
    push(
        &mut lifted,
        OrderEventKind::Lifted {
            at: t0 + TimeDelta::hours(2),
            reason: "x".into(),
        },
    );
    assert_eq!(board(&lifted).stage, ChainStage::Closed);
    // A draft has no clocks.
    let draft = Order::new(CaseId::new(), badge(), t0, OrderContent::default());
    assert_eq!(board(&draft).clocks, Vec::new());
    assert_eq!(board(&draft).next_due, None);
}

/// The central record maps the board's names one to one onto the console's contract: the clock
/// kinds serialise as `protocol::console::chain::ClockKind` does (typed, both ways), and the
/// stages are exactly the names `BoardEntry::stage` documents (a string on the wire, so its
/// names are listed here as the contract's documentation gives them).
#[test]
fn the_boards_names_are_the_consoles_contract() {
    use zastita_protocol::console::chain::ClockKind as Wire;
    let wire = [
        Wire::Forwarding,
        Wire::ProsecutorProposal,
        Wire::CourtDecision,
        Wire::MeasuresEnd,
        Wire::Appeal,
        Wire::AppealForwarding,
        Wire::HigherCourt,
    ];
    for (core, wire) in ClockKind::ALL.iter().zip(wire) {
        assert_eq!(
            serde_json::to_value(core).unwrap(),
            serde_json::to_value(wire).unwrap()
        );
        // And back: the wire's name is core's.
        let back: ClockKind = serde_json::from_value(serde_json::to_value(wire).unwrap()).unwrap();
        assert_eq!(back, *core);
    }
    let documented = [
        "awaiting_receipt",
        "received",
        "evaluated",
        "proposed",
        "declined",
        "court_received",
        "decided",
        "appealed",
        "closed",
    ];
    let ours: Vec<String> = ChainStage::ALL
        .iter()
        .map(|s| {
            serde_json::to_value(s)
                .unwrap()
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(ours, documented);
    // Party names for the appeal lines are the contract's (`prosecutor`, `perpetrator`).
    assert_eq!(
        serde_json::to_value(Party::Perpetrator).unwrap(),
        serde_json::to_value(zastita_protocol::console::chain::ActParty::Perpetrator).unwrap()
    );
}

/// An order built from any mix of the chain's events, for the properties below.
fn chain_order(served_at: DateTime<Utc>, steps: &[(u8, i64)]) -> Order {
    let mut o = issued_order(served_at - TimeDelta::minutes(30));
    push(&mut o, served(served_at));
    for &(kind, minutes) in steps {
        let at = served_at + TimeDelta::minutes(minutes);
        let event = match kind {
            0 => OrderEventKind::Forwarded {
                at,
                prosecutor: OFFICE.into(),
            },
            1 => received(at),
            2 => evaluated(at),
            3 => proposed_to_court(at),
            4 => court_received(at),
            5 => OrderEventKind::ProsecutorDeclined {
                at,
                reason: "Nema osnova.".into(),
            },
            6 => OrderEventKind::CourtDecision {
                court: COURT.into(),
                number: "R1 1/26".into(),
                decided_on: at.with_timezone(&Belgrade).date_naive(),
                outcome: CourtOutcome::Refused,
                ends_at: None,
            },
            _ => OrderEventKind::Lifted {
                at,
                reason: "x".into(),
            },
        };
        // Only what the law would take, from wherever it comes.
        if admit(&o, &event, at, EventSource::CentralRecord).is_ok() {
            push_from_central(&mut o, event, at);
        }
    }
    o
}

proptest! {
    /// The board warns at the device's instants: for any order and any instant, the device's
    /// warnings are on exactly when the matching line is not met and its warning instant has
    /// come (in the statuses the device warns in), and the next due instant is the earliest
    /// line still owed — whatever the present instant.
    #[test]
    fn the_board_warns_at_the_devices_instants(
        secs in 1_700_000_000i64..1_900_000_000i64,
        steps in proptest::collection::vec((0u8..8, 0i64..3000), 0..7),
        later in -120i64..4000,
    ) {
        let served_at = DateTime::<Utc>::from_timestamp(secs, 0).unwrap();
        let o = chain_order(served_at, &steps);
        // The present is after everything recorded (nothing is recorded in the future).
        let last = steps.iter().map(|s| s.1).max().unwrap_or(0);
        let now = served_at + TimeDelta::minutes(later.max(last));
        let c = clocks(&o, now);
        let b = board(&o);
        let on = |kind: ClockKind| {
            b.clocks.iter().any(|l| {
                l.kind == kind && l.met_at.is_none() && l.warning_from.is_some_and(|w| now >= w)
            })
        };
        let live = matches!(c.status, OrderStatus::Issued | OrderStatus::InForce);
        let in_force = c.status == OrderStatus::InForce;
        prop_assert_eq!(c.warnings.contains(&ClockWarning::NotForwarded), live && on(ClockKind::Forwarding));
        prop_assert_eq!(c.warnings.contains(&ClockWarning::NoProposal), in_force && on(ClockKind::ProsecutorProposal));
        prop_assert_eq!(
            c.warnings.contains(&ClockWarning::ExpiringWithoutDecision),
            in_force && on(ClockKind::MeasuresEnd)
        );
        let owed = b.clocks.iter().filter(|l| l.met_at.is_none() && !l.kind.is_window()).map(|l| l.due_at).min();
        prop_assert_eq!(b.next_due, owed);
        prop_assert_eq!(b.clone(), board(&o));
    }
}
