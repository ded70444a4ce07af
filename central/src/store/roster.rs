//! The officer roster and the police administrations: who is on the roster and when (every
//! period in `officer_terms`, which the push checks an envelope's officer against), which
//! administration an officer and a device belong to, and the roster changes the feed carries —
//! each to the devices of the officer's administration, never to everyone.
//!
//! **Invariant:** an officer is on the roster at an instant `t` when a period of theirs began at
//! or before `t` and had not ended at `t`; periods never overlap. A device given an
//! administration (at enrolment or later) is sent that roster as it stands, to it alone, and
//! reads the administration's changes from then on: a cursor already past the roster's older
//! changes misses nothing, and nothing comes twice. An officer assigned to an administration is
//! announced to its devices and taken off the roster of the administration they leave. A removal
//! also reaches every other device whose records name the officer, since it may hold their key.

use chrono::{DateTime, Utc};
use uuid::Uuid;
use zastita_protocol::messages::{ChangeKind, OfficerRole};

use super::changes::{Audience, append_change, latest_seq};
use super::crypt::Place;
use super::sql::Sql;
use super::{Store, StoreError};
use crate::numbering;

/// An officer as the station adds them to the roster.
#[derive(Debug, Clone, Copy)]
pub struct NewOfficer<'a> {
    pub badge: &'a str,
    pub name: &'a str,
    pub role: OfficerRole,
    /// The rank printed with the name on the orders; `None`: not said.
    pub rank: Option<&'a str>,
    /// The police administration (its code or name); `None`: not assigned, and the roster
    /// changes about this officer reach no device until it is.
    pub administration: Option<&'a str>,
    /// On the roster from this instant (an envelope the officer made earlier is refused);
    /// `None`: from now. Never in the future, nor before the officer last left the roster.
    pub since: Option<DateTime<Utc>>,
}

/// The code of the administration `given` names, or [`StoreError::UnknownAdministration`].
pub fn administration(given: &str) -> Result<&'static str, StoreError> {
    numbering::administration_by_code(given)
        .ok_or_else(|| StoreError::UnknownAdministration(given.to_owned()))
}

/// The role as stored.
fn role_str(role: OfficerRole) -> &'static str {
    match role {
        OfficerRole::Patrol => "patrol",
        OfficerRole::Competent => "competent",
    }
}

fn role_of(text: Option<String>) -> Option<OfficerRole> {
    match text.as_deref() {
        Some("patrol") => Some(OfficerRole::Patrol),
        Some("competent") => Some(OfficerRole::Competent),
        _ => None,
    }
}

/// Whether `badge` was on the roster at `at`.
pub(super) fn on_roster(
    sql: &mut dyn Sql,
    badge: &str,
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    Ok(sql
        .query_opt(
            "SELECT 1 FROM officer_terms
             WHERE badge = $1 AND added_at <= $2 AND (removed_at IS NULL OR removed_at > $2)
             LIMIT 1",
            &[badge.into(), at.into()],
        )?
        .is_some())
}

fn audience(code: Option<&str>) -> Audience<'_> {
    code.map_or(Audience::Nobody, Audience::Administration)
}

/// The change that announces an officer as the roster holds them now (`None`: not on it).
fn announcement(sql: &mut dyn Sql, badge: &str) -> Result<Option<ChangeKind>, StoreError> {
    let Some(r) = sql.query_opt(
        "SELECT name, role, rank FROM officers WHERE badge = $1 AND removed_at IS NULL",
        &[badge.into()],
    )?
    else {
        return Ok(None);
    };
    let cipher = sql.cipher()?;
    Ok(Some(ChangeKind::OfficerAdded {
        badge: badge.to_owned(),
        name: cipher.open_text(&Place::new("officers", "name", badge), &r.text(0)?)?,
        role: role_of(r.opt_text(1)?),
        rank: cipher.open_opt_text(
            &Place::new("officers", "rank", badge),
            r.opt_text(2)?.as_deref(),
        )?,
    }))
}

impl Store {
    /// Put an officer on the roster (again, after a removal: with the new name, role and rank);
    /// a change tells the devices of their administration.
    pub fn add_officer(&self, o: &NewOfficer<'_>, now: DateTime<Utc>) -> Result<(), StoreError> {
        let (badge, name) = (o.badge, o.name);
        if badge.trim().is_empty() || name.trim().is_empty() {
            return Err(StoreError::Invalid(
                "an officer needs a badge and a name".into(),
            ));
        }
        let rank = o.rank.map(str::trim).filter(|r| !r.is_empty());
        if rank.is_some_and(|r| r.chars().count() > 80 || r.chars().any(char::is_control)) {
            return Err(StoreError::Invalid(
                "a rank is one line of at most 80 characters".into(),
            ));
        }
        let code = o.administration.map(administration).transpose()?;
        let since = o.since.unwrap_or(now);
        if since > now {
            return Err(StoreError::Invalid(
                "an officer cannot be on the roster from a time still to come (--since)".into(),
            ));
        }
        self.tx(|sql| {
            let row = sql.query_opt(
                "SELECT removed_at FROM officers WHERE badge = $1",
                &[badge.into()],
            )?;
            let cipher = sql.cipher()?;
            let values = [
                badge.into(),
                cipher
                    .seal_text(&Place::new("officers", "name", badge), name)?
                    .into(),
                since.into(),
                role_str(o.role).into(),
                cipher
                    .seal_opt_text(&Place::new("officers", "rank", badge), rank)?
                    .into(),
                code.into(),
            ];
            match row {
                Some(r) => match r.opt_time(0)? {
                    None => return Err(StoreError::OfficerExists(badge.to_owned())),
                    Some(left) if since < left => {
                        return Err(StoreError::Invalid(format!(
                            "officer {badge} left the roster at {left}; they cannot be on it again from before that (--since)"
                        )));
                    }
                    Some(_) => sql.execute(
                        "UPDATE officers SET name = $2, added_at = $3, removed_at = NULL,
                             role = $4, rank = $5, administration = $6
                         WHERE badge = $1",
                        &values,
                    )?,
                },
                None => sql.execute(
                    "INSERT INTO officers (badge, name, added_at, role, rank, administration)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                    &values,
                )?,
            };
            sql.execute(
                "INSERT INTO officer_terms (badge, added_at) VALUES ($1, $2)
                 ON CONFLICT (badge, added_at) DO UPDATE SET removed_at = NULL",
                &[badge.into(), since.into()],
            )?;
            append_change(
                sql,
                &ChangeKind::OfficerAdded {
                    badge: badge.to_owned(),
                    name: name.to_owned(),
                    role: Some(o.role),
                    rank: rank.map(str::to_owned),
                },
                audience(code),
                now,
            )?;
            Ok(())
        })
    }

    /// Take an officer off the roster: a change tells the devices of their administration, and
    /// each other device whose records name them.
    pub fn remove_officer(&self, badge: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.tx(|sql| {
            let row = sql
                .query_opt(
                    "SELECT administration FROM officers WHERE badge = $1 AND removed_at IS NULL",
                    &[badge.into()],
                )?
                .ok_or_else(|| StoreError::UnknownOfficer(badge.to_owned()))?;
            let code = row.opt_text(0)?;
            sql.execute(
                "UPDATE officers SET removed_at = $2 WHERE badge = $1",
                &[badge.into(), now.into()],
            )?;
            sql.execute(
                "UPDATE officer_terms SET removed_at = $2 WHERE badge = $1 AND removed_at IS NULL",
                &[badge.into(), now.into()],
            )?;
            let removed = ChangeKind::OfficerRemoved {
                badge: badge.to_owned(),
            };
            append_change(sql, &removed, audience(code.as_deref()), now)?;
            let elsewhere = sql.query(
                "SELECT DISTINCT r.device_id FROM records r JOIN devices d ON d.id = r.device_id
                 WHERE r.officer = $1
                   AND (d.administration IS NULL OR CAST($2 AS TEXT) IS NULL
                        OR d.administration <> CAST($2 AS TEXT))
                 ORDER BY r.device_id",
                &[badge.into(), code.into()],
            )?;
            for r in &elsewhere {
                append_change(sql, &removed, Audience::Device(r.uuid(0)?), now)?;
            }
            Ok(())
        })
    }

    /// Move an officer to an administration: on the roster, its devices are told of them and
    /// the administration they leave takes them off its devices. `false` when already there.
    pub fn assign_officer(
        &self,
        badge: &str,
        given: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let code = administration(given)?;
        self.tx(|sql| {
            let row = sql
                .query_opt(
                    "SELECT administration FROM officers WHERE badge = $1",
                    &[badge.into()],
                )?
                .ok_or_else(|| StoreError::UnknownOfficer(badge.to_owned()))?;
            let before = row.opt_text(0)?;
            if before.as_deref() == Some(code) {
                return Ok(false);
            }
            sql.execute(
                "UPDATE officers SET administration = $2 WHERE badge = $1",
                &[badge.into(), code.into()],
            )?;
            if let Some(added) = announcement(sql, badge)? {
                append_change(sql, &added, Audience::Administration(code), now)?;
                if let Some(left) = &before {
                    let removed = ChangeKind::OfficerRemoved {
                        badge: badge.to_owned(),
                    };
                    append_change(sql, &removed, Audience::Administration(left), now)?;
                }
            }
            Ok(true)
        })
    }

    /// Assign a device to an administration ([`give_administration`]): from its next feed page
    /// it reads that roster as it stands, then its changes. `false` when already there.
    pub fn assign_device(
        &self,
        id: Uuid,
        given: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let code = administration(given)?;
        self.tx(|sql| {
            let row = sql
                .query_opt(
                    "SELECT administration FROM devices WHERE id = $1",
                    &[id.into()],
                )?
                .ok_or(StoreError::UnknownDevice(id))?;
            if row.opt_text(0)?.as_deref() == Some(code) {
                return Ok(false);
            }
            give_administration(sql, id, code, now)?;
            Ok(true)
        })
    }
}

/// Give a device its administration: send it that roster as it stands (every officer on it,
/// and a removal for each who left it), addressed to it alone, and from then on let it read the
/// administration's own changes (those after `roster_from`).
pub(super) fn give_administration(
    sql: &mut dyn Sql,
    device: Uuid,
    code: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let officers = sql.query(
        "SELECT badge FROM officers WHERE administration = $1 ORDER BY badge",
        &[code.into()],
    )?;
    for r in &officers {
        let badge = r.text(0)?;
        let change = match announcement(sql, &badge)? {
            Some(added) => added,
            None => ChangeKind::OfficerRemoved { badge },
        };
        append_change(sql, &change, Audience::Device(device), now)?;
    }
    let from = i64::try_from(latest_seq(sql)?).unwrap_or(i64::MAX);
    sql.execute(
        "UPDATE devices SET administration = $2, roster_from = $3 WHERE id = $1",
        &[device.into(), code.into(), from.into()],
    )?;
    Ok(())
}
