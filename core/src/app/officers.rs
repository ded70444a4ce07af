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
}

/// Enrol another officer on this device (done by an officer already enrolled).
#[derive(Debug, Clone, Deserialize)]
pub struct AddOfficerRequest {
    pub badge: String,
    pub name: String,
    pub passphrase: Passphrase,
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

pub(super) fn insert(
    tx: &Transaction<'_>,
    badge: &Badge,
    name: &str,
    added_by: Option<&Badge>,
    at: DateTime<Utc>,
) -> Result<(), Error> {
    tx.execute(
        "INSERT INTO officers (badge, name, added_at, added_by) VALUES (?1, ?2, ?3, ?4)",
        params![badge.as_str(), name, to_db(at), added_by.map(Badge::as_str)],
    )
    .map_err(StoreError::from)?;
    Ok(())
}

pub(super) fn load(conn: &Connection, badge: &Badge) -> Result<Option<OfficerInfo>, Error> {
    Ok(conn
        .query_row(
            "SELECT name FROM officers WHERE badge = ?1",
            [badge.as_str()],
            |r| r.get::<_, String>(0),
        )
        .optional()
        .map_err(StoreError::from)?
        .map(|name| OfficerInfo {
            badge: badge.clone(),
            name,
        }))
}

impl Session {
    /// Officers enrolled on this device, by badge.
    pub fn list_officers(&self) -> Result<Vec<OfficerInfo>, Error> {
        let conn = self.store().conn();
        let mut stmt = conn
            .prepare("SELECT badge, name FROM officers ORDER BY badge")
            .map_err(StoreError::from)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(StoreError::from)?;
        let mut out = Vec::new();
        for row in rows {
            let (badge, name) = row.map_err(StoreError::from)?;
            let badge = Badge::parse(&badge)
                .map_err(|e| StoreError::Decode(format!("stored badge: {e}")))?;
            out.push(OfficerInfo { badge, name });
        }
        Ok(out)
    }

    /// Enrol another officer: their passphrase wraps the same data key.
    pub fn add_officer(&mut self, req: AddOfficerRequest) -> Result<OfficerInfo, Error> {
        let badge = Badge::parse(&req.badge)?;
        let name = check_name(&req.name)?;
        if self
            .keyring
            .file()
            .officers
            .iter()
            .any(|o| o.badge == badge)
        {
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
        insert(&tx, &badge, &name, Some(&me), now)?;
        audit::append(&tx, &entry)?;
        // The keyring is written before the commit: if it fails, the officer row rolls back.
        self.keyring.save(|f| {
            f.officers.push(OfficerKey {
                badge: badge.clone(),
                wrapped,
                added_at: now,
            })
        })?;
        tx.commit().map_err(StoreError::from)?;
        Ok(OfficerInfo { badge, name })
    }

    /// Change this officer's passphrase: the data key is re-wrapped, nothing is re-encrypted.
    pub fn change_passphrase(&mut self, req: ChangePassphraseRequest) -> Result<(), Error> {
        let badge = self.officer.badge.clone();
        let current = self
            .keyring
            .file()
            .officers
            .iter()
            .find(|o| o.badge == badge)
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
        self.keyring.save(|f| {
            if let Some(o) = f.officers.iter_mut().find(|o| o.badge == badge) {
                o.wrapped = wrapped;
            }
        })?;
        tx.commit().map_err(StoreError::from)?;
        Ok(())
    }
}
