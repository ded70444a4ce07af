//! The transport: HTTPS to the central record with reqwest over rustls (ring), trusting only the
//! pinned CA, every request (but enrolment) signed with the device's Ed25519 key as
//! `zastita_protocol::signing` specifies. Answers are read with a size limit and parsed as the
//! protocol's types; a refusal becomes a typed [`SyncError`]. Holds no store: the driver passes
//! data in and out.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use ring::rand::SecureRandom;
use uuid::Uuid;

use zastita_protocol::messages::{
    AttachmentStatus, EnrollResponse, FeedResponse, HistoryRequest, HistoryResponse, InForceList,
    Problem, PushRequest, PushResponse, SignedEnvelope, StatusKeyRequest, ViolationAccepted,
    ViolationReport, codes,
};
use zastita_protocol::signing::{self, DeviceKey, headers};

use super::answer::{classify, is_busy, parse, problem_error, read_body, retry_after};
use super::{PendingEnrollment, SyncCredentials, SyncError, tls};
use crate::clock::{Clock, SystemClock};

/// The longest `Retry-After` a request waits out before it is sent again within the round; a
/// longer one ends the round with [`SyncError::Busy`] and the backoff takes over.
const MAX_BUSY_WAIT: Duration = Duration::from_secs(10);
/// How often one request is sent again after a busy answer (429 or 503) within the round.
const MAX_BUSY_RETRIES: u32 = 3;

/// How the client connects.
#[derive(Clone)]
pub struct ClientOptions {
    /// To establish the TCP + TLS connection.
    pub connect_timeout: Duration,
    /// For a whole request and its answer.
    pub request_timeout: Duration,
    /// The device clock requests are stamped with (plus the measured offset).
    pub clock: Arc<dyn Clock>,
    /// The app's version, sent at enrolment.
    pub app_version: String,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            clock: Arc::new(SystemClock),
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
        }
    }
}

impl ClientOptions {
    /// The defaults, with requests stamped by `clock` (the app's, which tests set).
    pub fn with_clock(clock: Arc<dyn Clock>) -> Self {
        Self {
            clock,
            ..Self::default()
        }
    }
}

impl std::fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientOptions")
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .finish_non_exhaustive()
    }
}

/// An HTTPS client for one enrolled device.
pub struct SyncClient {
    http: reqwest::Client,
    server: String,
    device_id: Uuid,
    key: DeviceKey,
    clock: Arc<dyn Clock>,
    /// Server clock − device clock, added to every request's timestamp.
    offset: TimeDelta,
    bytes_sent: u64,
    bytes_received: u64,
}

impl std::fmt::Debug for SyncClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncClient")
            .field("server", &self.server)
            .field("device_id", &self.device_id)
            .finish_non_exhaustive()
    }
}

pub(super) fn http_client(
    tls: rustls::ClientConfig,
    options: &ClientOptions,
) -> Result<reqwest::Client, SyncError> {
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .connect_timeout(options.connect_timeout)
        .timeout(options.request_timeout)
        .https_only(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| SyncError::Protocol(format!("the HTTPS client cannot be built: {e}")))
}

impl SyncClient {
    /// A client for the enrolled device described by `creds` (see `Session::sync_credentials`).
    pub fn new(creds: SyncCredentials, options: &ClientOptions) -> Result<SyncClient, SyncError> {
        tls::install_provider();
        let key = DeviceKey::from_pkcs8(&creds.pkcs8).map_err(|e| {
            SyncError::Local(Box::new(crate::error::Error::Store(
                crate::store::StoreError::Decode(format!("the device key: {e}")),
            )))
        })?;
        let http = http_client(tls::pinned_config(&creds.ca_pem)?, options)?;
        Ok(SyncClient {
            http,
            server: creds.server,
            device_id: creds.device_id,
            key,
            clock: Arc::clone(&options.clock),
            offset: TimeDelta::milliseconds(creds.skew_ms.unwrap_or(0)),
            bytes_sent: 0,
            bytes_received: 0,
        })
    }

    /// `POST /v1/enroll`, trusting only a server whose chain holds the CA named by the code's
    /// fingerprint; the CA the server then hands over must have that very fingerprint too.
    pub async fn enroll(
        pending: &PendingEnrollment,
        options: &ClientOptions,
    ) -> Result<EnrollResponse, SyncError> {
        tls::install_provider();
        let http = http_client(tls::fingerprint_config(&pending.code.ca_sha256)?, options)?;
        let body = serde_json::to_vec(&pending.request)
            .map_err(|e| SyncError::Protocol(format!("the enrolment request: {e}")))?;
        let url = format!("{}/v1/enroll", pending.code.server);
        let response = http
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await
            .map_err(classify)?;
        let (status, bytes) = read_body(response).await?;
        if !status.is_success() {
            return Err(match problem_error(status, &bytes) {
                SyncError::Refused { code, .. } if code == codes::BAD_TOKEN => SyncError::BadToken,
                other => other,
            });
        }
        let answer: EnrollResponse = parse(&bytes)?;
        let ca_matches = tls::certificates(&answer.ca_certificate_pem)?
            .first()
            .is_some_and(|c| tls::fingerprint(c.as_ref()) == pending.code.ca_sha256);
        if !ca_matches {
            return Err(SyncError::Certificate {
                detail: "the CA certificate the server handed over is not the one the enrolment \
                         code names"
                    .to_owned(),
            });
        }
        Ok(answer)
    }

    /// Request and response body bytes on the wire so far.
    pub fn bytes_sent(&self) -> u64 {
        self.bytes_sent
    }

    pub fn bytes_received(&self) -> u64 {
        self.bytes_received
    }

    /// Server clock − device clock the client signs with, in milliseconds.
    pub fn offset_ms(&self) -> i64 {
        self.offset.num_milliseconds()
    }

    /// `POST /v1/push`.
    pub async fn push(
        &mut self,
        envelopes: Vec<SignedEnvelope>,
    ) -> Result<PushResponse, SyncError> {
        let request = PushRequest {
            envelopes,
            device_time: self.clock.now(),
        };
        let body = serde_json::to_vec(&request)
            .map_err(|e| SyncError::Protocol(format!("the push request: {e}")))?;
        let bytes = self
            .send(reqwest::Method::POST, "/v1/push", body, "application/json")
            .await?;
        parse(&bytes)
    }

    /// `POST /v1/status-key`: register the status key's public half (signed with the device key,
    /// so only while unlocked).
    pub async fn register_status_key(&mut self, public_key: &str) -> Result<(), SyncError> {
        let body = serde_json::to_vec(&StatusKeyRequest {
            status_public_key: public_key.to_owned(),
        })
        .map_err(|e| SyncError::Protocol(format!("the status key request: {e}")))?;
        self.send(
            reqwest::Method::POST,
            "/v1/status-key",
            body,
            "application/json",
        )
        .await?;
        Ok(())
    }

    /// `GET /v1/feed?after=…&limit=…`.
    pub async fn feed(&mut self, after: u64, limit: u32) -> Result<FeedResponse, SyncError> {
        let path = format!("/v1/feed?after={after}&limit={limit}");
        let bytes = self
            .send(reqwest::Method::GET, &path, Vec::new(), "")
            .await?;
        parse(&bytes)
    }

    /// `GET /v1/in-force?after=…&limit=…`: the offline list's changes after `after`.
    pub async fn in_force(&mut self, after: u64, limit: u32) -> Result<InForceList, SyncError> {
        let path = format!("/v1/in-force?after={after}&limit={limit}");
        let bytes = self
            .send(reqwest::Method::GET, &path, Vec::new(), "")
            .await?;
        parse(&bytes)
    }

    /// `POST /v1/history`: what the central record holds about a person of one of this device's
    /// open cases.
    pub async fn history(
        &mut self,
        request: &HistoryRequest,
    ) -> Result<HistoryResponse, SyncError> {
        let body = serde_json::to_vec(request)
            .map_err(|e| SyncError::Protocol(format!("the history request: {e}")))?;
        let bytes = self
            .send(
                reqwest::Method::POST,
                "/v1/history",
                body,
                "application/json",
            )
            .await?;
        parse(&bytes)
    }

    /// `POST /v1/violations`: a violation of another device's order, reported from a case of
    /// this device.
    pub async fn report_violation(
        &mut self,
        report: &ViolationReport,
    ) -> Result<ViolationAccepted, SyncError> {
        let body = serde_json::to_vec(report)
            .map_err(|e| SyncError::Protocol(format!("the violation report: {e}")))?;
        let bytes = self
            .send(
                reqwest::Method::POST,
                "/v1/violations",
                body,
                "application/json",
            )
            .await?;
        parse(&bytes)
    }

    /// `GET /v1/attachments/{record_id}/{sha256}`.
    pub async fn attachment_status(
        &mut self,
        record_id: Uuid,
        sha256: &str,
    ) -> Result<AttachmentStatus, SyncError> {
        let path = format!("/v1/attachments/{record_id}/{}", path_segment(sha256)?);
        let bytes = self
            .send(reqwest::Method::GET, &path, Vec::new(), "")
            .await?;
        parse(&bytes)
    }

    /// `PUT /v1/attachments/{record_id}/{sha256}?offset=…&size=…` with one chunk.
    pub async fn put_chunk(
        &mut self,
        record_id: Uuid,
        sha256: &str,
        offset: u64,
        size: u64,
        chunk: Vec<u8>,
    ) -> Result<AttachmentStatus, SyncError> {
        let path = format!(
            "/v1/attachments/{record_id}/{}?offset={offset}&size={size}",
            path_segment(sha256)?
        );
        let bytes = self
            .send(
                reqwest::Method::PUT,
                &path,
                chunk,
                "application/octet-stream",
            )
            .await?;
        parse(&bytes)
    }

    /// Send a signed request; a `stale_timestamp` refusal teaches the client the server's clock
    /// and the request is signed again and retried once. A busy answer (429 or 503: nothing was
    /// done) with a short `Retry-After` is waited out and the request sent again, signed anew,
    /// up to [`MAX_BUSY_RETRIES`] times; otherwise it is [`SyncError::Busy`], which the round's
    /// caller retries later like any transient failure — nothing recorded is lost either way.
    async fn send(
        &mut self,
        method: reqwest::Method,
        path_and_query: &str,
        body: Vec<u8>,
        content_type: &str,
    ) -> Result<Vec<u8>, SyncError> {
        let mut retried = false;
        let mut busy_retries = 0;
        loop {
            let now = self.clock.now();
            let timestamp = now.checked_add_signed(self.offset).unwrap_or(now);
            let nonce = nonce()?;
            let signed = signing::request_signing_bytes(
                method.as_str(),
                path_and_query,
                timestamp,
                &nonce,
                &body,
            );
            let mut request = self
                .http
                .request(method.clone(), format!("{}{path_and_query}", self.server))
                .header(headers::DEVICE, self.device_id.to_string())
                .header(
                    headers::TIMESTAMP,
                    timestamp.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                )
                .header(headers::NONCE, nonce)
                .header(headers::SIGNATURE, self.key.sign(&signed));
            if !content_type.is_empty() {
                request = request
                    .header(reqwest::header::CONTENT_TYPE, content_type)
                    .body(body.clone());
            }
            self.bytes_sent += body.len() as u64;
            let response = request.send().await.map_err(classify)?;
            let wait = retry_after(&response);
            let (status, bytes) = read_body(response).await?;
            self.bytes_received += bytes.len() as u64;
            if status.is_success() {
                return Ok(bytes);
            }
            if is_busy(status) {
                match wait {
                    Some(wait) if wait <= MAX_BUSY_WAIT && busy_retries < MAX_BUSY_RETRIES => {
                        busy_retries += 1;
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                    _ => {
                        return Err(SyncError::Busy {
                            retry_after_secs: wait.map(|w| w.as_secs()),
                        });
                    }
                }
            }
            let problem: Option<Problem> = serde_json::from_slice(&bytes).ok();
            if let Some(Problem {
                code,
                server_time: Some(server_time),
                ..
            }) = &problem
                && code == codes::STALE_TIMESTAMP
                && !retried
            {
                self.adopt_server_time(*server_time, self.clock.now());
                retried = true;
                continue;
            }
            return Err(problem_error(status, &bytes));
        }
    }

    fn adopt_server_time(&mut self, server: DateTime<Utc>, device: DateTime<Utc>) {
        self.offset = server - device;
    }
}

/// A hex digest as a path segment (it is one already; anything else is refused, not escaped).
fn path_segment(sha256: &str) -> Result<&str, SyncError> {
    if !sha256.is_empty() && sha256.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(sha256)
    } else {
        Err(SyncError::Protocol(
            "an attachment's SHA-256 is not hexadecimal".to_owned(),
        ))
    }
}

/// A random nonce: 16 bytes, unpadded base64url.
pub(super) fn nonce() -> Result<String, SyncError> {
    let mut bytes = [0u8; 16];
    ring::rand::SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| SyncError::Protocol("no system randomness for a request nonce".to_owned()))?;
    Ok(signing::b64(&bytes))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn answers_that_are_not_the_protocol_are_protocol_errors_without_values() {
        let e = parse::<PushResponse>(br#"{"receipts": "Jelena"}"#).unwrap_err();
        assert_eq!(e.code(), crate::error_code::ErrorCode::SyncProtocol);
        assert!(!e.to_string().contains("Jelena"), "{e}");
        assert!(path_segment("../x").is_err());
        assert_eq!(nonce().unwrap().len(), 22);
    }
}
