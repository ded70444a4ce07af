//! Tests of the built-in instruments: they parse, their texts are complete (Cyrillic is the exact
//! transliteration of the Latin), the lethality screen's rule table, the Art. 16 score
//! thresholds, and monotonicity (a yes never lowers the level).
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;

use super::super::testing::{answers, yes};
use super::super::{Answer, Answers, Instrument, Localized, NotePolicy, RiskLevel, RuleBody};
use super::*;

/// The latest version of an instrument.
fn find(id: &str) -> Instrument {
    builtin()
        .into_iter()
        .filter(|i| i.id() == id)
        .max_by_key(Instrument::version)
        .unwrap()
}

fn art16() -> Instrument {
    find("art16")
}

fn lethality() -> Instrument {
    find("lethality-screen")
}

#[test]
fn every_file_parses() {
    for (name, bytes) in FILES {
        let i = Instrument::parse(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(name, &format!("{}-v{}.json", i.id(), i.version()));
    }
    assert_eq!(builtin().len(), FILES.len());
}

#[test]
fn the_statutory_instrument_is_the_one_primary_and_comes_first() {
    let all = builtin();
    // One primary instrument (in each of its versions), and it comes first.
    assert_eq!(latest().iter().filter(|i| i.primary()).count(), 1);
    assert!(
        all.iter()
            .filter(|i| i.primary())
            .all(|i| i.id() == "art16")
    );
    assert_eq!(all[0].id(), "art16");
    assert!(all[0].primary());
    let mut refs: Vec<_> = all.iter().map(Instrument::reference).collect();
    refs.sort();
    refs.dedup();
    assert_eq!(refs.len(), all.len());
}

#[test]
fn art16_asks_every_statutory_factor() {
    let i = art16();
    let ids: Vec<&str> = i.items().iter().map(|it| it.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "earlier-violence",
            "recent-escalation",
            "threat-to-kill",
            "threat-of-suicide",
            "weapon-access",
            "mental-illness",
            "substance-abuse",
            "custody-dispute",
            "earlier-measure",
            "measure-violated",
            "victim-fears",
            "victim-risk-view",
            "children-exposed",
            "separation",
        ]
    );
    let highlighted: Vec<&str> = i
        .items()
        .iter()
        .filter(|it| it.highlight)
        .map(|it| it.id.as_str())
        .collect();
    assert_eq!(
        highlighted,
        [
            "threat-to-kill",
            "threat-of-suicide",
            "weapon-access",
            "earlier-measure"
        ]
    );
    assert_eq!(
        i.item("weapon-access").unwrap().note,
        NotePolicy::RequiredIfYes
    );
    let j = i.judgement().unwrap();
    assert!(j.reasons_required);
    assert_eq!(
        j.text.en,
        "Is there an imminent danger of domestic violence?"
    );
}

/// Serbian Latin → Cyrillic, letter for letter (lj, nj, dž are one letter each).
fn cyrillic(latin: &str) -> String {
    const MAP: &[(&str, &str)] = &[
        ("dž", "џ"),
        ("lj", "љ"),
        ("nj", "њ"),
        ("a", "а"),
        ("b", "б"),
        ("c", "ц"),
        ("č", "ч"),
        ("ć", "ћ"),
        ("d", "д"),
        ("đ", "ђ"),
        ("e", "е"),
        ("f", "ф"),
        ("g", "г"),
        ("h", "х"),
        ("i", "и"),
        ("j", "ј"),
        ("k", "к"),
        ("l", "л"),
        ("m", "м"),
        ("n", "н"),
        ("o", "о"),
        ("p", "п"),
        ("r", "р"),
        ("s", "с"),
        ("š", "ш"),
        ("t", "т"),
        ("u", "у"),
        ("v", "в"),
        ("z", "з"),
        ("ž", "ж"),
    ];
    let mut out = String::new();
    let mut rest = latin;
    'outer: while let Some(c) = rest.chars().next() {
        for (lat, cyr) in MAP {
            let n = lat.len();
            if let Some(head) = rest.get(..n)
                && head.to_lowercase() == *lat
            {
                let upper = head.chars().next().unwrap().is_uppercase();
                out.push_str(&if upper {
                    cyr.to_uppercase()
                } else {
                    (*cyr).to_owned()
                });
                rest = &rest[n..];
                continue 'outer;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Every text of an instrument, with where it is.
fn texts(i: &Instrument) -> Vec<(String, &Localized)> {
    let mut all = vec![("title".to_owned(), i.title())];
    all.extend(i.description().map(|d| ("description".to_owned(), d)));
    for it in i.items() {
        all.push((format!("{}.text", it.id), &it.text));
        all.extend(it.help.as_ref().map(|h| (format!("{}.help", it.id), h)));
    }
    all.extend(i.judgement().map(|j| ("judgement".to_owned(), &j.text)));
    for r in i.rules() {
        all.push((format!("{}.label", r.id), &r.label));
    }
    all
}

/// The instruments the app offers today: the latest version of each.
fn latest() -> Vec<Instrument> {
    let mut ids: Vec<String> = builtin().iter().map(|i| i.id().to_owned()).collect();
    ids.dedup();
    ids.iter().map(|id| find(id)).collect()
}

#[test]
fn serbian_texts_quote_with_low_and_high_marks() {
    // „…“ in Serbian (the closing mark is U+201C); Hungarian's „…” is its own rule. Older versions
    // stay as they were: a version never changes.
    for i in latest() {
        for (at, text) in texts(&i) {
            for (lang, t) in [("sr-Latn", &text.sr_latn), ("sr-Cyrl", &text.sr_cyrl)] {
                assert!(
                    !t.contains('”') && !t.contains('"'),
                    "{} v{} {at} ({lang}): {t}",
                    i.id(),
                    i.version()
                );
                assert_eq!(
                    t.matches('„').count(),
                    t.matches('“').count(),
                    "{} {at} ({lang})",
                    i.id()
                );
            }
        }
    }
}

#[test]
fn cyrillic_is_the_exact_transliteration_of_latin() {
    assert_eq!(cyrillic("Ljubomoran, NJEGOV džep"), "Љубоморан, ЊЕГОВ џеп");
    for i in builtin() {
        for (at, text) in texts(&i) {
            assert_eq!(text.sr_cyrl, cyrillic(&text.sr_latn), "{}: {at}", i.id());
            // No Latin letter is left in the Cyrillic, and none of the four is a copy of another.
            assert!(
                !text.sr_cyrl.chars().any(|c| c.is_ascii_alphabetic()),
                "{at}"
            );
            assert_ne!(text.hu, text.en, "{at}");
            assert_ne!(text.sr_latn, text.en, "{at}");
        }
    }
}

#[test]
fn the_lethality_screen_says_not_screened_in_is_not_safe() {
    let i = lethality();
    let d = i.description().unwrap();
    assert!(d.en.contains("it does not mean the victim is safe"));
    assert!(d.sr_latn.contains("to ne znači da je žrtva bezbedna"));
    assert!(d.hu.contains("nem jelenti azt, hogy az áldozat biztonságban van"));
}

/// Issue 11, item 7: the screen says it is an aid validated for intimate partners that supports,
/// never replaces, the competent officer's Art. 16 finding — in every language.
#[test]
fn the_lethality_screen_says_it_supports_never_replaces_the_officers_finding() {
    let i = lethality();
    assert!(i.version() >= 2);
    let d = i.description().unwrap();
    assert!(d.en.contains("screening aid validated for violence between intimate partners"));
    assert!(d.en.contains("never replaces"));
    assert!(d.sr_latn.contains("nikada ne zamenjuje"));
    assert!(d.sr_latn.contains("intimnim partnerima"));
    assert!(d.sr_cyrl.contains("никада не замењује"));
    assert!(d.hu.contains("soha nem helyettesíti"));
    assert!(i.title().en.contains("screening aid"));
}

const FIRST_THREE: [&str; 3] = ["weapon-used", "threat-to-kill", "believes-will-kill"];
const REST: [&str; 8] = [
    "gun-access",
    "strangulation",
    "jealousy-control",
    "separated",
    "unemployed",
    "suicide-attempt",
    "child-of-another",
    "stalking",
];

#[test]
fn the_lethality_screen_has_eleven_items_in_order() {
    let ids: Vec<String> = lethality().items().iter().map(|i| i.id.clone()).collect();
    let expected: Vec<&str> = FIRST_THREE.iter().chain(REST.iter()).copied().collect();
    assert_eq!(ids, expected);
}

/// Whether these answers screen the victim in, and the level.
fn screen(answers: &Answers, officer: Option<bool>) -> (bool, RiskLevel) {
    let e = lethality().evaluate(answers, officer);
    (e.screened_in, e.computed_level)
}

#[test]
fn lethality_any_of_the_first_three_screens_in() {
    for mask in 0u8..8 {
        let chosen: Vec<&str> = (0..3)
            .filter(|b| mask & (1 << b) != 0)
            .map(|b| FIRST_THREE[b])
            .collect();
        let expected = if chosen.is_empty() {
            (false, RiskLevel::Low)
        } else {
            (true, RiskLevel::High)
        };
        assert_eq!(screen(&yes(&chosen), None), expected, "{chosen:?}");
    }
}

#[test]
fn lethality_four_of_the_other_eight_screen_in_three_do_not() {
    for mask in 0u16..256 {
        let chosen: Vec<&str> = (0..8)
            .filter(|b| mask & (1 << b) != 0)
            .map(|b| REST[b])
            .collect();
        let expected = chosen.len() >= 4;
        assert_eq!(screen(&yes(&chosen), None).0, expected, "{chosen:?}");
    }
    // The boundary, spelt out.
    assert_eq!(
        screen(&yes(&["gun-access", "strangulation", "unemployed"]), None),
        (false, RiskLevel::Low)
    );
    assert_eq!(
        screen(
            &yes(&["gun-access", "strangulation", "unemployed", "stalking"]),
            None
        ),
        (true, RiskLevel::High)
    );
}

#[test]
fn lethality_the_officers_belief_screens_in() {
    assert_eq!(screen(&Answers::new(), Some(true)), (true, RiskLevel::High));
    assert_eq!(
        screen(&Answers::new(), Some(false)),
        (false, RiskLevel::Low)
    );
    assert_eq!(screen(&Answers::new(), None), (false, RiskLevel::Low));
    let e = lethality().evaluate(&Answers::new(), Some(true));
    assert_eq!(e.fired.len(), 1);
    assert_eq!(e.fired[0].rule_id, "officer-belief");
}

#[test]
fn lethality_dont_know_is_not_yes() {
    let all = |a: Answer| {
        answers(
            &FIRST_THREE
                .iter()
                .chain(REST.iter())
                .map(|id| (*id, a))
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(screen(&all(Answer::Unknown), None), (false, RiskLevel::Low));
    assert_eq!(screen(&all(Answer::No), None), (false, RiskLevel::Low));
    assert_eq!(screen(&all(Answer::Yes), None), (true, RiskLevel::High));
    // Three yes and a "don't know" among the other eight stays out.
    let mut a = yes(&["gun-access", "strangulation", "unemployed"]);
    a.extend(answers(&[("stalking", Answer::Unknown)]));
    assert_eq!(screen(&a, None), (false, RiskLevel::Low));
}

#[test]
fn lethality_screen_is_exactly_its_rule() {
    // All 2^11 yes/no combinations with each officer answer, against the rule as written.
    let items: Vec<&str> = FIRST_THREE.iter().chain(REST.iter()).copied().collect();
    let i = lethality();
    for mask in 0u32..(1 << 11) {
        let chosen: Vec<&str> = (0..11)
            .filter(|b| mask & (1 << b) != 0)
            .map(|b| items[b])
            .collect();
        let answered = yes(&chosen);
        let first = (mask & 0b111) != 0;
        let rest = (mask >> 3).count_ones() >= 4;
        for officer in [None, Some(false), Some(true)] {
            let expected = first || rest || officer == Some(true);
            let e = i.evaluate(&answered, officer);
            assert_eq!(e.screened_in, expected, "{chosen:?} {officer:?}");
            let level = if expected {
                RiskLevel::High
            } else {
                RiskLevel::Low
            };
            assert_eq!(e.computed_level, level);
        }
    }
}

/// The Art. 16 score and level for these yes answers, without the officer.
fn art16_score(items: &[&str]) -> (Option<u32>, RiskLevel) {
    let e = art16().evaluate(&yes(items), None);
    let score = e
        .fired
        .iter()
        .find(|f| f.rule_id == "risk-score")
        .and_then(|f| f.score);
    (score, e.computed_level)
}

#[test]
fn art16_weights_and_thresholds() {
    let i = art16();
    let RuleBody::Score { score } = &i.rules()[0].body else {
        panic!("the first rule is the score");
    };
    assert_eq!(
        score.weights.len(),
        i.items().len(),
        "every factor is weighed"
    );
    assert_eq!(score.weights.values().sum::<u32>(), 30);
    for heavy in [
        "threat-to-kill",
        "weapon-access",
        "earlier-measure",
        "measure-violated",
    ] {
        assert!(score.weights[heavy] >= 3, "{heavy}");
    }

    use RiskLevel::{Extreme, High, Low, Medium};
    let check = |items: &[&str], expected: (Option<u32>, RiskLevel)| {
        assert_eq!(art16_score(items), expected, "{items:?}");
    };
    check(&[], (None, Low));
    check(&["mental-illness", "substance-abuse"], (None, Low)); // 2
    check(
        &["mental-illness", "substance-abuse", "custody-dispute"],
        (Some(3), Medium),
    );
    check(
        &["earlier-violence", "recent-escalation", "victim-fears"],
        (Some(6), Medium),
    );
    check(
        &[
            "earlier-violence",
            "recent-escalation",
            "victim-fears",
            "children-exposed",
        ],
        (Some(7), High),
    );
    check(
        &[
            "earlier-measure",
            "measure-violated",
            "separation",
            "victim-fears",
            "mental-illness",
        ],
        (Some(11), High),
    );
    check(
        &[
            "earlier-measure",
            "measure-violated",
            "separation",
            "victim-fears",
            "earlier-violence",
        ],
        (Some(12), Extreme),
    );
    // Every factor: 30.
    let all: Vec<&str> = i.items().iter().map(|it| it.id.as_str()).collect();
    check(&all, (Some(30), Extreme));
}

#[test]
fn art16_a_threat_to_kill_or_a_weapon_alone_is_high() {
    for item in ["threat-to-kill", "weapon-access"] {
        let e = art16().evaluate(&yes(&[item]), None);
        assert_eq!(e.computed_level, RiskLevel::High, "{item}");
        let ids: Vec<&str> = e.fired.iter().map(|f| f.rule_id.as_str()).collect();
        assert_eq!(ids, ["risk-score", "threat-or-weapon"]);
        assert_eq!(e.fired[0].level, RiskLevel::Medium);
    }
}

#[test]
fn art16_the_officers_judgement_is_high() {
    let e = art16().evaluate(&Answers::new(), Some(true));
    assert_eq!(e.computed_level, RiskLevel::High);
    assert!(e.screened_in);
    assert!(!art16().evaluate(&Answers::new(), Some(false)).screened_in);
}

/// Answers (or none) for each item of `i`, chosen by `picks`.
fn answers_for(i: &Instrument, picks: &[Option<Answer>]) -> Answers {
    let pairs: Vec<(&str, Answer)> = i
        .items()
        .iter()
        .zip(picks)
        .filter_map(|(item, pick)| pick.map(|a| (item.id.as_str(), a)))
        .collect();
    answers(&pairs)
}

fn pick() -> impl Strategy<Value = Option<Answer>> {
    prop_oneof![
        Just(None),
        Just(Some(Answer::Yes)),
        Just(Some(Answer::No)),
        Just(Some(Answer::Unknown)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Raising any one answer to yes (from no, don't know or unanswered) never lowers the level,
    /// and neither does the officer's judgement turning to yes.
    #[test]
    fn a_yes_never_lowers_the_level(
        which in 0usize..FILES.len(),
        picks in proptest::collection::vec(pick(), 14),
        item in any::<prop::sample::Index>(),
        officer in prop_oneof![Just(None), Just(Some(false)), Just(Some(true))],
    ) {
        let i = &builtin()[which];
        let item = item.get(i.items()).id.clone();
        let before = answers_for(i, &picks);
        let mut after = before.clone();
        after.insert(item.clone(), super::super::ItemAnswer { answer: Answer::Yes, note: String::new() });
        for lower in [None, Some(Answer::No), Some(Answer::Unknown)] {
            let mut low = before.clone();
            match lower {
                None => { low.remove(&item); }
                Some(a) => { low.insert(item.clone(), super::super::ItemAnswer { answer: a, note: String::new() }); }
            }
            let a = i.evaluate(&low, officer).computed_level;
            let b = i.evaluate(&after, officer).computed_level;
            prop_assert!(b >= a, "{}: {item} {lower:?} → yes lowered {a} to {b}", i.id());
        }
        let without = i.evaluate(&after, officer).computed_level;
        let with = i.evaluate(&after, Some(true)).computed_level;
        prop_assert!(with >= without);
        prop_assert!(without >= i.base_level());
    }
}
