//! The SQLite backend: `DIR/central.db` in WAL mode with a busy timeout, so the admin CLI can
//! write while the server runs. One connection behind a mutex (SQLite serialises writers
//! anyway); transactions start `IMMEDIATE` so two writers never deadlock upgrading a read lock.
//! The file is not encrypted: the central record's disk is the station's server, protected by
//! its own means (see README).

use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, ErrorCode};

use super::StoreError;
use super::sql::Dialect;
use super::sql::{Backend, RETRIES, Row, Sql, Val};

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
};

/// How long a writer waits for another (the CLI, the server) before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

pub struct SqliteBackend {
    conn: Mutex<Connection>,
}

impl SqliteBackend {
    /// Open or create the database file (its directory is created readable by its owner only).
    pub fn open(path: &Path) -> Result<SqliteBackend, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            create_private_dir(dir)?;
        }
        let conn = Connection::open(path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
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
        conn.pragma_update(None, "synchronous", "FULL")?;
        Ok(SqliteBackend {
            conn: Mutex::new(conn),
        })
    }
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

    fn name(&self) -> &'static str {
        "sqlite"
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
