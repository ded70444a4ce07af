//! Enrolment and sync: progress lines, the round's summary and where sync stands.

use super::*;

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
    if s.in_force_refreshed {
        println!(
            "Offline list of orders in force: refreshed, {} change(s), {} in force.",
            s.in_force_changes, s.in_force_entries
        );
    } else {
        println!(
            "Offline list of orders in force: NOT refreshed (the central record did not give it); \
             kept as of its last refresh."
        );
    }
    if s.violations_reported + s.violations_refused > 0 {
        println!(
            "Violations of other devices' orders: {} recorded by the central record, {} refused.",
            s.violations_reported, s.violations_refused
        );
    }
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
