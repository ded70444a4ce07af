//! What the case list shows of a case's legal state — each issued order's deadlines and the
//! latest risk level with its re-assessment time — kept in `case_list.legal` and refreshed in the
//! same transaction as every order or assessment write, so listing never decodes an order.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::domain::assessment::Assessment;
use crate::domain::order::Order;
use crate::domain::{CaseId, OrderId};
use crate::error::Error;
use crate::law::{self, OrderDeadlines};
use crate::risk::RiskLevel;
use crate::store::StoreError;

/// An issued order as the case list shows it: enough for a live countdown and its warnings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OrderBadge {
    pub id: OrderId,
    pub number: String,
    #[serde(flatten)]
    pub deadlines: OrderDeadlines,
}

/// The latest completed risk assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RiskBadge {
    pub level: RiskLevel,
    pub assessed_at: DateTime<Utc>,
    pub reassessment_due_at: DateTime<Utc>,
}

/// A case's legal state for the list.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LegalSummary {
    #[serde(default)]
    pub orders: Vec<OrderBadge>,
    #[serde(default)]
    pub risk: Option<RiskBadge>,
    /// A perpetrator of the case is a repeat perpetrator (`law::history`: two or more cases
    /// within 24 months, or any violation), by the device's own cases and the central record's
    /// answers kept with the case.
    #[serde(default)]
    pub repeat_perpetrator: bool,
}

/// The latest completed assessment among `assessments` (by completion time).
pub(crate) fn latest_risk(assessments: &[Assessment]) -> Option<RiskBadge> {
    assessments
        .iter()
        .filter_map(|a| a.completed.as_ref())
        .max_by_key(|c| c.at)
        .map(|c| RiskBadge {
            level: c.final_level,
            assessed_at: c.at,
            reassessment_due_at: c.reassessment_due_at,
        })
}

/// Recompute and store the case's legal summary.
pub(crate) fn refresh(tx: &Transaction<'_>, case_id: CaseId) -> Result<(), Error> {
    let orders: Vec<Order> = rows(
        tx,
        "SELECT data FROM orders WHERE case_id = ?1 AND issued_at IS NOT NULL ORDER BY issued_at",
        case_id,
    )?;
    let assessments: Vec<Assessment> = rows(
        tx,
        "SELECT data FROM assessments WHERE case_id = ?1 AND completed_at IS NOT NULL",
        case_id,
    )?;
    let summary = LegalSummary {
        orders: orders
            .iter()
            .map(|o| OrderBadge {
                id: o.id,
                number: o.number().unwrap_or_default().to_owned(),
                deadlines: law::deadlines(o),
            })
            .collect(),
        risk: latest_risk(&assessments),
        // Kept as `Session::refresh_repeat_flag` last computed it.
        repeat_perpetrator: tx
            .query_row(
                "SELECT json_extract(legal, '$.repeat_perpetrator') FROM case_list
                 WHERE case_id = ?1",
                [case_id.to_string()],
                |r| r.get::<_, Option<bool>>(0),
            )
            .optional()?
            .flatten()
            .unwrap_or(false),
    };
    let json = serde_json::to_string(&summary).map_err(StoreError::from)?;
    tx.execute(
        "UPDATE case_list SET legal = ?2 WHERE case_id = ?1",
        params![case_id.to_string(), json],
    )?;
    Ok(())
}

fn rows<T: serde::de::DeserializeOwned>(
    tx: &Transaction<'_>,
    sql: &str,
    case_id: CaseId,
) -> Result<Vec<T>, Error> {
    super::json_rows(tx, sql, &case_id.to_string())
}
