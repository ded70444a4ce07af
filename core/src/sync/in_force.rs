//! The offline list's person hash, exactly as [`InForceKey`] says: Argon2id (version 0x13) of the
//! JMBG's 13 digits, salted with the list key, with the key's costs, 32 bytes, base64 (standard,
//! padded). The costs come from the central record; a key asking for more than a device can
//! give (memory, passes, lanes beyond [`MAX_MEMORY_KIB`], [`MAX_ITERATIONS`],
//! [`MAX_PARALLELISM`]) or too little to be a memory-hard hash is refused, so a damaged or hostile
//! answer cannot make every lookup take minutes or gigabytes.

use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use zastita_protocol::messages::InForceKey;

/// The most memory one hash may ask for (256 MiB).
pub const MAX_MEMORY_KIB: u32 = 256 * 1024;
/// The most passes one hash may ask for.
pub const MAX_ITERATIONS: u32 = 64;
/// The most lanes one hash may ask for.
pub const MAX_PARALLELISM: u32 = 16;
/// The least memory a list key may ask for (8 MiB): below it the hash is no obstacle to guessing.
pub const MIN_MEMORY_KIB: u32 = 8 * 1024;

/// Why a list key cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ListKeyError {
    #[error("the offline list's key is not 32 bytes of base64")]
    Key,
    #[error("the offline list's hash costs are outside what a device accepts")]
    Costs,
}

/// The 13 digits of a JMBG as entered (spaces around it ignored), or `None` when it is not 13
/// digits: such a person cannot be on the list.
pub fn jmbg_digits(jmbg: &str) -> Option<&str> {
    let t = jmbg.trim();
    (t.len() == 13 && t.bytes().all(|b| b.is_ascii_digit())).then_some(t)
}

/// Check a key's salt and costs before any hash is made with it.
pub fn check_key(key: &InForceKey) -> Result<(), ListKeyError> {
    params(key).map(|_| ())
}

fn params(key: &InForceKey) -> Result<(Vec<u8>, Params), ListKeyError> {
    let salt = STANDARD.decode(&key.key).map_err(|_| ListKeyError::Key)?;
    if salt.len() != 32 {
        return Err(ListKeyError::Key);
    }
    let costs_ok = (MIN_MEMORY_KIB..=MAX_MEMORY_KIB).contains(&key.memory_kib)
        && (1..=MAX_ITERATIONS).contains(&key.iterations)
        && (1..=MAX_PARALLELISM).contains(&key.parallelism);
    if !costs_ok {
        return Err(ListKeyError::Costs);
    }
    let params = Params::new(key.memory_kib, key.iterations, key.parallelism, Some(32))
        .map_err(|_| ListKeyError::Costs)?;
    Ok((salt, params))
}

/// The person hash of `jmbg` under `key`; `Ok(None)` when `jmbg` is not 13 digits.
pub fn person_hash(key: &InForceKey, jmbg: &str) -> Result<Option<String>, ListKeyError> {
    let Some(digits) = jmbg_digits(jmbg) else {
        return Ok(None);
    };
    let (salt, params) = params(key)?;
    let mut out = zeroize::Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(digits.as_bytes(), &salt, &mut out[..])
        .map_err(|_| ListKeyError::Costs)?;
    Ok(Some(STANDARD.encode(&out[..])))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn key(memory_kib: u32) -> InForceKey {
        InForceKey {
            id: 1,
            key: STANDARD.encode([7u8; 32]),
            memory_kib,
            iterations: 1,
            parallelism: 1,
        }
    }

    #[test]
    fn the_hash_is_argon2id_of_the_digits_salted_with_the_key() {
        let k = key(MIN_MEMORY_KIB);
        let h = person_hash(&k, " 0101990710006 ").unwrap().unwrap();
        let mut expected = [0u8; 32];
        Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(MIN_MEMORY_KIB, 1, 1, Some(32)).unwrap(),
        )
        .hash_password_into(b"0101990710006", &[7u8; 32], &mut expected)
        .unwrap();
        assert_eq!(h, STANDARD.encode(expected));
        assert!(!h.contains("0101990710006"));
        assert_eq!(person_hash(&k, "01019907").unwrap(), None);
        assert_eq!(person_hash(&k, "").unwrap(), None);
    }

    #[test]
    fn hostile_keys_are_refused() {
        assert_eq!(
            check_key(&key(MAX_MEMORY_KIB + 1)),
            Err(ListKeyError::Costs)
        );
        assert_eq!(check_key(&key(64)), Err(ListKeyError::Costs));
        let mut short = key(MIN_MEMORY_KIB);
        short.key = STANDARD.encode([1u8; 16]);
        assert_eq!(check_key(&short), Err(ListKeyError::Key));
        let mut lanes = key(MIN_MEMORY_KIB);
        lanes.parallelism = 0;
        assert_eq!(check_key(&lanes), Err(ListKeyError::Costs));
    }
}
