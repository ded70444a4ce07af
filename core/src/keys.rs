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
mod tests;
