//! `zastita`: the command-line adapter over zastita-core's application services, for station
//! support, scripting and headless sync at a docking station (`zastita enroll`, `zastita sync`). It parses arguments, gets the
//! passphrase, calls one service and prints the answer; it holds no logic of its own.

mod args;
mod given;
mod network;
mod output;
mod person;
mod secret;

use given::{
    flag_error, give_purpose, parse_case_id, parse_id, parse_order_id, read_json, store_dir,
    write_file_durably,
};
use network::{Borrowed, runtime};

use anyhow::{Context, Result, bail};
use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

use args::{
    CaseCommand, Cli, Command, DocKind, InstrumentCommand, OfficerCommand, OrderCommand,
    StatementCommand, UnlockedCommand,
};
use zastita_core::app::{
    AddOfficerRequest, ChangePassphraseRequest, Device, DeviceConfig, GenerateDocumentRequest,
    InitRequest, Language, ListCasesRequest, RecordOrderEventRequest, SaveCaseDraftRequest,
    Session, SignStatementRequest, StartStatementRequest, UnlockRequest,
};
use zastita_core::domain::{CourtOutcome, OrderEventKind, StatementDraft};
use zastita_core::error::Error;
use zastita_core::risk::RiskLevel;
use zastita_core::sync::{self, ClientOptions, SessionAccess};
use zastita_core::templates::DocumentKind;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // 0 for `--help` and `--version`, 2 for a usage error.
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            // One clear line; the causes are joined, never a backtrace.
            eprintln!("zastita: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let dir = store_dir(&cli)?;
    let config = DeviceConfig::default();
    let command = match &cli.command {
        Command::Init { name, rank } => return init(&cli, &dir, name, rank, config),
        Command::Status { check_revocation } => {
            let mut device = Device::open(&dir, config)?;
            if *check_revocation {
                let checked = runtime()?
                    .block_on(device.check_revocation(&ClientOptions::default()))
                    .map_err(|e| anyhow::anyhow!(output::core_error(&e)))?;
                output::revocation(checked, cli.json)?;
            }
            if !cli.json || !*check_revocation {
                output::status(&device.status(), cli.json)?;
            }
            return Ok(ExitCode::SUCCESS);
        }
        Command::Unlocked(c) => c,
    };
    let mut device = Device::open(&dir, config)?;
    let mut session = unlock(&mut device, cli.officer.as_deref())?;
    let result = act(&mut session, command, cli.json).map_err(|e| match e.downcast::<Error>() {
        Ok(core) => anyhow::anyhow!(output::core_error(&session.diagnose(core))),
        Err(other) => other,
    });
    if session.is_revoked() {
        // The central record revoked this device and its keys are destroyed: end the session
        // and delete the database now (no lock entry: nobody can read the store any more).
        let closed = session.close_revoked();
        let code = result?;
        closed?;
        return Ok(code);
    }
    // Lock even when the command failed; report the command's error first.
    let locked = session.lock();
    let code = result?;
    if code != ExitCode::SUCCESS {
        // The command already reported the failure (e.g. `verify` found the store damaged, where
        // locking's own audit entry may not be writable either): one clear line is enough.
        return Ok(code);
    }
    locked?;
    Ok(code)
}

/// Creating a store is the only command without a passphrase to unlock with.
fn init(
    cli: &Cli,
    dir: &std::path::Path,
    name: &str,
    rank: &str,
    config: DeviceConfig,
) -> Result<ExitCode> {
    let badge = cli
        .officer
        .clone()
        .context("init needs the first officer's badge: --officer BADGE")?;
    let passphrase = secret::new_passphrase("ZASTITA_PIN", "Passphrase for the new officer")?;
    let session = Device::init(
        dir,
        InitRequest {
            badge,
            name: name.to_owned(),
            passphrase,
            rank: rank.to_owned(),
        },
        config,
    )?;
    output::init(&session, dir, cli.json)?;
    session.lock()?;
    Ok(ExitCode::SUCCESS)
}

fn unlock(device: &mut Device, officer: Option<&str>) -> Result<Session> {
    let status = device.status();
    let badge = match officer {
        Some(b) => b.to_owned(),
        None => match status.officers.as_slice() {
            [one] => one.to_string(),
            [] => bail!("no officer is enrolled on this device"),
            many => bail!(
                "{} officers are enrolled on this device: choose one with --officer BADGE ({})",
                many.len(),
                many.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
    };
    let passphrase = secret::passphrase("ZASTITA_PIN", &format!("Passphrase for {badge}"))?;
    device
        .unlock(UnlockRequest { badge, passphrase })
        .map_err(|e| anyhow::anyhow!(output::core_error(&e)))
}

fn act(session: &mut Session, command: &UnlockedCommand, json: bool) -> Result<ExitCode> {
    // Core errors travel up as themselves so `run` can diagnose them before printing.
    let err = |e: Error| anyhow::Error::new(e);
    match command {
        UnlockedCommand::Officer(OfficerCommand::Add {
            badge,
            name,
            role,
            rank,
        }) => {
            let passphrase =
                secret::new_passphrase("ZASTITA_NEW_PIN", &format!("Passphrase for {badge}"))?;
            let info = session
                .add_officer(AddOfficerRequest {
                    badge: badge.clone(),
                    name: name.clone(),
                    passphrase,
                    role: (*role).into(),
                    rank: rank.clone(),
                })
                .map_err(err)?;
            output::officer_added(&info, json)?;
        }
        UnlockedCommand::Officer(OfficerCommand::Rank { badge, rank }) => {
            let info = session.set_officer_rank(badge, rank).map_err(err)?;
            output::officer_added(&info, json)?;
        }
        UnlockedCommand::Officer(OfficerCommand::Role { badge, role }) => {
            let info = session
                .set_officer_role(badge, (*role).into())
                .map_err(err)?;
            output::officer_added(&info, json)?;
        }
        UnlockedCommand::Officer(OfficerCommand::Passwd) => {
            let current = secret::passphrase("ZASTITA_PIN", "Current passphrase")?;
            let new = secret::new_passphrase("ZASTITA_NEW_PIN", "New passphrase")?;
            session
                .change_passphrase(ChangePassphraseRequest { current, new })
                .map_err(err)?;
            output::done("passphrase changed", json)?;
        }
        UnlockedCommand::Officer(OfficerCommand::List) => {
            output::officers(&session.list_officers().map_err(err)?, json)?;
        }
        UnlockedCommand::Case(CaseCommand::Draft { file, id }) => {
            let id = id.as_deref().map(parse_case_id).transpose()?;
            let saved = session
                .save_case_draft(SaveCaseDraftRequest {
                    id,
                    content: read_json(file)?,
                })
                .map_err(err)?;
            output::draft_saved(&saved, json)?;
        }
        UnlockedCommand::Case(CaseCommand::Record { id }) => {
            let recorded = session.record_case(parse_case_id(id)?).map_err(err)?;
            output::case_recorded(&recorded, json)?;
        }
        UnlockedCommand::Statement(StatementCommand::Start {
            case_id,
            person_id,
            amends,
            file,
        }) => {
            let draft: StatementDraft = match file {
                Some(f) => read_json(f)?,
                None => StatementDraft::default(),
            };
            let view = session
                .start_statement(StartStatementRequest {
                    case_id: parse_case_id(case_id)?,
                    person_id: parse_id(person_id, "a person")?,
                    amends: amends
                        .as_deref()
                        .map(|a| parse_id(a, "a statement"))
                        .transpose()?,
                    draft,
                })
                .map_err(err)?;
            output::statement(&view, json)?;
        }
        UnlockedCommand::Statement(StatementCommand::Save { id, file }) => {
            let view = session
                .save_statement_draft(parse_id(id, "a statement")?, read_json(file)?)
                .map_err(err)?;
            output::statement(&view, json)?;
        }
        UnlockedCommand::Statement(StatementCommand::Sign { id, file }) => {
            let mut signatures: serde_json::Value = read_json(file)?;
            let serde_json::Value::Object(fields) = &mut signatures else {
                bail!("{} must hold a JSON object of signatures", file.display());
            };
            fields.insert("id".to_owned(), serde_json::Value::String(id.clone()));
            let req: SignStatementRequest = serde_json::from_value(signatures)
                .with_context(|| format!("{} is not valid here", file.display()))?;
            let view = session.sign_statement(req).map_err(err)?;
            output::statement(&view, json)?;
        }
        UnlockedCommand::Case(CaseCommand::Import { file }) => {
            let bytes =
                std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
            let id = session.import_case(&bytes).map_err(err)?;
            output::imported(id, json)?;
        }
        UnlockedCommand::Case(CaseCommand::List {
            search,
            limit,
            purpose,
        }) => {
            give_purpose(session, None, purpose)?;
            let cases = session
                .list_cases(ListCasesRequest {
                    search: search.clone(),
                    limit: *limit,
                    offset: None,
                })
                .map_err(err)?;
            output::case_list(&cases, json)?;
        }
        UnlockedCommand::Case(CaseCommand::Show { id, purpose }) => {
            let id = parse_case_id(id)?;
            give_purpose(session, Some(id), purpose)?;
            let view = session.open_case(id).map_err(err)?;
            output::case_view(&view, json)?;
        }
        UnlockedCommand::Case(CaseCommand::Export {
            id,
            output: path,
            purpose,
            recipient,
        }) => {
            let id = parse_case_id(id)?;
            give_purpose(session, Some(id), purpose)?;
            let bytes = session
                .export_case(id, recipient)
                .map_err(|e| flag_error("--recipient", e))?;
            match path {
                Some(p) => write_file_durably(p, &bytes)?,
                None => std::io::stdout().write_all(&bytes)?,
            }
        }
        UnlockedCommand::Document {
            case_id,
            purpose,
            kind,
            order_id,
            lang,
            output: path,
        } => {
            let case_id = parse_case_id(case_id)?;
            give_purpose(session, Some(case_id), purpose)?;
            let language: Language =
                serde_json::from_value(serde_json::Value::String(lang.clone())).map_err(|_| {
                    anyhow::anyhow!(
                        "`{lang}` is not a document language: use sr-Latn, sr-Cyrl, hu or en"
                    )
                })?;
            let kind = match kind {
                DocKind::Order => DocumentKind::Order,
                DocKind::Receipt => DocumentKind::Receipt,
                DocKind::Summary => DocumentKind::Summary,
            };
            let order_id = match order_id {
                Some(o) => Some(parse_order_id(o)?),
                None if kind.needs_order() => {
                    let view = session.open_case(case_id).map_err(err)?;
                    let latest = view
                        .file
                        .orders
                        .iter()
                        .rev()
                        .find(|o| o.order.issued.is_some())
                        .map(|o| o.order.id);
                    match latest {
                        Some(id) => Some(id),
                        None => bail!(
                            "case {case_id} has no issued order; a {} needs one",
                            kind.as_str()
                        ),
                    }
                }
                None => None,
            };
            let (doc, pdf) = session
                .generate_document(GenerateDocumentRequest {
                    case_id,
                    kind,
                    order_id,
                    language,
                })
                .map_err(err)?;
            write_file_durably(path, &pdf)?;
            output::document(&doc.info, path, json)?;
        }
        UnlockedCommand::Instrument(InstrumentCommand::List) => {
            output::instruments(&session.list_instruments().map_err(err)?, json)?;
        }
        UnlockedCommand::Instrument(InstrumentCommand::Add { file }) => {
            let bytes =
                std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
            let r = session.import_instrument(&bytes).map_err(err)?;
            output::done(
                &format!(
                    "instrument {} version {} is on this device",
                    r.id, r.version
                ),
                json,
            )?;
        }
        UnlockedCommand::Order(OrderCommand::Proposal { order_id, at }) => {
            let view = session
                .record_order_event(RecordOrderEventRequest {
                    id: parse_order_id(order_id)?,
                    event: OrderEventKind::ExtensionProposed {
                        at: at.with_timezone(&chrono::Utc),
                        court: None,
                    },
                })
                .map_err(err)?;
            output::order(&view, json)?;
        }
        UnlockedCommand::Order(OrderCommand::NotProposed {
            order_id,
            at,
            reason,
        }) => {
            let view = session
                .record_order_event(RecordOrderEventRequest {
                    id: parse_order_id(order_id)?,
                    event: OrderEventKind::ProsecutorDeclined {
                        at: at.with_timezone(&chrono::Utc),
                        reason: reason.clone(),
                    },
                })
                .map_err(err)?;
            output::order(&view, json)?;
        }
        UnlockedCommand::Order(OrderCommand::CourtDecision {
            order_id,
            court,
            number,
            date,
            ends_at,
            refused,
        }) => {
            let view = session
                .record_order_event(RecordOrderEventRequest {
                    id: parse_order_id(order_id)?,
                    event: OrderEventKind::CourtDecision {
                        court: court.clone(),
                        number: number.clone(),
                        decided_on: *date,
                        outcome: if *refused {
                            CourtOutcome::Refused
                        } else {
                            CourtOutcome::Extended
                        },
                        ends_at: ends_at.map(|t| t.with_timezone(&chrono::Utc)),
                    },
                })
                .map_err(err)?;
            output::order(&view, json)?;
        }
        UnlockedCommand::Reassessment {
            extreme_hours,
            high_hours,
            medium_hours,
            low_hours,
        } => {
            let mut schedule = session.reassessment_schedule().map_err(err)?;
            let changes = [
                (RiskLevel::Extreme, extreme_hours),
                (RiskLevel::High, high_hours),
                (RiskLevel::Medium, medium_hours),
                (RiskLevel::Low, low_hours),
            ];
            let mut changed = false;
            for (level, hours) in changes {
                if let Some(h) = hours {
                    schedule = schedule.with_hours(level, *h)?;
                    changed = true;
                }
            }
            if changed {
                session.set_reassessment_schedule(schedule).map_err(err)?;
            }
            output::reassessment(&schedule, json)?;
        }
        UnlockedCommand::Forwarding { warn_after_minutes } => {
            if let Some(m) = warn_after_minutes {
                session.set_forwarding_policy(*m).map_err(err)?;
            }
            let policy = session.forwarding_policy().map_err(err)?;
            output::forwarding(&policy, json)?;
        }
        UnlockedCommand::Enroll { code, label } => {
            let access = Borrowed(std::sync::Mutex::new(session));
            let options = ClientOptions::default();
            let enrolled = runtime()?
                .block_on(sync::enroll(&access, code, label, &options))
                .map_err(|e| err(e.into()))?;
            output::enrolled(&enrolled, json)?;
        }
        UnlockedCommand::Person(command) => person::history(session, command, json)?,
        UnlockedCommand::Sync { status: true } => {
            output::sync_status(&session.sync_status().map_err(err)?, json)?;
        }
        UnlockedCommand::Sync { status: false } => {
            let access = Borrowed(std::sync::Mutex::new(session));
            let options = ClientOptions::default();
            let summary = runtime()?
                .block_on(async {
                    let mut client = sync::client_for(&access, &options)?;
                    sync::run_round(&access, &mut client, |p| output::sync_progress(&p)).await
                })
                .map_err(|e| err(e.into()))?;
            output::sync_summary(&summary, json)?;
        }
        UnlockedCommand::Verify => {
            let report = session.verify().map_err(err)?;
            output::verify(&report, json)?;
            if !report.ok {
                return Ok(ExitCode::FAILURE);
            }
        }
        UnlockedCommand::Audit { limit } => {
            output::audit(&session.audit_log(*limit).map_err(err)?, json)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
