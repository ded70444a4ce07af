//! Sync with the central record (DESIGN §5): the device's side of the wire contract in
//! `zastita-protocol`.
//!
//! Split so that the network never happens while the store is held:
//! - **local steps** are [`Session`](crate::app::Session) methods, each short and each one
//!   transaction: `enroll_begin` / `enroll_finish`, `sync_outgoing` (signed envelopes of what is
//!   pending), `sync_record_push` (receipts, the acknowledged `seq`, clock skew),
//!   `sync_apply_feed` (central changes and the new cursor, all or nothing), the attachment
//!   steps, `sync_status`, `sync_failed`;
//! - the **transport** is [`SyncClient`]: HTTPS (rustls, ring) trusting only the central record's
//!   CA pinned at enrolment, every request signed with the device key;
//! - the **driver**, [`run_round`] and [`enroll`], alternates the two through a
//!   [`SessionAccess`] the caller implements (the app's `Mutex<Option<Session>>`, the CLI's own
//!   session): the store is borrowed for a moment per step and never across an `await`.
//!
//! [`Backoff`] says when to try again after a failure; [`chain_order_event`] is what a chain act
//! of the feed is on the order.
//!
//! **Invariant:** the acknowledged `seq` never goes backwards, and the feed cursor moves only in
//! the transaction that applies the changes up to it.
//! **Invariant:** nothing personal is logged or put into an error: errors carry codes, ids,
//! HTTP statuses and the server's English detail.

mod answer;
mod backoff;
mod chain;
mod client;
mod driver;
pub mod in_force;
mod status;
mod tls;

pub use backoff::Backoff;
pub use chain::{chain_order_event, reported_violation_event};
pub use client::{ClientOptions, SyncClient};
pub use driver::{SessionAccess, client_for, enroll, lookup_history, run_round};
pub use status::{DeviceAccess, ask_revoked, check_revocation};
pub(crate) use tls::{certificates as tls_certificates, fingerprint as tls_fingerprint};

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use zeroize::Zeroizing;

use zastita_protocol::enrollment::EnrollmentCode;
use zastita_protocol::messages::EnrollRequest;

pub use crate::error::SyncError;
use crate::error_code::ErrorCode;

/// A clock skew beyond this (either way) is flagged to the officer and the station.
pub const SKEW_FLAG_MS: i64 = 2 * 60 * 1000;

/// What the officer and the station see about sync (`Session::sync_status`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncStatus {
    pub enrolled: bool,
    /// `https://host:port` of the central record.
    pub server: Option<String>,
    /// The device's id at the central record.
    pub central_device_id: Option<Uuid>,
    pub enrolled_at: Option<DateTime<Utc>>,
    /// Record versions waiting to be acknowledged.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub pending: u64,
    /// The same, by record kind (`case`, `person`, `audit`, …).
    #[cfg_attr(feature = "ts", ts(type = "Record<string, number>"))]
    pub pending_by_kind: BTreeMap<String, u64>,
    /// Generated documents whose PDF the central record does not hold whole yet.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub attachments_pending: u64,
    /// Of those, the ones the central record refused at the last try, newest first. They are
    /// offered again every round; the rest of the round goes on without them.
    pub attachments_refused: Vec<AttachmentRefusal>,
    /// The highest `seq` up to which the central record holds every version.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub acked_seq: u64,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    /// The last failure (cleared by a successful round): a [`SyncError::code`] and its English
    /// detail.
    pub last_error_code: Option<ErrorCode>,
    pub last_error_detail: Option<String>,
    /// Server clock − device clock at the last answer, in milliseconds.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub skew_ms: Option<i64>,
    /// |skew| is over two minutes: the device clock should be checked.
    pub skew_flagged: bool,
    /// Versions the central record refused as invalid, with its reasons, newest first.
    pub quarantined: Vec<SyncIssue>,
    /// Versions the central record holds with different content (kept there for review).
    pub conflicts: Vec<SyncIssue>,
    /// Central changes applied up to here.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub feed_cursor: u64,
}

/// A record version the central record quarantined or reported in conflict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncIssue {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: u64,
    pub version_id: Uuid,
    pub record_id: Uuid,
    /// The record kind (`case`, `statement`, …).
    pub kind: String,
    /// The central record's reason, in English.
    pub reason: String,
    /// When the central record received it.
    pub at: DateTime<Utc>,
}

/// A document's PDF the central record refused ([`SyncStatus::attachments_refused`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AttachmentRefusal {
    /// The document (its record id).
    pub record_id: Uuid,
    pub case_id: Uuid,
    /// `order`, `receipt` or `summary`.
    pub document_kind: String,
    /// The central record's refusal code (`unknown_record`, `hash_mismatch`, …) or
    /// [`ATTACHMENT_INCONSISTENT`] when the device's own copy disagrees with its record.
    pub code: String,
    /// The reason in English.
    pub detail: String,
    pub at: DateTime<Utc>,
}

/// The refusal code of a PDF that is shorter on this device than its recorded size.
pub const ATTACHMENT_INCONSISTENT: &str = "attachment_inconsistent";

/// What one sync round did ([`run_round`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncSummary {
    /// Envelopes sent (a resent one counts again).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub pushed: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub accepted: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub conflicts: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub quarantined: u64,
    /// Attachments the central record now holds whole, and the bytes sent for them.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub attachments_uploaded: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub attachment_bytes: u64,
    /// Attachments the central record refused this round (the round went on without them).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub attachments_refused: u64,
    /// Central changes applied (skipped ones — already applied, refused by the law — not counted).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub changes_applied: u64,
    /// The offline list of orders in force was read to its end in this round (false: the central
    /// record could not give it; the list kept is as of its last refresh).
    pub in_force_refreshed: bool,
    /// Entries of the offline list added, changed or removed this round.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub in_force_changes: u64,
    /// Entries in force on the device's clock after the round.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub in_force_entries: u64,
    /// Violations of other devices' orders the central record recorded this round.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub violations_reported: u64,
    /// Violation reports the central record refused this round (kept, shown, not sent again).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub violations_refused: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub pending_after: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub acked_seq: u64,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub skew_ms: Option<i64>,
    /// Request and response bodies on the wire.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes_sent: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes_received: u64,
}

/// Which part of a round is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum SyncPhase {
    Push,
    Attachments,
    Feed,
}

/// Progress of a round, reported after every step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncProgress {
    pub phase: SyncPhase,
    /// Envelopes pushed, attachments finished, or changes applied so far in this phase.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub done: u64,
    /// How many there are, when known (the feed's length is not).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub total: Option<u64>,
}

/// The result of an enrolment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EnrolledDevice {
    pub central_device_id: Uuid,
    pub server: String,
    pub enrolled_at: DateTime<Utc>,
}

/// An enrolment under way: the parsed code, the new key (PKCS#8, zeroized on drop) and the
/// request to send. Made by `Session::enroll_begin`, sent by [`SyncClient::enroll`], stored by
/// `Session::enroll_finish`.
pub struct PendingEnrollment {
    pub code: EnrollmentCode,
    pub request: EnrollRequest,
    pub(crate) pkcs8: Zeroizing<Vec<u8>>,
    /// The status key (PKCS#8), for the keyring.
    pub(crate) status_pkcs8: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for PendingEnrollment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingEnrollment")
            .field("server", &self.code.server)
            .field("public_key", &self.request.public_key)
            .finish_non_exhaustive()
    }
}

/// What the transport needs from the store: where, whom to trust, who we are and how to sign.
/// The key is zeroized on drop.
pub struct SyncCredentials {
    pub server: String,
    pub ca_pem: String,
    pub device_id: Uuid,
    pub(crate) pkcs8: Zeroizing<Vec<u8>>,
    /// The last measured skew (server − device), so the first request is signed with the right
    /// time.
    pub skew_ms: Option<i64>,
}

impl std::fmt::Debug for SyncCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncCredentials")
            .field("server", &self.server)
            .field("device_id", &self.device_id)
            .finish_non_exhaustive()
    }
}

/// What storing one push response did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PushTally {
    pub accepted: u64,
    pub conflicts: u64,
    pub quarantined: u64,
    /// The acknowledged `seq` after this response (never lower than before).
    pub acked_seq: u64,
    pub skew_ms: i64,
}

/// What applying one feed page did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FeedOutcome {
    pub applied: u64,
    /// Changes already applied, about records not on this device, or refused by the law (each
    /// refusal is in the audit log).
    pub skipped: u64,
    pub cursor: u64,
    /// This device was revoked: its keys are destroyed.
    pub revoked: bool,
}

/// An attachment the central record does not hold whole yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PendingAttachment {
    pub record_id: Uuid,
    pub sha256: String,
    pub size: u64,
    /// Bytes the central record held at the last look.
    pub sent: u64,
}
