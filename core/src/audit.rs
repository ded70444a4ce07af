//! The audit log: who did what, when, with what outcome — append-only and hash-chained inside the
//! encrypted store. Each entry's hash covers its fields and the previous entry's hash, so removing,
//! reordering or editing any entry breaks the chain from that point on.
//!
//! **Invariant:** entries carry ids, badges and codes, never personal data (no names, no text).
//! The one exception is a consultation's purpose (EU Directive 2016/680 logging): the officer's own words with the
//! purpose code and an export's recipient, each at most 200 characters on one line
//! (`domain::purpose`), kept as JSON in `detail`.
//! **Invariant:** an entry is written in the same transaction as the change it describes.
//! **Invariant:** every entry is also queued in the outbox (kind `audit`) in that transaction: the
//! audit log syncs to the central record like any other record (DESIGN §4), which anchors its head
//! off the device.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use zastita_protocol::signing::sha256_hex;

use crate::clock::to_db;
use crate::domain::Badge;
use crate::store::StoreError;

mod anchor;
pub use anchor::{anchor, check_anchor, set_anchor};

/// Hash that stands before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Action {
    Init,
    Unlock,
    FailedUnlock,
    Lockout,
    Lock,
    OfficerAdd,
    PassphraseChange,
    Create,
    /// A consultation: a case was opened and read.
    View,
    Update,
    Record,
    Sign,
    Import,
    Export,
    Verify,
    /// A risk assessment was completed.
    Assess,
    /// An emergency-measure order was issued.
    Issue,
    /// The order was served on the perpetrator. The entries after it are the other events on an
    /// issued order.
    Serve,
    Forward,
    /// The prosecutor's office received the order (from the central record).
    ProsecutorReceived,
    /// The prosecutor evaluated the risk assessment (from the central record).
    ProsecutorEvaluated,
    /// The basic court received the prosecutor's proposal (from the central record).
    ProposalReceived,
    CourtDecision,
    Lift,
    Violation,
    Appeal,
    EscortedVisit,
    WelfareNotified,
    OfficialNumber,
    ExtensionProposed,
    /// The prosecutor decided not to propose an extension.
    ProsecutorDeclined,
    /// A party received the court's decision.
    DecisionReceived,
    /// The basic court forwarded an appeal to the higher court.
    AppealForwarded,
    /// The higher court decided on an appeal.
    HigherCourtDecision,
    /// A document (order, receipt, summary) was generated.
    Print,
    /// The device was enrolled with the central record.
    Enrol,
    /// A sync round with the central record (pushed, uploaded, applied counts; no content).
    Sync,
    /// The central record removed an officer: their key wrap left this device.
    OfficerRemove,
    /// The device's keys were destroyed (revoked by the central record).
    Wipe,
}

impl Action {
    /// Every action, for parsing stored entries back.
    pub const ALL: [Action; 39] = [
        Action::Init,
        Action::Unlock,
        Action::FailedUnlock,
        Action::Lockout,
        Action::Lock,
        Action::OfficerAdd,
        Action::PassphraseChange,
        Action::Create,
        Action::View,
        Action::Update,
        Action::Record,
        Action::Sign,
        Action::Import,
        Action::Export,
        Action::Verify,
        Action::Assess,
        Action::Issue,
        Action::Serve,
        Action::Forward,
        Action::ProsecutorReceived,
        Action::ProsecutorEvaluated,
        Action::ProposalReceived,
        Action::CourtDecision,
        Action::Lift,
        Action::Violation,
        Action::Appeal,
        Action::EscortedVisit,
        Action::WelfareNotified,
        Action::OfficialNumber,
        Action::ExtensionProposed,
        Action::ProsecutorDeclined,
        Action::DecisionReceived,
        Action::AppealForwarded,
        Action::HigherCourtDecision,
        Action::Print,
        Action::Enrol,
        Action::Sync,
        Action::OfficerRemove,
        Action::Wipe,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Init => "init",
            Action::Unlock => "unlock",
            Action::FailedUnlock => "failed_unlock",
            Action::Lockout => "lockout",
            Action::Lock => "lock",
            Action::OfficerAdd => "officer_add",
            Action::PassphraseChange => "passphrase_change",
            Action::Create => "create",
            Action::View => "view",
            Action::Update => "update",
            Action::Record => "record",
            Action::Sign => "sign",
            Action::Import => "import",
            Action::Export => "export",
            Action::Verify => "verify",
            Action::Assess => "assess",
            Action::Issue => "issue",
            Action::Serve => "serve",
            Action::Forward => "forward",
            Action::ProsecutorReceived => "prosecutor_received",
            Action::ProsecutorEvaluated => "prosecutor_evaluated",
            Action::ProposalReceived => "proposal_received",
            Action::CourtDecision => "court_decision",
            Action::Lift => "lift",
            Action::Violation => "violation",
            Action::Appeal => "appeal",
            Action::EscortedVisit => "escorted_visit",
            Action::WelfareNotified => "welfare_notified",
            Action::OfficialNumber => "official_number",
            Action::ExtensionProposed => "extension_proposed",
            Action::ProsecutorDeclined => "prosecutor_declined",
            Action::DecisionReceived => "decision_received",
            Action::AppealForwarded => "appeal_forwarded",
            Action::HigherCourtDecision => "higher_court_decision",
            Action::Print => "print",
            Action::Enrol => "enrol",
            Action::Sync => "sync",
            Action::OfficerRemove => "officer_remove",
            Action::Wipe => "wipe",
        }
    }

    fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// How it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Outcome {
    Ok,
    Denied,
    Failed,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Denied => "denied",
            Outcome::Failed => "failed",
        }
    }

    fn parse(s: &str) -> Option<Outcome> {
        [Outcome::Ok, Outcome::Denied, Outcome::Failed]
            .into_iter()
            .find(|o| o.as_str() == s)
    }
}

/// An entry to append (and, inside [`Entry`], one appended).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewEntry {
    pub at: DateTime<Utc>,
    pub officer: Option<Badge>,
    pub action: Action,
    /// What it was done to, e.g. `case:0192…` (ids only).
    pub target: Option<String>,
    pub outcome: Outcome,
    /// Non-personal detail, e.g. "5 failures, locked 10 min".
    pub detail: Option<String>,
}

/// A stored entry: what was appended, its place in the chain and its hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub seq: i64,
    #[serde(flatten)]
    pub entry: NewEntry,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of an entry: SHA-256 over a domain tag and every field, each length-prefixed so no
/// two different entries share an input. Frozen by a test vector: changing it breaks old chains.
pub fn entry_hash(seq: i64, e: &NewEntry, prev_hash: &str) -> String {
    let mut input = Vec::with_capacity(256);
    input.extend_from_slice(b"zastita-audit-v1");
    let seq_text = seq.to_string();
    let at = to_db(e.at);
    let fields: [&str; 7] = [
        &seq_text,
        &at,
        e.officer.as_ref().map(Badge::as_str).unwrap_or(""),
        e.action.as_str(),
        e.target.as_deref().unwrap_or(""),
        e.outcome.as_str(),
        e.detail.as_deref().unwrap_or(""),
    ];
    for f in fields {
        input.extend_from_slice(&(f.len() as u64).to_be_bytes());
        input.extend_from_slice(f.as_bytes());
    }
    input.extend_from_slice(prev_hash.as_bytes());
    sha256_hex(&input)
}

/// The record id of the audit entry with this hash, as queued for the central record: a UUID
/// (version 8, "custom") made of the hash's first 16 bytes, so it is derived, never stored, and
/// the same on every reading of the chain.
pub fn record_id(hash: &str) -> uuid::Uuid {
    let mut bytes = [0u8; 16];
    for (i, b) in bytes.iter_mut().enumerate() {
        *b = hash
            .get(i * 2..i * 2 + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0);
    }
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

/// Append an entry inside the caller's transaction, and queue it for the central record in the
/// same transaction.
pub fn append(tx: &Transaction<'_>, e: &NewEntry) -> Result<i64, StoreError> {
    let last: Option<(i64, String)> = tx
        .query_row(
            "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (seq, prev) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS.to_owned()),
    };
    let hash = entry_hash(seq, e, &prev);
    tx.execute(
        "INSERT INTO audit (seq, at, officer, action, target, outcome, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            seq,
            to_db(e.at),
            e.officer.as_ref().map(Badge::as_str),
            e.action.as_str(),
            e.target,
            e.outcome.as_str(),
            e.detail,
            prev,
            hash
        ],
    )?;
    let entry = Entry {
        seq,
        entry: e.clone(),
        prev_hash: prev,
        hash,
    };
    crate::outbox::enqueue_as(
        tx,
        crate::outbox::RecordKind::Audit,
        record_id(&entry.hash),
        1,
        e.officer
            .as_ref()
            .map(Badge::as_str)
            .unwrap_or(crate::outbox::NO_OFFICER),
        e.at,
        &entry,
    )?;
    Ok(seq)
}

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawEntry> {
    Ok(RawEntry {
        seq: r.get(0)?,
        at: r.get(1)?,
        officer: r.get(2)?,
        action: r.get(3)?,
        target: r.get(4)?,
        outcome: r.get(5)?,
        detail: r.get(6)?,
        prev_hash: r.get(7)?,
        hash: r.get(8)?,
    })
}

struct RawEntry {
    seq: i64,
    at: String,
    officer: Option<String>,
    action: String,
    target: Option<String>,
    outcome: String,
    detail: Option<String>,
    prev_hash: String,
    hash: String,
}

impl RawEntry {
    fn decode(self) -> Result<Entry, String> {
        let at = DateTime::parse_from_rfc3339(&self.at)
            .map_err(|_| format!("entry {}: unreadable time", self.seq))?
            .with_timezone(&Utc);
        let officer = match self.officer {
            Some(b) => {
                Some(Badge::parse(&b).map_err(|_| format!("entry {}: bad badge", self.seq))?)
            }
            None => None,
        };
        let action = Action::parse(&self.action)
            .ok_or_else(|| format!("entry {}: unknown action", self.seq))?;
        let outcome = Outcome::parse(&self.outcome)
            .ok_or_else(|| format!("entry {}: unknown outcome", self.seq))?;
        Ok(Entry {
            seq: self.seq,
            entry: NewEntry {
                at,
                officer,
                action,
                target: self.target,
                outcome,
                detail: self.detail,
            },
            prev_hash: self.prev_hash,
            hash: self.hash,
        })
    }
}

const SELECT: &str =
    "SELECT seq, at, officer, action, target, outcome, detail, prev_hash, hash FROM audit";

/// The newest `limit` entries, newest first.
pub fn recent(conn: &rusqlite::Connection, limit: u32) -> Result<Vec<Entry>, StoreError> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY seq DESC LIMIT ?1"))?;
    decode_all(stmt.query_map([limit], read_row)?)
}

/// How the `detail` of a consultation belonging to `subject` (`case:…`) begins: its purpose is
/// JSON whose first key is the case (`app/purpose.rs`, `ConsultDetail`).
pub fn consultation_prefix(subject: &str) -> String {
    format!("{{\"case\":\"{subject}\"")
}

/// Entries about one subject (e.g. `case:…`): those that target it, those that name it as their
/// detail (a statement's entries name its case) and the consultations that belong to it (their
/// detail starts `{"case":"case:…"`, `app/purpose.rs`), oldest first, at most `limit`.
pub fn about(
    conn: &rusqlite::Connection,
    subject: &str,
    limit: u32,
) -> Result<Vec<Entry>, StoreError> {
    // GLOB (case-sensitive, so the `audit_detail` index serves the prefix); an id has no `*?[`.
    let consultations = format!("{}*", consultation_prefix(subject));
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE target = ?1 OR detail = ?1 OR detail GLOB ?3 ORDER BY seq LIMIT ?2"
    ))?;
    decode_all(stmt.query_map(rusqlite::params![subject, limit, consultations], read_row)?)
}

fn decode_all(
    rows: impl Iterator<Item = rusqlite::Result<RawEntry>>,
) -> Result<Vec<Entry>, StoreError> {
    rows.map(|raw| raw?.decode().map_err(StoreError::Decode))
        .collect()
}

/// Why the chain does not verify.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub enum ChainBreak {
    #[error("audit entries {} to {} are missing", prev + 1, seq - 1)]
    Gap { prev: i64, seq: i64 },
    #[error("audit entry {seq} does not point at the entry before it")]
    Link { seq: i64 },
    #[error("audit entry {seq} was altered (its hash does not match its content)")]
    Altered { seq: i64 },
    #[error("audit entry {seq} cannot be read: {reason}")]
    Unreadable { seq: i64, reason: String },
    #[error(
        "the newest audit entries were cut off: the central record holds this device's chain up \
         to entry {anchored}, but this device's ends at entry {last}"
    )]
    Truncated { anchored: i64, last: i64 },
    #[error(
        "audit entry {seq} is not the one the central record anchored: the chain was cut back \
         and written again after it"
    )]
    NotAnchored { seq: i64 },
}

/// Walk the whole chain; returns the number of entries, or the first break.
pub fn verify_chain(conn: &rusqlite::Connection) -> Result<Result<u64, ChainBreak>, StoreError> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY seq ASC"))?;
    let mut rows = stmt.query([])?;
    let mut prev_seq = 0i64;
    let mut prev_hash = GENESIS.to_owned();
    let mut count = 0u64;
    while let Some(row) = rows.next()? {
        let raw = read_row(row)?;
        let seq = raw.seq;
        if seq != prev_seq + 1 {
            return Ok(Err(ChainBreak::Gap {
                prev: prev_seq,
                seq,
            }));
        }
        if raw.prev_hash != prev_hash {
            return Ok(Err(ChainBreak::Link { seq }));
        }
        let stored_hash = raw.hash.clone();
        let e = match raw.decode() {
            Ok(e) => e,
            Err(reason) => return Ok(Err(ChainBreak::Unreadable { seq, reason })),
        };
        if entry_hash(seq, &e.entry, &prev_hash) != stored_hash {
            return Ok(Err(ChainBreak::Altered { seq }));
        }
        prev_seq = seq;
        prev_hash = stored_hash;
        count += 1;
    }
    Ok(Ok(count))
}

#[cfg(test)]
mod tests;
