//! `RawClient`: hand-made requests to the central record — signed like a device's, or replayed,
//! forged or stale on purpose — over the same pinned-CA HTTPS a device uses. For the attacks the
//! real sync client never makes.

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use reqwest::Method;
use uuid::Uuid;

use zastita_protocol::messages::{EnrollRequest, EnrollResponse};
use zastita_protocol::signing::{self, DeviceKey, headers};

/// What a request carries besides its body; defaults make an honest request.
#[derive(Debug, Clone, Default)]
pub struct Tamper {
    /// Use this nonce (replay it) instead of a fresh one.
    pub nonce: Option<String>,
    /// Stamp this time instead of now.
    pub timestamp: Option<DateTime<Utc>>,
    /// Sign with this key instead of the device's (a forgery).
    pub forged_by: Option<Vec<u8>>,
    /// Claim to be this device.
    pub device_id: Option<Uuid>,
}

pub struct RawClient {
    http: reqwest::Client,
    server: String,
    device_id: Uuid,
    key_pkcs8: Vec<u8>,
    /// The status key registered at enrolment, if any.
    status_pkcs8: Option<Vec<u8>>,
}

/// How a `POST /v1/status` request is signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusSigning {
    /// As a device asks: the status key over the status bytes.
    Honest,
    /// The device key over the status bytes (the device key must not stand in).
    DeviceKey,
    /// The status key over a device request's bytes (the wrong purpose).
    StatusKeyRequestBytes,
}

/// An HTTPS client trusting only `ca_pem`.
pub fn pinned_client(ca_pem: &str) -> Result<reqwest::Client> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut roots = rustls::RootCertStore::empty();
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    for cert in CertificateDer::pem_slice_iter(ca_pem.as_bytes()) {
        roots.add(cert.context("reading the CA PEM")?)?;
    }
    let tls = rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .build()?)
}

impl RawClient {
    /// Enrol a new device of the test's own (its key and status key generated here) with a
    /// one-time `token`.
    pub async fn enroll(server: &str, ca_pem: &str, token: &str) -> Result<RawClient> {
        RawClient::enroll_with(server, ca_pem, token, true).await
    }

    /// Enrol as a build from before status keys would: no status key.
    pub async fn enroll_without_status_key(
        server: &str,
        ca_pem: &str,
        token: &str,
    ) -> Result<RawClient> {
        RawClient::enroll_with(server, ca_pem, token, false).await
    }

    async fn enroll_with(
        server: &str,
        ca_pem: &str,
        token: &str,
        status_key: bool,
    ) -> Result<RawClient> {
        let (key, pkcs8) = DeviceKey::generate()?;
        let status_pair = if status_key {
            Some(DeviceKey::generate()?)
        } else {
            None
        };
        let http = pinned_client(ca_pem)?;
        let server = server.trim_end_matches('/').to_owned();
        let request = EnrollRequest {
            token: token.to_owned(),
            public_key: key.public_key(),
            label: "raw test device".into(),
            app_version: "test".into(),
            device_time: Utc::now(),
            status_public_key: status_pair.as_ref().map(|(k, _)| k.public_key()),
        };
        let resp = http
            .post(format!("{server}/v1/enroll"))
            .json(&request)
            .send()
            .await?;
        let status = resp.status();
        let text = resp.text().await?;
        anyhow::ensure!(status.is_success(), "enrolment refused ({status}): {text}");
        let answer: EnrollResponse = serde_json::from_str(&text)?;
        Ok(RawClient {
            http,
            server,
            device_id: answer.device_id,
            key_pkcs8: pkcs8,
            status_pkcs8: status_pair.map(|(_, p)| p),
        })
    }

    /// `POST /v1/status` signed over the right bytes by a key that is neither of this device's;
    /// the HTTP status and the refusal's code.
    pub async fn status_forged(&self, pkcs8: &[u8]) -> (u16, Option<String>) {
        let other = RawClient {
            http: self.http.clone(),
            server: self.server.clone(),
            device_id: self.device_id,
            key_pkcs8: self.key_pkcs8.clone(),
            status_pkcs8: Some(pkcs8.to_vec()),
        };
        match other
            .status(StatusSigning::Honest, &Tamper::default())
            .await
        {
            Ok((status, body)) => (status, body["code"].as_str().map(str::to_owned)),
            Err(e) => (0, Some(e.to_string())),
        }
    }

    /// The status key's PKCS#8 (to misuse it elsewhere).
    pub fn status_pkcs8(&self) -> Option<Vec<u8>> {
        self.status_pkcs8.clone()
    }

    /// `POST /v1/status` (empty body), signed as `how` says, tampered with as `t` says; the
    /// HTTP status and the body as JSON.
    pub async fn status(&self, how: StatusSigning, t: &Tamper) -> Result<(u16, serde_json::Value)> {
        let path = "/v1/status";
        let timestamp = t.timestamp.unwrap_or_else(Utc::now);
        let nonce = t
            .nonce
            .clone()
            .unwrap_or_else(|| Uuid::now_v7().simple().to_string());
        let status_key = self
            .status_pkcs8
            .as_deref()
            .unwrap_or(self.key_pkcs8.as_slice());
        let (pkcs8, message) = match how {
            StatusSigning::Honest => (
                status_key,
                signing::status_signing_bytes("POST", path, timestamp, &nonce, &[]),
            ),
            StatusSigning::DeviceKey => (
                self.key_pkcs8.as_slice(),
                signing::status_signing_bytes("POST", path, timestamp, &nonce, &[]),
            ),
            StatusSigning::StatusKeyRequestBytes => (
                status_key,
                signing::request_signing_bytes("POST", path, timestamp, &nonce, &[]),
            ),
        };
        let key = DeviceKey::from_pkcs8(pkcs8)?;
        let resp = self
            .http
            .post(format!("{}{path}", self.server))
            .header(
                headers::DEVICE,
                t.device_id.unwrap_or(self.device_id).to_string(),
            )
            .header(
                headers::TIMESTAMP,
                timestamp.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            )
            .header(headers::NONCE, &nonce)
            .header(headers::SIGNATURE, key.sign(&message))
            .send()
            .await?;
        let status = resp.status().as_u16();
        let bytes = resp.bytes().await?;
        Ok((
            status,
            serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
        ))
    }

    pub fn device_id(&self) -> Uuid {
        self.device_id
    }

    /// This device's key (to sign envelopes with).
    pub fn key(&self) -> Result<DeviceKey> {
        Ok(DeviceKey::from_pkcs8(&self.key_pkcs8)?)
    }

    /// Send `method path_and_query` with `body`, signed (or tampered with as `t` says); the HTTP
    /// status and the body as JSON (Null when empty or not JSON).
    pub async fn send(
        &self,
        method: Method,
        path_and_query: &str,
        body: Vec<u8>,
        t: &Tamper,
    ) -> Result<(u16, serde_json::Value)> {
        let timestamp = t.timestamp.unwrap_or_else(Utc::now);
        let nonce = t
            .nonce
            .clone()
            .unwrap_or_else(|| Uuid::now_v7().simple().to_string());
        let key = DeviceKey::from_pkcs8(t.forged_by.as_deref().unwrap_or(&self.key_pkcs8))?;
        let message = signing::request_signing_bytes(
            method.as_str(),
            path_and_query,
            timestamp,
            &nonce,
            &body,
        );
        let resp = self
            .http
            .request(method, format!("{}{path_and_query}", self.server))
            .header(
                headers::DEVICE,
                t.device_id.unwrap_or(self.device_id).to_string(),
            )
            .header(
                headers::TIMESTAMP,
                timestamp.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            )
            .header(headers::NONCE, &nonce)
            .header(headers::SIGNATURE, key.sign(&message))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await?;
        let status = resp.status().as_u16();
        let bytes = resp.bytes().await?;
        Ok((
            status,
            serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
        ))
    }
}
