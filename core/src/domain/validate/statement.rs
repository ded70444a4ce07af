//! A statement against the case's people: who gave it, its text, language and signatures.

use chrono::{DateTime, Utc};

use super::*;
use crate::domain::{Person, Statement};

/// Validate one statement against the case's people. Paths start with `statement.`; a caller
/// validating a list re-prefixes them (e.g. `statements[2].`). Use [`Strictness::Record`] when
/// signing, or for a statement that is already signed.
pub fn validate_statement(
    st: &Statement,
    people: &[Person],
    now: DateTime<Utc>,
    strictness: Strictness,
) -> Vec<FieldError> {
    let mut e = Errors::new(now);
    // Anyone in the case may give a statement: the victim, the perpetrator (his hearing, Art. 15),
    // a witness, a child.
    if !people.iter().any(|p| p.id == st.person_id) {
        e.push("statement.person_id", FieldErrorCode::UnknownPerson);
    }
    e.not_future("statement.taken_at", Some(st.taken_at));
    e.not_future("statement.signed_at", st.signed_at);
    if st.signed_at.is_some_and(|s| s < st.taken_at) {
        e.push("statement.signed_at", FieldErrorCode::BeforeTaken);
    }
    e.text("statement.place", &st.place, SHORT_TEXT_MAX_CHARS);
    e.text("statement.language", &st.language, SHORT_TEXT_MAX_CHARS);
    if let Some(interpreter) = &st.interpreter {
        e.text("statement.interpreter", interpreter, SHORT_TEXT_MAX_CHARS);
    }
    e.text("statement.text", &st.text, STATEMENT_MAX_CHARS);
    if let Some(reason) = &st.victim_not_signed_reason {
        e.text(
            "statement.victim_not_signed_reason",
            reason,
            SHORT_TEXT_MAX_CHARS,
        );
    }
    if let Some(sig) = &st.victim_signature {
        e.signature("statement.victim_signature", sig);
    }
    if let Some(sig) = &st.officer_signature {
        e.signature("statement.officer_signature", sig);
    }
    if let Some(digest) = &st.content_sha256
        && !(digest.len() == 64
            && digest
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
    {
        e.push("statement.content_sha256", FieldErrorCode::BadDigest);
    }

    if strictness == Strictness::Record {
        e.required("statement.text", &st.text);
        e.required("statement.place", &st.place);
        e.required("statement.language", &st.language);
        match &st.officer_signature {
            None => e.push(
                "statement.officer_signature",
                FieldErrorCode::SignatureRequired,
            ),
            Some(sig) if sig.point_count() < MIN_SIGNATURE_POINTS => {
                e.push(
                    "statement.officer_signature",
                    FieldErrorCode::SignatureEmpty,
                );
            }
            Some(_) => {}
        }
        match &st.victim_signature {
            Some(sig) if sig.point_count() < MIN_SIGNATURE_POINTS => {
                e.push("statement.victim_signature", FieldErrorCode::SignatureEmpty);
            }
            Some(_) => {}
            None => {
                let reason_given = st
                    .victim_not_signed_reason
                    .as_deref()
                    .is_some_and(|r| !r.trim().is_empty());
                if !reason_given {
                    e.push(
                        "statement.victim_signature",
                        FieldErrorCode::SignatureRequired,
                    );
                }
            }
        }
    }
    e.list
}
