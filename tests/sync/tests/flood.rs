//! A device and the real central record under its abuse limits: a busy answer (429, 503) makes
//! the device wait and go on, never lose anything; a full attachment quota holds up that document
//! only; and a round still succeeds through a flood of slow connections and junk pushes while
//! the server's memory stays bounded (the short version of the sync bench's flood).

#![allow(clippy::unwrap_used)]

use std::time::Duration;

use zastita_protocol::messages::{MAX_PUSH_BYTES, codes};
use zastita_sync_tests::central::{Backend, Central};
use zastita_sync_tests::device::TestDevice;
use zastita_sync_tests::flood::{Flood, FloodConfig, peak_rss, raise_fd_limit};
use zastita_sync_tests::raw::RawClient;

async fn enroll(dev: &TestDevice, central: &Central) {
    dev.enroll(&central.enrollment_code(&central.url()).unwrap())
        .await
        .unwrap();
}

/// Versions of `dev`'s on the central record.
fn records(central: &Central) -> usize {
    central
        .admin_json(&["records", "list"])
        .unwrap()
        .as_array()
        .unwrap()
        .len()
}

/// The central record allows a device two requests and then one a second; a round takes more.
/// The device waits out each `Retry-After` and the round completes with everything on the
/// central record (before, the first 429 failed the round).
#[tokio::test]
async fn a_rate_limited_device_waits_and_its_round_completes() {
    let central = Central::start_with(
        Backend::Sqlite,
        &["--device-rate", "1", "--device-burst", "2"],
    )
    .unwrap();
    let dev = TestDevice::new().unwrap();
    dev.import_cases(2).unwrap();
    enroll(&dev, &central).await;
    let summary = dev.sync().await.unwrap();
    assert_eq!(summary.pending_after, 0, "{summary:?}");
    assert_eq!(records(&central) as u64, summary.acked_seq);
    assert!(summary.acked_seq > 0);
    assert!(
        central.log().contains("rate_limited"),
        "the round never met the limit, so this proves nothing"
    );
}

/// A central record whose quota is full refuses the device's PDF with `quota_exceeded`: the
/// document is noted as refused (offered again every round), and the round — its records and
/// its feed — completes (before, the refusal failed the round).
#[tokio::test]
async fn a_full_attachment_quota_holds_up_that_document_only() {
    let central = Central::start_with(Backend::Sqlite, &["--attachment-quota-mib", "0"]).unwrap();
    let dev = TestDevice::new().unwrap();
    let case = dev.import_cases(1).unwrap()[0];
    dev.summary_pdf(case).unwrap();
    enroll(&dev, &central).await;
    let summary = dev.sync().await.unwrap();
    assert_eq!(summary.pending_after, 0, "{summary:?}");
    assert_eq!(summary.attachments_refused, 1, "{summary:?}");
    let status = dev.status().unwrap();
    assert_eq!(status.attachments_refused.len(), 1);
    assert_eq!(status.attachments_refused[0].code, codes::QUOTA_EXCEEDED);
}

/// 1,000 connections dribbling their headers and 200 clients pushing 8 MiB of junk with a bad
/// signature again and again (a tenth of them naming enrolled devices, so that their bodies are
/// read), while a real device syncs: its round succeeds and the server's peak memory stays under
/// a bound derived from its limits (before, every junk body was read whole before anything was
/// checked: 200 × 8 MiB at once). No time is asserted; the sync bench measures the round's time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_round_succeeds_through_a_flood_and_the_server_stays_bounded() {
    raise_fd_limit(8192).unwrap();
    const MAX_REQUESTS: u64 = 32;
    let central = Central::start_with(
        Backend::Sqlite,
        &["--header-timeout", "2s", "--max-requests", "32"],
    )
    .unwrap();
    let ca = central.ca_pem().unwrap();
    let mut stolen = Vec::new();
    for _ in 0..2 {
        let token = central.enrollment_token().unwrap();
        stolen.push(
            RawClient::enroll(&central.url(), &ca, &token)
                .await
                .unwrap()
                .device_id(),
        );
    }
    let dev = TestDevice::new().unwrap();
    dev.import_cases(3).unwrap();
    enroll(&dev, &central).await;
    let pid = central.pid().unwrap();
    let quiet = peak_rss(pid).unwrap();

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
            dribble_every: Duration::from_millis(250),
            low_priority: false,
        },
    )
    .unwrap();
    flood.in_force(1000, Duration::from_secs(60)).await.unwrap();
    let summary = dev.sync().await;
    let stats = flood.stop();
    let summary = summary.unwrap();
    assert_eq!(summary.pending_after, 0, "{summary:?}");
    let peak = peak_rss(pid).unwrap();
    println!(
        "flood: {stats:?}; server peak RSS {} MiB (quiet {} MiB)",
        peak >> 20,
        quiet >> 20
    );
    assert!(
        stats.slow_opened >= 1000 && stats.pushers == 200,
        "{stats:?}"
    );
    // Bodies being read: at most one per request in progress; the rest (connections, TLS, the
    // store) is what the quiet server held, with a margin for 1,200 connections.
    let bound = quiet + MAX_REQUESTS * MAX_PUSH_BYTES as u64 + 128 * 1024 * 1024;
    assert!(
        peak < bound,
        "peak RSS {} MiB over the bound {} MiB",
        peak >> 20,
        bound >> 20
    );
    // And it serves on.
    dev.import_cases(1).unwrap();
    assert_eq!(dev.sync().await.unwrap().pending_after, 0);
}
