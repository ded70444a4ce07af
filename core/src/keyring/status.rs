//! What a locked device needs to ask the central record whether it was revoked (`POST
//! /v1/status`), kept in `keyring.json` because the database cannot be read while locked: the
//! server's address, its CA pinned at enrolment, the device's id there, and the **status key** —
//! an Ed25519 key of its own (PKCS#8) that the central record accepts for that one question and
//! for nothing else (the device key, which signs records, stays in the encrypted database).
//!
//! Nothing here is personal: an address, a public CA certificate, an id and a key that can only
//! learn "revoked or not". Whoever copies the file learns that much and no more.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;
use zeroize::Zeroizing;

/// The status key and where to ask (`KeyringFile::status`).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusCredentials {
    /// `https://host:port` of the central record.
    pub server: String,
    /// PEM of the CA pinned at enrolment: the only issuer an answer is accepted from.
    pub ca_pem: String,
    /// The device's id at the central record.
    pub device_id: Uuid,
    /// The status key's PKCS#8 document (base64 in the file), zeroized when dropped.
    pub key: StatusKey,
    /// When the central record confirmed it holds the public half (at enrolment, or by `POST
    /// /v1/status-key` on a later sync round); `None` until then.
    #[serde(default)]
    pub registered_at: Option<DateTime<Utc>>,
}

impl std::fmt::Debug for StatusCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StatusCredentials")
            .field("server", &self.server)
            .field("device_id", &self.device_id)
            .field("registered_at", &self.registered_at)
            .finish_non_exhaustive()
    }
}

/// A status key's PKCS#8 bytes.
#[derive(Clone, PartialEq)]
pub struct StatusKey(Zeroizing<Vec<u8>>);

impl StatusKey {
    pub fn new(pkcs8: Vec<u8>) -> StatusKey {
        StatusKey(Zeroizing::new(pkcs8))
    }

    pub fn pkcs8(&self) -> &[u8] {
        &self.0
    }
}

impl Serialize for StatusKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(self.0.as_slice()))
    }
}

impl<'de> Deserialize<'de> for StatusKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<StatusKey, D::Error> {
        let text = Zeroizing::new(String::deserialize(d)?);
        STANDARD
            .decode(text.as_bytes())
            .map(StatusKey::new)
            .map_err(|_| serde::de::Error::custom("the status key is not base64"))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_key_round_trips_and_never_shows_in_debug() {
        let c = StatusCredentials {
            server: "https://127.0.0.1:1".into(),
            ca_pem: "PEM".into(),
            device_id: Uuid::nil(),
            key: StatusKey::new(vec![1, 2, 3, 250]),
            registered_at: None,
        };
        let json = serde_json::to_string(&c).unwrap();
        assert!(json.contains("AQID+g=="), "{json}");
        let back: StatusCredentials = serde_json::from_str(&json).unwrap();
        assert!(back == c);
        assert!(!format!("{c:?}").contains("AQID"));
    }
}
