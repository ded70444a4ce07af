//! What the officer waits for, and what the app costs, measured on the real binary (not a timed
//! test: numbers to read and compare, never asserted). Run with the release build:
//!
//! ```sh
//! cargo build --release -p zastita-app
//! ZASTITA_APP_BIN=$CARGO_TARGET_DIR/release/zastita-app cargo bench -p zastita-e2e
//! ```
//!
//! Seeds a store with 1,000 recorded cases through core (production key-derivation cost), then,
//! through WebDriver: cold start to the unlock screen, unlock to the case list shown, and the
//! resident memory of the app idle on that list (the app process, and with WebKit's web and
//! network processes).

use anyhow::{Context, Result};
use serde_json::json;
use std::path::Path;
use std::time::{Duration, Instant};
use thirtyfour::prelude::*;
use zastita_core::app::{CaseContent, Device, DeviceConfig, InitRequest, SaveCaseDraftRequest};
use zastita_e2e::{Display, TestApp, app_binary};

const CASES: usize = 1_000;
const BADGE: &str = "NS1234";
const PASS: &str = "Zelena livada 7";

fn seed(dir: &Path) -> Result<Duration> {
    let t = Instant::now();
    let init: InitRequest = serde_json::from_value(json!({
        "badge": BADGE, "name": "Milan Jovanović", "passphrase": PASS
    }))?;
    let mut session = Device::init(dir, init, DeviceConfig::default())?;
    let reported = (chrono::Utc::now() - chrono::Duration::hours(3)).to_rfc3339();
    let towns = ["Novi Sad", "Subotica", "Zrenjanin", "Sombor"];
    for i in 0..CASES {
        let town = towns[i % towns.len()];
        let content: CaseContent = serde_json::from_value(json!({
            "incident": {
                "reported_at": reported, "police_arrived_at": reported,
                "address": format!("Bulevar oslobođenja {}, stan {}", i % 200 + 1, i % 17 + 1),
                "municipality": town,
                "reported_by": {"kind": "neighbour", "name": "Ana Kovač", "phone": ""},
                "forms_of_violence": ["physical", "psychological"],
                "weapons_present": i % 3 == 0,
                "weapons": if i % 3 == 0 { json!([{"kind": "firearm", "description": "pištolj", "seized": true}]) } else { json!([]) },
                "children_present": false,
                "narrative": "Po dolasku na lice mesta zatečena je oštećena sa vidljivim povredama. ".repeat(8)
            },
            "people": [
                {"id": uuid(i, 1), "role": "victim", "given_name": format!("Jelena{i}"), "family_name": "Petrović"},
                {"id": uuid(i, 2), "role": "perpetrator", "given_name": format!("Marko{i}"), "family_name": "Petrović", "relationship_to_victim": "spouse"}
            ]
        }))?;
        let saved = session.save_case_draft(SaveCaseDraftRequest { id: None, content })?;
        session.record_case(saved.id)?;
    }
    session.lock()?;
    Ok(t.elapsed())
}

fn uuid(i: usize, k: u8) -> String {
    format!("01938f4e-{:04x}-7000-8000-{:012x}", k, i)
}

/// Resident memory (KiB) of the app process, and of it plus its WebKit child processes.
fn rss_kib(app: &Path) -> Result<(u64, u64)> {
    let mut app_pid = None;
    let mut procs = Vec::new();
    for entry in std::fs::read_dir("/proc")? {
        let entry = entry?;
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u64>() else {
            continue;
        };
        let Ok(status) = std::fs::read_to_string(entry.path().join("status")) else {
            continue;
        };
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|v| v.parse::<u64>().ok())
        };
        let exe = std::fs::read_link(entry.path().join("exe")).ok();
        if exe.as_deref() == Some(app) {
            app_pid = Some(pid);
        }
        procs.push((
            pid,
            field("PPid:\t").unwrap_or(0),
            field("VmRSS:\t").unwrap_or(0),
        ));
    }
    let app_pid = app_pid.context("the app process was not found")?;
    let own = procs.iter().find(|p| p.0 == app_pid).map_or(0, |p| p.2);
    let children: u64 = procs.iter().filter(|p| p.1 == app_pid).map(|p| p.2).sum();
    Ok((own, own + children))
}

#[tokio::main]
async fn main() -> Result<()> {
    let bin = std::fs::canonicalize(app_binary()?)?;
    let root = tempfile::tempdir()?;
    let store = root.path().join("store");
    let seeded = seed(&store)?;
    let display = Display::get()?;
    println!(
        "app binary: {} ({:.1} MiB)",
        bin.display(),
        std::fs::metadata(&bin)?.len() as f64 / 1048576.0
    );
    println!("seeded {CASES} recorded cases in {seeded:.2?}");

    let mut starts = Vec::new();
    for _ in 0..3 {
        let app = TestApp::start(&display, &store).await?;
        app.screen("unlock").await?;
        starts.push(app.started_in);
        app.quit().await?;
    }
    println!("start to unlock screen: {starts:.2?}");

    let app = TestApp::start(&display, &store).await?;
    app.screen("unlock").await?;
    tokio::time::sleep(Duration::from_secs(5)).await; // idle, locked
    let (locked_own, locked_total) = rss_kib(&bin)?;
    println!(
        "idle on the unlock screen: app process {:.1} MiB, with WebKit processes {:.1} MiB",
        locked_own as f64 / 1024.0,
        locked_total as f64 / 1024.0
    );
    app.type_into("unlock-passphrase", PASS).await?;
    let t = Instant::now();
    app.click("unlock-submit").await?;
    app.screen("cases").await?;
    let rows = app
        .driver
        .query(By::Css("[data-testid=\"case-row\"]"))
        .wait(Duration::from_secs(60), Duration::from_millis(10))
        .all_from_selector_required()
        .await?;
    let to_list = t.elapsed();
    println!(
        "unlock to case list ({} rows shown): {to_list:.2?}",
        rows.len()
    );

    tokio::time::sleep(Duration::from_secs(10)).await; // idle
    let (own, total) = rss_kib(&bin)?;
    println!(
        "idle on the case list with {CASES} cases: app process {:.1} MiB ({:.2}× locked), with WebKit processes {:.1} MiB ({:.2}× locked)",
        own as f64 / 1024.0,
        own as f64 / locked_own.max(1) as f64,
        total as f64 / 1024.0,
        total as f64 / locked_total.max(1) as f64
    );
    app.quit().await?;
    Ok(())
}
