//! Tests of evaluation and answer checks on the sample instrument (one rule of every kind).
#![allow(clippy::unwrap_used)]

use serde_json::json;

use super::super::testing::{answers, sample_instrument, yes};
use super::*;

use Answer::{No, Unknown, Yes};

/// The level and fired rule ids for these answers.
fn run(answers: &Answers, officer: Option<bool>) -> (RiskLevel, Vec<String>) {
    let e = sample_instrument().evaluate(answers, officer);
    assert_eq!(e.screened_in, e.computed_level > RiskLevel::Low);
    assert_eq!(e.screened_in, !e.fired.is_empty());
    (
        e.computed_level,
        e.fired.into_iter().map(|f| f.rule_id).collect(),
    )
}

fn check(answers: Answers, officer: Option<bool>, level: RiskLevel, fired: &[&str]) {
    let (got_level, got_fired) = run(&answers, officer);
    assert_eq!(
        (got_level, got_fired),
        (level, fired.iter().map(|s| (*s).to_owned()).collect()),
        "{answers:?} officer {officer:?}"
    );
}

#[test]
fn nothing_answered_is_the_base_level() {
    let e = sample_instrument().evaluate(&Answers::new(), None);
    assert_eq!(
        e,
        Evaluation {
            computed_level: RiskLevel::Low,
            fired: vec![],
            screened_in: false
        }
    );
}

#[test]
fn rule_table() {
    use RiskLevel::{Extreme, High, Low, Medium};
    // any_of a, d → medium; the score counts a as 1 (below 2).
    check(yes(&["d"]), None, Medium, &["any"]);
    check(yes(&["a"]), None, Medium, &["any"]);
    // b alone scores 2 → medium.
    check(yes(&["b"]), None, Medium, &["score"]);
    // all_of b, c → high; score 5 → high too; at_least 2 of a, b, c.
    check(yes(&["b", "c"]), None, High, &["score", "all", "least"]);
    // at_least: one of a, b, c is not enough, two are.
    check(yes(&["c"]), None, Medium, &["score"]);
    check(yes(&["a", "c"]), None, Medium, &["score", "any", "least"]);
    // The officer's judgement: only a yes counts.
    check(Answers::new(), Some(true), Extreme, &["officer"]);
    check(Answers::new(), Some(false), Low, &[]);
    check(Answers::new(), None, Low, &[]);
    // The highest fired level wins.
    check(
        yes(&["a", "b", "c", "d"]),
        Some(true),
        Extreme,
        &["score", "any", "all", "least", "officer"],
    );
}

#[test]
fn unknown_and_no_never_count_as_yes() {
    let all = |a: Answer| answers(&[("a", a), ("b", a), ("c", a), ("d", a)]);
    check(all(Unknown), None, RiskLevel::Low, &[]);
    check(all(No), None, RiskLevel::Low, &[]);
    check(
        answers(&[("a", Unknown), ("b", Yes), ("c", Unknown)]),
        None,
        RiskLevel::Medium,
        &["score"],
    );
}

#[test]
fn score_rules_report_their_score_and_level() {
    let i = sample_instrument();
    let e = i.evaluate(&yes(&["b", "c"]), None);
    assert_eq!(
        e.fired[0],
        FiredRule {
            rule_id: "score".into(),
            level: RiskLevel::High,
            score: Some(5)
        }
    );
    assert_eq!(e.fired[1].score, None);
    // Below the lowest threshold the score rule does not fire.
    assert!(
        i.evaluate(&yes(&["a"]), None)
            .fired
            .iter()
            .all(|f| f.rule_id != "score")
    );
}

#[test]
fn answers_for_unknown_items_are_ignored_by_evaluation() {
    check(yes(&["zz"]), None, RiskLevel::Low, &[]);
}

#[test]
fn evaluation_json_shape() {
    let e = sample_instrument().evaluate(&yes(&["b"]), Some(true));
    assert_eq!(
        serde_json::to_value(&e).unwrap(),
        json!({
            "computed_level": "extreme",
            "fired": [
                {"rule_id": "score", "level": "medium", "score": 2},
                {"rule_id": "officer", "level": "extreme", "score": null}
            ],
            "screened_in": true
        })
    );
    let back: Evaluation = serde_json::from_value(serde_json::to_value(&e).unwrap()).unwrap();
    assert_eq!(back, e);
}

fn problems(
    answers: &Answers,
    judgement: Option<bool>,
    reasons: &str,
    complete: bool,
) -> Vec<AnswerProblem> {
    sample_instrument().check_answers(answers, judgement, reasons, complete)
}

/// Problems from `(item, code)` pairs.
fn expect(list: &[(Option<&str>, AnswerProblemCode)]) -> Vec<AnswerProblem> {
    list.iter()
        .map(|(item, code)| AnswerProblem {
            item: item.map(str::to_owned),
            code: code.clone(),
        })
        .collect()
}

fn with_note(mut a: Answers, item: &str, note: &str) -> Answers {
    a.get_mut(item).unwrap().note = note.to_owned();
    a
}

#[test]
fn a_draft_may_be_incomplete() {
    assert_eq!(problems(&Answers::new(), None, "", false), expect(&[]));
}

#[test]
fn completing_needs_every_item_and_the_judgement() {
    use AnswerProblemCode as C;
    assert_eq!(
        problems(&answers(&[("a", No), ("c", Unknown)]), None, "", true),
        expect(&[
            (Some("b"), C::Unanswered),
            (Some("d"), C::Unanswered),
            (None, C::JudgementUnanswered),
        ])
    );
    let all = answers(&[("a", No), ("b", Unknown), ("c", No), ("d", No)]);
    assert_eq!(problems(&all, Some(false), "", true), expect(&[]));
}

#[test]
fn a_yes_needs_a_note_where_the_item_says_so() {
    use AnswerProblemCode as C;
    let a = answers(&[("d", Yes)]);
    assert_eq!(
        problems(&a, None, "", false),
        expect(&[(Some("d"), C::NoteRequired)])
    );
    assert_eq!(
        problems(&with_note(a.clone(), "d", "  \n"), None, "", false),
        expect(&[(Some("d"), C::NoteRequired)])
    );
    assert_eq!(
        problems(
            &with_note(a, "d", "a knife in the kitchen"),
            None,
            "",
            false
        ),
        expect(&[])
    );
    // No, or don't know, needs no note.
    assert_eq!(
        problems(&answers(&[("d", No), ("a", Unknown)]), None, "", false),
        expect(&[])
    );
}

#[test]
fn notes_are_checked() {
    use AnswerProblemCode as C;
    let a = answers(&[("a", Yes), ("b", No), ("c", No)]);
    let a = with_note(a, "a", &"x".repeat(NOTE_MAX_CHARS + 1));
    let a = with_note(a, "b", "tab\tand line\nbreak are fine, \u{1b} is not");
    let a = with_note(a, "c", "c takes no note");
    assert_eq!(
        problems(&a, None, "", false),
        expect(&[
            (
                Some("a"),
                C::NoteTooLong {
                    max_chars: NOTE_MAX_CHARS
                }
            ),
            (Some("b"), C::ControlCharacter),
            (Some("c"), C::NoteNotTaken),
        ])
    );
}

#[test]
fn answers_for_unknown_items_are_reported() {
    use AnswerProblemCode as C;
    assert_eq!(
        problems(&answers(&[("zz", No), ("a", No)]), None, "", false),
        expect(&[(Some("zz"), C::UnknownItem)])
    );
}

#[test]
fn a_judgement_of_danger_needs_reasons() {
    use AnswerProblemCode as C;
    let none = Answers::new();
    assert_eq!(
        problems(&none, Some(true), " ", false),
        expect(&[(None, C::ReasonsRequired)])
    );
    assert_eq!(
        problems(&none, Some(true), "threatened with a knife tonight", false),
        expect(&[])
    );
    assert_eq!(problems(&none, Some(false), "", false), expect(&[]));
    assert_eq!(
        problems(&none, Some(true), &"x".repeat(REASONS_MAX_CHARS + 1), false),
        expect(&[(
            None,
            C::ReasonsTooLong {
                max_chars: REASONS_MAX_CHARS
            }
        )])
    );
    assert_eq!(
        problems(&none, Some(true), "a\u{202E}b", false),
        expect(&[(None, C::ControlCharacter)])
    );
}

#[test]
fn reasons_are_optional_when_the_instrument_says_so() {
    let mut v = super::super::testing::sample();
    v["judgement"]["reasons_required"] = json!(false);
    let i = super::super::testing::parse_value(&v).unwrap();
    assert_eq!(
        i.check_answers(&Answers::new(), Some(true), "", false),
        vec![]
    );
}

#[test]
fn a_judgement_without_a_question_is_reported() {
    let mut v = super::super::testing::sample();
    v.as_object_mut().unwrap().remove("judgement");
    v["rules"].as_array_mut().unwrap().pop();
    let i = super::super::testing::parse_value(&v).unwrap();
    let p = i.check_answers(&Answers::new(), Some(true), "", true);
    assert_eq!(
        p,
        vec![
            AnswerProblem {
                item: Some("a".into()),
                code: AnswerProblemCode::Unanswered
            },
            AnswerProblem {
                item: Some("b".into()),
                code: AnswerProblemCode::Unanswered
            },
            AnswerProblem {
                item: Some("c".into()),
                code: AnswerProblemCode::Unanswered
            },
            AnswerProblem {
                item: Some("d".into()),
                code: AnswerProblemCode::Unanswered
            },
            AnswerProblem {
                item: None,
                code: AnswerProblemCode::NoJudgementQuestion
            },
        ]
    );
    // Without a judgement question, completing needs none.
    let all = answers(&[("a", No), ("b", No), ("c", No), ("d", No)]);
    assert_eq!(i.check_answers(&all, None, "", true), vec![]);
}

#[test]
fn problems_serialise_as_item_and_code() {
    let p = sample_instrument().check_answers(&answers(&[("d", Yes)]), Some(true), "", false);
    assert_eq!(
        serde_json::to_value(&p).unwrap(),
        json!([
            {"item": "d", "code": "note_required"},
            {"item": null, "code": "reasons_required"}
        ])
    );
    assert_eq!(
        p[0].to_string(),
        "item \"d\": a yes needs a note saying what it rests on"
    );
    assert_eq!(
        p[1].to_string(),
        "judgement: say why the victim is in danger"
    );
}

#[test]
fn answers_json_is_sorted_by_item() {
    let a = answers(&[("d", No), ("a", Yes)]);
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        r#"{"a":{"answer":"yes","note":""},"d":{"answer":"no","note":""}}"#
    );
    let back: Answers = serde_json::from_str(r#"{"b":{"answer":"unknown"}}"#).unwrap();
    assert_eq!(back, answers(&[("b", Unknown)]));
    assert!(serde_json::from_str::<Answers>(r#"{"b":{"answer":"maybe"}}"#).is_err());
}
