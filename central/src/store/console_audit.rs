//! A console entry of the admin audit (actor kind `console`, the operator's id and login, an
//! action, a target by id, the purpose as `code: words`, a small detail): built by the console's
//! handlers and by the chain's store functions, written in the transaction of what it records
//! (`Audit::on`, `Audit::append`) so an act and its entry commit together. Also the one check of a
//! purpose's words (one line, at most [`MAX_PURPOSE_TEXT`] characters).

use chrono::{DateTime, Utc};
use serde_json::Value;
use zastita_protocol::console::ConsolePurpose;

use super::admin_audit::{Actor, ActorKind, AdminEntry};
use super::sql::Sql;
use super::{Store, StoreError, now};
use crate::jurisdiction::Operator;

/// The longest words of a purpose (characters).
pub const MAX_PURPOSE_TEXT: usize = 200;

/// A purpose with its words trimmed (blank read as none); `None` when the words are not one line
/// of at most [`MAX_PURPOSE_TEXT`] characters.
pub fn clean_purpose(mut p: ConsolePurpose) -> Option<ConsolePurpose> {
    p.text = match p.text.take().map(|t| t.trim().to_owned()) {
        Some(t) if t.is_empty() => None,
        Some(t) if t.chars().count() > MAX_PURPOSE_TEXT || t.chars().any(char::is_control) => {
            return None;
        }
        t => t,
    };
    Some(p)
}

/// The purpose as the admin audit keeps it: its code, and `: words` when given.
pub fn purpose_text(p: &ConsolePurpose) -> String {
    let code = serde_json::to_value(p.code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    match &p.text {
        Some(t) => format!("{code}: {t}"),
        None => code,
    }
}

/// A console entry of the admin audit, before it is written.
#[derive(Debug, Clone)]
pub struct Audit {
    entry: AdminEntry,
}

impl Audit {
    /// `action`: a dotted code (`session.sign_in`, `order.open`, `operators.add`…).
    pub fn new(action: &str) -> Audit {
        Audit {
            entry: AdminEntry::new(action),
        }
    }

    /// What is acted on, by id (`order:<uuid>`, `operator:<uuid>`).
    pub fn target(mut self, target: impl Into<String>) -> Audit {
        self.entry.target = Some(target.into());
        self
    }

    pub fn purpose(mut self, purpose: &ConsolePurpose) -> Audit {
        self.entry.purpose = Some(purpose_text(purpose));
        self
    }

    /// A small JSON object: codes and ids, never a victim's or perpetrator's data.
    pub fn detail(mut self, detail: Value) -> Audit {
        self.entry.detail = detail;
        self
    }

    /// The actor an operator is in the admin audit.
    pub fn actor(op: &Operator) -> Actor {
        Actor {
            kind: ActorKind::Console,
            id: op.id.to_string(),
            name: Some(op.login.clone()),
        }
    }

    /// The store whose next successful transaction also writes this entry (the act and its
    /// entry commit together; nothing is written if the act fails).
    pub fn on(self, store: &Store, op: &Operator) -> Store {
        store.audited(&Self::actor(op), self.entry)
    }

    /// Write this entry inside a transaction the caller runs.
    pub fn append(self, sql: &mut dyn Sql, op: &Operator) -> Result<(), StoreError> {
        self.append_at(sql, op, now())
    }

    /// [`Audit::append`] at `at` (the instant the act is recorded at).
    pub fn append_at(
        self,
        sql: &mut dyn Sql,
        op: &Operator,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        crate::store::admin_audit::append(sql, &Self::actor(op), &self.entry, at).map(drop)
    }

    /// The actor and the entry, to write elsewhere.
    pub fn into_parts(self, op: &Operator) -> (Actor, AdminEntry) {
        (Self::actor(op), self.entry)
    }
}
