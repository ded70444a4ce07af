//! What the officer gave on the command line, as core takes it: ids, JSON files, the purpose of
//! a consultation (a refused value names the flag it came from); and the one file the CLI
//! writes itself, an export, written durably to the path given.

use anyhow::{Context, Result};
use zastita_core::app::{Session, SetPurposeRequest};
use zastita_core::domain::{CaseId, OrderId};
use zastita_core::error::Error;

use std::path::PathBuf;

use crate::args::{Cli, PurposeArgs};

pub(crate) fn parse_case_id(id: &str) -> Result<CaseId> {
    id.parse().map_err(|_| {
        anyhow::anyhow!("`{id}` is not a case id (expected a UUID as `case list` shows)")
    })
}

/// Give the purpose the command's consultation is logged with (`--purpose`, `--purpose-text`);
/// refused words name the flag.
pub(crate) fn give_purpose(
    session: &mut Session,
    case_id: Option<CaseId>,
    args: &PurposeArgs,
) -> Result<()> {
    session
        .set_purpose(SetPurposeRequest {
            case_id,
            purpose: args.purpose(),
        })
        .map_err(|e| flag_error("--purpose-text", e))
}

/// A refused field as the flag that gave it (`--recipient: invalid field recipient: …`); other
/// errors as core says them.
pub(crate) fn flag_error(flag: &str, e: Error) -> anyhow::Error {
    match e {
        Error::Invalid(_) => anyhow::anyhow!("{flag}: {e}"),
        other => anyhow::Error::new(other),
    }
}

/// A statement's, a person's or any other record's id (a UUID).
pub(crate) fn parse_id<T: std::str::FromStr>(id: &str, what: &str) -> Result<T> {
    id.parse()
        .map_err(|_| anyhow::anyhow!("`{id}` is not {what} id (expected a UUID)"))
}

/// A JSON file as the request type core takes, with the file named in the error.
pub(crate) fn read_json<T: serde::de::DeserializeOwned>(file: &std::path::Path) -> Result<T> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    serde_json::from_slice(&bytes).with_context(|| format!("{} is not valid here", file.display()))
}

pub(crate) fn parse_order_id(id: &str) -> Result<OrderId> {
    id.parse().map_err(|_| {
        anyhow::anyhow!("`{id}` is not an order id (expected a UUID as `case show` lists)")
    })
}

/// Write an export next to its destination and rename it into place (core's atomic write: the
/// file private to the user, fsynced, the directory too), so a failure never leaves half a case
/// file behind.
pub(crate) fn write_file_durably(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .with_context(|| format!("{} names no file", path.display()))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    zastita_core::fsutil::write_atomic(dir, name, bytes, zastita_core::fsutil::PRIVATE)
        .with_context(|| format!("cannot write {}", path.display()))
}

/// The store directory: `--store DIR` or `ZASTITA_STORE`.
pub(crate) fn store_dir(cli: &Cli) -> Result<PathBuf> {
    cli.store
        .clone()
        .context("no store given: use --store DIR or set ZASTITA_STORE")
}
