//! `keyring.json` on disk: reading it (a zeroed file is a finished wipe), parsing and checking
//! its format, writing it atomically, overwriting it in place, and turning I/O failures into the
//! specific [`KeyringError`]s.

use std::fs::{self, OpenOptions};
use std::io::{self, ErrorKind, Write};
use std::path::Path;

use super::{FORMAT, FORMAT_VERSION, KEYRING_FILE_NAME, KeyringError, KeyringFile};
use crate::fsutil;

pub(super) fn read(dir: &Path, path: &Path) -> Result<KeyringFile, KeyringError> {
    let bytes = fs::read(path).map_err(|e| match e.kind() {
        ErrorKind::NotFound => KeyringError::NotFound {
            dir: dir.to_path_buf(),
        },
        // Not `io_error`: a read failure is not a write problem.
        _ => KeyringError::Io {
            action: "read",
            path: path.to_path_buf(),
            error: e,
        },
    })?;
    parse(path, &bytes)
}

pub(super) fn is_zeroed(path: &Path) -> bool {
    fs::read(path).is_ok_and(|b| !b.is_empty() && b.iter().all(|x| *x == 0))
}

pub(crate) fn parse(path: &Path, bytes: &[u8]) -> Result<KeyringFile, KeyringError> {
    let corrupt = |reason: String| KeyringError::Corrupt {
        path: path.to_path_buf(),
        reason,
    };
    if !bytes.is_empty() && bytes.iter().all(|b| *b == 0) {
        return Err(corrupt(
            "it was overwritten by a wipe; the keys on this device are destroyed".to_owned(),
        ));
    }
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| corrupt(format!("not valid JSON: {e}")))?;
    if value.get("format").and_then(serde_json::Value::as_str) != Some(FORMAT) {
        return Err(corrupt("it is not a Zaštita key file".to_owned()));
    }
    match value
        .get("format_version")
        .and_then(serde_json::Value::as_u64)
    {
        Some(v) if v == u64::from(FORMAT_VERSION) => {}
        Some(v) if v > u64::from(FORMAT_VERSION) => {
            return Err(KeyringError::UnsupportedVersion {
                path: path.to_path_buf(),
                found: v,
            });
        }
        _ => return Err(corrupt("unknown format version".to_owned())),
    }
    serde_json::from_value(value).map_err(|e| corrupt(e.to_string()))
}

/// A failed atomic write, split by whether the new file had already replaced the old one.
pub(super) enum WriteError {
    BeforeRename(KeyringError),
    AfterRename(KeyringError),
}

impl WriteError {
    pub(super) fn into_inner(self) -> KeyringError {
        match self {
            WriteError::BeforeRename(e) | WriteError::AfterRename(e) => e,
        }
    }
}

pub(super) fn write_atomic(dir: &Path, path: &Path, file: &KeyringFile) -> Result<(), WriteError> {
    let mut bytes = serde_json::to_vec_pretty(file).map_err(|e| {
        WriteError::BeforeRename(io_error("encode", path, dir, io::Error::other(e)))
    })?;
    bytes.push(b'\n');
    fsutil::write_atomic(dir, KEYRING_FILE_NAME, &bytes, fsutil::PRIVATE).map_err(|e| {
        let action = match e.step {
            fsutil::Step::Write => "write",
            fsutil::Step::Replace => "replace",
            fsutil::Step::Sync => "sync",
        };
        let replaced = e.replaced();
        let err = io_error(action, &e.path, dir, e.source);
        if replaced {
            WriteError::AfterRename(err)
        } else {
            WriteError::BeforeRename(err)
        }
    })
}

/// Overwrite the file's current bytes with zeros in place (same inode, same length) and fsync.
/// A missing file has nothing to overwrite.
pub(super) fn overwrite_with_zeros(path: &Path) -> io::Result<()> {
    let mut f = match OpenOptions::new().write(true).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    let len = usize::try_from(f.metadata()?.len()).map_err(io::Error::other)?;
    f.write_all(&vec![0u8; len])?;
    f.sync_all()
}

pub(super) fn io_error(
    action: &'static str,
    path: &Path,
    dir: &Path,
    error: io::Error,
) -> KeyringError {
    match error.kind() {
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => KeyringError::ReadOnly {
            dir: dir.to_path_buf(),
        },
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => KeyringError::DiskFull {
            dir: dir.to_path_buf(),
        },
        _ => KeyringError::Io {
            action,
            path: path.to_path_buf(),
            error,
        },
    }
}
