//! What a person's history means for the case at hand (issue 16, Art. 16: the risk "from all
//! available information"), in one place: which matches may count at all, the repeat-perpetrator
//! flag, which facts suggest which item of the built-in Art. 16 instruments, and the flag of an
//! order in force (a possible violation, Art. 36).
//!
//! The input is the same shape whether the history comes from the device's own cases or from
//! the central record's answer ([`HistoryMatch`]). **Only an exact match (the same JMBG) or a
//! weak one (name and date of birth) the officer confirmed counts**: an unconfirmed or rejected
//! match changes no flag and suggests nothing ([`Trust::counts`]). A suggestion is never an
//! answer: it names its source (the case's number or id and date) and waits for the officer.

use chrono::{DateTime, Months, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use zastita_protocol::messages::HistoryMatch;
pub use zastita_protocol::messages::MatchStrength;

/// How far back earlier cases as perpetrator count towards the repeat flag.
pub const REPEAT_WINDOW_MONTHS: u32 = 24;
/// How many cases as perpetrator within the window make a repeat perpetrator (the case at hand
/// included).
pub const REPEAT_MIN_CASES: usize = 2;
/// The article a violation of an emergency measure falls under.
pub const VIOLATION_ARTICLE: u8 = 36;

/// The Art. 16 items history can suggest (ids of the built-in instruments art16 v1 and v2).
pub const EARLIER_VIOLENCE: &str = "earlier-violence";
pub const EARLIER_MEASURE: &str = "earlier-measure";
pub const MEASURE_VIOLATED: &str = "measure-violated";
pub const WEAPON_ACCESS: &str = "weapon-access";
/// Every item history can suggest, in the instruments' order.
pub const SUGGESTED_ITEMS: [&str; 4] = [
    EARLIER_VIOLENCE,
    WEAPON_ACCESS,
    EARLIER_MEASURE,
    MEASURE_VIOLATED,
];

/// The officer's decision on a weak match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum MatchDecision {
    Confirmed,
    Rejected,
}

/// How far a match may be relied on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Trust {
    /// The same JMBG.
    Exact,
    /// Name and date of birth, confirmed by the officer.
    Confirmed,
    /// Name and date of birth, not yet decided: shown, never counted.
    Unconfirmed,
    /// Name and date of birth, rejected by the officer: not the same person.
    Rejected,
}

impl Trust {
    /// A match's trust from its strength and the officer's decision (a decision on an exact match
    /// changes nothing: the JMBG decides).
    pub fn of(strength: MatchStrength, decision: Option<MatchDecision>) -> Trust {
        match (strength, decision) {
            (MatchStrength::Jmbg, _) => Trust::Exact,
            (MatchStrength::NameAndBirth, Some(MatchDecision::Confirmed)) => Trust::Confirmed,
            (MatchStrength::NameAndBirth, Some(MatchDecision::Rejected)) => Trust::Rejected,
            (MatchStrength::NameAndBirth, None) => Trust::Unconfirmed,
        }
    }

    /// Whether the match may raise a flag or suggest an answer.
    pub fn counts(self) -> bool {
        matches!(self, Trust::Exact | Trust::Confirmed)
    }
}

/// Where a suggestion comes from: the earlier case (its number once the central record gave one,
/// its id always, its date) and the order, when the fact is an order's.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SuggestionSource {
    pub case_id: Uuid,
    #[serde(default)]
    pub case_number: Option<String>,
    pub date: DateTime<Utc>,
    /// The order's number, when an order is the fact.
    #[serde(default)]
    pub order_number: Option<String>,
}

/// "Suggested: yes — from case NS-2025-00412 (2025-03-14)": an item and its source. Only
/// `Session::accept_suggestion` makes it an answer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Suggestion {
    pub item: String,
    pub source: SuggestionSource,
}

fn source(m: &HistoryMatch, order_number: Option<&str>) -> SuggestionSource {
    SuggestionSource {
        case_id: m.case.case_id,
        case_number: m.case.number.clone(),
        date: m.case.date,
        order_number: order_number.map(str::to_owned),
    }
}

/// The facts of one counted match that suggest an item, each with its source.
fn facts(m: &HistoryMatch) -> Vec<Suggestion> {
    let mut out = Vec::new();
    let mut push = |item: &str, source: SuggestionSource| {
        out.push(Suggestion {
            item: item.to_owned(),
            source,
        })
    };
    if m.case.role == "perpetrator" {
        push(EARLIER_VIOLENCE, source(m, None));
    }
    for o in m.orders.iter().filter(|o| o.against_person) {
        push(EARLIER_MEASURE, source(m, Some(&o.number)));
        if o.violated {
            push(MEASURE_VIOLATED, source(m, Some(&o.number)));
        }
    }
    let weapon = m.firearms.iter().any(|f| {
        f.kind == "firearm" && (f.in_household || f.legality.as_deref() == Some("unlicensed"))
    });
    if weapon {
        push(WEAPON_ACCESS, source(m, None));
    }
    out
}

/// The suggestions for the Art. 16 items from the matches that count: one per item, from its
/// newest source (ties: the smaller case id and order number, so the answer never depends on the input's order),
/// in [`SUGGESTED_ITEMS`]' order. Unconfirmed and rejected matches suggest nothing.
pub fn suggestions(matches: &[(&HistoryMatch, Trust)]) -> Vec<Suggestion> {
    let mut best: Vec<Suggestion> = Vec::new();
    for (m, trust) in matches {
        if !trust.counts() {
            continue;
        }
        for s in facts(m) {
            match best.iter_mut().find(|b| b.item == s.item) {
                Some(b) => {
                    if rank(&s.source) > rank(&b.source) {
                        *b = s;
                    }
                }
                None => best.push(s),
            }
        }
    }
    best.sort_by_key(|s| SUGGESTED_ITEMS.iter().position(|i| *i == s.item));
    best
}

/// Newest first; among sources of the same instant the smaller case id, then order number.
fn rank(
    s: &SuggestionSource,
) -> (
    DateTime<Utc>,
    std::cmp::Reverse<Uuid>,
    std::cmp::Reverse<Option<&str>>,
) {
    (
        s.date,
        std::cmp::Reverse(s.case_id),
        std::cmp::Reverse(s.order_number.as_deref()),
    )
}

/// Whether the suggestion `wanted` is among those the matches give now (an officer accepts only
/// what the history still says).
pub fn is_suggested(matches: &[(&HistoryMatch, Trust)], wanted: &Suggestion) -> bool {
    matches
        .iter()
        .filter(|(_, t)| t.counts())
        .any(|(m, _)| facts(m).contains(wanted))
}

/// The repeat-perpetrator flag: two or more cases as perpetrator within
/// [`REPEAT_WINDOW_MONTHS`] before `at` (the case at hand counts when `perpetrator_here`), or any
/// violation of a measure against the person recorded. Only matches that count are read; the
/// same case reached twice (on the device and in the central record's answer) counts once.
pub fn repeat_perpetrator(
    matches: &[(&HistoryMatch, Trust)],
    perpetrator_here: Option<Uuid>,
    at: DateTime<Utc>,
) -> bool {
    let counted: Vec<&HistoryMatch> = matches
        .iter()
        .filter(|(_, t)| t.counts())
        .map(|(m, _)| *m)
        .collect();
    if counted
        .iter()
        .any(|m| m.orders.iter().any(|o| o.against_person && o.violated))
    {
        return true;
    }
    let from = at
        .checked_sub_months(Months::new(REPEAT_WINDOW_MONTHS))
        .unwrap_or(DateTime::<Utc>::MIN_UTC);
    let mut cases: Vec<Uuid> = counted
        .iter()
        .filter(|m| m.case.role == "perpetrator" && m.case.date >= from && m.case.date <= at)
        .map(|m| m.case.case_id)
        .chain(perpetrator_here)
        .collect();
    cases.sort_unstable();
    cases.dedup();
    cases.len() >= REPEAT_MIN_CASES
}

/// An order in force against the person at a new call: what it forbids, until when, and that
/// this may be a violation (Art. 36), with the order to record the violation on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InForceFlag {
    pub order_id: Uuid,
    pub number: String,
    /// The measures (`removal_from_dwelling`, `contact_ban`).
    pub measures: Vec<String>,
    pub ends_at: DateTime<Utc>,
    /// Always true while in force: the person's presence at a new call may be a violation.
    pub possible_violation: bool,
    /// The article a violation falls under ([`VIOLATION_ARTICLE`]).
    pub article: u8,
}

/// The flag of an order whose measures end at `ends_at`, if it is in force at `now` (the end is
/// exclusive: at its instant the order no longer binds).
pub fn in_force_flag(
    order_id: Uuid,
    number: &str,
    measures: &[String],
    ends_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<InForceFlag> {
    (now < ends_at).then(|| InForceFlag {
        order_id,
        number: number.to_owned(),
        measures: measures.to_vec(),
        ends_at,
        possible_violation: true,
        article: VIOLATION_ARTICLE,
    })
}

#[cfg(test)]
mod tests;
