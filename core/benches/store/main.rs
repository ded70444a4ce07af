//! Store benchmark: what a durable save, an unlock and a 10,000-case list cost on the encrypted
//! store, and what SQLCipher adds over plain SQLite running the very same session code.
//!
//! Run (release build; the measurement itself takes under a minute on the 2-core development VM):
//!
//! ```text
//! cargo bench -p zastita-core --features bench --bench store
//! ```
//!
//! (`--bench store` only skips building and running the crate's unit tests in the bench profile;
//! `cargo bench -p zastita-core --features bench` runs the same benchmark.)
//!
//! The `bench` feature exposes an *unencrypted* store (`store::bench::open_plain`,
//! `Device::init_plain_for_bench`) used only for the comparison; the app and the CLI never enable
//! it. Everything else goes through the public [`Session`](zastita_core::app::Session) API;
//! nothing is inserted with raw SQL.
//!
//! Measured, in one run, into a temporary directory on the real disk (`$TMPDIR`, else `/tmp`):
//!
//! 1. Durable saves (`synchronous=FULL`, so fsync-bound): `save_case_draft` of a new case,
//!    `save_case_draft` autosaving an edit of it, and `record_case` (validate, version, outbox,
//!    audit, one transaction) — `SAVE_ITERS` of each.
//! 2. The same on plain SQLite with the identical schema and pragmas (checked); ratios are
//!    encrypted / plain.
//! 3. Unlock with the production KDF ([`KdfCost::DEFAULT`]) on the full store: `Device::open` +
//!    `Device::unlock`, and on their own the KDF (`keys::unwrap`) and opening the store
//!    (`Store::open`, compared with opening the plain store).
//! 4. Each store filled to `CASES` realistic recorded cases (deterministic LCG: Serbian names, a
//!    quarter of the cases typed in Cyrillic, Hungarian names, addresses across Serbia) through
//!    the same two calls, then `list_cases` with the default limit (200) and with limit 10,000,
//!    and searches for a surname and for an address word (each with both limits). A search is
//!    audited (one durable write), so its time includes an fsync. Then each database file's size (after the checkpoint that
//!    locking does).
//!
//! Each store is measured in a process of its own (the bench re-runs itself): this SQLCipher
//! build has `SQLITE_ENABLE_MEMORY_MANAGEMENT`, so all connections of a process share one page
//! cache, and with both stores in one process the encrypted store's scans starved the plain
//! store's cache (listing 200 cases took twice as long). The app only ever has one store open.
//!
//! Set `ZASTITA_BENCH_KEEP=1` to keep the two stores for inspection (the plain one opens in any
//! `sqlite3`). Medians and p99 are nearest-rank; with 100 runs or fewer p99 is the maximum.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod content;
mod measure;
mod names;
mod table;

use content::*;
use measure::*;
use names::*;
use table::*;

use chrono::{DateTime, Datelike, Duration as TimeDelta, NaiveDate, TimeZone, Utc};
use std::collections::HashMap;
use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use zastita_core::app::{
    CaseContent, Device, DeviceConfig, InitRequest, ListCasesRequest, SaveCaseDraftRequest,
    Session, UnlockRequest,
};
use zastita_core::clock::ManualClock;
use zastita_core::domain::jmbg::check_digit;
use zastita_core::domain::{
    Badge, GeoPoint, Incident, Person, Relationship, Reporter, ReporterKind, Role, ViolenceForm,
    Weapon, WeaponKind, WeaponLegality,
};
use zastita_core::keyring::{Keyring, UnlockPolicy};
use zastita_core::keys::{self, KdfCost, Passphrase};
use zastita_core::store::{DB_FILE, Store};

const BADGE: &str = "NS1234";
const PASS: &str = "Zelena livada 7";
/// Iterations of each save measurement (per store).
const SAVE_ITERS: usize = 300;
/// Saves done before measuring (they count towards `CASES`).
const SAVE_WARMUP: usize = 20;
/// Cases each store holds for the list and search measurements.
const CASES: usize = 10_000;
/// Runs of each list or search measurement (per store), after `LIST_WARMUP`.
const LIST_RUNS: usize = 20;
const LIST_WARMUP: usize = 2;
/// Unlock runs (each one full production key derivation), after one warm-up.
const UNLOCK_RUNS: usize = 7;
/// Child processes: which store to measure, and where.
const ROLE_ENV: &str = "ZASTITA_BENCH_ROLE";
const DIR_ENV: &str = "ZASTITA_BENCH_DIR";

/// The device clock for the whole run; every generated instant is before it.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 21, 30, 0).unwrap()
}

/// The list and search requests, with the number of results they must give (if known). Searches
/// run with the default limit (what the app's search box does) and with limit 10,000 (every hit).
fn queries() -> Vec<(&'static str, ListCasesRequest, Option<usize>)> {
    let search = |words: &str, limit: Option<u32>| ListCasesRequest {
        search: Some(words.into()),
        limit,
        ..Default::default()
    };
    vec![
        (
            "list_cases, default limit (200)",
            ListCasesRequest::default(),
            Some(200),
        ),
        (
            "list_cases, limit 10,000",
            ListCasesRequest {
                limit: Some(10_000),
                ..Default::default()
            },
            Some(CASES),
        ),
        (
            "search surname \"petrović\", limit 200",
            search("petrović", None),
            None,
        ),
        (
            "search surname \"petrović\", limit 10,000",
            search("petrović", Some(10_000)),
            None,
        ),
        (
            "search address \"njegoševa\", limit 200",
            search("njegoševa", None),
            None,
        ),
        (
            "search address \"njegoševa\", limit 10,000",
            search("njegoševa", Some(10_000)),
            None,
        ),
    ]
}

fn main() {
    match (std::env::var(ROLE_ENV), std::env::var_os(DIR_ENV)) {
        (Ok(role), Some(dir)) => measure(role == "encrypted", Path::new(&dir)),
        _ => report(),
    }
}

// ---------------------------------------------------------------------------------------------
// The parent: run one child per store, check they are comparable, print the table.

fn report() {
    let started = Instant::now();
    let root = tempfile::Builder::new()
        .prefix("zastita-bench-")
        .tempdir()
        .expect("temporary directory");
    let enc_dir = root.path().join("encrypted");
    let plain_dir = root.path().join("plain");
    eprintln!("zastita store bench in {}", root.path().display());
    let enc = run_child("encrypted", &enc_dir);
    let plain = run_child("plain", &plain_dir);
    let versions = check_comparable(&enc_dir, &plain_dir);

    let mut rows = vec![Row::Section(
        "Durable saves (synchronous=FULL, WAL)".to_owned(),
    )];
    rows.push(Row::pair(
        "save_case_draft, new case",
        &enc,
        &plain,
        "save_new",
    ));
    rows.push(Row::pair(
        "save_case_draft, autosave of an edit",
        &enc,
        &plain,
        "save_edit",
    ));
    rows.push(Row::pair(
        "record_case (first recording)",
        &enc,
        &plain,
        "record",
    ));
    rows.push(Row::Section(format!("Listing {CASES} recorded cases")));
    for (i, (label, _, _)) in queries().iter().enumerate() {
        let key = format!("query{i}");
        let (n_enc, n_plain) = (enc.count(&key), plain.count(&key));
        assert_eq!(n_enc, n_plain, "same data, same results: {label}");
        rows.push(Row::pair(
            &format!("{label} → {n_enc} cases"),
            &enc,
            &plain,
            &key,
        ));
    }
    rows.push(Row::Section(format!(
        "Unlock ({CASES}-case store; KdfCost::DEFAULT = Argon2id {} MiB, t={}, p={})",
        KdfCost::DEFAULT.m_cost_kib / 1024,
        KdfCost::DEFAULT.t_cost,
        KdfCost::DEFAULT.p_cost
    )));
    rows.push(Row::single(
        "Device::open + unlock (total)",
        enc.samples("unlock"),
    ));
    rows.push(Row::single(
        "  of which: KDF + unwrap (keys::unwrap)",
        enc.samples("kdf"),
    ));
    rows.push(Row::pair(
        "  of which: open the store (Store::open)",
        &enc,
        &plain,
        "open",
    ));
    print_table(&rows);

    let size = |dir: &Path, suffix: &str| {
        std::fs::metadata(dir.join(format!("{DB_FILE}{suffix}")))
            .map(|m| m.len())
            .unwrap_or(0)
    };
    let (enc_size, plain_size) = (size(&enc_dir, ""), size(&plain_dir, ""));
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    println!();
    println!(
        "Database file with {CASES} cases: encrypted {:.1} MiB, plain {:.1} MiB, ratio {:.2} \
         (WAL after lock: {} / {} bytes).",
        mib(enc_size),
        mib(plain_size),
        enc_size as f64 / plain_size as f64,
        size(&enc_dir, "-wal"),
        size(&plain_dir, "-wal"),
    );
    let fill = |r: &Samples| {
        let s = r.samples("fill");
        let total: Duration = s.iter().sum();
        format!(
            "{:.1} s ({:.2} ms/case)",
            total.as_secs_f64(),
            ms(total) / s.len() as f64
        )
    };
    println!(
        "Fill ({} × save_case_draft + record_case): encrypted {}, plain {}.",
        enc.samples("fill").len(),
        fill(&enc),
        fill(&plain)
    );
    println!("{versions}");
    println!(
        "Each store measured in its own process (encrypted first). Total bench time {:.0} s.",
        started.elapsed().as_secs_f64()
    );
    if std::env::var_os("ZASTITA_BENCH_KEEP").is_some() {
        println!("Stores kept in {}", root.keep().display());
    }
}

/// Samples a child reported: `sample <key> <nanoseconds>` and `count <key> <n>` lines.
#[derive(Default)]
struct Samples {
    samples: HashMap<String, Vec<Duration>>,
    counts: HashMap<String, usize>,
}

impl Samples {
    fn samples(&self, key: &str) -> &[Duration] {
        self.samples
            .get(key)
            .map(Vec::as_slice)
            .unwrap_or_else(|| panic!("no samples for {key}"))
    }

    fn count(&self, key: &str) -> usize {
        self.counts[key]
    }
}

fn run_child(role: &str, dir: &Path) -> Samples {
    eprintln!("{role} store:");
    let out = Command::new(std::env::current_exe().expect("own path"))
        .env(ROLE_ENV, role)
        .env(DIR_ENV, dir)
        .stderr(std::process::Stdio::inherit())
        .output()
        .expect("run the measuring process");
    assert!(out.status.success(), "the {role} measurement failed");
    let mut s = Samples::default();
    for line in String::from_utf8(out.stdout).expect("utf-8").lines() {
        let mut parts = line.split_whitespace();
        match (parts.next(), parts.next(), parts.next()) {
            (Some("sample"), Some(key), Some(ns)) => s
                .samples
                .entry(key.to_owned())
                .or_default()
                .push(Duration::from_nanos(ns.parse().expect("nanoseconds"))),
            (Some("count"), Some(key), Some(n)) => {
                s.counts.insert(key.to_owned(), n.parse().expect("count"));
            }
            _ => panic!("unexpected output from the {role} measurement: {line}"),
        }
    }
    s
}
