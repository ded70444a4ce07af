//! Applying an instrument to answers: the computed level with the rules that fired
//! ([`Instrument::evaluate`]), and what is missing or wrong in the answers
//! ([`Instrument::check_answers`]).
//!
//! **Invariant:** only "yes" counts. "Don't know" and an unanswered item never make a rule fire,
//! so a missing answer can never raise a level — and never lower one either: answering an item yes
//! that was no can only keep or raise the level (rules are monotone; tested on the built-ins).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::instrument::{Answer, Condition, Instrument, NotePolicy, RiskLevel, RuleBody, Score};
use crate::domain::control_character;

/// The longest evidence note on one item.
pub const NOTE_MAX_CHARS: usize = 2_000;
/// The longest reasons for the officer's judgement.
pub const REASONS_MAX_CHARS: usize = 10_000;

/// The answers to an instrument's items, by item id (sorted, so the JSON is deterministic).
pub type Answers = BTreeMap<String, ItemAnswer>;

/// The answer to one item and the officer's evidence note for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemAnswer {
    pub answer: Answer,
    /// What the answer rests on ("a hunting rifle in the wardrobe"); may be empty.
    #[serde(default)]
    pub note: String,
}

/// The result of applying an instrument to answers.
///
/// `screened_in` is true when the computed level is above the instrument's base level. Every rule
/// of a valid instrument raises to a level above the base, so this is the same as "at least one
/// rule fired". Not being screened in never means the victim is safe: it means none of the
/// instrument's rules fired on what is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Evaluation {
    /// The base level, raised to the highest level of any rule that fired.
    pub computed_level: RiskLevel,
    /// Every rule that fired, in the instrument's order.
    pub fired: Vec<FiredRule>,
    pub screened_in: bool,
}

/// A rule that fired and the level it reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FiredRule {
    pub rule_id: String,
    pub level: RiskLevel,
    /// For a score rule, the score (the sum of the weights of the items answered yes).
    pub score: Option<u32>,
}

/// One problem with a set of answers. `item` names the item; it is `None` for the judgement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AnswerProblem {
    pub item: Option<String>,
    /// Flattened: the UI sees `{"item": "weapon-access", "code": "note_required"}`.
    #[serde(flatten)]
    pub code: AnswerProblemCode,
}

/// What is wrong; the UI translates the code (`risk-problem-<code>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum AnswerProblemCode {
    /// An answer for an item the instrument does not have.
    UnknownItem,
    /// Completing the assessment needs an answer ("don't know" is one).
    Unanswered,
    /// The item is answered yes and needs a note saying what the answer rests on.
    NoteRequired,
    /// The item takes no note, but one is written.
    NoteNotTaken,
    NoteTooLong {
        max_chars: usize,
    },
    /// A control character (other than line break and tab) in a note or the reasons.
    ControlCharacter,
    /// Completing the assessment needs the officer's judgement.
    JudgementUnanswered,
    /// The officer judges the victim in danger, and the instrument needs the reasons.
    ReasonsRequired,
    ReasonsTooLong {
        max_chars: usize,
    },
    /// A judgement (or reasons) given for an instrument without a judgement question.
    NoJudgementQuestion,
}

impl AnswerProblem {
    fn item(item: &str, code: AnswerProblemCode) -> Self {
        Self {
            item: Some(item.to_owned()),
            code,
        }
    }

    fn judgement(code: AnswerProblemCode) -> Self {
        Self { item: None, code }
    }
}

impl fmt::Display for AnswerProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use AnswerProblemCode as C;
        match &self.item {
            Some(item) => write!(f, "item \"{item}\": ")?,
            None => f.write_str("judgement: ")?,
        }
        match &self.code {
            C::UnknownItem => f.write_str("the instrument has no such item"),
            C::Unanswered => f.write_str("answer it (\"don't know\" is an answer)"),
            C::NoteRequired => f.write_str("a yes needs a note saying what it rests on"),
            C::NoteNotTaken => f.write_str("this item takes no note"),
            C::NoteTooLong { max_chars } => {
                write!(f, "the note is longer than {max_chars} characters")
            }
            C::ControlCharacter => f.write_str("contains a control character"),
            C::JudgementUnanswered => f.write_str("answer whether the victim is in danger"),
            C::ReasonsRequired => f.write_str("say why the victim is in danger"),
            C::ReasonsTooLong { max_chars } => {
                write!(f, "the reasons are longer than {max_chars} characters")
            }
            C::NoJudgementQuestion => f.write_str("this instrument asks no judgement"),
        }
    }
}

impl Instrument {
    /// The level these answers reach, and the rules that fired. Answers for items the instrument
    /// does not have are ignored here ([`Instrument::check_answers`] reports them).
    pub fn evaluate(
        &self,
        answers: &Answers,
        officer_believes_in_danger: Option<bool>,
    ) -> Evaluation {
        let yes = |item: &String| answers.get(item).is_some_and(|a| a.answer == Answer::Yes);
        let mut fired = Vec::new();
        for rule in &self.rules {
            let hit = match &rule.body {
                RuleBody::Condition { condition, level } => {
                    let fires = match condition {
                        Condition::AnyOf(list) => list.iter().any(yes),
                        Condition::AllOf(list) => list.iter().all(yes),
                        Condition::AtLeast { n, of } => {
                            of.iter().filter(|i| yes(i)).count() >= *n as usize
                        }
                        Condition::OfficerBelievesInDanger(wanted) => {
                            officer_believes_in_danger == Some(*wanted)
                        }
                    };
                    fires.then_some((*level, None))
                }
                RuleBody::Score { score } => {
                    let total = score_of(score, &yes);
                    reached(score, total).map(|level| (level, Some(total)))
                }
            };
            if let Some((level, score)) = hit {
                fired.push(FiredRule {
                    rule_id: rule.id.clone(),
                    level,
                    score,
                });
            }
        }
        let computed_level = fired
            .iter()
            .map(|f| f.level)
            .fold(self.base_level, RiskLevel::max);
        Evaluation {
            computed_level,
            screened_in: computed_level > self.base_level,
            fired,
        }
    }

    /// Every problem with these answers, in the instrument's item order, then unknown items, then
    /// the judgement. Always checked: unknown items, notes (required for a yes where the item says
    /// so; length; control characters), the reasons for a judgement of danger. With `complete`
    /// (the assessment is being finished) also: every item answered, and the judgement answered
    /// when the instrument asks one.
    pub fn check_answers(
        &self,
        answers: &Answers,
        judgement: Option<bool>,
        judgement_reasons: &str,
        complete: bool,
    ) -> Vec<AnswerProblem> {
        use AnswerProblemCode as C;
        let mut problems = Vec::new();
        for item in &self.items {
            let Some(answer) = answers.get(&item.id) else {
                if complete {
                    problems.push(AnswerProblem::item(&item.id, C::Unanswered));
                }
                continue;
            };
            let note = answer.note.as_str();
            match item.note {
                NotePolicy::RequiredIfYes
                    if answer.answer == Answer::Yes && note.trim().is_empty() =>
                {
                    problems.push(AnswerProblem::item(&item.id, C::NoteRequired));
                }
                NotePolicy::NotTaken if !note.trim().is_empty() => {
                    problems.push(AnswerProblem::item(&item.id, C::NoteNotTaken));
                }
                _ => {}
            }
            if note.chars().count() > NOTE_MAX_CHARS {
                problems.push(AnswerProblem::item(
                    &item.id,
                    C::NoteTooLong {
                        max_chars: NOTE_MAX_CHARS,
                    },
                ));
            }
            if control_character(note) {
                problems.push(AnswerProblem::item(&item.id, C::ControlCharacter));
            }
        }
        for id in answers.keys() {
            if self.item(id).is_none() {
                problems.push(AnswerProblem::item(id, C::UnknownItem));
            }
        }

        let reasons_given = !judgement_reasons.trim().is_empty();
        match &self.judgement {
            None => {
                if judgement.is_some() || reasons_given {
                    problems.push(AnswerProblem::judgement(C::NoJudgementQuestion));
                }
            }
            Some(question) => {
                if complete && judgement.is_none() {
                    problems.push(AnswerProblem::judgement(C::JudgementUnanswered));
                }
                if judgement == Some(true) && question.reasons_required && !reasons_given {
                    problems.push(AnswerProblem::judgement(C::ReasonsRequired));
                }
                if judgement_reasons.chars().count() > REASONS_MAX_CHARS {
                    problems.push(AnswerProblem::judgement(C::ReasonsTooLong {
                        max_chars: REASONS_MAX_CHARS,
                    }));
                }
                if control_character(judgement_reasons) {
                    problems.push(AnswerProblem::judgement(C::ControlCharacter));
                }
            }
        }
        problems
    }
}

/// The sum of the weights of the items answered yes. Weights are bounded at parse time, so the
/// sum cannot overflow; it saturates all the same.
fn score_of(score: &Score, yes: &impl Fn(&String) -> bool) -> u32 {
    score
        .weights
        .iter()
        .filter(|(item, _)| yes(item))
        .fold(0u32, |sum, (_, weight)| sum.saturating_add(*weight))
}

/// The highest level whose threshold the total reaches, if any.
fn reached(score: &Score, total: u32) -> Option<RiskLevel> {
    score
        .levels
        .iter()
        .filter(|threshold| total >= threshold.min)
        .map(|threshold| threshold.level)
        .max()
}

#[cfg(test)]
mod tests;
