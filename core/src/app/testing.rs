//! Inspection only (tests, forensic tools): the raw, keyed connection behind the services, as
//! someone holding an officer's passphrase could open it. It needs that passphrase like any
//! unlock, but bypasses the audit log and the services' rules (the database triggers still
//! hold), so nothing in the app calls it.

use std::path::Path;

use rusqlite::Connection;

use crate::domain::Badge;
use crate::error::Error;
use crate::keys::Passphrase;
use crate::store::Store;

/// Open the database in `dir` with `badge`'s passphrase, without migrating it.
pub fn open_raw(dir: &Path, passphrase: &str, badge: &str) -> Result<Connection, Error> {
    let keyring = crate::keyring::Keyring::load(dir)?;
    let badge = Badge::parse(badge)?;
    let officer = keyring
        .officer(&badge)
        .ok_or_else(|| Error::UnknownOfficer {
            badge: badge.clone(),
        })?;
    let dek = crate::keys::unwrap(
        &officer.wrapped,
        &Passphrase::new(passphrase.to_owned()),
        &badge,
    )?;
    Ok(Store::open_raw(dir, &dek)?)
}
