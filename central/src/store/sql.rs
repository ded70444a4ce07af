//! The small SQL surface both storage backends offer: positional parameters written `$1`, `$2`…
//! (PostgreSQL's style; the SQLite backend rewrites them to `?1`), a handful of value types, and
//! one transaction at a time. Everything the central record does is written once against this
//! trait (the modules beside this one: `push`, `numbers`, `changes`, …), so SQLite and PostgreSQL
//! cannot drift apart; only the schema's column types are per backend ([`Sql::dialect`]).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::StoreError;
use super::crypt::Cipher;

/// A parameter or a column value.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Null,
    I64(i64),
    Bool(bool),
    Text(String),
    Bytes(Vec<u8>),
    Time(DateTime<Utc>),
    Uuid(Uuid),
}

impl From<i64> for Val {
    fn from(v: i64) -> Self {
        Val::I64(v)
    }
}
impl From<bool> for Val {
    fn from(v: bool) -> Self {
        Val::Bool(v)
    }
}
impl From<&str> for Val {
    fn from(v: &str) -> Self {
        Val::Text(v.to_owned())
    }
}
impl From<String> for Val {
    fn from(v: String) -> Self {
        Val::Text(v)
    }
}
impl From<&String> for Val {
    fn from(v: &String) -> Self {
        Val::Text(v.clone())
    }
}
impl From<Vec<u8>> for Val {
    fn from(v: Vec<u8>) -> Self {
        Val::Bytes(v)
    }
}
impl From<&[u8]> for Val {
    fn from(v: &[u8]) -> Self {
        Val::Bytes(v.to_vec())
    }
}
impl From<DateTime<Utc>> for Val {
    fn from(v: DateTime<Utc>) -> Self {
        Val::Time(v)
    }
}
impl From<Uuid> for Val {
    fn from(v: Uuid) -> Self {
        Val::Uuid(v)
    }
}
impl<T: Into<Val>> From<Option<T>> for Val {
    fn from(v: Option<T>) -> Self {
        v.map_or(Val::Null, Into::into)
    }
}

/// One result row, its columns already converted to [`Val`]s.
#[derive(Debug, Clone)]
pub struct Row(pub Vec<Val>);

fn bad(i: usize, want: &str) -> StoreError {
    StoreError::Corrupt(format!("column {i} is not {want}"))
}

impl Row {
    fn get(&self, i: usize) -> Result<&Val, StoreError> {
        self.0.get(i).ok_or_else(|| bad(i, "present"))
    }

    pub fn is_null(&self, i: usize) -> Result<bool, StoreError> {
        Ok(matches!(self.get(i)?, Val::Null))
    }

    pub fn i64(&self, i: usize) -> Result<i64, StoreError> {
        match self.get(i)? {
            Val::I64(v) => Ok(*v),
            Val::Bool(b) => Ok(i64::from(*b)),
            _ => Err(bad(i, "an integer")),
        }
    }

    pub fn u64(&self, i: usize) -> Result<u64, StoreError> {
        u64::try_from(self.i64(i)?).map_err(|_| bad(i, "a non-negative integer"))
    }

    pub fn opt_i64(&self, i: usize) -> Result<Option<i64>, StoreError> {
        if self.is_null(i)? {
            return Ok(None);
        }
        self.i64(i).map(Some)
    }

    pub fn bool(&self, i: usize) -> Result<bool, StoreError> {
        match self.get(i)? {
            Val::Bool(b) => Ok(*b),
            Val::I64(v) => Ok(*v != 0),
            _ => Err(bad(i, "a boolean")),
        }
    }

    pub fn text(&self, i: usize) -> Result<String, StoreError> {
        match self.get(i)? {
            Val::Text(s) => Ok(s.clone()),
            _ => Err(bad(i, "text")),
        }
    }

    pub fn opt_text(&self, i: usize) -> Result<Option<String>, StoreError> {
        if self.is_null(i)? {
            return Ok(None);
        }
        self.text(i).map(Some)
    }

    pub fn bytes(&self, i: usize) -> Result<Vec<u8>, StoreError> {
        match self.get(i)? {
            Val::Bytes(b) => Ok(b.clone()),
            _ => Err(bad(i, "bytes")),
        }
    }

    pub fn uuid(&self, i: usize) -> Result<Uuid, StoreError> {
        match self.get(i)? {
            Val::Uuid(u) => Ok(*u),
            Val::Text(s) => Uuid::parse_str(s).map_err(|_| bad(i, "a UUID")),
            _ => Err(bad(i, "a UUID")),
        }
    }

    pub fn opt_uuid(&self, i: usize) -> Result<Option<Uuid>, StoreError> {
        if self.is_null(i)? {
            return Ok(None);
        }
        self.uuid(i).map(Some)
    }

    pub fn time(&self, i: usize) -> Result<DateTime<Utc>, StoreError> {
        match self.get(i)? {
            Val::Time(t) => Ok(*t),
            Val::Text(s) => DateTime::parse_from_rfc3339(s)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| bad(i, "an instant")),
            _ => Err(bad(i, "an instant")),
        }
    }

    pub fn opt_time(&self, i: usize) -> Result<Option<DateTime<Utc>>, StoreError> {
        if self.is_null(i)? {
            return Ok(None);
        }
        self.time(i).map(Some)
    }
}

/// Statements inside one open transaction.
pub trait Sql {
    /// Run a statement; the number of rows it changed.
    fn execute(&mut self, sql: &str, params: &[Val]) -> Result<u64, StoreError>;
    /// Run a query; all its rows.
    fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Row>, StoreError>;
    /// Run a script of statements exactly as written, without parameters (the schema's
    /// migrations and refinery's bookkeeping).
    fn batch(&mut self, sql: &str) -> Result<(), StoreError>;
    /// The backend's column types, for the schema's placeholders.
    fn dialect(&self) -> &'static Dialect;

    /// What seals and opens the encrypted columns (`crypt.rs`): every transaction a [`Store`]
    /// runs has it; a bare backend transaction has none.
    ///
    /// [`Store`]: super::Store
    fn cipher(&self) -> Result<Arc<Cipher>, StoreError> {
        Err(StoreError::Corrupt(
            "an encrypted column was used outside the store's transactions".into(),
        ))
    }

    /// Serialise schema migration until this transaction ends, so two processes starting on one
    /// database take turns. SQLite's write lock (the transaction is `IMMEDIATE`) does it already.
    fn lock_schema(&mut self) -> Result<(), StoreError> {
        Ok(())
    }

    /// The first row, if any.
    fn query_opt(&mut self, sql: &str, params: &[Val]) -> Result<Option<Row>, StoreError> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// Serialise official numbering until this transaction ends. Numbers come from counter rows
    /// (one per police administration, year and kind); a push that numbers a case and an order
    /// takes two of them, and two pushes taking them in opposite orders would deadlock. One lock
    /// taken before any counter row rules that out. SQLite has one writer at a time already.
    fn lock_numbering(&mut self) -> Result<(), StoreError> {
        Ok(())
    }

    /// Exactly one row.
    fn query_one(&mut self, sql: &str, params: &[Val]) -> Result<Row, StoreError> {
        self.query_opt(sql, params)?.ok_or_else(|| {
            StoreError::Corrupt("a query that always returns a row returned none".into())
        })
    }
}

/// A storage backend: runs a closure inside one transaction, committing when it returns `Ok`
/// and rolling back otherwise. A transaction that loses a race (a unique key taken meanwhile, a
/// serialisation failure, a busy database) is run again, a few times, from the start.
pub trait Backend: Send + Sync {
    fn transaction(
        &self,
        f: &mut dyn FnMut(&mut dyn Sql) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;

    /// Run `f` on one consistent snapshot of the database that writes nothing and holds up no
    /// writer (a console's board read while devices push). SQLite: a read transaction on one of
    /// the reader connections (WAL lets it run beside the writer); PostgreSQL: a `READ ONLY`
    /// transaction from the pool. A write attempted in it is refused by the database.
    fn snapshot(
        &self,
        f: &mut dyn FnMut(&mut dyn Sql) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;

    /// `sqlite` or `postgresql`, for logs and listings.
    fn name(&self) -> &'static str;

    /// The key id the database file itself is encrypted under (SQLCipher's pages; SQLite only).
    fn database_key(&self) -> Option<u32> {
        None
    }
}

/// How often a transaction that lost a race is tried again.
pub const RETRIES: usize = 5;

/// The column types of a backend. Part of every migration's checksum, so as fixed as they are.
pub struct Dialect {
    pub ts: &'static str,
    pub uuid: &'static str,
    pub bool: &'static str,
    pub blob: &'static str,
    pub serial: &'static str,
    /// Statements that make table `{TABLE}` append-only (UPDATE and DELETE refused by the
    /// database), for `{APPEND_ONLY(table)}` in a migration.
    pub append_only: &'static str,
    /// Statements that undo `append_only` on table `{TABLE}` (so a migration can rebuild it), for
    /// `{DROP_APPEND_ONLY(table)}`.
    pub drop_append_only: &'static str,
}
