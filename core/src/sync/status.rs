//! Asking the central record, while locked, whether this device was revoked (`POST /v1/status`):
//! the one request a locked device makes. It is signed with the status key from the keyring
//! (never the device key, which is inside the locked database) over
//! `signing::status_signing_bytes`, sent over TLS trusting only the CA pinned at enrolment, and
//! its answer is one boolean. [`check_revocation`] drives it for an adapter that holds a locked
//! [`Device`] behind a lock of its own, borrowing it only before and after the network call.
//!
//! **Invariant:** an answer is believed only from a server whose certificate chains to the pinned
//! CA; anything else (another CA, no answer, an unreadable one) is an error and wipes nothing.

use chrono::TimeDelta;
use zastita_protocol::messages::{Problem, StatusResponse, codes};
use zastita_protocol::signing::{self, DeviceKey, headers};

use super::answer::{classify, parse, problem_error, read_body};
use super::client::{http_client, nonce};
use super::{ClientOptions, SyncError, tls};
use crate::app::{Device, RevocationCheck};
use crate::keyring::StatusCredentials;

/// Ask whether the device `creds` describes was revoked. A `stale_timestamp` refusal teaches the
/// server's clock (a locked device has no stored skew) and the request is signed again once.
pub async fn ask_revoked(
    creds: &StatusCredentials,
    options: &ClientOptions,
) -> Result<bool, SyncError> {
    tls::install_provider();
    let key = DeviceKey::from_pkcs8(creds.key.pkcs8()).map_err(|_| SyncError::StatusKeyDamaged)?;
    let http = http_client(tls::pinned_config(&creds.ca_pem)?, options)?;
    let path = "/v1/status";
    let mut offset = TimeDelta::zero();
    let mut retried = false;
    loop {
        let now = options.clock.now();
        let timestamp = now.checked_add_signed(offset).unwrap_or(now);
        let nonce = nonce()?;
        let message = signing::status_signing_bytes("POST", path, timestamp, &nonce, &[]);
        let response = http
            .post(format!("{}{path}", creds.server))
            .header(headers::DEVICE, creds.device_id.to_string())
            .header(
                headers::TIMESTAMP,
                timestamp.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            )
            .header(headers::NONCE, nonce)
            .header(headers::SIGNATURE, key.sign(&message))
            .send()
            .await
            .map_err(classify)?;
        let (status, bytes) = read_body(response).await?;
        if status.is_success() {
            let answer: StatusResponse = parse(&bytes)?;
            return Ok(answer.revoked);
        }
        let problem: Option<Problem> = serde_json::from_slice(&bytes).ok();
        match problem {
            Some(Problem {
                code,
                server_time: Some(server_time),
                ..
            }) if code == codes::STALE_TIMESTAMP && !retried => {
                offset = server_time - options.clock.now();
                retried = true;
            }
            Some(p) if p.code == codes::NO_STATUS_KEY => return Err(SyncError::NoStatusKey),
            _ => return Err(problem_error(status, &bytes)),
        }
    }
}

/// How the revocation check reaches a locked device for a moment. The app implements it over
/// its store mutex (`None` when unlocked or there is no store: an unlocked device learns of a
/// revocation from its sync rounds), the CLI and tests over their own [`Device`].
pub trait DeviceAccess: Sync {
    fn with_device<R>(&self, f: impl FnOnce(&mut Device) -> R) -> Option<R>;
}

impl DeviceAccess for std::sync::Mutex<Device> {
    fn with_device<R>(&self, f: impl FnOnce(&mut Device) -> R) -> Option<R> {
        let mut guard = self.lock().ok()?;
        Some(f(&mut guard))
    }
}

/// At start and on a network change, while locked: ask the central record whether this device
/// was revoked, and if so destroy its keys (`Device::revocation_answer`). The device is borrowed
/// only to read what to ask and to apply the answer, never across the network call.
/// `Ok(None)` when there was no locked device to check.
pub async fn check_revocation<A: DeviceAccess>(
    access: &A,
    options: &ClientOptions,
) -> Result<Option<RevocationCheck>, SyncError> {
    let probe = match access.with_device(|d| d.revocation_probe()) {
        None => return Ok(None),
        Some(Err(done)) => return Ok(Some(done)),
        Some(Ok(creds)) => creds,
    };
    let revoked = ask_revoked(&probe, options).await?;
    match access.with_device(|d| d.revocation_answer(revoked)) {
        None => Ok(None),
        Some(r) => r.map(Some).map_err(SyncError::from),
    }
}
