//! The inter-process lock on a store's keyring (`keyring.lock` beside `keyring.json`): every
//! read-modify-write of the keyring, in every process on the store, happens under it.

use std::fs::{self, File, OpenOptions};
use std::io::{self, ErrorKind};
use std::path::{Path, PathBuf};

use super::{KeyringError, LOCK_FILE_NAME, io_error};
use crate::fsutil;

/// The exclusive lock every process takes on `keyring.lock` for a read-modify-write of the
/// keyring (std's `File::lock`: `flock` on Unix, `LockFileEx` on Windows). Released when dropped
/// (or when the process dies: the OS drops it, so a crash never leaves the store locked).
#[derive(Debug)]
pub struct KeyringLock {
    dir: PathBuf,
    _file: File,
}

impl KeyringLock {
    /// Wait for and take the lock of the store in `dir` (which must exist), creating the lock file
    /// if needed. A lock file that cannot be used (a directory, no permission, a file system
    /// without locks) is [`KeyringError::Lock`]; a store that cannot be written at all is
    /// [`KeyringError::ReadOnly`] or [`KeyringError::DiskFull`].
    pub fn acquire(dir: &Path) -> Result<KeyringLock, KeyringError> {
        let path = dir.join(LOCK_FILE_NAME);
        let unusable = |error: io::Error| KeyringError::Lock {
            path: path.clone(),
            error,
        };
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(fsutil::PRIVATE);
        }
        let file = options.open(&path).map_err(|e| {
            let exists = fs::symlink_metadata(&path).is_ok();
            match e.kind() {
                // The storage cannot be written (or is full): nothing can be saved anyway.
                ErrorKind::ReadOnlyFilesystem
                | ErrorKind::StorageFull
                | ErrorKind::QuotaExceeded => io_error("create", &path, dir, e),
                // Creating it failed: the directory is not writable.
                ErrorKind::PermissionDenied if !exists => io_error("create", &path, dir, e),
                // The store directory itself is gone.
                ErrorKind::NotFound if !dir.exists() => KeyringError::NotFound {
                    dir: dir.to_path_buf(),
                },
                _ => unusable(e),
            }
        })?;
        file.lock().map_err(unusable)?;
        Ok(KeyringLock {
            dir: dir.to_path_buf(),
            _file: file,
        })
    }

    /// The store directory this lock guards.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}
