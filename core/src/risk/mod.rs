//! Risk assessment: instruments as data, and the rule engine that applies them.
//!
//! Art. 16 of the Law on the Prevention of Domestic Violence has the officer assess the risk at
//! once, from everything known. What is asked and how answers become a level is not code but
//! data: an instrument file (JSON, `format: "zastita-instrument"`, described in [`parse`]; the
//! built-in files in `core/instruments/` are examples). A new instrument, or a new
//! version of one, needs no code change; an assessment stores the [`InstrumentRef`] (id and
//! version) it was made with.
//!
//! - [`instrument`] — the types: items, the judgement question, rules, [`RiskLevel`].
//! - [`parse`] — reading and validating a file; every malformed or contradictory file is refused
//!   with a specific [`InstrumentError`].
//! - [`evaluate`] — answers → [`Evaluation`] (level and the rules that fired), and
//!   [`Instrument::check_answers`] for what is missing.
//! - [`schedule`] — when to assess again, by level.
//! - [`mod@builtin`] — the instruments shipped with the app (the statutory Art. 16 factors and a
//!   lethality screen), embedded from `core/instruments/`.
//!
//! Texts come in the app's four languages, keyed like [`crate::domain::Language`].
//!
//! **Invariant:** the engine only ever raises a level. The computed level is the base level or
//! the highest level of a rule that fired; "don't know" and unanswered items never count as yes.

pub mod builtin;
pub mod evaluate;
pub mod instrument;
pub mod parse;
pub mod schedule;

#[cfg(test)]
mod testing;

pub use builtin::builtin;
pub use evaluate::{AnswerProblem, AnswerProblemCode, Answers, Evaluation, FiredRule, ItemAnswer};
pub use instrument::{
    Answer, Condition, Instrument, InstrumentRef, Item, Judgement, Localized, NotePolicy,
    Population, RiskLevel, Rule, RuleBody, Score, ScoreLevel,
};
pub use parse::InstrumentError;
pub use schedule::{ReassessmentHours, ReassessmentSchedule, ScheduleError, reassessment_interval};
