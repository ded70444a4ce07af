//! How the CLI prints: JSON for machines (`--json`), short aligned text for people, instants in
//! Serbian local time (`Europe/Belgrade`, DST-aware) with the zone offset shown.

use anyhow::Result;
use chrono::{DateTime, Utc};
use chrono_tz::Europe::Belgrade;
use serde::Serialize;
use serde_json::json;
use std::io::Write;
use std::path::Path;

use zastita_core::app::{
    CaseSummary, CaseView, DeviceStatus, DocumentInfo, OfficerInfo, OrderView, RecordCaseResponse,
    RevocationCheck, SaveDraftResponse, Session, StatementView, VerifyReport,
};
use zastita_core::audit::Entry;
use zastita_core::casefile::CaseStatus;
use zastita_core::domain::CaseId;
use zastita_core::error::Error;
use zastita_core::law::OrderDeadlines;
use zastita_core::risk::{Instrument, ReassessmentSchedule, RiskLevel};
use zastita_core::sync::{EnrolledDevice, SyncPhase, SyncProgress, SyncStatus, SyncSummary};

/// An instant as Serbian local time, e.g. `2026-03-29 03:15 (+02:00)`.
mod cases;
mod history;
mod orders;
mod sync;

pub use cases::{case_list, case_view};
pub use history::{person_history, violation_recorded};
pub use orders::{document, forwarding, instruments, order, reassessment};
pub use sync::{enrolled, sync_progress, sync_status, sync_summary};

pub fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&Belgrade)
        .format("%Y-%m-%d %H:%M (%:z)")
        .to_string()
}

/// A core error as one line, with local times where it has them.
pub fn core_error(e: &Error) -> String {
    match e {
        Error::LockedOut {
            until,
            attempts_before_wipe,
        } => {
            let mut s = format!("too many wrong passphrases: locked until {}", local(*until));
            if let Some(n) = attempts_before_wipe {
                s.push_str(&format!(
                    "; WARNING: {n} more wrong attempt{} will destroy this device's keys",
                    if *n == 1 { "" } else { "s" }
                ));
            }
            s
        }
        other => other.to_string(),
    }
}

/// An enum value as its case-file code (`spouse`, `cold_weapon`), the same word the JSON uses.
fn code<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::from("?"),
    }
}

fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

pub fn init(session: &Session, dir: &Path, json: bool) -> Result<()> {
    if json {
        return print_json(&json!({
            "device_id": session.device_id(),
            "officer": session.officer(),
            "store": dir,
        }));
    }
    println!(
        "Created an encrypted store in {} for officer {} (device {}).",
        dir.display(),
        session.officer().badge,
        session.device_id()
    );
    Ok(())
}

pub fn status(s: &DeviceStatus, json: bool) -> Result<()> {
    if json {
        return print_json(s);
    }
    println!("device:   {}", s.device_id);
    let badges: Vec<String> = s.officers.iter().map(ToString::to_string).collect();
    println!("officers: {}", badges.join(", "));
    if s.revoked {
        println!(
            "state:    REVOKED — keys and database destroyed; hand the device in at the station"
        );
    } else if s.wiped {
        println!("state:    WIPED — keys destroyed, data unreadable");
    } else if let Some(until) = s.locked_until {
        println!("state:    locked out until {}", local(until));
    } else {
        println!("state:    locked (ready to unlock)");
    }
    if s.consecutive_failures > 0 {
        println!("failures: {} in a row", s.consecutive_failures);
    }
    if let Some(n) = s.attempts_before_wipe {
        println!("WARNING:  {n} more wrong attempts destroy this device's keys");
    }
    Ok(())
}

/// What asking the central record about revocation found (`status --check-revocation`).
pub fn revocation(r: RevocationCheck, json: bool) -> Result<()> {
    if json {
        return print_json(&json!({ "revocation": r }));
    }
    println!(
        "central:  {}",
        match r {
            RevocationCheck::CannotAsk => {
                "cannot ask while locked (not enrolled, or no status key yet: unlock and sync once)"
            }
            RevocationCheck::AlreadyWiped => "not asked: the keys were destroyed before",
            RevocationCheck::NotRevoked => "in service (not revoked)",
            RevocationCheck::Revoked => "REVOKED — the keys on this device were destroyed now",
        }
    );
    Ok(())
}

pub fn done(what: &str, json: bool) -> Result<()> {
    if json {
        return print_json(&json!({ "ok": true, "message": what }));
    }
    println!("{what}");
    Ok(())
}

pub fn officer_added(o: &OfficerInfo, json: bool) -> Result<()> {
    if json {
        return print_json(o);
    }
    if o.rank.is_empty() {
        println!("Officer {} ({}), {}.", o.badge, o.name, role(o.role));
    } else {
        println!(
            "Officer {} ({}, {}), {}.",
            o.badge,
            o.name,
            o.rank,
            role(o.role)
        );
    }
    Ok(())
}

fn role(r: zastita_core::app::OfficerRole) -> &'static str {
    match r {
        zastita_core::app::OfficerRole::Patrol => "patrol officer",
        zastita_core::app::OfficerRole::Competent => "competent officer for domestic violence",
    }
}

pub fn officers(list: &[OfficerInfo], json: bool) -> Result<()> {
    if json {
        return print_json(list);
    }
    for o in list {
        let rank = if o.rank.is_empty() {
            String::new()
        } else {
            format!(", {}", o.rank)
        };
        println!(
            "{:<16} {:<10} {}{rank}",
            o.badge.as_str(),
            o.role.as_str(),
            o.name
        );
    }
    Ok(())
}

pub fn imported(id: CaseId, json: bool) -> Result<()> {
    if json {
        return print_json(&json!({ "id": id }));
    }
    println!("Imported case {id}.");
    Ok(())
}

/// What recording would still refuse, as `field: code` lines.
fn issues(list: &[zastita_core::domain::FieldError]) {
    for i in list {
        println!("  {}: {}", i.field, code(&i.code));
    }
}

pub fn draft_saved(r: &SaveDraftResponse, json: bool) -> Result<()> {
    if json {
        return print_json(r);
    }
    println!("Draft of case {} saved at {}.", r.id, local(r.saved_at));
    if !r.issues.is_empty() {
        println!("Recording would still refuse ({}):", r.issues.len());
        issues(&r.issues);
    }
    for w in &r.coverage {
        println!(
            "  warning: the law may not cover person {} ({})",
            w.person_id,
            code(&w.reason)
        );
    }
    Ok(())
}

pub fn case_recorded(r: &RecordCaseResponse, json: bool) -> Result<()> {
    if json {
        return print_json(r);
    }
    println!(
        "Recorded case {} as version {} ({} queued for the central record).",
        r.id, r.version, r.queued
    );
    Ok(())
}

pub fn statement(v: &StatementView, json: bool) -> Result<()> {
    if json {
        return print_json(v);
    }
    let st = &v.statement;
    match (&st.signed_at, &st.content_sha256) {
        (Some(at), Some(sha)) => println!(
            "Statement {} of case {} signed at {}, SHA-256 {sha}.",
            st.id,
            v.case_id,
            local(*at)
        ),
        _ => println!(
            "Statement {} of case {} saved as a draft.",
            st.id, v.case_id
        ),
    }
    if !v.issues.is_empty() {
        println!("Signing would still refuse ({}):", v.issues.len());
        issues(&v.issues);
    }
    Ok(())
}

pub fn verify(r: &VerifyReport, json: bool) -> Result<()> {
    if json {
        return print_json(r);
    }
    if r.ok {
        println!(
            "ok: database pages and structure sound, audit chain of {} entries intact (schema {})",
            r.audit_entries, r.schema_version
        );
        return Ok(());
    }
    let mut problems: Vec<String> = Vec::new();
    if !r.integrity_problems.is_empty() {
        problems.push(format!(
            "the database is damaged ({} problem{}: {})",
            r.integrity_problems.len(),
            if r.integrity_problems.len() == 1 {
                ""
            } else {
                "s"
            },
            r.integrity_problems
                .first()
                .map(String::as_str)
                .unwrap_or("")
        ));
    }
    if let Some(b) = &r.audit_break {
        problems.push(format!("the audit chain is broken: {b}"));
    }
    eprintln!("zastita: verify FAILED: {}", problems.join("; "));
    Ok(())
}

/// An entry's detail as a line says it: a consultation's purpose (and words, recipient, list
/// results) spelled out, any other detail as stored.
fn audit_detail(detail: &str) -> String {
    let Some(c) = zastita_core::app::ConsultDetail::parse(detail) else {
        return detail.to_owned();
    };
    let mut parts = vec![format!("purpose {}", c.purpose.as_str())];
    if let Some(t) = c.text {
        parts.push(format!("{t:?}"));
    }
    if let Some(r) = c.recipient {
        parts.push(format!("for {r:?}"));
    }
    if c.search == Some(true) {
        parts.push("search".to_owned());
    }
    if let Some(n) = c.results {
        parts.push(format!("{n} shown"));
    }
    parts.join(", ")
}

pub fn audit(entries: &[Entry], json: bool) -> Result<()> {
    if json {
        return print_json(entries);
    }
    for e in entries {
        println!(
            "{:>6}  {}  {:<10} {:<18} {:<8} {}{}",
            e.seq,
            local(e.entry.at),
            e.entry.officer.as_ref().map(|b| b.as_str()).unwrap_or("-"),
            e.entry.action.as_str(),
            e.entry.outcome.as_str(),
            e.entry.target.as_deref().unwrap_or(""),
            e.entry
                .detail
                .as_deref()
                .map(|d| format!("  ({})", audit_detail(d)))
                .unwrap_or_default()
        );
    }
    Ok(())
}
