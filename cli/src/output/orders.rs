//! Orders with their legal clocks, documents, instruments and the station's policies.

use super::*;

pub(super) fn deadlines(d: &OrderDeadlines) {
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
