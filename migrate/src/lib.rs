//! The migration convention the device store (`core/src/store/schema.rs`) and the central record
//! (`central/src/store/schema.rs`) share: migrations embedded as `V{n}__{name}.sql` files, checked
//! 1…N without a gap ([`load`]); refinery's runner with every pending migration in one group and
//! our history table's name ([`runner`]); and a history row read back without panicking
//! ([`applied`]). Each store keeps its own small driver over its own connection, so the whole
//! step is one transaction of that store. No I/O here beyond the embedded files.

use include_dir::Dir;
use refinery_core::{Migration, Runner, SchemaVersion};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// refinery's history table (its default name, spelled out for the stores' own reads).
pub const HISTORY: &str = "refinery_schema_history";

/// The migrations in `dir`, in order, each file's SQL passed through `fill` (central puts its
/// dialect's column types in place of the placeholders; the device passes it through). Refuses a
/// file not named `V{n}__{name}.sql`, one that is not UTF-8, and a gap in the versions.
pub fn load(dir: &Dir<'_>, fill: impl Fn(&str) -> String) -> Result<Vec<Migration>, String> {
    let mut out = Vec::new();
    for file in dir.files() {
        let name = file
            .path()
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if !name.ends_with(".sql") {
            continue;
        }
        let sql = file
            .contents_utf8()
            .ok_or_else(|| format!("migration {name} is not UTF-8"))?;
        if !name.starts_with('V') {
            return Err(format!(
                "migration {name} is not named V{{n}}__{{name}}.sql"
            ));
        }
        out.push(Migration::unapplied(name, &fill(sql)).map_err(|e| format!("{name}: {e}"))?);
    }
    out.sort();
    for (i, m) in out.iter().enumerate() {
        if usize::try_from(m.version()).ok() != Some(i + 1) {
            return Err(format!(
                "migration {m} is out of sequence (versions run 1, 2, 3… without a gap)"
            ));
        }
    }
    Ok(out)
}

/// All pending migrations in one go (the caller's transaction makes them atomic anyway), recorded
/// in [`HISTORY`].
pub fn runner(migrations: &[Migration]) -> Runner {
    let mut runner = Runner::new(migrations).set_grouped(true);
    runner.set_migration_table_name(HISTORY);
    runner
}

/// A row of refinery's history (version, name, applied_on, checksum) as refinery's `Migration`;
/// a row refinery could not have written is an error naming its version, never a panic.
pub fn applied(
    version: i64,
    name: String,
    applied_on: &str,
    checksum: &str,
) -> Result<Migration, String> {
    let bad = || format!("{HISTORY} has an unreadable row (version {version})");
    let version = SchemaVersion::try_from(version).map_err(|_| bad())?;
    let applied_on = OffsetDateTime::parse(applied_on, &Rfc3339).map_err(|_| bad())?;
    let checksum = checksum.parse::<u64>().map_err(|_| bad())?;
    Ok(Migration::applied(version, name, applied_on, checksum))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use include_dir::{DirEntry, File};

    fn dir(files: &'static [DirEntry<'static>]) -> Dir<'static> {
        Dir::new("", files)
    }

    #[test]
    fn a_gap_or_a_stray_name_is_refused() {
        const GAP: &[DirEntry<'static>] = &[
            DirEntry::File(File::new("V1__a.sql", b"SELECT 1;")),
            DirEntry::File(File::new("V3__c.sql", b"SELECT 3;")),
            DirEntry::File(File::new("README.md", b"not a migration")),
        ];
        let e = load(&dir(GAP), str::to_owned).unwrap_err();
        assert!(e.contains("V3__c"), "{e}");
        const STRAY: &[DirEntry<'static>] =
            &[DirEntry::File(File::new("01-initial.sql", b"SELECT 1;"))];
        assert!(load(&dir(STRAY), str::to_owned).is_err());
        const GOOD: &[DirEntry<'static>] = &[
            DirEntry::File(File::new("V2__b.sql", b"SELECT {X};")),
            DirEntry::File(File::new("V1__a.sql", b"SELECT 1;")),
        ];
        let good = load(&dir(GOOD), |s| s.replace("{X}", "2")).unwrap();
        assert_eq!(good[1].to_string(), "V2__b");
        assert_eq!(good[1].sql(), Some("SELECT 2;"));
    }

    #[test]
    fn an_unreadable_history_row_is_an_error() {
        assert!(applied(1, "initial".into(), "yesterday", "1").is_err());
        assert!(applied(1, "initial".into(), "2026-01-01T00:00:00Z", "x").is_err());
        assert!(applied(i64::MAX, "initial".into(), "2026-01-01T00:00:00Z", "1").is_err());
        assert!(applied(1, "initial".into(), "2026-01-01T00:00:00Z", "1").is_ok());
    }
}
