//! The encrypted columns as a whole ([`ENCRYPTED`], the one list of them): sealing the plaintext
//! a database from before encryption holds (once, in the migration that introduced it), checking
//! at open that the key file is the database's (`central_keys`: a check value per key id), which
//! key each value is under ([`Store::key_usage`], `rotate-key --status`), re-encrypting values
//! under the current key in small transactions while the server runs ([`Store::reencrypt_step`],
//! `rotate-key`), and reading every value back ([`Store::check_encryption`], for `verify`).
//!
//! Rows are walked by their key columns in order, a batch per transaction, from a cursor: a pass
//! can stop anywhere and begin again, and a row the server changes meanwhile is left for the next
//! pass (each rewrite is conditional on the value read).

use serde::Serialize;

use super::crypt::{
    Cipher, Place, ValueProblem, bytes_key_id, bytes_prefix, text_key_id, text_prefix,
};
use super::sql::{Row, Sql, Val};
use super::{Store, StoreError, now};

mod check;

pub use check::{BadValue, EncryptionReport, KeyUsage, KeyUse};

/// The schema version that introduced column encryption (the migration `central_keys`): a
/// database older than this holds plaintext, sealed as it migrates.
pub fn encrypted_from() -> i64 {
    super::schema::version_of("central_keys").unwrap_or(i64::MAX)
}

/// How a row's key column is read and written into the row's name.
#[derive(Debug, Clone, Copy)]
pub enum Part {
    Uuid,
    Text,
    Int,
}

/// An encrypted column and the columns naming its row (unique together).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub table: &'static str,
    pub column: &'static str,
    /// A byte column (else text).
    pub bytes: bool,
    pub row: &'static [(&'static str, Part)],
    /// Rows per transaction when walking it.
    batch: i64,
}

/// Every encrypted column. What is left in plaintext, and why, is in ARCHITECTURE.md.
pub const ENCRYPTED: &[Column] = &[
    Column {
        table: "records",
        column: "payload",
        bytes: false,
        row: &[("version_id", Part::Uuid)],
        batch: 200,
    },
    Column {
        table: "conflicts",
        column: "envelope",
        bytes: false,
        row: &[("version_id", Part::Uuid), ("payload_sha256", Part::Text)],
        batch: 200,
    },
    Column {
        table: "quarantine",
        column: "envelope",
        bytes: false,
        row: &[("version_id", Part::Uuid)],
        batch: 200,
    },
    Column {
        table: "attachment_chunks",
        column: "data",
        bytes: true,
        row: &[
            ("record_id", Part::Uuid),
            ("sha256", Part::Text),
            ("start_at", Part::Int),
        ],
        batch: 8,
    },
    Column {
        table: "officers",
        column: "name",
        bytes: false,
        row: &[("badge", Part::Text)],
        batch: 200,
    },
    Column {
        table: "officers",
        column: "rank",
        bytes: false,
        row: &[("badge", Part::Text)],
        batch: 200,
    },
    Column {
        table: "operators",
        column: "name",
        bytes: false,
        row: &[("id", Part::Uuid)],
        batch: 200,
    },
    Column {
        table: "operators",
        column: "totp_secret",
        bytes: false,
        row: &[("id", Part::Uuid)],
        batch: 200,
    },
    Column {
        table: "changes",
        column: "change",
        bytes: false,
        row: &[("seq", Part::Int)],
        batch: 200,
    },
    Column {
        table: "console_orders",
        column: "municipality",
        bytes: false,
        row: &[("order_id", Part::Uuid)],
        batch: 200,
    },
    Column {
        table: "console_acts",
        column: "detail",
        bytes: false,
        row: &[("act_id", Part::Uuid)],
        batch: 200,
    },
    Column {
        table: "history_keys",
        column: "secret",
        bytes: false,
        row: &[("name", Part::Text)],
        batch: 200,
    },
    Column {
        table: "console_documents",
        column: "pdf",
        bytes: true,
        row: &[("record_id", Part::Uuid), ("sha256", Part::Text)],
        batch: 8,
    },
];

/// What the check value under each key id says.
const CHECK_TEXT: &str = "zastita-central key check";

fn check_place(id: u32) -> Place {
    Place::new("central_keys", "check_value", id.to_string())
}

/// One stored value, with its row.
struct Cell {
    key: Vec<Val>,
    place: Place,
    value: Val,
}

/// Which values a walk selects.
#[derive(Clone, Copy)]
enum Select {
    All,
    /// Only values not under this key.
    NotUnder(u32),
    /// Only values under this key.
    Under(u32),
}

fn prefix_val(c: &Column, id: u32) -> Val {
    if c.bytes {
        Val::Bytes(bytes_prefix(id))
    } else {
        Val::Text(text_prefix(id))
    }
}

fn prefix_len(c: &Column, id: u32) -> i64 {
    if c.bytes {
        bytes_prefix(id).len() as i64
    } else {
        text_prefix(id).len() as i64
    }
}

/// The next `c.batch` non-NULL values of `c` after `after`, in key order.
fn walk(
    sql: &mut dyn Sql,
    c: &Column,
    after: Option<&[Val]>,
    select: Select,
) -> Result<Vec<Cell>, StoreError> {
    let keys: Vec<&str> = c.row.iter().map(|(k, _)| *k).collect();
    let mut params: Vec<Val> = Vec::new();
    let mut text = format!(
        "SELECT {}, {col} FROM {table} WHERE {col} IS NOT NULL",
        keys.join(", "),
        col = c.column,
        table = c.table
    );
    if let Some(after) = after {
        let marks: Vec<String> = (0..after.len())
            .map(|i| format!("${}", params.len() + i + 1))
            .collect();
        text.push_str(&format!(
            " AND ({}) > ({})",
            keys.join(", "),
            marks.join(", ")
        ));
        params.extend(after.iter().cloned());
    }
    match select {
        Select::All => {}
        Select::NotUnder(id) | Select::Under(id) => {
            let op = if matches!(select, Select::Under(_)) {
                "="
            } else {
                "<>"
            };
            text.push_str(&format!(
                " AND substr({}, 1, ${}) {op} ${}",
                c.column,
                params.len() + 1,
                params.len() + 2
            ));
            params.push(Val::I64(prefix_len(c, id)));
            params.push(prefix_val(c, id));
        }
    }
    text.push_str(&format!(
        " ORDER BY {} LIMIT ${}",
        keys.join(", "),
        params.len() + 1
    ));
    params.push(Val::I64(c.batch));
    sql.query(&text, &params)?
        .iter()
        .map(|r| cell(c, r))
        .collect()
}

fn cell(c: &Column, r: &Row) -> Result<Cell, StoreError> {
    let mut key = Vec::with_capacity(c.row.len());
    let mut names = Vec::with_capacity(c.row.len());
    for (i, (_, part)) in c.row.iter().enumerate() {
        let (v, name) = match part {
            Part::Uuid => {
                let u = r.uuid(i)?;
                (Val::Uuid(u), u.to_string())
            }
            Part::Text => {
                let t = r.text(i)?;
                (Val::Text(t.clone()), t)
            }
            Part::Int => {
                let n = r.i64(i)?;
                (Val::I64(n), n.to_string())
            }
        };
        key.push(v);
        names.push(name);
    }
    let value = r.0.get(c.row.len()).cloned().unwrap_or(Val::Null);
    Ok(Cell {
        key,
        place: Place::new(c.table, c.column, names.join("/")),
        value,
    })
}

/// The key id a stored value is under (`None`: not in an encrypted form).
fn key_id_of(c: &Column, v: &Val) -> Option<u32> {
    match (c.bytes, v) {
        (true, Val::Bytes(b)) => bytes_key_id(b),
        (false, Val::Text(t)) => text_key_id(t),
        _ => None,
    }
}

/// Read a stored value.
fn open(cipher: &Cipher, c: &Column, cell: &Cell) -> Result<Val, StoreError> {
    match &cell.value {
        Val::Bytes(b) if c.bytes => Ok(Val::Bytes(cipher.open_bytes(&cell.place, b)?)),
        Val::Text(t) if !c.bytes => Ok(Val::Text(cipher.open_text(&cell.place, t)?)),
        _ => Err(StoreError::Undecryptable {
            table: c.table,
            column: c.column,
            row: cell.place.row.clone(),
            problem: ValueProblem::NotEncrypted,
        }),
    }
}

/// Seal a plain value for its place.
fn seal(cipher: &Cipher, c: &Column, place: &Place, plain: &Val) -> Result<Val, StoreError> {
    match plain {
        Val::Bytes(b) => Ok(Val::Bytes(cipher.seal_bytes(place, b)?)),
        Val::Text(t) => Ok(Val::Text(cipher.seal_text(place, t)?)),
        _ => Err(StoreError::Corrupt(format!(
            "{}.{} holds neither text nor bytes",
            c.table, c.column
        ))),
    }
}

/// Replace `cell`'s value with `new`, only if it still holds the value read; whether it did.
fn rewrite(sql: &mut dyn Sql, c: &Column, cell: &Cell, new: Val) -> Result<bool, StoreError> {
    let mut conds: Vec<String> = c
        .row
        .iter()
        .enumerate()
        .map(|(i, (k, _))| format!("{k} = ${}", i + 2))
        .collect();
    conds.push(format!("{} = ${}", c.column, c.row.len() + 2));
    let text = format!(
        "UPDATE {} SET {} = $1 WHERE {}",
        c.table,
        c.column,
        conds.join(" AND ")
    );
    let mut params = vec![new];
    params.extend(cell.key.iter().cloned());
    params.push(cell.value.clone());
    Ok(sql.execute(&text, &params)? == 1)
}

/// Seal every value of every encrypted column: the data step of the migration to
/// [`encrypted_from`], in its transaction (the values of an older database are plaintext).
pub fn seal_plaintext(sql: &mut dyn Sql) -> Result<u64, StoreError> {
    let cipher = sql.cipher()?;
    let mut sealed = 0;
    for c in ENCRYPTED {
        let mut after: Option<Vec<Val>> = None;
        loop {
            let cells = walk(sql, c, after.as_deref(), Select::All)?;
            let Some(last) = cells.last() else { break };
            after = Some(last.key.clone());
            for cell in &cells {
                let new = seal(&cipher, c, &cell.place, &cell.value)?;
                if !rewrite(sql, c, cell, new)? {
                    return Err(StoreError::Busy);
                }
                sealed += 1;
            }
        }
    }
    Ok(sealed)
}

/// Check that the key file is this database's: the check value under each of its key ids the
/// database knows must open; at least one must be known when the database knows any; the
/// current key's check value is added the first time it is used.
pub fn check_keys(sql: &mut dyn Sql) -> Result<(), StoreError> {
    let cipher = sql.cipher()?;
    if cipher.keys().plaintext() {
        return Ok(());
    }
    let loaded = cipher.keys().now();
    let set = loaded.set();
    let rows = sql.query(
        "SELECT key_id, check_value FROM central_keys ORDER BY key_id",
        &[],
    )?;
    let mut known = Vec::with_capacity(rows.len());
    for r in &rows {
        let id = u32::try_from(r.i64(0)?)
            .map_err(|_| StoreError::Corrupt("a key id out of range".into()))?;
        known.push(id);
        if set.contains(id) {
            let opened = cipher.open_text(&check_place(id), &r.text(1)?);
            if opened.as_deref().ok() != Some(CHECK_TEXT) {
                return Err(StoreError::WrongKey(format!(
                    "key {id} of the key file is not the key {id} this central record is \
                     encrypted under: is it this central record's key file?"
                )));
            }
        }
    }
    if !known.is_empty() && !known.iter().any(|id| set.contains(*id)) {
        return Err(StoreError::WrongKey(format!(
            "the key file holds keys {:?}, but this central record is encrypted under keys {:?}: \
             is it this central record's key file?",
            set.ids(),
            known
        )));
    }
    let current = set.current();
    if !known.contains(&current) {
        let check = cipher.seal_text(&check_place(current), CHECK_TEXT)?;
        sql.execute(
            "INSERT INTO central_keys (key_id, check_value, added_at) VALUES ($1, $2, $3)
             ON CONFLICT (key_id) DO NOTHING",
            &[i64::from(current).into(), check.into(), now().into()],
        )?;
    }
    Ok(())
}

/// What one step of re-encryption did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Values now under the current key.
    pub reencrypted: u64,
    /// Values that could not be read (left as they are; `check_encryption` lists them).
    pub unreadable: u64,
    /// Nothing left to walk.
    pub done: bool,
}

/// Where a re-encryption pass stands: the column and the last row done.
#[derive(Debug, Clone, Default)]
pub struct Cursor {
    column: usize,
    after: Option<Vec<Val>>,
}

impl Store {
    /// Re-encrypt the next batch of values not under the current key (one transaction), from
    /// `cursor`; call again until [`Progress::done`]. Safe beside a running server.
    pub fn reencrypt_step(&self, cursor: &mut Cursor) -> Result<Progress, StoreError> {
        let current = self.cipher.current();
        let mut progress = Progress::default();
        while let Some(c) = ENCRYPTED.get(cursor.column) {
            let after = cursor.after.clone();
            let (cells, moved) = self.tx(|sql| {
                let cipher = sql.cipher()?;
                let cells = walk(sql, c, after.as_deref(), Select::NotUnder(current))?;
                let mut moved = (0u64, 0u64);
                for cell in &cells {
                    match open(&cipher, c, cell) {
                        Ok(plain) => {
                            let new = seal(&cipher, c, &cell.place, &plain)?;
                            if rewrite(sql, c, cell, new)? {
                                moved.0 += 1;
                            }
                        }
                        Err(StoreError::Undecryptable { .. }) => moved.1 += 1,
                        Err(e) => return Err(e),
                    }
                }
                Ok((cells.last().map(|l| l.key.clone()), moved))
            })?;
            progress.reencrypted += moved.0;
            progress.unreadable += moved.1;
            match cells {
                Some(last) => {
                    cursor.after = Some(last);
                    return Ok(progress);
                }
                None => {
                    cursor.column += 1;
                    cursor.after = None;
                }
            }
        }
        progress.done = true;
        Ok(progress)
    }

    /// Forget a retired key's check value.
    pub fn forget_key(&self, id: u32) -> Result<(), StoreError> {
        self.tx(|sql| {
            sql.execute(
                "DELETE FROM central_keys WHERE key_id = $1",
                &[i64::from(id).into()],
            )
            .map(drop)
        })
    }
}
