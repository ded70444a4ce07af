//! The acts of the chain: who may record which (role and jurisdiction), the checks of what an
//! operator typed, the act prepared as core's order event and judged by core's law, and its
//! recording with its change down the owning device's feed.

use super::*;

/// The index column and key an operator's jurisdiction is filtered by, and whether only
/// proposed orders count; `None` for a role that reads no case.
pub(super) fn jurisdiction(op: &Operator) -> Option<(&'static str, String, bool)> {
    let key = institution_key(op.institution.kind, &op.institution.key)?;
    match (op.role, op.institution.kind) {
        (OperatorRole::Station, InstitutionKind::PoliceAdministration) => {
            Some(("police_administration", key, false))
        }
        (OperatorRole::Prosecutor, InstitutionKind::BasicProsecutor) => {
            Some(("prosecutor_office", key, false))
        }
        (OperatorRole::Court, InstitutionKind::BasicCourt) => Some(("basic_court", key, true)),
        _ => None,
    }
}

pub(super) fn reads_cases(op: &Operator) -> bool {
    matches!(
        op.role,
        OperatorRole::Station | OperatorRole::Prosecutor | OperatorRole::Court
    )
}

pub(super) fn text(field: &'static str, s: &str, max: usize, required: bool) -> Result<String> {
    let t = s.trim();
    if (required && t.is_empty())
        || t.chars().count() > max
        || t.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(ChainError::Invalid { field });
    }
    Ok(t.to_owned())
}

pub(super) fn line(field: &'static str, s: &str) -> Result<String> {
    let t = text(field, s, MAX_LINE, true)?;
    if t.contains('\n') || t.contains('\t') {
        return Err(ChainError::Invalid { field });
    }
    Ok(t)
}

/// What an audited console transaction writes beside its work: the console's one kind of entry
/// (`console::audit::Audit`: actor kind `console`, the operator's id and login, the purpose as
/// `code: words`), here with the action, its target and the purpose given.
pub(super) struct Audit<'a> {
    pub(super) op: &'a Operator,
    pub(super) action: &'static str,
    pub(super) target: Option<String>,
    pub(super) purpose: &'a ConsolePurpose,
}

impl Audit<'_> {
    /// The entry with `purpose` (checked; `None` when it was refused) and `detail`.
    pub(super) fn entry(&self, purpose: Option<&ConsolePurpose>, detail: Value) -> ConsoleAudit {
        let mut entry = ConsoleAudit::new(self.action).detail(detail);
        if let Some(t) = &self.target {
            entry = entry.target(t.clone());
        }
        if let Some(p) = purpose {
            entry = entry.purpose(p);
        }
        entry
    }
}

/// The purpose checked as every console view's is (`console_audit::clean_purpose`): its words
/// one line of at most [`MAX_PURPOSE`] characters, blank read as none.
pub(super) fn checked_purpose(p: &ConsolePurpose) -> Result<ConsolePurpose> {
    clean_purpose(p.clone()).ok_or(ChainError::Invalid { field: "purpose" })
}

/// Which role records which act: the prosecutor his evaluation, proposal or decision not to
/// propose; the court its decision, its service, an appeal lodged with it, its forwarding and the
/// higher court's decision.
pub fn role_may(role: OperatorRole, kind: ActKind) -> bool {
    match kind {
        ActKind::Evaluate | ActKind::Propose | ActKind::Decline => role == OperatorRole::Prosecutor,
        ActKind::Decide
        | ActKind::DecisionReceived
        | ActKind::Appeal
        | ActKind::AppealForwarded
        | ActKind::HigherCourtDecision => role == OperatorRole::Court,
    }
}

/// The act an opening by an operator of `role` records the first time: the prosecutor's office's
/// receipt, the court's receipt of the proposal; none for other roles.
pub(super) fn receipt_kind(role: OperatorRole) -> Option<&'static str> {
    match role {
        OperatorRole::Prosecutor => Some("prosecutor_received"),
        OperatorRole::Court => Some("proposal_received"),
        _ => None,
    }
}

/// Whether `kind` is recorded on the order (one indexed query, nothing decrypted).
pub(super) fn act_recorded(sql: &mut dyn Sql, order: Uuid, kind: &str) -> Result<bool, StoreError> {
    sql.query_one(
        "SELECT EXISTS (SELECT 1 FROM console_acts WHERE order_id = $1 AND kind = $2)",
        &[order.into(), kind.into()],
    )?
    .bool(0)
}

/// The receipt an opening by `op` records now, if any: the competent prosecutor's office's
/// first opening, a court's first opening of a proposed order — when core admits it on the
/// order as it stands (not on a lifted order).
pub(super) fn receipt_due(
    op: &Operator,
    row: &Indexed,
    order: &Order,
    acts: &[StoredAct],
    now: DateTime<Utc>,
) -> Option<(&'static str, ChainEvent)> {
    let kind = receipt_kind(op.role)?;
    if acts.iter().any(|a| a.kind == kind) {
        return None;
    }
    let receipt = match op.role {
        OperatorRole::Prosecutor => (
            kind,
            ChainEvent::ProsecutorReceived {
                at: now,
                office: row.territory.prosecutor_office.clone(),
            },
        ),
        _ => (
            kind,
            ChainEvent::ProposalReceived {
                at: now,
                court: row.territory.basic_court.clone(),
            },
        ),
    };
    let probe = ChangeKind::OrderAct {
        order_id: row.order_id,
        act_id: Uuid::nil(),
        event: receipt.1.clone(),
    };
    law::admission(order, &probe, now)
        .is_ok()
        .then_some(receipt)
}

/// The order, if the operator's role reads cases and its jurisdiction covers the order (a
/// court's: only once proposed).
pub(super) fn reachable(sql: &mut dyn Sql, op: &Operator, order_id: Uuid) -> Result<Indexed> {
    let row = reachable_for_act(sql, op, order_id)?;
    if op.role == OperatorRole::Court && !row.proposed {
        return Err(ChainError::OutsideJurisdiction);
    }
    Ok(row)
}

/// [`reachable`] without the court's proposal condition: an act the law does not admit on an
/// order without a proposal is core's to refuse (`order_decision_before_proposal`).
pub(super) fn reachable_for_act(
    sql: &mut dyn Sql,
    op: &Operator,
    order_id: Uuid,
) -> Result<Indexed> {
    if !reads_cases(op) {
        return Err(ChainError::ForbiddenRole);
    }
    let row = indexed(sql, order_id)?.ok_or(ChainError::NotFound)?;
    if !op.covers(&row.territory) {
        return Err(ChainError::OutsideJurisdiction);
    }
    Ok(row)
}

/// An act's words beside its change.
#[derive(Debug, Clone, Default)]
pub(super) struct Words {
    pub(super) reasons: String,
    pub(super) evidence: Vec<String>,
    pub(super) document: Option<DocKey>,
}

/// An act checked and ready: its kind as stored, when it happened, its change (given the act's
/// id) and its words.
pub(super) struct Prepared {
    pub(super) kind: &'static str,
    pub(super) at: DateTime<Utc>,
    pub(super) change: Box<dyn Fn(Uuid) -> ChangeKind>,
    pub(super) words: Words,
}

pub(super) fn prepare(
    act: &Act,
    row: &Indexed,
    order_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Prepared> {
    let chain =
        |kind: &'static str, at: DateTime<Utc>, event: ChainEvent, words: Words| -> Prepared {
            Prepared {
                kind,
                at,
                change: Box::new(move |act_id| ChangeKind::OrderAct {
                    order_id,
                    act_id,
                    event: event.clone(),
                }),
                words,
            }
        };
    Ok(match act {
        Act::Evaluate { agrees, reasons } => {
            let reasons = text("reasons", reasons, MAX_TEXT, !agrees)?;
            chain(
                "evaluated",
                now,
                ChainEvent::ProsecutorEvaluated {
                    at: now,
                    agrees: *agrees,
                    reasons: reasons.clone(),
                },
                Words {
                    reasons,
                    ..Words::default()
                },
            )
        }
        Act::Propose { reasons, evidence } => {
            let reasons = text("reasons", reasons, MAX_TEXT, true)?;
            if evidence.len() > MAX_EVIDENCE {
                return Err(ChainError::Invalid { field: "evidence" });
            }
            let evidence = evidence
                .iter()
                .map(|e| line("evidence", e))
                .collect::<Result<Vec<_>>>()?;
            chain(
                "proposed",
                now,
                ChainEvent::ExtensionProposed {
                    at: now,
                    court: row.territory.basic_court.clone(),
                },
                Words {
                    reasons,
                    evidence,
                    document: None,
                },
            )
        }
        Act::Decline { reasons } => {
            let reasons = text("reasons", reasons, MAX_TEXT, true)?;
            chain(
                "declined",
                now,
                ChainEvent::ProsecutorDeclined {
                    at: now,
                    reason: reasons.clone(),
                },
                Words {
                    reasons,
                    ..Words::default()
                },
            )
        }
        Act::Decide {
            number,
            decided_on,
            extended,
            ends_at,
        } => {
            let number = line("number", number)?;
            // A decision is dated the day it was made, in Belgrade: never a later day.
            if *decided_on > now.with_timezone(&chrono_tz::Europe::Belgrade).date_naive() {
                return Err(ChainError::Invalid {
                    field: "decided_on",
                });
            }
            let court = row.territory.basic_court.clone();
            let (decided_on, extended, ends_at) = (*decided_on, *extended, *ends_at);
            Prepared {
                kind: "decided",
                at: now,
                change: Box::new(move |_| ChangeKind::CourtDecision {
                    order_id,
                    court: court.clone(),
                    number: number.clone(),
                    decided_on,
                    outcome: if extended {
                        CourtOutcome::Extended
                    } else {
                        CourtOutcome::Refused
                    },
                    ends_at,
                }),
                words: Words::default(),
            }
        }
        Act::DecisionReceived { by, at } => {
            let at = at.unwrap_or(now);
            chain(
                "decision_received",
                at,
                ChainEvent::DecisionReceived {
                    at,
                    by: law::chain_party(*by),
                },
                Words::default(),
            )
        }
        Act::Appeal { by, at, note } => {
            let at = at.unwrap_or(now);
            let note = text("note", note, MAX_TEXT, false)?;
            chain(
                "appeal",
                at,
                ChainEvent::Appeal {
                    at,
                    by: law::chain_party(*by),
                    note,
                },
                Words::default(),
            )
        }
        Act::AppealForwarded { at } => {
            let at = at.unwrap_or(now);
            chain(
                "appeal_forwarded",
                at,
                ChainEvent::AppealForwarded { at },
                Words::default(),
            )
        }
        Act::HigherCourtDecision {
            court,
            number,
            decided_on,
            upheld,
        } => chain(
            "higher_court_decision",
            now,
            ChainEvent::HigherCourtDecision {
                court: line("court", court)?,
                number: line("number", number)?,
                decided_on: *decided_on,
                upheld: *upheld,
            },
            Words::default(),
        ),
    })
}

/// Store an act and send its change down the feed of the device that owns the order; its id.
#[allow(clippy::too_many_arguments)]
pub(super) fn record_act(
    sql: &mut dyn Sql,
    op: &Operator,
    row: &Indexed,
    kind: &str,
    at: DateTime<Utc>,
    change: impl Fn(Uuid) -> ChangeKind,
    words: Words,
    now: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    let act_id = Uuid::now_v7();
    let actor = ActActor {
        id: op.id,
        login: &op.login,
        institution: &op.institution.key,
        name: &op.name,
    };
    insert_act(
        sql,
        &actor,
        row.order_id,
        act_id,
        kind,
        at,
        change(act_id),
        words,
        now,
    )?;
    Ok(act_id)
}

/// Who recorded an act: an operator (id, login, institution key, name), or a device reporting
/// a violation (its id, the officer's badge, `device`, the badge).
pub(super) struct ActActor<'a> {
    pub(super) id: Uuid,
    pub(super) login: &'a str,
    pub(super) institution: &'a str,
    pub(super) name: &'a str,
}

/// Send `change` down the feed of the order's device and keep the act, its words sealed.
#[allow(clippy::too_many_arguments)]
pub(super) fn insert_act(
    sql: &mut dyn Sql,
    actor: &ActActor<'_>,
    order_id: Uuid,
    act_id: Uuid,
    kind: &str,
    at: DateTime<Utc>,
    change: ChangeKind,
    words: Words,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let audience = owner_of(sql, order_id)?.map_or(Audience::Nobody, Audience::Device);
    let seq = append_change(sql, &change, audience, now)?;
    let detail = ActDetail {
        operator: actor.name.to_owned(),
        change,
        reasons: words.reasons,
        evidence: words.evidence,
        document: words.document,
    };
    let text = serde_json::to_string(&detail).map_err(corrupt)?;
    let sealed = sql.cipher()?.seal_text(&act_place(act_id), &text)?;
    sql.execute(
        "INSERT INTO console_acts (act_id, order_id, kind, at, recorded_at, operator_id,
             operator_login, institution, detail, change_seq)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        &[
            act_id.into(),
            order_id.into(),
            kind.into(),
            at.into(),
            now.into(),
            actor.id.into(),
            actor.login.into(),
            actor.institution.into(),
            sealed.into(),
            i64::try_from(seq).unwrap_or(i64::MAX).into(),
        ],
    )?;
    Ok(())
}
