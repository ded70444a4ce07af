//! A person's history: earlier cases with their strength and the officer's decision, orders in
//! force (a possible violation), the repeat flag, the suggestions with their sources, and what
//! could not be checked; a violation recorded and where.

use super::*;
use zastita_core::app::{HistorySource, PersonHistory, Unchecked, ViolationRecorded};
use zastita_core::law::history::{MatchStrength, Trust};

pub fn person_history(h: &PersonHistory, json: bool) -> Result<()> {
    if json {
        return print_json(h);
    }
    let by = match h.looked_up_by {
        Some(MatchStrength::Jmbg) => "JMBG",
        Some(MatchStrength::NameAndBirth) => "name and date of birth",
        None => "nothing (no JMBG, no name and date of birth)",
    };
    println!(
        "person:       {} (case {}), looked up by {by}",
        h.person_id, h.case_id
    );
    println!(
        "repeat:       {}",
        if h.repeat_perpetrator {
            "YES — repeat perpetrator (two or more cases within 24 months, or a violation)"
        } else {
            "no"
        }
    );
    for f in &h.in_force {
        println!(
            "IN FORCE:     {} {} until {} — possible violation (Art. {}); order {}",
            f.number,
            f.measures.join(", "),
            local(f.ends_at),
            f.article,
            f.order_id
        );
    }
    if h.matches.is_empty() {
        println!("earlier:      none found");
    }
    for e in &h.matches {
        let m = &e.found;
        let trust = match e.trust {
            Trust::Exact => "same JMBG",
            Trust::Confirmed => "name and birth, confirmed",
            Trust::Unconfirmed => "name and birth, NOT CONFIRMED (match id below)",
            Trust::Rejected => "name and birth, rejected",
        };
        let source = match e.source {
            HistorySource::Device => "this device",
            HistorySource::CentralRecord => "central record",
        };
        println!(
            "earlier:      {} {} {} as {} [{trust}; {source}] {}",
            local(m.case.date),
            m.case.number.as_deref().unwrap_or("(no number)"),
            m.case.municipality,
            m.case.role,
            m.match_id
        );
        for o in &m.orders {
            println!(
                "              order {} {}{}{}",
                o.number,
                o.measures.join(", "),
                if o.against_person {
                    ""
                } else {
                    " (protecting the person)"
                },
                if o.violated { " — VIOLATED" } else { "" }
            );
        }
        for f in &m.firearms {
            println!(
                "              firearm{}{}{}",
                if f.in_household {
                    " in the household"
                } else {
                    ""
                },
                f.legality
                    .as_deref()
                    .map(|l| format!(", {l}"))
                    .unwrap_or_default(),
                if f.seized { ", seized" } else { "" }
            );
        }
    }
    for s in &h.suggestions {
        let src = &s.source;
        println!(
            "suggested:    {}: yes — from case {} ({}){} — the officer confirms it",
            s.item,
            src.case_number
                .clone()
                .unwrap_or_else(|| src.case_id.to_string()),
            src.date.with_timezone(&Belgrade).format("%Y-%m-%d"),
            src.order_number
                .as_deref()
                .map(|o| format!(", order {o}"))
                .unwrap_or_default()
        );
    }
    let when = |t: Option<DateTime<Utc>>| t.map(local).unwrap_or_else(|| "never".to_owned());
    println!("central:      answered {}", when(h.central_answered_at));
    println!("offline list: refreshed {}", when(h.list_refreshed_at));
    for u in &h.unchecked {
        let what = match u {
            Unchecked::NoIdentity => "nothing to match the person by",
            Unchecked::OfflineListNeedsJmbg => "the offline list of orders in force (needs a JMBG)",
            Unchecked::OfflineListNeverRefreshed => {
                "the offline list of orders in force (never refreshed: sync)"
            }
            Unchecked::CentralRecordNotAsked => "the central record (not asked)",
            Unchecked::FamilyLawMeasuresNotHeld => {
                "protection measures under the Family Law (ordered by courts, not held here: ask the court)"
            }
        };
        println!("NOT CHECKED:  {what}");
    }
    Ok(())
}

pub fn violation_recorded(r: &ViolationRecorded, json: bool) -> Result<()> {
    if json {
        return print_json(r);
    }
    match r {
        ViolationRecorded::OwnOrder { order_id } => {
            println!("Violation recorded on this device's order {order_id}.");
        }
        ViolationRecorded::Reported { report } => println!(
            "Violation of order {} (another device's) recorded as report {}; the next \
             `zastita sync` sends it to the central record.",
            report.number, report.report_id
        ),
    }
    Ok(())
}
