//! Operators and their sessions: first sign-in with a setup code (passphrase and TOTP enrolment),
//! sign-in, the session, sign-out (here and everywhere), and the accounts an institution's
//! administrator manages.
//!
//! Endpoints (all under `/console/api`; every change carries the session's CSRF token in the
//! `X-CSRF-Token` header; the session is the `__Host-zastita-console` cookie, Secure, HttpOnly,
//! SameSite=Strict):
//! - `POST /setup` [`SetupRequest`] → [`SetupResponse`] (the TOTP secret's QR code)
//! - `POST /setup/confirm` [`SetupConfirm`] → 204
//! - `POST /session` [`SignInRequest`] → [`SessionInfo`] and the cookie
//! - `GET /session` → [`SessionInfo`] (also renews the idle limit)
//! - `DELETE /session` → 204 (this session)
//! - `POST /session/everywhere` → 204 (every session of this operator)
//! - `GET /operators` → `Vec<OperatorSummary>` (institution admin: own institution)
//! - `POST /operators` [`NewOperator`] → [`NewOperatorResponse`]
//! - `POST /operators/{id}/reset` → [`NewOperatorResponse`] (a new setup code; sessions end)
//! - `POST /operators/{id}/disable` → 204 (sessions end)

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Institution, Me, OperatorRole};

/// First sign-in: the setup code the administrator handed over, and the passphrase chosen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SetupRequest {
    pub login: String,
    pub setup_code: String,
    pub passphrase: String,
}

/// The TOTP secret to enrol in an authenticator app (RFC 6238: SHA-1, 6 digits, 30 s).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SetupResponse {
    /// `otpauth://totp/…`, for the QR code and for typing in.
    pub otpauth_uri: String,
    /// The secret in base32, for an app that cannot scan.
    pub secret_base32: String,
    /// The QR code of `otpauth_uri` as an SVG document.
    pub qr_svg: String,
}

/// Confirms the enrolment with a first code; the account is then active.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SetupConfirm {
    pub login: String,
    pub setup_code: String,
    pub totp: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SignInRequest {
    pub login: String,
    pub passphrase: String,
    pub totp: String,
}

/// The session as the console needs it: who, the CSRF token for changes, and its limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SessionInfo {
    pub operator: Me,
    pub csrf_token: String,
    /// The session ends here unless used before: its idle limit (15 minutes) after the request
    /// that last renewed it (a request renews it once the last renewal is a thirtieth of the
    /// limit old, so this is at most 30 s earlier than the last request plus the limit).
    pub idle_expires_at: DateTime<Utc>,
    /// The session ends here whatever happens.
    pub absolute_expires_at: DateTime<Utc>,
    pub server_time: DateTime<Utc>,
}

/// An operator account as its institution's administrator sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OperatorSummary {
    pub id: Uuid,
    pub login: String,
    pub name: String,
    pub role: OperatorRole,
    pub institution: Institution,
    /// `pending_setup`, `active`, `locked` or `disabled`.
    pub state: String,
    pub created_at: DateTime<Utc>,
    pub last_sign_in_at: Option<DateTime<Utc>>,
}

/// A new operator of the administrator's own institution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewOperator {
    pub login: String,
    pub name: String,
    pub role: OperatorRole,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub language: Option<String>,
}

/// The account and the one-time setup code to hand to its person (valid for 72 hours).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewOperatorResponse {
    pub operator: OperatorSummary,
    pub setup_code: String,
    pub setup_expires_at: DateTime<Utc>,
}
