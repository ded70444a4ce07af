//! Snapshot tests of what the documents say: the order for each combination of measures the law
//! allows, its service receipt and the case summary for the prosecutor, in sr-Latn, sr-Cyrl, hu
//! and en; the perpetrator's copies in his own language; an order whose 48 hours cross the spring
//! daylight-saving change in Belgrade. Each snapshot is the document's plain text
//! (`document::text`: every word the PDF prints, not the PDF), built from fixed case files
//! (`casefile::sample`) at fixed instants, and kept in `snapshots/<name>.snap` beside this file.
//!
//! Any change of wording fails a test. To review and accept a deliberate one without cargo-insta:
//! `INSTA_UPDATE=always cargo test -p zastita-core --lib templates`, then read
//! `git diff core/src/templates/snapshots/` as the officer, the prosecutor and the judge will, and
//! commit it with the change (with cargo-insta: `cargo insta test -p zastita-core --review`).
//! A plain `cargo test` leaves the proposed text in `.snap.new` files beside the old ones.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::{Context, DocumentKind, Signatory, build};
use crate::casefile::sample::{self, utc};
use crate::casefile::{CaseFile, CaseOrder};
use crate::document::text::plain_text;
use crate::domain::order::OrderEventKind;
use crate::domain::{Badge, Language, Measure, Role};

const LANGUAGES: [(Language, &str); 4] = [
    (Language::SrLatn, "sr-Latn"),
    (Language::SrCyrl, "sr-Cyrl"),
    (Language::Hu, "hu"),
    (Language::En, "en"),
];

/// The officers the sample cases name: one with a rank, one without.
fn officers() -> BTreeMap<Badge, Signatory> {
    [
        ("NS-1234", "Nikola Tomić", "policijski narednik"),
        ("NS-4417", "Milica Jovanović", ""),
    ]
    .into_iter()
    .map(|(badge, name, rank)| {
        let who = Signatory {
            name: name.to_owned(),
            rank: rank.to_owned(),
        };
        (Badge::parse(badge).unwrap(), who)
    })
    .collect()
}

/// The document's text: the `order`-th order's for the order and the receipt. The documents the
/// perpetrator is handed never show a protected person's address or phone, unless it is his own
/// (checked here, not left to whoever reviews a snapshot).
fn render(
    file: &CaseFile,
    kind: DocumentKind,
    order: usize,
    language: Language,
    generated_at: DateTime<Utc>,
) -> String {
    let instruments = crate::risk::builtin();
    let officers = officers();
    let ctx = Context {
        file,
        instruments: &instruments,
        officers: &officers,
        device: "7F3A2C",
        generated_at,
        language,
    };
    let order = kind.needs_order().then(|| &file.orders[order].order);
    let text = plain_text(&build(&ctx, kind, order).unwrap());
    if let Some(o) = order {
        let his = file
            .people
            .iter()
            .find(|p| Some(p.id) == o.content.perpetrator);
        let his = his.map(|p| [p.address.as_str(), p.phone.as_str()]);
        let private = file
            .people
            .iter()
            .filter(|p| o.content.protected.contains(&p.id))
            .flat_map(|p| [p.address.as_str(), p.phone.as_str()])
            .filter(|v| !v.is_empty() && !his.is_some_and(|his| his.contains(v)));
        for value in private {
            assert!(!text.contains(value), "{value} in the {kind:?}:\n{text}");
        }
    }
    text
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!(name, text);
    });
}

/// The fixture's case (order served, the perpetrator refusing to sign) with the victim in a
/// shelter.
fn served_case() -> CaseFile {
    let mut file = sample::fixture();
    sample::move_victim_to_shelter(&mut file);
    file
}

/// Removal from the dwelling, the contact ban, or both (Art. 17): the order says each measure's
/// duty, the dwelling only with the removal, the belongings rule only with the removal.
#[test]
fn the_order_for_each_combination_of_measures_in_every_language() {
    let combinations: [(&str, &[Measure]); 3] = [
        ("removal", &[Measure::RemovalFromDwelling]),
        ("contact-ban", &[Measure::ContactBan]),
        (
            "removal-and-contact-ban",
            &[Measure::RemovalFromDwelling, Measure::ContactBan],
        ),
    ];
    for (name, measures) in combinations {
        let mut file = served_case();
        let mut order = file.orders[0].order.clone();
        order.content.measures = measures.to_vec();
        if !measures.contains(&Measure::RemovalFromDwelling) {
            order.content.dwelling.clear();
        }
        file.orders[0] = CaseOrder::new(order);
        for (language, tag) in LANGUAGES {
            let text = render(&file, DocumentKind::Order, 0, language, utc(3, 14, 21, 30));
            snapshot(&format!("order-{name}-{tag}"), &text);
        }
    }
}

#[test]
fn the_service_receipt_in_every_language() {
    let file = served_case();
    for (language, tag) in LANGUAGES {
        let text = render(
            &file,
            DocumentKind::Receipt,
            0,
            language,
            utc(3, 14, 21, 30),
        );
        snapshot(&format!("receipt-{tag}"), &text);
    }
}

/// A perpetrator who reads Hungarian gets the order and the receipt in Serbian followed by the
/// same document in Hungarian, from a new page (the receipt here signed on the pad).
#[test]
fn the_perpetrators_copies_follow_in_his_language() {
    for (mut file, kind, order, name) in [
        (served_case(), DocumentKind::Order, 0, "order"),
        (
            sample::court_stage(),
            DocumentKind::Receipt,
            1,
            "receipt-signed",
        ),
    ] {
        let perpetrator = file
            .people
            .iter_mut()
            .find(|p| p.role == Role::Perpetrator)
            .unwrap();
        perpetrator.language = "hu".to_owned();
        let text = render(&file, kind, order, Language::SrLatn, utc(5, 20, 6, 0));
        assert!(
            text.contains("======== translation (hu) ========"),
            "{text}"
        );
        snapshot(&format!("{name}-with-perpetrators-copy-sr-Latn-hu"), &text);
    }
}

/// The summary of the case through the court stage: three orders with every kind of event, and
/// two events 40 minutes apart across the night the clocks went forward (01:40, then 03:20).
#[test]
fn the_case_summary_in_every_language() {
    let file = sample::court_stage();
    for (language, tag) in LANGUAGES {
        let text = render(&file, DocumentKind::Summary, 0, language, utc(5, 20, 6, 0));
        snapshot(&format!("summary-{tag}"), &text);
    }
}

/// The order printed again after the court extended the measures: the official number, and the
/// court's end in summer time.
#[test]
fn an_order_reprinted_after_the_court_extended_it() {
    let text = render(
        &sample::court_stage(),
        DocumentKind::Order,
        0,
        Language::SrLatn,
        utc(3, 20, 10, 0),
    );
    snapshot("order-extended-by-the-court-sr-Latn", &text);
}

/// Served at 21:15 on Saturday 29 March 2025 (CET); the clocks go forward that night, so the 48
/// hours end at 22:15 on Monday (CEST): 48 hours, not 48 hours of wall clock.
#[test]
fn an_order_served_before_the_clocks_go_forward_ends_48_hours_later() {
    let mut file = served_case();
    let mut order = file.orders[0].order.clone();
    let issued = order.issued.as_mut().unwrap();
    issued.at = utc(3, 29, 19, 50);
    issued.assessment_completed_at = Some(utc(3, 29, 19, 40));
    let served = &mut order.events[0];
    served.recorded_at = utc(3, 29, 20, 20);
    match &mut served.event {
        OrderEventKind::Served { at, .. } => *at = utc(3, 29, 20, 15),
        other => panic!("the fixture's first event is {other:?}"),
    }
    file.orders[0] = CaseOrder::new(order);
    let text = render(
        &file,
        DocumentKind::Order,
        0,
        Language::SrLatn,
        utc(3, 29, 20, 30),
    );
    assert!(text.contains("29.03.2025. u 21:15"), "{text}");
    assert!(text.contains("31.03.2025. u 22:15"), "{text}");
    snapshot("order-served-across-the-dst-change-sr-Latn", &text);
}

/// The prosecutor's proposal to extend (Art. 18), in every language: the order, the people, the
/// police finding before the guide level, his evaluation, reasons and evidence, the court. It goes
/// to the court, so it may name where the victim lives; it is never handed to the perpetrator.
#[test]
fn the_prosecutors_proposal_in_every_language() {
    let file = served_case();
    let instruments = crate::risk::builtin();
    let officers = officers();
    let evidence = vec![
        "Zapisnik o izjavi oštećene".to_owned(),
        "Fotografije povreda (3)".to_owned(),
    ];
    for (language, tag) in LANGUAGES {
        let ctx = Context {
            file: &file,
            instruments: &instruments,
            officers: &officers,
            device: "central",
            generated_at: utc(3, 15, 8, 31),
            language,
        };
        let p = super::Proposal {
            office: "Osnovno javno tužilaštvo u Novom Sadu",
            court: "Osnovni sud u Novom Sadu",
            prosecutor: "Jovan Petrović",
            at: utc(3, 15, 8, 30),
            agrees: true,
            evaluation: "Pretnja oružjem i ranije nasilje potvrđuju neposrednu opasnost.",
            reasons: "Učinilac je i posle udaljenja pretio telefonom.",
            evidence: &evidence,
        };
        let doc = super::proposal(&ctx, &file.orders[0].order, &p).unwrap();
        let text = plain_text(&doc);
        for needle in [
            "Jovan Petrović",
            "Osnovni sud u Novom Sadu",
            "Fotografije povreda (3)",
            "Učinilac je i posle udaljenja pretio telefonom.",
        ] {
            assert!(text.contains(needle), "{needle} missing in {tag}:\n{text}");
        }
        snapshot(&format!("proposal-{tag}"), &text);
    }
}
