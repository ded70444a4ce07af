//! The board's index (`console_orders`, `case_records`): filled in the push's transaction from
//! the owner's accepted order versions (and once for orders held from before), and read back as
//! the board's entries with core's clocks at the request's instant.

use super::*;

/// The case a record's payload belongs to (a case record is its own).
pub(super) fn case_of(kind: RecordKind, record: Uuid, payload: &Value) -> Option<Uuid> {
    match kind {
        RecordKind::Case => Some(record),
        RecordKind::Person
        | RecordKind::Assessment
        | RecordKind::Statement
        | RecordKind::Document
        | RecordKind::Order => payload
            .get("case_id")
            .and_then(Value::as_str)
            .and_then(|s| Uuid::parse_str(s).ok()),
        _ => None,
    }
}

/// In the push's transaction, for an accepted version of the owner's: note the case the record
/// belongs to, and index an order. A payload core cannot read is stored all the same (the push
/// never fails on it) and is not on the board.
#[allow(clippy::too_many_arguments)]
pub(crate) fn on_accepted(
    sql: &mut dyn Sql,
    device: Uuid,
    kind: RecordKind,
    record: Uuid,
    version_id: Uuid,
    version: u32,
    payload: &Value,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if let Some(case) = case_of(kind, record, payload) {
        sql.execute(
            "INSERT INTO case_records (record_id, case_id, kind) VALUES ($1, $2, $3)
             ON CONFLICT (record_id) DO NOTHING",
            &[record.into(), case.into(), kind.as_str().into()],
        )?;
    }
    if kind == RecordKind::Order
        && let Ok(order) = zastita_core::records::order(payload)
    {
        index_order(sql, device, version_id, version, &order, now)?;
    }
    if kind == RecordKind::Person {
        let against = crate::store::history::person_index::on_person(
            sql, device, record, version, payload, now,
        )?;
        for order in against {
            reindex(sql, order, now)?;
        }
    }
    Ok(())
}

/// The victim's municipality the order names, else its case's incident's.
pub(super) fn municipality_of(sql: &mut dyn Sql, order: &Order) -> Result<String, StoreError> {
    let named = order.content.victim_municipality.trim();
    if !named.is_empty() {
        return Ok(named.to_owned());
    }
    Ok(match latest_payload(sql, order.case_id.0)? {
        Some((_, _, case)) => case
            .pointer("/incident/municipality")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim()
            .to_owned(),
        None => String::new(),
    })
}

/// (Re)write an order's index row from `device_order` (its version `version_id`) and the acts
/// recorded on it; an older version than the row's is ignored.
pub(super) fn index_order(
    sql: &mut dyn Sql,
    device: Uuid,
    version_id: Uuid,
    version: u32,
    device_order: &Order,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let id = device_order.id.0;
    // One round trip for what the push's transaction needs: the indexed version, the issuing
    // administration's code (numbering wrote it), whether any act is recorded.
    let known = sql.query_one(
        "SELECT (SELECT version FROM console_orders WHERE order_id = $1),
                (SELECT police_administration FROM orders WHERE order_id = $1),
                EXISTS (SELECT 1 FROM console_acts WHERE order_id = $1),
                (SELECT number FROM orders WHERE order_id = $1)",
        &[id.into()],
    )?;
    if known.opt_i64(0)?.is_some_and(|v| v > i64::from(version)) {
        return Ok(());
    }
    let acts = if known.bool(2)? {
        load_acts(sql, id)?
    } else {
        Vec::new()
    };
    let order = law::as_it_stands(device_order, &on_order(&acts));
    let facts = index_facts(&order);
    let code = known
        .opt_text(1)?
        .unwrap_or_else(|| crate::numbering::UNKNOWN_PU.to_owned());
    let municipality = municipality_of(sql, &order)?;
    let t = Territory::of(&code, &municipality);
    let sealed = sql
        .cipher()?
        .seal_text(&municipality_place(id), &t.municipality)?;
    let measures: Vec<String> = order
        .content
        .measures
        .iter()
        .map(|m| {
            serde_json::to_value(m)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        })
        .collect();
    let provisional = order
        .issued
        .as_ref()
        .map(|i| i.provisional_number.clone())
        .unwrap_or_default();
    // The offline list of orders in force follows the order as it stands (issue 16).
    let number = known
        .opt_text(3)?
        .or_else(|| order.official_number().map(str::to_owned))
        .unwrap_or_else(|| provisional.clone());
    crate::store::history::in_force::on_order(sql, &order, &t.police_administration, &number, now)?;
    sql.execute(
        "INSERT INTO console_orders (order_id, case_id, device_id, version_id, version,
             police_administration, municipality, prosecutor_office, basic_court,
             provisional_number, measures, issued_at, served_at, next_due, open_until, proposed,
             indexed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
         ON CONFLICT (order_id) DO UPDATE SET case_id = excluded.case_id,
             device_id = excluded.device_id, version_id = excluded.version_id,
             version = excluded.version, police_administration = excluded.police_administration,
             municipality = excluded.municipality, prosecutor_office = excluded.prosecutor_office,
             basic_court = excluded.basic_court, provisional_number = excluded.provisional_number,
             measures = excluded.measures, issued_at = excluded.issued_at,
             served_at = excluded.served_at, next_due = excluded.next_due,
             open_until = excluded.open_until, proposed = excluded.proposed,
             indexed_at = excluded.indexed_at",
        &[
            id.into(),
            order.case_id.0.into(),
            device.into(),
            version_id.into(),
            i64::from(version).into(),
            t.police_administration.as_str().into(),
            sealed.into(),
            t.prosecutor_office.as_str().into(),
            t.basic_court.as_str().into(),
            provisional.into(),
            measures.join(",").into(),
            facts.issued_at.into(),
            facts.served_at.into(),
            facts.next_due.into(),
            facts.open_until.into(),
            facts.proposed.into(),
            now.into(),
        ],
    )?;
    Ok(())
}

/// Index an order again after an act (its row's version, the acts now recorded).
pub(super) fn reindex(
    sql: &mut dyn Sql,
    order: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let row = sql.query_one(
        "SELECT device_id, version_id, version FROM console_orders WHERE order_id = $1",
        &[order.into()],
    )?;
    let version_id = row.uuid(1)?;
    let device_order =
        zastita_core::records::order(&payload_of(sql, version_id)?).map_err(corrupt)?;
    index_order(
        sql,
        row.uuid(0)?,
        version_id,
        u32::try_from(row.i64(2)?).unwrap_or_default(),
        &device_order,
        now,
    )
}

/// Index every order of the console's index again (its acts as recorded now): the in-force list
/// of a database from before V11 is filled so.
pub fn reindex_all(sql: &mut dyn Sql, now: DateTime<Utc>) -> Result<(), StoreError> {
    let orders = sql.query("SELECT order_id FROM console_orders", &[])?;
    for r in &orders {
        reindex(sql, r.uuid(0)?, now)?;
    }
    Ok(())
}

/// Index what a database from before the console holds: every accepted record's case, every
/// order's owner's latest version (in the transaction that migrates to `console_chain`).
pub fn index_held(sql: &mut dyn Sql, now: DateTime<Utc>) -> Result<(), StoreError> {
    let rows = sql.query(
        "SELECT DISTINCT r.record_id, r.kind FROM records r
         JOIN record_owners o ON o.record_id = r.record_id AND o.device_id = r.device_id
         WHERE r.outcome = 'accepted' AND r.kind <> 'audit'",
        &[],
    )?;
    for r in &rows {
        let record = r.uuid(0)?;
        let kind = RecordKind::parse(&r.text(1)?);
        let Some((version_id, version, payload)) = latest_payload(sql, record)? else {
            continue;
        };
        let Some(owner) = owner_of(sql, record)? else {
            continue;
        };
        on_accepted(sql, owner, kind, record, version_id, version, &payload, now)?;
    }
    Ok(())
}

/// The index row of an order, as the console reads it.
#[derive(Debug, Clone)]
pub(super) struct Indexed {
    pub(super) order_id: Uuid,
    pub(super) case_id: Uuid,
    pub(super) version_id: Uuid,
    pub(super) territory: Territory,
    pub(super) provisional_number: String,
    pub(super) official_number: Option<String>,
    pub(super) measures: Vec<String>,
    pub(super) served_at: Option<DateTime<Utc>>,
    pub(super) proposed: bool,
}

pub(super) const INDEXED: &str =
    "c.order_id, c.case_id, c.version_id, c.police_administration, c.municipality,
     c.prosecutor_office, c.basic_court, c.provisional_number, o.number, c.measures, c.served_at,
     c.proposed";

/// The board's two queries for one jurisdiction's column (`police_administration`,
/// `prosecutor_office`, `basic_court`; a court's only the proposed orders): how many orders, and
/// one page of them most urgent first. Their parameters: the jurisdiction's key, then (the open
/// board) the instant, then (the page) its size and offset. The page's order is an index's
/// (`console_board_*`, V12), so a page reads its own entries and not every order of the
/// jurisdiction sorted (a test holds SQLite's plan to it).
#[derive(Debug, Clone)]
pub struct BoardQueries {
    pub count: String,
    pub page: String,
}

impl BoardQueries {
    pub fn new(column: &str, proposed_only: bool, scope: BoardScope) -> BoardQueries {
        let mut filter = format!("c.{column} = $1");
        if proposed_only {
            filter.push_str(" AND c.proposed = TRUE");
        }
        let mut n = 1;
        if scope == BoardScope::Open {
            filter.push_str(" AND (c.open_until IS NULL OR c.open_until > $2)");
            n = 2;
        }
        BoardQueries {
            count: format!("SELECT COUNT(*) FROM console_orders c WHERE {filter}"),
            page: format!(
                "SELECT {INDEXED} FROM console_orders c LEFT JOIN orders o ON o.order_id = c.order_id
                 WHERE {filter}
                 ORDER BY (c.next_due IS NULL), c.next_due, c.issued_at DESC, c.order_id
                 LIMIT ${} OFFSET ${}",
                n + 1,
                n + 2
            ),
        }
    }

    /// The query of every jurisdiction's board, each scope.
    pub fn all() -> Vec<BoardQueries> {
        let mut all = Vec::new();
        for (column, proposed_only) in [
            ("police_administration", false),
            ("prosecutor_office", false),
            ("basic_court", true),
        ] {
            for scope in [BoardScope::Open, BoardScope::All] {
                all.push(BoardQueries::new(column, proposed_only, scope));
            }
        }
        all
    }
}

pub(super) fn indexed_from(sql: &dyn Sql, r: &Row) -> Result<Indexed, StoreError> {
    let order_id = r.uuid(0)?;
    let municipality = sql
        .cipher()?
        .open_text(&municipality_place(order_id), &r.text(4)?)?;
    Ok(Indexed {
        order_id,
        case_id: r.uuid(1)?,
        version_id: r.uuid(2)?,
        territory: Territory {
            police_administration: r.text(3)?,
            municipality,
            prosecutor_office: r.text(5)?,
            basic_court: r.text(6)?,
        },
        provisional_number: r.text(7)?,
        official_number: r.opt_text(8)?,
        measures: r
            .text(9)?
            .split(',')
            .filter(|m| !m.is_empty())
            .map(str::to_owned)
            .collect(),
        served_at: r.opt_time(10)?,
        proposed: r.bool(11)?,
    })
}

pub(super) fn indexed(sql: &mut dyn Sql, order: Uuid) -> Result<Option<Indexed>, StoreError> {
    let row = sql.query_opt(
        &format!(
            "SELECT {INDEXED} FROM console_orders c LEFT JOIN orders o ON o.order_id = c.order_id
             WHERE c.order_id = $1"
        ),
        &[order.into()],
    )?;
    row.map(|r| indexed_from(sql, &r)).transpose()
}

/// The order as it stands (the device's version with the acts merged) and the acts.
pub(super) fn standing_order(
    sql: &mut dyn Sql,
    row: &Indexed,
) -> Result<(Order, Vec<StoredAct>), StoreError> {
    let device_order =
        zastita_core::records::order(&payload_of(sql, row.version_id)?).map_err(corrupt)?;
    let acts = load_acts(sql, row.order_id)?;
    Ok((law::as_it_stands(&device_order, &on_order(&acts)), acts))
}

pub(super) fn entry(row: &Indexed, order: &Order, now: DateTime<Utc>) -> BoardEntry {
    let s = law::clocks_at(order, now);
    BoardEntry {
        order_id: row.order_id,
        case_id: row.case_id,
        number: row
            .official_number
            .clone()
            .unwrap_or_else(|| row.provisional_number.clone()),
        provisional: row.official_number.is_none(),
        police_administration: row.territory.police_administration.clone(),
        municipality: row.territory.municipality.clone(),
        prosecutor_office: row.territory.prosecutor_office.clone(),
        basic_court: row.territory.basic_court.clone(),
        measures: row.measures.clone(),
        served_at: row.served_at,
        status: s.status,
        stage: s.stage,
        clocks: s.clocks,
        next_due: s.next_due,
        warnings: s.warnings,
    }
}
