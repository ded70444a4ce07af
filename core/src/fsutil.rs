//! Small files replaced whole, so that a crash or a full disk leaves the old bytes or the new,
//! never half of either: the new bytes go to `<name>.tmp` beside the file (created with the mode
//! given, on Unix), are fsynced, renamed over the file, and the directory is fsynced so the
//! rename itself survives a power cut. The keyring, the officer's preferences and the CLI's
//! exports all write this way.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Owner read and write only: every file Zaštita writes holds something of the officer's.
pub const PRIVATE: u32 = 0o600;

/// Where the new bytes of `name` are written before the rename.
pub fn tmp_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.tmp"))
}

/// Which step of [`write_atomic`] failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Writing or syncing the temporary file: the old file is untouched.
    Write,
    /// Renaming it over the file: the old file is untouched.
    Replace,
    /// Syncing the directory: the new file is in place, its rename may not be durable yet.
    Sync,
}

/// A failed [`write_atomic`]: the step, the path it was working on, and why.
#[derive(Debug, thiserror::Error)]
#[error("cannot {} {}: {source}", match step { Step::Write => "write", Step::Replace => "replace", Step::Sync => "sync" }, path.display())]
pub struct AtomicWriteError {
    pub step: Step,
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

impl AtomicWriteError {
    /// Whether the new file had already replaced the old one.
    pub fn replaced(&self) -> bool {
        self.step == Step::Sync
    }
}

/// Replace `dir/name` with `bytes` atomically and durably, the file created with `mode` (Unix).
pub fn write_atomic(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    mode: u32,
) -> Result<(), AtomicWriteError> {
    let tmp = tmp_path(dir, name);
    let fail = |step, path: &Path, source| AtomicWriteError {
        step,
        path: path.to_path_buf(),
        source,
    };
    if let Err(e) = write_synced(&tmp, bytes, mode) {
        // Do not leave a half-written file behind (fails harmlessly if it is not there).
        let _ = fs::remove_file(&tmp);
        return Err(fail(Step::Write, &tmp, e));
    }
    let path = dir.join(name);
    if let Err(e) = fs::rename(&tmp, &path) {
        let _ = fs::remove_file(&tmp);
        return Err(fail(Step::Replace, &path, e));
    }
    sync_dir(dir).map_err(|e| fail(Step::Sync, dir, e))
}

/// Write `bytes` to `path` (created with `mode` on Unix, truncated if it exists) and fsync it.
pub fn write_synced(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut f = options.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Make a rename durable. Directories cannot be opened for syncing on Windows, where NTFS
/// journals the rename itself.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn replaces_whole_privately_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        write_atomic(dir.path(), "a.json", b"old", PRIVATE).unwrap();
        write_atomic(dir.path(), "a.json", b"new bytes", PRIVATE).unwrap();
        assert_eq!(fs::read(dir.path().join("a.json")).unwrap(), b"new bytes");
        assert!(!tmp_path(dir.path(), "a.json").exists());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.path().join("a.json"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_failed_write_keeps_the_old_file_and_says_which_step() {
        let dir = tempfile::tempdir().unwrap();
        write_atomic(dir.path(), "a.json", b"old", PRIVATE).unwrap();
        // The temporary path is taken by a directory: the write fails before the rename.
        fs::create_dir(tmp_path(dir.path(), "a.json")).unwrap();
        let e = write_atomic(dir.path(), "a.json", b"new", PRIVATE).unwrap_err();
        assert_eq!(e.step, Step::Write);
        assert!(!e.replaced());
        assert_eq!(fs::read(dir.path().join("a.json")).unwrap(), b"old");
        // Into a directory that is not there: nothing is written.
        let e = write_atomic(&dir.path().join("missing"), "a.json", b"x", PRIVATE).unwrap_err();
        assert_eq!(e.step, Step::Write);
        assert!(e.to_string().contains("cannot write"), "{e}");
    }
}
