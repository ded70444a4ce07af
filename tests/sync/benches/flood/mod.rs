//! Section 4 of the sync bench: a device's rounds on a quiet central record (its default
//! limits), then for 20 s under the flood, then quiet again; the ratio of the medians and the
//! server's peak resident memory.

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use zastita_protocol::messages::MAX_PUSH_BYTES;
use zastita_sync_tests::central::{Backend, Central};
use zastita_sync_tests::device::TestDevice;
use zastita_sync_tests::flood::{Flood, FloodConfig, peak_rss, raise_fd_limit};
use zastita_sync_tests::raw::RawClient;

/// Rounds of `CASES_PER_ROUND` new cases each, at least `n` and until `min` has passed; their
/// times. A quarter second between rounds (not timed) keeps the device well within its own rate
/// limit, as a tablet's rounds minutes apart are.
async fn rounds(dev: &TestDevice, n: usize, min: Duration) -> Result<Vec<Duration>> {
    const CASES_PER_ROUND: usize = 5;
    let mut times = Vec::with_capacity(n);
    let started = Instant::now();
    while times.len() < n || started.elapsed() < min {
        tokio::time::sleep(Duration::from_millis(250)).await;
        dev.import_cases(CASES_PER_ROUND)?;
        let t = Instant::now();
        let summary = dev.sync().await?;
        times.push(t.elapsed());
        anyhow::ensure!(summary.pending_after == 0, "not drained: {summary:?}");
        anyhow::ensure!(times.len() < 1_000, "too many rounds");
    }
    Ok(times)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

/// A device's rounds on a quiet central record (its default limits), then for 20 s under the
/// flood — long enough for the header timeout to cut slow connections and the stolen devices to
/// run through their bursts — then quiet again (the quiet median is over both, as the device's
/// store grows throughout) (section 4). Twice: with the flood's thread at the lowest priority (an
/// attacker's CPU is not the server's) and at the same priority as everything else (the flood
/// then also takes one of the two cores from the server and the device).
pub async fn flood() -> Result<()> {
    for low_priority in [true, false] {
        flood_once(low_priority).await?;
    }
    Ok(())
}

async fn flood_once(low_priority: bool) -> Result<()> {
    const ROUNDS: usize = 5;
    raise_fd_limit(8192)?;
    let central = Central::start(Backend::Sqlite)?;
    let ca = central.ca_pem()?;
    let pid = central.pid().context("the server is not running")?;
    let mut stolen = Vec::new();
    for _ in 0..4 {
        let token = central.enrollment_token()?;
        stolen.push(
            RawClient::enroll(&central.url(), &ca, &token)
                .await?
                .device_id(),
        );
    }
    let dev = TestDevice::new()?;
    dev.enroll(&central.enrollment_code(&central.url())?)
        .await?;
    rounds(&dev, 1, Duration::ZERO).await?;
    let mut quiet = rounds(&dev, ROUNDS, Duration::ZERO).await?;
    let rss_quiet = peak_rss(pid)?;
    let flood = Flood::start(
        central.addr(),
        &ca,
        FloodConfig {
            slow: 1000,
            junk: 200,
            junk_bytes: MAX_PUSH_BYTES,
            stolen,
            stolen_every: 10,
            pushes: None,
            dribble_every: Duration::from_secs(1),
            low_priority,
        },
    )?;
    flood.in_force(1000, Duration::from_secs(120)).await?;
    let t = Instant::now();
    let loaded = rounds(&dev, ROUNDS, Duration::from_secs(20)).await;
    let flooded_for = t.elapsed();
    let stats = flood.stop();
    let loaded = loaded?;
    let peak = peak_rss(pid)?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    quiet.extend(rounds(&dev, ROUNDS, Duration::ZERO).await?);
    let n = loaded.len();
    let worst = loaded.iter().max().copied().unwrap_or_default();
    let (q, l) = (median(quiet), median(loaded));
    let priority = if low_priority { "lowest" } else { "same" };
    println!(
        "flood ({priority} priority): round median {:.1} ms quiet, {:.1} ms flooded over {n} rounds \
         ({:.2}×, goal ≤ 3×; worst {:.1} ms); server peak RSS {} MiB (quiet {} MiB)",
        q.as_secs_f64() * 1e3,
        l.as_secs_f64() * 1e3,
        l.as_secs_f64() / q.as_secs_f64(),
        worst.as_secs_f64() * 1e3,
        peak >> 20,
        rss_quiet >> 20,
    );
    println!(
        "  over {:.1} s: {} slow connections opened, {} cut off by the server; {} junk pushes \
         (answers {:?}, {} unanswered, {} MiB of junk written before the answers), {} connections \
         refused",
        flooded_for.as_secs_f64(),
        stats.slow_opened,
        stats.slow_cut,
        stats.pushes,
        stats.answers,
        stats.unanswered,
        stats.junk_sent >> 20,
        stats.connect_failed,
    );
    Ok(())
}
