//! Station policy kept on the device (the re-assessment intervals, the forwarding warning): one
//! JSON value per key in the encrypted `settings` table, read with its default when unset, and
//! every change audited in the same transaction.

use rusqlite::OptionalExtension;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::Session;
use crate::audit::{self, Action, Outcome};
use crate::error::Error;
use crate::store::StoreError;

impl Session {
    /// The station's setting under `key`, or its default while none is stored.
    pub(crate) fn station_setting<T: DeserializeOwned + Default>(
        &self,
        key: &str,
    ) -> Result<T, Error> {
        let stored: Option<String> = self
            .store()
            .conn()
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?;
        match stored {
            Some(s) => Ok(serde_json::from_str(&s).map_err(StoreError::from)?),
            None => Ok(T::default()),
        }
    }

    /// Store the station's setting under `key` and audit the change, in one transaction.
    pub(crate) fn set_station_setting<T: Serialize>(
        &mut self,
        key: &str,
        value: &T,
    ) -> Result<(), Error> {
        let json = serde_json::to_string(value).map_err(StoreError::from)?;
        let entry = self.entry(
            Action::Update,
            Some(format!("settings:{key}")),
            Outcome::Ok,
            None,
        );
        let store = self.store_mut();
        let tx = store.transaction()?;
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = ?2",
            [key, json.as_str()],
        )?;
        audit::append(&tx, &entry)?;
        tx.commit().map_err(|e| store.with_dir(e.into()))?;
        Ok(())
    }
}
