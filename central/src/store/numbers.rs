//! Official numbers earned on first acceptance: a case numbered by its incident's police
//! administration and Belgrade year, an order by its issuing administration (each change
//! announced in the feed of the device that owns the record, and no other), and the station's
//! own number for a case entered by hand.

use chrono::{DateTime, Utc};
use serde_json::Value;
use uuid::Uuid;
use zastita_protocol::messages::ChangeKind;

use super::StoreError;
use super::changes::{Audience, append_change};
use super::sql::Sql;
use crate::numbering;

pub(super) fn on_case(
    sql: &mut dyn Sql,
    device: Uuid,
    case_id: Uuid,
    payload: &Value,
    created_at: DateTime<Utc>,
    now: DateTime<Utc>,
    auto_number: bool,
) -> Result<(), StoreError> {
    let existing = sql.query_opt(
        "SELECT number FROM cases WHERE case_id = $1",
        &[case_id.into()],
    )?;
    let (code, year) = numbering::case_scope(payload, created_at);
    let numbered = match existing {
        Some(row) => !row.is_null(0)?,
        None => {
            sql.execute(
                "INSERT INTO cases (case_id, device_id, police_administration, year) VALUES ($1, $2, $3, $4)",
                &[case_id.into(), device.into(), code.as_str().into(), i64::from(year).into()],
            )?;
            false
        }
    };
    if auto_number && !numbered {
        assign_case_number(sql, case_id, None, now)?;
    }
    Ok(())
}

/// Give a case its official number (the next of its administration and year, or `number`),
/// appending the `case_number` change. Refused when it already has one.
pub fn assign_case_number(
    sql: &mut dyn Sql,
    case_id: Uuid,
    number: Option<&str>,
    now: DateTime<Utc>,
) -> Result<String, StoreError> {
    let row = sql
        .query_opt(
            "SELECT number, police_administration, year, device_id FROM cases WHERE case_id = $1",
            &[case_id.into()],
        )?
        .ok_or(StoreError::UnknownCase(case_id))?;
    if let Some(number) = row.opt_text(0)? {
        return Err(StoreError::AlreadyNumbered {
            case: case_id,
            number,
        });
    }
    let number = match number {
        Some(n) => {
            if sql
                .query_opt("SELECT 1 FROM cases WHERE number = $1", &[n.into()])?
                .is_some()
            {
                return Err(StoreError::NumberTaken(n.to_owned()));
            }
            n.to_owned()
        }
        None => {
            let code = row.text(1)?;
            let year = i32::try_from(row.i64(2)?).unwrap_or_default();
            next_number(sql, "cases", &format!("case:{code}:{year}"), |n| {
                numbering::case_number(&code, year, n)
            })?
        }
    };
    sql.execute(
        "UPDATE cases SET number = $2, numbered_at = $3 WHERE case_id = $1",
        &[case_id.into(), number.as_str().into(), now.into()],
    )?;
    // The case's row was made by its first accepted version: its device is the owner.
    append_change(
        sql,
        &ChangeKind::CaseNumber {
            case_id,
            number: number.clone(),
        },
        Audience::Device(row.uuid(3)?),
        now,
    )?;
    Ok(number)
}

pub(super) fn on_order(
    sql: &mut dyn Sql,
    device: Uuid,
    order_id: Uuid,
    payload: &Value,
    created_at: DateTime<Utc>,
    now: DateTime<Utc>,
    auto_number: bool,
) -> Result<(), StoreError> {
    if sql
        .query_opt(
            "SELECT 1 FROM orders WHERE order_id = $1",
            &[order_id.into()],
        )?
        .is_some()
    {
        return Ok(());
    }
    let (code, year, case_id) = numbering::order_scope(payload, created_at);
    let code = match code {
        Some(c) => c,
        None => match case_id {
            Some(case) => sql
                .query_opt(
                    "SELECT police_administration FROM cases WHERE case_id = $1",
                    &[case.into()],
                )?
                .map(|r| r.text(0))
                .transpose()?
                .unwrap_or_else(|| numbering::UNKNOWN_PU.to_owned()),
            None => numbering::UNKNOWN_PU.to_owned(),
        },
    };
    let number = if auto_number {
        Some(next_number(
            sql,
            "orders",
            &format!("order:{code}:{year}"),
            |n| numbering::order_number(&code, year, n),
        )?)
    } else {
        None
    };
    sql.execute(
        "INSERT INTO orders (order_id, case_id, device_id, police_administration, year, number, numbered_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[
            order_id.into(),
            case_id.into(),
            device.into(),
            code.as_str().into(),
            i64::from(year).into(),
            number.clone().into(),
            number.as_ref().map(|_| now).into(),
        ],
    )?;
    if let Some(number) = number {
        append_change(
            sql,
            &ChangeKind::OrderNumber { order_id, number },
            Audience::Device(device),
            now,
        )?;
    }
    Ok(())
}

/// The next free number in `scope` (`case:NS:2026`), skipping any a person typed in by hand.
pub fn next_number(
    sql: &mut dyn Sql,
    table: &str,
    scope: &str,
    format: impl Fn(i64) -> String,
) -> Result<String, StoreError> {
    let check = match table {
        "cases" => "SELECT 1 FROM cases WHERE number = $1",
        _ => "SELECT 1 FROM orders WHERE number = $1",
    };
    sql.lock_numbering()?;
    loop {
        let n = sql
            .query_one(
                "INSERT INTO number_counters (scope, last) VALUES ($1, 1)
                 ON CONFLICT (scope) DO UPDATE SET last = number_counters.last + 1
                 RETURNING last",
                &[scope.into()],
            )?
            .i64(0)?;
        let number = format(n);
        if sql.query_opt(check, &[number.as_str().into()])?.is_none() {
            return Ok(number);
        }
    }
}
