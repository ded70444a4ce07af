//! The station's everyday admin commands: the roster (`officer`), devices (`device`: enrolment
//! codes, revocation, administrations, the list) and court decisions (`court-decision`). Each
//! change runs through `audited`, so it and its admin audit entry commit together.

use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde::Serialize;
use serde_json::json;
use zastita_central::store::admin::CourtDecision;
use zastita_central::store::admin_audit::AdminEntry;
use zastita_central::store::now;
use zastita_central::store::roster::NewOfficer;
use zastita_central::tls;
use zastita_protocol::enrollment::EnrollmentCode;
use zastita_protocol::messages::CourtOutcome;

use super::args::*;
use super::{audited, data_dir, list, open, operator, reading};

pub(crate) fn officer(cli: &Cli, c: &OfficerCommand) -> Result<()> {
    match c {
        OfficerCommand::Add {
            badge,
            name,
            role,
            rank,
            administration,
            since,
        } => {
            let since = since
                .as_deref()
                .map(|s| {
                    DateTime::parse_from_rfc3339(s)
                        .map(|t| t.with_timezone(&Utc))
                        .with_context(|| {
                            format!(
                                "--since {s:?} is not an instant like 2026-12-01T07:00:00+01:00"
                            )
                        })
                })
                .transpose()?;
            let role: zastita_protocol::messages::OfficerRole = (*role).into();
            // The badge, role and administration, not the officer's name or rank: the roster holds
            // them, sealed (the admin audit is not: its chain is checked without the key).
            let entry = AdminEntry::new("officer.add")
                .target(format!("officer:{badge}"))
                .detail(json!({"role": role, "administration": administration,
                               "since": since}));
            audited(cli, true, entry)?.add_officer(
                &NewOfficer {
                    badge,
                    name,
                    role,
                    rank: rank.as_deref(),
                    administration: administration.as_deref(),
                    since,
                },
                now(),
            )?;
            println!("officer {badge} added");
        }
        OfficerCommand::Assign {
            badge,
            administration,
        } => {
            let entry = AdminEntry::new("officer.assign")
                .target(format!("officer:{badge}"))
                .detail(json!({"administration": administration}));
            if audited(cli, true, entry)?.assign_officer(badge, administration, now())? {
                println!("officer {badge} assigned to {administration}");
            } else {
                println!("officer {badge} was already in {administration}");
            }
        }
        OfficerCommand::Remove { badge } => {
            let entry = AdminEntry::new("officer.remove").target(format!("officer:{badge}"));
            audited(cli, true, entry)?.remove_officer(badge, now())?;
            println!("officer {badge} removed");
        }
        OfficerCommand::List { json } => {
            list(
                *json,
                &reading(cli, "officer.list")?.officers()?,
                &[
                    "badge",
                    "name",
                    "role",
                    "rank",
                    "administration",
                    "added_at",
                    "removed_at",
                ],
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

pub(crate) fn device(cli: &Cli, c: &DeviceCommand) -> Result<()> {
    match c {
        DeviceCommand::Enroll {
            label,
            server,
            valid_hours,
            administration,
            json,
        } => {
            let dir = data_dir(cli)?;
            let fingerprint = tls::ca_fingerprint(&tls::ca_pem(dir)?)?;
            let server = server.trim_end_matches('/').to_owned();
            let store = open(cli)?;
            let actor = operator::actor(cli, true)?;
            let token = store.create_token_for(
                label,
                administration.as_deref(),
                TimeDelta::hours(i64::from(*valid_hours)),
                now(),
            )?;
            // The token's digest is the tokens table's key: the entry names which token, never
            // the token itself. The token is made before its digest is known, so the entry
            // follows in a transaction of its own; a token whose entry failed is never shown,
            // and so never used.
            let digest = zastita_protocol::signing::sha256_hex(token.token.as_bytes());
            store.append_admin_audit(
                &actor,
                &AdminEntry::new("device.enroll")
                    .target(format!("token:{digest}"))
                    .detail(json!({"label": label, "server": server,
                                   "administration": administration,
                                   "expires_at": token.expires_at})),
                now(),
            )?;
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
            let entry = AdminEntry::new("device.revoke").target(format!("device:{device}"));
            let store = audited(cli, true, entry)?;
            if store.revoke(*device, now())? {
                println!("device {device} revoked; it will wipe itself when it next syncs");
            } else {
                println!("device {device} was already revoked");
            }
        }
        DeviceCommand::Assign {
            device,
            administration,
        } => {
            let entry = AdminEntry::new("device.assign")
                .target(format!("device:{device}"))
                .detail(json!({"administration": administration}));
            if audited(cli, true, entry)?.assign_device(*device, administration, now())? {
                println!("device {device} assigned to {administration}");
            } else {
                println!("device {device} was already in {administration}");
            }
        }
        DeviceCommand::List { json } => {
            let store = reading(cli, "device.list")?;
            list(
                *json,
                &store.devices()?,
                &[
                    "id",
                    "label",
                    "administration",
                    "enrolled_at",
                    "revoked_at",
                    "acked_seq",
                ],
            )?;
        }
    }
    Ok(())
}

pub(crate) fn court(cli: &Cli, c: &CourtCommand) -> Result<()> {
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
    let entry = AdminEntry::new("court_decision.add")
        .target(format!("order:{order}"))
        .detail(json!({"outcome": match outcome {
            Outcome::Extended => "extended",
            Outcome::Refused => "refused",
        }, "decided_on": decided_on}));
    let store = audited(cli, true, entry)?;
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
