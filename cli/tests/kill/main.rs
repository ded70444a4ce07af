//! The kill campaign: the real `zastita` binary is SIGKILLed at random (seeded) instants while it
//! autosaves drafts, records, signs statements, imports, renders documents, syncs and applies the
//! feed against a real central record over HTTPS on loopback, and while it writes the keyring
//! (counting a wrong passphrase, changing a passphrase). After every kill the store must open,
//! `verify` must pass, everything a command reported as done must still be there, nothing may be
//! half-written (each draft, statement, case and PDF is whole: the old or the new, never a mix),
//! and the unlock counter must never have gone down. At the end every store syncs once more and
//! the central record must hold every version of every device's outbox exactly once.
//!
//! `cargo test -p zastita-cli --test kill` runs at least 200 kills (several stores in parallel
//! threads; every command pays a real Argon2id unlock). `ZASTITA_KILLS=1000` makes it a soak
//! (`scripts/soak-kill`); `ZASTITA_KILL_SEED` repeats a run's choices (the seed is printed);
//! `ZASTITA_KILL_WORKERS` sets the number of stores.
#![allow(clippy::unwrap_used)]

mod check;
mod ledger;
mod worker;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use zastita_sync_tests::central::{Backend, Central};

use worker::{Phase, Worker};

/// Kills per run unless `ZASTITA_KILLS` says otherwise.
const DEFAULT_KILLS: usize = 200;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Per phase: kills, runs that finished before their kill instant.
#[derive(Default)]
pub struct Tally {
    pub phases: BTreeMap<Phase, (usize, usize)>,
}

pub struct Shared {
    pub central: Central,
    pub kills: AtomicUsize,
    pub target: usize,
    pub tally: Mutex<Tally>,
}

#[test]
fn killed_at_random_instants_nothing_acknowledged_is_lost() {
    let target = usize::try_from(env_number("ZASTITA_KILLS", DEFAULT_KILLS as u64)).unwrap();
    let workers = env_number("ZASTITA_KILL_WORKERS", 3).max(1);
    let seed = env_number(
        "ZASTITA_KILL_SEED",
        u64::try_from(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
                % u128::from(u64::MAX),
        )
        .unwrap(),
    );
    eprintln!(
        "kill campaign: seed {seed} (ZASTITA_KILL_SEED={seed} repeats it), {target} kills, {workers} stores"
    );
    let started = Instant::now();
    let shared = Arc::new(Shared {
        central: Central::start(Backend::Sqlite).unwrap(),
        kills: AtomicUsize::new(0),
        target,
        tally: Mutex::new(Tally::default()),
    });
    let handles: Vec<_> = (0..workers)
        .map(|i| {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || {
                let mut w = Worker::new(
                    i,
                    seed.wrapping_add(i.wrapping_mul(0x9E37_79B9_7F4A_7C15)),
                    &shared,
                );
                w.campaign(&shared);
                w.finish(&shared);
                w
            })
        })
        .collect();
    let mut done = Vec::new();
    for h in handles {
        match h.join() {
            Ok(w) => done.push(w),
            Err(e) => std::panic::resume_unwind(e),
        }
    }
    // Every device's every version, exactly once, on the central record.
    check::central_holds_every_version_once(&shared.central, &done);

    let tally = shared.tally.lock().unwrap();
    let kills = shared.kills.load(Ordering::SeqCst);
    eprintln!(
        "kill campaign: {kills} kills in {:.0} s (seed {seed})",
        started.elapsed().as_secs_f64()
    );
    eprintln!("  {:<22} {:>6} {:>10}", "phase", "kills", "finished");
    for (phase, (k, f)) in &tally.phases {
        eprintln!("  {:<22} {k:>6} {f:>10}", phase.name());
    }
    let versions: usize = done.iter().map(|w| w.final_versions).sum();
    eprintln!(
        "  central record: {versions} versions from {} devices, each exactly once",
        done.len()
    );
    assert!(kills >= target, "only {kills} kills");
    // Every phase was actually interrupted, not just run.
    for phase in Phase::ALL {
        let k = tally.phases.get(&phase).map_or(0, |t| t.0);
        assert!(k > 0, "no kill landed in {}", phase.name());
    }
}
