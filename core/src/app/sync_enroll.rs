//! Enrolment: the device reads the station's one-time code, makes its signing key and its status
//! key, and, once the central record has accepted them, keeps the server, its pinned CA and its
//! id (in the database; and, with the status key, in the keyring for asking while locked).
//! Nothing of it touches the network here.

use rusqlite::params;
use zeroize::Zeroizing;

use zastita_protocol::enrollment::EnrollmentCode;
use zastita_protocol::messages::{EnrollRequest, EnrollResponse};
use zastita_protocol::signing::DeviceKey;

use super::Session;
use super::sync_state::{central_device_id, sync_row};
use crate::audit::{self, Action, Outcome};
use crate::clock::to_db;
use crate::error::Error;
use crate::keyring::{StatusCredentials, StatusKey};
use crate::store::StoreError;
use crate::sync::{EnrolledDevice, PendingEnrollment, SyncError};

impl Session {
    /// Start enrolling: parse the code the station handed over, check the device is not enrolled
    /// yet, and make the device's signing key. Nothing is stored until
    /// [`enroll_finish`](Self::enroll_finish).
    pub fn enroll_begin(
        &mut self,
        code: &str,
        label: &str,
        app_version: &str,
    ) -> Result<PendingEnrollment, Error> {
        let code: EnrollmentCode = code
            .parse()
            .map_err(|e| Error::Sync(SyncError::EnrollmentCode(e)))?;
        let row = sync_row(self.store.conn())?;
        if let Some(server) = row.server {
            return Err(Error::Sync(SyncError::AlreadyEnrolled { server }));
        }
        let (key, pkcs8) = DeviceKey::generate()
            .map_err(|e| Error::Store(StoreError::Decode(format!("device key: {e}"))))?;
        // A second key, for asking "was I revoked?" while locked (kept in the keyring).
        let (status_key, status_pkcs8) = DeviceKey::generate()
            .map_err(|e| Error::Store(StoreError::Decode(format!("status key: {e}"))))?;
        let label = match label.trim() {
            "" => format!("Zaštita {}", self.device_tag()),
            l => l.chars().filter(|c| !c.is_control()).take(100).collect(),
        };
        Ok(PendingEnrollment {
            request: EnrollRequest {
                token: code.token.clone(),
                public_key: key.public_key(),
                label,
                app_version: app_version.to_owned(),
                device_time: self.now(),
                status_public_key: Some(status_key.public_key()),
            },
            code,
            pkcs8: Zeroizing::new(pkcs8),
            status_pkcs8: Zeroizing::new(status_pkcs8),
        })
    }

    /// Finish enrolling with the central record's answer: the CA it hands over must be the one
    /// the code named (else nothing is stored); then the server, the pinned CA, the device id,
    /// the key and the clock skew are stored and the enrolment is audited, in one transaction.
    pub fn enroll_finish(
        &mut self,
        pending: PendingEnrollment,
        answer: &EnrollResponse,
    ) -> Result<EnrolledDevice, Error> {
        let ca = crate::sync::tls_certificates(&answer.ca_certificate_pem)?;
        if ca
            .first()
            .is_none_or(|c| crate::sync::tls_fingerprint(c.as_ref()) != pending.code.ca_sha256)
        {
            return Err(Error::Sync(SyncError::Certificate {
                detail: "the CA certificate the server handed over is not the one the enrolment \
                         code names"
                    .to_owned(),
            }));
        }
        let now = self.now();
        let skew = (answer.server_time - now).num_milliseconds();
        let entry = self.entry(
            Action::Enrol,
            Some(format!("device:{}", answer.device_id)),
            Outcome::Ok,
            Some(pending.code.server.clone()),
        );
        let tx = self.store.transaction()?;
        let changed = tx.execute(
            "UPDATE sync_state SET server = ?1, ca_pem = ?2, central_device_id = ?3,
                 device_key = ?4, enrolled_at = ?5, last_device_time = ?5,
                 last_server_time = ?6, skew_ms = ?7, last_error_code = NULL,
                 last_error_detail = NULL
             WHERE id = 1 AND server IS NULL",
            params![
                pending.code.server,
                answer.ca_certificate_pem,
                answer.device_id.to_string(),
                pending.pkcs8.as_slice(),
                to_db(now),
                to_db(answer.server_time),
                skew
            ],
        )?;
        if changed == 0 {
            let server = sync_row(&tx)?.server.unwrap_or_default();
            return Err(Error::Sync(SyncError::AlreadyEnrolled { server }));
        }
        audit::append(&tx, &entry)?;
        tx.commit()?;
        // Outside the database, so a locked device can ask whether it was revoked. Should this
        // write fail, the enrolment stands and the next sync round makes and registers a new
        // status key (`sync_status_key_pending`).
        let status = StatusCredentials {
            server: pending.code.server.clone(),
            ca_pem: answer.ca_certificate_pem.clone(),
            device_id: answer.device_id,
            key: StatusKey::new(pending.status_pkcs8.to_vec()),
            registered_at: Some(now),
        };
        let _ = self.keyring.save(|f| f.status = Some(status));
        Ok(EnrolledDevice {
            central_device_id: answer.device_id,
            server: pending.code.server,
            enrolled_at: now,
        })
    }

    /// The status key's public half, when the central record may not hold it yet: a device
    /// enrolled before status keys existed, or one whose keyring write failed at enrolment. The
    /// key is made (and kept in the keyring, with the server, the pinned CA and the device id)
    /// here if there is none for this enrolment. `None` when there is nothing to register: not
    /// enrolled, wiped, or registered already.
    pub fn sync_status_key_pending(&mut self) -> Result<Option<String>, Error> {
        if self.keyring.is_wiped() {
            return Ok(None);
        }
        let row = sync_row(self.store.conn())?;
        let (Some(server), Some(ca_pem)) = (row.server.clone(), row.ca_pem.clone()) else {
            return Ok(None);
        };
        let device_id = central_device_id(&row)?;
        let current = self
            .keyring
            .file()
            .status
            .as_ref()
            .filter(|s| s.server == server && s.ca_pem == ca_pem && s.device_id == device_id);
        if let Some(s) = current
            && let Ok(key) = DeviceKey::from_pkcs8(s.key.pkcs8())
        {
            return Ok(s.registered_at.is_none().then(|| key.public_key()));
        }
        let (key, pkcs8) = DeviceKey::generate()
            .map_err(|e| Error::Store(StoreError::Decode(format!("status key: {e}"))))?;
        let status = StatusCredentials {
            server,
            ca_pem,
            device_id,
            key: StatusKey::new(pkcs8),
            registered_at: None,
        };
        self.keyring.save(|f| f.status = Some(status))?;
        Ok(Some(key.public_key()))
    }

    /// The central record holds the status key now (`POST /v1/status-key` answered).
    pub fn sync_status_key_registered(&mut self) -> Result<(), Error> {
        let now = self.now();
        if self
            .keyring
            .file()
            .status
            .as_ref()
            .is_some_and(|s| s.registered_at.is_none())
        {
            self.keyring.save(|f| {
                if let Some(s) = f.status.as_mut() {
                    s.registered_at = Some(now);
                }
            })?;
        }
        Ok(())
    }
}
