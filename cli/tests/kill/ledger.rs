//! What a store must hold: every effect a command reported as done (the ledger), and the one
//! command in flight whose effect may or may not have landed when it was killed (`Pending`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

/// A case as the commands that reported success left it.
#[derive(Debug, Clone, Default)]
pub struct CaseState {
    /// The recorded version (0: never recorded).
    pub version: u32,
    /// The stored draft, as JSON (`CaseContent`).
    pub draft: Option<Value>,
    /// Its official number, once the feed brought one.
    pub number: Option<String>,
    /// The central record assigned it a number (a sync after that must bring it).
    pub number_assigned: bool,
    /// Every recorded version was pushed by a sync that reported success.
    pub synced: bool,
    /// Documents rendered into the case.
    pub documents: usize,
    /// It has an issued order (an imported sample case), so an order's PDF can be rendered.
    pub issued_order: bool,
    /// The people of the case: (id, role).
    pub people: Vec<(String, String)>,
    /// Its incident and people as first recorded or imported (drafts edit a copy).
    pub content: Value,
}

#[derive(Debug, Clone)]
pub struct StatementState {
    pub case: String,
    pub text: String,
    /// The fingerprint once signed.
    pub signed: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Ledger {
    pub pin: String,
    pub cases: BTreeMap<String, CaseState>,
    pub statements: BTreeMap<String, StatementState>,
    pub acked_seq: u64,
    /// The unlock counter's floor: it may be higher (a kill during a later unlock), never lower.
    pub failures: u32,
}

/// The command in flight: what it may have done.
#[derive(Debug, Clone)]
pub enum Pending {
    Draft {
        case: Option<String>,
        content: Value,
    },
    StatementText {
        id: String,
        text: String,
    },
    Record {
        case: String,
    },
    Sign {
        id: String,
    },
    Import {
        case: String,
        file: Vec<u8>,
    },
    Document {
        case: String,
        path: PathBuf,
    },
    /// A sync round; `queued_before` is the outbox's last seq when it started.
    Sync {
        queued_before: u64,
    },
    Passwd {
        new: String,
    },
    WrongPin,
}
