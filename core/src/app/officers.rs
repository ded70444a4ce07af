//! Officers enrolled on the device: adding one, changing one's own passphrase, listing them.
//! Names live in the encrypted store; the keyring holds only badges and wrapped keys.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use super::Session;
use crate::audit::{self, Action, Outcome};
use crate::clock::to_db;
use crate::domain::Badge;
use crate::domain::text::control_character;
use crate::error::Error;
use crate::keyring::OfficerKey;
use crate::keys::{self, Passphrase};
use crate::store::StoreError;

/// An officer as the app shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OfficerInfo {
    pub badge: Badge,
    pub name: String,
    /// What the law lets them do here: the central record's roster decides when it has said,
    /// else the station's setting on this device.
    #[serde(default)]
    pub role: OfficerRole,
    /// The rank printed with the name on the documents ("policijski narednik"); empty until said.
    /// The central record's roster decides when it has said, as with the role.
    #[serde(default)]
    pub rank: String,
}

/// An officer's role under Art. 15.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum OfficerRole {
    /// Records cases, statements and draft risk assessments.
    Patrol,
    /// The competent police officer for domestic violence (specially trained): also completes
    /// the risk assessment's finding and issues orders.
    #[default]
    Competent,
}

impl OfficerRole {
    pub fn as_str(self) -> &'static str {
        match self {
            OfficerRole::Patrol => "patrol",
            OfficerRole::Competent => "competent",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "patrol" => Some(OfficerRole::Patrol),
            "competent" => Some(OfficerRole::Competent),
            _ => None,
        }
    }
}

/// Enrol another officer on this device (done by an officer already enrolled).
#[derive(Debug, Clone, Deserialize)]
pub struct AddOfficerRequest {
    pub badge: String,
    pub name: String,
    pub passphrase: Passphrase,
    /// Patrol unless the station says competent: issuing power is never given by default.
    #[serde(default = "patrol")]
    pub role: OfficerRole,
    /// The rank, as the service gives it; may be empty.
    #[serde(default)]
    pub rank: String,
}

fn patrol() -> OfficerRole {
    OfficerRole::Patrol
}

/// Change the session officer's own passphrase.
#[derive(Debug, Clone, Deserialize)]
pub struct ChangePassphraseRequest {
    pub current: Passphrase,
    pub new: Passphrase,
}

pub(super) fn check_name(name: &str) -> Result<String, Error> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::OfficerName("the name is empty"));
    }
    if name.chars().count() > 200 {
        return Err(Error::OfficerName("the name is longer than 200 characters"));
    }
    if control_character(name) || name.contains('\n') {
        return Err(Error::OfficerName("the name contains control characters"));
    }
    Ok(name.to_owned())
}

/// An officer's setting the station may change on this device.
#[derive(Clone, Copy)]
enum OfficerSetting {
    Role,
    Rank,
}

/// A rank as typed: trimmed, at most 80 characters, one line. Empty is allowed (not yet said).
pub(crate) fn check_rank(rank: &str) -> Result<String, Error> {
    let rank = rank.trim();
    if rank.chars().count() > 80 {
        return Err(Error::OfficerRank("the rank is longer than 80 characters"));
    }
    if control_character(rank) || rank.contains('\n') {
        return Err(Error::OfficerRank("the rank contains control characters"));
    }
    Ok(rank.to_owned())
}

/// A new officer's row.
pub(super) struct NewOfficer<'a> {
    pub badge: &'a Badge,
    pub name: &'a str,
    pub role: OfficerRole,
    pub rank: &'a str,
}

pub(super) fn insert(
    tx: &Transaction<'_>,
    officer: NewOfficer<'_>,
    added_by: Option<&Badge>,
    at: DateTime<Utc>,
) -> Result<(), Error> {
    tx.execute(
        "INSERT INTO officers (badge, name, added_at, added_by, role, rank)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            officer.badge.as_str(),
            officer.name,
            to_db(at),
            added_by.map(Badge::as_str),
            officer.role.as_str(),
            officer.rank
        ],
    )?;
    Ok(())
}

/// The officers' rows with their effective role and rank: the roster's when the central record
/// has said, else the station's on this device.
const OFFICERS: &str = "SELECT o.badge, o.name, COALESCE(r.role, o.role), COALESCE(r.rank, o.rank)
     FROM officers o LEFT JOIN roster r ON r.badge = o.badge";

type Row = (String, String, String, String);

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

fn info((badge, name, role, rank): Row) -> Result<OfficerInfo, Error> {
    Ok(OfficerInfo {
        badge: Badge::parse(&badge)
            .map_err(|e| StoreError::Decode(format!("stored badge: {e}")))?,
        name,
        role: OfficerRole::parse(&role)
            .ok_or_else(|| StoreError::Decode("stored officer role".to_owned()))?,
        rank,
    })
}

pub(super) fn load(conn: &Connection, badge: &Badge) -> Result<Option<OfficerInfo>, Error> {
    conn.query_row(
        &format!("{OFFICERS} WHERE o.badge = ?1"),
        [badge.as_str()],
        row,
    )
    .optional()?
    .map(info)
    .transpose()
}

impl Session {
    /// Refuses unless the session's officer is the competent police officer (Art. 15). The role
    /// is read from the store each time, so a roster change applied mid-session takes effect.
    pub(crate) fn require_competent(&self) -> Result<(), Error> {
        let me = &self.officer.badge;
        match load(self.store().conn(), me)? {
            Some(o) if o.role == OfficerRole::Competent => Ok(()),
            _ => Err(Error::NotCompetent { badge: me.clone() }),
        }
    }

    /// Officers enrolled on this device, by badge.
    pub fn list_officers(&self) -> Result<Vec<OfficerInfo>, Error> {
        let conn = self.store().conn();
        let mut stmt = conn.prepare(&format!("{OFFICERS} ORDER BY o.badge"))?;
        let rows = stmt.query_map([], row)?;
        let mut out = Vec::new();
        for r in rows {
            out.push(info(r?)?);
        }
        Ok(out)
    }

    /// Set an officer's role on this device (station policy; the central record's roster, when
    /// it names a role, overrides it). Audited. Only the competent officer may: a patrol officer
    /// cannot promote himself or anyone else.
    pub fn set_officer_role(
        &mut self,
        badge: &str,
        role: OfficerRole,
    ) -> Result<OfficerInfo, Error> {
        self.require_competent()?;
        let badge = Badge::parse(badge)?;
        self.set_officer_setting(
            badge,
            OfficerSetting::Role,
            role.as_str(),
            format!("role {}", role.as_str()),
        )
    }

    /// Set an officer's rank on this device (the central record's roster, when it names a rank,
    /// overrides it). Audited: that it changed, not the words.
    pub fn set_officer_rank(&mut self, badge: &str, rank: &str) -> Result<OfficerInfo, Error> {
        self.require_competent()?;
        let badge = Badge::parse(badge)?;
        let rank = check_rank(rank)?;
        self.set_officer_setting(badge, OfficerSetting::Rank, &rank, "rank".to_owned())
    }

    /// Write one of the station's settings of an officer, audited with `detail`, and refresh the
    /// session's own officer when it is him.
    fn set_officer_setting(
        &mut self,
        badge: Badge,
        setting: OfficerSetting,
        value: &str,
        detail: String,
    ) -> Result<OfficerInfo, Error> {
        let entry = self.entry(
            Action::Update,
            Some(format!("officer:{badge}")),
            Outcome::Ok,
            Some(detail),
        );
        let sql = match setting {
            OfficerSetting::Role => "UPDATE officers SET role = ?2 WHERE badge = ?1",
            OfficerSetting::Rank => "UPDATE officers SET rank = ?2 WHERE badge = ?1",
        };
        let tx = self.store.transaction()?;
        let n = tx.execute(sql, params![badge.as_str(), value])?;
        if n == 0 {
            return Err(Error::UnknownOfficer { badge });
        }
        audit::append(&tx, &entry)?;
        tx.commit()?;
        let info = load(self.store().conn(), &badge)?.ok_or(Error::UnknownOfficer {
            badge: badge.clone(),
        })?;
        if info.badge == self.officer.badge {
            self.officer = info.clone();
        }
        Ok(info)
    }

    /// Enrol another officer: their passphrase wraps the same data key. Only the competent
    /// officer may (it opens every case on the device to a new passphrase).
    pub fn add_officer(&mut self, req: AddOfficerRequest) -> Result<OfficerInfo, Error> {
        self.require_competent()?;
        let badge = Badge::parse(&req.badge)?;
        let name = check_name(&req.name)?;
        let rank = check_rank(&req.rank)?;
        self.keyring.reload()?;
        if self.keyring.officer(&badge).is_some() {
            return Err(Error::OfficerExists { badge });
        }
        crate::passphrase::check(req.passphrase.as_str(), &badge).map_err(Error::WeakPassphrase)?;
        let wrapped = keys::wrap(&self.dek, &req.passphrase, &badge, &self.config.kdf)?;
        let now = self.now();
        let me = self.officer.badge.clone();
        let entry = self.entry(
            Action::OfficerAdd,
            Some(format!("officer:{badge}")),
            Outcome::Ok,
            None,
        );
        let tx = self.store.transaction()?;
        insert(
            &tx,
            NewOfficer {
                badge: &badge,
                name: &name,
                role: req.role,
                rank: &rank,
            },
            Some(&me),
            now,
        )?;
        audit::append(&tx, &entry)?;
        // The keyring is written before the commit: if it fails, the officer row rolls back. A
        // wrap another process added for the same badge meanwhile is refused, not doubled.
        self.keyring.update(|f| {
            if f.wiped_at.is_some() {
                return Err(Error::Wiped);
            }
            if f.officers.iter().any(|o| o.badge == badge) {
                return Err(Error::OfficerExists {
                    badge: badge.clone(),
                });
            }
            f.officers.push(OfficerKey {
                badge: badge.clone(),
                wrapped,
                added_at: now,
            });
            Ok(())
        })??;
        tx.commit()?;
        Ok(OfficerInfo {
            badge,
            name,
            role: req.role,
            rank,
        })
    }

    /// Change this officer's passphrase: the data key is re-wrapped, nothing is re-encrypted.
    pub fn change_passphrase(&mut self, req: ChangePassphraseRequest) -> Result<(), Error> {
        let badge = self.officer.badge.clone();
        self.keyring.reload()?;
        let current = self
            .keyring
            .officer(&badge)
            .map(|o| o.wrapped.clone())
            .ok_or_else(|| Error::UnknownOfficer {
                badge: badge.clone(),
            })?;
        let dek = keys::unwrap(&current, &req.current, &badge)?;
        crate::passphrase::check(req.new.as_str(), &badge).map_err(Error::WeakPassphrase)?;
        let wrapped = keys::wrap(&dek, &req.new, &badge, &self.config.kdf)?;
        let entry = self.entry(
            Action::PassphraseChange,
            Some(format!("officer:{badge}")),
            Outcome::Ok,
            None,
        );
        let tx = self.store.transaction()?;
        audit::append(&tx, &entry)?;
        let kept = self.keyring.update(|f| {
            f.officers
                .iter_mut()
                .find(|o| o.badge == badge)
                .map(|o| o.wrapped = wrapped)
                .is_some()
        })?;
        if !kept {
            // Removed from this device meanwhile (the roster, another process).
            return Err(Error::UnknownOfficer { badge });
        }
        tx.commit()?;
        Ok(())
    }
}
