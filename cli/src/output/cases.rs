//! The case list and one case, as text or JSON.

use super::orders::deadlines;
use super::*;

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
