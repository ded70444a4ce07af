//! Rules a new passphrase must pass before a data key is wrapped under it.
//!
//! Owns the rule set and its stable problem codes (the UI shows the rules as the officer types and
//! translates the codes). The rules only catch the guesses an attacker with a stolen device tries
//! first; the unlock policy (lock-out, then wipe) is what limits the rest. Nothing here stores or
//! prints the passphrase.

use crate::domain::ids::Badge;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// Minimum length in characters (not bytes: "čćžšđ" count once each).
pub const MIN_CHARS: u32 = 8;

/// What is wrong with a proposed passphrase. Serialized as `{"code": "too_short", "min": 8}` etc.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum PassphraseProblem {
    #[error("use at least {min} characters")]
    TooShort { min: u32 },
    #[error("use more than one different character")]
    OneCharacter,
    #[error("don't use a simple run like 12345678 or abcdefgh")]
    Sequence,
    #[error("don't build it from your badge number — anyone can read that")]
    IsBadge,
    #[error("this is one of the most common passwords — choose something else")]
    TooCommon,
}

/// Passwords tried first by anyone holding a stolen device (compared in lower case). Short on
/// purpose: anything shorter than [`MIN_CHARS`] is refused anyway, and the lock-out policy limits
/// guessing; this list only stops the very first guesses, including Serbian ones.
const COMMON: &[&str] = &[
    "password",
    "password1",
    "password123",
    "passw0rd",
    "12345678",
    "123456789",
    "1234567890",
    "0987654321",
    "87654321",
    "11111111",
    "00000000",
    "12341234",
    "11223344",
    "12121212",
    "1q2w3e4r",
    "1qaz2wsx",
    "qwertyui",
    "qwertyuiop",
    "qwertzui",
    "qwertzuiop",
    "asdfghjk",
    "qwerty123",
    "abcd1234",
    "abc12345",
    "iloveyou",
    "letmein1",
    "welcome1",
    "admin123",
    "trustno1",
    "lozinka",
    "lozinka1",
    "lozinka123",
    "sifra123",
    "šifra123",
    "sifra1234",
    "policija",
    "policija1",
    "policija123",
    "policajac",
    "srbija123",
    "beograd1",
    "volimte1",
];

/// The alphabets in which a plain run (ascending or descending) counts as a sequence.
const ALPHABETS: &[&str] = &[
    "0123456789",
    "abcdefghijklmnopqrstuvwxyz",
    // Serbian Cyrillic in azbuka order (Unicode order differs: ђ, ј, љ, њ, ћ, џ sit elsewhere).
    "абвгдђежзијклљмнњопрстћуфхцчџш",
];

/// The first problem with `passphrase`, in the order [`problems`] lists them.
pub fn check(passphrase: &str, badge: &Badge) -> Result<(), PassphraseProblem> {
    match problems(passphrase, badge).first() {
        Some(p) => Err(*p),
        None => Ok(()),
    }
}

/// Every rule `passphrase` breaks, in a fixed order (too short, one character, sequence, badge,
/// too common); empty when it is acceptable.
pub fn problems(passphrase: &str, badge: &Badge) -> Vec<PassphraseProblem> {
    problems_with(passphrase, Some(badge))
}

/// [`problems`] while a form is being filled in: the badge typed so far may not be a valid badge
/// yet, and then the badge rule is left out (the badge field shows its own error).
pub fn problems_as_typed(passphrase: &str, badge: &str) -> Vec<PassphraseProblem> {
    problems_with(passphrase, Badge::parse(badge).ok().as_ref())
}

fn problems_with(passphrase: &str, badge: Option<&Badge>) -> Vec<PassphraseProblem> {
    // Lower-cased copy of a secret: zeroized like the original.
    let lower = Zeroizing::new(passphrase.to_lowercase());
    let mut found = Vec::new();
    if passphrase.chars().count() < MIN_CHARS as usize {
        found.push(PassphraseProblem::TooShort { min: MIN_CHARS });
    }
    if is_one_character(&lower) {
        found.push(PassphraseProblem::OneCharacter);
    }
    if is_sequence(&lower) {
        found.push(PassphraseProblem::Sequence);
    }
    if badge.is_some_and(|b| is_badge(&lower, b)) {
        found.push(PassphraseProblem::IsBadge);
    }
    if COMMON.contains(&lower.as_str()) {
        found.push(PassphraseProblem::TooCommon);
    }
    found
}

/// "aaaaaaaa", "AaAaAaAa": at least two characters, all the same ignoring case.
fn is_one_character(lower: &str) -> bool {
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => lower.chars().nth(1).is_some() && chars.all(|c| c == first),
        None => false,
    }
}

/// The whole passphrase (at least 3 characters) is one unbroken run, forwards or backwards, of
/// one alphabet: "12345678", "87654321", "abcdefgh", "абвгдђеж". Runs do not wrap around.
fn is_sequence(lower: &str) -> bool {
    let len = lower.chars().count();
    if len < 3 {
        return false;
    }
    ALPHABETS.iter().any(|alphabet| {
        let reversed: String = alphabet.chars().rev().collect();
        alphabet.contains(lower) || reversed.contains(lower)
    })
}

/// The badge number is printed on documents and readable by anyone, so it adds nothing secret.
/// Flags: the badge itself (case-insensitive, with or without its '-'), the badge repeated, and
/// the badge (at least 3 characters) with so little else that what remains is under 4 characters
/// or has no letter at all ("12345", "1234512345", "12345-2024", "pu12345!").
fn is_badge(lower: &str, badge: &Badge) -> bool {
    let full = badge.as_str().to_lowercase();
    let no_dash: String = full.chars().filter(|c| *c != '-').collect();
    [full, no_dash].iter().any(|needle| {
        if needle.is_empty() {
            return false;
        }
        if lower == needle.as_str() || is_repetition_of(lower, needle) {
            return true;
        }
        if needle.chars().count() < 3 || !lower.contains(needle.as_str()) {
            return false;
        }
        let rest = Zeroizing::new(lower.replace(needle.as_str(), ""));
        rest.chars().count() < 4 || !rest.chars().any(char::is_alphabetic)
    })
}

fn is_repetition_of(s: &str, unit: &str) -> bool {
    !s.is_empty() && s.split(unit).all(str::is_empty)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::PassphraseProblem::*;
    use super::*;

    fn check_case(passphrase: &str, badge: &str, expected: &[PassphraseProblem]) {
        let badge = Badge::parse(badge).unwrap();
        assert_eq!(
            problems(passphrase, &badge),
            expected,
            "passphrase {passphrase:?}, badge {badge}"
        );
        let first = expected.first().copied();
        assert_eq!(check(passphrase, &badge).err(), first, "{passphrase:?}");
    }

    const SHORT: PassphraseProblem = TooShort { min: 8 };

    #[test]
    fn rules_table() {
        let cases: &[(&str, &str, &[PassphraseProblem])] = &[
            // acceptable
            ("konj-trči-brzo", "12345", &[]),
            ("Tri medveda 7", "12345", &[]),
            ("8 slova!", "12345", &[]),
            ("čćžšđčćž", "12345", &[]),    // 8 characters, 16 bytes
            ("moj12345pas", "12345", &[]), // badge plus enough letters
            ("1234567a", "99999", &[]),
            ("abcdefgi", "99999", &[]),
            ("90123456", "99999", &[]), // runs do not wrap around
            // too short: characters, not bytes
            ("", "12345", &[SHORT]),
            ("a", "12345", &[SHORT]),
            ("čćžšđčć", "12345", &[SHORT]),
            ("Xy7!pq2", "12345", &[SHORT]),
            // one character
            ("aaaaaaaa", "12345", &[OneCharacter]),
            ("AaAaAaAa", "12345", &[OneCharacter]),
            ("žžžžžžžžž", "12345", &[OneCharacter]),
            ("zz", "12345", &[SHORT, OneCharacter]),
            ("11111111", "12345", &[OneCharacter, TooCommon]),
            // sequences
            ("12345678", "99999", &[Sequence, TooCommon]),
            ("87654321", "99999", &[Sequence, TooCommon]),
            ("23456789", "99999", &[Sequence]),
            ("abcdefgh", "99999", &[Sequence]),
            ("HGFEDCBA", "99999", &[Sequence]),
            ("mnopqrstuv", "99999", &[Sequence]),
            ("абвгдђеж", "99999", &[Sequence]),
            ("шџчцхфуће", "99999", &[]), // not a run: 'е' does not follow 'ћ'
            ("шџчцхфућт", "99999", &[Sequence]),
            ("123", "99999", &[SHORT, Sequence]),
            // badge
            ("pu-12345", "PU-12345", &[IsBadge]),
            ("PU12345x", "pu-12345", &[IsBadge]),
            ("12345678", "12345678", &[Sequence, IsBadge, TooCommon]),
            ("1234512345", "12345", &[IsBadge]),
            ("12345-2024", "12345", &[IsBadge]),
            ("12345!!!", "12345", &[IsBadge]),
            ("ab12345c", "12345", &[IsBadge]),
            ("A7A7A7A7", "A7", &[IsBadge]),
            ("77777777", "7", &[OneCharacter, IsBadge]),
            ("a7b7c7d7e7", "7", &[]), // short badges only match whole or repeated
            // common
            ("password", "12345", &[TooCommon]),
            ("PassWord1", "12345", &[TooCommon]),
            ("lozinka", "12345", &[SHORT, TooCommon]),
            ("Lozinka1", "12345", &[TooCommon]),
            ("sifra123", "12345", &[TooCommon]),
            ("Šifra123", "12345", &[TooCommon]),
            ("policija", "12345", &[TooCommon]),
            ("qwertzuiop", "12345", &[TooCommon]),
        ];
        for (passphrase, badge, expected) in cases {
            check_case(passphrase, badge, expected);
        }
    }

    #[test]
    fn common_list_entries_are_lower_case() {
        for word in COMMON {
            assert_eq!(word.to_lowercase(), *word);
        }
    }

    #[test]
    fn codes_and_messages() {
        let cases: &[(PassphraseProblem, &str, &str)] = &[
            (
                SHORT,
                r#"{"code":"too_short","min":8}"#,
                "use at least 8 characters",
            ),
            (
                OneCharacter,
                r#"{"code":"one_character"}"#,
                "use more than one different character",
            ),
            (
                Sequence,
                r#"{"code":"sequence"}"#,
                "don't use a simple run like 12345678 or abcdefgh",
            ),
            (
                IsBadge,
                r#"{"code":"is_badge"}"#,
                "don't build it from your badge number — anyone can read that",
            ),
            (
                TooCommon,
                r#"{"code":"too_common"}"#,
                "this is one of the most common passwords — choose something else",
            ),
        ];
        for (problem, json, message) in cases {
            assert_eq!(serde_json::to_string(problem).unwrap(), *json);
            assert_eq!(
                serde_json::from_str::<PassphraseProblem>(json).unwrap(),
                *problem
            );
            assert_eq!(problem.to_string(), *message);
        }
    }
}
