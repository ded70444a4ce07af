//! The unlock policy: how many wrong passphrases lock the device, for how long, and when they
//! destroy its keys ([`UnlockPolicy`]), and the counters kept in the keyring so a restart does
//! not reset a lock-out ([`UnlockState`]).

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

/// When repeated wrong passphrases lock the device and when they destroy its keys.
///
/// With the defaults: failures 1–4 may retry at once; the 5th locks for 10 minutes; each later
/// failure (possible only once the lock has expired) locks for twice as long as the one before
/// (20, 40, 80, 160 minutes); from the 7th on the officer is warned how many attempts remain; the
/// 10th destroys the key material. `wipe_after` is the hard limit that does not depend on the
/// device clock (which a thief can change).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnlockPolicy {
    /// Consecutive failures that trigger the first lock-out.
    pub lock_after: u32,
    /// Length of the first lock-out; each further failure doubles it.
    pub first_lock: TimeDelta,
    /// From this many failures on, tell the officer how many attempts remain before the wipe.
    pub warn_from: u32,
    /// Consecutive failures that destroy the key material.
    pub wipe_after: u32,
}

impl Default for UnlockPolicy {
    fn default() -> Self {
        UnlockPolicy {
            lock_after: 5,
            first_lock: TimeDelta::minutes(10),
            warn_from: 7,
            wipe_after: 10,
        }
    }
}

impl UnlockPolicy {
    /// How long the lock after the `failures`-th consecutive failure lasts (zero before
    /// `lock_after`). Saturates instead of overflowing.
    pub fn lock_duration(&self, failures: u32) -> TimeDelta {
        let Some(doublings) = failures.checked_sub(self.lock_after) else {
            return TimeDelta::zero();
        };
        let first = self.first_lock.max(TimeDelta::zero());
        2i32.checked_pow(doublings)
            .and_then(|factor| first.checked_mul(factor))
            .unwrap_or(TimeDelta::MAX)
    }
}

/// Persisted unlock counters.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct UnlockState {
    pub consecutive_failures: u32,
    pub locked_until: Option<DateTime<Utc>>,
}

/// Unlocking is refused until `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "too many wrong passphrases: unlocking is refused until {} UTC — wait, then try again",
    until.format("%Y-%m-%d %H:%M")
)]
pub struct LockedOut {
    pub until: DateTime<Utc>,
}

/// What a wrong passphrase leads to.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum FailureOutcome {
    /// The officer may try again now.
    TryAgain {
        failures: u32,
        attempts_before_lock: u32,
        /// `Some` once failures reach the policy's `warn_from`.
        attempts_before_wipe: Option<u32>,
    },
    /// Unlocking is refused until `until`.
    LockedOut {
        until: DateTime<Utc>,
        attempts_before_wipe: Option<u32>,
    },
    /// Destroy the key material now ([`super::Keyring::wipe`]).
    Wipe,
}

impl UnlockState {
    /// Whether an unlock attempt may be evaluated at `now`. Call it before checking a
    /// passphrase; a refused attempt is not a failure.
    pub fn check(&self, now: DateTime<Utc>) -> Result<(), LockedOut> {
        match self.locked_until {
            Some(until) if now < until => Err(LockedOut { until }),
            _ => Ok(()),
        }
    }

    /// Count a wrong passphrase at `now` and say what follows. The count only grows; a failure
    /// recorded during a lock-out (which [`check`](Self::check) should have refused) still
    /// counts and never shortens the lock.
    pub fn record_failure(&mut self, policy: &UnlockPolicy, now: DateTime<Utc>) -> FailureOutcome {
        self.consecutive_failures = self.consecutive_failures.saturating_add(1);
        let failures = self.consecutive_failures;
        if failures >= policy.wipe_after {
            return FailureOutcome::Wipe;
        }
        let attempts_before_wipe = self.attempts_before_wipe(policy);
        if failures >= policy.lock_after {
            let new_until = now
                .checked_add_signed(policy.lock_duration(failures))
                .unwrap_or(DateTime::<Utc>::MAX_UTC);
            let until = self.locked_until.map_or(new_until, |u| u.max(new_until));
            self.locked_until = Some(until);
            return FailureOutcome::LockedOut {
                until,
                attempts_before_wipe,
            };
        }
        FailureOutcome::TryAgain {
            failures,
            attempts_before_lock: policy.lock_after - failures,
            attempts_before_wipe,
        }
    }

    /// A correct passphrase: forget all failures and any lock.
    pub fn record_success(&mut self) {
        *self = UnlockState::default();
    }

    /// Whether the failures recorded so far already call for a wipe — e.g. when the failure was
    /// counted before the passphrase was checked and the app was stopped before it could wipe.
    pub fn must_wipe(&self, policy: &UnlockPolicy) -> bool {
        self.consecutive_failures >= policy.wipe_after
    }

    /// Attempts left before the wipe, once failures have reached `warn_from`; `None` before.
    pub fn attempts_before_wipe(&self, policy: &UnlockPolicy) -> Option<u32> {
        (self.consecutive_failures >= policy.warn_from)
            .then(|| policy.wipe_after.saturating_sub(self.consecutive_failures))
    }
}
