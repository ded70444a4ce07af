//! Tests of reading instrument files: the sample parses and round-trips, every kind of malformed
//! or contradictory file is refused with its own error, and no input panics.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use serde_json::{Value, json};

use super::super::testing::{parse_value, sample, sample_instrument, t};
use super::*;
use crate::risk::InstrumentError as E;

/// The sample with `edit` applied, which must be refused; the error.
fn refused(edit: impl FnOnce(&mut Value)) -> InstrumentError {
    let mut v = sample();
    edit(&mut v);
    match parse_value(&v) {
        Ok(_) => panic!("accepted: {v}"),
        Err(e) => {
            assert!(!e.to_string().is_empty());
            e
        }
    }
}

fn s(x: &str) -> String {
    x.to_owned()
}

#[test]
fn the_sample_parses_with_everything_in_place() {
    let i = sample_instrument();
    assert_eq!(i.id(), "test");
    assert_eq!(i.version(), 1);
    assert!(!i.primary());
    assert_eq!(
        i.reference(),
        super::super::InstrumentRef {
            id: s("test"),
            version: 1
        }
    );
    assert_eq!(i.items().len(), 4);
    assert!(i.item("b").unwrap().highlight);
    assert!(i.item("b").unwrap().help.is_some());
    assert_eq!(i.item("a").unwrap().note, NotePolicy::Optional);
    assert_eq!(i.item("c").unwrap().note, NotePolicy::NotTaken);
    assert_eq!(i.item("d").unwrap().note, NotePolicy::RequiredIfYes);
    assert!(i.judgement().unwrap().reasons_required);
    assert_eq!(i.base_level(), RiskLevel::Low);
    assert_eq!(i.rules().len(), 5);
    assert!(i.description().is_none());
    assert_eq!(i.title().get(crate::domain::Language::Hu), "Test");
}

#[test]
fn serialises_in_the_shape_of_the_file() {
    let i = sample_instrument();
    let mut v = serde_json::to_value(&i).unwrap();
    v["format"] = json!(FORMAT);
    v["format_version"] = json!(FORMAT_VERSION);
    assert_eq!(parse_value(&v).unwrap(), i);
    assert_eq!(v["rules"][1]["if"], json!({"any_of": ["a", "d"]}));
    assert_eq!(v["rules"][1]["level"], json!("medium"));
    assert_eq!(
        v["rules"][0]["score"]["weights"],
        json!({"a": 1, "b": 2, "c": 3})
    );
    assert_eq!(v["items"][2]["note"], json!("none"));
}

#[test]
fn a_byte_order_mark_is_ignored() {
    let mut bytes = "\u{FEFF}".as_bytes().to_vec();
    bytes.extend(serde_json::to_vec(&sample()).unwrap());
    assert!(Instrument::parse(&bytes).is_ok());
}

#[test]
fn refuses_a_file_too_large() {
    let bytes = vec![b' '; MAX_BYTES + 1];
    assert_eq!(
        Instrument::parse(&bytes),
        Err(E::TooLarge {
            max_bytes: MAX_BYTES
        })
    );
}

#[test]
fn refuses_bytes_that_are_not_utf8() {
    assert_eq!(
        Instrument::parse(b"{\"a\": \"\xff\"}"),
        Err(E::NotUtf8 { byte_offset: 7 })
    );
}

#[test]
fn refuses_broken_json_with_line_and_column() {
    let e =
        Instrument::parse(b"{\n  \"format\": \"zastita-instrument\",\n  \"id\": }").unwrap_err();
    assert!(
        matches!(
            e,
            E::Syntax {
                line: 3,
                column: 9,
                ..
            }
        ),
        "{e:?}"
    );
    let e = Instrument::parse(b"").unwrap_err();
    assert!(matches!(e, E::Syntax { .. }), "{e:?}");
}

#[test]
fn refuses_trailing_content_after_the_document() {
    let mut bytes = serde_json::to_vec(&sample()).unwrap();
    bytes.extend(b" {}");
    assert!(matches!(Instrument::parse(&bytes), Err(E::Syntax { .. })));
}

#[test]
fn refuses_json_that_is_not_an_instrument() {
    for text in ["[]", "5", "null", "\"zastita-instrument\"", "{}"] {
        assert_eq!(
            Instrument::parse(text.as_bytes()),
            Err(E::NotAnInstrument),
            "{text}"
        );
    }
    assert_eq!(
        refused(|v| v["format"] = json!("zastita-case")),
        E::NotAnInstrument
    );
}

#[test]
fn refuses_an_unsupported_format_version() {
    assert_eq!(
        refused(|v| v["format_version"] = json!(2)),
        E::UnsupportedVersion {
            found: 2,
            supported: 1
        }
    );
    assert_eq!(
        refused(|v| v["format_version"] = json!(0)),
        E::UnsupportedVersion {
            found: 0,
            supported: 1
        }
    );
    let e = refused(|v| v["format_version"] = json!("1"));
    assert!(
        matches!(&e, E::WrongValue { path, .. } if path == "format_version"),
        "{e:?}"
    );
}

#[test]
fn refuses_bad_id_syntax() {
    let bad = |path: &str| E::BadId { path: s(path) };
    assert_eq!(refused(|v| v["id"] = json!("Art16")), bad("id"));
    assert_eq!(refused(|v| v["id"] = json!("")), bad("id"));
    assert_eq!(refused(|v| v["id"] = json!("a".repeat(41))), bad("id"));
    assert_eq!(
        refused(|v| v["items"][1]["id"] = json!("b b")),
        bad("items[1].id")
    );
    assert_eq!(
        refused(|v| v["rules"][2]["id"] = json!("all_")),
        bad("rules[2].id")
    );
    assert_eq!(
        refused(|v| v["rules"][1]["if"]["any_of"][0] = json!("A")),
        bad("rules[1].if.any_of[0]")
    );
    assert_eq!(
        refused(|v| v["rules"][0]["score"]["weights"] = json!({"č": 1})),
        bad("rules[0].score.weights")
    );
    // 40 characters is the limit, not past it.
    let mut v = sample();
    v["id"] = json!("a".repeat(40));
    assert!(parse_value(&v).is_ok());
}

#[test]
fn refuses_version_zero() {
    assert_eq!(refused(|v| v["version"] = json!(0)), E::VersionZero);
    let e = refused(|v| v["version"] = json!(-1));
    assert!(
        matches!(&e, E::WrongValue { path, .. } if path == "version"),
        "{e:?}"
    );
}

#[test]
fn refuses_no_items() {
    assert_eq!(refused(|v| v["items"] = json!([])), E::NoItems);
    assert_eq!(
        refused(|v| {
            v.as_object_mut().unwrap().remove("items");
        }),
        E::MissingField { path: s("items") }
    );
}

#[test]
fn refuses_too_many_items() {
    let e = refused(|v| {
        v["items"] = (0..=MAX_ITEMS)
            .map(|i| json!({"id": format!("i{i}"), "text": t("?")}))
            .collect();
        v["rules"] = json!([{"id": "r", "label": t("R"), "if": {"any_of": ["i0"]},
                             "level": "high"}]);
        v.as_object_mut().unwrap().remove("judgement");
    });
    assert_eq!(e, E::TooManyItems { max: MAX_ITEMS });
}

#[test]
fn refuses_a_duplicate_item_id() {
    assert_eq!(
        refused(|v| v["items"][3]["id"] = json!("b")),
        E::DuplicateItem {
            item: s("b"),
            path: s("items[3].id")
        }
    );
}

#[test]
fn refuses_a_duplicate_rule_id() {
    assert_eq!(
        refused(|v| v["rules"][4]["id"] = json!("score")),
        E::DuplicateRule {
            rule: s("score"),
            path: s("rules[4].id")
        }
    );
}

#[test]
fn refuses_a_rule_that_refers_to_a_missing_item() {
    let unknown = |rule: &str, path: &str| E::UnknownItem {
        rule: s(rule),
        item: s("zz"),
        path: s(path),
    };
    assert_eq!(
        refused(|v| v["rules"][1]["if"]["any_of"][1] = json!("zz")),
        unknown("any", "rules[1].if.any_of[1]")
    );
    assert_eq!(
        refused(|v| v["rules"][2]["if"]["all_of"][0] = json!("zz")),
        unknown("all", "rules[2].if.all_of[0]")
    );
    assert_eq!(
        refused(|v| v["rules"][3]["if"]["at_least"]["of"][2] = json!("zz")),
        unknown("least", "rules[3].if.at_least.of[2]")
    );
    assert_eq!(
        refused(|v| v["rules"][0]["score"]["weights"]["zz"] = json!(1)),
        unknown("score", "rules[0].score.weights.zz")
    );
}

#[test]
fn refuses_a_missing_or_empty_language() {
    let missing = |path: &str, language| E::MissingText {
        path: s(path),
        language,
    };
    let remove = |v: &mut Value, lang: &str| {
        v.as_object_mut().unwrap().remove(lang);
    };
    assert_eq!(
        refused(|v| remove(&mut v["title"], "en")),
        missing("title", "en")
    );
    assert_eq!(
        refused(|v| remove(&mut v["items"][0]["text"], "hu")),
        missing("items[0].text", "hu")
    );
    assert_eq!(
        refused(|v| v["items"][1]["help"]["sr-Cyrl"] = json!("  ")),
        missing("items[1].help", "sr-Cyrl")
    );
    assert_eq!(
        refused(|v| v["items"][0]["text"]["sr-Latn"] = Value::Null),
        missing("items[0].text", "sr-Latn")
    );
    assert_eq!(
        refused(|v| v["judgement"]["text"]["en"] = json!("")),
        missing("judgement.text", "en")
    );
    assert_eq!(
        refused(|v| v["rules"][2]["label"] = json!({})),
        missing("rules[2].label", "sr-Latn")
    );
    assert_eq!(
        refused(|v| v["description"] = json!({"sr-Latn": "x", "sr-Cyrl": "х", "hu": "x"})),
        missing("description", "en")
    );
}

#[test]
fn refuses_a_fifth_language() {
    assert_eq!(
        refused(|v| v["title"]["de"] = json!("Test")),
        E::UnknownField {
            path: s("title.de")
        }
    );
}

#[test]
fn refuses_texts_too_long_or_with_control_characters() {
    assert_eq!(
        refused(|v| v["items"][0]["text"]["en"] = json!("x".repeat(MAX_TEXT_CHARS + 1))),
        E::TextTooLong {
            path: s("items[0].text"),
            language: "en",
            max_chars: MAX_TEXT_CHARS
        }
    );
    assert_eq!(
        refused(|v| v["title"]["hu"] = json!("a\u{7}b")),
        E::ControlCharacter {
            path: s("title"),
            language: "hu"
        }
    );
}

#[test]
fn refuses_at_least_n_of_zero_or_more_than_listed() {
    for n in [0, 4] {
        assert_eq!(
            refused(|v| v["rules"][3]["if"]["at_least"]["n"] = json!(n)),
            E::AtLeastOutOfRange {
                rule: s("least"),
                n,
                len: 3
            }
        );
    }
    // n equal to the list's length is all of them, and fine.
    let mut v = sample();
    v["rules"][3]["if"]["at_least"]["n"] = json!(3);
    assert!(parse_value(&v).is_ok());
}

#[test]
fn refuses_an_empty_list() {
    let empty = |rule: &str, path: &str| E::EmptyList {
        rule: s(rule),
        path: s(path),
    };
    assert_eq!(
        refused(|v| v["rules"][1]["if"]["any_of"] = json!([])),
        empty("any", "rules[1].if.any_of")
    );
    assert_eq!(
        refused(|v| v["rules"][2]["if"]["all_of"] = json!([])),
        empty("all", "rules[2].if.all_of")
    );
    assert_eq!(
        refused(|v| v["rules"][3]["if"]["at_least"]["of"] = json!([])),
        empty("least", "rules[3].if.at_least.of")
    );
}

#[test]
fn refuses_an_item_twice_in_one_rule() {
    let twice = |rule: &str, item: &str, path: &str| E::DuplicateInRule {
        rule: s(rule),
        item: s(item),
        path: s(path),
    };
    assert_eq!(
        refused(|v| v["rules"][1]["if"]["any_of"] = json!(["a", "d", "a"])),
        twice("any", "a", "rules[1].if.any_of[2]")
    );
    assert_eq!(
        refused(|v| v["rules"][2]["if"]["all_of"] = json!(["c", "c"])),
        twice("all", "c", "rules[2].if.all_of[1]")
    );
    assert_eq!(
        refused(|v| v["rules"][3]["if"]["at_least"]["of"] = json!(["a", "b", "b"])),
        twice("least", "b", "rules[3].if.at_least.of[2]")
    );
    // A weight given twice: a map would silently keep the last one.
    let text = serde_json::to_string(&sample())
        .unwrap()
        .replace("\"weights\":{\"a\":1,", "\"weights\":{\"a\":1,\"a\":4,");
    assert_eq!(
        Instrument::parse(text.as_bytes()),
        Err(twice("score", "a", "rules[0].score.weights.a"))
    );
}

#[test]
fn refuses_a_score_with_no_or_zero_weights() {
    assert_eq!(
        refused(|v| v["rules"][0]["score"]["weights"] = json!({})),
        E::NoWeights { rule: s("score") }
    );
    assert_eq!(
        refused(|v| v["rules"][0]["score"]["weights"]["b"] = json!(0)),
        E::ZeroWeight {
            rule: s("score"),
            item: s("b")
        }
    );
    assert_eq!(
        refused(|v| v["rules"][0]["score"]["weights"]["b"] = json!(MAX_WEIGHT + 1)),
        E::WeightTooLarge {
            rule: s("score"),
            item: s("b"),
            max: MAX_WEIGHT
        }
    );
}

#[test]
fn refuses_score_levels_empty_unordered_or_unreachable() {
    let levels = |v: &mut Value, l: Value| v["rules"][0]["score"]["levels"] = l;
    assert_eq!(
        refused(|v| levels(v, json!([]))),
        E::NoScoreLevels { rule: s("score") }
    );
    let unordered = E::ScoreLevelsNotAscending {
        rule: s("score"),
        path: s("rules[0].score.levels[1]"),
    };
    assert_eq!(
        refused(|v| levels(
            v,
            json!([{"min": 5, "level": "medium"}, {"min": 2, "level": "high"}])
        )),
        unordered
    );
    assert_eq!(
        refused(|v| levels(
            v,
            json!([{"min": 2, "level": "medium"}, {"min": 2, "level": "high"}])
        )),
        unordered
    );
    assert_eq!(
        refused(|v| levels(
            v,
            json!([{"min": 2, "level": "high"}, {"min": 5, "level": "medium"}])
        )),
        unordered
    );
    assert_eq!(
        refused(|v| levels(v, json!([{"min": 0, "level": "medium"}]))),
        E::ScoreMinZero { rule: s("score") }
    );
    assert_eq!(
        refused(|v| levels(
            v,
            json!([{"min": 2, "level": "medium"}, {"min": 7, "level": "high"}])
        )),
        E::ScoreUnreachable {
            rule: s("score"),
            min: 7,
            max_score: 6
        }
    );
}

#[test]
fn refuses_an_unknown_level_name() {
    let unknown = |path: &str| E::UnknownValue {
        path: s(path),
        expected: s("one of `low`, `medium`, `high`, `extreme`"),
    };
    assert_eq!(
        refused(|v| v["rules"][1]["level"] = json!("severe")),
        unknown("rules[1].level")
    );
    assert_eq!(
        refused(|v| v["base_level"] = json!("Low")),
        unknown("base_level")
    );
    assert_eq!(
        refused(|v| v["rules"][0]["score"]["levels"][1]["level"] = json!("huge")),
        unknown("rules[0].score.levels[1].level")
    );
}

#[test]
fn refuses_unknown_fields() {
    let unknown = |path: &str| E::UnknownField { path: s(path) };
    assert_eq!(refused(|v| v["author"] = json!("x")), unknown("author"));
    assert_eq!(
        refused(|v| v["items"][2]["weight"] = json!(1)),
        unknown("items[2].weight")
    );
    assert_eq!(
        refused(|v| v["rules"][1]["why"] = json!("x")),
        unknown("rules[1].why")
    );
    assert_eq!(
        refused(|v| v["judgement"]["hint"] = json!("x")),
        unknown("judgement.hint")
    );
    assert_eq!(
        refused(|v| v["rules"][3]["if"]["at_least"]["most"] = json!(3)),
        unknown("rules[3].if.at_least.most")
    );
    assert_eq!(
        refused(|v| v["rules"][0]["score"]["levels"][0]["max"] = json!(3)),
        unknown("rules[0].score.levels[0].max")
    );
    // A condition this version does not know.
    let e = refused(|v| v["rules"][1]["if"] = json!({"none_of": ["a"]}));
    assert!(
        matches!(&e, E::UnknownValue { path, .. } if path == "rules[1].if"),
        "{e:?}"
    );
    // A field name that is not a plain name is not echoed.
    assert_eq!(refused(|v| v["a b"] = json!(1)), unknown("?"));
}

#[test]
fn refuses_an_unknown_note_policy() {
    let e = refused(|v| v["items"][0]["note"] = json!("sometimes"));
    assert!(
        matches!(&e, E::UnknownValue { path, .. } if path == "items[0].note"),
        "{e:?}"
    );
}

#[test]
fn refuses_a_duplicate_field() {
    let text = serde_json::to_string(&sample()).unwrap().replacen(
        "\"id\":\"test\",",
        "\"id\":\"test\",\"id\":\"other\",",
        1,
    );
    let e = Instrument::parse(text.as_bytes()).unwrap_err();
    assert_eq!(e, E::DuplicateField { path: s("id") });
    let text = serde_json::to_string(&sample()).unwrap().replacen(
        "\"format_version\":1,",
        "\"format_version\":1,\"format_version\":1,",
        1,
    );
    let e = Instrument::parse(text.as_bytes()).unwrap_err();
    assert_eq!(
        e,
        E::DuplicateField {
            path: s("format_version")
        }
    );
}

#[test]
fn refuses_wrong_types() {
    let e = refused(|v| v["version"] = json!("1"));
    assert!(
        matches!(&e, E::WrongValue { path, .. } if path == "version"),
        "{e:?}"
    );
    let e = refused(|v| v["items"][0]["highlight"] = json!("yes"));
    assert!(
        matches!(&e, E::WrongValue { path, .. } if path == "items[0].highlight"),
        "{e:?}"
    );
    let e = refused(|v| v["rules"][0]["score"]["weights"]["a"] = json!(1.5));
    assert!(
        matches!(&e, E::WrongValue { path, .. } if path == "rules[0].score.weights.a"),
        "{e:?}"
    );
}

#[test]
fn refuses_no_rules() {
    assert_eq!(refused(|v| v["rules"] = json!([])), E::NoRules);
}

#[test]
fn refuses_too_many_rules() {
    let e = refused(|v| {
        v["rules"] = (0..=MAX_RULES)
            .map(|i| {
                json!({"id": format!("r{i}"), "label": t("R"), "if": {"any_of": ["a"]},
                            "level": "high"})
            })
            .collect();
    });
    assert_eq!(e, E::TooManyRules { max: MAX_RULES });
}

#[test]
fn refuses_a_rule_with_both_or_neither_test() {
    assert_eq!(
        refused(|v| v["rules"][1]["score"] = v["rules"][0]["score"].clone()),
        E::RuleWithBoth { rule: s("any") }
    );
    assert_eq!(
        refused(|v| {
            v["rules"][1].as_object_mut().unwrap().remove("if");
        }),
        E::RuleWithoutTest { rule: s("any") }
    );
}

#[test]
fn refuses_two_conditions_in_one_if() {
    let e = refused(|v| v["rules"][1]["if"] = json!({"any_of": ["a"], "all_of": ["b"]}));
    assert!(
        matches!(&e, E::WrongValue { path, .. } if path.starts_with("rules[1].if")),
        "{e:?}"
    );
}

#[test]
fn refuses_a_condition_rule_without_level_and_a_score_rule_with_one() {
    assert_eq!(
        refused(|v| {
            v["rules"][2].as_object_mut().unwrap().remove("level");
        }),
        E::MissingLevel { rule: s("all") }
    );
    assert_eq!(
        refused(|v| v["rules"][0]["level"] = json!("high")),
        E::LevelWithScore { rule: s("score") }
    );
}

#[test]
fn refuses_a_rule_that_cannot_raise_the_level() {
    assert_eq!(
        refused(|v| v["rules"][1]["level"] = json!("low")),
        E::LevelNotAboveBase {
            rule: s("any"),
            level: RiskLevel::Low,
            base: RiskLevel::Low
        }
    );
    assert_eq!(
        refused(|v| v["base_level"] = json!("medium")),
        E::LevelNotAboveBase {
            rule: s("score"),
            level: RiskLevel::Medium,
            base: RiskLevel::Medium
        }
    );
}

#[test]
fn refuses_an_officer_condition_that_is_false_or_has_no_question() {
    assert_eq!(
        refused(|v| v["rules"][4]["if"]["officer_believes_in_danger"] = json!(false)),
        E::OfficerConditionFalse { rule: s("officer") }
    );
    assert_eq!(
        refused(|v| {
            v.as_object_mut().unwrap().remove("judgement");
        }),
        E::NoJudgementQuestion { rule: s("officer") }
    );
    // Without the officer rule, no judgement question is fine.
    let mut v = sample();
    v.as_object_mut().unwrap().remove("judgement");
    v["rules"].as_array_mut().unwrap().pop();
    assert!(parse_value(&v).is_ok());
}

#[test]
fn messages_say_what_to_do() {
    let e = refused(|v| v["rules"][1]["if"]["any_of"][1] = json!("zz"));
    assert_eq!(
        e.to_string(),
        "rules[1].if.any_of[1]: rule \"any\" refers to item \"zz\", which the instrument does \
         not have"
    );
    assert_eq!(
        E::NoItems.to_string(),
        "items: the instrument has no items — it needs at least one question"
    );
}

/// Any JSON value, a few levels deep.
fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "[a-z0-9_-]{0,8}".prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            proptest::collection::btree_map("[a-z_-]{1,10}|sr-Latn|id|items|rules|if", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every JSON pointer into `v`.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                pointers(child, format!("{at}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = Instrument::parse(&bytes).map_err(|e| e.to_string());
    }

    #[test]
    fn arbitrary_json_never_panics(v in arbitrary_json()) {
        let _ = parse_value(&v).map_err(|e| e.to_string());
        // And the same with the header that lets it past the first pass.
        let mut v = v;
        if let Value::Object(m) = &mut v {
            m.insert("format".into(), json!(FORMAT));
            m.insert("format_version".into(), json!(FORMAT_VERSION));
        }
        let _ = parse_value(&v).map_err(|e| e.to_string());
    }

    #[test]
    fn any_part_of_the_sample_replaced_never_panics(pick in any::<prop::sample::Index>(),
                                                    replacement in arbitrary_json()) {
        let mut v = sample();
        let mut all = Vec::new();
        pointers(&v, String::new(), &mut all);
        let at = pick.get(&all).clone();
        if let Some(slot) = v.pointer_mut(&at) {
            *slot = replacement;
        }
        let _ = parse_value(&v).map_err(|e| e.to_string());
    }

    #[test]
    fn a_damaged_sample_never_panics(pos in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let mut bytes = serde_json::to_vec_pretty(&sample()).unwrap();
        let i = pos.index(bytes.len());
        bytes[i] = byte;
        let _ = Instrument::parse(&bytes).map_err(|e| e.to_string());
    }
}
