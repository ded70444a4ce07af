//! `TestDevice`: a real device store (SQLCipher, in a temp dir) with one officer, unlocked, and
//! the sync driver the app and the CLI use — so a test syncs exactly as a tablet would.

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tempfile::TempDir;
use uuid::Uuid;

use zastita_core::app::{
    Device, DeviceConfig, GenerateDocumentRequest, GeneratedDocument, InitRequest, Language,
    Session, SetPurposeRequest, UnlockRequest,
};
use zastita_core::clock::{Clock, SystemClock};
use zastita_core::domain::{CaseId, Purpose, PurposeCode};
use zastita_core::keyring::UnlockPolicy;
use zastita_core::keys::{KdfCost, Passphrase};
use zastita_core::sync::{
    self, ClientOptions, EnrolledDevice, SessionAccess, SyncError, SyncStatus, SyncSummary,
};
use zastita_protocol::messages::SignedEnvelope;

pub const BADGE: &str = "NS1234";
pub const PASS: &str = "Zelena livada 7";

/// The case file every test case is made from: a recorded case with people, a statement, a
/// completed assessment and a served order (`tests/fixtures/case-v2.json`).
pub const FIXTURE: &str = include_str!("../../fixtures/case-v2.json");

pub struct TestDevice {
    dir: TempDir,
    clock: Arc<dyn Clock>,
    pub access: Mutex<Option<Session>>,
    pub options: ClientOptions,
}

fn config(clock: Arc<dyn Clock>) -> DeviceConfig {
    DeviceConfig {
        policy: UnlockPolicy::default(),
        kdf: KdfCost::TEST_ONLY_FAST,
        clock,
    }
}

impl TestDevice {
    /// A new store with one officer, unlocked, on the system clock.
    pub fn new() -> Result<TestDevice> {
        TestDevice::with_clock(Arc::new(SystemClock))
    }

    /// A new store whose device runs on `clock` (the store and the sync client alike).
    pub fn with_clock(clock: Arc<dyn Clock>) -> Result<TestDevice> {
        let dir = tempfile::tempdir()?;
        let session = Device::init(
            dir.path(),
            InitRequest {
                badge: BADGE.to_owned(),
                name: "Milica Jovanović".to_owned(),
                passphrase: Passphrase::new(PASS.to_owned()),
                rank: String::new(),
            },
            config(clock.clone()),
        )?;
        Ok(TestDevice {
            dir,
            clock: clock.clone(),
            access: Mutex::new(Some(session)),
            options: ClientOptions {
                connect_timeout: Duration::from_secs(5),
                request_timeout: Duration::from_secs(15),
                clock,
                ..ClientOptions::default()
            },
        })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Run `f` on the unlocked session.
    pub fn with<R>(&self, f: impl FnOnce(&mut Session) -> R) -> Result<R> {
        self.access
            .with_session(f)
            .context("the device is locked (or was wiped)")
    }

    /// The store opened as a freshly started app opens it: locked.
    pub fn device(&self) -> Result<Device, zastita_core::error::Error> {
        Device::open(self.path(), config(self.clock.clone()))
    }

    /// Lock the store (the session ends, as when the app locks).
    pub fn lock(&self) {
        if let Ok(mut g) = self.access.lock() {
            *g = None;
        }
    }

    /// Try to unlock the store again, as the officer would after a restart.
    pub fn unlock(&self) -> Result<(), zastita_core::error::Error> {
        let session =
            Device::open(self.path(), config(self.clock.clone()))?.unlock(UnlockRequest {
                badge: BADGE.to_owned(),
                passphrase: Passphrase::new(PASS.to_owned()),
            })?;
        if let Ok(mut g) = self.access.lock() {
            *g = Some(session);
        }
        Ok(())
    }

    /// Lock the store, run `f` on its raw (decrypted) database — as damage, or a newer app
    /// version, would leave it — and unlock again.
    pub fn tamper<R>(&self, f: impl FnOnce(&rusqlite::Connection) -> R) -> Result<R> {
        self.lock();
        let conn = zastita_core::app::testing::open_raw(self.path(), PASS, BADGE)?;
        let out = f(&conn);
        drop(conn);
        self.unlock()?;
        Ok(out)
    }

    /// Give the officer's purpose ("follow-up") for consulting `case` in this session: opening
    /// it, its orders and documents are consultations (EU Directive 2016/680 logging).
    pub fn follow_up(&self, case: CaseId) -> Result<()> {
        Ok(self.with(|s| {
            s.set_purpose(SetPurposeRequest {
                case_id: Some(case),
                purpose: Purpose::new(PurposeCode::FollowUp),
            })
        })??)
    }

    /// Generate a case summary (a PDF, queued as an attachment); the document and its bytes.
    pub fn summary_pdf(&self, case: CaseId) -> Result<(GeneratedDocument, Vec<u8>)> {
        self.follow_up(case)?;
        Ok(self.with(|s| {
            s.generate_document(GenerateDocumentRequest {
                case_id: case,
                kind: zastita_core::templates::DocumentKind::Summary,
                order_id: None,
                language: Language::SrLatn,
            })
        })??)
    }

    /// Import `n` copies of the fixture case, each with fresh ids (so n distinct cases, each with
    /// its people, statement, assessment and served order); their ids.
    pub fn import_cases(&self, n: usize) -> Result<Vec<CaseId>> {
        let mut ids = Vec::with_capacity(n);
        for _ in 0..n {
            let bytes = serde_json::to_vec(&fresh_ids(FIXTURE)?)?;
            let id = self.with(|s| s.import_case(&bytes))??;
            self.follow_up(id)?;
            ids.push(id);
        }
        Ok(ids)
    }

    /// Import one copy of the fixture case with fresh ids and every instant in it moved by the
    /// same amount, so that its order was served at `served` (dates such as a birth date stay):
    /// with `served` in the last 48 hours, a case whose order is in force now.
    pub fn import_case_served_at(&self, served: DateTime<Utc>) -> Result<CaseId> {
        let fixture_served = DateTime::parse_from_rfc3339(FIXTURE_SERVED)?.with_timezone(&Utc);
        let mut v = fresh_ids(FIXTURE)?;
        shift_instants(&mut v, served - fixture_served);
        let bytes = serde_json::to_vec(&v)?;
        let id = self.with(|s| s.import_case(&bytes))??;
        self.follow_up(id)?;
        Ok(id)
    }

    pub async fn enroll(&self, code: &str) -> Result<EnrolledDevice, SyncError> {
        sync::enroll(&self.access, code, "test tablet", &self.options).await
    }

    /// One sync round, as the app's background task or `zastita sync` runs it.
    pub async fn sync(&self) -> Result<SyncSummary, SyncError> {
        let mut client = sync::client_for(&self.access, &self.options)?;
        sync::run_round(&self.access, &mut client, |_| {}).await
    }

    /// A sync client of this device (its enrolment, its key), for a request made by hand.
    pub fn client(&self) -> Result<sync::SyncClient, SyncError> {
        sync::client_for(&self.access, &self.options)
    }

    /// An online history lookup, as the app and `zastita person history` make it.
    pub async fn lookup_history(
        &self,
        req: zastita_core::app::PersonHistoryRequest,
    ) -> Result<zastita_core::app::PersonHistory, SyncError> {
        let mut client = sync::client_for(&self.access, &self.options)?;
        sync::lookup_history(&self.access, &mut client, req).await
    }

    pub fn status(&self) -> Result<SyncStatus> {
        Ok(self.with(|s| s.sync_status())??)
    }

    /// The next batch the device would push, as signed envelopes (at most one protocol batch).
    pub fn outgoing(&self) -> Result<Vec<SignedEnvelope>> {
        Ok(self.with(|s| s.sync_outgoing(usize::MAX))??)
    }
}

/// When the fixture's order was served.
const FIXTURE_SERVED: &str = "2025-03-14T21:15:00Z";

/// Move every RFC 3339 instant in `v` by `by`.
fn shift_instants(v: &mut Value, by: chrono::TimeDelta) {
    match v {
        Value::String(s) => {
            if let Ok(t) = DateTime::parse_from_rfc3339(s) {
                *s = (t.with_timezone(&Utc) + by)
                    .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| shift_instants(i, by)),
        Value::Object(fields) => fields.values_mut().for_each(|f| shift_instants(f, by)),
        _ => {}
    }
}

/// The fixture with every UUID replaced by a fresh one (consistently, so references hold).
pub fn fresh_ids(fixture: &str) -> Result<Value> {
    let mut v: Value = serde_json::from_str(fixture)?;
    let mut map = HashMap::new();
    remap(&mut v, &mut map);
    Ok(v)
}

fn remap(v: &mut Value, map: &mut HashMap<Uuid, Uuid>) {
    match v {
        Value::String(s) => {
            if let Ok(id) = Uuid::parse_str(s)
                && s.len() == 36
            {
                *s = map.entry(id).or_insert_with(Uuid::now_v7).to_string();
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| remap(i, map)),
        Value::Object(o) => o.values_mut().for_each(|i| remap(i, map)),
        _ => {}
    }
}
