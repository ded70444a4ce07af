//! The shared harness: `TestDevice` (a device key and envelopes it signs), `databases` and
//! `backends` (the storage suite's databases and stores: SQLite always, PostgreSQL when
//! `ZASTITA_TEST_POSTGRES` is set, each a fresh database with a central key of its own), and
//! `TestCentral` (the real binary, initialised in a temp dir with its key file beside the data
//! directory, serving HTTPS on a free loopback port, with an HTTPS client that trusts only its
//! CA).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Value, json};
use uuid::Uuid;
use zastita_central::keys::{CentralKeys, KeySet};
use zastita_central::store::admin::Enrolment;
use zastita_central::store::postgres::{PgTarget, client as pg_client};
use zastita_central::store::roster::NewOfficer;
use zastita_central::store::{Device, Location, Store, now};
use zastita_protocol::messages::{OfficerRole, RecordEnvelope, RecordKind, SignedEnvelope};
use zastita_protocol::signing::{self, DeviceKey, headers};

pub fn install_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The officer every test envelope names.
pub const BADGE: &str = "NS1234";

/// Since when the harness's officer is on the roster (well before any envelope a test makes).
pub const ON_ROSTER_SINCE: &str = "2000-01-01T00:00:00Z";

/// A device: its key, and its id once enrolled.
pub struct TestDevice {
    pub key: DeviceKey,
    pub id: Uuid,
}

impl TestDevice {
    pub fn new() -> TestDevice {
        TestDevice {
            key: DeviceKey::generate().unwrap().0,
            id: Uuid::nil(),
        }
    }

    /// A signed envelope for `payload`, record version 1.
    pub fn envelope(
        &self,
        seq: u64,
        kind: RecordKind,
        record: Uuid,
        payload: Value,
    ) -> SignedEnvelope {
        self.envelope_v(seq, Uuid::now_v7(), kind, record, 1, payload)
    }

    pub fn envelope_v(
        &self,
        seq: u64,
        version_id: Uuid,
        kind: RecordKind,
        record: Uuid,
        version: u32,
        payload: Value,
    ) -> SignedEnvelope {
        RecordEnvelope::new(
            self.id,
            seq,
            version_id,
            record,
            kind,
            version,
            None,
            BADGE.into(),
            Utc::now(),
            payload,
        )
        .unwrap()
        .sign(&self.key)
        .unwrap()
    }

    /// A signed envelope of record version `version` made by `officer` at `created_at`.
    #[allow(clippy::too_many_arguments)]
    pub fn envelope_as(
        &self,
        seq: u64,
        kind: RecordKind,
        record: Uuid,
        version: u32,
        payload: Value,
        officer: &str,
        created_at: DateTime<Utc>,
    ) -> SignedEnvelope {
        RecordEnvelope::new(
            self.id,
            seq,
            Uuid::now_v7(),
            record,
            kind,
            version,
            None,
            officer.into(),
            created_at,
            payload,
        )
        .unwrap()
        .sign(&self.key)
        .unwrap()
    }

    /// A person record's envelope (no numbering involved).
    pub fn person(&self, seq: u64) -> SignedEnvelope {
        let id = Uuid::now_v7();
        self.envelope(
            seq,
            RecordKind::Person,
            id,
            json!({"id": id, "role": "victim"}),
        )
    }
}

/// A device of no administration enrolled with a fresh token, and its keys; the officer its
/// envelopes name is on the roster (added, in `NS`, unless the roster ever had them).
pub fn enrolled(store: &Store) -> (TestDevice, Device) {
    enrolled_in(store, None)
}

/// [`enrolled`], for a device of `administration`.
pub fn enrolled_in(store: &Store, administration: Option<&str>) -> (TestDevice, Device) {
    if !store.officers().unwrap().iter().any(|o| o.badge == BADGE) {
        store
            .add_officer(
                &NewOfficer {
                    badge: BADGE,
                    name: "Milica Jovanović",
                    role: OfficerRole::Competent,
                    rank: None,
                    administration: Some("NS"),
                    since: Some(ON_ROSTER_SINCE.parse().unwrap()),
                },
                now(),
            )
            .unwrap();
    }
    let mut d = TestDevice::new();
    let token = store
        .create_token_for("Tablet", administration, TimeDelta::hours(1), now())
        .unwrap();
    let device = store
        .enroll(
            &Enrolment {
                token: &token.token,
                public_key: &d.key.public_key(),
                label: "Tablet PS Liman 4",
                app_version: "0.1.0",
                status_public_key: None,
            },
            now(),
        )
        .unwrap();
    d.id = device.id;
    (d, device)
}

pub fn case_payload(id: Uuid, municipality: &str) -> Value {
    json!({"id": id, "created_at": Utc::now(), "created_by": "NS1234",
           "incident": {"municipality": municipality, "address": "—"}})
}

pub fn order_payload(id: Uuid, case_id: Uuid, served_at: DateTime<Utc>) -> Value {
    json!({"id": id, "case_id": case_id, "version": 1, "created_at": served_at,
           "created_by": "NS1234",
           "content": {"police_administration": "PU za Grad Novi Sad", "measures": ["contact_ban"]},
           "issued": {"at": served_at, "by": "NS1234", "provisional_number": "P-1A2B-2026-0001"},
           "events": [{"id": Uuid::now_v7(), "recorded_at": served_at,
                       "event": {"kind": "served", "at": served_at, "place": "—", "served_by": "NS1234"}}]})
}

/// A new central key.
pub fn new_keys() -> Arc<CentralKeys> {
    CentralKeys::fixed(KeySet::generate(Utc::now()).unwrap())
}

/// An empty database on one backend, not yet opened, its central key, and how to clean up after
/// it.
pub struct TestDb {
    pub name: &'static str,
    pub location: Location,
    pub keys: Arc<CentralKeys>,
    _dir: Option<tempfile::TempDir>,
    drop_db: Option<(String, String)>,
}

impl TestDb {
    /// Open (creating, migrating) it with its key.
    pub fn open(&self) -> Result<Store, zastita_central::store::StoreError> {
        Store::open(&self.location, self.keys.clone())
    }

    /// Raw SQL on it without opening a `Store` (which would migrate it).
    pub fn execute(&self, statement: &str) {
        match &self.location {
            Location::Sqlite(path) => zastita_central::store::sqlite::connect(path, &self.keys)
                .unwrap()
                .0
                .execute_batch(statement)
                .unwrap(),
            Location::Postgres(target) => pg_connect(&target.url).batch_execute(statement).unwrap(),
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin_url, db)) = self.drop_db.take() {
            drop_database(&admin_url, &db);
        }
    }
}

/// A connection to a test database (over the TLS the URL asks for, as the server connects).
pub fn pg_connect(url: &str) -> postgres::Client {
    pg_client(&PgTarget::new(url.to_owned())).unwrap()
}

/// Drop a test database made by [`fresh_postgres`] (best effort: a test's cleanup).
pub fn drop_database(admin_url: &str, db: &str) {
    if let Ok(mut c) = pg_client(&PgTarget::new(admin_url.to_owned())) {
        let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
    }
}

/// A store the storage suite runs on, and its database.
pub struct TestBackend {
    pub name: &'static str,
    pub store: Store,
    _db: TestDb,
}

/// `postgres://…/name?x` with another database name.
pub fn with_database(url: &str, db: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let head = match base
        .strip_prefix("postgres://")
        .or_else(|| base.strip_prefix("postgresql://"))
    {
        Some(rest) => match rest.split_once('/') {
            Some((host, _)) => format!("postgres://{host}/{db}"),
            None => format!("postgres://{rest}/{db}"),
        },
        None => panic!("ZASTITA_TEST_POSTGRES must be a postgres:// URL"),
    };
    match query {
        Some(q) => format!("{head}?{q}"),
        None => head,
    }
}

/// A fresh PostgreSQL database (dropped with the backend), when `ZASTITA_TEST_POSTGRES` is set.
pub fn fresh_postgres() -> Option<(String, String, String)> {
    let admin = std::env::var("ZASTITA_TEST_POSTGRES").ok()?;
    let db = format!("zastita_test_{}", Uuid::now_v7().simple());
    let mut c = pg_client(&PgTarget::new(admin.clone())).unwrap_or_else(|e| {
        panic!("cannot connect to ZASTITA_TEST_POSTGRES (a postgres:// URL; scripts/postgres prints one): {e}")
    });
    c.batch_execute(&format!("CREATE DATABASE {db}")).unwrap();
    let url = with_database(&admin, &db);
    Some((admin, db, url))
}

/// SQLite always, PostgreSQL when `ZASTITA_TEST_POSTGRES` is set (else a line says it was
/// skipped); each a new, empty database.
pub fn databases(test: &str) -> Vec<TestDb> {
    let dir = tempfile::tempdir().unwrap();
    let mut out = vec![TestDb {
        name: "sqlite",
        location: Location::Sqlite(dir.path().join("central.db")),
        keys: new_keys(),
        _dir: Some(dir),
        drop_db: None,
    }];
    match fresh_postgres() {
        Some((admin, db, url)) => out.push(TestDb {
            name: "postgresql",
            location: Location::Postgres(PgTarget::new(url)),
            keys: new_keys(),
            _dir: None,
            drop_db: Some((admin, db)),
        }),
        None => println!("{test}: PostgreSQL variant skipped (ZASTITA_TEST_POSTGRES is not set)"),
    }
    out
}

/// [`databases`], each opened as a new, empty store.
pub fn backends(test: &str) -> Vec<TestBackend> {
    databases(test)
        .into_iter()
        .map(|db| TestBackend {
            name: db.name,
            store: db.open().unwrap(),
            _db: db,
        })
        .collect()
}

pub const BIN: &str = env!("CARGO_BIN_EXE_zastita-central");

/// The real binary serving HTTPS from a temp dir.
pub struct TestCentral {
    pub dir: tempfile::TempDir,
    pub url: String,
    pub client: reqwest::Client,
    /// `--database URL` given to every command (PostgreSQL), or none (SQLite in the data dir).
    pub database: Option<String>,
    child: Child,
}

impl Drop for TestCentral {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The central key file of the central record whose data directory is `data`: beside it.
pub fn key_file(data: &Path) -> std::path::PathBuf {
    data.with_extension("key")
}

pub fn run_cli(data: &Path, args: &[&str]) -> Output {
    run_cli_on(data, None, args)
}

/// An admin command on the store in `data`, or on the PostgreSQL `database`.
pub fn run_cli_on(data: &Path, database: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.arg("--data")
        .arg(data)
        .arg("--key-file")
        .arg(key_file(data));
    if let Some(url) = database {
        cmd.args(["--database", url]);
    }
    cmd.args(args)
        .env_remove("ZASTITA_CENTRAL_DATABASE")
        .env_remove("ZASTITA_CENTRAL_KEY")
        .env_remove("CREDENTIALS_DIRECTORY")
        .env("ZASTITA_CENTRAL_OPERATOR", "Test Operator")
        .output()
        .unwrap()
}

/// A TLS client configuration (ring) trusting only the CA in `ca_pem`.
pub fn trusting(ca_pem: &[u8]) -> rustls::ClientConfig {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    install_provider();
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(ca_pem) {
        roots.add(cert.unwrap()).unwrap();
    }
    rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth()
}

/// An HTTPS client trusting only the CA in `ca_pem`.
pub fn client(ca_pem: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .tls_backend_preconfigured(trusting(ca_pem.as_bytes()))
        .build()
        .unwrap()
}

impl TestCentral {
    pub fn start() -> TestCentral {
        Self::start_with(&[])
    }

    pub fn start_with(serve_args: &[&str]) -> TestCentral {
        Self::start_on(None, serve_args)
    }

    /// Serving from `database` (a `postgres://` URL) instead of SQLite in the data directory.
    pub fn start_on(database: Option<&str>, serve_args: &[&str]) -> TestCentral {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("central");
        let db_args: Vec<&str> = database
            .map(|url| vec!["--database", url])
            .unwrap_or_default();
        let ca_key = dir.path().join("ca-key");
        let init = ["init", "--ca-key-out", ca_key.to_str().unwrap()];
        let out = run_cli(&data, &[&init[..], db_args.as_slice()].concat());
        assert!(
            out.status.success(),
            "init: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let officer = [
            "officer",
            "add",
            "--badge",
            BADGE,
            "--name",
            "Milica Jovanović",
            "--role",
            "competent",
            "--administration",
            "NS",
            "--since",
            ON_ROSTER_SINCE,
        ];
        let out = run_cli(&data, &[&officer[..], db_args.as_slice()].concat());
        assert!(
            out.status.success(),
            "officer add: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut child = Command::new(BIN)
            .arg("--data")
            .arg(&data)
            .arg("--key-file")
            .arg(key_file(&data))
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(&db_args)
            .args(serve_args)
            .env_remove("ZASTITA_CENTRAL_DATABASE")
            .env_remove("ZASTITA_CENTRAL_KEY")
            .env_remove("CREDENTIALS_DIRECTORY")
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(dir.path().join("serve.log")).unwrap())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_owned();
        let ca = std::fs::read_to_string(data.join("ca.pem")).unwrap();
        TestCentral {
            dir,
            url,
            client: client(&ca),
            database: database.map(str::to_owned),
            child,
        }
    }

    /// Stop the server as an operator would (SIGTERM); its exit status and everything it logged.
    pub fn stop(mut self) -> (std::process::ExitStatus, String) {
        let pid = self.child.id().to_string();
        let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(killed.success(), "kill -TERM {pid}");
        let status = self.child.wait().unwrap();
        let log = std::fs::read_to_string(self.dir.path().join("serve.log")).unwrap();
        (status, log)
    }

    pub fn data(&self) -> std::path::PathBuf {
        self.dir.path().join("central")
    }

    /// Kill the server at once (SIGKILL), keeping this central record to administer.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the server is still running.
    pub fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// `host:port` it listens on.
    pub fn addr(&self) -> std::net::SocketAddr {
        self.url.strip_prefix("https://").unwrap().parse().unwrap()
    }

    /// Run an admin command on this central record; its output.
    pub fn cli(&self, args: &[&str]) -> Output {
        run_cli_on(&self.data(), self.database.as_deref(), args)
    }

    /// Run an admin command that must succeed; its stdout.
    pub fn cli_ok(&self, args: &[&str]) -> String {
        let out = self.cli(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn cli_json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.cli_ok(args)).unwrap()
    }

    /// A fresh one-time token from `device enroll --json`, for a device of `NS`.
    pub fn token(&self) -> String {
        self.token_in("NS")
    }

    /// A fresh one-time token for a device of `administration`.
    pub fn token_in(&self, administration: &str) -> String {
        let v = self.cli_json(&[
            "device",
            "enroll",
            "--label",
            "Tablet",
            "--administration",
            administration,
            "--json",
        ]);
        v["token"].as_str().unwrap().to_owned()
    }

    /// POST /v1/enroll; status and body.
    pub async fn enroll_raw(&self, token: &str, device: &TestDevice) -> (u16, Value) {
        let body = json!({"token": token, "public_key": device.key.public_key(),
                          "label": "Tablet PS Liman 3", "app_version": "0.1.0",
                          "device_time": Utc::now()});
        let r = self
            .client
            .post(format!("{}/v1/enroll", self.url))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap())
    }

    /// A newly enrolled device of `NS`.
    pub async fn device(&self) -> TestDevice {
        self.device_in("NS").await
    }

    /// A newly enrolled device of `administration`.
    pub async fn device_in(&self, administration: &str) -> TestDevice {
        let mut d = TestDevice::new();
        let (status, body) = self.enroll_raw(&self.token_in(administration), &d).await;
        assert_eq!(status, 200, "{body}");
        d.id = body["device_id"].as_str().unwrap().parse().unwrap();
        d
    }

    /// A signed request with every part controllable.
    pub async fn send(&self, req: Signed<'_>) -> (u16, Vec<u8>) {
        let (status, _, body) = self.send_full(req).await;
        (status, body)
    }

    /// [`send`](Self::send), with the answer's headers.
    pub async fn send_full(&self, req: Signed<'_>) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
        let ts = req.timestamp.unwrap_or_else(Utc::now);
        let nonce = req
            .nonce
            .map_or_else(|| Uuid::now_v7().to_string(), str::to_owned);
        let bytes = signing::request_signing_bytes(req.method, req.path, ts, &nonce, req.body);
        let signer = req.signer.unwrap_or(&req.device.key);
        let method = reqwest::Method::from_bytes(req.method.as_bytes()).unwrap();
        let r = self
            .client
            .request(method, format!("{}{}", self.url, req.path))
            .header(headers::DEVICE, req.device.id.to_string())
            .header(
                headers::TIMESTAMP,
                ts.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            )
            .header(headers::NONCE, nonce)
            .header(headers::SIGNATURE, signer.sign(&bytes))
            .header("content-type", "application/json")
            .body(req.body.to_vec())
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        (status, headers, r.bytes().await.unwrap().to_vec())
    }

    pub async fn get(&self, device: &TestDevice, path: &str) -> (u16, Value) {
        let (s, b) = self.send(Signed::new(device, "GET", path, b"")).await;
        (s, serde_json::from_slice(&b).unwrap())
    }

    /// POST /v1/push of `envelopes`; status and raw body.
    pub async fn push(&self, device: &TestDevice, envelopes: &[SignedEnvelope]) -> (u16, Vec<u8>) {
        let body = serde_json::to_vec(&json!({"envelopes": envelopes, "device_time": Utc::now()}))
            .unwrap();
        self.send(Signed::new(device, "POST", "/v1/push", &body))
            .await
    }
}

/// One signed request.
pub struct Signed<'a> {
    pub device: &'a TestDevice,
    pub method: &'a str,
    pub path: &'a str,
    pub body: &'a [u8],
    pub timestamp: Option<DateTime<Utc>>,
    pub nonce: Option<&'a str>,
    pub signer: Option<&'a DeviceKey>,
}

impl<'a> Signed<'a> {
    pub fn new(device: &'a TestDevice, method: &'a str, path: &'a str, body: &'a [u8]) -> Self {
        Signed {
            device,
            method,
            path,
            body,
            timestamp: None,
            nonce: None,
            signer: None,
        }
    }
}

/// Ten minutes ago: outside the replay window.
pub fn stale() -> DateTime<Utc> {
    Utc::now() - TimeDelta::minutes(10)
}
