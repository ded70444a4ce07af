//! A violation of an order reported by another device's officer from a new call (Art. 36,
//! `POST /v1/violations`, [`Store::report_violation`]): the checks — the words as core checks a
//! violation event, the officer on the roster, the reporting case the device's own and arrived,
//! the order's perpetrator a person of that case by the person index's MACs (the same JMBG, or
//! the same name and birth where one side has no JMBG), core's law admitting the event on the
//! order as it stands — then the act on the order (`console_acts`, kind `violation_reported`,
//! the report's id as the act's id, the device as its actor) sent down the order's device's feed,
//! the order indexed again (board, offline list), and the admin audit entry of the report or its
//! refusal, all in one transaction. The same report sent again answers its first acceptance.

use serde_json::json;
use zastita_core::domain::order::OrderEventKind;
use zastita_core::domain::validate::validate_order_event;
use zastita_protocol::messages::{ViolationAccepted, ViolationReport};

use super::*;
use crate::store::admin_audit::{Actor, AdminEntry, append};

/// The act's kind in `console_acts`.
const KIND: &str = "violation_reported";

/// Why a violation report is refused (each audited).
#[derive(Debug, thiserror::Error)]
pub enum ViolationRefusal {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the report's {field} is not acceptable")]
    Invalid { field: String },
    #[error("the officer is not on the roster")]
    UnknownOfficer,
    #[error("the case is not this device's own as the central record holds it; push it first")]
    NotInOpenCase,
    #[error("no such order, or its perpetrator is not a person of the case as pushed")]
    NotThePerpetrator,
    #[error("the law does not admit a violation on the order as it stands ({0})")]
    NotAdmitted(String),
}

impl ViolationRefusal {
    /// As the audit entry's outcome.
    fn outcome(&self) -> &'static str {
        match self {
            ViolationRefusal::Store(_) => "failed",
            ViolationRefusal::Invalid { .. } => "invalid",
            ViolationRefusal::UnknownOfficer => "unknown_officer",
            ViolationRefusal::NotInOpenCase => "not_in_open_case",
            ViolationRefusal::NotThePerpetrator => "not_the_perpetrator",
            ViolationRefusal::NotAdmitted(_) => "not_admitted",
        }
    }
}

/// The index's two MACs of a person record.
type Macs = (Option<String>, Option<String>);

fn macs_of(sql: &mut dyn Sql, filter: &str, args: &[Val]) -> Result<Vec<Macs>, StoreError> {
    sql.query(
        &format!("SELECT jmbg_mac, name_mac FROM person_index WHERE {filter}"),
        args,
    )?
    .iter()
    .map(|r| Ok((r.opt_text(0)?, r.opt_text(1)?)))
    .collect()
}

/// The same person by the lookup's rule: the same JMBG, or the same name and birth where one
/// side has no JMBG; never two different JMBGs.
fn same_person(a: &Macs, b: &Macs) -> bool {
    match (&a.0, &b.0) {
        (Some(x), Some(y)) => x == y,
        _ => a.1.is_some() && a.1 == b.1,
    }
}

fn accept(
    sql: &mut dyn Sql,
    device: Uuid,
    r: &ViolationReport,
    now: DateTime<Utc>,
) -> Result<ViolationAccepted, ViolationRefusal> {
    let number = |row: &Indexed| {
        row.official_number
            .clone()
            .unwrap_or_else(|| row.provisional_number.clone())
    };
    if let Some(kept) = sql.query_opt(
        "SELECT operator_id, order_id, recorded_at FROM console_acts
         WHERE act_id = $1 AND kind = $2",
        &[r.report_id.into(), KIND.into()],
    )? {
        if kept.uuid(0)? != device || kept.uuid(1)? != r.order_id {
            return Err(ViolationRefusal::NotThePerpetrator);
        }
        let row = indexed(sql, r.order_id)?.ok_or(ViolationRefusal::NotThePerpetrator)?;
        return Ok(ViolationAccepted {
            report_id: r.report_id,
            number: number(&row),
            recorded_at: kept.time(2)?,
        });
    }
    let event = OrderEventKind::Violation {
        at: r.at,
        description: r.description.clone(),
        evidence: r.evidence.clone(),
    };
    if let Some(problem) = validate_order_event(&event, now).first() {
        return Err(ViolationRefusal::Invalid {
            field: problem.field.clone(),
        });
    }
    if !crate::store::roster::on_roster(sql, &r.officer, now)? {
        return Err(ViolationRefusal::UnknownOfficer);
    }
    let own_case = sql
        .query_opt(
            "SELECT 1 FROM record_owners WHERE record_id = $1 AND device_id = $2",
            &[r.case_id.into(), device.into()],
        )?
        .is_some();
    if !own_case || latest_accepted(sql, r.case_id)?.is_none() {
        return Err(ViolationRefusal::NotInOpenCase);
    }
    let row = indexed(sql, r.order_id)?.ok_or(ViolationRefusal::NotThePerpetrator)?;
    let (order, _) = standing_order(sql, &row)?;
    let perpetrator = order
        .content
        .perpetrator
        .ok_or(ViolationRefusal::NotThePerpetrator)?;
    let theirs = macs_of(sql, "person_id = $1", &[perpetrator.0.into()])?;
    let ours = macs_of(
        sql,
        "case_id = $1 AND device_id = $2",
        &[r.case_id.into(), device.into()],
    )?;
    if !theirs
        .iter()
        .any(|t| ours.iter().any(|o| same_person(t, o)))
    {
        return Err(ViolationRefusal::NotThePerpetrator);
    }
    let case = sql
        .query_opt(
            "SELECT number FROM cases WHERE case_id = $1",
            &[r.case_id.into()],
        )?
        .map(|c| c.opt_text(0))
        .transpose()?
        .flatten()
        .unwrap_or_else(|| r.case_id.to_string());
    let change = ChangeKind::ViolationReported {
        order_id: r.order_id,
        report_id: r.report_id,
        at: r.at,
        description: r.description.clone(),
        evidence: r.evidence.clone(),
        case,
    };
    if let Err(refusal) = law::admission(&order, &change, now) {
        return Err(ViolationRefusal::NotAdmitted(
            refusal.code().as_str().to_owned(),
        ));
    }
    let device_id = device.to_string();
    let actor = ActActor {
        id: device,
        login: &device_id,
        institution: "device",
        name: &r.officer,
    };
    insert_act(
        sql,
        &actor,
        r.order_id,
        r.report_id,
        KIND,
        r.at,
        change,
        Words::default(),
        now,
    )?;
    reindex(sql, r.order_id, now)?;
    Ok(ViolationAccepted {
        report_id: r.report_id,
        number: number(&row),
        recorded_at: now,
    })
}

impl Store {
    /// A violation report (`POST /v1/violations`) from `device`: recorded on the order and sent
    /// down its device's feed, or refused; either is written to the admin audit (actor kind
    /// device, action `history.violation`, `order:<id>`, the case and report, no words) in the
    /// same transaction.
    pub fn report_violation(
        &self,
        device: Uuid,
        r: &ViolationReport,
        now: DateTime<Utc>,
    ) -> Result<ViolationAccepted, ViolationRefusal> {
        let actor = Actor::device(device, &r.officer)?;
        self.tx(|sql| {
            let result = match accept(sql, device, r, now) {
                Err(ViolationRefusal::Store(e)) => return Err(e),
                other => other,
            };
            let outcome = match &result {
                Ok(_) => "recorded",
                Err(e) => e.outcome(),
            };
            let entry = AdminEntry {
                action: "history.violation".to_owned(),
                target: Some(format!("order:{}", r.order_id)),
                purpose: None,
                detail: json!({"case": r.case_id, "report": r.report_id, "outcome": outcome}),
            };
            append(sql, &actor, &entry, now)?;
            Ok(result)
        })?
    }
}
