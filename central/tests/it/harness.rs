//! The shared harness: `TestDevice` (a device key and envelopes it signs), `databases` and
//! `backends` (the storage suite's databases and stores: SQLite always, PostgreSQL when
//! `ZASTITA_TEST_POSTGRES` is set, each a fresh database), and `TestCentral` (the real binary,
//! initialised in a temp dir, serving HTTPS on a free loopback port, with an HTTPS client that
//! trusts only its CA).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Value, json};
use uuid::Uuid;
use zastita_central::store::admin::Enrolment;
use zastita_central::store::{Device, Location, Store, now};
use zastita_protocol::messages::{RecordEnvelope, RecordKind, SignedEnvelope};
use zastita_protocol::signing::{self, DeviceKey, headers};

pub fn install_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

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
            "NS1234".into(),
            Utc::now(),
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

/// A device enrolled with a fresh token, and its keys.
pub fn enrolled(store: &Store) -> (TestDevice, Device) {
    let mut d = TestDevice::new();
    let token = store
        .create_token("Tablet", TimeDelta::hours(1), now())
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

/// An empty database on one backend, not yet opened, and how to clean up after it.
pub struct TestDb {
    pub name: &'static str,
    pub location: Location,
    _dir: Option<tempfile::TempDir>,
    drop_db: Option<(String, String)>,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin_url, db)) = self.drop_db.take()
            && let Ok(mut c) = postgres::Client::connect(&admin_url, postgres::NoTls)
        {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
        }
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
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap_or_else(|e| {
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
        _dir: Some(dir),
        drop_db: None,
    }];
    match fresh_postgres() {
        Some((admin, db, url)) => out.push(TestDb {
            name: "postgresql",
            location: Location::Postgres(url),
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
            store: Store::open(&db.location).unwrap(),
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
    /// `--database`, when on PostgreSQL.
    database: Option<String>,
    child: Child,
}

impl Drop for TestCentral {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An admin command on the store in `data`, or on the PostgreSQL `database`.
pub fn run_cli_on(data: &Path, database: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.arg("--data").arg(data);
    if let Some(url) = database {
        cmd.args(["--database", url]);
    }
    cmd.args(args)
        .env_remove("ZASTITA_CENTRAL_DATABASE")
        .output()
        .unwrap()
}

/// An HTTPS client trusting only the CA in `ca_pem`.
pub fn client(ca_pem: &str) -> reqwest::Client {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    install_provider();
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(ca_pem.as_bytes()) {
        roots.add(cert.unwrap()).unwrap();
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    reqwest::Client::builder()
        .tls_backend_preconfigured(config)
        .build()
        .unwrap()
}

impl TestCentral {
    pub fn start() -> TestCentral {
        Self::start_with(&[])
    }

    pub fn start_with(serve_args: &[&str]) -> TestCentral {
        Self::start_on(&Location::Sqlite(Default::default()), serve_args)
    }

    /// On `db`'s backend: SQLite in the temp dir, or `db`'s PostgreSQL database.
    pub fn start_on(db: &Location, serve_args: &[&str]) -> TestCentral {
        let database = match db {
            Location::Sqlite(_) => None,
            Location::Postgres(url) => Some(url.clone()),
        };
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("central");
        let out = run_cli_on(&data, database.as_deref(), &["init"]);
        assert!(
            out.status.success(),
            "init: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut serve = Command::new(BIN);
        serve.arg("--data").arg(&data);
        if let Some(url) = &database {
            serve.args(["--database", url]);
        }
        let mut child = serve
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(serve_args)
            .env_remove("ZASTITA_CENTRAL_DATABASE")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
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
            database,
            child,
        }
    }

    pub fn data(&self) -> std::path::PathBuf {
        self.dir.path().join("central")
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

    /// A fresh one-time token from `device enroll --json`.
    pub fn token(&self) -> String {
        let v = self.cli_json(&["device", "enroll", "--label", "Tablet", "--json"]);
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

    /// A newly enrolled device.
    pub async fn device(&self) -> TestDevice {
        let mut d = TestDevice::new();
        let (status, body) = self.enroll_raw(&self.token(), &d).await;
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
