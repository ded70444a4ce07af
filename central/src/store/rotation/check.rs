//! Looking at the encrypted values: how many each key holds, counted by the key ids they carry
//! ([`Store::key_usage`], `rotate-key --status`), and every one read back
//! ([`Store::check_encryption`], `verify`'s `encryption` section): how many under each key, and
//! each one in plaintext or that does not decrypt for its row, named by table, column and row key
//! (never by its value).

use std::collections::BTreeMap;

use serde::Serialize;

use super::super::crypt::ValueProblem;
use super::super::sql::Val;
use super::super::{Store, StoreError};
use super::{ENCRYPTED, Select, key_id_of, open, prefix_len, prefix_val, walk};

/// How many values each key holds (`rotate-key --status`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyUsage {
    /// The key new values are written under.
    pub current: u32,
    pub keys: Vec<KeyUse>,
    /// Values under no key of the key file, or not encrypted (`check_encryption` says which).
    pub other_values: u64,
    /// The key SQLCipher's pages are under (SQLite only).
    pub database_key: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyUse {
    pub key_id: u32,
    /// Encrypted values under it.
    pub values: u64,
    /// Whether the key file holds it.
    pub in_key_file: bool,
    /// Nothing uses it and it is not current: `rotate-key --retire` may remove it.
    pub retirable: bool,
}

/// A value that is not what it should be (`check_encryption`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadValue {
    pub table: &'static str,
    pub column: &'static str,
    /// The row's key (ids, a badge, a seq: never the value).
    pub row: String,
    #[serde(flatten)]
    pub problem: ValueProblem,
}

/// Every encrypted value read back (`check_encryption`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EncryptionReport {
    /// Values read.
    pub checked: u64,
    /// Values per key id.
    pub by_key: BTreeMap<u32, u64>,
    /// Every value that does not decrypt, or is not encrypted.
    pub bad: Vec<BadValue>,
}

impl EncryptionReport {
    pub fn ok(&self) -> bool {
        self.bad.is_empty()
    }
}

impl Store {
    /// Values per key, for `rotate-key --status` (counted by their stored key ids, not read).
    pub fn key_usage(&self) -> Result<KeyUsage, StoreError> {
        let loaded = self.cipher.keys().now();
        let set = loaded.set();
        let database_key = self.backend.database_key();
        self.tx(|sql| {
            let mut ids: Vec<u32> = set.ids();
            for r in sql.query("SELECT key_id FROM central_keys", &[])? {
                if let Ok(id) = u32::try_from(r.i64(0)?)
                    && !ids.contains(&id)
                {
                    ids.push(id);
                }
            }
            ids.sort_unstable();
            let mut total = 0u64;
            let mut counts: BTreeMap<u32, u64> = ids.iter().map(|id| (*id, 0)).collect();
            for c in ENCRYPTED {
                total += sql
                    .query_one(
                        &format!(
                            "SELECT count(*) FROM {} WHERE {} IS NOT NULL",
                            c.table, c.column
                        ),
                        &[],
                    )?
                    .u64(0)?;
                for (id, n) in counts.iter_mut() {
                    *n += sql
                        .query_one(
                            &format!(
                                "SELECT count(*) FROM {} WHERE substr({col}, 1, $1) = $2",
                                c.table,
                                col = c.column
                            ),
                            &[Val::I64(prefix_len(c, *id)), prefix_val(c, *id)],
                        )?
                        .u64(0)?;
                }
            }
            let counted: u64 = counts.values().sum();
            Ok(KeyUsage {
                current: set.current(),
                keys: counts
                    .iter()
                    .map(|(id, n)| KeyUse {
                        key_id: *id,
                        values: *n,
                        in_key_file: set.contains(*id),
                        retirable: *n == 0
                            && *id != set.current()
                            && database_key != Some(*id)
                            && set.contains(*id),
                    })
                    .collect(),
                other_values: total.saturating_sub(counted),
                database_key,
            })
        })
    }

    /// Read every encrypted value back (a batch per transaction): how many under each key, and
    /// every one that is not encrypted or does not decrypt (for `verify`).
    pub fn check_encryption(&self) -> Result<EncryptionReport, StoreError> {
        let mut report = EncryptionReport::default();
        for c in ENCRYPTED {
            let mut after: Option<Vec<Val>> = None;
            loop {
                let (last, bad, by_key, n) = self.tx(|sql| {
                    let cipher = sql.cipher()?;
                    let cells = walk(sql, c, after.as_deref(), Select::All)?;
                    let mut bad = Vec::new();
                    let mut by_key: BTreeMap<u32, u64> = BTreeMap::new();
                    for cell in &cells {
                        match open(&cipher, c, cell) {
                            Ok(_) => {
                                if let Some(id) = key_id_of(c, &cell.value) {
                                    *by_key.entry(id).or_default() += 1;
                                }
                            }
                            Err(StoreError::Undecryptable {
                                table,
                                column,
                                row,
                                problem,
                            }) => bad.push(BadValue {
                                table,
                                column,
                                row,
                                problem,
                            }),
                            Err(e) => return Err(e),
                        }
                    }
                    Ok((
                        cells.last().map(|l| l.key.clone()),
                        bad,
                        by_key,
                        cells.len() as u64,
                    ))
                })?;
                report.checked += n;
                report.bad.extend(bad);
                for (id, k) in by_key {
                    *report.by_key.entry(id).or_default() += k;
                }
                match last {
                    Some(l) => after = Some(l),
                    None => break,
                }
            }
        }
        Ok(report)
    }

    /// How many values are under key `id` (tests and tools).
    pub fn values_under(&self, id: u32) -> Result<u64, StoreError> {
        self.tx(|sql| {
            let mut n = 0;
            for c in ENCRYPTED {
                let mut after: Option<Vec<Val>> = None;
                loop {
                    let cells = walk(sql, c, after.as_deref(), Select::Under(id))?;
                    let Some(last) = cells.last() else { break };
                    n += cells.len() as u64;
                    after = Some(last.key.clone());
                }
            }
            Ok(n)
        })
    }
}
