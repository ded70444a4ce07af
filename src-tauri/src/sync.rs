//! Background sync: one task that runs `zastita_core::sync::run_round` whenever there is reason
//! to — at unlock, after a network change, on "sync now", on core's
//! [`Backoff`] timer after a failure, and periodically while healthy — and the live state the UI
//! polls (running, progress, next attempt, last summary).
//!
//! **Invariant:** the session mutex is never held across network I/O. The round borrows the
//! session through [`StoreAccess`] for one short local step at a time (core's driver is built
//! that way), so the officer's saves interleave with a running round.
//! **Invariant:** sync never runs while the store is locked. Locking bumps an epoch that cancels
//! a round in flight at its next `await`; every local step would refuse anyway (`sync_locked`).
//!
//! While the store is locked, the same wake-ups (the app's start, a network change) run core's
//! `check_revocation` instead: an enrolled, locked device asks the central record whether it was
//! revoked, with its status key, and is wiped if so.
//!
//! When to sync is the shell's business (timers, the OS's network events); what a round does is
//! core's.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::{Notify, watch};
use zastita_core::clock::Clock;
use zastita_core::sync::{
    Backoff, ClientOptions, DeviceAccess, SessionAccess, SyncError, SyncProgress, SyncSummary,
    check_revocation, client_for, run_round,
};

/// Next round after a healthy one that left records pending (e.g. recorded meanwhile).
pub const PENDING_INTERVAL: Duration = Duration::from_secs(5 * 60);
/// Next round after a healthy one with nothing pending: the central record's feed (official
/// numbers, court decisions) still has to come down.
pub const IDLE_INTERVAL: Duration = Duration::from_secs(15 * 60);

/// The shell's side of sync: what the UI sees besides core's persisted status.
pub struct Syncer {
    live: Mutex<Live>,
    wake: Notify,
    /// Bumped when the session ends: a round in flight is dropped at its next `await`.
    epoch: watch::Sender<u64>,
    started: AtomicBool,
    exiting: AtomicBool,
}

#[derive(Debug, Clone, Default)]
pub struct Live {
    pub running: bool,
    pub progress: Option<SyncProgress>,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_summary: Option<SyncSummary>,
    backoff: Backoff,
}

impl Default for Syncer {
    fn default() -> Self {
        Self {
            live: Mutex::new(Live::default()),
            wake: Notify::new(),
            epoch: watch::Sender::new(0),
            started: AtomicBool::new(false),
            exiting: AtomicBool::new(false),
        }
    }
}

impl Syncer {
    pub fn live(&self) -> Live {
        self.with_live(|l| l.clone())
    }

    fn with_live<T>(&self, f: impl FnOnce(&mut Live) -> T) -> T {
        let mut guard = self
            .live
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut guard)
    }

    /// Ask for a round now (unless one runs). Marks the state running at once, so the UI's
    /// first poll after "sync now" already sees it and polls fast.
    pub fn request(&self) {
        let start = self.with_live(|l| {
            if l.running {
                false
            } else {
                l.running = true;
                l.progress = None;
                true
            }
        });
        if start {
            self.wake.notify_one();
        }
    }

    /// A reason to try (unlock, network change): a round if none is running.
    pub fn nudge(&self) {
        if !self.with_live(|l| l.running) {
            self.wake.notify_one();
        }
    }

    /// The session ended: stop a round in flight, forget the timer and what the officer saw.
    pub fn session_ended(&self) {
        self.epoch.send_modify(|e| *e = e.wrapping_add(1));
        self.with_live(|l| {
            l.running = false;
            l.progress = None;
            l.next_attempt_at = None;
            l.last_summary = None;
        });
    }

    /// The app is quitting: the loop ends at its next wake-up.
    pub fn shutdown(&self) {
        self.exiting.store(true, Ordering::SeqCst);
        self.session_ended();
        self.wake.notify_one();
    }
}

/// Start the background loop once (idempotent): from the app's setup, and lazily from the
/// commands so the mock-runtime tests get it too. The loop reaches the session only through
/// `access` (the store mutex for one short local step at a time).
pub(crate) fn ensure_started<A>(syncer: &Arc<Syncer>, access: A, clock: Arc<dyn Clock>)
where
    A: SessionAccess + DeviceAccess + Send + 'static,
{
    if syncer.started.swap(true, Ordering::SeqCst) {
        return;
    }
    let syncer = Arc::clone(syncer);
    tauri::async_runtime::spawn(async move { run_loop(&syncer, &access, clock).await });
}

async fn run_loop<A: SessionAccess + DeviceAccess>(
    syncer: &Syncer,
    access: &A,
    clock: Arc<dyn Clock>,
) {
    loop {
        let next = syncer.with_live(|l| l.next_attempt_at);
        let sleep = next.map(|at| (at - clock.now()).to_std().unwrap_or(Duration::ZERO));
        tokio::select! {
            _ = syncer.wake.notified() => {}
            _ = tokio::time::sleep(sleep.unwrap_or(IDLE_INTERVAL)), if sleep.is_some() => {}
        }
        if syncer.exiting.load(Ordering::SeqCst) {
            return;
        }
        one_round(syncer, access, &clock).await;
    }
}

/// One round, if the store is unlocked and enrolled; updates the live state and the timer.
/// While locked (at start, on a network change) it asks the central record instead whether this
/// device was revoked, and core wipes it if so.
async fn one_round<A: SessionAccess + DeviceAccess>(
    syncer: &Syncer,
    access: &A,
    clock: &Arc<dyn Clock>,
) {
    let enrolled = access.with_session(|s| s.sync_status().map(|st| st.enrolled));
    if enrolled.is_none() {
        let options = ClientOptions::with_clock(clock.clone());
        // Offline, a foreign certificate, no status key yet: nothing is wiped, and the next
        // start or network change asks again. Only the code is logged.
        if let Err(e) = check_revocation(access, &options).await {
            eprintln!("zastita: revocation check: {}", e.code().as_str());
        }
    }
    if !matches!(enrolled, Some(Ok(true))) {
        // Locked, or not enrolled: nothing to do until unlock or enrolment nudges again.
        syncer.with_live(|l| {
            l.running = false;
            l.progress = None;
            l.next_attempt_at = None;
        });
        return;
    }
    syncer.with_live(|l| l.running = true);
    let mut epoch = syncer.epoch.subscribe();
    let options = ClientOptions::with_clock(clock.clone());
    let result = match client_for(access, &options) {
        Ok(mut client) => {
            let progress = |p: SyncProgress| syncer.with_live(|l| l.progress = Some(p));
            tokio::select! {
                r = run_round(access, &mut client, progress) => Some(r),
                _ = epoch.changed() => None,
            }
        }
        Err(e) => Some(Err(e)),
    };
    let now = clock.now();
    syncer.with_live(|l| {
        l.running = false;
        l.progress = None;
        l.next_attempt_at = match result {
            Some(Ok(summary)) => {
                l.backoff.reset();
                let next = if summary.pending_after > 0 {
                    PENDING_INTERVAL
                } else {
                    IDLE_INTERVAL
                };
                l.last_summary = Some(summary);
                Some(after(now, next))
            }
            // Locked mid-round or cancelled: the next unlock starts again.
            None | Some(Err(SyncError::Locked)) => None,
            Some(Err(e)) if e.is_transient() => Some(after(now, l.backoff.next_delay())),
            // Revoked, a foreign certificate, not enrolled: a person must act; "sync now" or
            // the next unlock tries again.
            Some(Err(_)) => None,
        };
    });
}

fn after(now: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    now + chrono::TimeDelta::from_std(d).unwrap_or(chrono::TimeDelta::MAX)
}
