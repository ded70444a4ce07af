//! The exact shape of every constrained string on the wire: one JSON Schema pattern each (what
//! `openapi.json` states) and the check the server applies, written side by side so they cannot
//! say different things (a property test holds each check to its pattern). A request whose
//! fields fit these shapes is never refused as malformed; one that does not is, with a 400.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// An Ed25519 public key: 32 bytes of unpadded base64url (43 characters; the last carries 4
/// bits, so its low 2 bits are zero).
pub const PUBLIC_KEY: &str = "^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$";
/// An Ed25519 signature: 64 bytes of unpadded base64url (86 characters; the last carries 2 bits).
pub const SIGNATURE: &str = "^[A-Za-z0-9_-]{85}[AQgw]$";
/// A SHA-256 as the protocol writes it: 64 lower-case hexadecimal digits.
pub const SHA256: &str = "^[0-9a-f]{64}$";
/// A SHA-256 in an attachment's path: 64 hexadecimal digits, either case.
pub const SHA256_ANY_CASE: &str = "^[0-9a-fA-F]{64}$";
/// An officer's badge: 1 to 16 ASCII letters, digits or hyphens (as the device's `Badge`; an
/// audit entry of a failed unlock under a mistyped badge names `-`, which is one too).
pub const BADGE: &str = "^[A-Za-z0-9-]{1,16}$";
/// A one-time enrolment token: 32 random bytes, unpadded base64url.
pub const TOKEN: &str = "^[A-Za-z0-9_-]{43}$";
/// A refusal's stable code.
pub const PROBLEM_CODE: &str = "^[a-z_]{1,64}$";

/// Longest device label, in characters.
pub const MAX_LABEL_CHARS: u32 = 200;
/// Longest app version, in characters.
pub const MAX_APP_VERSION_CHARS: u32 = 100;
/// Longest request nonce, in bytes (ASCII).
pub const MAX_NONCE: u32 = 128;
/// The largest `seq` (the stores keep it as a signed 64-bit integer).
pub const MAX_SEQ: u64 = i64::MAX as u64;

fn base64url_of(s: &str, len: usize, chars: usize) -> bool {
    s.len() == chars && URL_SAFE_NO_PAD.decode(s).is_ok_and(|b| b.len() == len)
}

/// [`PUBLIC_KEY`].
pub fn is_public_key(s: &str) -> bool {
    base64url_of(s, 32, 43)
}

/// [`SIGNATURE`].
pub fn is_signature(s: &str) -> bool {
    base64url_of(s, 64, 86)
}

/// [`SHA256`].
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// [`SHA256_ANY_CASE`].
pub fn is_sha256_any_case(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// [`BADGE`].
pub fn is_badge(s: &str) -> bool {
    (1..=16).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// [`TOKEN`].
pub fn is_token(s: &str) -> bool {
    s.len() == 43
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// At most `max` characters.
pub fn at_most_chars(s: &str, max: u32) -> bool {
    s.chars().count() <= max as usize
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn matches(pattern: &str, s: &str) -> bool {
        regex::Regex::new(pattern).unwrap().is_match(s)
    }

    /// Every check agrees with its pattern: on strings drawn from the pattern itself, and on
    /// strings that are nearly right (same alphabet, any length) or anything at all.
    fn agrees(pattern: &'static str, check: fn(&str) -> bool, alphabet: &'static str) {
        let near = format!("[{alphabet}]{{0,100}}");
        proptest!(ProptestConfig::with_cases(2000), |(s in pattern.trim_start_matches('^').trim_end_matches('$'))| {
            prop_assert!(check(&s), "{s:?} fits {pattern} but the check refuses it");
        });
        proptest!(ProptestConfig::with_cases(2000), |(s in near.as_str())| {
            prop_assert_eq!(check(&s), matches(pattern, &s), "{:?} against {}", s, pattern);
        });
        proptest!(ProptestConfig::with_cases(500), |(s in ".{0,100}")| {
            prop_assert_eq!(check(&s), matches(pattern, &s), "{:?} against {}", s, pattern);
        });
    }

    #[test]
    fn each_check_says_exactly_what_its_pattern_says() {
        agrees(PUBLIC_KEY, is_public_key, "A-Za-z0-9_=+/-");
        agrees(SIGNATURE, is_signature, "A-Za-z0-9_=+/-");
        agrees(SHA256, is_sha256, "0-9a-fA-Fg");
        agrees(SHA256_ANY_CASE, is_sha256_any_case, "0-9a-fA-Fg");
        agrees(BADGE, is_badge, "A-Za-z0-9_ -");
        agrees(TOKEN, is_token, "A-Za-z0-9_=+/-");
    }

    #[test]
    fn real_keys_and_signatures_fit() {
        let (key, _) = crate::signing::DeviceKey::generate().unwrap();
        assert!(is_public_key(&key.public_key()));
        assert!(is_signature(&key.sign(b"x")));
        assert!(matches(PUBLIC_KEY, &key.public_key()));
        assert!(matches(SIGNATURE, &key.sign(b"x")));
    }
}
