//! `zastita-central`: the central record's binary — `init` (TLS material, the central key and
//! the schema), `serve` (the HTTPS API), and the station's admin commands (officers, devices,
//! court decisions, case numbers, the console's operator accounts (`operators_cli.rs`), listings, the server certificate's renewal, the admin audit,
//! `verify`; officers, devices and court decisions in `station.rs`, the central key's rotation
//! in `key_commands.rs`), each written to the admin audit with its operator. Parsing and
//! printing only; the work is in the library.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use clap::Parser;
use serde::Serialize;
use serde_json::json;
use zastita_central::server::limits::Guard;
use zastita_central::server::{self, AppState, Options};
use zastita_central::store::admin_audit::{Actor, AdminEntry};
use zastita_central::store::postgres::PgTarget;
use zastita_central::store::{Location, Store, now};
use zastita_central::tls;

mod args;
mod certs;
mod key_commands;
mod operator;
mod operators_cli;
mod station;
use args::*;
use key_commands::central_keys;

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

/// `--database` with its TLS options, when given.
fn database(cli: &Cli) -> Result<Option<PgTarget>> {
    match &cli.database {
        Some(url) => Ok(Some(PgTarget {
            url: url.clone(),
            ca: cli.database_ca.clone(),
            insecure_local: cli.insecure_local_database,
        })),
        None if cli.database_ca.is_some() || cli.insecure_local_database => {
            bail!("--database-ca and --insecure-local-database are for --database (PostgreSQL)")
        }
        None => Ok(None),
    }
}

/// Where the store is: `--database`, else `DIR/central.db`, which must exist (only `init` makes
/// one: a wrong path never becomes a new empty database).
fn location(cli: &Cli) -> Result<Location> {
    let location = match (database(cli)?, &cli.data) {
        (Some(target), _) => Location::Postgres(target),
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
    Ok(location)
}

fn open(cli: &Cli) -> Result<Store> {
    Store::open(&location(cli)?, central_keys(cli)?)
        .context("cannot open the central record's database")
}

/// The store, with `entry` by this command's operator written in the transaction of what the
/// command does (refused without `--operator` when the command changes something).
fn audited(cli: &Cli, changing: bool, entry: AdminEntry) -> Result<Store> {
    let actor = operator::actor(cli, changing)?;
    Ok(open(cli)?.audited(&actor, entry))
}

/// A listing, audited as a consultation.
fn reading(cli: &Cli, action: &str) -> Result<Store> {
    audited(cli, false, AdminEntry::new(action))
}

fn run() -> Result<()> {
    let cli = Cli::parse();
    // ring is the only crypto provider (PLATFORM.md); `Err` means one is installed already.
    let _ = rustls::crypto::ring::default_provider().install_default();
    match &cli.command {
        Command::Init(a) => certs::init(&cli, a),
        Command::Serve(a) => serve(&cli, a),
        Command::Officer(c) => station::officer(&cli, c),
        Command::Device(c) => station::device(&cli, c),
        Command::Operator(c) => operators_cli::operator(&cli, c),
        Command::CourtDecision(c) => station::court(&cli, c),
        Command::CaseNumber(CaseNumberCommand::Assign { case, number, auto }) => {
            let entry = AdminEntry::new("case_number.assign")
                .target(format!("case:{case}"))
                .detail(json!({"auto": auto, "number": number}));
            let store = audited(&cli, true, entry)?;
            let number = if *auto { None } else { number.as_deref() };
            let assigned = store.assign_case_number(*case, number, now())?;
            println!("case {case}: {assigned}");
            Ok(())
        }
        Command::Cases(l) => list(
            l.json(),
            &reading(&cli, "cases.list")?.cases()?,
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
            &reading(&cli, "records.list")?.records()?,
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
            &reading(&cli, "conflicts.list")?.conflicts()?,
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
            &reading(&cli, "quarantine.list")?.quarantine()?,
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
            &reading(&cli, "attachments.list")?.attachments()?,
            &[
                "record_id",
                "sha256",
                "size",
                "received",
                "complete",
                "device_id",
            ],
        ),
        Command::Cert(CertCommand::Renew { ca_key, hostnames }) => {
            certs::renew(&cli, ca_key, hostnames)
        }
        Command::Audit(l) => list(
            l.json(),
            &reading(&cli, "audit.list")?.admin_audit()?,
            &[
                "seq",
                "at",
                "actor_kind",
                "actor_id",
                "actor_name",
                "action",
                "target",
                "purpose",
                "detail",
                "hash",
            ],
        ),
        Command::Verify { json } => verify(&cli, *json),
        Command::RotateKey(a) => key_commands::rotate_key(&cli, a),
        Command::EncryptDatabase => key_commands::encrypt_database(&cli),
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

fn verify(cli: &Cli, json: bool) -> Result<()> {
    let actor = operator::actor(cli, false)?;
    let store = open(cli)?;
    let report = store.verify()?;
    store.append_admin_audit(
        &actor,
        &AdminEntry::new("verify").detail(json!({
            "ok": report.ok,
            "problems": report.problems().len(),
        })),
        now(),
    )?;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        for s in &report.sections {
            let state = if s.ok() { "ok" } else { "FAILED" };
            writeln!(out, "{}: {} checked, {state}", s.name, s.checked)?;
            for p in &s.problems {
                writeln!(out, "  - {p}")?;
            }
            if let Some(note) = &s.note {
                writeln!(out, "  ({note})")?;
            }
        }
    }
    out.flush()?;
    if !report.ok {
        eprintln!(
            "verify: {} problem(s) found in the central record",
            report.problems().len()
        );
        std::process::exit(2);
    }
    Ok(())
}

fn serve(cli: &Cli, a: &ServeArgs) -> Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .init();
    let dir = data_dir(cli)?;
    if !a.allow_ca_key_in_data {
        tls::check_no_ca_key(dir)?;
    }
    let tls_config = tls::server_config(dir)?;
    let ca_pem = tls::ca_pem(dir)?;
    let store = open(cli)?;
    store.append_admin_audit(
        &Actor::system(&operator::os_user())?,
        &AdminEntry::new("serve.start").detail(json!({
            "listen": a.listen.to_string(),
            "auto_case_numbers": a.auto_case_numbers,
            "allow_ca_key_in_data": a.allow_ca_key_in_data,
            "insecure_local_database": cli.insecure_local_database,
        })),
        now(),
    )?;
    if a.allow_ca_key_in_data {
        tracing::warn!("serving with the CA's private key in the data directory (demo only)");
    }
    let listener = std::net::TcpListener::bind(a.listen)
        .with_context(|| format!("cannot listen on {}", a.listen))?;
    let state = AppState {
        store,
        options: Arc::new(Options {
            auto_numbers: a.auto_case_numbers,
            ca_pem,
            console: a.console.options(),
        }),
        guard: Arc::new(Guard::new(a.limits.limits())),
    };
    // The store is dropped last, here, outside the runtime: PostgreSQL's synchronous client
    // closes its connections with a runtime of its own, which panics inside another one.
    let store = state.store.clone();
    let runtime = tokio::runtime::Runtime::new()?;
    let served = runtime.block_on(server::serve(
        state.clone(),
        zastita_central::surface::router_for(state),
        tls_config,
        listener,
        |addr| {
            println!("listening on https://{addr}");
            let _ = std::io::stdout().flush();
            tracing::info!(%addr, "listening");
        },
    ));
    drop(runtime);
    drop(store);
    served?;
    Ok(())
}
