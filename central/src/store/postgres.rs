//! The PostgreSQL backend: the synchronous `postgres` client (called from blocking threads, as
//! the server does through `spawn_blocking`), pooled by r2d2 (at most [`MAX_CONNECTIONS`], a
//! checkout that waits at most [`CHECKOUT_TIMEOUT`], each connection checked on checkout and
//! dropped once broken, each keeping its prepared statements), and transactions that are run
//! again, after a short jittered pause, when they lose a race (a unique key taken meanwhile, a
//! serialisation failure, a deadlock) or their connection (a restarted server). Every connection
//! is TLS-verified, or plaintext to this machine by explicit permission ([`target`]). Replication
//! and failover are PostgreSQL's business, not ours.

pub mod target;

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use chrono::{DateTime, Utc};
use postgres::error::SqlState;
use postgres::types::{ToSql, Type};
use postgres::{Client, Config, IsolationLevel, Statement};
use uuid::Uuid;

use super::StoreError;
use super::sql::Dialect;
use super::sql::{Backend, RETRIES, Row, Sql, Val};
pub use target::{PgTarget, client};
use target::{Transport, transport};

/// PostgreSQL's column types for the schema's placeholders.
pub const DIALECT: Dialect = Dialect {
    ts: "TIMESTAMPTZ",
    uuid: "UUID",
    bool: "BOOLEAN",
    blob: "BYTEA",
    serial: "BIGSERIAL PRIMARY KEY",
    append_only: "CREATE FUNCTION {TABLE}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{TABLE} is append-only';
END $$;
CREATE TRIGGER {TABLE}_no_change BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only();
CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_append_only();",
    drop_append_only: "DROP TRIGGER IF EXISTS {TABLE}_no_change ON {TABLE};
DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE};
DROP FUNCTION IF EXISTS {TABLE}_append_only();",
};

/// Most connections the pool opens.
pub const MAX_CONNECTIONS: u32 = 16;
/// How long a request waits for a connection before the store answers "busy".
pub const CHECKOUT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the health check on checkout may take.
const HEALTH_CHECK: Duration = Duration::from_secs(2);

/// A pooled connection and the statements prepared on it.
pub struct Conn {
    client: Client,
    statements: HashMap<String, Statement>,
}

/// Opens connections for the pool and tells it which are still good.
struct Manager {
    config: Config,
    transport: Transport,
}

impl r2d2::ManageConnection for Manager {
    type Connection = Conn;
    type Error = postgres::Error;

    fn connect(&self) -> Result<Conn, postgres::Error> {
        Ok(Conn {
            client: self.transport.connect(&self.config)?,
            statements: HashMap::new(),
        })
    }

    fn is_valid(&self, conn: &mut Conn) -> Result<(), postgres::Error> {
        conn.client.is_valid(HEALTH_CHECK)
    }

    fn has_broken(&self, conn: &mut Conn) -> bool {
        conn.client.is_closed()
    }
}

pub struct PgBackend {
    pool: r2d2::Pool<Manager>,
}

impl PgBackend {
    /// Check the target (TLS, or plaintext by permission to this machine) and open a first
    /// connection (so a wrong address, password or CA fails at start).
    pub fn connect(target: &PgTarget) -> Result<PgBackend, StoreError> {
        let (config, transport) = transport(target)?;
        // A wrong address or password fails here, with PostgreSQL's own words (a certificate
        // the CA did not sign, with ours), not after the pool's timeout.
        let first = Manager {
            config: config.clone(),
            transport: transport.clone(),
        };
        if let Err(e) = r2d2::ManageConnection::connect(&first) {
            return Err(transport.explain(&config, e));
        }
        let pool = r2d2::Pool::builder()
            .max_size(MAX_CONNECTIONS)
            .min_idle(Some(0))
            .connection_timeout(CHECKOUT_TIMEOUT)
            .test_on_check_out(true)
            .error_handler(Box::new(r2d2::NopErrorHandler))
            .build_unchecked(Manager { config, transport });
        Ok(PgBackend { pool })
    }

    fn take(&self) -> Result<r2d2::PooledConnection<Manager>, StoreError> {
        // No connection within the timeout (the server down, or every connection busy): the
        // request is answered "busy, try again", never left hanging.
        self.pool.get().map_err(|_| StoreError::Busy)
    }
}

/// A PostgreSQL error in words: the server's message and SQLSTATE (never its `detail`, which
/// may quote a value), or the client's error with what caused it (the `postgres` crate's own
/// text stops at "db error" or "error performing TLS handshake").
pub fn describe(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return format!("{} ({})", db.message(), db.code().code());
    }
    let mut out = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cause = c.source();
    }
    out
}

/// Whether running the transaction again may succeed: it lost a race, or its connection.
fn retryable(e: &StoreError) -> bool {
    match e {
        StoreError::Busy => true,
        StoreError::Postgres(e) => {
            connection_lost(e)
                || e.code().is_some_and(|c| {
                    *c == SqlState::UNIQUE_VIOLATION
                        || *c == SqlState::T_R_SERIALIZATION_FAILURE
                        || *c == SqlState::T_R_DEADLOCK_DETECTED
                        || *c == SqlState::ADMIN_SHUTDOWN
                        || *c == SqlState::CANNOT_CONNECT_NOW
                })
        }
        _ => false,
    }
}

/// The connection went away under the transaction (closed, reset, broken pipe): the pool drops
/// it and the next attempt takes another. A commit cut off this way is replayed; pushes are
/// idempotent (a replayed envelope gets the receipt it got the first time).
fn connection_lost(e: &postgres::Error) -> bool {
    e.is_closed() || std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>())
}

/// A pause before attempt `attempt + 1`: 10 ms doubling, with up to as much again at random, so
/// transactions that collided do not collide again in step.
fn backoff(attempt: usize) -> Duration {
    let base = 10u64 << attempt.min(6);
    let jitter = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish()
        % base;
    Duration::from_millis(base + jitter)
}

impl PgBackend {
    /// `f` in a transaction (`READ ONLY` for a snapshot), tried again if it lost a race.
    fn run(
        &self,
        read_only: bool,
        f: &mut dyn FnMut(&mut dyn Sql) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            // A connection the server closed is dropped by the pool when it comes back (and one
            // that died idle fails the check on checkout): each attempt takes a good one.
            let result = self
                .take()
                .and_then(|mut conn| run_once(&mut conn, read_only, f));
            match result {
                Err(e) if attempt < RETRIES && retryable(&e) => {
                    std::thread::sleep(backoff(attempt));
                }
                other => return other,
            }
        }
    }
}

impl Backend for PgBackend {
    fn transaction(
        &self,
        f: &mut dyn FnMut(&mut dyn Sql) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.run(false, f)
    }

    fn snapshot(
        &self,
        f: &mut dyn FnMut(&mut dyn Sql) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.run(true, f)
    }

    fn name(&self) -> &'static str {
        "postgresql"
    }
}

/// `f` in one transaction on `conn` (`READ ONLY` for a snapshot), committed if it succeeds.
fn run_once(
    conn: &mut Conn,
    read_only: bool,
    f: &mut dyn FnMut(&mut dyn Sql) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let Conn { client, statements } = conn;
    let mut tx = if read_only {
        // Repeatable read: every statement sees the one snapshot (a board's count and its
        // page agree); a read-only transaction is never a serialisation failure.
        client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?
    } else {
        client.transaction()?
    };
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
        let s = self.tx.prepare(sql)?;
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
/// The advisory lock key schema migration is serialised under (another such constant).
const SCHEMA_LOCK: i64 = 0x005a_6173_7469_7473;

impl Sql for PgTx<'_, '_> {
    fn lock_numbering(&mut self) -> Result<(), StoreError> {
        self.tx
            .execute("SELECT pg_advisory_xact_lock($1)", &[&NUMBERING_LOCK])?;
        Ok(())
    }

    /// A transaction-level lock: held until the migration commits or rolls back, and released
    /// with the connection if the process dies.
    fn lock_schema(&mut self) -> Result<(), StoreError> {
        self.tx
            .execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])?;
        Ok(())
    }

    fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        Ok(self.tx.batch_execute(sql)?)
    }

    fn dialect(&self) -> &'static Dialect {
        &DIALECT
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
