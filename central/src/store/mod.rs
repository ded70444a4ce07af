//! The central record's storage: one [`Store`] over a [`sql::Backend`] trait with two
//! implementations, SQLite ([`sqlite`], the embedded default) and PostgreSQL ([`postgres`]).
//! Everything the central record stores (devices, tokens, nonces, record versions, conflicts,
//! quarantine, attachments, the change feed, official numbers) is written once, in the modules
//! below, against the small SQL surface of [`sql`]; only the schema's column types differ.
//!
//! Personal columns are sealed by [`crypt`] under the central key on both backends (the SQLite
//! file is SQLCipher besides); [`rotation`] lists them and rotates, checks and counts them.
//!
//! **Invariant:** every write that must be atomic is one transaction: an envelope with its
//! receipt and the seq it occupies (and the official number it earns, with its change); a
//! revocation with its change; an enrolment with the token's use.
//!
//! **Invariant (authorisation):** a record belongs to the device whose version of it was
//! accepted first (`record_owners`); a version of it from any other device is quarantined
//! (`not_owner`) and never accepted, and numbers, court decisions and the feed follow the owner's
//! versions only. An envelope's officer must be on the roster at its `created_at`
//! (`officer_terms`), else it is quarantined (`unknown_officer`); audit entries, the device's own
//! log, are exempt (their chain is checked instead). A device reads only the changes meant for
//! it ([`changes`]); one with no police administration reads no roster.

pub mod admin;
pub mod admin_audit;
pub mod attachments;
pub mod audit_chain;
pub mod chain;
pub mod changes;
pub mod console_audit;
pub mod crypt;
pub mod history;
mod latest;
pub mod lists;
mod numbers;
pub mod operators;
pub mod postgres;
pub mod push;
pub mod roster;
pub mod rotation;
pub mod schema;
pub mod sql;
pub mod sqlite;
pub mod verify;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::keys::CentralKeys;
use crypt::{Cipher, ValueProblem};
use sql::{Backend, Dialect, Row, Sql, Val};

/// Why the store could not do what was asked. Storage failures (`Sqlite`, `Postgres`, `Corrupt`,
/// `Busy`) are the server's fault; the rest are refusals of the request.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("PostgreSQL: {}", postgres::describe(.0))]
    Postgres(#[from] ::postgres::Error),
    /// The connection to PostgreSQL is not one the central record accepts (plaintext, a weak
    /// `sslmode`, no CA, another machine without TLS), or its certificate failed the check.
    #[error("{0}")]
    DatabaseTls(String),
    #[error("the database is busy or another writer won a race; try again")]
    Busy,
    /// The transaction that wrote this entry with others failed (its error, as text).
    #[error("the transaction writing audit entries together failed: {0}")]
    GroupFailed(String),
    #[error("the database holds something unexpected: {0}")]
    Corrupt(String),
    #[error(
        "the database's schema is version {found}, newer than this build knows ({known}); use a newer zastita-central"
    )]
    TooNew { found: i64, known: i64 },
    #[error("cannot create the data directory {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the enrolment token is unknown, expired or already used; print a new one at the station"
    )]
    BadToken,
    #[error("no device {0} is enrolled; `device list` shows the enrolled ones")]
    UnknownDevice(Uuid),
    #[error("no officer with badge {0}")]
    UnknownOfficer(String),
    #[error("officer {0} already exists")]
    OfficerExists(String),
    #[error(
        "no police administration is called {0:?}; give one of {codes}",
        codes = crate::numbering::administration_codes().join(", ")
    )]
    UnknownAdministration(String),
    #[error("no order {0} has reached the central record; check the id (`records list`)")]
    UnknownOrder(Uuid),
    #[error("no case {0} has reached the central record; check the id (`cases list`)")]
    UnknownCase(Uuid),
    #[error("case {case} already has the number {number}; a case never gets a second one")]
    AlreadyNumbered { case: Uuid, number: String },
    #[error("the number {0} is already another case's")]
    NumberTaken(String),
    #[error("{0}")]
    Invalid(String),
    #[error("the central key does not fit this database: {0}")]
    WrongKey(String),
    #[error(
        "{0} is a plaintext database from before the central record was encrypted: stop serve and \
         run `zastita-central encrypt-database` once (central/README: \"Encryption at rest\")"
    )]
    PlaintextDatabase(PathBuf),
    #[error(
        "{0} is open in another process (is serve running?): stop it first, this rewrites the file"
    )]
    DatabaseInUse(PathBuf),
    #[error("{table}.{column} of row {row} {problem}")]
    Undecryptable {
        table: &'static str,
        column: &'static str,
        row: String,
        problem: ValueProblem,
    },
}

impl StoreError {
    /// A failure of the store itself rather than a refusal of the request.
    pub fn is_internal(&self) -> bool {
        matches!(
            self,
            StoreError::Sqlite(_)
                | StoreError::Postgres(_)
                | StoreError::DatabaseTls(_)
                | StoreError::Busy
                | StoreError::GroupFailed(_)
                | StoreError::Corrupt(_)
                | StoreError::TooNew { .. }
                | StoreError::Io { .. }
                | StoreError::WrongKey(_)
                | StoreError::PlaintextDatabase(_)
                | StoreError::DatabaseInUse(_)
                | StoreError::Undecryptable { .. }
        )
    }
}

/// Where the central record keeps its data.
#[derive(Debug, Clone)]
pub enum Location {
    /// `DIR/central.db`.
    Sqlite(PathBuf),
    /// A PostgreSQL database: its `postgres://` URL and how the connection is protected.
    Postgres(postgres::PgTarget),
}

impl Location {
    /// `--database` if given, else `DIR/central.db`.
    pub fn from_args(data: &Path, database: Option<postgres::PgTarget>) -> Location {
        match database {
            Some(target) => Location::Postgres(target),
            None => Location::Sqlite(data.join("central.db")),
        }
    }
}

/// An instant as the store keeps it (microseconds: what PostgreSQL's `timestamptz` holds), so
/// a receipt read back is the receipt first sent, to the byte.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// An enrolled device.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Device {
    pub id: Uuid,
    pub label: String,
    pub public_key: String,
    pub app_version: String,
    pub enrolled_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub acked_seq: u64,
    /// Its police administration's code (`NS`); `None`: not assigned, its feed has no roster.
    pub administration: Option<String>,
}

/// The central record: every operation, each in its own transaction.
#[derive(Clone)]
pub struct Store {
    backend: Arc<dyn Backend>,
    /// The admin audit entry the next successful transaction appends ([`Store::audited`]).
    audit: Option<Arc<admin_audit::Pending>>,
    /// The group commit of reads' audit entries, shared by every clone.
    reads: Arc<admin_audit::group::Group>,
    cipher: Arc<Cipher>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend.name())
            .finish()
    }
}

impl Store {
    /// Open (creating or migrating the schema) the store at `location`, encrypted under `keys`:
    /// a key that does not fit is [`StoreError::WrongKey`], a plaintext SQLite file from before
    /// [`StoreError::PlaintextDatabase`].
    pub fn open(location: &Location, keys: Arc<CentralKeys>) -> Result<Store, StoreError> {
        let backend: Arc<dyn Backend> = match location {
            Location::Sqlite(path) => Arc::new(sqlite::SqliteBackend::open(path, &keys)?),
            Location::Postgres(target) => Arc::new(postgres::PgBackend::connect(target)?),
        };
        Store::with_backend(backend, keys)
    }

    /// A store over an opened backend; migrates its schema (and gives the changes written
    /// before the feed had audiences theirs, then seals the plaintext of a database from before
    /// encryption, in the same transaction) and checks the key is the database's.
    pub fn with_backend(
        backend: Arc<dyn Backend>,
        keys: Arc<CentralKeys>,
    ) -> Result<Store, StoreError> {
        let store = Store {
            backend,
            audit: None,
            reads: Arc::default(),
            cipher: Arc::new(Cipher::new(keys)),
        };
        store.tx(|sql| {
            let found = schema::migrate(sql)?;
            changes::address_unaddressed(sql)?;
            if found < rotation::encrypted_from() {
                rotation::seal_plaintext(sql)?;
            }
            rotation::check_keys(sql)?;
            // Orders held before the console are indexed once, with the key checked.
            // The history's keys exist before anything is indexed with them.
            history::ensure_keys(sql, now())?;
            if found < schema::version_of("console_chain").unwrap_or(i64::MAX) {
                chain::index_held(sql, now())?;
            }
            // People and the in-force list of a database from before V11, once.
            if found > 0 && found < schema::version_of("person_history").unwrap_or(i64::MAX) {
                history::index_held_people(sql, now())?;
                chain::reindex_all(sql, now())?;
            }
            Ok(())
        })?;
        Ok(store)
    }

    /// `sqlite` or `postgresql`.
    pub fn backend_name(&self) -> &'static str {
        self.backend.name()
    }

    /// Run `f` in one transaction (run again from the start if it lost a race); on an
    /// [`audited`](Store::audited) store, with its admin audit entry.
    pub fn tx<R>(
        &self,
        mut f: impl FnMut(&mut dyn Sql) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let mut out = None;
        let cipher = &self.cipher;
        self.backend.transaction(&mut |sql| {
            let mut sealed = Sealed { sql, cipher };
            out = Some(f(&mut sealed)?);
            if let Some(audit) = &self.audit {
                audit.append(&mut sealed)?;
            }
            Ok(())
        })?;
        if let Some(audit) = &self.audit {
            audit.committed();
        }
        out.ok_or_else(|| StoreError::Corrupt("a transaction returned nothing".into()))
    }

    /// Run `f` on one consistent snapshot that writes nothing and holds up no writer
    /// ([`Backend::snapshot`]); a read that must be audited writes its entry after, in a
    /// transaction of its own. It runs on a thread of its own at background priority (nice 10,
    /// Linux): when the machine is short of CPU, the devices' pushes — and every write, which
    /// never runs there, so no lock is held at low priority — come before the console's views.
    pub fn read<R: Send>(
        &self,
        mut f: impl FnMut(&mut dyn Sql) -> Result<R, StoreError> + Send,
    ) -> Result<R, StoreError> {
        std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    background_priority();
                    let mut out = None;
                    let cipher = &self.cipher;
                    self.backend.snapshot(&mut |sql| {
                        let mut sealed = Sealed { sql, cipher };
                        out = Some(f(&mut sealed)?);
                        Ok(())
                    })?;
                    out.ok_or_else(|| StoreError::Corrupt("a snapshot returned nothing".into()))
                })
                .join()
                .unwrap_or_else(|_| Err(StoreError::Corrupt("a snapshot's thread failed".into())))
        })
    }
}

/// Lower the calling thread's priority to nice 10 if it is higher (on Linux the nice value is the
/// thread's own); elsewhere, and if refused, it runs as it is.
pub(crate) fn background_priority() {
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{getpriority_process, setpriority_process};
        let me = Some(rustix::thread::gettid());
        if getpriority_process(me).is_ok_and(|nice| nice < 10) {
            let _ = setpriority_process(me, 10);
        }
    }
}

/// A backend's transaction with the store's [`Cipher`] beside it.
struct Sealed<'a> {
    sql: &'a mut dyn Sql,
    cipher: &'a Arc<Cipher>,
}

impl Sql for Sealed<'_> {
    fn execute(&mut self, sql: &str, params: &[Val]) -> Result<u64, StoreError> {
        self.sql.execute(sql, params)
    }

    fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Row>, StoreError> {
        self.sql.query(sql, params)
    }

    fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        self.sql.batch(sql)
    }

    fn dialect(&self) -> &'static Dialect {
        self.sql.dialect()
    }

    fn cipher(&self) -> Result<Arc<Cipher>, StoreError> {
        Ok(self.cipher.clone())
    }

    fn lock_schema(&mut self) -> Result<(), StoreError> {
        self.sql.lock_schema()
    }

    fn lock_numbering(&mut self) -> Result<(), StoreError> {
        self.sql.lock_numbering()
    }
}
