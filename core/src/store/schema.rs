//! The device store's schema: the migrations in `migrations/` (`V{n}__{name}.sql`, refinery's
//! convention), embedded at build time and applied by refinery inside one immediate transaction,
//! through the small driver below (refinery's own rusqlite driver opens a transaction per step
//! and panics on a history row it cannot read).
//!
//! refinery's history (`refinery_schema_history`) records what was applied; `PRAGMA
//! user_version` is kept equal to the newest applied version. A store made before refinery (by
//! rusqlite_migration, which counted in `user_version` only) is adopted: its first N migrations
//! are marked applied without running them, then the rest run. An older build reads
//! `user_version` and still refuses a store a newer one wrote.
//! **Never edit a migration that has shipped; add the next one.**

use include_dir::{Dir, include_dir};
use refinery_core::traits::sync::{Migrate, Query, Transaction};
use refinery_core::{Migration, Runner, SchemaVersion, Target};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use std::sync::LazyLock;

use super::{MigrateTo, StoreError};

pub(crate) use zastita_migrate::HISTORY;

static DIR: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../migrations");

/// The embedded migrations, in order, checked once: `V1`…`VN`, no gap.
static MIGRATIONS: LazyLock<Result<Vec<Migration>, String>> =
    LazyLock::new(|| zastita_migrate::load(&DIR, str::to_owned));

/// How many migrations this build knows (the newest schema version).
pub fn latest() -> usize {
    MIGRATIONS.as_ref().map_or(0, Vec::len)
}

/// Refuse a store from a newer build, then (unless `to` is [`MigrateTo::Unchanged`]) adopt a
/// store from before refinery and bring the schema to the newest version: one transaction.
pub(super) fn migrate(conn: &mut Connection, to: MigrateTo) -> Result<(), StoreError> {
    let migrations = MIGRATIONS
        .as_ref()
        .map_err(|e| StoreError::Migration(e.clone()))?;
    let known = migrations.len();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let counted = user_version(&tx)?;
    let recorded = recorded_version(&tx)?;
    let found = counted.max(recorded);
    if found > known {
        return Err(StoreError::TooNew { found, known });
    }
    if matches!(to, MigrateTo::Unchanged) {
        return Ok(());
    }
    let mut history = History {
        conn: &tx,
        failed: None,
    };
    if counted > recorded {
        // Applied before refinery kept a history: record them, run nothing.
        let adopt = SchemaVersion::try_from(counted)
            .map_err(|_| StoreError::Migration(format!("schema version {counted}")))?;
        history.run(zastita_migrate::runner(migrations).set_target(Target::FakeVersion(adopt)))?;
    }
    history.run(zastita_migrate::runner(migrations))?;
    let now = recorded_version(&tx)?;
    tx.pragma_update(None, "user_version", i64::try_from(now).unwrap_or(i64::MAX))?;
    tx.commit()?;
    Ok(())
}

fn user_version(conn: &Connection) -> Result<usize, StoreError> {
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok(usize::try_from(v).unwrap_or(0))
}

/// The newest version in refinery's history (0 when the store has none yet).
pub(super) fn recorded_version(conn: &Connection) -> Result<usize, StoreError> {
    let exists = conn
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [HISTORY],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if !exists {
        return Ok(0);
    }
    let v: i64 = conn.query_row(
        &format!("SELECT COALESCE(MAX(version), 0) FROM {HISTORY}"),
        [],
        |r| r.get(0),
    )?;
    Ok(usize::try_from(v).unwrap_or(0))
}

/// refinery's view of the open transaction: statements run in it as they are, and the first
/// failure is kept here whole (refinery would only hand back its message).
struct History<'a> {
    conn: &'a Connection,
    failed: Option<StoreError>,
}

/// What refinery is told when a statement fails; the real error waits in [`History::failed`].
#[derive(Debug, thiserror::Error)]
#[error("the store refused a schema statement")]
struct Refused;

impl History<'_> {
    fn fail(&mut self, e: StoreError) -> Refused {
        self.failed.get_or_insert(e);
        Refused
    }

    fn run(&mut self, runner: Runner) -> Result<(), StoreError> {
        match runner.run(self) {
            Ok(_) => Ok(()),
            Err(e) => Err(self
                .failed
                .take()
                .unwrap_or_else(|| StoreError::Migration(e.to_string()))),
        }
    }
}

impl Transaction for History<'_> {
    type Error = Refused;

    fn execute<'q, T: Iterator<Item = &'q str>>(&mut self, queries: T) -> Result<usize, Refused> {
        let mut count = 0;
        for query in queries {
            if let Err(e) = self.conn.execute_batch(query) {
                return Err(self.fail(e.into()));
            }
            count += 1;
        }
        Ok(count)
    }
}

impl Query<Vec<Migration>> for History<'_> {
    fn query(&mut self, query: &str) -> Result<Vec<Migration>, Refused> {
        let read = || -> Result<Vec<Migration>, StoreError> {
            let mut stmt = self.conn.prepare(query)?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (version, name, applied_on, checksum) = row?;
                out.push(
                    zastita_migrate::applied(version, name, &applied_on, &checksum)
                        .map_err(StoreError::Migration)?,
                );
            }
            Ok(out)
        };
        read().map_err(|e| self.fail(e))
    }
}

impl Migrate for History<'_> {}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_embedded_migrations_run_one_to_latest() {
        let migrations = MIGRATIONS.as_ref().unwrap();
        assert!(latest() >= 9, "{}", latest());
        assert_eq!(migrations[0].to_string(), "V1__initial");
        assert_eq!(migrations.last().unwrap().version() as usize, latest());
    }
}
