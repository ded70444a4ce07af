//! `zastita-central`: the central record's binary — `init` (TLS material and schema), `serve`
//! (the HTTPS API), and the station's admin commands (officers, devices, court decisions, case
//! numbers, listings). Parsing and printing only; the work is in the library.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use clap::Parser;
use serde::Serialize;
use zastita_central::server::limits::Guard;
use zastita_central::server::{self, AppState, Options};
use zastita_central::store::admin::CourtDecision;
use zastita_central::store::{Location, Store, now};
use zastita_central::tls::{self, CertSource};
use zastita_protocol::enrollment::EnrollmentCode;
use zastita_protocol::messages::CourtOutcome;

mod args;
use args::*;

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

fn data_dir(cli: &Cli) -> Result<&Path> {
    cli.data
        .as_deref()
        .context("--data DIR is required (the directory `init` made)")
}

fn open(cli: &Cli) -> Result<Store> {
    let location = match (&cli.database, &cli.data) {
        (Some(url), _) => Location::Postgres(url.clone()),
        (None, Some(dir)) => Location::from_args(dir, None),
        (None, None) => bail!("--data DIR (or --database URL) is required"),
    };
    if let Location::Sqlite(path) = &location
        && !path.exists()
    {
        bail!(
            "{} does not exist: run `zastita-central init --data DIR` first",
            path.display()
        );
    }
    Store::open(&location).context("cannot open the central record's database")
}

fn run() -> Result<()> {
    let cli = Cli::parse();
    // ring is the only crypto provider (PLATFORM.md); `Err` means one is installed already.
    let _ = rustls::crypto::ring::default_provider().install_default();
    match &cli.command {
        Command::Init(a) => init(&cli, a),
        Command::Serve(a) => serve(&cli, a),
        Command::Officer(c) => officer(&cli, c),
        Command::Device(c) => device(&cli, c),
        Command::CourtDecision(c) => court(&cli, c),
        Command::CaseNumber(CaseNumberCommand::Assign { case, number, auto }) => {
            let store = open(&cli)?;
            let number = if *auto { None } else { number.as_deref() };
            let assigned = store.assign_case_number(*case, number, now())?;
            println!("case {case}: {assigned}");
            Ok(())
        }
        Command::Cases(l) => list(
            l.json(),
            &open(&cli)?.cases()?,
            &[
                "case_id",
                "number",
                "police_administration",
                "year",
                "device_id",
                "versions",
            ],
        ),
        Command::Records(l) => list(
            l.json(),
            &open(&cli)?.records()?,
            &[
                "device_id",
                "seq",
                "version_id",
                "record_id",
                "kind",
                "version",
                "payload_sha256",
                "received_at",
            ],
        ),
        Command::Conflicts(l) => list(
            l.json(),
            &open(&cli)?.conflicts()?,
            &[
                "device_id",
                "seq",
                "version_id",
                "existing_version_id",
                "reason",
                "received_at",
            ],
        ),
        Command::Quarantine(l) => list(
            l.json(),
            &open(&cli)?.quarantine()?,
            &[
                "device_id",
                "seq",
                "version_id",
                "kind",
                "reason",
                "received_at",
            ],
        ),
        Command::Attachments(l) => list(
            l.json(),
            &open(&cli)?.attachments()?,
            &[
                "record_id",
                "sha256",
                "size",
                "received",
                "complete",
                "device_id",
            ],
        ),
    }
}

/// Rows as a JSON array, or as tab-separated `columns` under a header.
fn list<T: Serialize>(json: bool, rows: &[T], columns: &[&str]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, rows)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{}", columns.join("\t"))?;
    for row in rows {
        let v = serde_json::to_value(row)?;
        let cells: Vec<String> = columns
            .iter()
            .map(|c| match &v[*c] {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => "-".into(),
                other => other.to_string(),
            })
            .collect();
        writeln!(out, "{}", cells.join("\t"))?;
    }
    Ok(())
}

fn init(cli: &Cli, a: &InitArgs) -> Result<()> {
    let dir = data_dir(cli)?;
    let hostnames: Vec<String> = if a.hostnames.is_empty() {
        tls::DEFAULT_HOSTNAMES
            .iter()
            .map(|s| (*s).to_owned())
            .collect()
    } else {
        a.hostnames.clone()
    };
    let source = match (&a.ca_cert, &a.ca_key, &a.cert, &a.key) {
        (None, None, None, None) => CertSource::Generate,
        (Some(ca_cert), Some(ca_key), None, None) => CertSource::WithCa {
            ca_cert: ca_cert.clone(),
            ca_key: ca_key.clone(),
        },
        (Some(ca_cert), None, Some(cert), Some(key)) => CertSource::Provided {
            cert: cert.clone(),
            key: key.clone(),
            ca_cert: ca_cert.clone(),
        },
        _ => bail!("give either --ca-cert with --ca-key, or --cert, --key and --ca-cert, or none"),
    };
    tls::init(dir, &hostnames, &source)?;
    let store = Store::open(&Location::from_args(dir, cli.database.as_deref()))
        .context("cannot create the central record's database")?;
    let fingerprint = tls::ca_fingerprint(&tls::ca_pem(dir)?)?;
    println!(
        "initialised {} ({} storage); CA SHA-256 {fingerprint}",
        dir.display(),
        store.backend_name()
    );
    Ok(())
}

fn serve(cli: &Cli, a: &ServeArgs) -> Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .init();
    let dir = data_dir(cli)?;
    let tls_config = tls::server_config(dir)?;
    let ca_pem = tls::ca_pem(dir)?;
    let store = open(cli)?;
    let listener = std::net::TcpListener::bind(a.listen)
        .with_context(|| format!("cannot listen on {}", a.listen))?;
    let state = AppState {
        store,
        options: Arc::new(Options {
            auto_numbers: a.auto_case_numbers,
            ca_pem,
        }),
        guard: Arc::new(Guard::new(a.limits.limits())),
    };
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(server::serve(state, tls_config, listener, |addr| {
        println!("listening on https://{addr}");
        let _ = std::io::stdout().flush();
        tracing::info!(%addr, "listening");
    }))?;
    Ok(())
}

fn officer(cli: &Cli, c: &OfficerCommand) -> Result<()> {
    let store = open(cli)?;
    match c {
        OfficerCommand::Add {
            badge,
            name,
            role,
            rank,
        } => {
            store.add_officer(badge, name, (*role).into(), rank.as_deref(), now())?;
            println!("officer {badge} added");
        }
        OfficerCommand::Remove { badge } => {
            store.remove_officer(badge, now())?;
            println!("officer {badge} removed");
        }
        OfficerCommand::List { json } => {
            list(
                *json,
                &store.officers()?,
                &["badge", "name", "role", "rank", "added_at", "removed_at"],
            )?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct EnrollOutput {
    code: String,
    token: String,
    expires_at: DateTime<Utc>,
}

fn device(cli: &Cli, c: &DeviceCommand) -> Result<()> {
    match c {
        DeviceCommand::Enroll {
            label,
            server,
            valid_hours,
            json,
        } => {
            let dir = data_dir(cli)?;
            let fingerprint = tls::ca_fingerprint(&tls::ca_pem(dir)?)?;
            let server = server.trim_end_matches('/').to_owned();
            let store = open(cli)?;
            let token =
                store.create_token(label, TimeDelta::hours(i64::from(*valid_hours)), now())?;
            let code = EnrollmentCode {
                token: token.token.clone(),
                ca_sha256: fingerprint,
                server,
            };
            // Check the code reads back (an address without https:// would not).
            code.to_string()
                .parse::<EnrollmentCode>()
                .context("the enrolment code would not be readable; check --server")?;
            if *json {
                let out = EnrollOutput {
                    code: code.to_string(),
                    token: token.token,
                    expires_at: token.expires_at,
                };
                println!("{}", serde_json::to_string(&out)?);
            } else {
                let qr = qrcode::QrCode::new(code.to_string().as_bytes())?;
                let picture = qr
                    .render::<qrcode::render::unicode::Dense1x2>()
                    .dark_color(qrcode::render::unicode::Dense1x2::Light)
                    .light_color(qrcode::render::unicode::Dense1x2::Dark)
                    .build();
                println!("{picture}");
                println!("{code}");
                // The station reads Belgrade time; the UTC instant follows for the record.
                println!(
                    "valid until {} Belgrade time ({})",
                    token
                        .expires_at
                        .with_timezone(&chrono_tz::Europe::Belgrade)
                        .format("%d.%m.%Y. %H:%M"),
                    token
                        .expires_at
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                );
            }
        }
        DeviceCommand::Revoke { device } => {
            let store = open(cli)?;
            if store.revoke(*device, now())? {
                println!("device {device} revoked; it will wipe itself when it next syncs");
            } else {
                println!("device {device} was already revoked");
            }
        }
        DeviceCommand::List { json } => {
            let store = open(cli)?;
            list(
                *json,
                &store.devices()?,
                &["id", "label", "enrolled_at", "revoked_at", "acked_seq"],
            )?;
        }
    }
    Ok(())
}

fn court(cli: &Cli, c: &CourtCommand) -> Result<()> {
    let CourtCommand::Add {
        order,
        court,
        number,
        decided_on,
        outcome,
        ends_at,
    } = c;
    let decided_on = NaiveDate::parse_from_str(decided_on, "%Y-%m-%d")
        .with_context(|| format!("--decided-on {decided_on:?} is not a date like 2026-12-01"))?;
    let ends_at = ends_at
        .as_deref()
        .map(|s| {
            DateTime::parse_from_rfc3339(s)
                .map(|t| t.with_timezone(&Utc))
                .with_context(|| {
                    format!("--ends-at {s:?} is not an instant like 2026-12-30T12:00:00+01:00")
                })
        })
        .transpose()?;
    let store = open(cli)?;
    let seq = store.add_court_decision(
        &CourtDecision {
            order_id: *order,
            court: court.clone(),
            number: number.clone(),
            decided_on,
            outcome: match outcome {
                Outcome::Extended => CourtOutcome::Extended,
                Outcome::Refused => CourtOutcome::Refused,
            },
            ends_at,
        },
        now(),
    )?;
    println!("court decision recorded (change {seq})");
    Ok(())
}
