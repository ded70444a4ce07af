//! Risk instruments on the device: the built-in ones stored on first use, new ones (or new
//! versions) imported from files, every version ever known kept, the latest offered; and which a
//! case is not offered (validated for another population).

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use zastita_protocol::signing::sha256_hex;

use super::Session;
use crate::audit::{self, Action, Outcome};
use crate::clock::to_db;
use crate::domain::{Person, Role};
use crate::error::Error;
use crate::risk::{Instrument, InstrumentRef, Population};
use crate::store::StoreError;

/// An instrument a case is not offered: it was validated for another population (a lethality
/// screen for intimate partners, on a case of a son against his mother).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NotOffered {
    pub instrument: String,
    pub population: Population,
}

/// Whether `instrument` is offered for a case with these people: its population covers the
/// relationship of one of the perpetrators to the victim.
pub(super) fn offered(instrument: &Instrument, people: &[Person]) -> bool {
    instrument.population().covers(
        people
            .iter()
            .filter(|p| p.role == Role::Perpetrator)
            .map(|p| p.relationship_to_victim.as_ref()),
    )
}

impl Session {
    /// The latest version of every instrument, the primary (statutory) one first.
    pub fn list_instruments(&mut self) -> Result<Vec<Instrument>, Error> {
        self.ensure_builtin_instruments()?;
        let conn = self.store().conn();
        let mut stmt = conn.prepare(
            "SELECT definition FROM instruments i
             WHERE version = (SELECT MAX(version) FROM instruments WHERE id = i.id)
             ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for row in rows {
            out.push(parse_stored(&row?)?);
        }
        out.sort_by_key(|i| !i.primary());
        Ok(out)
    }

    /// Add an instrument (or a new version of one) from its file. The same version again with the
    /// same content is accepted; with different content it is refused (a version never changes).
    pub fn import_instrument(&mut self, bytes: &[u8]) -> Result<InstrumentRef, Error> {
        self.ensure_builtin_instruments()?;
        let instrument = Instrument::parse(bytes)?;
        let reference = instrument.reference();
        let sha = sha256_hex(bytes);
        let existing: Option<String> = self
            .store()
            .conn()
            .query_row(
                "SELECT sha256 FROM instruments WHERE id = ?1 AND version = ?2",
                params![reference.id, reference.version],
                |r| r.get(0),
            )
            .optional()?;
        match existing {
            Some(s) if s == sha => return Ok(reference),
            Some(_) => {
                return Err(Error::InstrumentVersionExists {
                    id: reference.id,
                    version: reference.version,
                });
            }
            None => {}
        }
        let text = std::str::from_utf8(bytes)
            .map_err(|e| StoreError::Decode(format!("instrument text: {e}")))?;
        let now = self.now();
        let entry = self.entry(
            Action::Import,
            Some(format!("instrument:{}:{}", reference.id, reference.version)),
            Outcome::Ok,
            None,
        );
        let store = self.store_mut();
        let tx = store.transaction()?;
        tx.execute(
            "INSERT INTO instruments (id, version, definition, sha256, added_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![reference.id, reference.version, text, sha, to_db(now)],
        )?;
        audit::append(&tx, &entry)?;
        tx.commit().map_err(|e| store.with_dir(e.into()))?;
        Ok(reference)
    }

    /// Start assessing a case with the latest version of `instrument_id`.
    /// The instruments this case is not offered, each with the population it is for.
    pub(crate) fn instruments_not_offered(
        &mut self,
        people: &[Person],
    ) -> Result<Vec<NotOffered>, Error> {
        Ok(self
            .list_instruments()?
            .into_iter()
            .filter(|i| !offered(i, people))
            .map(|i| NotOffered {
                instrument: i.id().to_owned(),
                population: i.population(),
            })
            .collect())
    }

    /// The instrument version an assessment was made with.
    pub(crate) fn instrument(&self, r: &InstrumentRef) -> Result<Instrument, Error> {
        let def: Option<String> = self
            .store()
            .conn()
            .query_row(
                "SELECT definition FROM instruments WHERE id = ?1 AND version = ?2",
                params![r.id, r.version],
                |row| row.get(0),
            )
            .optional()?;
        match def {
            Some(d) => parse_stored(&d),
            None => Err(Error::InstrumentNotFound { id: r.id.clone() }),
        }
    }

    /// Store the built-in instruments not yet stored (first use, or an app update that ships a
    /// new version).
    pub(crate) fn ensure_builtin_instruments(&mut self) -> Result<(), Error> {
        if self.builtin_instruments_stored {
            return Ok(());
        }
        let now = self.now();
        let store = self.store_mut();
        let tx = store.transaction()?;
        let mut added = 0;
        for (_, bytes) in crate::risk::builtin::FILES {
            let r = Instrument::parse(bytes)?.reference();
            let text = std::str::from_utf8(bytes)
                .map_err(|e| StoreError::Decode(format!("built-in instrument: {e}")))?;
            added += tx.execute(
                "INSERT OR IGNORE INTO instruments (id, version, definition, sha256, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![r.id, r.version, text, sha256_hex(bytes), to_db(now)],
            )?;
        }
        if added > 0 {
            tx.commit().map_err(|e| store.with_dir(e.into()))?;
        } else {
            drop(tx);
        }
        self.builtin_instruments_stored = true;
        Ok(())
    }
}

pub(super) fn parse_stored(definition: &str) -> Result<Instrument, Error> {
    Instrument::parse(definition.as_bytes())
        .map_err(|e| Error::Store(StoreError::Decode(format!("stored instrument: {e}"))))
}
