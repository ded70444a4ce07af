//! The admin audit: who did what on the central record, in an append-only, hash-chained table
//! (`admin_audit`, migration V6). Every action of the station's admin CLI (with the operator's
//! name and the OS user), the system's own acts (a server started, with the overrides it was
//! started with), and — when the console arrives — every consultation of its operators, each
//! with its purpose. An entry names its target by id (a device, a case, a badge), never a
//! victim's or suspect's name.
//!
//! Each entry's `hash` is the SHA-256 of its own fields and the previous entry's hash
//! ([`entry_hash`]); `seq` runs 1, 2, 3… without a gap. The database refuses UPDATE, DELETE
//! (and TRUNCATE on PostgreSQL) on the table by triggers; [`Store::check_admin_audit`] walks the
//! chain again for `verify`, so a row changed or removed around the triggers is found.
//!
//! **Invariant:** an audited action and its entry commit in one transaction
//! ([`Store::audited`]): no action without its entry, no entry for an action rolled back. An
//! entry that commits nothing else (a console view, a refusal) shares a commit with the others
//! queued meanwhile ([`group`]), and its caller goes on only once it is committed.

pub mod group;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use super::audit_chain::GENESIS;
use super::sql::{Row, Sql, Val};
use super::{Store, StoreError};

/// Who acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// A person at the station's admin CLI.
    AdminCli,
    /// A person at the console (consultations; a later issue).
    Console,
    /// The central record itself (a server starting).
    System,
    /// An enrolled device's request (a history lookup, V11): the device's id, the officer's
    /// badge as the name.
    Device,
}

impl ActorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::AdminCli => "admin_cli",
            ActorKind::Console => "console",
            ActorKind::System => "system",
            ActorKind::Device => "device",
        }
    }

    fn parse(s: &str) -> Result<ActorKind, StoreError> {
        match s {
            "admin_cli" => Ok(ActorKind::AdminCli),
            "console" => Ok(ActorKind::Console),
            "system" => Ok(ActorKind::System),
            "device" => Ok(ActorKind::Device),
            other => Err(StoreError::Corrupt(format!(
                "an admin audit entry's actor kind {other:?}"
            ))),
        }
    }
}

/// The acting person or component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub kind: ActorKind,
    /// The account acting: the OS user for the admin CLI (`root`, or `root (sudo from ana)`),
    /// the console's account id, the component for the system.
    pub id: String,
    /// The person, as they gave their name (`--operator`); none for the system, and for a
    /// reading command run without it.
    pub name: Option<String>,
}

/// The longest operator name or account id kept.
pub const MAX_NAME: usize = 120;

/// A name or id as the audit keeps it: one line, not blank, at most [`MAX_NAME`] characters.
pub fn check_name(what: &str, s: &str) -> Result<String, StoreError> {
    let s = s.trim();
    if s.is_empty() || s.chars().count() > MAX_NAME || s.chars().any(char::is_control) {
        return Err(StoreError::Invalid(format!(
            "the {what} must be one line of 1 to {MAX_NAME} characters"
        )));
    }
    Ok(s.to_owned())
}

impl Actor {
    /// A person at the admin CLI: `name` as given (checked), `os_user` the account running it.
    pub fn admin_cli(name: Option<&str>, os_user: &str) -> Result<Actor, StoreError> {
        Ok(Actor {
            kind: ActorKind::AdminCli,
            id: check_name("OS user", os_user)?,
            name: name.map(|n| check_name("operator's name", n)).transpose()?,
        })
    }

    /// An enrolled device, for the officer with `badge`.
    pub fn device(device: uuid::Uuid, badge: &str) -> Result<Actor, StoreError> {
        Ok(Actor {
            kind: ActorKind::Device,
            id: device.to_string(),
            name: Some(check_name("officer's badge", badge)?),
        })
    }

    /// The central record itself, run by `os_user`.
    pub fn system(os_user: &str) -> Result<Actor, StoreError> {
        Ok(Actor {
            kind: ActorKind::System,
            id: check_name("OS user", os_user)?,
            name: None,
        })
    }
}

/// What is done: `action` a dotted code (`officer.add`, `cases.list`, `verify`…), `target` an
/// id (`officer:NS1234`, `case:<uuid>`), `purpose` why (the console's consultations), `detail`
/// a small JSON object without personal data.
#[derive(Debug, Clone, PartialEq)]
pub struct AdminEntry {
    pub action: String,
    pub target: Option<String>,
    pub purpose: Option<String>,
    pub detail: Value,
}

impl AdminEntry {
    pub fn new(action: &str) -> AdminEntry {
        AdminEntry {
            action: action.to_owned(),
            target: None,
            purpose: None,
            detail: Value::Object(serde_json::Map::new()),
        }
    }

    pub fn target(mut self, target: impl Into<String>) -> AdminEntry {
        self.target = Some(target.into());
        self
    }

    pub fn detail(mut self, detail: Value) -> AdminEntry {
        self.detail = detail;
        self
    }
}

/// One entry as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdminAuditRow {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub actor_kind: ActorKind,
    pub actor_id: String,
    pub actor_name: Option<String>,
    pub action: String,
    pub target: Option<String>,
    pub purpose: Option<String>,
    /// The detail as stored (JSON text), hashed as it is.
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The instant as hashed: the stored precision (microseconds), one fixed form.
fn at_text(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// SHA-256 (hex) of an entry's fields and the previous hash, as one canonical JSON array.
pub fn entry_hash(r: &AdminAuditRow) -> String {
    let fields = serde_json::json!([
        r.seq,
        at_text(r.at),
        r.actor_kind.as_str(),
        r.actor_id,
        r.actor_name,
        r.action,
        r.target,
        r.purpose,
        r.detail,
        r.prev_hash,
    ]);
    zastita_protocol::signing::sha256_hex(fields.to_string().as_bytes())
}

const COLUMNS: &str = "seq, at, actor_kind, actor_id, actor_name, action, target, purpose, detail, \
                       prev_hash, hash";

fn row_from(r: &Row) -> Result<AdminAuditRow, StoreError> {
    Ok(AdminAuditRow {
        seq: r.u64(0)?,
        at: r.time(1)?,
        actor_kind: ActorKind::parse(&r.text(2)?)?,
        actor_id: r.text(3)?,
        actor_name: r.opt_text(4)?,
        action: r.text(5)?,
        target: r.opt_text(6)?,
        purpose: r.opt_text(7)?,
        detail: r.text(8)?,
        prev_hash: r.text(9)?,
        hash: r.text(10)?,
    })
}

/// Append an entry inside the caller's transaction. Two writers at once both read the same last
/// entry; the second insert then breaks the key and its transaction runs again (the backends
/// retry a lost race), so the chain never forks.
pub fn append(
    sql: &mut dyn Sql,
    actor: &Actor,
    entry: &AdminEntry,
    now: DateTime<Utc>,
) -> Result<AdminAuditRow, StoreError> {
    let last = sql.query_opt(
        "SELECT seq, hash FROM admin_audit ORDER BY seq DESC LIMIT 1",
        &[],
    )?;
    let (seq, prev_hash) = match last {
        Some(r) => (r.u64(0)? + 1, r.text(1)?),
        None => (1, GENESIS.to_owned()),
    };
    let mut row = AdminAuditRow {
        seq,
        at: now,
        actor_kind: actor.kind,
        actor_id: actor.id.clone(),
        actor_name: actor.name.clone(),
        action: entry.action.clone(),
        target: entry.target.clone(),
        purpose: entry.purpose.clone(),
        detail: entry.detail.to_string(),
        prev_hash,
        hash: String::new(),
    };
    row.hash = entry_hash(&row);
    sql.execute(
        &format!(
            "INSERT INTO admin_audit ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
        ),
        &[
            i64::try_from(row.seq).unwrap_or(i64::MAX).into(),
            row.at.into(),
            row.actor_kind.as_str().into(),
            row.actor_id.as_str().into(),
            Val::from(row.actor_name.clone()),
            row.action.as_str().into(),
            Val::from(row.target.clone()),
            Val::from(row.purpose.clone()),
            row.detail.as_str().into(),
            row.prev_hash.as_str().into(),
            row.hash.as_str().into(),
        ],
    )?;
    Ok(row)
}

/// The entry a [`Store::audited`] store writes with its first successful transaction.
#[derive(Debug)]
pub(super) struct Pending {
    actor: Actor,
    entry: AdminEntry,
    written: AtomicBool,
}

impl Pending {
    /// Append the entry in this transaction unless an earlier one committed it.
    pub(super) fn append(&self, sql: &mut dyn Sql) -> Result<(), StoreError> {
        if self.written.load(Ordering::SeqCst) {
            return Ok(());
        }
        append(sql, &self.actor, &self.entry, super::now()).map(drop)
    }

    /// The transaction that carried the entry committed.
    pub(super) fn committed(&self) {
        self.written.store(true, Ordering::SeqCst);
    }
}

/// The admin audit chain walked again ([`Store::check_admin_audit`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdminChainReport {
    pub entries: u64,
    /// The newest entry and its hash, to note somewhere off this machine: a later `verify` that
    /// shows another hash for that entry means the chain was rewritten.
    pub head: Option<(u64, String)>,
    /// Every problem, oldest first.
    pub problems: Vec<String>,
}

/// Check `rows` (in seq order) as a chain from the genesis hash.
pub fn walk(rows: &[AdminAuditRow]) -> AdminChainReport {
    let mut problems = Vec::new();
    let mut prev: Option<&AdminAuditRow> = None;
    for r in rows {
        let (want_seq, want_prev) = prev.map_or((1, GENESIS), |p| (p.seq + 1, p.hash.as_str()));
        if r.seq != want_seq {
            problems.push(format!(
                "admin audit entry {}: entries {} to {} are missing (removed from the table)",
                r.seq,
                want_seq,
                r.seq.saturating_sub(1)
            ));
        } else if r.prev_hash != want_prev {
            problems.push(format!(
                "admin audit entry {}: it does not point at the entry before it (its previous \
                 hash is another)",
                r.seq
            ));
        }
        if entry_hash(r) != r.hash {
            problems.push(format!(
                "admin audit entry {}: its content does not match its hash (changed after it \
                 was written)",
                r.seq
            ));
        }
        prev = Some(r);
    }
    AdminChainReport {
        entries: rows.len() as u64,
        head: rows.last().map(|r| (r.seq, r.hash.clone())),
        problems,
    }
}

/// What the auditor searches the admin audit by (every field optional; all given must hold).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// The actor's id or name (an operator's id or login, an OS user, a person's name).
    pub actor: Option<String>,
    pub action: Option<String>,
    pub target: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Only entries older than this seq (the next page).
    pub before: Option<u64>,
    /// A purpose code: entries whose purpose is it, with or without words.
    pub purpose: Option<String>,
}

/// The newest `limit` entries that pass `f`, newest first.
pub fn search(
    sql: &mut dyn Sql,
    f: &AuditFilter,
    limit: u64,
) -> Result<Vec<AdminAuditRow>, StoreError> {
    let mut conds: Vec<String> = Vec::new();
    let mut params: Vec<Val> = Vec::new();
    let next = |params: &mut Vec<Val>, v: Val| {
        params.push(v);
        params.len()
    };
    if let Some(a) = &f.actor {
        let n = next(&mut params, a.as_str().into());
        conds.push(format!("(actor_id = ${n} OR actor_name = ${n})"));
    }
    if let Some(a) = &f.action {
        let n = next(&mut params, a.as_str().into());
        conds.push(format!("action = ${n}"));
    }
    if let Some(t) = &f.target {
        let n = next(&mut params, t.as_str().into());
        conds.push(format!("target = ${n}"));
    }
    if let Some(t) = f.from {
        let n = next(&mut params, t.into());
        conds.push(format!("at >= ${n}"));
    }
    if let Some(t) = f.to {
        let n = next(&mut params, t.into());
        conds.push(format!("at < ${n}"));
    }
    if let Some(b) = f.before {
        let n = next(&mut params, i64::try_from(b).unwrap_or(i64::MAX).into());
        conds.push(format!("seq < ${n}"));
    }
    if let Some(p) = &f.purpose {
        let n = next(&mut params, p.as_str().into());
        let m = next(&mut params, format!("{p}: ").into());
        let len = next(&mut params, i64::try_from(p.len() + 2).unwrap_or(0).into());
        conds.push(format!(
            "(purpose = ${n} OR substr(purpose, 1, ${len}) = ${m})"
        ));
    }
    let n = next(&mut params, i64::try_from(limit).unwrap_or(i64::MAX).into());
    let wheres = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    sql.query(
        &format!("SELECT {COLUMNS} FROM admin_audit {wheres} ORDER BY seq DESC LIMIT ${n}"),
        &params,
    )?
    .iter()
    .map(row_from)
    .collect()
}

impl Store {
    /// This store, whose next successful transaction also appends `entry` by `actor` (once):
    /// the action and its audit entry commit together.
    pub fn audited(&self, actor: &Actor, entry: AdminEntry) -> Store {
        let mut s = self.clone();
        s.audit = Some(Arc::new(Pending {
            actor: actor.clone(),
            entry,
            written: AtomicBool::new(false),
        }));
        s
    }

    /// Append one entry in a transaction of its own.
    pub fn append_admin_audit(
        &self,
        actor: &Actor,
        entry: &AdminEntry,
        now: DateTime<Utc>,
    ) -> Result<AdminAuditRow, StoreError> {
        self.tx(|sql| append(sql, actor, entry, now))
    }

    /// Append one entry that commits nothing else (a console view, a refusal), with the entries
    /// queued meanwhile ([`group`]); returns once it is committed.
    pub fn audit_grouped(
        &self,
        actor: &Actor,
        entry: &AdminEntry,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.reads.append(self, actor, entry, now)
    }

    /// How many transactions [`Store::audit_grouped`] has run so far, and the entries in them.
    pub fn grouped_audits_committed(&self) -> (u64, u64) {
        self.reads.committed()
    }

    /// Every entry, oldest first.
    pub fn admin_audit(&self) -> Result<Vec<AdminAuditRow>, StoreError> {
        self.tx(|sql| {
            sql.query(
                &format!("SELECT {COLUMNS} FROM admin_audit ORDER BY seq"),
                &[],
            )?
            .iter()
            .map(row_from)
            .collect()
        })
    }

    /// The admin audit chain walked again from its rows.
    pub fn check_admin_audit(&self) -> Result<AdminChainReport, StoreError> {
        Ok(walk(&self.admin_audit()?))
    }
}

#[cfg(test)]
mod tests;
