//! Where the central key comes from (`--key-file`/`ZASTITA_CENTRAL_KEY_FILE`, the key file's
//! text in `ZASTITA_CENTRAL_KEY`, the systemd credential `zastita-central-key`: exactly one), and
//! the key file on disk: refused inside the data directory or readable by others, written 0600,
//! replaced atomically.

use std::io::Write;
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::{CREDENTIAL, ENV_KEY, KeyError, KeySet};

/// Where the central key comes from.
#[derive(Clone)]
pub enum KeySource {
    /// A key file (`--key-file`, `ZASTITA_CENTRAL_KEY_FILE`).
    File(PathBuf),
    /// The key file's text, from `ZASTITA_CENTRAL_KEY`.
    Env(Zeroizing<String>),
    /// `$CREDENTIALS_DIRECTORY/zastita-central-key` (systemd).
    Credential(PathBuf),
}

impl std::fmt::Debug for KeySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl KeySource {
    /// The one source given: `key_file` (the flag or its variable), `env_text` (the key file's
    /// text), or a systemd credentials directory holding [`CREDENTIAL`]. None, or more than one,
    /// is an error.
    pub fn choose(
        key_file: Option<PathBuf>,
        env_text: Option<String>,
        credentials_dir: Option<PathBuf>,
    ) -> Result<KeySource, KeyError> {
        let credential = credentials_dir
            .map(|d| d.join(CREDENTIAL))
            .filter(|p| p.exists());
        let mut given: Vec<KeySource> = Vec::new();
        if let Some(p) = key_file {
            given.push(KeySource::File(p));
        }
        if let Some(t) = env_text.filter(|t| !t.trim().is_empty()) {
            given.push(KeySource::Env(Zeroizing::new(t)));
        }
        if let Some(p) = credential {
            given.push(KeySource::Credential(p));
        }
        match given.len() {
            0 => Err(KeyError::Missing),
            1 => Ok(given.remove(0)),
            _ => Err(KeyError::Ambiguous(
                given
                    .iter()
                    .map(KeySource::describe)
                    .collect::<Vec<_>>()
                    .join(", "),
            )),
        }
    }

    /// The source as this process's environment gives it, with `key_file` from the command line.
    pub fn from_process(key_file: Option<PathBuf>) -> Result<KeySource, KeyError> {
        KeySource::choose(
            key_file,
            std::env::var(ENV_KEY).ok(),
            std::env::var_os("CREDENTIALS_DIRECTORY").map(PathBuf::from),
        )
    }

    /// Where the key comes from, for messages (never the key).
    pub fn describe(&self) -> String {
        match self {
            KeySource::File(p) => format!("the key file {}", p.display()),
            KeySource::Env(_) => format!("the environment variable {ENV_KEY}"),
            KeySource::Credential(p) => format!("the systemd credential {}", p.display()),
        }
    }

    /// The file the key is read from, if any.
    pub fn path(&self) -> Option<&Path> {
        match self {
            KeySource::File(p) | KeySource::Credential(p) => Some(p),
            KeySource::Env(_) => None,
        }
    }

    /// Read the key set.
    pub fn read(&self) -> Result<KeySet, KeyError> {
        match self {
            KeySource::Env(text) => KeySet::parse(text, ENV_KEY),
            KeySource::File(p) | KeySource::Credential(p) => {
                check_private(p)?;
                let text =
                    Zeroizing::new(std::fs::read_to_string(p).map_err(|error| KeyError::Io {
                        path: p.clone(),
                        error,
                    })?);
                KeySet::parse(&text, &p.display().to_string())
            }
        }
    }
}

/// Refuse a key file others may read.
fn check_private(path: &Path) -> Result<(), KeyError> {
    let meta = std::fs::metadata(path).map_err(|error| KeyError::Io {
        path: path.to_owned(),
        error,
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(KeyError::TooOpen {
                path: path.to_owned(),
                mode,
            });
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    Ok(())
}

/// Refuse a key file inside the data directory (or a data directory inside the key file's
/// directory tree under the same name): the two must never travel together. `data` need not
/// exist yet; `key`'s directory must.
pub fn check_outside(data: &Path, key: &Path) -> Result<(), KeyError> {
    let absolute = |p: &Path| -> PathBuf {
        std::fs::canonicalize(p).unwrap_or_else(|_| {
            if p.is_absolute() {
                p.to_owned()
            } else {
                std::env::current_dir()
                    .map(|d| d.join(p))
                    .unwrap_or_else(|_| p.to_owned())
            }
        })
    };
    let data_abs = absolute(data);
    let key_abs = match (key.parent(), key.file_name()) {
        (Some(dir), Some(name)) if !dir.as_os_str().is_empty() => absolute(dir).join(name),
        _ => absolute(key),
    };
    if key_abs.starts_with(&data_abs) {
        return Err(KeyError::InsideDataDir {
            key: key.to_owned(),
            data: data.to_owned(),
        });
    }
    Ok(())
}

/// Write a new key file at `path` (mode 0600; never over an existing file), fsynced. A missing
/// directory on its way is created 0700, as a key's directory should be.
pub fn write_new(path: &Path, set: &KeySet) -> Result<(), KeyError> {
    let wr = |error| KeyError::Write {
        path: path.to_owned(),
        error,
    };
    if let Some(dir) = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty() && !d.exists())
    {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder.create(dir).map_err(wr)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            KeyError::Exists(path.to_owned())
        } else {
            wr(e)
        }
    })?;
    f.write_all(set.to_text().as_bytes()).map_err(wr)?;
    f.sync_all().map_err(wr)?;
    sync_parent(path).map_err(wr)
}

/// Replace the key file at `path` atomically (a private temporary file, fsynced, renamed over),
/// so a server reading it meanwhile sees the old set or the new, never half of one.
pub fn replace(path: &Path, set: &KeySet) -> Result<(), KeyError> {
    let wr = |error| KeyError::Write {
        path: path.to_owned(),
        error,
    };
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(".new");
    let tmp = path.with_file_name(tmp_name);
    let _ = std::fs::remove_file(&tmp);
    write_new(&tmp, set)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        wr(e)
    })?;
    sync_parent(path).map_err(wr)
}

fn sync_parent(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn exactly_one_source_is_taken() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            KeySource::choose(None, None, Some(dir.path().into())),
            Err(KeyError::Missing)
        ));
        std::fs::write(dir.path().join(CREDENTIAL), "x").unwrap();
        assert!(matches!(
            KeySource::choose(None, None, Some(dir.path().into())),
            Ok(KeySource::Credential(_))
        ));
        assert!(matches!(
            KeySource::choose(Some("k".into()), Some("{}".into()), None),
            Err(KeyError::Ambiguous(_))
        ));
        assert!(matches!(
            KeySource::choose(None, Some("{}".into()), None),
            Ok(KeySource::Env(_))
        ));
    }

    #[test]
    fn a_new_key_files_missing_directory_is_made_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/central/key.json");
        write_new(&path, &KeySet::generate(chrono::Utc::now()).unwrap()).unwrap();
        assert!(path.exists());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(path.parent().unwrap()), 0o700);
            assert_eq!(mode(&path), 0o600);
        }
    }

    #[test]
    fn a_key_file_inside_the_data_directory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("central");
        assert!(check_outside(&data, &dir.path().join("central.key")).is_ok());
        assert!(check_outside(&data, &data.join("central.key")).is_err());
        assert!(check_outside(&data, &data.join("sub/central.key")).is_err());
        std::fs::create_dir(&data).unwrap();
        let via_dots = data.join("..").join("central").join("k");
        assert!(check_outside(&data, &via_dots).is_err());
    }
}
