//! Applying the central record's downstream feed: official case and order numbers, court
//! decisions, the chain's acts after the police order (the prosecutor's office's receipt and
//! evaluation, the proposal, the court's receipt, the decision's receipt, appeals), revocations,
//! roster changes — every change of a page and the new cursor in ONE transaction, so a failure
//! leaves both untouched and the page is simply pulled again.
//!
//! Applying is idempotent: a change at or below the cursor is skipped, an order that already
//! carries the same number or decision is left alone, and a chain act is recorded under the
//! central record's act id, so the same act twice is recorded once. A court's decision is never
//! refused (its end instant is authoritative; one outside the window the device expects is
//! applied and flagged). A change that cannot apply (an unusable number, an act the law refuses
//! in the order's state, a kind of change this build does not know) is written to the audit log
//! and skipped; one for an order this device does not hold is skipped: a central record that
//! knows more than this device must never block its feed. Order events go through the one path
//! every order event takes, [`super::orders::append_event_in`], as `EventSource::CentralRecord`.

use rusqlite::{OptionalExtension, Transaction, params};
use uuid::Uuid;

use zastita_protocol::messages::{
    ChangeKind, CourtOutcome as WireOutcome, FeedResponse, OfficerRole as WireRole,
};

use super::Session;
use super::orders::{append_event_in, audit_action, load_order};
use super::sync_state::{central_device_id, sync_row};
use crate::audit::{self, Action, NewEntry, Outcome};
use crate::casefile::official_number_problem;
use crate::clock::to_db;
use crate::domain::order::{CourtOutcome, EventSource, OrderEventKind};
use crate::domain::{Badge, EventId, OrderId};
use crate::error::Error;
use crate::sync::{FeedOutcome, chain_order_event, reported_violation_event};

/// What one change did.
enum Applied {
    Done,
    Skipped,
}

impl Session {
    /// Apply a feed page and its cursor in one transaction. A revocation of this device destroys
    /// its keys once the page is committed (`revoked` in the outcome); the caller must then drop
    /// the session.
    pub fn sync_apply_feed(&mut self, page: &FeedResponse) -> Result<FeedOutcome, Error> {
        let now = self.now();
        let badge = self.officer.badge.clone();
        // Who holds a wrap now (another process may have enrolled or removed one).
        self.keyring.reload()?;
        let mut wraps: Vec<Badge> = self
            .keyring
            .file()
            .officers
            .iter()
            .map(|o| o.badge.clone())
            .collect();
        let wraps_before = wraps.clone();
        let row = sync_row(self.store.conn())?;
        let me = central_device_id(&row)?;
        let cursor = u64::try_from(row.feed_cursor).unwrap_or(0);
        let mut outcome = FeedOutcome::default();
        let tx = self.store.transaction()?;
        let mut new_cursor = cursor.max(page.cursor);
        let ctx = Ctx {
            tx: &tx,
            badge: &badge,
            now,
        };
        for change in &page.changes {
            if change.seq <= cursor {
                outcome.skipped += 1;
                continue;
            }
            new_cursor = new_cursor.max(change.seq);
            let applied = match &change.change {
                ChangeKind::CaseNumber { case_id, number } => ctx.case_number(*case_id, number)?,
                ChangeKind::OrderNumber { order_id, number } => ctx.order_event(
                    OrderId(*order_id),
                    None,
                    OrderEventKind::OfficialNumber {
                        number: number.clone(),
                    },
                )?,
                ChangeKind::CourtDecision {
                    order_id,
                    court,
                    number,
                    decided_on,
                    outcome: decision,
                    ends_at,
                } => ctx.order_event(
                    OrderId(*order_id),
                    None,
                    OrderEventKind::CourtDecision {
                        court: court.clone(),
                        number: number.clone(),
                        decided_on: *decided_on,
                        outcome: match decision {
                            WireOutcome::Extended => CourtOutcome::Extended,
                            WireOutcome::Refused => CourtOutcome::Refused,
                        },
                        ends_at: *ends_at,
                    },
                )?,
                ChangeKind::Revoked { device_id } if *device_id == me => {
                    outcome.revoked = true;
                    Applied::Done
                }
                ChangeKind::Revoked { .. } => Applied::Skipped,
                ChangeKind::OfficerAdded {
                    badge,
                    name,
                    role,
                    rank,
                } => ctx.officer_added(badge, name, *role, rank.as_deref())?,
                ChangeKind::OfficerRemoved { badge } => ctx.officer_removed(badge, &mut wraps)?,
                ChangeKind::OrderAct {
                    order_id,
                    act_id,
                    event,
                } => ctx.order_event(
                    OrderId(*order_id),
                    Some(EventId(*act_id)),
                    chain_order_event(event),
                )?,
                ChangeKind::ViolationReported {
                    order_id,
                    report_id,
                    at,
                    description,
                    evidence,
                    case,
                } => ctx.order_event(
                    OrderId(*order_id),
                    Some(EventId(*report_id)),
                    reported_violation_event(*at, description, evidence, case),
                )?,
                // A newer central record's kind: not this build's to apply, and never a reason
                // to stop the feed.
                ChangeKind::Unknown => {
                    ctx.audit(
                        Action::Sync,
                        format!("change:{}", change.seq),
                        Outcome::Denied,
                        "central record: a kind of change this app does not know (update the app)"
                            .to_owned(),
                    )?;
                    Applied::Skipped
                }
            };
            match applied {
                Applied::Done => outcome.applied += 1,
                Applied::Skipped => outcome.skipped += 1,
            }
        }
        tx.execute(
            "UPDATE sync_state SET feed_cursor = ?1 WHERE id = 1",
            [i64::try_from(new_cursor).unwrap_or(i64::MAX)],
        )?;
        outcome.cursor = new_cursor;
        if outcome.revoked {
            audit::append(
                &tx,
                &NewEntry {
                    at: now,
                    officer: Some(badge.clone()),
                    action: Action::Wipe,
                    target: Some(format!("device:{}", self.device_id)),
                    outcome: Outcome::Ok,
                    detail: Some("revoked by the central record".to_owned()),
                },
            )?;
        }
        // The keyring is written before the commit (as when an officer is added): if it fails,
        // the page rolls back and is pulled again; if the commit fails after it, the removal is
        // simply found done when the page is applied again. Only the wraps removed here go, and
        // never the last one, whatever the file holds by now.
        let removed: Vec<Badge> = wraps_before
            .into_iter()
            .filter(|b| !wraps.contains(b))
            .collect();
        if !removed.is_empty() {
            self.keyring.save(|f| {
                for b in &removed {
                    if f.officers.len() > 1 {
                        f.officers.retain(|o| &o.badge != b);
                    }
                }
            })?;
        }
        tx.commit()?;
        if outcome.revoked {
            self.keyring
                .wipe(now, crate::keyring::WipeReason::Revoked)?;
            return Ok(outcome);
        }
        // The roster may have changed this officer's role or rank: the session shows it at once.
        if let Some(me) = super::officers::load(self.store().conn(), &badge)? {
            self.officer = me;
        }
        Ok(outcome)
    }
}

struct Ctx<'a, 't> {
    tx: &'a Transaction<'t>,
    badge: &'a Badge,
    now: chrono::DateTime<chrono::Utc>,
}

impl Ctx<'_, '_> {
    fn audit(
        &self,
        action: Action,
        target: String,
        outcome: Outcome,
        detail: String,
    ) -> Result<(), Error> {
        audit::append(
            self.tx,
            &NewEntry {
                at: self.now,
                officer: Some(self.badge.clone()),
                action,
                target: Some(target),
                outcome,
                detail: Some(detail),
            },
        )?;
        Ok(())
    }

    fn case_number(&self, case_id: Uuid, number: &str) -> Result<Applied, Error> {
        let current: Option<Option<String>> = self
            .tx
            .query_row(
                "SELECT official_number FROM cases WHERE id = ?1",
                [case_id.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        let Some(current) = current else {
            // Not (or no longer) on this device.
            return Ok(Applied::Skipped);
        };
        if current.as_deref() == Some(number) {
            return Ok(Applied::Skipped);
        }
        if let Some(problem) = official_number_problem(number) {
            self.audit(
                Action::OfficialNumber,
                format!("case:{case_id}"),
                Outcome::Denied,
                format!("central record: unusable number ({problem:?})"),
            )?;
            return Ok(Applied::Skipped);
        }
        self.tx.execute(
            "UPDATE cases SET official_number = ?2 WHERE id = ?1",
            params![case_id.to_string(), number],
        )?;
        self.tx.execute(
            "UPDATE case_list SET official_number = ?2 WHERE case_id = ?1",
            params![case_id.to_string(), number],
        )?;
        self.audit(
            Action::OfficialNumber,
            format!("case:{case_id}"),
            Outcome::Ok,
            "central record".to_owned(),
        )?;
        Ok(Applied::Done)
    }

    /// An official number, a court decision or a chain act (`act`: the central record's id of
    /// it, which the event takes): appended unless the order already has it (the same act, or
    /// without an act id the same event); refused ones are audited and skipped; a store failure
    /// fails the page.
    fn order_event(
        &self,
        id: OrderId,
        act: Option<EventId>,
        event: OrderEventKind,
    ) -> Result<Applied, Error> {
        let order = match load_order(self.tx, id) {
            Ok(o) => o,
            Err(Error::OrderNotFound { .. }) => return Ok(Applied::Skipped),
            Err(e) => return Err(e),
        };
        let known = match act {
            Some(act) => order.events.iter().any(|e| e.id == act),
            None => order.events.iter().any(|e| e.event == event),
        };
        if known {
            return Ok(Applied::Skipped);
        }
        if let OrderEventKind::OfficialNumber { number } = &event
            && let Some(problem) = official_number_problem(number)
        {
            self.audit(
                Action::OfficialNumber,
                format!("order:{id}"),
                Outcome::Denied,
                format!("central record: unusable number ({problem:?})"),
            )?;
            return Ok(Applied::Skipped);
        }
        let action = audit_action(&event);
        match append_event_in(
            self.tx,
            id,
            act.unwrap_or_default(), // a new id
            event,
            EventSource::CentralRecord,
            self.badge,
            self.now,
        ) {
            Ok(_) => Ok(Applied::Done),
            Err(Error::Order { refusal, .. }) => {
                self.audit(
                    action,
                    format!("order:{id}"),
                    Outcome::Denied,
                    format!("central record: {}", refusal.code()),
                )?;
                Ok(Applied::Skipped)
            }
            Err(Error::Invalid(problems)) => {
                let fields: Vec<String> = problems.iter().map(|p| p.field.clone()).collect();
                self.audit(
                    action,
                    format!("order:{id}"),
                    Outcome::Denied,
                    format!("central record: invalid {}", fields.join(", ")),
                )?;
                Ok(Applied::Skipped)
            }
            Err(e) => Err(e),
        }
    }

    /// On the roster, in the role and with the rank the central record gives (which then decide
    /// over the station's settings on this device; one not said leaves that setting in force).
    fn officer_added(
        &self,
        badge: &str,
        name: &str,
        role: Option<WireRole>,
        rank: Option<&str>,
    ) -> Result<Applied, Error> {
        let (Ok(badge), Ok(name)) = (Badge::parse(badge), super::officers::check_name(name)) else {
            return Ok(Applied::Skipped);
        };
        // A rank this device would refuse from the station is not taken from the wire either.
        let Ok(rank) = rank.map(super::officers::check_rank).transpose() else {
            return Ok(Applied::Skipped);
        };
        let role = role.map(|r| match r {
            WireRole::Patrol => "patrol",
            WireRole::Competent => "competent",
        });
        self.tx.execute(
            "INSERT INTO roster (badge, name, active, changed_at, role, rank)
             VALUES (?1, ?2, 1, ?3, ?4, ?5)
             ON CONFLICT (badge) DO UPDATE SET name = excluded.name, active = 1,
                 changed_at = excluded.changed_at, role = excluded.role, rank = excluded.rank",
            params![badge.as_str(), name, to_db(self.now), role, rank],
        )?;
        Ok(Applied::Done)
    }

    /// Off the roster; and this device forgets the officer's wrap of the data key, unless it is
    /// the last one (a device nobody can unlock would strand records not yet synced).
    fn officer_removed(&self, badge: &str, wraps: &mut Vec<Badge>) -> Result<Applied, Error> {
        let Ok(badge) = Badge::parse(badge) else {
            return Ok(Applied::Skipped);
        };
        self.tx.execute(
            "INSERT INTO roster (badge, name, active, changed_at) VALUES (?1, '', 0, ?2)
             ON CONFLICT (badge) DO UPDATE SET active = 0, changed_at = excluded.changed_at",
            params![badge.as_str(), to_db(self.now)],
        )?;
        let detail = if !wraps.contains(&badge) {
            return Ok(Applied::Done);
        } else if wraps.len() == 1 {
            "the only officer on this device: key kept"
        } else {
            wraps.retain(|b| *b != badge);
            "key removed from this device"
        };
        self.audit(
            Action::OfficerRemove,
            format!("officer:{badge}"),
            Outcome::Ok,
            detail.to_owned(),
        )?;
        Ok(Applied::Done)
    }
}
