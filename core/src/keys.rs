//! Key material and the key-wrap format.
//!
//! Owns the database key ([`DataKey`], the DEK: 32 random bytes that SQLCipher uses), officers'
//! [`Passphrase`]s, and wrap format v1 ([`WrappedKey`]): the DEK sealed with AES-256-GCM (ring) under
//! a key-encryption key derived from the passphrase with Argon2id. Every enrolled officer has their
//! own wrap of the same DEK, so changing a passphrase rewraps one small record and never
//! re-encrypts the database.
//!
//! The wrap format outlives releases, so it is pinned by a frozen test vector below: a change that
//! breaks it must bump [`WRAP_VERSION`] and keep reading version 1.
//!
//! **Invariant:** secrets (the DEK, KEKs, passphrases) live only in zeroizing buffers, never appear
//! in `Debug` output or error messages, and never reach disk unwrapped.

use crate::domain::ids::Badge;
use argon2::{Algorithm, Argon2, Params, Version};
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};
use std::fmt;
use zeroize::Zeroizing;

/// The wrap format this code writes. Bump it (and keep reading the old one) for any change to the
/// AAD, the cipher, the KDF input or the serialized shape.
pub const WRAP_VERSION: u32 = 1;

/// Length of the database key in bytes (AES-256 / SQLCipher raw key).
pub const DATA_KEY_LEN: usize = 32;

/// Length of the Argon2id salt in bytes.
pub const SALT_LEN: usize = 16;

/// Length of the AES-GCM nonce in bytes.
pub const WRAP_NONCE_LEN: usize = NONCE_LEN;

/// AES-GCM tag length.
const TAG_LEN: usize = 16;

/// Domain-separation prefix of the AAD; the officer's badge number follows it, so a wrap copied
/// to another officer's entry does not open.
const AAD_PREFIX: &[u8] = b"zastita-wrap-v1\0";

/// Largest Argon2 memory cost we accept from a stored wrap (1 GiB). Above this a damaged or
/// tampered keyring would make unlock allocate until the OS kills the app; 8× the default leaves
/// plenty of room to raise costs later.
pub const MAX_M_COST_KIB: u32 = 1024 * 1024;
/// Largest Argon2 time cost we accept from a stored wrap (so unlock cannot hang for hours).
pub const MAX_T_COST: u32 = 64;
/// Largest Argon2 parallelism we accept from a stored wrap.
pub const MAX_P_COST: u32 = 16;

/// What went wrong with a key. Messages are written for the officer and never contain secrets.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("wrong passphrase for this badge number — check both and try again")]
    WrongPassphrase,
    #[error(
        "this key was saved by a newer version of Zaštita (key format {version}) — update the app on this device"
    )]
    UnsupportedWrap { version: u32 },
    #[error(
        "the key settings are invalid ({reason}) — the key file may be damaged; contact station IT support"
    )]
    BadParams { reason: &'static str },
    #[error(
        "could not derive the key from the passphrase (the device may be low on memory) — close other apps and try again"
    )]
    KdfFailed,
    #[error(
        "the device's secure random number generator failed — restart the device and try again; if it keeps happening, contact station IT support"
    )]
    Random,
    #[error(
        "encrypting the key failed — try again; if it keeps happening, contact station IT support"
    )]
    Seal,
}

// ---------------------------------------------------------------------------------------------
// Secrets

/// The database key (DEK): 32 random bytes, zeroized on drop. Every clone is zeroized on its own
/// drop; still, prefer passing it by reference so there are fewer copies to destroy.
#[derive(Clone)]
pub struct DataKey(Zeroizing<[u8; DATA_KEY_LEN]>);

impl DataKey {
    /// A fresh random key from the operating system's CSPRNG.
    pub fn generate() -> Result<DataKey, KeyError> {
        let mut bytes = Zeroizing::new([0u8; DATA_KEY_LEN]);
        fill_random(&mut bytes[..])?;
        Ok(DataKey(bytes))
    }

    /// A key with the given bytes — only for test vectors and tests.
    #[cfg(test)]
    pub(crate) fn from_bytes(bytes: [u8; DATA_KEY_LEN]) -> DataKey {
        DataKey(Zeroizing::new(bytes))
    }

    /// The SQLCipher raw-key literal `x'<64 lowercase hex digits>'`, for
    /// `PRAGMA key = "x'…'"`: SQLCipher then uses the bytes directly instead of running its own
    /// PBKDF2 over a passphrase (we already did the slow part).
    pub fn sqlcipher_key(&self) -> Zeroizing<String> {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        // Capacity fixed up front so the string never reallocates and leaves a stray copy behind.
        let mut s = Zeroizing::new(String::with_capacity(3 + 2 * DATA_KEY_LEN));
        s.push_str("x'");
        for b in self.0.iter() {
            s.push(char::from(HEX[usize::from(b >> 4)]));
            s.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
        s.push('\'');
        s
    }

    /// The raw key bytes (e.g. to derive per-attachment keys). Do not copy them anywhere that is
    /// not zeroized.
    pub fn expose(&self) -> &[u8; DATA_KEY_LEN] {
        &self.0
    }
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKey(<redacted>)")
    }
}

/// An officer's passphrase or PIN, zeroized on drop and redacted in `Debug`.
///
/// The bytes are used exactly as typed (UTF-8, no trimming or Unicode normalisation): the same
/// keyboard produces the same bytes, and silently changing a secret is worse than refusing it.
///
/// It can be deserialized (requests from the UI carry one) but deliberately not serialized.
#[derive(Clone)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    pub fn new(passphrase: String) -> Passphrase {
        Passphrase(Zeroizing::new(passphrase))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Passphrase {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Passphrase::new)
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(<redacted>)")
    }
}

// ---------------------------------------------------------------------------------------------
// KDF parameters

/// The password hashing algorithm of a wrap. Only Argon2id (RFC 9106, version 0x13) exists today.
#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "lowercase")]
pub enum KdfAlgorithm {
    Argon2id,
}

/// How expensive one key derivation is.
#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
pub struct KdfCost {
    /// Memory in KiB.
    pub m_cost_kib: u32,
    /// Passes over the memory.
    pub t_cost: u32,
    /// Lanes. The argon2 crate is built without its `parallel` feature, so lanes run one after
    /// another; more lanes only cost time, they buy no speed.
    pub p_cost: u32,
}

impl KdfCost {
    /// What every production code path uses when it creates or replaces a wrap: Argon2id,
    /// 128 MiB, t=4, p=1 — twice the memory and one more pass than RFC 9106's second
    /// recommended option (64 MiB, t=3), which took only ≈ 0.14 s here.
    ///
    /// Measured on the 2-core development VM in a release build: **≈ 0.36–0.43 s** per
    /// derivation (the ignored test `keys::tests::measure_default_cost`; run
    /// `cargo test --release -p zastita-core --lib measure_default_cost -- --ignored --nocapture`).
    /// A mid-range tablet may well take twice that; re-measure on the target hardware.
    pub const DEFAULT: KdfCost = KdfCost {
        m_cost_kib: 128 * 1024,
        t_cost: 4,
        p_cost: 1,
    };

    /// For tests only (8 MiB, t=1): fast enough to run hundreds of wraps. Never use it in a code
    /// path that enrols a real officer; [`KdfParams::is_below`] lets unlock notice such a wrap and
    /// rewrap it with [`KdfCost::DEFAULT`].
    pub const TEST_ONLY_FAST: KdfCost = KdfCost {
        m_cost_kib: 8 * 1024,
        t_cost: 1,
        p_cost: 1,
    };
}

/// The KDF settings of one wrap, stored beside it so they can be raised later without losing the
/// ability to open old wraps.
#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub struct KdfParams {
    pub algorithm: KdfAlgorithm,
    pub m_cost_kib: u32,
    pub t_cost: u32,
    pub p_cost: u32,
    #[serde(with = "b64_array")]
    pub salt: [u8; SALT_LEN],
}

impl KdfParams {
    /// Fresh parameters with a random salt.
    pub fn new(cost: &KdfCost) -> Result<KdfParams, KeyError> {
        let mut salt = [0u8; SALT_LEN];
        fill_random(&mut salt)?;
        Ok(KdfParams {
            algorithm: KdfAlgorithm::Argon2id,
            m_cost_kib: cost.m_cost_kib,
            t_cost: cost.t_cost,
            p_cost: cost.p_cost,
            salt,
        })
    }

    /// Whether this wrap is cheaper to attack than `cost` asks for (less memory or fewer passes),
    /// so the caller should rewrap after the next successful unlock.
    pub fn is_below(&self, cost: &KdfCost) -> bool {
        self.m_cost_kib < cost.m_cost_kib || self.t_cost < cost.t_cost
    }

    /// Refuse settings that are nonsense or would exhaust the device before deriving anything.
    fn validate(&self) -> Result<Params, KeyError> {
        let bad = |reason| Err(KeyError::BadParams { reason });
        if self.p_cost == 0 || self.p_cost > MAX_P_COST {
            return bad("parallelism out of range");
        }
        if self.t_cost == 0 || self.t_cost > MAX_T_COST {
            return bad("time cost out of range");
        }
        if self.m_cost_kib > MAX_M_COST_KIB {
            return bad("memory cost too large");
        }
        // Argon2 needs at least 8 KiB per lane.
        if self.m_cost_kib < self.p_cost.saturating_mul(8) {
            return bad("memory cost too small");
        }
        Params::new(
            self.m_cost_kib,
            self.t_cost,
            self.p_cost,
            Some(DATA_KEY_LEN),
        )
        .map_err(|_| KeyError::BadParams {
            reason: "rejected by Argon2",
        })
    }

    /// KEK = Argon2id(passphrase, salt), 32 bytes, zeroized on drop.
    fn derive_kek(&self, passphrase: &Passphrase) -> Result<Zeroizing<[u8; 32]>, KeyError> {
        let params = self.validate()?;
        let mut kek = Zeroizing::new([0u8; 32]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(passphrase.as_str().as_bytes(), &self.salt, &mut kek[..])
            .map_err(|_| KeyError::KdfFailed)?;
        Ok(kek)
    }
}

// ---------------------------------------------------------------------------------------------
// The wrap

/// The DEK sealed under one officer's passphrase (format v1). Contains no secret in the clear;
/// it is stored in `keyring.json`.
#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub struct WrappedKey {
    pub version: u32,
    pub kdf: KdfParams,
    #[serde(with = "b64_array")]
    pub nonce: [u8; WRAP_NONCE_LEN],
    /// AES-256-GCM ciphertext of the DEK followed by the 16-byte tag (48 bytes).
    #[serde(with = "b64_vec")]
    pub ciphertext: Vec<u8>,
}

/// Seal `dek` under `passphrase` for `badge` with a fresh salt and nonce.
pub fn wrap(
    dek: &DataKey,
    passphrase: &Passphrase,
    badge: &Badge,
    cost: &KdfCost,
) -> Result<WrappedKey, KeyError> {
    let params = KdfParams::new(cost)?;
    let mut nonce = [0u8; WRAP_NONCE_LEN];
    fill_random(&mut nonce)?;
    wrap_with(dek, passphrase, badge, &params, nonce)
}

/// [`wrap`] with the salt (in `params`) and nonce chosen by the caller: deterministic, for the
/// frozen test vector. Reusing a (KEK, nonce) pair breaks AES-GCM, so production code goes
/// through [`wrap`].
pub(crate) fn wrap_with(
    dek: &DataKey,
    passphrase: &Passphrase,
    badge: &Badge,
    params: &KdfParams,
    nonce: [u8; WRAP_NONCE_LEN],
) -> Result<WrappedKey, KeyError> {
    let kek = params.derive_kek(passphrase)?;
    let key = aead_key(&kek)?;
    // Room for the tag up front: no reallocation, so no stray plaintext copy on the heap.
    let mut in_out = Zeroizing::new(Vec::with_capacity(DATA_KEY_LEN + TAG_LEN));
    in_out.extend_from_slice(dek.expose());
    key.seal_in_place_append_tag(
        Nonce::assume_unique_for_key(nonce),
        Aad::from(aad(badge)),
        &mut *in_out,
    )
    .map_err(|_| KeyError::Seal)?;
    Ok(WrappedKey {
        version: WRAP_VERSION,
        kdf: params.clone(),
        nonce,
        ciphertext: in_out.to_vec(),
    })
}

/// Open `w` with `passphrase` for `badge`. A wrong passphrase, a wrap belonging to another badge
/// and any tampering with salt, nonce or ciphertext all give [`KeyError::WrongPassphrase`].
pub fn unwrap(w: &WrappedKey, passphrase: &Passphrase, badge: &Badge) -> Result<DataKey, KeyError> {
    if w.version != WRAP_VERSION {
        return Err(KeyError::UnsupportedWrap { version: w.version });
    }
    if w.ciphertext.len() != DATA_KEY_LEN + TAG_LEN {
        return Err(KeyError::BadParams {
            reason: "wrapped key has the wrong length",
        });
    }
    let kek = w.kdf.derive_kek(passphrase)?;
    let key = aead_key(&kek)?;
    let mut in_out = Zeroizing::new(w.ciphertext.clone());
    let plain = key
        .open_in_place(
            Nonce::assume_unique_for_key(w.nonce),
            Aad::from(aad(badge)),
            &mut in_out[..],
        )
        .map_err(|_| KeyError::WrongPassphrase)?;
    let mut dek = Zeroizing::new([0u8; DATA_KEY_LEN]);
    if plain.len() != DATA_KEY_LEN {
        return Err(KeyError::WrongPassphrase);
    }
    dek.copy_from_slice(plain);
    Ok(DataKey(dek))
}

fn aead_key(kek: &[u8; 32]) -> Result<LessSafeKey, KeyError> {
    UnboundKey::new(&AES_256_GCM, kek)
        .map(LessSafeKey::new)
        .map_err(|_| KeyError::Seal)
}

/// `b"zastita-wrap-v1\0"` followed by the badge number's bytes (already upper-case ASCII).
fn aad(badge: &Badge) -> Vec<u8> {
    let mut aad = Vec::with_capacity(AAD_PREFIX.len() + badge.as_str().len());
    aad.extend_from_slice(AAD_PREFIX);
    aad.extend_from_slice(badge.as_str().as_bytes());
    aad
}

fn fill_random(dest: &mut [u8]) -> Result<(), KeyError> {
    SystemRandom::new().fill(dest).map_err(|_| KeyError::Random)
}

// ---------------------------------------------------------------------------------------------
// Serde helpers: bytes as standard padded base64 strings.

mod b64_array {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer, const N: usize>(
        bytes: &[u8; N],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>, const N: usize>(
        d: D,
    ) -> Result<[u8; N], D::Error> {
        let text = String::deserialize(d)?;
        let bytes = STANDARD.decode(text.as_bytes()).map_err(D::Error::custom)?;
        <[u8; N]>::try_from(bytes.as_slice())
            .map_err(|_| D::Error::custom(format!("expected {N} bytes, found {}", bytes.len())))
    }
}

mod b64_vec {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        STANDARD.decode(text.as_bytes()).map_err(D::Error::custom)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const FAST: KdfCost = KdfCost::TEST_ONLY_FAST;

    fn badge(s: &str) -> Badge {
        Badge::parse(s).unwrap()
    }

    fn pass(s: &str) -> Passphrase {
        Passphrase::new(s.to_owned())
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    // ---- Frozen test vector (wrap format v1). If this test fails you changed the on-disk key
    // format: existing devices would no longer unlock. Bump WRAP_VERSION instead and keep a
    // reader for version 1. The ciphertext was cross-checked independently with Python's
    // `cryptography` (Argon2id + AESGCM), not just recorded from this code:
    //   kek = Argon2id(salt=SALT, length=32, iterations=1, lanes=1, memory_cost=8192)
    //             .derive(PASSPHRASE.encode())
    //   AESGCM(kek).encrypt(NONCE, DEK, b"zastita-wrap-v1\0" + BADGE)
    const VECTOR_DEK: [u8; 32] = [
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e,
        0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d,
        0x1e, 0x1f,
    ];
    const VECTOR_PASSPHRASE: &str = "Čuvaj-šifru 2024!";
    const VECTOR_BADGE: &str = "NS-12345";
    const VECTOR_SALT: [u8; SALT_LEN] = *b"zastita-salt-v1!";
    const VECTOR_NONCE: [u8; WRAP_NONCE_LEN] = *b"nonce-v1-012";
    const VECTOR_CIPHERTEXT_HEX: &str = "a6dea50f60b186f83493fa83d03f9a455224dce4a5d411f047a6c616d26e1503b7e434adc96d32192fd87d4767d544a7";
    const VECTOR_JSON: &str = r#"{"version":1,"kdf":{"algorithm":"argon2id","m_cost_kib":8192,"t_cost":1,"p_cost":1,"salt":"emFzdGl0YS1zYWx0LXYxIQ=="},"nonce":"bm9uY2UtdjEtMDEy","ciphertext":"pt6lD2Cxhvg0k/qD0D+aRVIk3OSl1BHwR6bGFtJuFQO35DStyW0yGS/YfUdn1USn"}"#;

    fn vector_params() -> KdfParams {
        KdfParams {
            algorithm: KdfAlgorithm::Argon2id,
            m_cost_kib: FAST.m_cost_kib,
            t_cost: FAST.t_cost,
            p_cost: FAST.p_cost,
            salt: VECTOR_SALT,
        }
    }

    #[test]
    fn frozen_vector_wrap_v1() {
        let w = wrap_with(
            &DataKey::from_bytes(VECTOR_DEK),
            &pass(VECTOR_PASSPHRASE),
            &badge(VECTOR_BADGE),
            &vector_params(),
            VECTOR_NONCE,
        )
        .unwrap();
        assert_eq!(hex(&w.ciphertext), VECTOR_CIPHERTEXT_HEX);
        assert_eq!(serde_json::to_string(&w).unwrap(), VECTOR_JSON);
    }

    #[test]
    fn frozen_vector_still_unwraps() {
        let w: WrappedKey = serde_json::from_str(VECTOR_JSON).unwrap();
        let dek = unwrap(&w, &pass(VECTOR_PASSPHRASE), &badge(VECTOR_BADGE)).unwrap();
        assert_eq!(dek.expose(), &VECTOR_DEK);
    }

    // ---- Behaviour

    #[test]
    fn round_trip() {
        let dek = DataKey::generate().unwrap();
        let b = badge("12345");
        let w = wrap(&dek, &pass("correct horse"), &b, &FAST).unwrap();
        assert_eq!(w.version, 1);
        assert_eq!(w.ciphertext.len(), 48);
        let back = unwrap(&w, &pass("correct horse"), &b).unwrap();
        assert_eq!(back.expose(), dek.expose());
    }

    #[test]
    fn two_wraps_of_one_key_differ() {
        let dek = DataKey::generate().unwrap();
        let b = badge("12345");
        let w1 = wrap(&dek, &pass("correct horse"), &b, &FAST).unwrap();
        let w2 = wrap(&dek, &pass("correct horse"), &b, &FAST).unwrap();
        assert_ne!(w1.kdf.salt, w2.kdf.salt);
        assert_ne!(w1.nonce, w2.nonce);
        assert_ne!(w1.ciphertext, w2.ciphertext);
    }

    #[test]
    fn wrong_passphrase() {
        let dek = DataKey::generate().unwrap();
        let b = badge("12345");
        let w = wrap(&dek, &pass("correct horse"), &b, &FAST).unwrap();
        let err = unwrap(&w, &pass("correct horsE"), &b).unwrap_err();
        assert_eq!(err, KeyError::WrongPassphrase);
    }

    #[test]
    fn wrap_is_bound_to_the_badge() {
        let dek = DataKey::generate().unwrap();
        let w = wrap(&dek, &pass("correct horse"), &badge("12345"), &FAST).unwrap();
        let err = unwrap(&w, &pass("correct horse"), &badge("12346")).unwrap_err();
        assert_eq!(err, KeyError::WrongPassphrase);
        // Badge numbers are normalised (trimmed, upper case) before they reach the AAD.
        let w = wrap(&dek, &pass("correct horse"), &badge("pu-7"), &FAST).unwrap();
        assert!(unwrap(&w, &pass("correct horse"), &badge(" PU-7 ")).is_ok());
    }

    #[test]
    fn tampering_is_detected() {
        let dek = DataKey::generate().unwrap();
        let b = badge("PU-7");
        let p = pass("correct horse");
        let w = wrap(&dek, &p, &b, &FAST).unwrap();

        type Tamper = fn(&mut WrappedKey);
        let cases: &[(&str, Tamper)] = &[
            ("ciphertext first byte", |w| w.ciphertext[0] ^= 1),
            ("ciphertext tag byte", |w| w.ciphertext[47] ^= 0x80),
            ("nonce", |w| w.nonce[5] ^= 1),
            ("salt", |w| w.kdf.salt[0] ^= 1),
            ("t_cost", |w| w.kdf.t_cost += 1),
            ("m_cost", |w| w.kdf.m_cost_kib += 8),
        ];
        for (what, tamper) in cases {
            let mut t = w.clone();
            tamper(&mut t);
            assert_eq!(
                unwrap(&t, &p, &b).unwrap_err(),
                KeyError::WrongPassphrase,
                "{what}"
            );
        }
    }

    #[test]
    fn unsupported_version_and_bad_params() {
        let dek = DataKey::generate().unwrap();
        let b = badge("12345");
        let p = pass("correct horse");
        let w = wrap(&dek, &p, &b, &FAST).unwrap();

        let mut v2 = w.clone();
        v2.version = 2;
        assert_eq!(
            unwrap(&v2, &p, &b).unwrap_err(),
            KeyError::UnsupportedWrap { version: 2 }
        );

        type Tamper = fn(&mut WrappedKey);
        let cases: &[(&str, Tamper)] = &[
            ("m_cost 0", |w| w.kdf.m_cost_kib = 0),
            ("m_cost below 8 KiB per lane", |w| {
                w.kdf.m_cost_kib = 15;
                w.kdf.p_cost = 2;
            }),
            ("m_cost 4 GiB", |w| w.kdf.m_cost_kib = u32::MAX),
            ("m_cost just over the cap", |w| {
                w.kdf.m_cost_kib = MAX_M_COST_KIB + 1;
            }),
            ("t_cost 0", |w| w.kdf.t_cost = 0),
            ("t_cost huge", |w| w.kdf.t_cost = u32::MAX),
            ("p_cost 0", |w| w.kdf.p_cost = 0),
            ("p_cost huge", |w| w.kdf.p_cost = 1 << 20),
            ("short ciphertext", |w| w.ciphertext.truncate(32)),
            ("long ciphertext", |w| w.ciphertext.push(0)),
        ];
        for (what, tamper) in cases {
            let mut t = w.clone();
            tamper(&mut t);
            assert!(
                matches!(unwrap(&t, &p, &b), Err(KeyError::BadParams { .. })),
                "{what}"
            );
        }
        // Creating a wrap with nonsense costs is refused too.
        let zero = KdfCost {
            m_cost_kib: 0,
            ..FAST
        };
        assert!(matches!(
            wrap(&dek, &p, &b, &zero),
            Err(KeyError::BadParams { .. })
        ));
    }

    #[test]
    fn is_below() {
        let params = KdfParams::new(&FAST).unwrap();
        assert!(params.is_below(&KdfCost::DEFAULT));
        assert!(!params.is_below(&FAST));
        let stronger = KdfParams::new(&KdfCost::DEFAULT).unwrap();
        assert!(!stronger.is_below(&KdfCost::DEFAULT));
        assert!(!stronger.is_below(&FAST));
        let less_time = KdfCost {
            t_cost: KdfCost::DEFAULT.t_cost - 1,
            ..KdfCost::DEFAULT
        };
        assert!(
            KdfParams::new(&less_time)
                .unwrap()
                .is_below(&KdfCost::DEFAULT)
        );
    }

    #[test]
    fn sqlcipher_key_literal() {
        let dek = DataKey::from_bytes(VECTOR_DEK);
        assert_eq!(
            dek.sqlcipher_key().as_str(),
            "x'000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'"
        );
        let random = DataKey::generate().unwrap();
        let lit = random.sqlcipher_key();
        assert_eq!(lit.len(), 67);
        assert!(lit.starts_with("x'") && lit.ends_with('\''));
        assert!(
            lit[2..66]
                .chars()
                .all(|c| matches!(c, '0'..='9' | 'a'..='f'))
        );
        assert_ne!(random.expose(), &[0u8; 32]);
    }

    #[test]
    fn passphrase_deserializes_from_a_json_string() {
        let p: Passphrase = serde_json::from_str(r#""Zelena livada 7""#).unwrap();
        assert_eq!(p.as_str(), "Zelena livada 7");
        assert_eq!(p.clone().as_str(), "Zelena livada 7");
    }

    #[test]
    fn debug_output_is_redacted() {
        let dek = DataKey::from_bytes([0xab; 32]);
        let p = pass("tajna-lozinka");
        let shown = format!("{dek:?} {p:?}");
        assert!(!shown.contains("ab"), "{shown}");
        assert!(!shown.contains("171"), "{shown}");
        assert!(!shown.contains("tajna"), "{shown}");
        let err = unwrap(
            &wrap(&dek, &p, &badge("1"), &FAST).unwrap(),
            &pass("tajna-lozinka2"),
            &badge("1"),
        )
        .unwrap_err();
        assert!(!err.to_string().contains("tajna"));
    }

    #[test]
    fn json_rejects_wrong_lengths_and_algorithms() {
        let good: serde_json::Value = serde_json::from_str(VECTOR_JSON).unwrap();
        let mut short_salt = good.clone();
        short_salt["kdf"]["salt"] = "AAAA".into();
        assert!(serde_json::from_value::<WrappedKey>(short_salt).is_err());
        let mut other_alg = good.clone();
        other_alg["kdf"]["algorithm"] = "pbkdf2".into();
        assert!(serde_json::from_value::<WrappedKey>(other_alg).is_err());
        let mut not_b64 = good;
        not_b64["nonce"] = "!!!!".into();
        assert!(serde_json::from_value::<WrappedKey>(not_b64).is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(8))]
        #[test]
        fn round_trip_any_passphrase(p in "\\PC{0,40}", other in "\\PC{1,40}") {
            let dek = DataKey::generate().unwrap();
            let b = badge("PS-1");
            let w = wrap(&dek, &Passphrase::new(p.clone()), &b, &FAST).unwrap();
            let back = unwrap(&w, &Passphrase::new(p.clone()), &b).unwrap();
            prop_assert_eq!(back.expose(), dek.expose());
            if other != p {
                prop_assert_eq!(
                    unwrap(&w, &Passphrase::new(other), &b).unwrap_err(),
                    KeyError::WrongPassphrase
                );
            }
        }
    }

    /// Not a check: prints how long one derivation at [`KdfCost::DEFAULT`] takes here.
    #[test]
    #[ignore = "timing; run with --release -- --ignored --nocapture"]
    fn measure_default_cost() {
        let p = pass("correct horse battery");
        for (name, cost) in [
            ("DEFAULT", KdfCost::DEFAULT),
            ("TEST_ONLY_FAST", FAST),
            (
                "64 MiB t=3 (RFC 9106 second choice)",
                KdfCost {
                    m_cost_kib: 64 * 1024,
                    t_cost: 3,
                    p_cost: 1,
                },
            ),
            (
                "128 MiB t=3",
                KdfCost {
                    m_cost_kib: 128 * 1024,
                    t_cost: 3,
                    p_cost: 1,
                },
            ),
        ] {
            let params = KdfParams::new(&cost).unwrap();
            let _ = params.derive_kek(&p).unwrap(); // warm up the allocator
            let runs = 5;
            let start = std::time::Instant::now();
            for _ in 0..runs {
                let _ = params.derive_kek(&p).unwrap();
            }
            let each = start.elapsed() / runs;
            println!("{name}: {cost:?} -> {each:?} per derivation");
        }
    }
}
