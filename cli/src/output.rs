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
    CaseSummary, CaseView, DeviceStatus, DocumentInfo, OfficerInfo, OrderView, Session,
    VerifyReport,
};
use zastita_core::audit::Entry;
use zastita_core::casefile::CaseStatus;
use zastita_core::domain::CaseId;
use zastita_core::error::Error;
use zastita_core::law::OrderDeadlines;
use zastita_core::risk::{Instrument, ReassessmentSchedule, RiskLevel};
use zastita_core::sync::{EnrolledDevice, SyncPhase, SyncProgress, SyncStatus, SyncSummary};

/// An instant as Serbian local time, e.g. `2026-03-29 03:15 (+02:00)`.
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
    if s.wiped {
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
    println!("Officer {} ({}), {}.", o.badge, o.name, role(o.role));
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
        println!(
            "{:<16} {:<10} {}",
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

fn status_word(s: CaseStatus, has_draft: bool) -> &'static str {
    match (s, has_draft) {
        (CaseStatus::Draft, _) => "draft",
        (CaseStatus::Recorded, true) => "recorded+draft",
        (CaseStatus::Recorded, false) => "recorded",
    }
}

pub fn case_list(cases: &[CaseSummary], json: bool) -> Result<()> {
    if json {
        return print_json(cases);
    }
    if cases.is_empty() {
        println!("No cases.");
        return Ok(());
    }
    for c in cases {
        println!(
            "{}  {}  {:<14}  {}, {}  victim: {}  perpetrator: {}{}",
            c.id,
            local(c.sort_at),
            status_word(c.status, c.has_draft),
            c.info.address,
            c.info.municipality,
            c.info.victims.join("; "),
            c.info.perpetrators.join("; "),
            if c.info.firearm { "  [FIREARM]" } else { "" }
        );
        if let Some(n) = &c.official_number {
            println!("    official number {n}");
        }
    }
    Ok(())
}

pub fn case_view(v: &CaseView, json: bool) -> Result<()> {
    if json {
        return print_json(v);
    }
    let f = &v.file;
    let i = &f.incident;
    let opt = |t: Option<DateTime<Utc>>| t.map(local).unwrap_or_else(|| "—".to_owned());
    println!(
        "Case {}  ({}, version {})",
        f.id,
        status_word(f.status, v.draft.is_some()),
        f.version
    );
    if let Some(n) = &f.official_number {
        println!("  official no. {n}");
    }
    println!("  created      {} by {}", local(f.created_at), f.created_by);
    println!("  reported     {}", opt(i.reported_at));
    println!("  police came  {}", opt(i.police_arrived_at));
    println!("  address      {}, {}", i.address, i.municipality);
    if let Some(g) = i.location {
        println!("  location     {:.5}, {:.5}", g.lat, g.lon);
    }
    let forms: Vec<String> = i.forms_of_violence.iter().map(code).collect();
    println!("  violence     {}", forms.join(", "));
    match i.weapons_present {
        Some(true) => {
            for w in &i.weapons {
                println!(
                    "  weapon       {}: {}{}",
                    code(&w.kind),
                    w.description,
                    if w.seized { " (seized)" } else { "" }
                );
            }
        }
        Some(false) => println!("  weapons      none"),
        None => println!("  weapons      not answered"),
    }
    if !i.injuries.is_empty() {
        println!("  injuries     {}", i.injuries);
    }
    println!("  people:");
    for p in &f.people {
        println!(
            "    {:<12} {}{}{}{}",
            code(&p.role),
            p.full_name(),
            if p.jmbg.is_empty() {
                String::new()
            } else {
                format!("  JMBG {}", p.jmbg)
            },
            p.relationship_to_victim
                .map(|r| match p.kinship_degree {
                    Some(d) => format!("  ({}, degree {d})", code(&r)),
                    None => format!("  ({})", code(&r)),
                })
                .unwrap_or_default(),
            p.household_with_victim
                .map(|h| format!("  household: {}", code(&h)))
                .unwrap_or_default()
        );
        // Core's warning (Art. 3): recorded all the same, never refused.
        for w in v.coverage.iter().filter(|w| w.person_id == p.id) {
            println!("{:17}warning {}: {}", "", w.reason.code(), w.reason);
        }
    }
    println!("  narrative:");
    for line in i.narrative.lines() {
        println!("    {line}");
    }
    for s in &f.statements {
        let by = f
            .people
            .iter()
            .find(|p| p.id == s.person_id)
            .map(|p| format!(" of {} {}", code(&p.role), p.full_name()))
            .unwrap_or_default();
        println!(
            "  statement {}{by} taken {} by {}{}{}",
            s.id,
            local(s.taken_at),
            s.taken_by,
            s.amends
                .map(|a| format!(", addendum to {a}"))
                .unwrap_or_default(),
            s.signed_at
                .map(|t| format!(", signed {}", local(t)))
                .unwrap_or_else(|| ", not signed".to_owned())
        );
    }
    for a in &f.assessments {
        match &a.completed {
            // The competent officer's finding (Art. 16) is the law's; the level only guides.
            Some(c) => {
                println!(
                    "  risk         {} v{}: imminent danger (officer's finding): {}",
                    a.instrument.id,
                    a.instrument.version,
                    match a.officer_believes_in_danger {
                        Some(true) => "yes",
                        Some(false) => "no",
                        None => "not entered",
                    }
                );
                if !a.judgement_reasons.trim().is_empty() {
                    println!("               reasons: {}", a.judgement_reasons.trim());
                }
                println!(
                    "               guide level {} (computed {}){}, re-assess by {}",
                    c.final_level,
                    c.evaluation.computed_level,
                    if c.raise_reason.is_some() {
                        ", raised"
                    } else {
                        ""
                    },
                    local(c.reassessment_due_at)
                );
            }
            None => println!(
                "  risk         {} v{}: in progress",
                a.instrument.id, a.instrument.version
            ),
        }
    }
    for o in &f.orders {
        let number = o.order.number().unwrap_or("draft");
        println!("  order {} ({number})", o.order.id);
        deadlines(&o.deadlines);
    }
    if !v.issues.is_empty() {
        println!("  still needed before recording:");
        for e in &v.issues {
            println!("    {e}");
        }
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
                .map(|d| format!("  ({d})"))
                .unwrap_or_default()
        );
    }
    Ok(())
}

fn deadlines(d: &OrderDeadlines) {
    let opt = |t: Option<DateTime<Utc>>| t.map(local).unwrap_or_else(|| "—".to_owned());
    println!("    served              {}", opt(d.served_at));
    println!(
        "    measures end        {}{}",
        opt(d.expires_at),
        if d.extended {
            " (extended by the court)"
        } else {
            ""
        }
    );
    if d.court_end_outside_window {
        println!(
            "    NOTE: the court's end lies outside 48 hours + 30 days from service ({}); \
             applied as the court decided",
            opt(d.latest_extension_end)
        );
    }
    if let (Some(lapsed), Some(recorded)) = (d.lapsed_at, d.decision_recorded_at) {
        println!(
            "    NOTE: the 48 hours ran out at {}; the court's decision was recorded at {}",
            local(lapsed),
            local(recorded)
        );
    }
    println!(
        "    prosecutor proposal {}",
        opt(d.prosecutor_proposal_due_at)
    );
    if let Some(at) = d.proposed_at {
        println!("    proposed            {}", local(at));
    }
    if let Some(at) = d.declined_at {
        println!(
            "    not proposed        {} (the prosecutor decided not to propose)",
            local(at)
        );
    }
    println!("    court decision by   {}", opt(d.court_decision_due_at));
    println!("    forwarded           {}", opt(d.forwarded_at));
    for r in &d.decision_receipts {
        println!(
            "    decision received   {} by {}; appeal by {}",
            local(r.received_at),
            code(&r.by),
            opt(r.appeal_due_at)
        );
    }
    for a in &d.appeals {
        println!(
            "    appeal              {} by {}{}; forward by {}; higher court by {}{}",
            local(a.lodged_at),
            a.by.as_ref().map(code).unwrap_or_else(|| "—".to_owned()),
            if a.late { " (LATE)" } else { "" },
            opt(a.forward_due_at),
            opt(a.higher_court_due_at),
            a.outcome
                .as_ref()
                .map(|o| format!("; {}", code(o)))
                .unwrap_or_default()
        );
    }
}

pub fn order(v: &OrderView, json: bool) -> Result<()> {
    if json {
        return print_json(v);
    }
    println!(
        "Order {} ({}): {}",
        v.order.id,
        v.order.number().unwrap_or("draft"),
        code(&v.clocks.status)
    );
    deadlines(&v.clocks.deadlines);
    for w in &v.clocks.warnings {
        println!("    WARNING: {}", code(w));
    }
    Ok(())
}

pub fn document(d: &DocumentInfo, path: &Path, json: bool) -> Result<()> {
    if json {
        return print_json(&json!({ "document": d, "file": path }));
    }
    println!(
        "{} ({} bytes, SHA-256 {}) written to {}",
        code(&d.kind),
        d.size,
        d.sha256,
        path.display()
    );
    Ok(())
}

pub fn instruments(list: &[Instrument], json: bool) -> Result<()> {
    if json {
        return print_json(&list);
    }
    for i in list {
        println!(
            "{:<20} v{:<3} {}{}",
            i.id(),
            i.version(),
            i.title().sr_latn,
            if i.primary() { "  [primary]" } else { "" }
        );
    }
    Ok(())
}

pub fn forwarding(p: &zastita_core::law::ForwardingPolicy, json: bool) -> Result<()> {
    if json {
        return print_json(p);
    }
    println!(
        "an order not forwarded to the prosecutor is flagged {} minutes after its completed risk \
         assessment (station policy; the law says \"at once\")",
        p.warn_after_minutes
    );
    Ok(())
}

pub fn reassessment(s: &ReassessmentSchedule, json: bool) -> Result<()> {
    if json {
        return print_json(s);
    }
    for level in RiskLevel::ALL.iter().rev() {
        println!(
            "guide level {:<8} re-assess within {} hours",
            level.as_str(),
            s.hours(*level)
        );
    }
    Ok(())
}

pub fn enrolled(d: &EnrolledDevice, json: bool) -> Result<()> {
    if json {
        return print_json(d);
    }
    println!("{}", d.central_device_id);
    eprintln!(
        "Enrolled with the central record at {}; this device's central id is printed above.",
        d.server
    );
    Ok(())
}

/// One progress line on stderr (stdout carries the summary).
pub fn sync_progress(p: &SyncProgress) {
    let phase = match p.phase {
        SyncPhase::Push => "upload",
        SyncPhase::Attachments => "attachments",
        SyncPhase::Feed => "central changes",
    };
    match p.total {
        Some(total) => eprintln!("sync: {phase} {}/{total}", p.done),
        None => eprintln!("sync: {phase} {}", p.done),
    }
}

pub fn sync_summary(s: &SyncSummary, json: bool) -> Result<()> {
    if json {
        return print_json(s);
    }
    println!(
        "Synced: {} sent ({} accepted, {} in conflict, {} quarantined); \
         {} attachment(s), {} bytes, {} refused; {} central change(s) applied; {} still pending \
         (acknowledged up to {}); {} bytes sent, {} received.",
        s.pushed,
        s.accepted,
        s.conflicts,
        s.quarantined,
        s.attachments_uploaded,
        s.attachment_bytes,
        s.attachments_refused,
        s.changes_applied,
        s.pending_after,
        s.acked_seq,
        s.bytes_sent,
        s.bytes_received
    );
    if let Some(skew) = s
        .skew_ms
        .filter(|m| m.abs() > zastita_core::sync::SKEW_FLAG_MS)
    {
        println!(
            "WARNING: this device's clock is {} s off the central record's; have it checked.",
            skew / 1000
        );
    }
    Ok(())
}

pub fn sync_status(s: &SyncStatus, json: bool) -> Result<()> {
    if json {
        return print_json(s);
    }
    let opt = |t: Option<DateTime<Utc>>| t.map(local).unwrap_or_else(|| "never".to_owned());
    if !s.enrolled {
        println!("enrolled:     no (zastita enroll CODE, at the station)");
    } else {
        println!(
            "enrolled:     {} as {} since {}",
            s.server.as_deref().unwrap_or("?"),
            s.central_device_id
                .map(|d| d.to_string())
                .unwrap_or_default(),
            opt(s.enrolled_at)
        );
    }
    let kinds: Vec<String> = s
        .pending_by_kind
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    println!(
        "pending:      {}{}",
        s.pending,
        if kinds.is_empty() {
            String::new()
        } else {
            format!(" ({})", kinds.join(", "))
        }
    );
    println!("attachments:  {} pending", s.attachments_pending);
    println!("acknowledged: up to {}", s.acked_seq);
    println!("feed cursor:  {}", s.feed_cursor);
    println!("last attempt: {}", opt(s.last_attempt_at));
    println!("last success: {}", opt(s.last_success_at));
    if let Some(code) = &s.last_error_code {
        println!(
            "last error:   {code}: {}",
            s.last_error_detail.as_deref().unwrap_or("")
        );
    }
    if let Some(skew) = s.skew_ms {
        println!(
            "clock skew:   {} ms{}",
            skew,
            if s.skew_flagged {
                "  WARNING: check this device's clock"
            } else {
                ""
            }
        );
    }
    for (what, list) in [("quarantined", &s.quarantined), ("conflict", &s.conflicts)] {
        for i in list {
            println!(
                "{what}:  seq {} {} {} — {}",
                i.seq, i.kind, i.record_id, i.reason
            );
        }
    }
    for r in &s.attachments_refused {
        println!(
            "refused PDF:  {} document {} of case {} at {} — {}: {}",
            r.document_kind,
            r.record_id,
            r.case_id,
            local(r.at),
            r.code,
            r.detail
        );
    }
    Ok(())
}
