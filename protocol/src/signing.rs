//! Ed25519 device keys (ring), SHA-256 digests, and what exactly is signed: a record envelope's
//! canonical bytes, and each HTTP request's method, path, time, nonce and body digest (so a
//! request cannot be replayed, altered or sent by another device).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, TimeDelta, Utc};
use ring::digest::{SHA256, digest};
use ring::rand::SystemRandom;
use ring::signature::{ED25519, Ed25519KeyPair, KeyPair, UnparsedPublicKey};

/// How far a request's timestamp may be from the server's clock before it is refused as a
/// possible replay (the server also remembers every nonce seen within this window).
pub const REPLAY_WINDOW: TimeDelta = TimeDelta::minutes(5);

/// The request headers that authenticate a device.
pub mod headers {
    pub const DEVICE: &str = "x-zastita-device";
    pub const TIMESTAMP: &str = "x-zastita-timestamp";
    pub const NONCE: &str = "x-zastita-nonce";
    pub const SIGNATURE: &str = "x-zastita-signature";
}

/// Why a key, signature or digest is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SigningError {
    #[error("the device key could not be generated (no system randomness)")]
    Random,
    #[error("the stored device key is damaged")]
    BadPrivateKey,
    #[error("a public key is 32 bytes of unpadded base64url; this one is not")]
    BadPublicKey,
    #[error("a signature is 64 bytes of unpadded base64url; this one is not")]
    BadSignatureEncoding,
    #[error("the signature does not match (wrong key, or the signed bytes were changed)")]
    BadSignature,
    #[error("the value cannot be encoded canonically: {0}")]
    Encoding(String),
}

/// Lowercase hexadecimal SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let d = digest(&SHA256, bytes);
    let mut s = String::with_capacity(64);
    for b in d.as_ref() {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Unpadded base64url, the encoding of keys and signatures on the wire.
pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A device's signing key. The PKCS#8 document is what the device stores (encrypted, in its
/// store); it is never sent anywhere.
pub struct DeviceKey {
    pair: Ed25519KeyPair,
}

impl std::fmt::Debug for DeviceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceKey")
            .field("public_key", &self.public_key())
            .finish_non_exhaustive()
    }
}

impl DeviceKey {
    /// A new key, and its PKCS#8 document to store.
    pub fn generate() -> Result<(DeviceKey, Vec<u8>), SigningError> {
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new())
            .map_err(|_| SigningError::Random)?;
        let key = DeviceKey::from_pkcs8(pkcs8.as_ref())?;
        Ok((key, pkcs8.as_ref().to_vec()))
    }

    /// The key stored as PKCS#8.
    pub fn from_pkcs8(pkcs8: &[u8]) -> Result<DeviceKey, SigningError> {
        Ed25519KeyPair::from_pkcs8(pkcs8)
            .map(|pair| DeviceKey { pair })
            .map_err(|_| SigningError::BadPrivateKey)
    }

    /// The public key as sent at enrolment (unpadded base64url of 32 bytes).
    pub fn public_key(&self) -> String {
        b64(self.pair.public_key().as_ref())
    }

    /// Sign `message`; the signature as unpadded base64url.
    pub fn sign(&self, message: &[u8]) -> String {
        b64(self.pair.sign(message).as_ref())
    }
}

/// Check `signature` (unpadded base64url) over `message` with `public_key` (unpadded base64url).
pub fn verify(public_key: &str, message: &[u8], signature: &str) -> Result<(), SigningError> {
    let key = URL_SAFE_NO_PAD
        .decode(public_key)
        .ok()
        .filter(|k| k.len() == 32)
        .ok_or(SigningError::BadPublicKey)?;
    let sig = URL_SAFE_NO_PAD
        .decode(signature)
        .ok()
        .filter(|s| s.len() == 64)
        .ok_or(SigningError::BadSignatureEncoding)?;
    UnparsedPublicKey::new(&ED25519, key)
        .verify(message, &sig)
        .map_err(|_| SigningError::BadSignature)
}

/// The bytes a device signs for an HTTP request: method, path with query, the timestamp (RFC 3339
/// UTC), the nonce and the body's SHA-256, one per line.
pub fn request_signing_bytes(
    method: &str,
    path_and_query: &str,
    timestamp: DateTime<Utc>,
    nonce: &str,
    body: &[u8],
) -> Vec<u8> {
    format!(
        "zastita-request-v1\n{}\n{}\n{}\n{}\n{}",
        method.to_ascii_uppercase(),
        path_and_query,
        timestamp.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        nonce,
        sha256_hex(body)
    )
    .into_bytes()
}

/// The bytes a device signs with its **status key** for `POST /v1/status`: the same parts as
/// [`request_signing_bytes`] under another tag, so a signature made for one purpose is never valid
/// for the other, whichever key made it.
pub fn status_signing_bytes(
    method: &str,
    path_and_query: &str,
    timestamp: DateTime<Utc>,
    nonce: &str,
    body: &[u8],
) -> Vec<u8> {
    format!(
        "zastita-status-v1\n{}\n{}\n{}\n{}\n{}",
        method.to_ascii_uppercase(),
        path_and_query,
        timestamp.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        nonce,
        sha256_hex(body)
    )
    .into_bytes()
}

/// Whether a request's timestamp is within [`REPLAY_WINDOW`] of the server's `now`.
pub fn fresh(timestamp: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    (now - timestamp).abs() <= REPLAY_WINDOW
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn sign_and_verify_and_every_kind_of_forgery_is_caught() {
        let (key, pkcs8) = DeviceKey::generate().unwrap();
        let again = DeviceKey::from_pkcs8(&pkcs8).unwrap();
        assert_eq!(key.public_key(), again.public_key());
        let sig = key.sign(b"record");
        verify(&key.public_key(), b"record", &sig).unwrap();
        assert_eq!(
            verify(&key.public_key(), b"recorD", &sig),
            Err(SigningError::BadSignature)
        );
        let (other, _) = DeviceKey::generate().unwrap();
        assert_eq!(
            verify(&other.public_key(), b"record", &sig),
            Err(SigningError::BadSignature)
        );
        assert_eq!(
            verify("not base64!", b"record", &sig),
            Err(SigningError::BadPublicKey)
        );
        assert_eq!(
            verify(&key.public_key(), b"record", "AAAA"),
            Err(SigningError::BadSignatureEncoding)
        );
        assert_eq!(
            DeviceKey::from_pkcs8(b"garbage").unwrap_err(),
            SigningError::BadPrivateKey
        );
    }

    #[test]
    fn request_bytes_bind_every_part_and_the_window_is_symmetric() {
        let t = Utc.with_ymd_and_hms(2026, 11, 29, 20, 0, 0).unwrap();
        let b = request_signing_bytes("post", "/v1/push", t, "n1", b"{}");
        assert_eq!(
            String::from_utf8(b.clone()).unwrap(),
            format!(
                "zastita-request-v1\nPOST\n/v1/push\n2026-11-29T20:00:00.000Z\nn1\n{}",
                sha256_hex(b"{}")
            )
        );
        assert_ne!(b, request_signing_bytes("POST", "/v1/push", t, "n2", b"{}"));
        assert_ne!(b, request_signing_bytes("POST", "/v1/feed", t, "n1", b"{}"));
        // A status request's bytes are never a device request's, whatever the parts.
        assert_ne!(b, status_signing_bytes("POST", "/v1/push", t, "n1", b"{}"));
        assert!(fresh(t, t + REPLAY_WINDOW));
        assert!(fresh(t, t - REPLAY_WINDOW));
        assert!(!fresh(t, t + REPLAY_WINDOW + TimeDelta::seconds(1)));
    }

    #[test]
    fn sha256_is_the_standard_one() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
