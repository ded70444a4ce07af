//! What every console handler uses besides the session (`session.rs`): the console's refusals
//! (`Problem`s with `protocol::console::codes`, fixed texts that never quote the request), the
//! purpose of a view or act (from the query or the body, bounded like the device's), the role
//! check, and [`Audit`] — the ONE way a console entry reaches the admin audit (actor kind
//! `console`, actor id the operator's id, actor name their login, an action, a target by id, the
//! purpose, a small detail with no personal data of victims).
//!
//! ```ignore
//! async fn open_order(
//!     State(state): State<AppState>,
//!     SignedIn(op): SignedIn,
//!     Query(q): Query<PurposeQuery>,
//!     Path(id): Path<Uuid>,
//! ) -> Result<Json<OrderFile>, ApiError> {
//!     require_role(&state, &op, &[OperatorRole::Prosecutor, OperatorRole::Court], "order.open").await?;
//!     let purpose = q.purpose()?;
//!     // … refused outside the jurisdiction: `refuse_outside(&state, &op, "order.open", target).await`
//!     let entry = Audit::new("order.open").target(format!("order:{id}")).purpose(&purpose);
//!     blocking(&state, move |s| entry.on(s, &op).tx(|sql| /* read */)).await
//! }
//! ```

use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::json;
use zastita_protocol::console::{ConsolePurpose, ConsolePurposeCode, OperatorRole, codes};

use super::operator::Operator;
use crate::server::problem::ApiError;
use crate::server::{AppState, blocking};
use crate::store::console_audit::clean_purpose;
pub use crate::store::console_audit::{Audit, MAX_PURPOSE_TEXT, purpose_text};
use crate::store::{StoreError, now};

/// 401 `sign_in_failed`: the same answer whichever factor was wrong.
pub fn sign_in_failed() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        codes::SIGN_IN_FAILED,
        "the login, passphrase or code is not right",
    )
}

/// 429 `locked_out` with `Retry-After`.
pub fn locked_out(retry_after: u64) -> ApiError {
    ApiError {
        retry_after: Some(retry_after.max(1)),
        ..ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            codes::LOCKED_OUT,
            "too many failed sign-ins: this account is locked until Retry-After seconds pass",
        )
    }
}

/// 401 `session_expired`.
pub fn session_expired() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        codes::SESSION_EXPIRED,
        "no session, or it ended; sign in again",
    )
}

/// 403 `csrf`.
pub fn csrf() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        codes::CSRF,
        "a change needs this session's X-CSRF-Token from this site",
    )
}

/// 403 `forbidden_role`.
pub fn forbidden_role() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        codes::FORBIDDEN_ROLE,
        "this role may not do this",
    )
}

/// 403 `outside_jurisdiction`.
pub fn outside_jurisdiction() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        codes::OUTSIDE_JURISDICTION,
        "this is outside your institution's jurisdiction",
    )
}

/// 400 `purpose_required`.
pub fn purpose_required() -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        codes::PURPOSE_REQUIRED,
        "say why: a purpose is required",
    )
}

/// 401 `bad_setup_code`.
pub fn bad_setup_code() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        codes::BAD_SETUP_CODE,
        "the setup code is unknown, used or expired; ask your administrator for a new one",
    )
}

/// 400 `invalid` with a fixed text of ours (never the value).
pub fn invalid(detail: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, codes::INVALID, detail)
}

/// 404 `not_found`.
pub fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, codes::NOT_FOUND, "no such thing")
}

/// A store refusal as the console answers it: our own fixed texts as `invalid`, failures as 500.
pub fn from_store(e: StoreError) -> ApiError {
    match e {
        StoreError::Invalid(text) => invalid(text),
        e => ApiError::from(e),
    }
}

/// A purpose checked: its text one line of at most [`MAX_PURPOSE_TEXT`] characters, blank
/// read as none.
pub fn check_purpose(p: Option<ConsolePurpose>) -> Result<ConsolePurpose, ApiError> {
    let p = p.ok_or_else(purpose_required)?;
    clean_purpose(p)
        .ok_or_else(|| invalid("the purpose's words are one line of at most 200 characters"))
}

/// `?purpose=CODE&purpose_text=…` of a view.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PurposeQuery {
    pub purpose: Option<ConsolePurposeCode>,
    pub purpose_text: Option<String>,
}

impl PurposeQuery {
    /// The purpose given, checked ([`check_purpose`]); 400 `purpose_required` without one.
    pub fn purpose(&self) -> Result<ConsolePurpose, ApiError> {
        check_purpose(self.purpose.map(|code| ConsolePurpose {
            code,
            text: self.purpose_text.clone(),
        }))
    }
}

/// Write `entry` alone (a refusal, a view with nothing else to commit), committed with the
/// others queued meanwhile (`Store::audit_grouped`).
pub async fn write(entry: Audit, state: &AppState, op: &Operator) -> Result<(), ApiError> {
    let (actor, entry) = entry.into_parts(op);
    blocking(state, move |s| s.audit_grouped(&actor, &entry, now())).await
}

/// Refuse an operator whose role is not one of `roles` (403 `forbidden_role`), auditing the
/// refusal as `refused` with the action attempted.
pub async fn require_role(
    state: &AppState,
    op: &Operator,
    roles: &[OperatorRole],
    action: &str,
) -> Result<(), ApiError> {
    if roles.contains(&op.role) {
        return Ok(());
    }
    let entry =
        Audit::new("refused").detail(json!({"code": codes::FORBIDDEN_ROLE, "action": action}));
    write(entry, state, op).await?;
    Err(forbidden_role())
}

/// Refuse an act outside the operator's jurisdiction (403 `outside_jurisdiction`), audited as
/// `refused` with the action and its target.
pub async fn refuse_outside(
    state: &AppState,
    op: &Operator,
    action: &str,
    target: impl Into<String>,
) -> ApiError {
    let entry = Audit::new("refused")
        .target(target)
        .detail(json!({"code": codes::OUTSIDE_JURISDICTION, "action": action}));
    let written = write(entry, state, op).await;
    match written {
        Ok(()) => outside_jurisdiction(),
        Err(e) => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purposes_are_required_and_bounded() {
        assert_eq!(
            PurposeQuery::default().purpose().err().map(|e| e.code),
            Some(codes::PURPOSE_REQUIRED)
        );
        let q = |t: &str| PurposeQuery {
            purpose: Some(ConsolePurposeCode::DutyReview),
            purpose_text: Some(t.to_owned()),
        };
        assert_eq!(q("  ").purpose().ok().and_then(|p| p.text), None);
        assert_eq!(
            q(&"x".repeat(201)).purpose().err().map(|e| e.code),
            Some(codes::INVALID)
        );
        assert_eq!(
            q("a\nb").purpose().err().map(|e| e.code),
            Some(codes::INVALID)
        );
        let p = q(" night duty ").purpose().ok();
        assert_eq!(
            p.as_ref().map(purpose_text).as_deref(),
            Some("duty_review: night duty")
        );
    }
}
