//! The statute's rules on emergency-measure orders, in one place: the clocks (48 hours from
//! service, the prosecutor's 24 hours, the court's 24 hours, at most 30 days more), the warnings
//! the officer sees, and which lifecycle events an order admits in which state.
//!
//! [`clocks`](deadlines) holds the clocks, `admit` the events and gates, [`board`] what the
//! central record's console board shows of an order (its clock lines, the next due instant and
//! the chain's stage, by these same rules); this file the periods the statute sets and the
//! station's forwarding policy.
//!
//! Every clock is computed on instants (UTC) by adding elapsed time. "48 hours" is elapsed time:
//! across a DST change the Belgrade wall-clock end moves by an hour. Display converts at the edge.

use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

mod admit;
pub mod articles;
pub mod board;
mod clocks;
pub mod coverage;
pub mod history;
pub mod jurisdiction;
pub mod welfare;

pub use admit::{ADULT_AT, OrderRefusal, admissible, admit, adult_at_incident};
pub use clocks::{
    AppealClock, ClockWarning, DecisionReceipt, OrderClocks, OrderDeadlines, OrderStatus,
    TimelineEntry, clocks, deadlines, timeline,
};

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

#[cfg(test)]
mod tests;
