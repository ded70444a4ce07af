//! Tests of `keys.rs`.

#![allow(clippy::unwrap_used)]

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
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
    0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
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
