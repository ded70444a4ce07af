#![allow(clippy::unwrap_used)]
//! Reads the project's tree for citations of the law and checks each against [`ARTICLES`] and
//! [`TOPICS`].

use std::path::{Path, PathBuf};

use regex::Regex;

use super::*;

/// Where citations live: code, catalogues, instruments, documents' templates, docs.
const ROOTS: [&str; 12] = [
    "core/src",
    "core/i18n",
    "core/instruments",
    "cli/src",
    "central/src",
    "protocol/src",
    "src-tauri/src",
    "ui/src",
    "docs",
    "README.md",
    "ARCHITECTURE.md",
    "ui/README.md",
];

/// Lines about another law (the Family Law, the EU Law Enforcement Directive…) are not ours.
const OTHER_LAWS: [&str; 5] = [
    "Family Law",
    "Porodičn",
    "Породичн",
    "Law Enforcement Directive",
    "LED Art",
];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn files(root: &Path, out: &mut Vec<PathBuf>) {
    if root.is_file() {
        out.push(root.to_owned());
        return;
    }
    let Ok(dir) = std::fs::read_dir(root) else {
        return;
    };
    for entry in dir.flatten() {
        let p = entry.path();
        let name = entry.file_name();
        // This module's own tests hold wrong citations on purpose.
        if name == "node_modules" || name == "dist" || name == "screenshots" || name == "articles" {
            continue;
        }
        files(&p, out);
    }
}

/// A citation pattern: English "Art. 17", "Arts. 18–20", "Article 3"; Serbian "član 17", "člana
/// 17.", "čl. 16", "članovi 18–20" (Latin and Cyrillic); Hungarian "17. szakasz", "17. §".
fn pattern() -> Regex {
    Regex::new(
        r"(?x)
        (?: \bArt(?:icle)?s?\.?\s+ | \bčl(?:an[a-z]*)?\.?\s+ | \bчл(?:ан[а-я]*)?\.?\s+ )
            (?P<a>\d{1,3}) (?: \s*[–-]\s* (?P<b>\d{1,3}) )?
        | (?P<h>\d{1,3}) \.\s* (?: –\s*(?P<hb>\d{1,3})\.\s* )? (?: szakasz | § )
        ",
    )
    .unwrap()
}

/// Every article a line cites (ranges expanded).
fn cited(re: &Regex, line: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for c in re.captures_iter(line) {
        let (a, b) = match (c.name("a"), c.name("h")) {
            (Some(a), _) => (a, c.name("b")),
            (None, Some(h)) => (h, c.name("hb")),
            _ => continue,
        };
        let a: u16 = a.as_str().parse().unwrap();
        let b: u16 = b.map_or(a, |b| b.as_str().parse().unwrap());
        for n in a..=b.max(a) {
            out.push(u8::try_from(n).unwrap_or(u8::MAX));
        }
    }
    out
}

/// What is wrong with one line's citations, if anything.
fn check_line(re: &Regex, line: &str) -> Vec<String> {
    if OTHER_LAWS.iter().any(|o| line.contains(o)) {
        return Vec::new();
    }
    let arts = cited(re, line);
    let mut problems = Vec::new();
    for n in &arts {
        if article(*n).is_none() {
            problems.push(format!(
                "cites Art. {n}, which is not in core's article table"
            ));
        }
    }
    if !arts.is_empty() {
        let lower = line.to_lowercase();
        for (topic, words, want) in TOPICS {
            if words.iter().any(|w| lower.contains(w)) && !arts.contains(&want) {
                problems.push(format!("names {topic} but does not cite Art. {want}"));
            }
        }
    }
    problems
}

#[test]
fn every_citation_in_the_tree_is_an_article_of_the_table_and_on_its_topic() {
    let re = pattern();
    let root = workspace();
    let mut all = Vec::new();
    for r in ROOTS {
        files(&root.join(r), &mut all);
    }
    assert!(
        all.len() > 100,
        "the tree was not found from {}",
        root.display()
    );
    let mut problems = Vec::new();
    let mut citations = 0;
    for f in all {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            citations += cited(&re, line).len();
            for p in check_line(&re, line) {
                let rel = f.strip_prefix(&root).unwrap_or(&f);
                problems.push(format!("{}:{}: {p}", rel.display(), i + 1));
            }
        }
    }
    assert!(citations > 20, "the scan found only {citations} citations");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Regression (issue 11, item 1): the 48 hours and the court's 30 days were cited as Art. 17.
#[test]
fn the_scanner_catches_the_citations_that_were_wrong() {
    let re = pattern();
    let wrong = [
        "/// The measures last 48 hours from service (Art. 17).",
        "the measure lasts 48 sati (član 17)",
        "a court may extend it for another 30 days (Art. 17)",
        "an appeal lies within 3 days (Art. 19)",
        "punishable by up to 60 days' imprisonment (Art. 17)",
        "see Art. 22 of the law",
        "a 17–22. szakasz szerint",
    ];
    for line in wrong {
        assert!(!check_line(&re, line).is_empty(), "missed: {line}");
    }
    let right = [
        "/// The measures last 48 hours from service (Art. 21).",
        "48 sati od uručenja (član 21)",
        "za još 30 dana (člana 21.)",
        "Order events of the prosecutor's and the courts' stage (Arts. 18–20): an appeal",
        "a 17. szakasz alapján",
        "казна затвора до 60 дана (члан 36)",
        "re-assessment schedule: 72 h, 7, 30, 60 days (Art. 16)",
        "LED Art. 25 logging",
    ];
    for line in right {
        assert_eq!(check_line(&re, line), Vec::<String>::new(), "{line}");
    }
}

#[test]
fn the_table_is_in_order_without_repeats() {
    assert!(ARTICLES.windows(2).all(|w| w[0].number < w[1].number));
    assert!(article(21).is_some_and(|a| a.subject.contains("48 hours")));
}
