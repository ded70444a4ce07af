//! The central record's schema: the migrations in `central/migrations/` (`V{n}__{name}.sql`,
//! refinery's convention), written once with placeholders for the few column types the two
//! databases name differently (`{TS}`, `{UUID}`, `{BOOL}`, `{BLOB}`, `{SERIAL}`) and the
//! triggers that make a table append-only (`{APPEND_ONLY(table)}`; `{DROP_APPEND_ONLY(table)}`
//! removes them, for a migration that rebuilds the table), embedded at
//! build time, given the backend's [`Dialect`] and applied by refinery in the caller's one
//! transaction, through the small driver below over [`Sql`].
//!
//! refinery's history (`refinery_schema_history`) records what was applied. `schema_version`,
//! the counter of the builds before refinery, is kept equal to the newest version: a database
//! those builds made is adopted (its first N migrations marked applied without running them),
//! and one of them meeting a database a newer build wrote still refuses it.
//! **Never edit a migration that has shipped (nor a dialect's type); add the next one.**

use include_dir::{Dir, include_dir};
use refinery_core::traits::sync::{Migrate, Query, Transaction};
use refinery_core::{Migration, Runner, SchemaVersion, Target};

use super::StoreError;
use super::sql::{Dialect, Row, Sql, Val};

pub use zastita_migrate::HISTORY;

static DIR: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/migrations");

/// `sql` with the dialect's column types (and append-only triggers) in place of the
/// placeholders.
pub fn apply_dialect(sql: &str, d: &Dialect) -> String {
    let typed = sql
        .replace("{TS}", d.ts)
        .replace("{UUID}", d.uuid)
        .replace("{BOOL}", d.bool)
        .replace("{BLOB}", d.blob)
        .replace("{SERIAL}", d.serial);
    // The undoing first: `{APPEND_ONLY(` is not a prefix of it, nor it of `{APPEND_ONLY(`.
    let undone = per_table(&typed, "{DROP_APPEND_ONLY(", d.drop_append_only);
    per_table(&undone, "{APPEND_ONLY(", d.append_only)
}

/// `sql` with each `OPEN` + table + `)}` replaced by `template` for that table.
fn per_table(sql: &str, open: &str, template: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(start) = rest.find(open) {
        let after = &rest[start + open.len()..];
        let Some(end) = after.find(")}") else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push_str(&template.replace("{TABLE}", &after[..end]));
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// The embedded migrations in `dialect`, in order, checked: `V1`…`VN`, no gap.
fn migrations(dialect: &Dialect) -> Result<Vec<Migration>, StoreError> {
    zastita_migrate::load(&DIR, |sql| apply_dialect(sql, dialect)).map_err(StoreError::Corrupt)
}

/// The version of the embedded migration called `name` (`V{n}__{name}.sql`), if there is one.
pub fn version_of(name: &str) -> Option<i64> {
    DIR.files().find_map(|f| {
        let file = f.path().file_name()?.to_str()?;
        let (version, rest) = file.strip_prefix('V')?.split_once("__")?;
        (rest.strip_suffix(".sql")? == name)
            .then(|| version.parse().ok())
            .flatten()
    })
}

/// The schema version this build writes: how many migrations it embeds.
pub fn latest() -> i64 {
    DIR.files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "sql"))
        .count() as i64
}

/// Bring the schema to [`latest`] inside the caller's transaction: take the schema lock (two
/// processes starting on one PostgreSQL database take turns; SQLite's write lock does it there),
/// refuse a database from a newer build, adopt one from before refinery, run what is pending.
/// The version found before migrating (0 for a new database).
pub fn migrate(sql: &mut dyn Sql) -> Result<i64, StoreError> {
    migrate_to(sql, None)
}

/// [`migrate`], stopping at version `to` (`None`: the latest). Stopping early is for tests that
/// need a database as an older build left it; the store itself always migrates to the latest.
pub fn migrate_to(sql: &mut dyn Sql, to: Option<i64>) -> Result<i64, StoreError> {
    sql.lock_schema()?;
    let migrations = migrations(sql.dialect())?;
    let known = i64::try_from(migrations.len()).unwrap_or(i64::MAX);
    let counted = legacy_version(sql)?;
    let mut history = History { sql, failed: None };
    history.assert_table()?;
    let recorded = history.recorded()?;
    let found = counted.max(recorded);
    if found > known {
        return Err(StoreError::TooNew { found, known });
    }
    if counted > recorded {
        // Applied before refinery kept a history: record them, run nothing.
        let adopt = SchemaVersion::try_from(counted)
            .map_err(|_| StoreError::Corrupt(format!("schema version {counted}")))?;
        history.run(zastita_migrate::runner(&migrations).set_target(Target::FakeVersion(adopt)))?;
    }
    let target = to.unwrap_or(known).min(known);
    let runner = zastita_migrate::runner(&migrations);
    history.run(match to {
        None => runner,
        Some(_) => runner
            .set_target(Target::Version(SchemaVersion::try_from(target).map_err(
                |_| StoreError::Corrupt(format!("schema version {target}")),
            )?)),
    })?;
    history.sql.execute(
        "UPDATE schema_version SET version = $1",
        &[Val::I64(target.max(found))],
    )?;
    Ok(found)
}

/// The version counted in `schema_version` (the table is made, at 0, where it is missing).
fn legacy_version(sql: &mut dyn Sql) -> Result<i64, StoreError> {
    sql.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)",
        &[],
    )?;
    match sql.query_opt("SELECT version FROM schema_version", &[])? {
        Some(row) => row.i64(0),
        None => {
            sql.execute("INSERT INTO schema_version (version) VALUES (0)", &[])?;
            Ok(0)
        }
    }
}

/// refinery's view of the open transaction: statements run in it as they are, and the first
/// failure is kept here whole (refinery would only hand back its message).
struct History<'a> {
    sql: &'a mut dyn Sql,
    failed: Option<StoreError>,
}

/// What refinery is told when a statement fails; the real error waits in [`History::failed`].
#[derive(Debug, thiserror::Error)]
#[error("the database refused a schema statement")]
struct Refused;

impl History<'_> {
    fn fail(&mut self, e: StoreError) -> Refused {
        self.failed.get_or_insert(e);
        Refused
    }

    fn outcome<T>(&mut self, r: Result<T, refinery_core::Error>) -> Result<T, StoreError> {
        r.map_err(|e| {
            self.failed
                .take()
                .unwrap_or_else(|| StoreError::Corrupt(format!("schema migration: {e}")))
        })
    }

    fn assert_table(&mut self) -> Result<(), StoreError> {
        let r = Migrate::assert_migrations_table(self, HISTORY);
        self.outcome(r).map(drop)
    }

    /// The newest version in refinery's history (0 when it is empty).
    fn recorded(&mut self) -> Result<i64, StoreError> {
        let r = Migrate::get_last_applied_migration(self, HISTORY);
        Ok(self.outcome(r)?.map_or(0, |m| i64::from(m.version())))
    }

    fn run(&mut self, runner: Runner) -> Result<(), StoreError> {
        let r = runner.run(self);
        self.outcome(r).map(drop)
    }
}

impl Transaction for History<'_> {
    type Error = Refused;

    fn execute<'q, T: Iterator<Item = &'q str>>(&mut self, queries: T) -> Result<usize, Refused> {
        let mut count = 0;
        for query in queries {
            if let Err(e) = self.sql.batch(query) {
                return Err(self.fail(e));
            }
            count += 1;
        }
        Ok(count)
    }
}

impl Query<Vec<Migration>> for History<'_> {
    fn query(&mut self, query: &str) -> Result<Vec<Migration>, Refused> {
        let read = |sql: &mut dyn Sql| -> Result<Vec<Migration>, StoreError> {
            sql.query(query, &[])?.iter().map(applied).collect()
        };
        read(self.sql).map_err(|e| self.fail(e))
    }
}

impl Migrate for History<'_> {}

/// A row of refinery's history (version, name, applied_on, checksum) as refinery's `Migration`;
/// a row refinery could not have written is an error, never a panic.
fn applied(row: &Row) -> Result<Migration, StoreError> {
    zastita_migrate::applied(row.i64(0)?, row.text(1)?, &row.text(2)?, &row.text(3)?)
        .map_err(StoreError::Corrupt)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const PLAIN: Dialect = Dialect {
        ts: "TS",
        uuid: "UUID",
        bool: "BOOL",
        blob: "BLOB",
        serial: "SERIAL",
        append_only: "LOCK {TABLE};",
        drop_append_only: "UNLOCK {TABLE};",
    };

    #[test]
    fn the_embedded_migrations_run_one_to_latest_in_each_dialect() {
        let m = migrations(&PLAIN).unwrap();
        assert_eq!(m.len() as i64, latest());
        assert!(latest() >= 3);
        assert_eq!(m[0].to_string(), "V1__initial");
        let sql = m[0].sql().unwrap();
        assert!(
            sql.contains("added_at TS NOT NULL") && !sql.contains('{'),
            "{sql}"
        );
    }

    #[test]
    fn append_only_tables_get_the_dialects_triggers() {
        let sql = apply_dialect("A {APPEND_ONLY(t1)} B {APPEND_ONLY(t2)}{TS}", &PLAIN);
        assert_eq!(sql, "A LOCK t1; B LOCK t2;TS");
        assert_eq!(apply_dialect("{APPEND_ONLY(x", &PLAIN), "{APPEND_ONLY(x");
        assert_eq!(
            apply_dialect("{DROP_APPEND_ONLY(t1)} X {APPEND_ONLY(t1)}", &PLAIN),
            "UNLOCK t1; X LOCK t1;"
        );
    }

    #[test]
    fn a_migration_is_found_by_its_name() {
        assert_eq!(version_of("initial"), Some(1));
        assert!(version_of("central_keys").is_some_and(|v| (2..=latest()).contains(&v)));
        assert_eq!(version_of("nothing_of_the_kind"), None);
    }

    #[test]
    fn an_unreadable_history_row_is_an_error() {
        let row = |on: &str, sum: &str| {
            Row(vec![
                Val::I64(1),
                Val::Text("initial".into()),
                Val::Text(on.into()),
                Val::Text(sum.into()),
            ])
        };
        assert!(applied(&row("2026-01-01T00:00:00Z", "1")).is_ok());
        assert!(matches!(
            applied(&row("yesterday", "1")),
            Err(StoreError::Corrupt(_))
        ));
        assert!(applied(&row("2026-01-01T00:00:00Z", "-")).is_err());
    }
}
