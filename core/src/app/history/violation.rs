//! Recording a violation of an order in force found at a new call (Art. 36), the one action the
//! in-force flag offers: on this device's own order it is the order's `Violation` event; on
//! another device's order (from the offline list or the central record's answer) it is a report
//! kept with the case (`violation_reports`) and sent to the central record at the next sync,
//! which records it on that order and tells the order's device. Either way only an order the
//! person's history flags as in force against a person of the case can be named.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use zastita_protocol::messages::{ViolationAccepted, ViolationReport};

use super::Session;
use crate::audit::{self, Action, Outcome};
use crate::clock::to_db;
use crate::domain::order::{EventSource, OrderEventKind};
use crate::domain::validate::validate_order_event;
use crate::domain::{CaseId, OrderId, PersonId};
use crate::error::Error;
use crate::store::StoreError;

/// Record that the person was found breaking an order in force.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReportViolationRequest {
    /// The case of the new call.
    pub case_id: CaseId,
    /// The order the person's history flags as in force.
    pub order_id: Uuid,
    /// When the violation took place.
    pub at: DateTime<Utc>,
    pub description: String,
    #[serde(default)]
    pub evidence: String,
}

/// A violation reported from a case of this device on another device's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ViolationReportView {
    pub report_id: Uuid,
    pub case_id: CaseId,
    pub order_id: Uuid,
    /// The order's number as the flag gave it.
    pub number: String,
    pub at: DateTime<Utc>,
    pub description: String,
    pub evidence: String,
    pub reported_by: String,
    pub reported_at: DateTime<Utc>,
    /// When the central record recorded it on the order (`None`: not sent yet, or refused).
    pub accepted_at: Option<DateTime<Utc>>,
    /// The central record's refusal code, when it refused (it is not sent again).
    pub refused: Option<String>,
}

/// Where the violation was recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ViolationRecorded {
    /// On this device's own order, as its event.
    OwnOrder { order_id: Uuid },
    /// As a report on another device's order, sent at the next sync.
    Reported { report: ViolationReportView },
}

const COLUMNS: &str = "report_id, case_id, order_id, number, at, description, evidence, \
                       reported_by, reported_at, accepted_at, refused";

/// A stored report's columns as text, in [`COLUMNS`]' order.
type Raw = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
);

fn raw(r: &rusqlite::Row<'_>) -> rusqlite::Result<Raw> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
    ))
}

/// A stored report read back (an id or instant that does not read is a damaged store).
fn view(r: Raw) -> Result<ViolationReportView, Error> {
    let id = |s: &str| {
        Uuid::parse_str(s)
            .map_err(|e| Error::from(StoreError::Decode(format!("a violation report's id: {e}"))))
    };
    let time = |s: &str| {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| {
                Error::from(StoreError::Decode(format!(
                    "a violation report's instant: {e}"
                )))
            })
    };
    Ok(ViolationReportView {
        report_id: id(&r.0)?,
        case_id: CaseId(id(&r.1)?),
        order_id: id(&r.2)?,
        number: r.3,
        at: time(&r.4)?,
        description: r.5,
        evidence: r.6,
        reported_by: r.7,
        reported_at: time(&r.8)?,
        accepted_at: r.9.as_deref().map(time).transpose()?,
        refused: r.10,
    })
}

impl Session {
    /// Record a violation of an order the history of a person of `case_id` flags as in force now
    /// (else `violation_order_not_in_force`). The words are checked like an order's violation
    /// event. This device's own order takes the event (the law judges it as for any event);
    /// another device's order gets a report, kept with the case and sent at the next sync —
    /// for a person of the case as recorded, since the central record matches the order's
    /// perpetrator against the case as pushed. Audited.
    pub fn report_violation(
        &mut self,
        req: ReportViolationRequest,
    ) -> Result<ViolationRecorded, Error> {
        if !self.case_exists(&req.case_id.to_string())? {
            return Err(Error::CaseNotFound { id: req.case_id });
        }
        self.require_purpose(Some(req.case_id))?;
        let event = OrderEventKind::Violation {
            at: req.at,
            description: req.description.clone(),
            evidence: req.evidence.clone(),
        };
        let problems = validate_order_event(&event, self.now());
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let (flag, person) = self
            .flag_on(req.case_id, req.order_id)?
            .ok_or(Error::ViolationOrderNotInForce { id: req.order_id })?;
        if self.owns_order(req.order_id)? {
            self.append_order_event(OrderId(req.order_id), event, EventSource::Device)?;
            return Ok(ViolationRecorded::OwnOrder {
                order_id: req.order_id,
            });
        }
        if !self
            .recorded_people(req.case_id)?
            .iter()
            .any(|p| p.id == person)
        {
            return Err(Error::HistoryPersonNotRecorded { id: person });
        }
        let now = self.now();
        let report = ViolationReportView {
            report_id: Uuid::now_v7(),
            case_id: req.case_id,
            order_id: req.order_id,
            number: flag,
            at: req.at,
            description: req.description,
            evidence: req.evidence,
            reported_by: self.officer().badge.to_string(),
            reported_at: now,
            accepted_at: None,
            refused: None,
        };
        let entry = self.entry(
            Action::Violation,
            Some(format!("order:{}", req.order_id)),
            Outcome::Ok,
            Some(format!("case:{} report:{}", req.case_id, report.report_id)),
        );
        let store = self.store_mut();
        let tx = store.transaction()?;
        tx.execute(
            &format!(
                "INSERT INTO violation_reports ({COLUMNS})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL, NULL)"
            ),
            params![
                report.report_id.to_string(),
                report.case_id.to_string(),
                report.order_id.to_string(),
                report.number,
                to_db(report.at),
                report.description,
                report.evidence,
                report.reported_by,
                to_db(now),
            ],
        )?;
        audit::append(&tx, &entry)?;
        tx.commit().map_err(|e| store.with_dir(e.into()))?;
        Ok(ViolationRecorded::Reported { report })
    }

    /// The violations reported from a case, oldest first (a consultation of the case: refused
    /// without its purpose).
    pub fn violation_reports(
        &mut self,
        case_id: CaseId,
    ) -> Result<Vec<ViolationReportView>, Error> {
        self.require_purpose(Some(case_id))?;
        self.reports_where("case_id = ?1", &[&case_id.to_string()])
    }

    /// The reports still to send to the central record, oldest first, as the wire carries them.
    pub fn pending_violation_reports(&self) -> Result<Vec<ViolationReport>, Error> {
        Ok(self
            .reports_where("accepted_at IS NULL AND refused IS NULL", &[])?
            .into_iter()
            .map(|r| ViolationReport {
                report_id: r.report_id,
                case_id: r.case_id.0,
                order_id: r.order_id,
                at: r.at,
                description: r.description,
                evidence: r.evidence,
                officer: r.reported_by,
            })
            .collect())
    }

    /// The central record recorded the report on its order: it is not sent again. Audited.
    pub fn violation_accepted(&mut self, answer: &ViolationAccepted) -> Result<(), Error> {
        self.violation_settled(answer.report_id, Some(answer.recorded_at), None)
    }

    /// The central record refused the report for good (`code`): it is not sent again, and the
    /// case's reports show the refusal. Audited as denied.
    pub fn violation_refused(&mut self, report_id: Uuid, code: &str) -> Result<(), Error> {
        self.violation_settled(report_id, None, Some(code))
    }

    fn violation_settled(
        &mut self,
        report_id: Uuid,
        accepted_at: Option<DateTime<Utc>>,
        refused: Option<&str>,
    ) -> Result<(), Error> {
        let order: Option<String> = self
            .store()
            .conn()
            .query_row(
                "SELECT order_id FROM violation_reports WHERE report_id = ?1",
                [report_id.to_string()],
                |r| r.get(0),
            )
            .optional()
            .map_err(StoreError::from)?;
        let Some(order) = order else {
            return Ok(());
        };
        let outcome = if refused.is_some() {
            Outcome::Denied
        } else {
            Outcome::Ok
        };
        let entry = self.entry(
            Action::Sync,
            Some(format!("order:{order}")),
            outcome,
            Some(match refused {
                Some(code) => format!("violation report:{report_id} refused: {code}"),
                None => format!("violation report:{report_id} recorded by the central record"),
            }),
        );
        let store = self.store_mut();
        let tx = store.transaction()?;
        tx.execute(
            "UPDATE violation_reports SET accepted_at = ?2, refused = ?3
             WHERE report_id = ?1 AND accepted_at IS NULL AND refused IS NULL",
            params![report_id.to_string(), accepted_at.map(to_db), refused],
        )?;
        audit::append(&tx, &entry)?;
        tx.commit().map_err(|e| store.with_dir(e.into()))?;
        Ok(())
    }

    /// The reports `filter` (with its parameters `args`) selects, oldest first.
    fn reports_where(
        &self,
        filter: &str,
        args: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<ViolationReportView>, Error> {
        let conn = self.store().conn();
        let mut stmt = conn
            .prepare(&format!(
                "SELECT {COLUMNS} FROM violation_reports WHERE {filter} ORDER BY reported_at, report_id"
            ))
            .map_err(StoreError::from)?;
        let rows = stmt
            .query_map(args, raw)
            .map_err(StoreError::from)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(StoreError::from)?;
        rows.into_iter().map(view).collect()
    }

    /// The order's number and the person of the case whose history flags `order` in force now.
    fn flag_on(&self, case_id: CaseId, order: Uuid) -> Result<Option<(String, PersonId)>, Error> {
        let (file, draft) = self.case_file(case_id)?;
        let people = draft.map_or(file.people, |d| d.people);
        for p in &people {
            let history = self.history_of(case_id, p.id)?;
            if let Some(f) = history.in_force.iter().find(|f| f.order_id == order) {
                return Ok(Some((f.number.clone(), p.id)));
            }
        }
        Ok(None)
    }

    fn owns_order(&self, order: Uuid) -> Result<bool, Error> {
        Ok(self
            .store()
            .conn()
            .query_row(
                "SELECT 1 FROM orders WHERE id = ?1",
                [order.to_string()],
                |_| Ok(()),
            )
            .optional()
            .map_err(StoreError::from)?
            .is_some())
    }
}
