//! The console's second factor: RFC 6238 TOTP through `totp-rs` (HMAC-SHA-1, 6 digits, 30-second
//! steps, one step either side accepted), the secret made here (160 random bits) and the
//! enrolment an authenticator app scans (`otpauth://` URI, its QR code as SVG).
//!
//! A code is accepted at most once: [`check`] returns the step it matched, and the caller
//! accepts it only when that step is later than the last one the operator used (stored, and
//! compared in the same conditional UPDATE that records the sign-in).

use ring::rand::{SecureRandom, SystemRandom};
use totp_rs::{Algorithm, Builder, Secret, Totp};

/// The issuer an authenticator app shows beside the account.
const ISSUER: &str = "Zaštita";
/// Bytes of a new secret (RFC 4226 recommends 160 bits).
const SECRET_BYTES: usize = 20;

/// Why a TOTP could not be made (a stored secret unreadable, randomness missing).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct TotpFailure(&'static str);

/// A new secret, base32 (as stored, sealed, and as typed into an app).
pub fn new_secret() -> Result<String, TotpFailure> {
    let mut bytes = [0u8; SECRET_BYTES];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| TotpFailure("the system gave no randomness"))?;
    Ok(Secret::from(bytes).to_base32())
}

fn totp(secret_base32: &str, login: &str) -> Result<Totp, TotpFailure> {
    let secret = Secret::try_from_base32(secret_base32)
        .map_err(|_| TotpFailure("a stored TOTP secret is not base32"))?;
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(30)
        .with_secret(secret)
        .with_account_name(login)
        .with_issuer(Some(ISSUER))
        .build()
        .map_err(|_| TotpFailure("a TOTP could not be set up"))
}

/// The step `code` matches at `unix_secs` (±1 step), if any. A code that is not six digits
/// matches nothing.
pub fn check(secret_base32: &str, code: &str, unix_secs: u64) -> Result<Option<u64>, TotpFailure> {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    // The login is not part of the code; any valid account name does.
    Ok(totp(secret_base32, "operator")?.check(code, unix_secs))
}

/// What an authenticator app scans: the `otpauth://` URI and its QR code as an SVG document.
pub fn enrolment(secret_base32: &str, login: &str) -> Result<(String, String), TotpFailure> {
    let uri = totp(secret_base32, login)?
        .to_url()
        .map_err(|_| TotpFailure("the enrolment URI could not be made"))?;
    let qr = qrcode::QrCode::with_error_correction_level(uri.as_bytes(), qrcode::EcLevel::M)
        .map_err(|_| TotpFailure("the enrolment URI does not fit a QR code"))?;
    let svg = qr
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    Ok((uri, svg))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B's SHA-1 seed ("12345678901234567890"), in base32.
    const RFC_SEED: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn the_rfc_6238_vectors_match_at_their_steps() {
        // (time, the 8-digit code of appendix B): its last six digits are the 6-digit code.
        for (t, code) in [
            (59u64, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
        ] {
            let six = &code[2..];
            assert_eq!(check(RFC_SEED, six, t).ok().flatten(), Some(t / 30));
            // One step either side is still accepted, two are not.
            assert_eq!(check(RFC_SEED, six, t + 30).ok().flatten(), Some(t / 30));
            assert_eq!(check(RFC_SEED, six, t + 60).ok().flatten(), None);
        }
        assert_eq!(check(RFC_SEED, "28708", 59).ok().flatten(), None);
        assert_eq!(check(RFC_SEED, "abcdef", 59).ok().flatten(), None);
    }

    #[test]
    fn a_new_secret_enrols_with_an_svg_qr_code() {
        let s = new_secret().ok().unwrap_or_default();
        assert_eq!(s.len(), 32, "160 bits in base32");
        assert_ne!(new_secret().ok(), Some(s.clone()));
        let (uri, svg) = enrolment(&s, "ana.petrovic").ok().unwrap_or_default();
        assert!(uri.starts_with("otpauth://totp/"), "{uri}");
        assert!(uri.contains(&s) && uri.contains("ana.petrovic"), "{uri}");
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
    }
}
