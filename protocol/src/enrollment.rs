//! The enrolment code a station hands to a device (typed, pasted or scanned from a QR code): the
//! central record's address, the one-time token, and the SHA-256 of the central record's CA
//! certificate, so the device can trust the very first TLS connection without any public CA.
//!
//! Text form: `zastita-enroll:v1:<token>:<ca sha256 hex>:<https url>`.

use std::fmt;
use std::str::FromStr;

/// Prefix and version of the text form.
const PREFIX: &str = "zastita-enroll:v1:";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrollmentCode {
    /// One-time token (URL-safe base64 or hex; no `:`).
    pub token: String,
    /// SHA-256 (lower-case hex) of the CA certificate's DER bytes.
    pub ca_sha256: String,
    /// `https://host:port` of the central record (no trailing slash).
    pub server: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnrollmentCodeError {
    #[error("this is not a Zaštita enrolment code (it must start with `{PREFIX}`)")]
    NotACode,
    #[error("the enrolment code is incomplete: it needs a token, a CA fingerprint and an address")]
    Incomplete,
    #[error("the enrolment token is empty or has characters a token never has")]
    BadToken,
    #[error("the CA fingerprint must be 64 hexadecimal digits")]
    BadFingerprint,
    #[error(
        "the central record's address must start with https:// and have no spaces or control \
         characters"
    )]
    NotHttps,
}

impl fmt::Display for EnrollmentCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{PREFIX}{}:{}:{}",
            self.token, self.ca_sha256, self.server
        )
    }
}

impl FromStr for EnrollmentCode {
    type Err = EnrollmentCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let rest = s
            .trim()
            .strip_prefix(PREFIX)
            .ok_or(EnrollmentCodeError::NotACode)?;
        let mut parts = rest.splitn(3, ':');
        let (Some(token), Some(ca), Some(server)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(EnrollmentCodeError::Incomplete);
        };
        if token.is_empty()
            || !token
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(EnrollmentCodeError::BadToken);
        }
        if ca.len() != 64 || !ca.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(EnrollmentCodeError::BadFingerprint);
        }
        let server = server.trim_end_matches('/');
        // No spaces or control characters: the address is printed, pinned and dialled as is,
        // and its text form must read back as the same code.
        if !server.starts_with("https://")
            || server.len() <= "https://".len()
            || server.chars().any(|c| c.is_control() || c.is_whitespace())
        {
            return Err(EnrollmentCodeError::NotHttps);
        }
        Ok(EnrollmentCode {
            token: token.to_owned(),
            ca_sha256: ca.to_ascii_lowercase(),
            server: server.to_owned(),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_code_round_trips_and_bad_codes_say_what_is_wrong() {
        let code = EnrollmentCode {
            token: "tok_EN-123".into(),
            ca_sha256: "ab".repeat(32),
            server: "https://127.0.0.1:8443".into(),
        };
        let text = code.to_string();
        assert_eq!(text.parse::<EnrollmentCode>().unwrap(), code);
        assert_eq!(
            format!("  {text}/ \n").parse::<EnrollmentCode>().unwrap(),
            code
        );
        let bad = |s: &str| s.parse::<EnrollmentCode>().unwrap_err();
        assert_eq!(bad("hello"), EnrollmentCodeError::NotACode);
        assert_eq!(
            bad("zastita-enroll:v1:tok"),
            EnrollmentCodeError::Incomplete
        );
        assert_eq!(
            bad(&format!(
                "zastita-enroll:v1:t k:{}:https://x",
                "a".repeat(64)
            )),
            EnrollmentCodeError::BadToken
        );
        assert_eq!(
            bad("zastita-enroll:v1:tok:abc:https://x"),
            EnrollmentCodeError::BadFingerprint
        );
        assert_eq!(
            bad(&format!(
                "zastita-enroll:v1:tok:{}:http://x",
                "a".repeat(64)
            )),
            EnrollmentCodeError::NotHttps
        );
    }

    /// Found by the `enrollment` fuzz target: an address of NULs and form feeds was accepted, and
    /// the code it printed read back as another code (the trailing form feeds trimmed).
    #[test]
    fn an_address_with_control_characters_or_spaces_is_refused_and_codes_round_trip() {
        let ca = "0F".repeat(32);
        for server in [
            format!("https://{}{}/", "\0".repeat(40), "\u{c}".repeat(7)),
            "https://central.example:8443/v1 x".to_owned(),
            "https://cen\ttral".to_owned(),
            "https://\u{85}".to_owned(),
        ] {
            let text = format!("zastita-enroll:v1:Ab-9_x:{ca}:{server}");
            assert_eq!(
                text.parse::<EnrollmentCode>(),
                Err(EnrollmentCodeError::NotHttps),
                "{server:?}"
            );
        }
        let code: EnrollmentCode = format!(" zastita-enroll:v1:Ab-9_x:{ca}:https://[::1]:8443/ ")
            .parse()
            .unwrap();
        assert_eq!(code.to_string().parse::<EnrollmentCode>(), Ok(code));
    }
}
