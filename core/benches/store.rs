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

// ---------------------------------------------------------------------------------------------
// A child: measure one store.

fn emit(key: &str, d: Duration) {
    println!("sample {key} {}", d.as_nanos());
}

fn measure(encrypted: bool, dir: &Path) {
    let clock = ManualClock::new(t0());
    let config = |kdf| DeviceConfig {
        policy: UnlockPolicy::default(),
        kdf,
        clock: Arc::new(clock.clone()),
    };
    let init = InitRequest {
        badge: BADGE.to_owned(),
        name: "Milica Jovanović".to_owned(),
        passphrase: Passphrase::new(PASS.to_owned()),
        rank: String::new(),
    };
    // The encrypted store exactly as production makes it (its wrap at the production KDF cost).
    let mut session: Session = if encrypted {
        Device::init(dir, init, config(KdfCost::DEFAULT)).expect("init encrypted")
    } else {
        Device::init_plain_for_bench(dir, init, config(KdfCost::TEST_ONLY_FAST))
            .expect("init plain")
    };
    let s = &mut session;
    let mut generator = Generator::new(0x5a57_17a0_2026);

    eprintln!("  saves: {SAVE_ITERS} × 3 operations …");
    for i in 0..SAVE_WARMUP + SAVE_ITERS {
        let content = generator.case();
        let mut edited = content.clone();
        edited
            .incident
            .narrative
            .push_str(" Oštećena je upućena na Dom zdravlja radi pregleda.");
        let (a, id) = time(|| {
            s.save_case_draft(SaveCaseDraftRequest { id: None, content })
                .expect("save new draft")
                .id
        });
        let (b, _) = time(|| {
            s.save_case_draft(SaveCaseDraftRequest {
                id: Some(id),
                content: edited,
            })
            .expect("autosave")
        });
        let (c, r) = time(|| s.record_case(id).expect("record"));
        assert_eq!(r.version, 1);
        if i >= SAVE_WARMUP {
            emit("save_new", a);
            emit("save_edit", b);
            emit("record", c);
        }
    }

    eprintln!("  filling to {CASES} recorded cases …");
    for _ in SAVE_WARMUP + SAVE_ITERS..CASES {
        let content = generator.case();
        let (d, _) = time(|| {
            let id = s
                .save_case_draft(SaveCaseDraftRequest { id: None, content })
                .expect("fill draft")
                .id;
            s.record_case(id).expect("fill record")
        });
        emit("fill", d);
    }

    eprintln!("  listing and searching …");
    for (i, (label, req, expect)) in queries().into_iter().enumerate() {
        let key = format!("query{i}");
        for run in 0..LIST_WARMUP + LIST_RUNS {
            let (d, n) = time(|| s.list_cases(req.clone()).expect("list").len());
            if let Some(e) = expect {
                assert_eq!(n, e, "{label}");
            }
            if run == 0 {
                println!("count {key} {n}");
            }
            if run >= LIST_WARMUP {
                emit(&key, d);
            }
        }
    }
    session.lock().expect("lock");

    if !encrypted {
        for _ in 0..UNLOCK_RUNS {
            let (d, store) =
                time(|| zastita_core::store::bench::open_plain(dir).expect("open plain"));
            drop(store);
            emit("open", d);
        }
        return;
    }

    eprintln!("  unlock: {UNLOCK_RUNS} runs with KdfCost::DEFAULT …");
    let unlock = || UnlockRequest {
        badge: BADGE.to_owned(),
        passphrase: Passphrase::new(PASS.to_owned()),
    };
    for run in 0..1 + UNLOCK_RUNS {
        let (d, session) = time(|| {
            Device::open(dir, config(KdfCost::DEFAULT))
                .expect("open device")
                .unlock(unlock())
                .expect("unlock")
        });
        session.lock().expect("lock");
        if run >= 1 {
            emit("unlock", d);
        }
    }
    let badge = Badge::parse(BADGE).expect("badge");
    let wrapped = Keyring::load(dir)
        .expect("keyring")
        .officer(&badge)
        .expect("officer")
        .wrapped
        .clone();
    assert!(!wrapped.kdf.is_below(&KdfCost::DEFAULT));
    let pass = Passphrase::new(PASS.to_owned());
    let mut key = None;
    for _ in 0..UNLOCK_RUNS {
        let (d, k) = time(|| keys::unwrap(&wrapped, &pass, &badge).expect("unwrap"));
        emit("kdf", d);
        key = Some(k);
    }
    let key = key.expect("a key");
    for _ in 0..UNLOCK_RUNS {
        let (d, store) = time(|| Store::open(dir, &key).expect("open store"));
        drop(store);
        emit("open", d);
    }
}

// ---------------------------------------------------------------------------------------------
// Statistics and the table

fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let out = black_box(f());
    (start.elapsed(), out)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Nearest-rank percentile (`q` in 0..=1) in milliseconds.
fn pct(samples: &[Duration], q: f64) -> f64 {
    let mut v = samples.to_vec();
    v.sort();
    let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
    ms(v[rank - 1])
}

enum Row {
    Section(String),
    Data {
        label: String,
        n: usize,
        enc: (f64, f64),
        plain: Option<(f64, f64)>,
    },
}

impl Row {
    fn pair(label: &str, enc: &Samples, plain: &Samples, key: &str) -> Row {
        let (e, p) = (enc.samples(key), plain.samples(key));
        Row::Data {
            label: label.to_owned(),
            n: e.len(),
            enc: (pct(e, 0.5), pct(e, 0.99)),
            plain: Some((pct(p, 0.5), pct(p, 0.99))),
        }
    }

    fn single(label: &str, samples: &[Duration]) -> Row {
        Row::Data {
            label: label.to_owned(),
            n: samples.len(),
            enc: (pct(samples, 0.5), pct(samples, 0.99)),
            plain: None,
        }
    }
}

fn print_table(rows: &[Row]) {
    let width = rows
        .iter()
        .map(|r| match r {
            Row::Data { label, .. } => label.chars().count(),
            Row::Section(_) => 0,
        })
        .max()
        .unwrap_or(0)
        .max(9);
    let header = format!(
        "{:<width$} {:>5} │ {:>10} {:>10} │ {:>10} {:>10} │ {:>6} {:>6}",
        "operation", "n", "enc p50", "enc p99", "plain p50", "plain p99", "×p50", "×p99"
    );
    let rule = "─".repeat(header.chars().count());
    println!();
    println!("All times in ms; × = encrypted / plain.");
    println!("{header}");
    for r in rows {
        match r {
            Row::Section(title) => {
                println!("{rule}");
                println!("{title}");
            }
            Row::Data {
                label,
                n,
                enc,
                plain,
            } => {
                let pad = " ".repeat(width - label.chars().count());
                let (p, ratio) = match plain {
                    Some((m, p99)) => (
                        format!("{m:>10.3} {p99:>10.3}"),
                        format!("{:>6.2} {:>6.2}", enc.0 / m, enc.1 / p99),
                    ),
                    None => (format!("{:>10} {:>10}", "—", "—"), String::new()),
                };
                let line = format!(
                    "{label}{pad} {n:>5} │ {:>10.3} {:>10.3} │ {p} │ {ratio}",
                    enc.0, enc.1
                );
                println!("{}", line.trim_end());
            }
        }
    }
    println!("{rule}");
}

/// The comparison is only fair when both stores run with the same settings: compare the
/// connection pragmas of the production open path with the plain one, and check that the plain
/// file really is plain and the encrypted one is not. Returns a line naming the library versions.
fn check_comparable(enc_dir: &Path, plain_dir: &Path) -> String {
    let enc_conn = zastita_core::app::testing::open_raw(enc_dir, PASS, BADGE).unwrap();
    let plain_store = zastita_core::store::bench::open_plain(plain_dir).expect("open plain");
    let pragmas = [
        "journal_mode",
        "synchronous",
        "foreign_keys",
        "secure_delete",
        "temp_store",
        "busy_timeout",
        "page_size",
        "cache_size",
        "mmap_size",
        "auto_vacuum",
        "user_version",
    ];
    let read = |c: &rusqlite::Connection, p: &str| -> String {
        match c
            .query_row(&format!("PRAGMA {p}"), [], |r| {
                r.get::<_, rusqlite::types::Value>(0)
            })
            .expect(p)
        {
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Text(t) => t.to_lowercase(),
            other => format!("{other:?}"),
        }
    };
    for p in pragmas {
        assert_eq!(
            read(&enc_conn, p),
            read(plain_store.conn(), p),
            "PRAGMA {p} differs between the encrypted and the plain store"
        );
    }
    let is_plain = |dir: &Path| -> bool {
        let bytes = std::fs::read(dir.join(DB_FILE)).expect("db file");
        bytes.starts_with(b"SQLite format 3\0")
    };
    assert!(is_plain(plain_dir), "the plain store must be plain SQLite");
    assert!(
        !is_plain(enc_dir),
        "the encrypted store must not be readable"
    );
    let sqlite: String = enc_conn
        .query_row("SELECT sqlite_version()", [], |r| r.get(0))
        .expect("sqlite_version");
    let cipher: String = enc_conn
        .query_row("PRAGMA cipher_version", [], |r| r.get(0))
        .expect("cipher_version");
    format!(
        "SQLite {sqlite}, SQLCipher {cipher}; pragmas identical on both ({}).",
        pragmas.join(", ")
    )
}

// ---------------------------------------------------------------------------------------------
// Realistic, deterministic case content

/// A 64-bit linear congruential generator (Knuth's MMIX constants); the high bits are used.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// Uniform-ish in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// True with probability `percent` %.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const FEMALE: &[&str] = &[
    "Jelena",
    "Milica",
    "Ana",
    "Marija",
    "Jovana",
    "Ivana",
    "Dragana",
    "Snežana",
    "Gordana",
    "Vesna",
    "Maja",
    "Tijana",
    "Nataša",
    "Ljiljana",
    "Biljana",
    "Slađana",
    "Danijela",
    "Svetlana",
    "Zorica",
    "Mirjana",
    "Aleksandra",
    "Katarina",
    "Nevena",
    "Đurđa",
    "Anđela",
    "Teodora",
    "Sanja",
    "Jasmina",
    "Njegoslava",
    "Dženana",
];
const MALE: &[&str] = &[
    "Marko",
    "Nikola",
    "Stefan",
    "Miloš",
    "Dragan",
    "Zoran",
    "Goran",
    "Dejan",
    "Nenad",
    "Milan",
    "Aleksandar",
    "Vladimir",
    "Srđan",
    "Dušan",
    "Predrag",
    "Bojan",
    "Ivan",
    "Đorđe",
    "Nemanja",
    "Lazar",
    "Vuk",
    "Radovan",
    "Slobodan",
    "Željko",
    "Miroslav",
    "Žarko",
    "Ljubomir",
    "Džemal",
];
const SURNAMES: &[&str] = &[
    "Petrović",
    "Jovanović",
    "Nikolić",
    "Marković",
    "Đorđević",
    "Stojanović",
    "Ilić",
    "Stanković",
    "Pavlović",
    "Milošević",
    "Popović",
    "Đokić",
    "Živković",
    "Kovačević",
    "Todorović",
    "Savić",
    "Ristić",
    "Lazić",
    "Simić",
    "Obradović",
    "Mitrović",
    "Kostić",
    "Radovanović",
    "Lukić",
    "Vasić",
    "Stevanović",
    "Filipović",
    "Gajić",
    "Novaković",
    "Janković",
    "Šarić",
    "Čolić",
    "Vuković",
    "Babić",
    "Ljubić",
    "Njegovan",
    "Džunić",
    "Ahmetović",
];
/// Names from Vojvodina's Hungarian community: Latin script only, never transliterated.
const HU_FEMALE: &[&str] = &["Erzsébet", "Zsófia", "Katalin", "Ildikó", "Anikó"];
const HU_MALE: &[&str] = &["László", "Attila", "Zoltán", "Gábor", "Sándor"];
const HU_SURNAMES: &[&str] = &["Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga"];
const STREETS: &[&str] = &[
    "Bulevar oslobođenja",
    "Njegoševa",
    "Kralja Petra I",
    "Cara Dušana",
    "Zmaj Jovina",
    "Vojvode Mišića",
    "Nemanjina",
    "Karađorđeva",
    "Bulevar kralja Aleksandra",
    "Futoška",
    "Temerinska",
    "Maksima Gorkog",
    "Vojvode Stepe",
    "Kneza Miloša",
    "Jug Bogdanova",
    "Svetozara Markovića",
    "Cvijićeva",
    "Hajduk Veljkova",
    "Železnička",
    "Šumadijska",
    "Bulevar Nemanjića",
    "Ustanička",
    "Đure Jakšića",
    "Ive Andrića",
    "Dositejeva",
    "Partizanska",
    "Školska",
    "Save Kovačevića",
];
/// Municipality, JMBG region code, approximate position.
const PLACES: &[(&str, u8, f64, f64)] = &[
    ("Novi Sad", 80, 45.2551, 19.8452),
    ("Beograd — Zvezdara", 71, 44.7950, 20.5030),
    ("Beograd — Novi Beograd", 71, 44.8125, 20.4170),
    ("Niš", 73, 43.3209, 21.8958),
    ("Kragujevac", 72, 44.0128, 20.9114),
    ("Subotica", 82, 46.1000, 19.6650),
    ("Zrenjanin", 85, 45.3816, 20.3686),
    ("Pančevo", 86, 44.8708, 20.6403),
    ("Čačak", 78, 43.8914, 20.3497),
    ("Kraljevo", 78, 43.7258, 20.6894),
    ("Novi Pazar", 91, 43.1367, 20.5122),
    ("Leskovac", 74, 42.9981, 21.9461),
    ("Smederevo", 76, 44.6628, 20.9300),
    ("Valjevo", 77, 44.2750, 19.8900),
    ("Vranje", 74, 42.5514, 21.9003),
    ("Šabac", 77, 44.7556, 19.6944),
    ("Sombor", 81, 45.7733, 19.1122),
    ("Užice", 79, 43.8586, 19.8489),
    ("Kikinda", 85, 45.8297, 20.4653),
    ("Sremska Mitrovica", 89, 44.9764, 19.6122),
];
const NARRATIVE: &[&str] = &[
    "Po dolasku na lice mesta patrola je zatekla oštećenu u hodniku stana, vidno uznemirenu.",
    "Oštećena je izjavila da ju je osumnjičeni nakon svađe oko novca udario otvorenom šakom.",
    "Osumnjičeni je bio pod dejstvom alkohola i verbalno je pretio oštećenoj u prisustvu policije.",
    "Prema rečima oštećene, slični incidenti dešavali su se i ranije, ali nisu prijavljivani.",
    "Deca su u vreme događaja bila u susednoj sobi i čula su svađu.",
    "Komšinica je pozvala policiju nakon što je čula vrisku i lomljavu iz stana.",
    "Osumnjičeni je oštećenoj oduzeo mobilni telefon i zabranio joj da napušta stan.",
    "Oštećena navodi da joj osumnjičeni mesecima uskraćuje novac za osnovne potrepštine.",
    "Na licu mesta zatečeni su polomljeni nameštaj i razbijeno staklo na vratima kuhinje.",
    "Osumnjičeni se na poziv policije mirno udaljio iz stana i predao ključeve.",
    "Oštećena je odbila lekarsku pomoć na licu mesta, ali je upućena na pregled.",
    "Obavešten je dežurni javni tužilac, koji je naložio izricanje hitne mere.",
    "Osumnjičenom je uručeno rešenje o privremenom udaljenju iz stana na 48 sati.",
    "Obavešten je centar za socijalni rad zbog prisustva maloletne dece.",
    "Oštećena je izrazila strah za sopstvenu bezbednost i bezbednost dece.",
    "Osumnjičeni poriče navode i tvrdi da se radilo o običnoj svađi.",
];
const INJURIES: &[&str] = &[
    "modrica na levoj ruci",
    "crvenilo i otok u predelu lica",
    "ogrebotine na vratu",
    "posekotina na šaci, krvarenje zaustavljeno",
    "žali se na bolove u predelu rebara",
];
const FAMILY: &[Relationship] = &[
    Relationship::Spouse,
    Relationship::FormerSpouse,
    Relationship::CohabitingPartner,
    Relationship::FormerCohabitingPartner,
    Relationship::IntimatePartner,
    Relationship::Parent,
    Relationship::Child,
    Relationship::Sibling,
    Relationship::InLaw,
];

struct Generator {
    rng: Lcg,
}

impl Generator {
    fn new(seed: u64) -> Self {
        Generator { rng: Lcg(seed) }
    }

    fn date(&mut self, from_year: i32, to_year: i32) -> NaiveDate {
        let year = from_year + self.rng.below((to_year - from_year + 1) as usize) as i32;
        let day = 1 + self.rng.below(365) as u32;
        NaiveDate::from_yo_opt(year, day).unwrap()
    }

    fn phone(&mut self) -> String {
        let prefix = self
            .rng
            .pick(&["60", "61", "62", "63", "64", "65", "66", "69"]);
        format!("+381{prefix}{:07}", self.rng.below(10_000_000))
    }

    /// A person; `female` picks the name list. Roughly three in four adults have a JMBG on file.
    fn person(&mut self, role: Role, female: bool, hungarian: bool, surname: &str) -> Person {
        let mut p = Person::new(role);
        p.given_name = match (hungarian, female) {
            (true, true) => self.rng.pick(HU_FEMALE),
            (true, false) => self.rng.pick(HU_MALE),
            (false, true) => self.rng.pick(FEMALE),
            (false, false) => self.rng.pick(MALE),
        }
        .to_string();
        p.family_name = surname.to_owned();
        if hungarian {
            p.language = "hu".to_owned();
            p.interpreter_needed = self.rng.chance(30);
        }
        p
    }

    fn surname(&mut self, hungarian: bool) -> String {
        if hungarian {
            self.rng.pick(HU_SURNAMES).to_string()
        } else {
            self.rng.pick(SURNAMES).to_string()
        }
    }

    fn with_identity(&mut self, p: &mut Person, dob: NaiveDate, region: u8, female: bool) {
        p.date_of_birth = Some(dob);
        if self.rng.chance(75) {
            let serial = if female {
                500 + self.rng.below(500)
            } else {
                self.rng.below(500)
            };
            p.jmbg = jmbg(dob, region, serial as u16);
        }
    }

    /// One complete, recordable case.
    fn case(&mut self) -> CaseContent {
        let r = &mut self.rng;
        let (municipality, region, lat, lon) = *r.pick(PLACES);
        let hungarian = matches!(region, 80..=82 | 85) && r.chance(15);
        let cyrillic = !hungarian && r.chance(25);
        let street = r.pick(STREETS).to_string();
        let mut address = format!("{street} {}", 1 + r.below(180));
        if r.chance(60) {
            address.push_str(&format!(", stan {}", 1 + r.below(60)));
        }
        let reported_at = t0()
            - TimeDelta::seconds(60 + r.below(2 * 365 * 24 * 3600) as i64)
            - TimeDelta::milliseconds(r.below(1000) as i64);
        let arrived_at = reported_at + TimeDelta::minutes(5 + r.below(55) as i64);
        let victim_female = r.chance(82);
        let relationship = *r.pick(FAMILY);
        let shared_surname = matches!(
            relationship,
            Relationship::Spouse
                | Relationship::Parent
                | Relationship::Child
                | Relationship::Sibling
        ) || r.chance(30);

        let victim_surname = self.surname(hungarian);
        let perp_surname = if shared_surname {
            victim_surname.clone()
        } else {
            self.surname(hungarian)
        };
        let mut victim = self.person(Role::Victim, victim_female, hungarian, &victim_surname);
        let dob = self.date(1950, 2005);
        self.with_identity(&mut victim, dob, region, victim_female);
        victim.address = address.clone();
        victim.phone = self.phone();
        let mut perp = self.person(Role::Perpetrator, !victim_female, hungarian, &perp_surname);
        perp.relationship_to_victim = Some(relationship);
        let dob = self.date(1945, 2004);
        self.with_identity(&mut perp, dob, region, !victim_female);
        if self.rng.chance(70) {
            perp.address = address.clone();
        }
        if self.rng.chance(50) {
            perp.phone = self.phone();
        }
        let mut people = vec![victim, perp];

        let children_present = self.rng.chance(40);
        if children_present {
            for _ in 0..1 + self.rng.below(3) {
                let female = self.rng.chance(50);
                let mut child = self.person(Role::Child, female, hungarian, &victim_surname);
                child.relationship_to_victim = Some(Relationship::Child);
                child.date_of_birth = Some(self.date(2010, 2024));
                people.push(child);
            }
        }
        if self.rng.chance(20) {
            let female = self.rng.chance(50);
            let surname = self.surname(hungarian);
            let mut witness = self.person(Role::Witness, female, hungarian, &surname);
            witness.relationship_to_victim = Some(Relationship::None);
            witness.phone = self.phone();
            people.push(witness);
        }

        let r = &mut self.rng;
        let mut forms = vec![ViolenceForm::Psychological];
        if r.chance(70) {
            forms.insert(0, ViolenceForm::Physical);
        }
        if r.chance(15) {
            forms.push(ViolenceForm::Economic);
        }
        if r.chance(5) {
            forms.push(ViolenceForm::Sexual);
        }
        let weapons = match r.below(100) {
            0..=7 => vec![Weapon {
                kind: WeaponKind::Firearm,
                description: "pištolj CZ 99, sa okvirom".to_owned(),
                in_household: true,
                legality: Some(WeaponLegality::Unlicensed),
                used_in_incident: false,
                threatened_in_incident: true,
                seized: r.chance(80),
                seizure_receipt: "PO-117/26".to_owned(),
            }],
            8..=20 => vec![Weapon {
                kind: WeaponKind::ColdWeapon,
                description: "kuhinjski nož".to_owned(),
                in_household: true,
                legality: Some(WeaponLegality::Unlicensed),
                used_in_incident: false,
                threatened_in_incident: true,
                seized: r.chance(80),
                seizure_receipt: "PO-117/26".to_owned(),
            }],
            _ => Vec::new(),
        };
        let sentences = 2 + r.below(7);
        let narrative = (0..sentences)
            .map(|_| *r.pick(NARRATIVE))
            .collect::<Vec<_>>()
            .join(" ");
        let injuries = if forms.contains(&ViolenceForm::Physical) && r.chance(60) {
            r.pick(INJURIES).to_string()
        } else {
            String::new()
        };
        let kinds = [
            ReporterKind::Victim,
            ReporterKind::Victim,
            ReporterKind::FamilyMember,
            ReporterKind::Neighbour,
            ReporterKind::Witness,
            ReporterKind::Institution,
            ReporterKind::Anonymous,
        ];
        let kind = *r.pick(&kinds);
        let reporter = match kind {
            ReporterKind::Anonymous | ReporterKind::Victim => Reporter {
                kind,
                name: String::new(),
                phone: String::new(),
            },
            _ => Reporter {
                kind,
                name: format!("{} {}", r.pick(FEMALE), r.pick(SURNAMES)),
                phone: self.phone(),
            },
        };
        let r = &mut self.rng;
        let mut content = CaseContent {
            incident: Incident {
                reported_at: Some(reported_at),
                police_arrived_at: Some(arrived_at),
                address,
                municipality: municipality.to_owned(),
                location: Some(GeoPoint {
                    lat: lat + (r.below(2000) as f64 - 1000.0) / 20_000.0,
                    lon: lon + (r.below(2000) as f64 - 1000.0) / 20_000.0,
                    accuracy_m: Some(5.0 + r.below(40) as f64),
                }),
                reported_by: Some(reporter),
                forms_of_violence: forms,
                weapons_present: Some(!weapons.is_empty()),
                weapons,
                injuries,
                children_present: Some(children_present),
                welfare_notification: None,
                danger_without_act: String::new(),
                narrative,
            },
            people,
        };
        if cyrillic {
            to_cyrillic_case(&mut content);
        }
        content
    }
}

/// Officers who type in Cyrillic write names and addresses in it; search must find them by the
/// Latin spelling too.
fn to_cyrillic_case(c: &mut CaseContent) {
    c.incident.address = cyrillic(&c.incident.address);
    c.incident.municipality = cyrillic(&c.incident.municipality);
    for p in &mut c.people {
        p.given_name = cyrillic(&p.given_name);
        p.family_name = cyrillic(&p.family_name);
        p.address = cyrillic(&p.address);
    }
}

/// Serbian Latin → Serbian Cyrillic (digraphs lj, nj, dž first).
fn cyrillic(s: &str) -> String {
    const DIGRAPHS: &[(&str, &str)] = &[
        ("Lj", "Љ"),
        ("LJ", "Љ"),
        ("lj", "љ"),
        ("Nj", "Њ"),
        ("NJ", "Њ"),
        ("nj", "њ"),
        ("Dž", "Џ"),
        ("DŽ", "Џ"),
        ("dž", "џ"),
    ];
    const LATIN: &str = "abvgdđežzijklmnoprstćufhcčšABVGDĐEŽZIJKLMNOPRSTĆUFHCČŠ";
    const CYRIL: &str = "абвгдђежзијклмнопрстћуфхцчшАБВГДЂЕЖЗИЈКЛМНОПРСТЋУФХЦЧШ";
    let mut out = String::with_capacity(s.len() * 2);
    let mut rest = s;
    'outer: while let Some(c) = rest.chars().next() {
        for (lat, cyr) in DIGRAPHS {
            if let Some(tail) = rest.strip_prefix(lat) {
                out.push_str(cyr);
                rest = tail;
                continue 'outer;
            }
        }
        match LATIN.chars().position(|l| l == c) {
            Some(i) => out.push(CYRIL.chars().nth(i).unwrap()),
            None => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A valid JMBG for a birth date, region and serial.
fn jmbg(dob: NaiveDate, region: u8, serial: u16) -> String {
    let first12 = format!(
        "{:02}{:02}{:03}{:02}{:03}",
        dob.day(),
        dob.month(),
        dob.year() % 1000,
        region,
        serial
    );
    let digits: Vec<u8> = first12.bytes().map(|b| b - b'0').collect();
    let arr: [u8; 12] = digits.try_into().unwrap();
    format!("{first12}{}", check_digit(&arr))
}
