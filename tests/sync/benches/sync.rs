//! Sync, measured on the real server binary over real HTTPS on loopback (numbers to read and
//! compare, never asserted):
//!
//! 1. draining a backlog of 1,000 queued record versions from one device in one round: time, and
//!    bytes on the wire per record against the payload's own size;
//! 2. the same 1,000 versions synced over a shift (a round after each case, each round on its own
//!    connection), clean and through the fault proxy dropping 10% of connections;
//! 3. the central record ingesting pushes from 200 devices at once, on SQLite and (with
//!    `ZASTITA_TEST_POSTGRES`) on PostgreSQL: records per second and push latency percentiles,
//!    encrypted at rest as a station runs it and, in the same run, without encryption (the
//!    binary's `bench` feature: no column sealing, and a plain SQLite file), with the ratio;
//! 4. a device's round while the central record (its default limits) is flooded by 1,000
//!    connections dribbling headers and 200 clients pushing 8 MiB of junk with bad signatures,
//!    against the same round on the quiet server: the ratio of the medians (the goal: at most
//!    3×) and the server's peak resident memory from `/proc`;
//! 5. the console with 5,000 running orders in one jurisdiction: the board's first page in the
//!    server's own time (p50/p99, on both backends), and 200 devices' push p99 with and without
//!    50 operators working, in the same run, as a ratio (`console/mod.rs`).
//!
//! ```sh
//! cargo build --release -p zastita-central --features bench
//! ZASTITA_CENTRAL_BIN=$CARGO_TARGET_DIR/release/zastita-central \
//!   ZASTITA_TEST_POSTGRES=$(scripts/postgres) cargo bench -p zastita-sync-tests   # or: -- console
//! ```

use anyhow::Result;
use reqwest::Method;
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use uuid::Uuid;

use zastita_protocol::messages::{PushRequest, PushResponse, RecordEnvelope, RecordKind};
use zastita_sync_tests::central::{Backend, Central, fresh_postgres_database, postgres_admin_url};
use zastita_sync_tests::device::TestDevice;
use zastita_sync_tests::proxy::{FaultProxy, FaultRates};
use zastita_sync_tests::raw::{RawClient, Tamper};

mod console;
mod flood;

const DRAIN_TARGET: u64 = 1_000;
const DEVICES: usize = 200;
const BATCHES_PER_DEVICE: usize = 5;
const ENVELOPES_PER_BATCH: usize = 20;

/// A device with at least `DRAIN_TARGET` record versions queued (audit entries included), the
/// canonical payload bytes they carry, and the number queued.
fn loaded_device() -> Result<(TestDevice, u64)> {
    let dev = TestDevice::new()?;
    while dev.status()?.pending < DRAIN_TARGET {
        dev.import_cases(10)?;
    }
    let pending = dev.status()?.pending;
    Ok((dev, pending))
}

/// Canonical payload bytes of everything queued, batch by batch as the device would send them.
fn payload_bytes(dev: &TestDevice) -> Result<u64> {
    // `outgoing` returns the next batch only; the device is drained batch by batch in the bench,
    // so sum the first batch and scale by the queue (payloads are alike).
    let batch = dev.outgoing()?;
    let bytes: usize = batch
        .iter()
        .map(|e| zastita_protocol::canonical::to_vec(&e.envelope.payload).map(|v| v.len()))
        .sum::<Result<usize, _>>()?;
    let pending = dev.status()?.pending;
    Ok((bytes as u64) * pending / (batch.len().max(1) as u64))
}

/// What one measured drain did.
struct Drained {
    elapsed: Duration,
    wire: u64,
}

/// A backlog of `DRAIN_TARGET` versions queued offline, drained in one round on a clean link.
async fn backlog() -> Result<Drained> {
    let central = Central::start(Backend::Sqlite)?;
    let proxy = FaultProxy::start(central.addr()).await?;
    let (dev, pending) = loaded_device()?;
    dev.enroll(&central.enrollment_code(&format!("https://{}", proxy.addr()))?)
        .await?;
    let payload = payload_bytes(&dev)?;
    let wire0 = wire(&proxy);
    let t = Instant::now();
    let summary = dev.sync().await?;
    let elapsed = t.elapsed();
    anyhow::ensure!(summary.pending_after == 0, "not drained: {summary:?}");
    let wire = wire(&proxy) - wire0;
    println!(
        "backlog of {pending} versions drained in one round: {:>7.1} ms ({:.0} versions/s); \
         wire {:.0} B/record vs payload {:.0} B/record ({:.2}×)",
        elapsed.as_secs_f64() * 1e3,
        pending as f64 / elapsed.as_secs_f64(),
        wire as f64 / pending as f64,
        payload as f64 / pending as f64,
        wire as f64 / payload.max(1) as f64
    );
    Ok(Drained { elapsed, wire })
}

fn wire(proxy: &FaultProxy) -> u64 {
    proxy.stats.client_bytes.load(Ordering::Relaxed)
        + proxy.stats.server_bytes.load(Ordering::Relaxed)
}

/// A shift: one case at a time (about ten versions), a sync round after each — every round on a
/// connection of its own, as a tablet's rounds minutes apart are — until `DRAIN_TARGET` versions
/// are on the central record. With `drop_percent`, that share of connections is dropped: half
/// refused, half cut at a random point of the round's answers; a failed round's versions go with
/// the next one.
async fn shift(drop_percent: u32, seed: u64) -> Result<Drained> {
    // Its rounds come back to back, not minutes apart: the device's rate limit is raised so
    // that the bench measures syncing, not waiting out `Retry-After`.
    let central = Central::start_with(
        Backend::Sqlite,
        &["--device-rate", "10000", "--device-burst", "10000"],
    )?;
    let proxy = FaultProxy::start(central.addr()).await?;
    let dev = TestDevice::new()?;
    dev.enroll(&central.enrollment_code(&format!("https://{}", proxy.addr()))?)
        .await?;
    if drop_percent > 0 {
        proxy.random(
            FaultRates {
                refuse: drop_percent / 2,
                cut: drop_percent - drop_percent / 2,
                max_offset: 6_000,
                ..FaultRates::default()
            },
            seed,
        );
    }
    let wire0 = wire(&proxy);
    let mut elapsed = Duration::ZERO;
    let (mut rounds, mut failed) = (0u32, 0u32);
    let mut synced = 0u64;
    while synced < DRAIN_TARGET {
        dev.import_cases(1)?;
        let t = Instant::now();
        rounds += 1;
        match dev.sync().await {
            Ok(s) => synced = s.acked_seq,
            Err(_) => failed += 1,
        }
        elapsed += t.elapsed();
    }
    // The last failed round's versions, if any.
    while dev.status()?.pending > 0 {
        let t = Instant::now();
        rounds += 1;
        if dev.sync().await.is_err() {
            failed += 1;
        }
        elapsed += t.elapsed();
        anyhow::ensure!(rounds < 1_000, "did not drain");
    }
    let wire = wire(&proxy) - wire0;
    println!(
        "shift of {synced} versions, {drop_percent:>2}% of connections dropped (seed {seed}): {:>7.1} ms in rounds, \
         {rounds} rounds ({failed} failed); wire {:.0} B/record",
        elapsed.as_secs_f64() * 1e3,
        wire as f64 / synced as f64,
    );
    Ok(Drained { elapsed, wire })
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or_default()
}

/// What one ingest measured.
struct Ingested {
    per_second: f64,
    p99: Duration,
}

/// `DEVICES` devices (enrolled by hand-made requests), each pushing `BATCHES_PER_DEVICE` batches
/// of `ENVELOPES_PER_BATCH` case versions, all at once; on a central record encrypted at rest, or
/// (`plaintext`) on the bench build's unencrypted twin.
async fn ingest(backend: Backend, plaintext: bool) -> Result<Ingested> {
    let name = backend.name();
    let env: &[(&str, &str)] = if plaintext {
        &[("ZASTITA_CENTRAL_BENCH_PLAINTEXT", "1")]
    } else {
        &[]
    };
    // Capacity, not shedding: every device is on one loopback address and all push at once, so
    // the limits on requests in progress and per address are raised above the bench's own.
    let central = Central::start_full(
        backend,
        env,
        &[
            "--max-requests",
            "1024",
            "--address-rate",
            "100000",
            "--address-burst",
            "100000",
        ],
    )?;
    let ca = central.ca_pem()?;
    let mut devices = Vec::with_capacity(DEVICES);
    for _ in 0..DEVICES {
        let token = central.enrollment_token()?;
        devices.push(Arc::new(
            RawClient::enroll(&central.url(), &ca, &token).await?,
        ));
    }
    // What devices really send: the versions a device queues for a few imported cases (case,
    // people, statement, assessment, order, audit), re-signed by each bench device with fresh ids.
    let template = TestDevice::new()?;
    template.import_cases(3)?;
    template
        .enroll(&central.enrollment_code(&central.url())?)
        .await?;
    let templates: Arc<Vec<(RecordKind, serde_json::Value)>> = Arc::new(
        template
            .outgoing()?
            .into_iter()
            .map(|e| (e.envelope.kind, e.envelope.payload))
            .collect(),
    );
    anyhow::ensure!(!templates.is_empty(), "no template versions");
    let t = Instant::now();
    let mut tasks = Vec::with_capacity(DEVICES);
    for dev in devices {
        let templates = templates.clone();
        tasks.push(tokio::spawn(async move {
            let key = dev.key()?;
            let mut latencies = Vec::with_capacity(BATCHES_PER_DEVICE);
            for b in 0..BATCHES_PER_DEVICE {
                let mut envelopes = Vec::with_capacity(ENVELOPES_PER_BATCH);
                for i in 0..ENVELOPES_PER_BATCH {
                    let record = Uuid::now_v7();
                    let seq = (b * ENVELOPES_PER_BATCH + i + 1) as u64;
                    let (kind, mut p) = templates[seq as usize % templates.len()].clone();
                    if p.get("id").is_some() {
                        p["id"] = json!(record.to_string());
                    }
                    envelopes.push(
                        RecordEnvelope::new(
                            dev.device_id(),
                            seq,
                            Uuid::now_v7(),
                            record,
                            kind,
                            1,
                            None,
                            "NS1234".into(),
                            chrono::Utc::now(),
                            p,
                        )?
                        .sign(&key)?,
                    );
                }
                let body = serde_json::to_vec(&PushRequest {
                    envelopes,
                    device_time: chrono::Utc::now(),
                })?;
                let started = Instant::now();
                let (status, answer) = dev
                    .send(Method::POST, "/v1/push", body, &Tamper::default())
                    .await?;
                latencies.push(started.elapsed());
                anyhow::ensure!(status == 200, "push refused: {status} {answer}");
                let answer: PushResponse = serde_json::from_value(answer)?;
                anyhow::ensure!(answer.acked_seq == ((b + 1) * ENVELOPES_PER_BATCH) as u64);
            }
            Ok::<_, anyhow::Error>(latencies)
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await??);
    }
    let elapsed = t.elapsed();
    latencies.sort();
    let records = DEVICES * BATCHES_PER_DEVICE * ENVELOPES_PER_BATCH;
    let per_second = records as f64 / elapsed.as_secs_f64();
    let p99 = percentile(&latencies, 0.99);
    println!(
        "ingest {name:<8} {:<9} {DEVICES} devices × {BATCHES_PER_DEVICE} pushes × {ENVELOPES_PER_BATCH} versions: \
         {per_second:>7.0} records/s; push latency p50 {:>6.1} ms, p99 {:>6.1} ms, max {:>6.1} ms",
        if plaintext { "plaintext" } else { "encrypted" },
        percentile(&latencies, 0.5).as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        percentile(&latencies, 1.0).as_secs_f64() * 1e3,
    );
    Ok(Ingested { per_second, p99 })
}

/// Ingest on each backend, encrypted and plaintext alternately (twice each: the better run of
/// each counts), and what encryption costs as a ratio.
async fn ingest_both_ways() -> Result<()> {
    let mut kinds = vec![None];
    match postgres_admin_url() {
        Some(url) => kinds.push(Some(url)),
        None => eprintln!("ZASTITA_TEST_POSTGRES is not set: PostgreSQL variant skipped"),
    }
    for admin in kinds {
        let fresh = || -> Result<Backend> {
            Ok(match &admin {
                None => Backend::Sqlite,
                Some(url) => Backend::Postgres(fresh_postgres_database(url)?),
            })
        };
        let mut encrypted = Vec::new();
        let mut plain = Vec::new();
        for _ in 0..2 {
            for plaintext in [true, false] {
                // A fresh database each run.
                let run = ingest(fresh()?, plaintext).await?;
                if plaintext {
                    &mut plain
                } else {
                    &mut encrypted
                }
                .push(run);
            }
        }
        let best = |runs: &[Ingested]| {
            runs.iter()
                .map(|r| (r.per_second, r.p99))
                .fold((0.0_f64, Duration::MAX), |(s, p), (rs, rp)| {
                    (s.max(rs), p.min(rp))
                })
        };
        let (e_rate, e_p99) = best(&encrypted);
        let (p_rate, p_p99) = best(&plain);
        println!(
            "ingest {:<8} encryption at rest costs {:.2}× the time per record ({:.0} vs {:.0} records/s), \
             p99 {:.2}× ({:.1} vs {:.1} ms)",
            if admin.is_some() {
                "postgres"
            } else {
                "sqlite"
            },
            p_rate / e_rate,
            e_rate,
            p_rate,
            e_p99.as_secs_f64() / p_p99.as_secs_f64(),
            e_p99.as_secs_f64() * 1e3,
            p_p99.as_secs_f64() * 1e3,
        );
    }
    Ok(())
}

fn main() -> Result<()> {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs nothing heavy.
    if !std::env::args().any(|a| a == "--bench") {
        return Ok(());
    }
    // `cargo bench -p zastita-sync-tests -- flood`: only the sections whose name holds "flood".
    let only = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let run = |section: &str| only.as_deref().is_none_or(|o| section.contains(o));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        if run("backlog") {
            backlog().await?;
        }
        if run("shift") {
            // Three shifts each way; the ratio of the medians is the number to read.
            let mut clean = Vec::new();
            let mut dropped = Vec::new();
            for seed in 1..=3 {
                clean.push(shift(0, seed).await?);
                dropped.push(shift(10, seed).await?);
            }
            clean.sort_by_key(|d| d.elapsed);
            dropped.sort_by_key(|d| d.elapsed);
            let (c, d) = (&clean[1], &dropped[1]);
            println!(
                "shift median: {:.1} ms clean, {:.1} ms with 10% of connections dropped ({:.2}× the time, {:.2}× the bytes)",
                c.elapsed.as_secs_f64() * 1e3,
                d.elapsed.as_secs_f64() * 1e3,
                d.elapsed.as_secs_f64() / c.elapsed.as_secs_f64(),
                d.wire as f64 / c.wire.max(1) as f64
            );
        }
        if run("ingest") {
            ingest_both_ways().await?;
        }
        if run("flood") {
            flood::flood().await?;
        }
        // `-- console` runs both; `-- console-postgres` that backend alone.
        if run("console-sqlite") {
            console::console_on(Backend::Sqlite).await?;
        }
        if run("console-postgres") {
            match postgres_admin_url() {
                Some(url) => console::console_on(Backend::Postgres(fresh_postgres_database(&url)?)).await?,
                None => eprintln!("ZASTITA_TEST_POSTGRES is not set: PostgreSQL variant skipped"),
            }
        }
        Ok(())
    })
}
