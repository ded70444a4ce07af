//! A rule checked against the instrument it belongs to: its items exist and are named once, its
//! thresholds can be reached and rise, its level is above the base level.

use std::collections::{BTreeMap, HashSet};

use super::*;

/// What a rule is checked against.
pub(super) struct RuleContext<'a> {
    pub(super) items: &'a HashSet<String>,
    pub(super) base: RiskLevel,
    pub(super) has_judgement: bool,
}

impl RuleContext<'_> {
    pub(super) fn rule(&self, r: RawRule, path: &str) -> Result<Rule> {
        let rule = r.id.as_str();
        let label = text(r.label, &format!("{path}.label"))?;
        let body = match (r.condition, r.score) {
            (None, None) => return Err(InstrumentError::RuleWithoutTest { rule: r.id }),
            (Some(_), Some(_)) => return Err(InstrumentError::RuleWithBoth { rule: r.id }),
            (Some(condition), None) => {
                let level = r.level.ok_or_else(|| InstrumentError::MissingLevel {
                    rule: rule.to_owned(),
                })?;
                self.above_base(rule, level)?;
                self.condition(rule, &condition, &format!("{path}.if"))?;
                RuleBody::Condition { condition, level }
            }
            (None, Some(score)) => {
                if r.level.is_some() {
                    return Err(InstrumentError::LevelWithScore { rule: r.id });
                }
                RuleBody::Score {
                    score: self.score(rule, score, &format!("{path}.score"))?,
                }
            }
        };
        Ok(Rule {
            id: r.id,
            label,
            body,
        })
    }

    pub(super) fn above_base(&self, rule: &str, level: RiskLevel) -> Result<()> {
        if level <= self.base {
            return Err(InstrumentError::LevelNotAboveBase {
                rule: rule.to_owned(),
                level,
                base: self.base,
            });
        }
        Ok(())
    }

    pub(super) fn condition(&self, rule: &str, condition: &Condition, path: &str) -> Result<()> {
        match condition {
            Condition::AnyOf(list) => self.list(rule, list, &format!("{path}.any_of")),
            Condition::AllOf(list) => self.list(rule, list, &format!("{path}.all_of")),
            Condition::AtLeast { n, of } => {
                self.list(rule, of, &format!("{path}.at_least.of"))?;
                if *n == 0 || *n as usize > of.len() {
                    return Err(InstrumentError::AtLeastOutOfRange {
                        rule: rule.to_owned(),
                        n: *n,
                        len: of.len(),
                    });
                }
                Ok(())
            }
            Condition::OfficerBelievesInDanger(believes) => {
                if !believes {
                    return Err(InstrumentError::OfficerConditionFalse {
                        rule: rule.to_owned(),
                    });
                }
                if !self.has_judgement {
                    return Err(InstrumentError::NoJudgementQuestion {
                        rule: rule.to_owned(),
                    });
                }
                Ok(())
            }
        }
    }

    /// A list of item ids: not empty, each a known item, none twice.
    pub(super) fn list(&self, rule: &str, list: &[String], path: &str) -> Result<()> {
        if list.is_empty() {
            return Err(InstrumentError::EmptyList {
                rule: rule.to_owned(),
                path: path.to_owned(),
            });
        }
        let mut seen = HashSet::new();
        for (i, item) in list.iter().enumerate() {
            let path = format!("{path}[{i}]");
            self.item(rule, item, &path)?;
            if !seen.insert(item) {
                return Err(InstrumentError::DuplicateInRule {
                    rule: rule.to_owned(),
                    item: item.clone(),
                    path,
                });
            }
        }
        Ok(())
    }

    /// A reference to an item: a valid id of an item the instrument has.
    pub(super) fn item(&self, rule: &str, item: &str, path: &str) -> Result<()> {
        check_id(item, path)?;
        if !self.items.contains(item) {
            return Err(InstrumentError::UnknownItem {
                rule: rule.to_owned(),
                item: item.to_owned(),
                path: path.to_owned(),
            });
        }
        Ok(())
    }

    pub(super) fn score(&self, rule: &str, raw: RawScore, path: &str) -> Result<Score> {
        if raw.weights.0.is_empty() {
            return Err(InstrumentError::NoWeights {
                rule: rule.to_owned(),
            });
        }
        let mut weights = BTreeMap::new();
        let mut max_score: u32 = 0;
        for (item, weight) in raw.weights.0 {
            let item_path = format!("{path}.weights.{item}");
            if check_id(&item, &item_path).is_err() {
                return Err(InstrumentError::BadId {
                    path: format!("{path}.weights"),
                });
            }
            self.item(rule, &item, &item_path)?;
            if weight == 0 {
                return Err(InstrumentError::ZeroWeight {
                    rule: rule.to_owned(),
                    item,
                });
            }
            if weight > MAX_WEIGHT {
                return Err(InstrumentError::WeightTooLarge {
                    rule: rule.to_owned(),
                    item,
                    max: MAX_WEIGHT,
                });
            }
            max_score = max_score.saturating_add(weight);
            if weights.insert(item.clone(), weight).is_some() {
                return Err(InstrumentError::DuplicateInRule {
                    rule: rule.to_owned(),
                    item,
                    path: item_path,
                });
            }
        }

        let Some(first) = raw.levels.first() else {
            return Err(InstrumentError::NoScoreLevels {
                rule: rule.to_owned(),
            });
        };
        if first.min == 0 {
            return Err(InstrumentError::ScoreMinZero {
                rule: rule.to_owned(),
            });
        }
        for (i, pair) in raw.levels.windows(2).enumerate() {
            if let [lower, higher] = pair
                && (higher.min <= lower.min || higher.level <= lower.level)
            {
                return Err(InstrumentError::ScoreLevelsNotAscending {
                    rule: rule.to_owned(),
                    path: format!("{path}.levels[{}]", i + 1),
                });
            }
        }
        for threshold in &raw.levels {
            self.above_base(rule, threshold.level)?;
            if threshold.min > max_score {
                return Err(InstrumentError::ScoreUnreachable {
                    rule: rule.to_owned(),
                    min: threshold.min,
                    max_score,
                });
            }
        }
        Ok(Score {
            weights,
            levels: raw.levels,
        })
    }
}
