//! The PostgreSQL backend: the synchronous `postgres` client (called from blocking threads, as
//! the server does through `spawn_blocking`), a small pool of connections written here (at most
//! [`MAX_CONNECTIONS`], each keeping its prepared statements), and transactions that are run
//! again when they lose a race (a unique key taken meanwhile, a serialisation failure, a
//! deadlock). Replication and failover are PostgreSQL's business, not ours.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex};

use chrono::{DateTime, Utc};
use postgres::error::SqlState;
use postgres::types::{ToSql, Type};
use postgres::{Client, Config, NoTls, Statement};
use uuid::Uuid;

use super::StoreError;
use super::schema::{Dialect, apply_dialect};
use super::sql::{Backend, RETRIES, Row, Sql, Val};

const DIALECT: Dialect = Dialect {
    ts: "TIMESTAMPTZ",
    uuid: "UUID",
    bool: "BOOLEAN",
    blob: "BYTEA",
    serial: "BIGSERIAL PRIMARY KEY",
};

/// Most connections the pool opens.
pub const MAX_CONNECTIONS: usize = 16;

struct Conn {
    client: Client,
    statements: HashMap<String, Statement>,
}

pub struct PgBackend {
    config: Config,
    idle: Mutex<Vec<Conn>>,
    /// How many connections exist (idle or lent out).
    open: Mutex<usize>,
    returned: Condvar,
}

fn poisoned() -> StoreError {
    StoreError::Corrupt("a thread failed while holding the connection pool".into())
}

impl PgBackend {
    /// Check the URL and open a first connection (so a wrong address fails at start).
    pub fn connect(url: &str) -> Result<PgBackend, StoreError> {
        let config: Config = url.parse()?;
        let backend = PgBackend {
            config,
            idle: Mutex::new(Vec::new()),
            open: Mutex::new(0),
            returned: Condvar::new(),
        };
        let first = backend.take()?;
        backend.give_back(first);
        Ok(backend)
    }

    fn take(&self) -> Result<Conn, StoreError> {
        if let Some(conn) = self.idle.lock().map_err(|_| poisoned())?.pop() {
            return Ok(conn);
        }
        let mut open = self.open.lock().map_err(|_| poisoned())?;
        loop {
            if let Some(conn) = self.idle.lock().map_err(|_| poisoned())?.pop() {
                return Ok(conn);
            }
            if *open < MAX_CONNECTIONS {
                *open += 1;
                drop(open);
                return match self.config.connect(NoTls) {
                    Ok(client) => Ok(Conn {
                        client,
                        statements: HashMap::new(),
                    }),
                    Err(e) => {
                        self.forget();
                        Err(e.into())
                    }
                };
            }
            open = self.returned.wait(open).map_err(|_| poisoned())?;
        }
    }

    fn give_back(&self, conn: Conn) {
        if conn.client.is_closed() {
            self.forget();
            return;
        }
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(conn);
        }
        self.returned.notify_one();
    }

    fn forget(&self) {
        if let Ok(mut open) = self.open.lock() {
            *open = open.saturating_sub(1);
        }
        self.returned.notify_one();
    }
}

fn retryable(e: &StoreError) -> bool {
    match e {
        StoreError::Busy => true,
        StoreError::Postgres(e) => e.code().is_some_and(|c| {
            *c == SqlState::UNIQUE_VIOLATION
                || *c == SqlState::T_R_SERIALIZATION_FAILURE
                || *c == SqlState::T_R_DEADLOCK_DETECTED
        }),
        _ => false,
    }
}

impl Backend for PgBackend {
    fn transaction(
        &self,
        f: &mut dyn FnMut(&mut dyn Sql) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut conn = self.take()?;
        let mut attempt = 0;
        let result = loop {
            attempt += 1;
            let result = run_once(&mut conn, f);
            match result {
                Err(e) if attempt < RETRIES && retryable(&e) => continue,
                other => break other,
            }
        };
        self.give_back(conn);
        result
    }

    fn name(&self) -> &'static str {
        "postgresql"
    }
}

fn run_once(
    conn: &mut Conn,
    f: &mut dyn FnMut(&mut dyn Sql) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let Conn { client, statements } = conn;
    let mut tx = client.transaction()?;
    let mut pg = PgTx {
        tx: &mut tx,
        statements,
    };
    f(&mut pg)?;
    tx.commit()?;
    Ok(())
}

struct PgTx<'a, 'c> {
    tx: &'a mut postgres::Transaction<'c>,
    statements: &'a mut HashMap<String, Statement>,
}

impl PgTx<'_, '_> {
    fn statement(&mut self, sql: &str) -> Result<Statement, StoreError> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.tx.prepare(&apply_dialect(sql, &DIALECT))?;
        self.statements.insert(sql.to_owned(), s.clone());
        Ok(s)
    }
}

type Param = Box<dyn ToSql + Sync>;

fn param(v: &Val, ty: &Type) -> Result<Param, StoreError> {
    Ok(match v {
        Val::Null => match *ty {
            Type::UUID => Box::new(None::<Uuid>),
            Type::TIMESTAMPTZ => Box::new(None::<DateTime<Utc>>),
            Type::INT8 => Box::new(None::<i64>),
            Type::INT4 => Box::new(None::<i32>),
            Type::BOOL => Box::new(None::<bool>),
            Type::BYTEA => Box::new(None::<Vec<u8>>),
            _ => Box::new(None::<String>),
        },
        Val::I64(i) => match *ty {
            Type::INT4 => Box::new(
                i32::try_from(*i).map_err(|_| StoreError::Invalid(format!("{i} is too large")))?,
            ),
            _ => Box::new(*i),
        },
        Val::Bool(b) => Box::new(*b),
        Val::Text(s) => Box::new(s.clone()),
        Val::Bytes(b) => Box::new(b.clone()),
        Val::Time(t) => Box::new(*t),
        Val::Uuid(u) => Box::new(*u),
    })
}

fn params(stmt: &Statement, values: &[Val]) -> Result<Vec<Param>, StoreError> {
    values
        .iter()
        .zip(stmt.params())
        .map(|(v, ty)| param(v, ty))
        .collect()
}

fn column(row: &postgres::Row, i: usize, ty: &Type) -> Result<Val, StoreError> {
    fn opt<T, F: FnOnce(T) -> Val>(v: Option<T>, f: F) -> Val {
        v.map_or(Val::Null, f)
    }
    Ok(match *ty {
        Type::INT8 => opt(row.try_get::<_, Option<i64>>(i)?, Val::I64),
        Type::INT4 => opt(row.try_get::<_, Option<i32>>(i)?, |v| Val::I64(v.into())),
        Type::INT2 => opt(row.try_get::<_, Option<i16>>(i)?, |v| Val::I64(v.into())),
        Type::BOOL => opt(row.try_get::<_, Option<bool>>(i)?, Val::Bool),
        Type::BYTEA => opt(row.try_get::<_, Option<Vec<u8>>>(i)?, Val::Bytes),
        Type::TIMESTAMPTZ => opt(row.try_get::<_, Option<DateTime<Utc>>>(i)?, Val::Time),
        Type::UUID => opt(row.try_get::<_, Option<Uuid>>(i)?, Val::Uuid),
        _ => opt(row.try_get::<_, Option<String>>(i)?, Val::Text),
    })
}

/// The advisory lock key official numbering is serialised under (any constant the central
/// record's database uses for nothing else).
const NUMBERING_LOCK: i64 = 0x005a_6173_7469_7461;

impl Sql for PgTx<'_, '_> {
    fn lock_numbering(&mut self) -> Result<(), StoreError> {
        self.tx
            .execute("SELECT pg_advisory_xact_lock($1)", &[&NUMBERING_LOCK])?;
        Ok(())
    }

    fn execute(&mut self, sql: &str, values: &[Val]) -> Result<u64, StoreError> {
        let stmt = self.statement(sql)?;
        let owned = params(&stmt, values)?;
        let refs: Vec<&(dyn ToSql + Sync)> = owned.iter().map(|b| b.as_ref()).collect();
        Ok(self.tx.execute(&stmt, &refs)?)
    }

    fn query(&mut self, sql: &str, values: &[Val]) -> Result<Vec<Row>, StoreError> {
        let stmt = self.statement(sql)?;
        let owned = params(&stmt, values)?;
        let refs: Vec<&(dyn ToSql + Sync)> = owned.iter().map(|b| b.as_ref()).collect();
        let rows = self.tx.query(&stmt, &refs)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut vals = Vec::with_capacity(row.len());
            for (i, col) in row.columns().iter().enumerate() {
                vals.push(column(row, i, col.type_())?);
            }
            out.push(Row(vals));
        }
        Ok(out)
    }
}
