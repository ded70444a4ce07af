//! A locked device learns whether the central record revoked it ([`Device::check_revocation`]):
//! what to ask comes from the keyring (`keyring/status.rs`, readable while locked), the question
//! goes through `sync::status`, and a "revoked" answer destroys the keys as the feed's
//! revocation does. Used at start and on network changes by the app, and by `zastita status
//! --check-revocation`.

use serde::{Deserialize, Serialize};

use super::Device;
use crate::error::Error;
use crate::keyring::{StatusCredentials, WipeReason};
use crate::sync::ClientOptions;

/// What a revocation check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RevocationCheck {
    /// Not enrolled, or enrolled by a build before status keys (it registers one at its next sync
    /// round while unlocked): there is nothing to ask with.
    CannotAsk,
    /// The keys were destroyed before (a wipe, or an earlier answer): nothing was asked.
    AlreadyWiped,
    /// The central record says this device is in service.
    NotRevoked,
    /// The central record revoked this device: its keys were destroyed now.
    Revoked,
}

impl Device {
    /// What to ask the central record with, or why nothing can be asked, from the keyring as it
    /// is on disk now (a long-lived app's copy may be older than a wipe or an enrolment).
    pub fn revocation_probe(&mut self) -> Result<StatusCredentials, RevocationCheck> {
        if self.refresh().is_err() {
            // Unreadable now: the check is retried at the next start or network change.
            return Err(RevocationCheck::CannotAsk);
        }
        let f = self.keyring.file();
        if f.wiped_at.is_some() {
            return Err(RevocationCheck::AlreadyWiped);
        }
        f.status.clone().ok_or(RevocationCheck::CannotAsk)
    }

    /// Apply the central record's answer: "revoked" destroys the keys (crypto-erase; the database
    /// can no longer be read by anyone), records why, and then deletes the database, as the
    /// feed's revocation does for an unlocked device.
    pub fn revocation_answer(&mut self, revoked: bool) -> Result<RevocationCheck, Error> {
        self.keyring.reload()?;
        if self.keyring.is_wiped() {
            return Ok(RevocationCheck::AlreadyWiped);
        }
        if !revoked {
            return Ok(RevocationCheck::NotRevoked);
        }
        let now = self.config.clock.now();
        self.keyring.wipe(now, WipeReason::Revoked)?;
        self.refresh()?;
        Ok(RevocationCheck::Revoked)
    }

    /// Ask the central record whether this locked device was revoked, and wipe if so. An answer
    /// is believed only from a server whose certificate chains to the CA pinned at enrolment;
    /// any failure (offline, another CA, a refusal) is returned and destroys nothing.
    pub async fn check_revocation(
        &mut self,
        options: &ClientOptions,
    ) -> Result<RevocationCheck, Error> {
        let creds = match self.revocation_probe() {
            Ok(c) => c,
            Err(done) => return Ok(done),
        };
        let revoked = crate::sync::ask_revoked(&creds, options).await?;
        self.revocation_answer(revoked)
    }
}
