//! Emergency-measure orders: drafted from a case, issued (only on a completed risk assessment),
//! then served, forwarded, decided on by a court, lifted, violated… each an event appended to the
//! order. Every issued version is queued for the central record; the case list's countdowns are
//! refreshed in the same transaction.
//!
//! The statute's time rules live in [`crate::law`]; field rules in
//! [`crate::domain::validate::validate_order`].

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Europe::Belgrade;
use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use super::purpose::Extra;
use super::{Session, blocking, json_rows};
use crate::audit::{self, Action, Outcome};
use crate::clock::to_db;
use crate::domain::order::{EventSource, Issued, Order, OrderContent, OrderEvent, OrderEventKind};
use crate::domain::validate::{Strictness, validate_order, validate_order_event};
use crate::domain::{CaseId, EventId, FieldError, OrderId};
use crate::error::Error;
use crate::law::{self, ForwardingPolicy, OrderClocks, OrderRefusal};
use crate::outbox::{self, RecordKind};
use crate::store::StoreError;

/// Autosave an order draft. `id: None` starts a new one for the case.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SaveOrderDraftRequest {
    pub case_id: CaseId,
    #[serde(default)]
    pub id: Option<OrderId>,
    pub content: OrderContent,
}

/// Record something that happened to an issued order.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecordOrderEventRequest {
    pub id: OrderId,
    pub event: OrderEventKind,
}

/// An order with its clocks at the moment it was read and what issuing it would still refuse.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OrderView {
    pub order: Order,
    pub clocks: OrderClocks,
    /// For a draft: what issuing would refuse (empty once issued).
    pub issues: Vec<FieldError>,
    /// What the case still owes that concerns this order (the social-welfare centre's
    /// notification where children are involved).
    pub case_warnings: Vec<crate::law::welfare::CaseWarning>,
    /// The competent basic public prosecutor's office and courts, from the victim's
    /// municipality (or, while that is not given, the incident's); `None` when the table does
    /// not know the municipality.
    pub jurisdiction: Option<law::jurisdiction::Jurisdiction>,
    /// The number as shown (official, else provisional); `None` for a draft.
    pub number: Option<crate::domain::OrderNumber>,
    /// The events the officer may record now, in the order to offer them ([`law::admissible`]).
    pub admissible_events: Vec<crate::domain::OrderEventName>,
    /// The events in the order they happened ([`law::timeline`]).
    pub timeline: Vec<law::TimelineEntry>,
}

/// The order record as queued for the central record (the whole order at that version).
#[derive(Serialize)]
struct OrderRecord<'a> {
    #[serde(flatten)]
    order: &'a Order,
}

pub(super) fn audit_action(event: &OrderEventKind) -> Action {
    match event {
        OrderEventKind::Served { .. } => Action::Serve,
        OrderEventKind::Forwarded { .. } => Action::Forward,
        OrderEventKind::ProsecutorReceived { .. } => Action::ProsecutorReceived,
        OrderEventKind::ProsecutorEvaluated { .. } => Action::ProsecutorEvaluated,
        OrderEventKind::ProposalReceived { .. } => Action::ProposalReceived,
        OrderEventKind::ExtensionProposed { .. } => Action::ExtensionProposed,
        OrderEventKind::CourtDecision { .. } => Action::CourtDecision,
        OrderEventKind::Appeal { .. } => Action::Appeal,
        OrderEventKind::Lifted { .. } => Action::Lift,
        OrderEventKind::Violation { .. } => Action::Violation,
        OrderEventKind::EscortedVisit { .. } => Action::EscortedVisit,
        OrderEventKind::SocialWelfareNotified { .. } => Action::WelfareNotified,
        OrderEventKind::OfficialNumber { .. } => Action::OfficialNumber,
        OrderEventKind::ProsecutorDeclined { .. } => Action::ProsecutorDeclined,
        OrderEventKind::DecisionReceived { .. } => Action::DecisionReceived,
        OrderEventKind::AppealForwarded { .. } => Action::AppealForwarded,
        OrderEventKind::HigherCourtDecision { .. } => Action::HigherCourtDecision,
    }
}

impl Session {
    /// Autosave an order draft. Refuses only content beyond the limits or naming people who are
    /// not in the case; reports what issuing would still need.
    pub fn save_order_draft(&mut self, req: SaveOrderDraftRequest) -> Result<OrderView, Error> {
        let now = self.now();
        let people = self.recorded_people(req.case_id)?;
        if !self.case_exists(&req.case_id.to_string())? {
            return Err(Error::CaseNotFound { id: req.case_id });
        }
        let problems = validate_order(&req.content, &people, Strictness::Draft);
        let block: Vec<_> = blocking(&problems)
            .into_iter()
            .chain(problems.iter().filter(|p| !is_completeness(p)).cloned())
            .collect();
        if !block.is_empty() {
            return Err(Error::Invalid(block));
        }
        let (order, created) = match req.id {
            Some(id) => {
                let mut order = self.order(id)?;
                if order.case_id != req.case_id {
                    return Err(Error::OrderNotFound { id });
                }
                if order.issued.is_some() {
                    return Err(Error::Order {
                        id,
                        refusal: OrderRefusal::AlreadyIssued,
                    });
                }
                order.content = req.content;
                (order, false)
            }
            None => (
                Order::new(req.case_id, self.officer().badge.clone(), now, req.content),
                true,
            ),
        };
        let entry = created.then(|| {
            self.entry(
                Action::Create,
                Some(format!("order:{}", order.id)),
                Outcome::Ok,
                Some(format!("case:{}", order.case_id)),
            )
        });
        let store = self.store_mut();
        let tx = store.transaction()?;
        write_order(&tx, &order, now)?;
        if let Some(entry) = entry {
            audit::append(&tx, &entry)?;
        }
        tx.commit().map_err(|e| store.with_dir(e.into()))?;
        self.order_view(order)
    }

    /// Issue a draft order: it must be complete and rest on a completed risk assessment of the
    /// same case. Gives it a provisional number, freezes its content and queues it.
    pub fn issue_order(&mut self, id: OrderId) -> Result<OrderView, Error> {
        let now = self.now();
        let mut order = self.order(id)?;
        self.require_competent()?;
        if order.issued.is_some() {
            return Err(Error::Order {
                id,
                refusal: OrderRefusal::AlreadyIssued,
            });
        }
        let people = self.recorded_people(order.case_id)?;
        let problems = validate_order(&order.content, &people, Strictness::Record);
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let assessment = match order.content.assessment {
            Some(a) => self.completed_assessment_of(order.case_id, a)?,
            None => None,
        };
        let Some(assessment) = assessment else {
            return Err(Error::Order {
                id,
                refusal: OrderRefusal::NeedsAssessment,
            });
        };
        // Art. 17: an order rests on the competent officer's finding of imminent danger (Art. 16),
        // not on a score.
        if assessment.officer_believes_in_danger != Some(true) {
            return Err(Error::Order {
                id,
                refusal: OrderRefusal::NoImminentDanger,
            });
        }
        let assessment_completed_at = assessment.completed.as_ref().map(|c| c.at);
        let (file, _) = self.case_file(order.case_id)?;
        let incident_at = file
            .incident
            .reported_at
            .or(file.incident.police_arrived_at)
            .unwrap_or(now);
        perpetrator_is_adult(&order, &people, incident_at)
            .map_err(|refusal| Error::Order { id, refusal })?;
        let policy = self.forwarding_policy()?;
        let badge = self.officer().badge.clone();
        let year = now.with_timezone(&Belgrade).year();
        let device = self.device_tag();
        let entry = self.entry(
            Action::Issue,
            Some(format!("order:{id}")),
            Outcome::Ok,
            Some(format!("case:{}", order.case_id)),
        );
        let store = self.store_mut();
        let tx = store.transaction()?;
        let n: i64 = tx.query_row(
            "INSERT INTO order_numbers (year, last) VALUES (?1, 1)
             ON CONFLICT (year) DO UPDATE SET last = last + 1
             RETURNING last",
            [year],
            |r| r.get(0),
        )?;
        order.issued = Some(Issued {
            at: now,
            by: badge.clone(),
            provisional_number: format!("P-{device}-{year}-{n:04}"),
            assessment_completed_at,
            forward_warning_minutes: Some(policy.warn_after_minutes),
        });
        order.version = 1;
        write_and_queue(&tx, &order, &badge, now)?;
        audit::append(&tx, &entry)?;
        tx.commit().map_err(|e| store.with_dir(e.into()))?;
        self.order_view(order)
    }

    /// Record an event on an issued order (service, forwarding, a court decision, a violation…).
    pub fn record_order_event(&mut self, req: RecordOrderEventRequest) -> Result<OrderView, Error> {
        self.append_order_event(req.id, req.event, EventSource::Device)
    }

    /// Append an event from `source`; the one path every order event takes.
    pub(crate) fn append_order_event(
        &mut self,
        id: OrderId,
        event: OrderEventKind,
        source: EventSource,
    ) -> Result<OrderView, Error> {
        let now = self.now();
        let badge = self.officer().badge.clone();
        let store = self.store_mut();
        let tx = store.transaction()?;
        let order = append_event_in(&tx, id, EventId::new(), event, source, &badge, now)?;
        tx.commit().map_err(|e| store.with_dir(e.into()))?;
        self.order_view(order)
    }

    /// The station's forwarding policy (how soon "not forwarded" is shown after the assessment).
    pub fn forwarding_policy(&self) -> Result<ForwardingPolicy, Error> {
        self.station_setting("forwarding")
    }

    /// Change the forwarding policy (station policy, like the re-assessment intervals; audited).
    /// Applies to orders issued from now on: each order keeps the policy it was issued under.
    pub fn set_forwarding_policy(&mut self, warn_after_minutes: u32) -> Result<(), Error> {
        let policy = ForwardingPolicy::new(warn_after_minutes).ok_or_else(|| {
            Error::Invalid(vec![FieldError::new(
                "forwarding.warn_after_minutes",
                crate::domain::FieldErrorCode::OutOfRange,
            )])
        })?;
        self.set_station_setting("forwarding", &policy)
    }

    /// One order with its clocks now: a consultation of its case, refused without a purpose
    /// for the case and audited with it.
    pub fn get_order(&mut self, id: OrderId) -> Result<OrderView, Error> {
        let order = self.order(id)?;
        let case = order.case_id;
        self.require_purpose(Some(case))?;
        let view = self.order_view(order)?;
        self.audit_consultation(
            Action::View,
            format!("order:{id}"),
            Some(case),
            Extra::default(),
        )?;
        Ok(view)
    }

    /// A case's orders, oldest first.
    pub(crate) fn case_orders(&self, case_id: CaseId) -> Result<Vec<Order>, Error> {
        json_rows(
            self.store().conn(),
            "SELECT data FROM orders WHERE case_id = ?1 ORDER BY rowid",
            &case_id.to_string(),
        )
    }

    pub(crate) fn order(&self, id: OrderId) -> Result<Order, Error> {
        load_order(self.store().conn(), id)
    }

    pub(crate) fn order_view(&self, order: Order) -> Result<OrderView, Error> {
        let now = self.now();
        let issues = if order.issued.is_none() {
            let people = self.recorded_people(order.case_id)?;
            let mut issues = validate_order(&order.content, &people, Strictness::Record);
            if order.content.assessment.is_none() {
                issues.push(FieldError::new(
                    "order.assessment",
                    crate::domain::FieldErrorCode::Required,
                ));
            }
            issues
        } else {
            Vec::new()
        };
        let (file, _) = self.case_file(order.case_id)?;
        let mut orders: Vec<&Order> = file
            .orders
            .iter()
            .map(|o| &o.order)
            .filter(|o| o.id != order.id)
            .collect();
        orders.push(&order);
        let case_warnings = law::welfare::case_warnings(&file.incident, &file.people, &orders);
        let jurisdiction = law::jurisdiction::for_municipality(
            if order.content.victim_municipality.trim().is_empty() {
                &file.incident.municipality
            } else {
                &order.content.victim_municipality
            },
        );
        let clocks = law::clocks(&order, now);
        Ok(OrderView {
            number: order.shown_number(),
            admissible_events: law::admissible(&order, &clocks),
            clocks,
            timeline: law::timeline(&order),
            order,
            issues,
            case_warnings,
            jurisdiction,
        })
    }
}

/// An order as stored (inside a transaction: as that transaction sees it).
pub(crate) fn load_order(conn: &rusqlite::Connection, id: OrderId) -> Result<Order, Error> {
    let data: Option<String> = conn
        .query_row(
            "SELECT data FROM orders WHERE id = ?1",
            [id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    let data = data.ok_or(Error::OrderNotFound { id })?;
    Ok(serde_json::from_str(&data).map_err(StoreError::from)?)
}

/// Append an event from `source` to a stored order inside the caller's transaction: validate it,
/// ask [`law::admit`], write and queue the new version and audit it. Returns the order as written.
/// (The one path every order event takes, from an officer or from the central record's feed.)
/// `event_id` names the event: a new id, or the central record's id of the act it is.
pub(crate) fn append_event_in(
    tx: &Transaction<'_>,
    id: OrderId,
    event_id: EventId,
    event: OrderEventKind,
    source: EventSource,
    badge: &crate::domain::Badge,
    now: DateTime<Utc>,
) -> Result<Order, Error> {
    let mut order = load_order(tx, id)?;
    let problems = validate_order_event(&event, now);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    law::admit(&order, &event, now, source).map_err(|refusal| Error::Order { id, refusal })?;
    let entry = audit::NewEntry {
        at: now,
        officer: Some(badge.clone()),
        action: audit_action(&event),
        target: Some(format!("order:{id}")),
        outcome: Outcome::Ok,
        detail: Some(format!("case:{}", order.case_id)),
    };
    order.events.push(OrderEvent {
        id: event_id,
        recorded_at: now,
        recorded_by: (source == EventSource::Device).then(|| badge.clone()),
        source,
        event,
    });
    order.version += 1;
    write_and_queue(tx, &order, badge, now)?;
    audit::append(tx, &entry)?;
    Ok(order)
}

/// Art. 1: no order against a perpetrator under 18 at the incident (his age from the date of
/// birth, else the JMBG; with neither, the officer's explicit confirmation).
fn perpetrator_is_adult(
    order: &Order,
    people: &[crate::domain::Person],
    incident_at: DateTime<Utc>,
) -> Result<(), OrderRefusal> {
    let Some(p) = order
        .content
        .perpetrator
        .and_then(|id| people.iter().find(|p| p.id == id))
    else {
        return Ok(()); // validation has already refused an order without its perpetrator
    };
    let born = p.date_of_birth.or_else(|| {
        crate::domain::jmbg::Jmbg::parse(p.jmbg.trim())
            .ok()
            .map(|j| j.birth_date())
    });
    law::adult_at_incident(
        born,
        incident_at.with_timezone(&Belgrade).date_naive(),
        order.content.perpetrator_adult_confirmed,
    )
}

/// A problem a draft may still have (as opposed to one that makes it wrong).
fn is_completeness(p: &FieldError) -> bool {
    matches!(p.code, crate::domain::FieldErrorCode::Required)
}

/// Write the order row and refresh the case list's legal column.
fn write_order(tx: &Transaction<'_>, order: &Order, now: DateTime<Utc>) -> Result<(), Error> {
    let data = serde_json::to_string(order).map_err(StoreError::from)?;
    tx.execute(
        "INSERT INTO orders (id, case_id, version, issued_at, data, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET version = ?3, issued_at = ?4, data = ?5, updated_at = ?6",
        params![
            order.id.to_string(),
            order.case_id.to_string(),
            order.version,
            order.issued.as_ref().map(|i| to_db(i.at)),
            data,
            to_db(now)
        ],
    )?;
    super::legal::refresh(tx, order.case_id)
}

/// Insert an order from an imported case file (already validated); an issued one is queued at
/// its version.
pub(super) fn insert_imported(
    tx: &Transaction<'_>,
    order: &Order,
    officer: &crate::domain::Badge,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let taken: Option<i64> = tx
        .query_row(
            "SELECT 1 FROM orders WHERE id = ?1",
            [order.id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    if taken.is_some() {
        return Err(Error::Invalid(vec![FieldError::new(
            "orders.id",
            crate::domain::FieldErrorCode::DuplicateId,
        )]));
    }
    if order.issued.is_some() {
        write_and_queue(tx, order, officer, now)
    } else {
        write_order(tx, order, now)
    }
}

/// Write an issued order's new version and queue it for the central record.
fn write_and_queue(
    tx: &Transaction<'_>,
    order: &Order,
    officer: &crate::domain::Badge,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    write_order(tx, order, now)?;
    outbox::enqueue(
        tx,
        RecordKind::Order,
        order.id.0,
        order.version.max(1),
        officer,
        now,
        &OrderRecord { order },
    )?;
    Ok(())
}
