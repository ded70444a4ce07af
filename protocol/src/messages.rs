//! Every request and response of the HTTP API, version 1 (`/v1/…`). Plain serde types with JSON
//! Schemas (schemars) from which `openapi.json` is built. The server refuses unknown fields in what
//! a device sends (a device and a server that disagree on a request fail loudly instead of
//! dropping data); a device reads the server's answers ignoring fields it does not know, so the
//! central record can be upgraded before the devices it serves (an older device simply does
//! not use a newer answer's extra field, e.g. `audit_head`).

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::canonical;
use crate::shapes;
use crate::signing::{self, DeviceKey, SigningError};

/// What a record is. A record is one entity with its own id and versions (DESIGN §5), so a later
/// change never resends a whole case. A kind this build does not know arrives as `unknown` and is
/// quarantined by the server rather than failing the whole batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// The case header with its incident.
    Case,
    Person,
    /// A signed victim statement or addendum.
    Statement,
    /// A completed risk assessment.
    Assessment,
    /// An issued emergency-measure order, a new version for each event on it.
    Order,
    /// A generated document (order, receipt, summary): its metadata; the PDF itself is an
    /// attachment keyed by (record id, SHA-256).
    Document,
    /// One entry of the device's hash-chained audit log.
    Audit,
    /// A kind this side does not know (a newer peer): kept, never a failed batch.
    #[serde(other)]
    Unknown,
}

impl RecordKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Case => "case",
            RecordKind::Person => "person",
            RecordKind::Statement => "statement",
            RecordKind::Assessment => "assessment",
            RecordKind::Order => "order",
            RecordKind::Document => "document",
            RecordKind::Audit => "audit",
            RecordKind::Unknown => "unknown",
        }
    }

    /// The kind named `s` (as in [`RecordKind::as_str`]); anything else is `Unknown`.
    pub fn parse(s: &str) -> RecordKind {
        match s {
            "case" => RecordKind::Case,
            "person" => RecordKind::Person,
            "statement" => RecordKind::Statement,
            "assessment" => RecordKind::Assessment,
            "order" => RecordKind::Order,
            "document" => RecordKind::Document,
            "audit" => RecordKind::Audit,
            _ => RecordKind::Unknown,
        }
    }
}

/// One record version as the device queued it. The signature covers the canonical bytes of this
/// whole struct; `payload_sha256` is the SHA-256 of the payload's canonical bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordEnvelope {
    pub device_id: Uuid,
    /// The device's sequence number for this version: 1, 2, 3… with no gaps.
    #[schemars(range(min = 1, max = shapes::MAX_SEQ))]
    pub seq: u64,
    /// Unique per record version.
    pub version_id: Uuid,
    pub record_id: Uuid,
    /// `case`, `person`, `statement`, `assessment`, `order`, `document` or `audit`. Any other
    /// kind (a newer device's) is kept in quarantine, never a refused batch.
    #[schemars(with = "String")]
    pub kind: RecordKind,
    /// The record's version: 1, 2, 3…
    #[schemars(range(min = 1, max = u32::MAX))]
    pub version: u32,
    /// The record this one corrects (an addendum), if any.
    #[serde(default)]
    pub amends: Option<Uuid>,
    /// The officer's badge.
    #[schemars(pattern(shapes::BADGE))]
    pub officer: String,
    /// When the device recorded it (device clock).
    pub created_at: DateTime<Utc>,
    pub payload: Value,
    #[schemars(pattern(shapes::SHA256))]
    pub payload_sha256: String,
}

/// An envelope with the device's Ed25519 signature (unpadded base64url).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignedEnvelope {
    pub envelope: RecordEnvelope,
    #[schemars(pattern(shapes::SIGNATURE))]
    pub signature: String,
}

impl RecordEnvelope {
    /// An envelope for `payload`, its digest computed here.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        device_id: Uuid,
        seq: u64,
        version_id: Uuid,
        record_id: Uuid,
        kind: RecordKind,
        version: u32,
        amends: Option<Uuid>,
        officer: String,
        created_at: DateTime<Utc>,
        payload: Value,
    ) -> Result<Self, SigningError> {
        let payload_sha256 = payload_digest(&payload)?;
        Ok(Self {
            device_id,
            seq,
            version_id,
            record_id,
            kind,
            version,
            amends,
            officer,
            created_at,
            payload,
            payload_sha256,
        })
    }

    /// Sign with the device key.
    pub fn sign(self, key: &DeviceKey) -> Result<SignedEnvelope, SigningError> {
        let bytes = canonical::to_vec(&self).map_err(|e| SigningError::Encoding(e.to_string()))?;
        Ok(SignedEnvelope {
            signature: key.sign(&bytes),
            envelope: self,
        })
    }
}

/// SHA-256 (hex) of a payload's canonical bytes.
pub fn payload_digest(payload: &Value) -> Result<String, SigningError> {
    canonical::to_vec(payload)
        .map(|b| signing::sha256_hex(&b))
        .map_err(|e| SigningError::Encoding(e.to_string()))
}

/// Why a signed envelope is not what it claims to be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    #[error("the payload's SHA-256 is not the one the envelope states")]
    DigestMismatch,
    #[error(transparent)]
    Signature(#[from] SigningError),
}

impl SignedEnvelope {
    /// Check the signature with the device's public key, and the payload digest.
    pub fn verify(&self, public_key: &str) -> Result<(), EnvelopeError> {
        let bytes =
            canonical::to_vec(&self.envelope).map_err(|e| SigningError::Encoding(e.to_string()))?;
        signing::verify(public_key, &bytes, &self.signature)?;
        if payload_digest(&self.envelope.payload)? != self.envelope.payload_sha256 {
            return Err(EnvelopeError::DigestMismatch);
        }
        Ok(())
    }
}

/// `POST /v1/enroll` — a device at the station presents the one-time token the station printed
/// and registers its public key. Not signed (the device has no identity yet); the token is the
/// proof.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrollRequest {
    /// The one-time token (an unknown, expired or used one is refused with 401 `bad_token`).
    #[schemars(pattern(shapes::TOKEN))]
    pub token: String,
    /// Ed25519 public key, unpadded base64url of 32 bytes.
    #[schemars(pattern(shapes::PUBLIC_KEY))]
    pub public_key: String,
    /// A label for the station's lists ("Tablet PS Liman 3").
    #[schemars(length(max = shapes::MAX_LABEL_CHARS))]
    pub label: String,
    #[schemars(length(max = shapes::MAX_APP_VERSION_CHARS))]
    pub app_version: String,
    pub device_time: DateTime<Utc>,
    /// The device's second Ed25519 public key (unpadded base64url of 32 bytes), which can do one
    /// thing only: ask `POST /v1/status` whether the device was revoked, while its store is
    /// locked. Absent from devices built before it existed (they register it later through
    /// `POST /v1/status-key`). Another key than `public_key` (else 422 `same_key`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(pattern(shapes::PUBLIC_KEY))]
    pub status_public_key: Option<String>,
}

/// The enrolled device's identity and the central record's CA to pin from now on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EnrollResponse {
    pub device_id: Uuid,
    /// PEM of the CA that signs the central record's server certificate.
    pub ca_certificate_pem: String,
    pub server_time: DateTime<Utc>,
}

/// `POST /v1/push` — a batch of record versions, in `seq` order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    #[schemars(length(max = MAX_PUSH_ENVELOPES))]
    pub envelopes: Vec<SignedEnvelope>,
    pub device_time: DateTime<Utc>,
}

/// What the central record did with one envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptOutcome {
    /// Stored. A version sent again with the same digest gets this very receipt again (same
    /// outcome, same `received_at`): resending is never an error and never stores twice.
    Accepted,
    /// The same version id with a different digest: kept for review, nothing overwritten.
    Conflict,
    /// Invalid (unknown kind, bad signature, malformed payload): kept aside with the reason; the
    /// rest of the batch goes on.
    Quarantined,
}

/// One envelope's receipt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    #[schemars(range(min = 1, max = shapes::MAX_SEQ))]
    pub seq: u64,
    pub version_id: Uuid,
    pub outcome: ReceiptOutcome,
    /// For `quarantined` and `conflict`: why, in English for the station (codes for the UI).
    #[serde(default)]
    pub reason: Option<String>,
    /// When the central record first received this version.
    pub received_at: DateTime<Utc>,
}

/// The answer to a push: a receipt per envelope, and the highest `seq` up to which the central
/// record holds every version of this device (the device resends from the first gap).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PushResponse {
    pub receipts: Vec<Receipt>,
    pub acked_seq: u64,
    pub server_time: DateTime<Utc>,
    /// The newest entry of this device's audit chain that the central record holds with every
    /// entry before it linked and none missing: the anchor the device's `verify` checks its own
    /// chain against. Absent until an audit entry has arrived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_head: Option<AuditHead>,
}

/// One entry of a device's audit chain, by its sequence number and hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AuditHead {
    /// The audit entry's `seq` on the device (1, 2, 3…; not the outbox `seq`).
    #[schemars(range(min = 1))]
    pub seq: u64,
    /// Its SHA-256 chain hash (lower-case hex).
    #[schemars(pattern(shapes::SHA256))]
    pub hash: String,
}

/// `POST /v1/status-key` — an enrolled device (signed with its device key, while unlocked)
/// registers or replaces its status key: devices enrolled before status keys existed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusKeyRequest {
    /// Ed25519 public key, unpadded base64url of 32 bytes; another key than the device key
    /// (else 422 `same_key`).
    #[schemars(pattern(shapes::PUBLIC_KEY))]
    pub status_public_key: String,
}

/// `POST /v1/status` — a locked device asks whether it was revoked. Signed with the status key
/// (`signing::status_signing_bytes`), never the device key; the body is empty. The answer says
/// that and nothing else.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StatusResponse {
    pub revoked: bool,
}

mod feed;
pub use feed::{
    ChainEvent, ChainParty, Change, ChangeKind, CourtOutcome, FeedResponse, OfficerRole,
};
mod history;
pub use history::{
    HistoryCase, HistoryFirearm, HistoryMatch, HistoryOrder, HistoryRequest, HistoryResponse,
    InForceChange, InForceEntry, InForceKey, InForceList, LOOKUP_PURPOSE_CODES, LookupPurpose,
    MatchStrength, ViolationAccepted, ViolationReport,
};

/// How much of an attachment the central record holds (`GET`/`PUT
/// /v1/attachments/{record_id}/{sha256}`); an upload resumes at `received`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AttachmentStatus {
    pub record_id: Uuid,
    #[schemars(pattern(shapes::SHA256))]
    pub sha256: String,
    pub size: u64,
    pub received: u64,
    /// All bytes are there and their SHA-256 matched.
    pub complete: bool,
}

/// Every refusal: an HTTP status with a stable code and an English explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Problem {
    #[schemars(range(min = 400, max = 599))]
    pub status: u16,
    /// E.g. `unknown_device`, `revoked`, `replayed`, `bad_signature`, `stale_timestamp`,
    /// `bad_token`, `unsupported_version`.
    #[schemars(pattern(shapes::PROBLEM_CODE))]
    pub code: String,
    pub detail: String,
    /// The server's clock when it refused: a device whose clock is off learns the offset from a
    /// `stale_timestamp` refusal and signs its retry with corrected time.
    #[serde(default)]
    pub server_time: Option<DateTime<Utc>>,
}

/// The stable `code`s of [`Problem`], shared by the server that sends them and the device that
/// acts on them.
pub mod codes {
    /// The body or a parameter could not be read (400).
    pub const MALFORMED: &str = "malformed";
    /// No device with this id is enrolled (401).
    pub const UNKNOWN_DEVICE: &str = "unknown_device";
    /// The request signature does not verify with the device's registered key (401).
    pub const BAD_SIGNATURE: &str = "bad_signature";
    /// The request's timestamp is outside the replay window of the server's clock (401).
    pub const STALE_TIMESTAMP: &str = "stale_timestamp";
    /// The nonce was already used within the replay window (401).
    pub const REPLAYED: &str = "replayed";
    /// The device was revoked: it must wipe its keys (403).
    pub const REVOKED: &str = "revoked";
    /// The enrolment token is unknown, expired or already used (401).
    pub const BAD_TOKEN: &str = "bad_token";
    /// A status request from a device that has no status key registered (401): it must sync once
    /// while unlocked, which registers one.
    pub const NO_STATUS_KEY: &str = "no_status_key";
    /// A status key that is the device key itself (422): the status key must be a second key.
    pub const SAME_KEY: &str = "same_key";
    /// An attachment chunk did not start where the server's copy ends (409).
    pub const OFFSET_MISMATCH: &str = "offset_mismatch";
    /// The complete attachment's SHA-256 is not the one in its path (422); the upload restarts.
    pub const HASH_MISMATCH: &str = "hash_mismatch";
    /// Too big: a batch, a chunk or an attachment over the limits (413).
    pub const TOO_LARGE: &str = "too_large";
    /// A new attachment would take the device's attachments (stored and incomplete, each at its
    /// declared size) past the device's quota (413). Attachment-level: the device notes it on the
    /// document and offers it again every round; the station raises the quota or clears space.
    pub const QUOTA_EXCEEDED: &str = "quota_exceeded";
    /// Too many requests from this device or this address (429, with `Retry-After` in seconds):
    /// nothing was done; try again after that long.
    pub const RATE_LIMITED: &str = "rate_limited";
    /// The server is at its limit of requests in progress (503, with `Retry-After`): nothing was
    /// done; try again after that long.
    pub const OVERLOADED: &str = "overloaded";
    /// The request (or its body) did not arrive in time (408); it may be sent again.
    pub const REQUEST_TIMEOUT: &str = "request_timeout";
    /// No such endpoint (404).
    pub const NOT_FOUND: &str = "not_found";
    /// The endpoint exists but not with this method (405).
    pub const METHOD_NOT_ALLOWED: &str = "method_not_allowed";
    /// An attachment for a record this device has not sent, or that another device began (403).
    /// Attachments belong to their record's device.
    pub const UNKNOWN_RECORD: &str = "unknown_record";
    /// A history lookup for a person who is not in an open case of this device as the central
    /// record holds it (403): the device pushes the case first; any other person is refused
    /// (and the refusal audited).
    pub const NOT_IN_OPEN_CASE: &str = "not_in_open_case";
    /// A history lookup without a purpose, or with one the device does not know (400).
    pub const PURPOSE_REQUIRED: &str = "purpose_required";
    /// A history lookup by an officer not on the roster at the request's instant (403).
    pub const UNKNOWN_OFFICER: &str = "unknown_officer";
    /// A history lookup for a person whose record, as pushed, has neither a JMBG nor a family
    /// name, given name and date of birth to look up by (422).
    pub const NOTHING_TO_LOOK_UP: &str = "nothing_to_look_up";
    /// A violation report on an order the central record does not hold, or whose perpetrator is
    /// not a person of the report's case as pushed (403; which of the two is not said).
    pub const NOT_THE_PERPETRATOR: &str = "not_the_perpetrator";
    /// A violation report core's law does not admit on the order as it stands, e.g. one after
    /// its measures ended (422; the detail names core's refusal).
    pub const NOT_ADMITTED: &str = "not_admitted";
    /// A field fits its shape but not the rules core checks it by — a violation report's words
    /// that are only spaces or hold a control character, a time still to come (422; the detail
    /// names the field).
    pub const INVALID_FIELD: &str = "invalid_field";
    /// The server failed; the request can be retried (500/503).
    pub const INTERNAL: &str = "internal";
}

/// Most envelopes one push may carry.
pub const MAX_PUSH_ENVELOPES: usize = 500;
/// Largest push body the server reads.
pub const MAX_PUSH_BYTES: usize = 8 * 1024 * 1024;
/// Largest violation report the server reads: two narratives of at most 100,000 characters
/// each, every one of which JSON may write as an escaped surrogate pair (12 bytes), and the rest.
pub const MAX_VIOLATION_BYTES: usize = 2 * 100_000 * 12 + 16 * 1024;
/// Largest attachment chunk the server takes in one request.
pub const MAX_CHUNK_BYTES: usize = 1024 * 1024;
/// Largest attachment.
pub const MAX_ATTACHMENT_BYTES: u64 = 100 * 1024 * 1024;
/// Most changes one feed page carries.
pub const MAX_FEED_PAGE: u32 = 1000;
/// Most changes one page of the in-force list carries.
pub const MAX_IN_FORCE_PAGE: u32 = 2000;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
