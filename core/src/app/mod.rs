//! The application-service layer: every operation an officer can perform, as a typed
//! request → response function. The Tauri commands, the `zastita` CLI and the tests all call
//! these and nothing below them.
//!
//! A [`Device`] is a store directory whose database is still locked: it can list the enrolled
//! badges, report the lockout state and unlock. Unlocking yields a [`Session`], which owns the open
//! encrypted store and acts as one officer; every change it makes is audited under that badge.

mod assessments;
mod cases;
mod documents;
mod legal;
mod officers;
mod order_wizard;
mod orders;
mod prefs;
mod settings;
mod statements;
mod sync_feed;
mod sync_state;
mod timeline;

pub use assessments::{
    AssessmentView, CompleteAssessmentRequest, NotOffered, RAISE_REASON_MAX_CHARS,
    SaveAssessmentRequest, StartAssessmentRequest,
};
pub use cases::{
    CaseContent, CaseSummary, CaseView, ListCasesRequest, RecordCaseResponse, SaveCaseDraftRequest,
    SaveDraftResponse, SummaryInfo,
};
pub use documents::{DocumentInfo, GenerateDocumentRequest, GeneratedDocument};
pub use legal::{LegalSummary, OrderBadge, RiskBadge};
pub use officers::{AddOfficerRequest, ChangePassphraseRequest, OfficerInfo, OfficerRole};
pub use order_wizard::OrderWizardStart;
pub use orders::{OrderView, RecordOrderEventRequest, SaveOrderDraftRequest};
pub use prefs::{AUTO_LOCK_MINUTES, Language, PREFS_FILE, Prefs, Theme};
pub use statements::{SignStatementRequest, StartStatementRequest, StatementView};
pub use timeline::{MAX_TIMELINE_EVENTS, TimelineEvent};

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use uuid::Uuid;

use crate::audit::{self, Action, NewEntry, Outcome};
use crate::clock::{Clock, SystemClock, to_db};
use crate::domain::Badge;
use crate::error::Error;
use crate::keyring::{FailureOutcome, Keyring, PendingEvent, PendingEventKind, UnlockPolicy};
use crate::keys::{self, DataKey, KdfCost, Passphrase};
use crate::store::{DB_FILE, MigrateTo, Store};

/// Settings a device runs with. Production uses [`DeviceConfig::default`]; tests inject a
/// manual clock and a fast KDF.
#[derive(Clone)]
pub struct DeviceConfig {
    pub policy: UnlockPolicy,
    pub kdf: KdfCost,
    pub clock: Arc<dyn Clock>,
}

impl Default for DeviceConfig {
    fn default() -> Self {
        Self {
            policy: UnlockPolicy::default(),
            kdf: KdfCost::DEFAULT,
            clock: Arc::new(SystemClock),
        }
    }
}

impl std::fmt::Debug for DeviceConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceConfig")
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

/// Create a store: the first officer of a new device.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InitRequest {
    pub badge: String,
    pub name: String,
    pub passphrase: Passphrase,
    /// The first officer's rank, printed with his name; may be empty and set later.
    #[serde(default)]
    pub rank: String,
}

/// Unlock the store as one officer.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnlockRequest {
    pub badge: String,
    pub passphrase: Passphrase,
}

/// What the unlock screen shows before anyone has typed anything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeviceStatus {
    pub device_id: Uuid,
    /// Badges enrolled on this device (names are inside the encrypted store).
    pub officers: Vec<Badge>,
    pub consecutive_failures: u32,
    pub locked_until: Option<DateTime<Utc>>,
    /// Set from the warning threshold on: wrong attempts left before the keys are destroyed.
    pub attempts_before_wipe: Option<u32>,
    pub wiped: bool,
}

/// A store directory whose database is locked.
pub struct Device {
    dir: PathBuf,
    keyring: Keyring,
    config: DeviceConfig,
}

impl std::fmt::Debug for Device {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Device")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

impl Device {
    /// Whether `dir` already holds a store.
    pub fn exists(dir: &Path) -> bool {
        Keyring::exists(dir) || dir.join(DB_FILE).exists()
    }

    /// Create a new store in `dir` with its first officer, and open a session for them.
    pub fn init(dir: &Path, req: InitRequest, config: DeviceConfig) -> Result<Session, Error> {
        Self::init_at(dir, req, config, MigrateTo::Latest)
    }

    pub(crate) fn init_at(
        dir: &Path,
        req: InitRequest,
        config: DeviceConfig,
        schema: MigrateTo,
    ) -> Result<Session, Error> {
        Self::init_with(dir, req, config, |dir, dek| {
            Store::open_at(dir, dek, true, schema)
        })
    }

    /// **Benchmark only** (cargo feature `bench`, never enabled by the app or the CLI):
    /// [`Device::init`] over an UNENCRYPTED store, so the bench runs the very same session code
    /// on plain SQLite and reports what encryption costs.
    #[cfg(feature = "bench")]
    #[doc(hidden)]
    pub fn init_plain_for_bench(
        dir: &Path,
        req: InitRequest,
        config: DeviceConfig,
    ) -> Result<Session, Error> {
        Self::init_with(dir, req, config, |dir, _| {
            crate::store::bench::open_plain(dir)
        })
    }

    fn init_with(
        dir: &Path,
        req: InitRequest,
        config: DeviceConfig,
        open: impl FnOnce(&Path, &DataKey) -> Result<Store, crate::store::StoreError>,
    ) -> Result<Session, Error> {
        if Device::exists(dir) {
            return Err(Error::StoreExists {
                dir: dir.to_path_buf(),
            });
        }
        let badge = Badge::parse(&req.badge)?;
        let name = officers::check_name(&req.name)?;
        let rank = officers::check_rank(&req.rank)?;
        crate::passphrase::check(req.passphrase.as_str(), &badge).map_err(Error::WeakPassphrase)?;
        create_private_dir(dir).map_err(|e| crate::keyring::KeyringError::from_io(e, dir))?;

        let now = config.clock.now();
        let device_id = Uuid::now_v7();
        let dek = DataKey::generate()?;
        let wrapped = keys::wrap(&dek, &req.passphrase, &badge, &config.kdf)?;

        let created = (|| {
            let mut store = open(dir, &dek)?;
            let tx = store.transaction()?;
            tx.execute(
                "INSERT INTO device (id, device_id, created_at) VALUES (1, ?1, ?2)",
                params![device_id.to_string(), to_db(now)],
            )
            .map_err(crate::store::StoreError::from)?;
            // The first officer sets the device up at the station: the competent officer.
            officers::insert(
                &tx,
                officers::NewOfficer {
                    badge: &badge,
                    name: &name,
                    role: OfficerRole::Competent,
                    rank: &rank,
                },
                None,
                now,
            )?;
            audit::append(
                &tx,
                &NewEntry {
                    at: now,
                    officer: Some(badge.clone()),
                    action: Action::Init,
                    target: Some(format!("device:{device_id}")),
                    outcome: Outcome::Ok,
                    detail: None,
                },
            )?;
            tx.commit().map_err(crate::store::StoreError::from)?;
            Ok::<_, Error>(store)
        })();
        let store = match created {
            Ok(s) => s,
            Err(e) => {
                remove_db_files(dir);
                return Err(e);
            }
        };
        let keyring = match Keyring::create(dir, device_id, |f| {
            f.officers.push(crate::keyring::OfficerKey {
                badge: badge.clone(),
                wrapped,
                added_at: now,
            });
        }) {
            Ok(k) => k,
            Err(e) => {
                drop(store);
                remove_db_files(dir);
                return Err(e.into());
            }
        };
        Ok(Session {
            store,
            dek,
            keyring,
            officer: OfficerInfo {
                badge,
                name,
                role: OfficerRole::Competent,
                rank,
            },
            device_id,
            config,
            builtin_instruments_stored: false,
        })
    }

    /// Open the store in `dir` (still locked).
    pub fn open(dir: &Path, config: DeviceConfig) -> Result<Device, Error> {
        let mut keyring = Keyring::load(dir)?;
        // A final failed attempt that was counted but interrupted before it could wipe.
        if !keyring.is_wiped() && keyring.file().unlock.must_wipe(&config.policy) {
            keyring.wipe(config.clock.now())?;
        }
        Ok(Device {
            dir: dir.to_path_buf(),
            keyring,
            config,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What the unlock screen needs.
    pub fn status(&self) -> DeviceStatus {
        let f = self.keyring.file();
        let now = self.config.clock.now();
        let failures = f.unlock.consecutive_failures;
        let p = &self.config.policy;
        DeviceStatus {
            device_id: f.device_id,
            officers: f.officers.iter().map(|o| o.badge.clone()).collect(),
            consecutive_failures: failures,
            locked_until: f.unlock.locked_until.filter(|t| *t > now),
            attempts_before_wipe: f.unlock.attempts_before_wipe(p),
            wiped: f.wiped_at.is_some(),
        }
    }

    /// Unlock as one officer. A wrong passphrase (or an unknown badge) counts towards the lockout
    /// and, in the end, the wipe; the count survives restarts because it lives in the keyring file.
    ///
    /// The attempt is counted as a failure *before* the (slow) key derivation and forgiven once
    /// the passphrase proves right, so killing the app mid-attempt does not buy a free guess.
    pub fn unlock(&mut self, req: UnlockRequest) -> Result<Session, Error> {
        let now = self.config.clock.now();
        let policy = self.config.policy;
        if self.keyring.is_wiped() {
            return Err(Error::Wiped);
        }
        if let Err(locked) = self.keyring.file().unlock.check(now) {
            return Err(Error::LockedOut {
                until: locked.until,
                attempts_before_wipe: self.keyring.file().unlock.attempts_before_wipe(&policy),
            });
        }
        let badge = Badge::parse(&req.badge)?;
        let before = self.keyring.file().unlock.clone();
        let mut outcome = None;
        self.keyring
            .save(|f| outcome = Some(f.unlock.record_failure(&policy, now)))?;
        let wrapped = self.keyring.officer(&badge).map(|o| o.wrapped.clone());
        let dek = match wrapped.map(|w| keys::unwrap(&w, &req.passphrase, &badge)) {
            None => {
                self.failed(&badge, now, outcome)?;
                return Err(Error::UnknownOfficer { badge });
            }
            Some(Err(crate::keys::KeyError::WrongPassphrase)) => {
                return Err(self.failed(&badge, now, outcome)?);
            }
            Some(Err(other)) => {
                // Not the officer's fault (e.g. memory for the KDF): the attempt does not count.
                self.keyring.save(|f| f.unlock = before)?;
                return Err(other.into());
            }
            Some(Ok(dek)) => dek,
        };
        // Forgive the attempt at once: a damaged database must not burn unlock attempts.
        self.keyring.save(|f| f.unlock.record_success())?;
        let store = Store::open(&self.dir, &dek)?;
        let officer = officers::load(store.conn(), &badge)?.unwrap_or(OfficerInfo {
            badge: badge.clone(),
            name: String::new(),
            role: OfficerRole::Patrol,
            rank: String::new(),
        });
        let mut session = Session {
            store,
            dek,
            keyring: self.keyring.clone(),
            officer,
            device_id: self.keyring.file().device_id,
            config: self.config.clone(),
            builtin_instruments_stored: false,
        };
        session
            .finish_unlock(&req.passphrase, now)
            .map_err(|e| session.diagnose(e))?;
        self.keyring = session.keyring.clone();
        Ok(session)
    }

    /// Complete a failed attempt (already counted): note it for the audit log, wipe when the
    /// policy says so, and return the error to show.
    fn failed(
        &mut self,
        badge: &Badge,
        now: DateTime<Utc>,
        outcome: Option<FailureOutcome>,
    ) -> Result<Error, Error> {
        self.keyring.save(|f| {
            f.pending_events.push(PendingEvent {
                at: now,
                badge: Some(badge.clone()),
                kind: PendingEventKind::FailedUnlock,
            });
            if let Some(FailureOutcome::LockedOut { until, .. }) = outcome {
                f.pending_events.push(PendingEvent {
                    at: now,
                    badge: Some(badge.clone()),
                    kind: PendingEventKind::LockedOut { until },
                });
            }
        })?;
        Ok(match outcome {
            Some(FailureOutcome::Wipe) => {
                self.keyring.wipe(now)?;
                Error::Wiped
            }
            Some(FailureOutcome::LockedOut {
                until,
                attempts_before_wipe,
            }) => Error::LockedOut {
                until,
                attempts_before_wipe,
            },
            Some(FailureOutcome::TryAgain {
                attempts_before_lock,
                attempts_before_wipe,
                ..
            }) => Error::WrongPassphrase {
                attempts_before_lock,
                attempts_before_wipe,
            },
            None => Error::WrongPassphrase {
                attempts_before_lock: 0,
                attempts_before_wipe: None,
            },
        })
    }
}

/// A SQLite error as the service error.
pub(crate) fn db<T>(r: rusqlite::Result<T>) -> Result<T, Error> {
    r.map_err(|e| Error::Store(crate::store::StoreError::from(e)))
}

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
    let mut stmt = db(conn.prepare(sql))?;
    let rows = db(stmt.query_map([key], |r| r.get::<_, String>(0)))?;
    let mut out = Vec::new();
    for row in rows {
        out.push(serde_json::from_str(&db(row)?).map_err(crate::store::StoreError::from)?);
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

fn remove_db_files(dir: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(dir.join(format!("{DB_FILE}{suffix}")));
    }
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

    /// Move the security events recorded while locked into the audit log, log the unlock, reset
    /// the failure count, and raise the key-derivation cost of this officer's wrap if it is below
    /// the configured one.
    fn finish_unlock(&mut self, passphrase: &Passphrase, now: DateTime<Utc>) -> Result<(), Error> {
        let badge = self.officer.badge.clone();
        let pending = self.keyring.file().pending_events.clone();
        let rewrap = self
            .keyring
            .file()
            .officers
            .iter()
            .find(|o| o.badge == badge)
            .filter(|o| o.wrapped.kdf.is_below(&self.config.kdf))
            .map(|_| keys::wrap(&self.dek, passphrase, &badge, &self.config.kdf))
            .transpose()?;
        let tx = self.store.transaction()?;
        for ev in &pending {
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
                    target: None,
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
        // The keyring is written (before the commit, so events are never lost) only when there is
        // something to change: most unlocks have no pending events and no rewrap.
        if !pending.is_empty() || rewrap.is_some() {
            self.keyring.save(|f| {
                f.pending_events.clear();
                if let (Some(w), Some(o)) =
                    (rewrap, f.officers.iter_mut().find(|o| o.badge == badge))
                {
                    o.wrapped = w;
                }
            })?;
        }
        tx.commit().map_err(crate::store::StoreError::from)?;
        Ok(())
    }

    /// Check the database pages (SQLCipher HMACs and SQLite structure) and the audit chain.
    pub fn verify(&mut self) -> Result<VerifyReport, Error> {
        let integrity_problems = self.store.integrity_problems()?;
        let (audit_entries, audit_break) = match audit::verify_chain(self.store.conn()) {
            Ok(Ok(n)) => (n, None),
            Ok(Err(b)) => (0, Some(b.to_string())),
            Err(e) => (0, Some(format!("the audit log cannot be read: {e}"))),
        };
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::domain::{Person, Relationship, Role, Signature, SignaturePoint, StatementDraft};

    /// Writes `tests/fixtures/store-schema1`: a store at schema 1 with one recorded case and a
    /// signed statement (passphrase "Zelena livada 7", badge NS1234). Run by hand, on purpose.
    #[test]
    #[ignore]
    fn make_schema1_fixture() {
        let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/store-schema1");
        let _ = std::fs::remove_dir_all(&out);
        let config = DeviceConfig {
            kdf: KdfCost::TEST_ONLY_FAST,
            ..DeviceConfig::default()
        };
        let mut s = Device::init_at(
            &out,
            InitRequest {
                badge: "NS1234".to_owned(),
                name: "Milica Jovanović".to_owned(),
                passphrase: Passphrase::new("Zelena livada 7".to_owned()),
                rank: String::new(),
            },
            config,
            MigrateTo::Version(1),
        )
        .unwrap();
        let mut victim = Person::new(Role::Victim);
        victim.given_name = "Jelena".into();
        victim.family_name = "Petrović".into();
        let mut perp = Person::new(Role::Perpetrator);
        perp.given_name = "Marko".into();
        perp.family_name = "Petrović".into();
        perp.relationship_to_victim = Some(Relationship::Spouse);
        let mut child = Person::new(Role::Child);
        child.given_name = "Luka".into();
        child.family_name = "Petrović".into();
        child.relationship_to_victim = Some(Relationship::Child);
        let now = Utc::now();
        let incident = crate::domain::Incident {
            reported_at: Some(now - chrono::Duration::minutes(50)),
            police_arrived_at: Some(now - chrono::Duration::minutes(30)),
            address: "Bulevar oslobođenja 12".into(),
            municipality: "Novi Sad".into(),
            reported_by: Some(crate::domain::Reporter {
                kind: crate::domain::ReporterKind::Victim,
                name: String::new(),
                phone: String::new(),
            }),
            forms_of_violence: vec![crate::domain::ViolenceForm::Physical],
            weapons_present: Some(false),
            children_present: Some(true),
            narrative: "Oštećena je prijavila fizički napad supruga.".into(),
            ..Default::default()
        };
        let saved = s
            .save_case_draft(SaveCaseDraftRequest {
                id: None,
                content: CaseContent {
                    incident,
                    people: vec![victim.clone(), perp, child],
                },
            })
            .unwrap();
        s.record_case(saved.id).unwrap();
        let st = s
            .start_statement(StartStatementRequest {
                case_id: saved.id,
                person_id: victim.id,
                amends: None,
                draft: StatementDraft {
                    place: "stan oštećene".into(),
                    language: "sr".into(),
                    interpreter: None,
                    text: "Suprug me je udario.".into(),
                },
            })
            .unwrap();
        let sig = Signature {
            width: 300,
            height: 100,
            strokes: vec![vec![
                SignaturePoint {
                    x: 1.0,
                    y: 2.0,
                    t: 0,
                    p: None,
                },
                SignaturePoint {
                    x: 5.0,
                    y: 9.0,
                    t: 16,
                    p: None,
                },
            ]],
        };
        s.sign_statement(SignStatementRequest {
            id: st.statement.id,
            victim_signature: Some(sig.clone()),
            victim_not_signed_reason: None,
            officer_signature: Some(sig),
        })
        .unwrap();
        s.lock().unwrap();
    }
}
