//! The encrypted device store: one SQLCipher database file (`zastita.db`) in the store directory,
//! keyed with the raw 256-bit data key, its schema from `migrations/` embedded at build time
//! and applied by refinery (`store/schema.rs`).
//!
//! **Invariant:** nothing personal reaches disk unencrypted. Every page of the database and its WAL
//! is encrypted by SQLCipher; temporary tables and sorts stay in memory (`temp_store=MEMORY`);
//! freed pages are overwritten (`secure_delete`).
//!
//! **Invariant:** a save is one durable transaction (`synchronous=FULL` in WAL mode): when a save
//! returns, the record survives a dead battery.

mod schema;

use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction};
use std::path::{Path, PathBuf};

use crate::keys::DataKey;

/// The database file's name inside the store directory.
pub const DB_FILE: &str = "zastita.db";

/// Number of schema migrations this build knows.
pub fn schema_version_latest() -> usize {
    schema::latest()
}

/// Why the store could not be opened or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no Zaštita database in {dir} — run `zastita init` first")]
    NotFound { dir: PathBuf },
    #[error(
        "the database in {dir} is damaged or is not a Zaštita store (SQLCipher could not read it); \
         restore it from the central record or a backup"
    )]
    Corrupt { dir: PathBuf },
    #[error("{}", damaged_summary(problems))]
    Damaged { problems: Vec<String> },
    #[error("the store directory {dir} is read-only; Zaštita needs to write there")]
    ReadOnly { dir: PathBuf },
    #[error("the disk is full: nothing was saved; free some space and try again")]
    DiskFull,
    #[error(
        "the database was created by a newer Zaštita (schema {found}, this build knows {known}); update the app"
    )]
    TooNew { found: usize, known: usize },
    #[error("the store's schema could not be upgraded: {0}")]
    Migration(String),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("stored data could not be read back: {0}")]
    Decode(String),
}

fn damaged_summary(problems: &[String]) -> String {
    let what = match problems {
        [] => String::new(),
        [one] => format!(" ({one})"),
        [first, rest @ ..] => format!(" ({first}, and {} more problems)", rest.len()),
    };
    format!(
        "the database is damaged{what}; nothing was changed — report it to the station, \
         the central record holds what was synced"
    )
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseCorrupt) | Some(ErrorCode::NotADatabase) => {
                StoreError::Damaged {
                    problems: Vec::new(),
                }
            }
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly {
                dir: PathBuf::new(),
            },
            _ => StoreError::Sqlite(e),
        }
    }
}

impl From<serde_json::Error> for StoreError {
    /// serde_json's messages can quote the offending value (a name, a statement); keep only the
    /// kind of error and where it is, so stored personal data never reaches an error line.
    fn from(e: serde_json::Error) -> Self {
        StoreError::Decode(format!(
            "{:?} error in stored JSON at line {}, column {}",
            e.classify(),
            e.line(),
            e.column()
        ))
    }
}

/// An open, keyed, migrated store.
pub struct Store {
    conn: Connection,
    dir: PathBuf,
}

impl Store {
    /// Open the database in `dir` with its data key, leaving the schema as found, and hand over
    /// the raw connection (inspection only: `app::testing::open_raw`).
    pub(crate) fn open_raw(dir: &Path, key: &DataKey) -> Result<Connection, StoreError> {
        Ok(Store::open_at(dir, key, false, MigrateTo::Unchanged)?.conn)
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

/// How far to migrate on open.
#[derive(Debug, Clone, Copy)]
pub(crate) enum MigrateTo {
    Latest,
    /// Leave the schema as found (inspection by tests); a store from a newer build is still
    /// refused.
    Unchanged,
}

impl Store {
    /// Create a new database in `dir` (which must exist) keyed with `key`.
    pub fn create(dir: &Path, key: &DataKey) -> Result<Store, StoreError> {
        Self::open_at(dir, key, true, MigrateTo::Latest)
    }

    /// Open the existing database in `dir` with `key`, upgrading its schema in place.
    pub fn open(dir: &Path, key: &DataKey) -> Result<Store, StoreError> {
        Self::open_at(dir, key, false, MigrateTo::Latest)
    }

    pub(crate) fn open_at(
        dir: &Path,
        key: &DataKey,
        create: bool,
        to: MigrateTo,
    ) -> Result<Store, StoreError> {
        let path = dir.join(DB_FILE);
        let dir_buf = dir.to_path_buf();
        let existing_len = if create {
            None
        } else {
            match std::fs::metadata(&path) {
                Ok(m) => Some(m.len()),
                Err(_) => return Err(StoreError::NotFound { dir: dir_buf }),
            }
        };
        // SQLite treats an empty file as an empty database; for us it is a destroyed one.
        if existing_len == Some(0) {
            return Err(StoreError::Corrupt { dir: dir_buf });
        }
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let with_dir = |e: StoreError| match e {
            StoreError::ReadOnly { .. } => StoreError::ReadOnly {
                dir: dir_buf.clone(),
            },
            other => other,
        };
        let conn =
            Connection::open_with_flags(&path, flags).map_err(|e| classify_open_error(e, dir))?;
        // SQLCipher prints HMAC failures to stderr by default; we report them ourselves.
        let _ = conn.pragma_update(None, "cipher_log_level", "NONE");
        {
            // Build the statement in zeroizing memory (rusqlite's pragma_update would format it
            // into an ordinary String that outlives this call).
            let literal = key.sqlcipher_key();
            let mut sql = zeroize::Zeroizing::new(String::with_capacity(literal.len() + 16));
            sql.push_str("PRAGMA key = \"");
            sql.push_str(&literal);
            sql.push_str("\";");
            conn.execute_batch(&sql).map_err(|e| with_dir(e.into()))?;
        }
        // A wrong key or a damaged file only shows at the first read.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(|e| classify_open_error(e, dir))?;
        configure(&conn, dir)?;
        let mut store = Store { conn, dir: dir_buf };
        if let Some(len) = existing_len {
            store.check_shape(len)?;
        }
        store.migrate(to)?;
        Ok(store)
    }

    /// Cheap checks that an existing file is a whole Zaštita database: it has a schema, and the
    /// file is as long as its header says (a truncated copy fails here, not at some later read).
    fn check_shape(&self, file_len: u64) -> Result<(), StoreError> {
        let corrupt = || StoreError::Corrupt {
            dir: self.dir.clone(),
        };
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|_| corrupt())?;
        if version == 0 {
            return Err(corrupt());
        }
        let wal_len = std::fs::metadata(self.dir.join(format!("{DB_FILE}-wal")))
            .map(|m| m.len())
            .unwrap_or(0);
        if wal_len == 0 {
            let pages: i64 = self
                .conn
                .query_row("PRAGMA page_count", [], |r| r.get(0))
                .map_err(|_| corrupt())?;
            // SQLCipher answers `page_size` as text.
            let page_size: i64 = self
                .conn
                .query_row("PRAGMA page_size", [], |r| {
                    r.get::<_, rusqlite::types::Value>(0)
                })
                .ok()
                .and_then(|v| match v {
                    rusqlite::types::Value::Integer(i) => Some(i),
                    rusqlite::types::Value::Text(t) => t.trim().parse().ok(),
                    _ => None,
                })
                .ok_or_else(corrupt)?;
            let expected = u64::try_from(pages.saturating_mul(page_size)).unwrap_or(u64::MAX);
            if expected > file_len {
                return Err(corrupt());
            }
        }
        Ok(())
    }

    /// Explain a failed database operation: when SQLCipher finds damaged pages, say so instead of
    /// passing on SQLite's generic error. Runs the full page check, so only on the error path.
    pub fn diagnose(&self, e: StoreError) -> StoreError {
        match e {
            StoreError::Sqlite(_) | StoreError::Damaged { .. } => match self.integrity_problems() {
                Ok(problems) if !problems.is_empty() => StoreError::Damaged { problems },
                _ => e,
            },
            other => other,
        }
    }

    fn migrate(&mut self, to: MigrateTo) -> Result<(), StoreError> {
        schema::migrate(&mut self.conn, to).map_err(|e| self.with_dir(e))
    }

    /// The schema version of the open database: the newest migration in refinery's history.
    pub fn schema_version(&self) -> Result<usize, StoreError> {
        schema::recorded_version(&self.conn)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Begin an immediate (write-locking) transaction.
    pub fn transaction(&mut self) -> Result<Transaction<'_>, StoreError> {
        let dir = self.dir.clone();
        self.conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| match StoreError::from(e) {
                StoreError::ReadOnly { .. } => StoreError::ReadOnly { dir },
                other => other,
            })
    }

    /// Attach this store's directory to a read-only error.
    pub fn with_dir(&self, e: StoreError) -> StoreError {
        match e {
            StoreError::ReadOnly { .. } => StoreError::ReadOnly {
                dir: self.dir.clone(),
            },
            other => other,
        }
    }

    /// Run SQLCipher's page-HMAC check and SQLite's structural check. Returns the problems found
    /// (empty when the file is sound).
    pub fn integrity_problems(&self) -> Result<Vec<String>, StoreError> {
        let mut problems = self.pragma_lines("PRAGMA cipher_integrity_check");
        problems.extend(
            self.pragma_lines("PRAGMA integrity_check")
                .into_iter()
                .filter(|l| l != "ok"),
        );
        Ok(problems)
    }

    /// The rows a checking pragma returns; a check that cannot even run is itself a problem.
    fn pragma_lines(&self, pragma: &str) -> Vec<String> {
        let run = || -> rusqlite::Result<Vec<String>> {
            let mut stmt = self.conn.prepare(pragma)?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            rows.collect()
        };
        match run() {
            Ok(lines) => lines
                .iter()
                .flat_map(|l| l.lines())
                .filter(|l| !l.starts_with("*** in database"))
                .map(str::to_owned)
                .collect(),
            Err(e) => vec![format!("{pragma} could not run: {e}")],
        }
    }

    /// Checkpoint the WAL into the main file (used before export of the raw file and on lock).
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}

/// The connection settings every store runs with (see the module's invariants).
fn configure(conn: &Connection, dir: &Path) -> Result<(), StoreError> {
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .map_err(|e| classify_open_error(e, dir))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::ReadOnly {
            dir: dir.to_path_buf(),
        });
    }
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA busy_timeout = 5000;
         PRAGMA cache_size = -8192;",
    )
    .map_err(|e| classify_open_error(e, dir))
}

fn classify_open_error(e: rusqlite::Error, dir: &Path) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            dir: dir.to_path_buf(),
        },
        Some(ErrorCode::ReadOnly)
        | Some(ErrorCode::CannotOpen)
        | Some(ErrorCode::PermissionDenied) => StoreError::ReadOnly {
            dir: dir.to_path_buf(),
        },
        Some(ErrorCode::DiskFull) => StoreError::DiskFull,
        _ => StoreError::Sqlite(e),
    }
}

/// **Benchmark only** (cargo feature `bench`, which the app and the CLI never enable): the same
/// store *without* encryption, so `core/benches/store/` can run the identical session code on
/// plain SQLite and report what SQLCipher costs.
///
/// `Store::open_at` minus `PRAGMA key` and the shape check: the same `configure` and migrations.
/// The bench also compares the pragmas of both connections and refuses to run when they differ.
#[cfg(feature = "bench")]
#[doc(hidden)]
pub mod bench {
    use super::*;

    /// Open an UNENCRYPTED database in `dir` (created if absent), migrated to the latest schema.
    pub fn open_plain(dir: &Path) -> Result<Store, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(dir.join(DB_FILE), flags)?;
        configure(&conn, dir)?;
        let mut store = Store {
            conn,
            dir: dir.to_path_buf(),
        };
        store.migrate(MigrateTo::Latest)?;
        Ok(store)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn decode_errors_never_quote_stored_values() {
        let e = serde_json::from_str::<u32>("\"Jelena Petrović\"").unwrap_err();
        assert!(
            e.to_string().contains("Jelena"),
            "the premise: serde_json quotes values"
        );
        let msg = StoreError::from(e).to_string();
        assert!(!msg.contains("Jelena"), "{msg}");
        assert!(msg.contains("line 1"), "{msg}");
    }
}
