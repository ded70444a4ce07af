//! `Central`: the real `zastita-central` binary in a temp directory — `init`, then `serve` over
//! HTTPS on a loopback port — that a test can kill, restart and administer through the admin CLI,
//! on the embedded SQLite store or on a fresh PostgreSQL database; its central key file beside
//! the data directory.

use anyhow::{Context, Result, bail};
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Where the central record keeps its data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    /// A database URL (a fresh database made for this server).
    Postgres(String),
}

impl Backend {
    /// SQLite, and PostgreSQL too when `ZASTITA_TEST_POSTGRES` names a server (CI sets it).
    pub fn all() -> Result<Vec<Backend>> {
        let mut v = vec![Backend::Sqlite];
        if let Some(url) = postgres_admin_url() {
            v.push(Backend::Postgres(fresh_postgres_database(&url)?));
        } else {
            eprintln!("ZASTITA_TEST_POSTGRES is not set: PostgreSQL variant skipped");
        }
        Ok(v)
    }

    pub fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }
}

/// `ZASTITA_TEST_POSTGRES`: a URL of a PostgreSQL server where tests may create databases.
pub fn postgres_admin_url() -> Option<String> {
    std::env::var("ZASTITA_TEST_POSTGRES")
        .ok()
        .filter(|s| !s.is_empty())
}

/// Create an empty database on the server at `admin_url` and return its URL. (On a thread of
/// its own: the `postgres` client runs its own runtime, which cannot nest in a test's.)
pub fn fresh_postgres_database(admin_url: &str) -> Result<String> {
    let url = admin_url.to_owned();
    std::thread::spawn(move || create_database(&url))
        .join()
        .map_err(|_| anyhow::anyhow!("creating the PostgreSQL database panicked"))?
}

fn create_database(admin_url: &str) -> Result<String> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = format!(
        "zastita_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        chrono::Utc::now().timestamp_micros()
    );
    // Over verified TLS, as the central record connects (the URL's sslrootcert names the CA).
    let mut client = zastita_central::store::postgres::client(
        &zastita_central::store::postgres::PgTarget::new(admin_url),
    )
    .with_context(|| "connecting to ZASTITA_TEST_POSTGRES")?;
    client.batch_execute(&format!("CREATE DATABASE {name}"))?;
    let (url, query) = admin_url
        .split_once('?')
        .map_or((admin_url, None), |(u, q)| (u, Some(q)));
    let (base, _) = url
        .rsplit_once('/')
        .context("ZASTITA_TEST_POSTGRES must end in /<database>")?;
    Ok(match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    })
}

/// A binary of this workspace beside the test's own target directory (`scripts/test` builds it
/// first), or `$env_var`.
pub fn workspace_binary(name: &str, env_var: &str) -> Result<PathBuf> {
    if let Some(p) = std::env::var_os(env_var) {
        return Ok(PathBuf::from(p));
    }
    let exe = std::env::current_exe()?;
    // target/<profile>/deps/<test>-… (tests) or target/<profile>/deps/<bench>-… (benches)
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .context("unexpected test binary location")?;
    let bin = profile_dir.join(name);
    if !bin.exists() {
        // Benches run from target/release; the debug build may be the only one there is.
        let debug = profile_dir
            .parent()
            .map(|t| t.join("debug").join(name))
            .filter(|p| p.exists());
        return debug.with_context(|| {
            format!(
                "{} is missing: build it first (cargo build -p {name}) or set {env_var}",
                bin.display()
            )
        });
    }
    Ok(bin)
}

/// The police administration test devices are enrolled for, unless a test says otherwise.
pub const ADMINISTRATION: &str = "NS";

/// A running (or stopped) central record.
pub struct Central {
    bin: PathBuf,
    _dir: tempfile::TempDir,
    data: PathBuf,
    backend: Backend,
    child: Option<Child>,
    addr: SocketAddr,
    /// Set on every command (the bench's plaintext twin).
    env: Vec<(String, String)>,
    /// More `serve` arguments (its limits), kept across restarts.
    serve_args: Vec<String>,
}

impl Central {
    /// `init` a new central record and `serve` it on a free loopback port.
    pub fn start(backend: Backend) -> Result<Central> {
        Self::start_full(backend, &[], &[])
    }

    /// The same, with `env` set on every command it runs.
    pub fn start_with_env(backend: Backend, env: &[(&str, &str)]) -> Result<Central> {
        Self::start_full(backend, env, &[])
    }

    /// The same, `serve` given `serve_args` too (e.g. `--header-timeout 2s`).
    pub fn start_with(backend: Backend, serve_args: &[&str]) -> Result<Central> {
        Self::start_full(backend, &[], serve_args)
    }

    /// `env` set on every command, and `serve` given `serve_args`.
    pub fn start_full(
        backend: Backend,
        env: &[(&str, &str)],
        serve_args: &[&str],
    ) -> Result<Central> {
        let bin = workspace_binary("zastita-central", "ZASTITA_CENTRAL_BIN")?;
        let dir = tempfile::tempdir()?;
        let data = dir.path().join("central");
        let mut central = Central {
            bin,
            data,
            _dir: dir,
            backend,
            child: None,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            env: env
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            serve_args: serve_args.iter().map(|a| (*a).to_owned()).collect(),
        };
        // The CA's key goes beside the data directory, never into it (`serve` would refuse).
        let ca_key = central.data.with_file_name("ca-key");
        central.admin(&["init", "--ca-key-out", &ca_key.display().to_string()])?;
        // The officer the test devices record as, on the roster (in Novi Sad, competent, since
        // long before any test) so their records are accepted.
        central.admin(&[
            "officer",
            "add",
            "--badge",
            crate::device::BADGE,
            "--name",
            "Milica Jovanović",
            "--role",
            "competent",
            "--administration",
            ADMINISTRATION,
            "--since",
            "2000-01-01T00:00:00Z",
        ])?;
        central.serve(0)?;
        Ok(central)
    }

    /// The central record's store on the embedded SQLite file, opened beside the running server
    /// as another process of the same deployment would: for a test that records at the central
    /// record through the store's own functions what no admin command records (the console's
    /// acts on an order).
    pub fn sqlite_store(&self) -> Result<zastita_central::store::Store> {
        use zastita_central::keys::{CentralKeys, KeySource};
        use zastita_central::store::{Location, Store};
        if self.backend != Backend::Sqlite {
            bail!("sqlite_store is for the embedded SQLite store");
        }
        let keys = CentralKeys::load(KeySource::File(self.key_file()))?;
        Ok(Store::open(&Location::from_args(&self.data, None), keys)?)
    }

    /// The central key file `init` makes: beside the data directory, never in it.
    pub fn key_file(&self) -> PathBuf {
        self.data.with_extension("key")
    }

    fn store_args(&self) -> Vec<String> {
        let mut v = vec![
            "--data".to_owned(),
            self.data.display().to_string(),
            "--key-file".to_owned(),
            self.key_file().display().to_string(),
        ];
        if let Backend::Postgres(url) = &self.backend {
            v.push("--database".into());
            v.push(url.clone());
        }
        v
    }

    fn serve(&mut self, port: u16) -> Result<()> {
        let mut cmd = Command::new(&self.bin);
        cmd.arg("serve")
            .args(self.store_args())
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .env_remove("ZASTITA_CENTRAL_KEY")
            .env_remove("CREDENTIALS_DIRECTORY")
            .args(&self.serve_args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(self.log_file()?);
        let mut child = cmd.spawn().context("starting zastita-central serve")?;
        let stdout = child.stdout.take().context("no stdout")?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            while let Some(Ok(line)) = lines.next() {
                if let Some(url) = line.strip_prefix("listening on https://") {
                    let _ = tx.send(url.trim().to_owned());
                }
            }
        });
        let hostport = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(h) => h,
            Err(_) => {
                let _ = child.kill();
                bail!("zastita-central serve did not say `listening on https://…` within 60 s");
            }
        };
        self.addr = hostport
            .parse()
            .with_context(|| format!("bad listen address {hostport}"))?;
        self.child = Some(child);
        Ok(())
    }

    /// The server's log (stderr) goes to a file beside its data, appended across restarts.
    fn log_file(&self) -> Result<std::fs::File> {
        Ok(std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log_path())?)
    }

    pub fn log_path(&self) -> PathBuf {
        self.data.with_file_name("central.log")
    }

    /// The server's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    /// The HTTPS address it serves on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn url(&self) -> String {
        format!("https://{}", self.addr)
    }

    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    /// The serving process's id, while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Kill the server at once (SIGKILL: no graceful shutdown, as a power cut would).
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Start it again on the same data (and the same port when it is free again).
    pub fn restart(&mut self) -> Result<()> {
        self.kill();
        let port = self.addr.port();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match self.serve(port) {
                Ok(()) => return Ok(()),
                Err(e) if Instant::now() > deadline => return Err(e),
                Err(_) => std::thread::sleep(Duration::from_millis(200)),
            }
        }
    }

    /// Run an admin command on this central record's store; its stdout.
    pub fn admin(&self, args: &[&str]) -> Result<String> {
        let out = Command::new(&self.bin)
            .arg(args.first().copied().unwrap_or("--help"))
            .args(args.iter().skip(1))
            .args(self.store_args())
            .env("ZASTITA_CENTRAL_OPERATOR", "Sync Test Operator")
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .env_remove("ZASTITA_CENTRAL_KEY")
            .env_remove("CREDENTIALS_DIRECTORY")
            .stdin(Stdio::null())
            .output()
            .context("running zastita-central")?;
        if !out.status.success() {
            bail!(
                "zastita-central {} failed ({}): {}",
                args.join(" "),
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(String::from_utf8(out.stdout)?)
    }

    /// Run an admin command with `--json` and parse its output.
    pub fn admin_json(&self, args: &[&str]) -> Result<serde_json::Value> {
        let mut a = args.to_vec();
        a.push("--json");
        let out = self.admin(&a)?;
        serde_json::from_str(&out).with_context(|| format!("not JSON: {out}"))
    }

    /// The CA's private key, which `init` wrote beside the data directory (the station's
    /// offline copy), for `cert renew --ca-key`.
    pub fn ca_key(&self) -> PathBuf {
        self.data.with_file_name("ca-key").join("ca-key.pem")
    }

    /// The data directory (TLS material; `central.db` on SQLite).
    pub fn data(&self) -> &Path {
        &self.data
    }

    /// The CA certificate devices pin (PEM).
    pub fn ca_pem(&self) -> Result<String> {
        Ok(std::fs::read_to_string(self.data.join("ca.pem"))?)
    }

    /// A one-time enrolment token (the bare token, for hand-made enrolments).
    pub fn enrollment_token(&self) -> Result<String> {
        let v = self.admin_json(&[
            "device",
            "enroll",
            "--label",
            "raw",
            "--server",
            &self.url(),
            "--administration",
            ADMINISTRATION,
        ])?;
        v["token"]
            .as_str()
            .map(str::to_owned)
            .context("no token in `device enroll --json`")
    }

    /// A one-time enrolment code for a device that will reach this server at `server_url`.
    pub fn enrollment_code(&self, server_url: &str) -> Result<String> {
        self.enrollment_code_labelled("test tablet", server_url)
    }

    /// The same, for a device the station's lists will show as `label`.
    pub fn enrollment_code_labelled(&self, label: &str, server_url: &str) -> Result<String> {
        self.enrollment_code_in(label, server_url, ADMINISTRATION)
    }

    /// The same, for a device of the police administration `administration` (a code: `SU`).
    pub fn enrollment_code_in(
        &self,
        label: &str,
        server_url: &str,
        administration: &str,
    ) -> Result<String> {
        let v = self.admin_json(&[
            "device",
            "enroll",
            "--label",
            label,
            "--server",
            server_url,
            "--administration",
            administration,
        ])?;
        v["code"]
            .as_str()
            .map(str::to_owned)
            .context("no code in `device enroll --json`")
    }
}

impl Drop for Central {
    fn drop(&mut self) {
        self.kill();
    }
}
