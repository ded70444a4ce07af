//! The application-service layer: every operation an officer can perform, as a typed
//! request → response function. The Tauri commands, the `zastita` CLI and the tests all call
//! these and nothing below them.
//!
//! A [`Device`] is a store directory whose database is still locked: it can list the enrolled
//! badges, report the lockout state and unlock. Unlocking yields a [`Session`], which owns the open
//! encrypted store and acts as one officer; every change it makes is audited under that badge.

mod assessments;
mod cases;
mod device;
mod documents;
mod history;
mod history_list;
mod instruments;
mod legal;
mod officers;
mod order_wizard;
mod orders;
mod prefs;
mod purpose;
mod revocation;
mod settings;
mod statements;
mod sync_attachments;
mod sync_enroll;
mod sync_feed;
mod sync_state;
#[doc(hidden)]
pub mod testing;
mod timeline;

pub use assessments::{
    AssessmentView, CompleteAssessmentRequest, RAISE_REASON_MAX_CHARS, SaveAssessmentRequest,
    StartAssessmentRequest,
};
pub use cases::{
    CaseContent, CaseSummary, CaseView, ListCasesRequest, RecordCaseResponse, SaveCaseDraftRequest,
    SaveDraftResponse, SummaryInfo,
};
pub use device::{Device, DeviceConfig, DeviceStatus, InitRequest, UnlockRequest};
pub use documents::{DocumentInfo, GenerateDocumentRequest, GeneratedDocument};
pub(crate) use history::source_line as history_source_line;
pub use history::{
    AcceptSuggestionRequest, DecideMatchRequest, HistoryEntry, HistorySource, PersonHistory,
    PersonHistoryRequest, PersonQuery, ReportViolationRequest, Unchecked, ViolationRecorded,
    ViolationReportView,
};
pub use history_list::{InForceListEntry, InForceOutcome};
pub use instruments::NotOffered;
pub use legal::{LegalSummary, OrderBadge, RiskBadge};
pub use officers::{AddOfficerRequest, ChangePassphraseRequest, OfficerInfo, OfficerRole};
pub use order_wizard::OrderWizardStart;
pub use orders::{OrderView, RecordOrderEventRequest, SaveOrderDraftRequest};
pub use prefs::{AUTO_LOCK_MINUTES, Language, PREFS_FILE, Prefs, Theme};
pub use purpose::{ConsultDetail, SetPurposeRequest};
pub use revocation::RevocationCheck;
pub use statements::{SignStatementRequest, StartStatementRequest, StatementView};
pub use timeline::{MAX_TIMELINE_EVENTS, TimelineEvent};

use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use std::path::Path;
use uuid::Uuid;

use crate::audit::{self, Action, NewEntry, Outcome};
use crate::clock::to_db;
use crate::error::Error;
use crate::keyring::{Keyring, PendingEventKind};
use crate::keys::{self, DataKey, Passphrase};
use crate::store::{DB_FILE, Store};

/// Problems that stop even an autosave: content beyond the size limits. Everything else is what
/// a draft is allowed to have.
pub(crate) fn blocking(errors: &[crate::domain::FieldError]) -> Vec<crate::domain::FieldError> {
    use crate::domain::FieldErrorCode::{TooLong, TooMany};
    errors
        .iter()
        .filter(|e| matches!(e.code, TooLong { .. } | TooMany { .. }))
        .cloned()
        .collect()
}

/// Decode the JSON `data` column of every row `sql` returns for `key`.
pub(crate) fn json_rows<T: serde::de::DeserializeOwned>(
    conn: &rusqlite::Connection,
    sql: &str,
    key: &str,
) -> Result<Vec<T>, Error> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([key], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for row in rows {
        out.push(serde_json::from_str(&row?).map_err(crate::store::StoreError::from)?);
    }
    Ok(out)
}

/// Create the store directory readable by its owner only: the files are encrypted, but there is
/// no reason for other accounts on a shared laptop to copy them for an offline attack. A directory
/// that already holds other files keeps its permissions (it may be someone's home).
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if std::fs::read_dir(dir)?.next().is_none() {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
    }
    Ok(())
}

/// The database's files: itself, and what SQLite keeps beside it while open.
const DB_FILES: [&str; 4] = ["", "-wal", "-shm", "-journal"];

/// Delete the database and its WAL, shared-memory and journal files (those that exist). Used
/// where nobody can ever read them: an aborted creation, and a revoked device after its keys
/// were destroyed (keys first, then files).
fn remove_db_files(dir: &Path) -> std::io::Result<()> {
    let mut first_error = None;
    for suffix in DB_FILES {
        match std::fs::remove_file(dir.join(format!("{DB_FILE}{suffix}"))) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    first_error.map_or(Ok(()), Err)
}

/// An unlocked store, acting as one officer.
pub struct Session {
    store: Store,
    /// Kept for wrapping it for a newly enrolled officer; zeroized on drop.
    dek: DataKey,
    keyring: Keyring,
    officer: OfficerInfo,
    device_id: Uuid,
    config: DeviceConfig,
    /// The built-in risk instruments are known to be in the store (checked once a session).
    builtin_instruments_stored: bool,
    /// The purposes given in this session (EU Directive 2016/680 logging), forgotten at lock.
    purposes: purpose::Purposes,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("officer", &self.officer.badge)
            .field("device_id", &self.device_id)
            .finish_non_exhaustive()
    }
}

/// Result of `verify`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerifyReport {
    pub ok: bool,
    pub schema_version: usize,
    /// Problems SQLCipher's page check and SQLite's integrity check found.
    pub integrity_problems: Vec<String>,
    pub audit_entries: u64,
    pub audit_break: Option<String>,
}

impl Session {
    pub fn officer(&self) -> &OfficerInfo {
        &self.officer
    }

    pub fn device_id(&self) -> Uuid {
        self.device_id
    }

    /// A short tag for this device on paper (provisional order numbers, document footers): the
    /// last 6 hex digits of its id. A UUIDv7 begins with its creation time, so the first digits
    /// would be the same for every device enrolled the same afternoon; the last are random.
    pub(crate) fn device_tag(&self) -> String {
        let hex = self.device_id.simple().to_string().to_uppercase();
        hex.get(hex.len().saturating_sub(6)..)
            .unwrap_or(&hex)
            .to_owned()
    }

    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.config.clock.now()
    }

    /// An audit entry by this session's officer.
    pub(crate) fn entry(
        &self,
        action: Action,
        target: Option<String>,
        outcome: Outcome,
        detail: Option<String>,
    ) -> NewEntry {
        NewEntry {
            at: self.now(),
            officer: Some(self.officer.badge.clone()),
            action,
            target,
            outcome,
            detail,
        }
    }

    /// Append one audit entry in a transaction of its own.
    pub(crate) fn audit_alone(&mut self, e: NewEntry) -> Result<(), Error> {
        let tx = self.store.transaction()?;
        audit::append(&tx, &e)?;
        tx.commit().map_err(crate::store::StoreError::from)?;
        Ok(())
    }

    /// Move the security events recorded while locked into the audit log, log the unlock, and
    /// raise the key-derivation cost of this officer's wrap if it is below the configured one.
    ///
    /// The events reach the audit log (committed) before the keyring forgets them, so a crash in
    /// between loses none; each is logged under its id, and one already in the log (that crash,
    /// then this unlock) is not logged again. Only the events logged are forgotten: one another
    /// process notes meanwhile waits for the next unlock.
    fn finish_unlock(&mut self, passphrase: &Passphrase, now: DateTime<Utc>) -> Result<(), Error> {
        let badge = self.officer.badge.clone();
        let pending = self.keyring.file().pending_events.clone();
        let rewrap = self
            .keyring
            .officer(&badge)
            .filter(|o| o.wrapped.kdf.is_below(&self.config.kdf))
            .map(|_| keys::wrap(&self.dek, passphrase, &badge, &self.config.kdf))
            .transpose()?;
        let tx = self.store.transaction()?;
        for ev in &pending {
            let target = ev.audit_target();
            let logged = tx
                .query_row(
                    "SELECT 1 FROM audit WHERE target = ?1 LIMIT 1",
                    [&target],
                    |_| Ok(()),
                )
                .optional()
                .map_err(crate::store::StoreError::from)?
                .is_some();
            if logged {
                continue;
            }
            let (action, outcome, detail) = match &ev.kind {
                PendingEventKind::FailedUnlock => (Action::FailedUnlock, Outcome::Denied, None),
                PendingEventKind::LockedOut { until } => (
                    Action::Lockout,
                    Outcome::Denied,
                    Some(format!("locked until {}", to_db(*until))),
                ),
            };
            audit::append(
                &tx,
                &NewEntry {
                    at: ev.at,
                    officer: ev.badge.clone(),
                    action,
                    target: Some(target),
                    outcome,
                    detail,
                },
            )?;
        }
        audit::append(
            &tx,
            &NewEntry {
                at: now,
                officer: Some(badge.clone()),
                action: Action::Unlock,
                target: None,
                outcome: Outcome::Ok,
                detail: None,
            },
        )?;
        tx.commit().map_err(crate::store::StoreError::from)?;
        // Most unlocks have no pending events and no rewrap: the keyring is left alone.
        if !pending.is_empty() || rewrap.is_some() {
            let logged: Vec<Uuid> = pending.iter().map(|e| e.id).collect();
            self.keyring.save(|f| {
                f.pending_events.retain(|e| !logged.contains(&e.id));
                if let (Some(w), Some(o)) =
                    (rewrap, f.officers.iter_mut().find(|o| o.badge == badge))
                {
                    o.wrapped = w;
                }
            })?;
        }
        Ok(())
    }

    /// Whether the central record revoked this device (its keys are destroyed): the adapter must
    /// end the session at once with [`Session::close_revoked`].
    pub fn is_revoked(&self) -> bool {
        self.keyring.file().wiped_because() == Some(crate::keyring::WipeReason::Revoked)
    }

    /// End a revoked session: close the database (the data key leaves memory) and delete it with
    /// its WAL and shared-memory files — only once `keyring.json` on disk says the keys are
    /// destroyed (keys first, then files). A session that is not revoked is only dropped (its
    /// database kept; lock it instead).
    pub fn close_revoked(self) -> Result<(), Error> {
        let Session { store, dek, .. } = self;
        let dir = store.dir().to_path_buf();
        drop(store);
        drop(dek);
        let on_disk = Keyring::load(&dir)?;
        if on_disk.file().wiped_because() == Some(crate::keyring::WipeReason::Revoked) {
            remove_db_files(&dir).map_err(|e| crate::keyring::KeyringError::from_io(e, &dir))?;
        }
        Ok(())
    }

    /// Check the database pages (SQLCipher HMACs and SQLite structure) and the audit chain.
    pub fn verify(&mut self) -> Result<VerifyReport, Error> {
        let integrity_problems = self.store.integrity_problems()?;
        let (audit_entries, mut audit_break) = match audit::verify_chain(self.store.conn()) {
            Ok(Ok(n)) => (n, None),
            Ok(Err(b)) => (0, Some(b.to_string())),
            Err(e) => (0, Some(format!("the audit log cannot be read: {e}"))),
        };
        // A chain intact from end to end may still have lost its newest entries: the central
        // record's anchor says how far it reached.
        if audit_break.is_none() {
            audit_break = match audit::check_anchor(self.store.conn()) {
                Ok(b) => b.map(|b| b.to_string()),
                Err(e) => Some(format!("the audit anchor cannot be read: {e}")),
            };
        }
        let report = VerifyReport {
            ok: integrity_problems.is_empty() && audit_break.is_none(),
            schema_version: self.store.schema_version().unwrap_or(0),
            integrity_problems,
            audit_entries,
            audit_break,
        };
        let outcome = if report.ok {
            Outcome::Ok
        } else {
            Outcome::Failed
        };
        let e = self.entry(Action::Verify, None, outcome, None);
        // A damaged store may refuse the write; the report matters more than its audit line.
        let _ = self.audit_alone(e);
        Ok(report)
    }

    /// Explain a failed operation: a generic database error on a damaged file becomes
    /// [`crate::store::StoreError::Damaged`] with what SQLCipher found. Adapters call this on the
    /// error path only (it checks every page).
    pub fn diagnose(&self, e: Error) -> Error {
        match e {
            Error::Store(se) => Error::Store(self.store.diagnose(se)),
            other => other,
        }
    }

    /// The newest audit entries, newest first.
    pub fn audit_log(&self, limit: u32) -> Result<Vec<audit::Entry>, Error> {
        Ok(audit::recent(self.store.conn(), limit)?)
    }

    /// Number of record versions waiting for the central record.
    pub fn pending_outbox(&self) -> Result<u64, Error> {
        Ok(crate::outbox::pending_count(self.store.conn())?)
    }

    /// Lock: log it and close the store (the data key is dropped and zeroized).
    pub fn lock(mut self) -> Result<(), Error> {
        let e = self.entry(Action::Lock, None, Outcome::Ok, None);
        self.audit_alone(e)?;
        self.store.checkpoint()?;
        Ok(())
    }

    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    pub(crate) fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// Whether a case with this id exists.
    pub(crate) fn case_exists(&self, id: &str) -> Result<bool, Error> {
        Ok(self
            .store
            .conn()
            .query_row("SELECT 1 FROM cases WHERE id = ?1", [id], |_| Ok(()))
            .optional()
            .map_err(crate::store::StoreError::from)?
            .is_some())
    }
}
