//! When to try a failed sync again: capped exponential backoff with full jitter (the delay is
//! drawn uniformly between zero and the capped exponential), so a station's tablets that lost the
//! network together do not all come back at the same instant. Pure: the random draw is a
//! parameter, and [`Backoff::next_delay`] supplies one from the system's randomness.

use std::time::Duration;

/// Capped exponential backoff with full jitter; reset after a success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    base: Duration,
    cap: Duration,
    failures: u32,
}

impl Default for Backoff {
    /// 5 seconds after the first failure, doubling, never more than 15 minutes.
    fn default() -> Self {
        Backoff::new(Duration::from_secs(5), Duration::from_secs(15 * 60))
    }
}

impl Backoff {
    /// A backoff starting at `base` and never waiting more than `cap` (a `cap` below `base` is
    /// raised to it).
    pub fn new(base: Duration, cap: Duration) -> Backoff {
        Backoff {
            base,
            cap: cap.max(base),
            failures: 0,
        }
    }

    /// Failures since the last success.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// The upper bound of the next delay: `base · 2^failures`, capped.
    pub fn ceiling(&self) -> Duration {
        let factor = 1u32.checked_shl(self.failures.min(31)).unwrap_or(u32::MAX);
        self.base
            .checked_mul(factor)
            .unwrap_or(self.cap)
            .min(self.cap)
    }

    /// Count a failure and return how long to wait, `unit` being a uniform draw in `[0, 1)`
    /// (values outside are clamped): `unit · ceiling`, taken before the count moves.
    pub fn next_delay_with(&mut self, unit: f64) -> Duration {
        let unit = if unit.is_finite() {
            unit.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let delay = self.ceiling().mul_f64(unit).min(self.cap);
        self.failures = self.failures.saturating_add(1);
        delay
    }

    /// [`next_delay_with`](Self::next_delay_with) with a draw from the system's randomness (no
    /// randomness: the full ceiling, the conservative choice).
    pub fn next_delay(&mut self) -> Duration {
        let mut bytes = [0u8; 8];
        let unit =
            match ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut bytes) {
                // 53 random bits → [0, 1).
                Ok(()) => (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64,
                Err(_) => 1.0,
            };
        self.next_delay_with(unit)
    }

    /// After a successful round: start again from `base`.
    pub fn reset(&mut self) {
        self.failures = 0;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn doubles_from_five_seconds_to_the_fifteen_minute_cap_and_resets() {
        let mut b = Backoff::default();
        let ceilings: Vec<u64> = (0..12)
            .map(|_| {
                let c = b.ceiling().as_secs();
                b.next_delay_with(0.5);
                c
            })
            .collect();
        assert_eq!(
            ceilings,
            [5, 10, 20, 40, 80, 160, 320, 640, 900, 900, 900, 900]
        );
        b.reset();
        assert_eq!(b.ceiling(), Duration::from_secs(5));
        assert_eq!(b.failures(), 0);
    }

    #[test]
    fn full_jitter_spans_zero_to_the_ceiling() {
        let mut b = Backoff::default();
        assert_eq!(b.clone().next_delay_with(0.0), Duration::ZERO);
        assert_eq!(b.clone().next_delay_with(1.0), Duration::from_secs(5));
        assert_eq!(b.next_delay_with(f64::NAN), Duration::ZERO);
        let mut b = Backoff::default();
        for _ in 0..100 {
            let c = b.ceiling();
            let d = b.next_delay();
            assert!(d <= c);
        }
    }

    proptest! {
        /// Whatever the failures and draws: never above the cap, never above the current
        /// ceiling, and the ceiling never falls until a reset.
        #[test]
        fn never_exceeds_the_cap_and_the_jitter_is_bounded(
            base_ms in 1u64..60_000,
            cap_ms in 1u64..3_600_000,
            draws in prop::collection::vec(-1.0f64..2.0, 1..80),
        ) {
            let mut b = Backoff::new(Duration::from_millis(base_ms), Duration::from_millis(cap_ms));
            let cap = Duration::from_millis(cap_ms.max(base_ms));
            let mut last_ceiling = Duration::ZERO;
            for unit in draws {
                let ceiling = b.ceiling();
                prop_assert!(ceiling <= cap);
                prop_assert!(ceiling >= last_ceiling);
                last_ceiling = ceiling;
                let d = b.next_delay_with(unit);
                prop_assert!(d <= ceiling);
                prop_assert!(d <= cap);
            }
        }
    }
}
