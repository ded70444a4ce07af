//! The central key's side of the binary: where this process's key comes from (and refusing a key
//! file inside the data directory), the key `init` creates, `rotate-key` (add a current key,
//! re-encrypt, `--status`, `--retire`) and `encrypt-database`, each written to the admin audit
//! with its operator. The work is in the library (`keys`, `store::rotation`, `store::sqlite`);
//! this parses, orders the steps and prints.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use serde_json::json;
use zastita_central::keys::{self, CentralKeys, KeyError, KeySet, KeySource};
use zastita_central::store::admin_audit::AdminEntry;
use zastita_central::store::rotation::{Cursor, KeyUsage, Progress};
use zastita_central::store::{Location, Store, now, sqlite};

use crate::args::{Cli, RotateKeyArgs};
use crate::{data_dir, list, location, operator};

/// The key source this process was given, checked against the data directory.
fn source(cli: &Cli) -> Result<KeySource> {
    let source = KeySource::from_process(cli.key_file.clone())?;
    if let (KeySource::File(path), Some(data)) = (&source, &cli.data) {
        keys::check_outside(data, path)?;
    }
    Ok(source)
}

/// The central key, read from where this process was told.
pub(crate) fn central_keys(cli: &Cli) -> Result<Arc<CentralKeys>> {
    let source = source(cli)?;
    if let Some(keys) = bench_twin(&source)? {
        return Ok(keys);
    }
    Ok(CentralKeys::load(source)?)
}

/// The variable the sync bench sets to measure a central record without encryption.
const BENCH_VARIABLE: &str = "ZASTITA_CENTRAL_BENCH_PLAINTEXT";

/// With the `bench` feature and `ZASTITA_CENTRAL_BENCH_PLAINTEXT=1`, the plaintext twin the
/// sync bench compares with; a station's build refuses the variable rather than ignore it.
fn bench_twin(source: &KeySource) -> Result<Option<Arc<CentralKeys>>> {
    let Some(v) = std::env::var_os(BENCH_VARIABLE) else {
        return Ok(None);
    };
    #[cfg(feature = "bench")]
    {
        if v == "1" {
            return Ok(Some(CentralKeys::bench_plaintext(source.read()?)));
        }
        bail!("{BENCH_VARIABLE} takes 1")
    }
    #[cfg(not(feature = "bench"))]
    {
        let _ = (v, source);
        bail!(
            "{BENCH_VARIABLE} is set, but this build always encrypts (the bench builds with \
             --features bench)"
        )
    }
}

/// The key `init` uses: the one given, or a new one written where `--key-file` says.
pub(crate) struct InitKey {
    pub(crate) keys: Arc<CentralKeys>,
    created: Option<PathBuf>,
}

impl InitKey {
    /// Remove a key file this init created (init failed; nothing is under it).
    pub(crate) fn undo(&self) {
        if let Some(p) = &self.created {
            let _ = std::fs::remove_file(p);
        }
    }

    /// Tell the station where the key is and what it is for.
    pub(crate) fn explain(&self) {
        let Some(path) = &self.created else {
            println!(
                "encrypted under the central key given (key {})",
                self.keys.now().current()
            );
            return;
        };
        println!(
            "the central key is in {path} (0600). Keep it outside the data directory and out of \
             its backups, with a copy offline: without it the central record cannot be read. \
             serve and every admin command need it: --key-file {path}, \
             {file_var}={path}, or the systemd credential `{cred}` \
             (LoadCredential={cred}:{path}).",
            path = path.display(),
            file_var = keys::ENV_KEY_FILE,
            cred = keys::CREDENTIAL,
        );
    }
}

pub(crate) fn init_key(cli: &Cli, data: &Path) -> Result<InitKey> {
    let source = match KeySource::from_process(cli.key_file.clone()) {
        Err(KeyError::Missing) => bail!(
            "init needs to know where to keep the central key: --key-file PATH (outside the data \
             directory; it is created there), or an existing key in {} or the systemd credential \
             `{}`",
            keys::ENV_KEY,
            keys::CREDENTIAL
        ),
        other => other?,
    };
    let mut created = None;
    if let KeySource::File(path) = &source {
        keys::check_outside(data, path)?;
        if !path.exists() {
            keys::write_new(path, &KeySet::generate(now())?)?;
            created = Some(path.clone());
        }
    }
    let keys = match bench_twin(&source).and_then(|twin| match twin {
        Some(k) => Ok(k),
        None => Ok(CentralKeys::load(source)?),
    }) {
        Ok(k) => k,
        Err(e) => {
            if let Some(p) = &created {
                let _ = std::fs::remove_file(p);
            }
            return Err(e);
        }
    };
    Ok(InitKey { keys, created })
}

/// Write a changed key set back where it came from, or to `out`.
fn write_back(cli: &Cli, source: &KeySource, set: &KeySet, out: Option<&Path>) -> Result<bool> {
    match (source, out) {
        (_, Some(out)) => {
            if let Some(data) = &cli.data {
                keys::check_outside(data, out)?;
            }
            keys::write_new(out, set)?;
            println!(
                "the new key file is {}: install it in place of {} and restart serve with it",
                out.display(),
                source.describe()
            );
            Ok(false)
        }
        (KeySource::File(path), None) => {
            keys::replace(path, set)?;
            Ok(true)
        }
        (other, None) => Err(KeyError::ReadOnlySource(other.describe()).into()),
    }
}

fn print_usage(u: &KeyUsage, json: bool) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(u)?);
        return Ok(());
    }
    list(
        false,
        &u.keys,
        &["key_id", "values", "in_key_file", "retirable"],
    )?;
    println!("current key: {}", u.current);
    if let Some(k) = u.database_key {
        println!("central.db's pages are under key {k}");
    }
    if u.other_values > 0 {
        println!(
            "{} values are under no key of the key file, or not encrypted",
            u.other_values
        );
    }
    Ok(())
}

/// Walk the whole store once, re-encrypting; what it did.
fn pass(store: &Store) -> Result<Progress> {
    let mut cursor = Cursor::default();
    let mut total = Progress::default();
    let mut err = std::io::stderr().lock();
    loop {
        let step = store.reencrypt_step(&mut cursor)?;
        total.reencrypted += step.reencrypted;
        total.unreadable += step.unreadable;
        if step.done {
            total.done = true;
            let _ = writeln!(err, "re-encrypted {}", total.reencrypted);
            return Ok(total);
        }
        let _ = write!(err, "re-encrypted {}\r", total.reencrypted);
    }
}

pub(crate) fn rotate_key(cli: &Cli, a: &RotateKeyArgs) -> Result<()> {
    let location = location(cli)?;
    let source = source(cli)?;
    let actor = operator::actor(cli, !a.status)?;
    if a.status {
        let store = Store::open(&location, CentralKeys::load(source)?)?;
        let usage = store.key_usage()?;
        store.append_admin_audit(&actor, &AdminEntry::new("key.status"), now())?;
        return print_usage(&usage, a.json);
    }
    if let Some(id) = a.retire {
        let mut set = source.read()?;
        if id == set.current() {
            return Err(KeyError::RetireCurrent(id).into());
        }
        let store = Store::open(&location, CentralKeys::load(source.clone())?)?;
        let usage = store.key_usage()?;
        if usage.database_key == Some(id) {
            bail!(
                "central.db's pages are under key {id}: stop serve and run \
                 `zastita-central encrypt-database` first"
            );
        }
        if let Some(k) = usage.keys.iter().find(|k| k.key_id == id)
            && k.values > 0
        {
            bail!(
                "key {id} still holds {} values: run `rotate-key --resume` first",
                k.values
            );
        }
        set.retire(id)?;
        store.append_admin_audit(
            &actor,
            &AdminEntry::new("key.retire").target(format!("key:{id}")),
            now(),
        )?;
        if write_back(cli, &source, &set, a.out.as_deref())? {
            store.forget_key(id)?;
            println!("key {id} retired");
        }
        return Ok(());
    }
    if !a.resume {
        let mut set = source.read()?;
        let id = set.add_current(now())?;
        // Audited before the key file changes: a rotation not in the audit never happened.
        Store::open(&location, CentralKeys::load(source.clone())?)?.append_admin_audit(
            &actor,
            &AdminEntry::new("key.rotate").target(format!("key:{id}")),
            now(),
        )?;
        if !write_back(cli, &source, &set, a.out.as_deref())? {
            println!("then run `zastita-central rotate-key --resume` to re-encrypt under key {id}");
            return Ok(());
        }
        println!("key {id} is now the current key");
    }
    // Read the key file again: its current key is the one to re-encrypt under.
    let store = Store::open(&location, CentralKeys::load(source)?)
        .context("cannot open the central record's database")?;
    let first = pass(&store)?;
    // A server that read the key file before it changed writes under the old key until it
    // notices (within keys::RECHECK); one more pass after that catches what it wrote.
    std::thread::sleep(keys::RECHECK + std::time::Duration::from_secs(1));
    let second = pass(&store)?;
    let usage = store.key_usage()?;
    store.append_admin_audit(
        &actor,
        &AdminEntry::new("key.reencrypt")
            .target(format!("key:{}", usage.current))
            .detail(
                json!({"reencrypted": first.reencrypted + second.reencrypted,
                           "unreadable": second.unreadable}),
            ),
        now(),
    )?;
    println!(
        "{} values re-encrypted under key {}{}",
        first.reencrypted + second.reencrypted,
        usage.current,
        match second.unreadable {
            0 => String::new(),
            n => format!("; {n} could not be read (left as they are)"),
        }
    );
    print_usage(&usage, false)?;
    let behind: u64 = usage
        .keys
        .iter()
        .filter(|k| k.key_id != usage.current)
        .map(|k| k.values)
        .sum();
    if behind > 0 {
        println!(
            "{behind} values are still under older keys (a server that has not read the new key \
             file: restart it, then `rotate-key --resume`)"
        );
    }
    if let Some(k) = usage.database_key.filter(|k| *k != usage.current) {
        println!(
            "central.db's pages are still under key {k}: with serve stopped, \
             `zastita-central encrypt-database` rewrites them under key {}",
            usage.current
        );
    }
    Ok(())
}

pub(crate) fn encrypt_database(cli: &Cli) -> Result<()> {
    if cli.database.is_some() {
        bail!("encrypt-database rewrites the SQLite file; PostgreSQL's values are sealed at open");
    }
    let dir = data_dir(cli)?;
    let actor = operator::actor(cli, true)?;
    let Location::Sqlite(path) = Location::from_args(dir, None) else {
        bail!("no SQLite file");
    };
    if !path.exists() {
        bail!("{} does not exist", path.display());
    }
    let keys = central_keys(cli)?;
    let rewritten = sqlite::encrypt_database(&path, &keys)?;
    // Opening migrates: a plaintext file's columns are sealed now, in one transaction.
    let store = Store::open(&Location::Sqlite(path.clone()), keys)
        .context("cannot open the rewritten database")?;
    let report = store.check_encryption()?;
    let (from, to) = match &rewritten {
        sqlite::Rewritten::FromPlaintext { to } => (None, *to),
        sqlite::Rewritten::Rekeyed { from, to } => (Some(*from), *to),
        sqlite::Rewritten::AlreadyCurrent(k) => (Some(*k), *k),
    };
    store.append_admin_audit(
        &actor,
        &AdminEntry::new("database.encrypt")
            .target("central.db")
            .detail(json!({"from_key": from, "to_key": to, "values": report.checked})),
        now(),
    )?;
    match rewritten {
        sqlite::Rewritten::FromPlaintext { to } => println!(
            "{} is now encrypted under key {to}; {} values sealed. Copies of the old plaintext \
             file (backups, snapshots) still hold it in the clear: destroy them.",
            path.display(),
            report.checked
        ),
        sqlite::Rewritten::Rekeyed { from, to } => println!(
            "{} rewritten from key {from} to key {to}; key {from} may be retired once \
             `rotate-key --status` shows it unused",
            path.display()
        ),
        sqlite::Rewritten::AlreadyCurrent(k) => {
            println!("{} is already under key {k}; nothing done", path.display())
        }
    }
    if !report.ok() {
        bail!(
            "{} values do not decrypt under the key file (store::rotation's check names them)",
            report.bad.len()
        );
    }
    Ok(())
}
