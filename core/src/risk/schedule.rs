//! When a risk assessment must be made again, by level. The defaults follow Spain's VioGén:
//! extreme within 72 hours, high within 7 days, medium within 30 days, low within 60 days.
//!
//! **Invariant:** a [`ReassessmentSchedule`] is always valid: every interval is between one hour
//! and 365 days, and a higher level is never re-assessed later than a lower one. Deserialising
//! checks the same as [`ReassessmentSchedule::new`].

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::RiskLevel;

/// The longest interval a schedule allows: a year.
pub const MAX_HOURS: u32 = 365 * 24;

/// Re-assessment intervals per level, in whole hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ReassessmentHours", into = "ReassessmentHours")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(as = "ReassessmentHours"))]
pub struct ReassessmentSchedule {
    hours: ReassessmentHours,
}

/// The serialised form: `{"extreme_hours": 72, "high_hours": 168, …}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReassessmentHours {
    pub extreme_hours: u32,
    pub high_hours: u32,
    pub medium_hours: u32,
    pub low_hours: u32,
}

/// Why a schedule is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error(
        "the re-assessment interval for level {level} is {hours} hours; it must be between 1 \
         hour and {MAX_HOURS} hours (365 days)"
    )]
    OutOfRange { level: RiskLevel, hours: u32 },
    #[error(
        "level {higher} would be re-assessed later than level {lower}; a higher risk needs an \
         interval no longer than a lower one"
    )]
    NotMonotone { higher: RiskLevel, lower: RiskLevel },
}

impl Default for ReassessmentSchedule {
    fn default() -> Self {
        Self {
            hours: ReassessmentHours {
                extreme_hours: 72,
                high_hours: 7 * 24,
                medium_hours: 30 * 24,
                low_hours: 60 * 24,
            },
        }
    }
}

impl TryFrom<ReassessmentHours> for ReassessmentSchedule {
    type Error = ScheduleError;

    fn try_from(hours: ReassessmentHours) -> Result<Self, ScheduleError> {
        let schedule = Self { hours };
        for level in RiskLevel::ALL {
            let h = schedule.hours(level);
            if h == 0 || h > MAX_HOURS {
                return Err(ScheduleError::OutOfRange { level, hours: h });
            }
        }
        for pair in RiskLevel::ALL.windows(2) {
            if let [lower, higher] = *pair
                && schedule.hours(higher) > schedule.hours(lower)
            {
                return Err(ScheduleError::NotMonotone { higher, lower });
            }
        }
        Ok(schedule)
    }
}

impl From<ReassessmentSchedule> for ReassessmentHours {
    fn from(schedule: ReassessmentSchedule) -> Self {
        schedule.hours
    }
}

impl ReassessmentSchedule {
    /// A schedule from intervals in hours, checked.
    pub fn new(hours: ReassessmentHours) -> Result<Self, ScheduleError> {
        Self::try_from(hours)
    }

    /// This schedule with one level's interval changed, checked.
    pub fn with_hours(self, level: RiskLevel, hours: u32) -> Result<Self, ScheduleError> {
        let mut h = self.hours;
        *match level {
            RiskLevel::Extreme => &mut h.extreme_hours,
            RiskLevel::High => &mut h.high_hours,
            RiskLevel::Medium => &mut h.medium_hours,
            RiskLevel::Low => &mut h.low_hours,
        } = hours;
        Self::try_from(h)
    }

    /// The interval for `level`, in hours.
    pub fn hours(&self, level: RiskLevel) -> u32 {
        match level {
            RiskLevel::Extreme => self.hours.extreme_hours,
            RiskLevel::High => self.hours.high_hours,
            RiskLevel::Medium => self.hours.medium_hours,
            RiskLevel::Low => self.hours.low_hours,
        }
    }

    /// The interval for `level`.
    pub fn interval(&self, level: RiskLevel) -> Duration {
        Duration::hours(i64::from(self.hours(level)))
    }

    /// When an assessment made at `assessed_at` that reached `level` must be made again.
    pub fn due_at(&self, assessed_at: DateTime<Utc>, level: RiskLevel) -> DateTime<Utc> {
        assessed_at
            .checked_add_signed(self.interval(level))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }
}

/// The default re-assessment interval for `level` (extreme 72 h, high 7 days, medium 30 days,
/// low 60 days).
pub fn reassessment_interval(level: RiskLevel) -> Duration {
    ReassessmentSchedule::default().interval(level)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn defaults_follow_viogen() {
        let check = |level, days_or_hours: Duration| {
            assert_eq!(reassessment_interval(level), days_or_hours, "{level}");
        };
        check(RiskLevel::Extreme, Duration::hours(72));
        check(RiskLevel::High, Duration::days(7));
        check(RiskLevel::Medium, Duration::days(30));
        check(RiskLevel::Low, Duration::days(60));
    }

    #[test]
    fn due_at_adds_the_interval() {
        let at = Utc.with_ymd_and_hms(2025, 3, 14, 21, 30, 0).unwrap();
        let s = ReassessmentSchedule::default();
        assert_eq!(
            s.due_at(at, RiskLevel::Extreme),
            Utc.with_ymd_and_hms(2025, 3, 17, 21, 30, 0).unwrap()
        );
        assert_eq!(
            s.due_at(at, RiskLevel::Low),
            Utc.with_ymd_and_hms(2025, 5, 13, 21, 30, 0).unwrap()
        );
        assert_eq!(
            s.due_at(DateTime::<Utc>::MAX_UTC, RiskLevel::Low),
            DateTime::<Utc>::MAX_UTC
        );
    }

    #[test]
    fn configurable_per_level() {
        let s = ReassessmentSchedule::default()
            .with_hours(RiskLevel::Extreme, 24)
            .unwrap();
        assert_eq!(s.interval(RiskLevel::Extreme), Duration::hours(24));
        assert_eq!(s.interval(RiskLevel::High), Duration::days(7));
    }

    #[test]
    fn refuses_zero_too_long_and_inverted() {
        let d = ReassessmentSchedule::default();
        assert_eq!(
            d.with_hours(RiskLevel::Extreme, 0),
            Err(ScheduleError::OutOfRange {
                level: RiskLevel::Extreme,
                hours: 0
            })
        );
        assert_eq!(
            d.with_hours(RiskLevel::Low, MAX_HOURS + 1),
            Err(ScheduleError::OutOfRange {
                level: RiskLevel::Low,
                hours: MAX_HOURS + 1
            })
        );
        assert!(d.with_hours(RiskLevel::Low, MAX_HOURS).is_ok());
        assert_eq!(
            d.with_hours(RiskLevel::High, 31 * 24),
            Err(ScheduleError::NotMonotone {
                higher: RiskLevel::High,
                lower: RiskLevel::Medium
            })
        );
    }

    #[test]
    fn serde_round_trip_is_checked() {
        let json = serde_json::to_string(&ReassessmentSchedule::default()).unwrap();
        assert_eq!(
            json,
            r#"{"extreme_hours":72,"high_hours":168,"medium_hours":720,"low_hours":1440}"#
        );
        let back: ReassessmentSchedule = serde_json::from_str(&json).unwrap();
        assert_eq!(back, ReassessmentSchedule::default());
        let bad = r#"{"extreme_hours":0,"high_hours":168,"medium_hours":720,"low_hours":1440}"#;
        assert!(serde_json::from_str::<ReassessmentSchedule>(bad).is_err());
    }
}
