//! The SQLite backend: `DIR/central.db`, a SQLCipher file keyed from the central key (its page
//! subkey, `keys.rs`), in WAL mode with a busy timeout, so the admin CLI can write while the
//! server runs. One writing connection behind a mutex (SQLite serialises writers anyway);
//! transactions start `IMMEDIATE` so two writers never deadlock upgrading a read lock. Beside it,
//! a few `query_only` reader connections for [`Backend::snapshot`]: WAL lets a read transaction
//! run while the writer commits, so a console's board never holds up a device's push.
//!
//! Opening tries the key file's current key first, then its older ones (a file rotated by
//! `rotate-key` but not yet rewritten), and refuses a plaintext file from before encryption;
//! [`encrypt_database`] rewrites the file under the current key (from plaintext, or from an
//! older key) while nothing else has it open.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, ErrorCode};
use zeroize::Zeroizing;

use super::StoreError;
use super::sql::Dialect;
use super::sql::{Backend, RETRIES, Row, Sql, Val};
use crate::keys::{CentralKeys, KeySet};

/// SQLite's column types for the schema's placeholders.
pub const DIALECT: Dialect = Dialect {
    ts: "TEXT",
    uuid: "TEXT",
    bool: "INTEGER",
    blob: "BLOB",
    serial: "INTEGER PRIMARY KEY AUTOINCREMENT",
    append_only: "CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only'); END;
CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only'); END;",
    drop_append_only: "DROP TRIGGER IF EXISTS {TABLE}_no_update;
DROP TRIGGER IF EXISTS {TABLE}_no_delete;",
};

/// How long a writer waits for another (the CLI, the server) before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

pub struct SqliteBackend {
    conn: Mutex<Connection>,
    /// The snapshot readers (`query_only`), taken in turn.
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
    database_key: Option<u32>,
}

/// How many reader connections: one per core, at least two, at most eight.
fn reader_count() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 8))
}

/// What a plaintext SQLite file begins with (a SQLCipher file begins with its random salt).
const PLAINTEXT_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Whether `path` is a plaintext SQLite database.
pub fn is_plaintext(path: &Path) -> Result<bool, StoreError> {
    use std::io::Read;
    let mut head = [0u8; 16];
    match std::fs::File::open(path) {
        Ok(mut f) => match f.read_exact(&mut head) {
            Ok(()) => Ok(&head == PLAINTEXT_HEADER),
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(false),
            Err(source) => Err(StoreError::Io {
                path: path.to_owned(),
                source,
            }),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(StoreError::Io {
            path: path.to_owned(),
            source,
        }),
    }
}

/// Key `conn` with key `id`'s page key (the statement built in zeroizing memory).
fn apply_key(conn: &Connection, set: &KeySet, id: u32) -> Result<(), StoreError> {
    let literal = set
        .sqlcipher_key(id)
        .ok_or_else(|| StoreError::Corrupt(format!("no key {id}")))?;
    // SQLCipher prints HMAC failures to stderr by default; a wrong key is reported here.
    let _ = conn.pragma_update(None, "cipher_log_level", "NONE");
    let mut sql = Zeroizing::new(String::with_capacity(literal.len() + 16));
    sql.push_str("PRAGMA key = \"");
    sql.push_str(&literal);
    sql.push_str("\";");
    conn.execute_batch(&sql)?;
    Ok(())
}

/// A connection to the SQLCipher file at `path` keyed with the first key of `keys` that opens it
/// (the current one first), and that key's id; a new file is keyed with the current key. Also
/// for tests and tools that need the raw file.
pub fn connect(path: &Path, keys: &CentralKeys) -> Result<(Connection, Option<u32>), StoreError> {
    if keys.plaintext() {
        let conn = Connection::open(path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        return Ok((conn, None));
    }
    if is_plaintext(path)? {
        return Err(StoreError::PlaintextDatabase(path.to_owned()));
    }
    let loaded = keys.now();
    let set = loaded.set();
    let mut order = vec![set.current()];
    order.extend(
        set.ids()
            .into_iter()
            .rev()
            .filter(|id| *id != set.current()),
    );
    for id in &order {
        let conn = Connection::open(path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        apply_key(&conn, set, *id)?;
        // A wrong key only shows at the first read.
        match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        }) {
            Ok(_) => return Ok((conn, Some(*id))),
            Err(e) if e.sqlite_error_code() == Some(ErrorCode::NotADatabase) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(StoreError::WrongKey(format!(
        "no key of the key file (ids {:?}) opens {}: is it this central record's key file?",
        set.ids(),
        path.display()
    )))
}

impl SqliteBackend {
    /// Open or create the database file (its directory is created readable by its owner only).
    pub fn open(path: &Path, keys: &CentralKeys) -> Result<SqliteBackend, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            create_private_dir(dir)?;
        }
        let (conn, database_key) = connect(path, keys)?;
        // Switching to WAL needs the file to itself. Two processes opening a new file at once can
        // each hold a read lock and want the other's gone; SQLite answers one of them "busy" at
        // once instead of waiting (that would deadlock), so the loser tries again.
        let started = Instant::now();
        loop {
            match conn.pragma_update(None, "journal_mode", "WAL") {
                Ok(()) => break,
                Err(e) => {
                    let e = StoreError::from(e);
                    if !retryable(&e) || started.elapsed() > BUSY_TIMEOUT {
                        return Err(e);
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
            }
        }
        conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY;")?;
        let readers = (0..reader_count())
            .map(|_| {
                let (reader, _) = connect(path, keys)?;
                reader.execute_batch("PRAGMA query_only = ON; PRAGMA temp_store = MEMORY;")?;
                Ok(Mutex::new(reader))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(SqliteBackend {
            conn: Mutex::new(conn),
            readers,
            next_reader: AtomicUsize::new(0),
            database_key,
        })
    }
}

/// What [`encrypt_database`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rewritten {
    /// The file was plaintext; it is now under key `to`.
    FromPlaintext { to: u32 },
    /// The file was under key `from`; it is now under `to`.
    Rekeyed { from: u32, to: u32 },
    /// The file is under the current key already; nothing was done.
    AlreadyCurrent(u32),
}

fn io_at(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_owned(),
        source,
    }
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// Rows per table, to compare a copy with its original.
fn row_counts(conn: &Connection) -> Result<Vec<(String, i64)>, StoreError> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    tables
        .into_iter()
        .map(|t| {
            let n = conn.query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))?;
            Ok((t, n))
        })
        .collect()
}

/// Rewrite `central.db` under the key file's current key, with SQLCipher's `sqlcipher_export`:
/// a plaintext file from before encryption, or one under an older key after `rotate-key`. Refused
/// while any other process has the file open (serve, an admin command): it holds the file
/// exclusively throughout, copies it to `central.db.encrypting`, checks every table's rows
/// arrived, and renames the copy over the original (the plaintext is gone from the directory;
/// older copies of it in backups are not). The columns of a plaintext file are sealed the next
/// time the store opens it (its schema migration).
pub fn encrypt_database(path: &Path, keys: &CentralKeys) -> Result<Rewritten, StoreError> {
    if !path.exists() {
        return Err(StoreError::Io {
            path: path.to_owned(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        });
    }
    let loaded = keys.now();
    let set = loaded.set();
    let to = set.current();
    let (conn, from) = if is_plaintext(path)? {
        (Connection::open(path)?, None)
    } else {
        match connect(path, keys)? {
            (_, Some(id)) if id == to => return Ok(Rewritten::AlreadyCurrent(to)),
            (conn, id) => (conn, id),
        }
    };
    // Hold the file alone from here to the rename: an idle connection elsewhere (serve) keeps a
    // lock this cannot take.
    conn.busy_timeout(Duration::from_millis(500))?;
    let exclusive = conn
        .execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;")
        .and_then(|()| {
            conn.query_row("PRAGMA journal_mode = DELETE", [], |r| {
                r.get::<_, String>(0)
            })
        });
    match exclusive {
        Ok(mode) if mode.eq_ignore_ascii_case("delete") => {}
        Ok(_) => return Err(StoreError::DatabaseInUse(path.to_owned())),
        Err(e)
            if matches!(
                e.sqlite_error_code(),
                Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
            ) =>
        {
            return Err(StoreError::DatabaseInUse(path.to_owned()));
        }
        Err(e) => return Err(e.into()),
    }
    let copy = sidecar(path, ".encrypting");
    for stale in [copy.clone(), sidecar(&copy, "-journal")] {
        match std::fs::remove_file(&stale) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io_at(&stale)(e)),
            _ => {}
        }
    }
    let literal = set
        .sqlcipher_key(to)
        .ok_or_else(|| StoreError::Corrupt(format!("no key {to}")))?;
    let mut attach = Zeroizing::new(String::with_capacity(literal.len() + 200));
    attach.push_str("ATTACH DATABASE '");
    attach.push_str(&copy.to_string_lossy().replace('\'', "''"));
    attach.push_str("' AS encrypted KEY \"");
    attach.push_str(&literal);
    attach.push_str("\";");
    conn.execute_batch(&attach)?;
    conn.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
    conn.execute_batch("DETACH DATABASE encrypted")?;
    let before = row_counts(&conn)?;
    {
        let check = Connection::open(&copy)?;
        apply_key(&check, set, to)?;
        if row_counts(&check)? != before {
            return Err(StoreError::Corrupt(
                "the rewritten copy does not hold every row; the original is untouched".into(),
            ));
        }
    }
    std::fs::File::open(&copy)
        .and_then(|f| f.sync_all())
        .map_err(io_at(&copy))?;
    // The original's WAL and shared memory went with DELETE mode; none may meet the new file.
    for stale in [sidecar(path, "-wal"), sidecar(path, "-shm")] {
        match std::fs::remove_file(&stale) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io_at(&stale)(e)),
            _ => {}
        }
    }
    std::fs::rename(&copy, path).map_err(io_at(path))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io_at(dir))?;
    }
    drop(conn);
    Ok(match from {
        None => Rewritten::FromPlaintext { to },
        Some(from) => Rewritten::Rekeyed { from, to },
    })
}

fn create_private_dir(dir: &Path) -> Result<(), StoreError> {
    let io = |source| StoreError::Io {
        path: dir.to_owned(),
        source,
    };
    if dir.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(dir).map_err(io)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(io)?;
    }
    Ok(())
}

fn retryable(e: &StoreError) -> bool {
    match e {
        StoreError::Busy => true,
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _)) => matches!(
            f.code,
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked | ErrorCode::ConstraintViolation
        ),
        _ => false,
    }
}

impl Backend for SqliteBackend {
    fn transaction(
        &self,
        f: &mut dyn FnMut(&mut dyn Sql) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let conn = self.conn.lock().map_err(|_| {
            StoreError::Corrupt("a thread failed while holding the database".into())
        })?;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut tx = SqliteTx { conn: &conn };
            let result = conn
                .execute_batch("BEGIN IMMEDIATE")
                .map_err(StoreError::from)
                .and_then(|()| f(&mut tx))
                .and_then(|()| Ok(conn.execute_batch("COMMIT")?));
            match result {
                Ok(()) => return Ok(()),
                Err(e) => {
                    // Nothing to roll back if COMMIT itself failed and ended the transaction.
                    if !conn.is_autocommit() {
                        conn.execute_batch("ROLLBACK")?;
                    }
                    if attempt < RETRIES && retryable(&e) {
                        continue;
                    }
                    return Err(e);
                }
            }
        }
    }

    fn snapshot(
        &self,
        f: &mut dyn FnMut(&mut dyn Sql) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let turn = self.next_reader.fetch_add(1, Ordering::Relaxed) % self.readers.len().max(1);
        let reader = self
            .readers
            .get(turn)
            .ok_or_else(|| StoreError::Corrupt("no reader connection".into()))?;
        let conn = reader.lock().map_err(|_| {
            StoreError::Corrupt("a thread failed while holding a reader connection".into())
        })?;
        let mut tx = SqliteTx { conn: &conn };
        // A deferred transaction takes its snapshot at its first read and keeps it to the end.
        let result = conn
            .execute_batch("BEGIN DEFERRED")
            .map_err(StoreError::from)
            .and_then(|()| f(&mut tx));
        if !conn.is_autocommit() {
            conn.execute_batch("ROLLBACK")?;
        }
        result
    }

    fn name(&self) -> &'static str {
        "sqlite"
    }

    fn database_key(&self) -> Option<u32> {
        self.database_key
    }
}

struct SqliteTx<'c> {
    conn: &'c Connection,
}

fn to_value(v: &Val) -> Value {
    match v {
        Val::Null => Value::Null,
        Val::I64(i) => Value::Integer(*i),
        Val::Bool(b) => Value::Integer(i64::from(*b)),
        Val::Text(s) => Value::Text(s.clone()),
        Val::Bytes(b) => Value::Blob(b.clone()),
        Val::Time(t) => Value::Text(t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()),
        Val::Uuid(u) => Value::Text(u.to_string()),
    }
}

fn from_ref(v: ValueRef<'_>) -> Val {
    match v {
        ValueRef::Null => Val::Null,
        ValueRef::Integer(i) => Val::I64(i),
        ValueRef::Real(r) => Val::Text(r.to_string()),
        ValueRef::Text(t) => Val::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Val::Bytes(b.to_vec()),
    }
}

/// `$1` → `?1` (SQLite's positional form).
fn prepare_text(sql: &str) -> String {
    sql.replace('$', "?")
}

impl Sql for SqliteTx<'_> {
    fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        Ok(self.conn.execute_batch(sql)?)
    }

    fn dialect(&self) -> &'static Dialect {
        &DIALECT
    }

    fn execute(&mut self, sql: &str, params: &[Val]) -> Result<u64, StoreError> {
        let mut stmt = self.conn.prepare_cached(&prepare_text(sql))?;
        let values: Vec<Value> = params.iter().map(to_value).collect();
        let n = stmt.execute(rusqlite::params_from_iter(values))?;
        Ok(n as u64)
    }

    fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Row>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&prepare_text(sql))?;
        let columns = stmt.column_count();
        let values: Vec<Value> = params.iter().map(to_value).collect();
        let mut rows = stmt.query(rusqlite::params_from_iter(values))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let mut vals = Vec::with_capacity(columns);
            for i in 0..columns {
                vals.push(from_ref(row.get_ref(i)?));
            }
            out.push(Row(vals));
        }
        Ok(out)
    }
}
