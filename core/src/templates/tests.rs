#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;

use super::i18n::Catalogue;
use crate::domain::Language;

const LANGUAGES: [Language; 4] = [
    Language::SrLatn,
    Language::SrCyrl,
    Language::Hu,
    Language::En,
];

fn keys(source: &str) -> BTreeSet<String> {
    source
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim()))
        .filter(|k| !k.is_empty() && !k.starts_with('#') && !k.starts_with(' '))
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_catalogue_loads_and_has_the_same_keys() {
    let sources = [
        include_str!("../../i18n/sr-Latn/documents.ftl"),
        include_str!("../../i18n/sr-Cyrl/documents.ftl"),
        include_str!("../../i18n/hu/documents.ftl"),
        include_str!("../../i18n/en/documents.ftl"),
    ];
    let reference = keys(sources[0]);
    assert!(reference.len() > 100);
    for (lang, source) in LANGUAGES.iter().zip(sources) {
        Catalogue::load(*lang).unwrap();
        assert_eq!(keys(source), reference, "{lang:?} has different keys");
    }
}

#[test]
fn every_key_the_templates_use_exists() {
    // Every file of the templates, which together are the writer.
    let code = [
        include_str!("mod.rs"),
        include_str!("order.rs"),
        include_str!("proposal.rs"),
        include_str!("summary.rs"),
        include_str!("events.rs"),
    ]
    .concat();
    let code = code.as_str();
    let mut used = BTreeSet::new();
    for pat in ["self.t(\"", "self.ta(\""] {
        for (i, _) in code.match_indices(pat) {
            let rest = &code[i + pat.len()..];
            if let Some(end) = rest.find('"') {
                let key = &rest[..end];
                if !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '-' || c == '_')
                {
                    used.insert(key.to_owned());
                }
            }
        }
    }
    // Keys built from enum values.
    for level in ["low", "medium", "high", "extreme"] {
        used.insert(format!("level-{level}"));
    }
    for m in ["removal_from_dwelling", "contact_ban"] {
        used.insert(format!("measure-{m}"));
        used.insert(format!("measure-{m}-long"));
    }
    // Keys chosen in `match` arms.
    for key in [
        "yes",
        "no",
        "unknown",
        "role-victim",
        "role-perpetrator",
        "role-witness",
        "role-child",
        "legality-licensed",
        "legality-unlicensed",
        "legality-unknown",
        "answer-yes",
        "answer-no",
        "answer-unknown",
        "finding-yes",
        "finding-no",
        "finding-unknown",
        "proposal-evaluation-agrees",
        "proposal-evaluation-disagrees",
        "statement-role-victim",
        "statement-role-perpetrator",
        "statement-role-witness",
        "statement-role-child",
        "summary-statement-heading",
        "summary-statement-addendum-heading",
    ] {
        assert!(
            code.contains(&format!("\"{key}\"")),
            "{key} is no longer used"
        );
        used.insert(key.to_owned());
    }
    assert!(used.len() > 60, "found only {} keys", used.len());
    for lang in LANGUAGES {
        let c = Catalogue::load(lang).unwrap();
        for key in &used {
            assert!(c.has(key), "{lang:?} lacks {key}");
        }
    }
}

#[test]
fn dates_follow_each_languages_pattern_without_isolation_marks() {
    let c = Catalogue::load(Language::Hu).unwrap();
    let s = c.ta(
        "datetime",
        &[
            ("day", "05"),
            ("month", "03"),
            ("year", "2026"),
            ("hour", "09"),
            ("minute", "07"),
        ],
    );
    assert_eq!(s, "2026. 03. 05. 09:07");
    let c = Catalogue::load(Language::SrCyrl).unwrap();
    assert_eq!(
        c.ta("page-label", &[("page", "{page}"), ("pages", "{pages}")]),
        "Страна {page} од {pages}"
    );
}
