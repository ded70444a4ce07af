//! Enrolment: the device reads the station's one-time code, makes its signing key, and, once the
//! central record has accepted it, keeps the server, its pinned CA and its id. Nothing of it
//! touches the network here.

use rusqlite::params;
use zeroize::Zeroizing;

use zastita_protocol::enrollment::EnrollmentCode;
use zastita_protocol::messages::{EnrollRequest, EnrollResponse};
use zastita_protocol::signing::DeviceKey;

use super::Session;
use super::sync_state::sync_row;
use crate::audit::{self, Action, Outcome};
use crate::clock::to_db;
use crate::error::Error;
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
            },
            code,
            pkcs8: Zeroizing::new(pkcs8),
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
        Ok(EnrolledDevice {
            central_device_id: answer.device_id,
            server: pending.code.server,
            enrolled_at: now,
        })
    }
}
