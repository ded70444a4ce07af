//! The rules a console passphrase must pass, after the device's (`core::passphrase`) where they
//! fit an account reached over the network: at least 12 characters (the device's 8 is guarded
//! by a wipe; this one by the lock-out and the second factor), at most 256, not one repeated
//! character, not a plain run, not built on the login. Each refusal is a fixed text naming the
//! rule, never the passphrase; the hash is Argon2id (the `argon2` crate's defaults: 19 MiB, 2
//! passes), kept as its PHC string.

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use ring::rand::{SecureRandom, SystemRandom};
use std::sync::OnceLock;
use zeroize::Zeroizing;

pub const MIN_CHARS: usize = 12;
pub const MAX_CHARS: usize = 256;

/// The runs a passphrase may not be a piece of (forwards or backwards).
const RUNS: &[&str] = &[
    "01234567890",
    "abcdefghijklmnopqrstuvwxyz",
    "qwertyuiopasdfghjklzxcvbnm",
    "qwertzuiopasdfghjklyxcvbnm",
];

/// Why a passphrase is refused: a fixed text (the rule), never the passphrase.
pub fn problem(passphrase: &str, login: &str) -> Option<&'static str> {
    let n = passphrase.chars().count();
    if n < MIN_CHARS {
        return Some("the passphrase needs at least 12 characters");
    }
    if n > MAX_CHARS {
        return Some("the passphrase may have at most 256 characters");
    }
    let lower = Zeroizing::new(passphrase.to_lowercase());
    let mut chars = lower.chars();
    let first = chars.next();
    if chars.all(|c| Some(c) == first) {
        return Some("the passphrase needs more than one different character");
    }
    if RUNS.iter().any(|r| {
        let back: String = r.chars().rev().collect();
        r.contains(lower.as_str()) || back.contains(lower.as_str())
    }) {
        return Some("the passphrase may not be a simple run like abcdefgh");
    }
    let login = login.trim().to_lowercase();
    if login.len() >= 3 && lower.contains(&login) {
        let rest = Zeroizing::new(lower.replace(&login, ""));
        if rest.chars().count() < 8 {
            return Some("the passphrase may not be built on the login");
        }
    }
    None
}

/// The Argon2id PHC string of `passphrase` (a random 16-byte salt); `None` only when the system
/// gives no randomness.
pub fn hash(passphrase: &str) -> Option<String> {
    let mut salt = [0u8; 16];
    SystemRandom::new().fill(&mut salt).ok()?;
    Argon2::default()
        .hash_password_with_salt(passphrase.as_bytes(), &salt)
        .ok()
        .map(|h| h.to_string())
}

/// Whether `passphrase` is the one `phc` was made from. Without a stored hash (unknown login, an
/// account not set up) the same work is done against a hash of nothing, so the answer takes as
/// long either way.
pub fn verify(passphrase: &str, phc: Option<&str>) -> bool {
    static DECOY: OnceLock<Option<String>> = OnceLock::new();
    let decoy = DECOY.get_or_init(|| hash("zastita decoy passphrase"));
    match phc.or(decoy.as_deref()) {
        Some(h) => {
            let ok = Argon2::default()
                .verify_password(passphrase.as_bytes(), h)
                .is_ok();
            ok && phc.is_some()
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_refuse_the_first_guesses() {
        assert!(problem("short one", "ana").is_some());
        assert!(problem(&"a".repeat(20), "ana").is_some());
        assert!(problem("abcdefghijklm", "ana").is_some());
        assert!(problem("ana.petrovic2026", "ana.petrovic").is_some());
        assert!(problem(&"x1".repeat(130), "ana").is_some());
        assert_eq!(problem("Ljubičasti konj pase 7", "ana.petrovic"), None);
    }

    #[test]
    fn a_hash_verifies_its_passphrase_only() {
        let h = hash("Ljubičasti konj pase 7");
        assert!(h.as_deref().is_some_and(|h| h.starts_with("$argon2id$")));
        assert!(verify("Ljubičasti konj pase 7", h.as_deref()));
        assert!(!verify("Ljubičasti konj pase 8", h.as_deref()));
        assert!(!verify("zastita decoy passphrase", None));
    }
}
