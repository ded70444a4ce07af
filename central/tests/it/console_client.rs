//! The console as a browser and its person use it, for the console's tests: TOTP codes computed
//! here (RFC 6238 written again with ring's HMAC-SHA-1, not the server's crate), requests with a
//! session's cookie and CSRF token, accounts made by the CLI and set up through the console, a
//! central record on every backend, a second `serve` on the same database.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use reqwest::header::{HeaderMap, SET_COOKIE};
use serde_json::{Value, json};

use crate::harness::{BIN, TestCentral, key_file};

pub const PASSPHRASE: &str = "Ljubičasti konj pase 7";

/// RFC 4648 base32 (no padding) decoded.
pub fn base32(s: &str) -> Vec<u8> {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut bits, mut acc, mut out) = (0u32, 0u64, Vec::new());
    for c in s.bytes().filter(|c| *c != b'=') {
        let v = A.iter().position(|a| *a == c).unwrap() as u64;
        acc = (acc << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// The 6-digit TOTP of `secret` at `step` (RFC 6238 / RFC 4226, HMAC-SHA-1).
pub fn totp(secret: &str, step: u64) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, &base32(secret));
    let mac = ring::hmac::sign(&key, &step.to_be_bytes());
    let h = mac.as_ref();
    let off = usize::from(h[19] & 0x0f);
    let bin = (u32::from(h[off] & 0x7f) << 24)
        | (u32::from(h[off + 1]) << 16)
        | (u32::from(h[off + 2]) << 8)
        | u32::from(h[off + 3]);
    format!("{:06}", bin % 1_000_000)
}

pub fn unix_now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
}

/// The current TOTP step, with at least 20 seconds of it left (waiting out the end of one, at
/// most 10 s): the codes of the step before, this one and the next are then all accepted.
pub async fn fresh_step() -> u64 {
    let now = unix_now();
    let into = now % 30.0;
    if into > 10.0 {
        tokio::time::sleep(Duration::from_secs_f64(30.0 - into + 0.3)).await;
    }
    (unix_now() / 30.0) as u64
}

/// A console session as a browser holds it.
#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub csrf: String,
    pub info: Value,
}

/// An operator being signed in, on one server.
pub struct Op {
    pub login: String,
    pub secret: String,
    pub id: String,
}

/// An answer: status, headers, JSON body (Null when empty).
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Answer {
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }
}

/// A request to the console API, with a session's cookie and CSRF token when given, and extra
/// headers.
pub async fn call(
    c: &TestCentral,
    method: &str,
    path: &str,
    session: Option<&Session>,
    csrf: Option<&str>,
    extra: &[(&str, &str)],
    body: Option<Value>,
) -> Answer {
    call_url(&c.client, &c.url, method, path, session, csrf, extra, body).await
}

#[allow(clippy::too_many_arguments)]
pub async fn call_url(
    client: &reqwest::Client,
    url: &str,
    method: &str,
    path: &str,
    session: Option<&Session>,
    csrf: Option<&str>,
    extra: &[(&str, &str)],
    body: Option<Value>,
) -> Answer {
    let mut r = client.request(
        reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
        format!("{url}/console/api{path}"),
    );
    if let Some(s) = session {
        r = r.header("cookie", format!("__Host-zastita-console={}", s.token));
    }
    if let Some(t) = csrf {
        r = r.header("x-csrf-token", t);
    }
    for (k, v) in extra {
        r = r.header(*k, *v);
    }
    if let Some(b) = body {
        r = r.json(&b);
    }
    let a = r.send().await.unwrap();
    let status = a.status().as_u16();
    let headers = a.headers().clone();
    let bytes = a.bytes().await.unwrap();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap()
    };
    let content_type = headers
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    crate::console_conformance::check(method, path, status, content_type, &body);
    Answer {
        status,
        headers,
        body,
    }
}

/// A document (not JSON) through the console API, with a session's cookie: status, content
/// type, bytes; the status and content type checked against the description.
pub async fn download(c: &TestCentral, path: &str, session: &Session) -> (u16, String, Vec<u8>) {
    let a = c
        .client
        .get(format!("{}/console/api{path}", c.url))
        .header(
            "cookie",
            format!("__Host-zastita-console={}", session.token),
        )
        .send()
        .await
        .unwrap();
    let status = a.status().as_u16();
    let content_type = a
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let bytes = a.bytes().await.unwrap().to_vec();
    if status == 200 {
        crate::console_conformance::check_media("GET", path, status, content_type.as_deref());
    } else {
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        crate::console_conformance::check("GET", path, status, content_type.as_deref(), &body);
    }
    (status, content_type.unwrap_or_default(), bytes)
}

/// `operator add` through the CLI; the setup code.
pub fn add_operator(
    c: &TestCentral,
    login: &str,
    name: &str,
    role: &str,
    kind: &str,
    inst: &str,
) -> String {
    let v = c.cli_json(&[
        "operator",
        "add",
        "--login",
        login,
        "--name",
        name,
        "--role",
        role,
        "--institution-kind",
        kind,
        "--institution",
        inst,
        "--json",
    ]);
    v["setup_code"].as_str().unwrap().to_owned()
}

/// The first step of setup; the TOTP secret.
pub async fn setup(c: &TestCentral, login: &str, code: &str, passphrase: &str) -> Answer {
    call(
        c,
        "POST",
        "/setup",
        None,
        None,
        &[],
        Some(json!({"login": login, "setup_code": code, "passphrase": passphrase})),
    )
    .await
}

/// An account of `role` made by the CLI and set up through the console, its enrolment
/// confirmed with the code of `step - 1`.
pub async fn enrolled(
    c: &TestCentral,
    login: &str,
    role: &str,
    kind: &str,
    inst: &str,
    step: u64,
) -> Op {
    let code = add_operator(c, login, "Jelena Marković", role, kind, inst);
    let a = setup(c, login, &code, PASSPHRASE).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let secret = a.body["secret_base32"].as_str().unwrap().to_owned();
    let uri = a.body["otpauth_uri"].as_str().unwrap();
    assert!(
        uri.starts_with("otpauth://totp/") && uri.contains(&secret),
        "{uri}"
    );
    assert!(a.body["qr_svg"].as_str().unwrap().contains("<svg"));
    let confirm = json!({"login": login, "setup_code": code, "totp": totp(&secret, step - 1)});
    let a = call(
        c,
        "POST",
        "/setup/confirm",
        None,
        None,
        &[],
        Some(confirm.clone()),
    )
    .await;
    assert_eq!(a.status, 204, "{}", a.body);
    // The setup code is spent.
    let a = call(c, "POST", "/setup/confirm", None, None, &[], Some(confirm)).await;
    assert_eq!((a.status, a.code()), (401, "bad_setup_code"));
    let listed = c.cli_json(&["operator", "list", "--json"]);
    let id = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["login"] == login)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    Op {
        login: login.to_owned(),
        secret,
        id,
    }
}

/// Sign in with a code; the raw answer.
pub async fn sign_in_raw(c: &TestCentral, login: &str, passphrase: &str, code: &str) -> Answer {
    call(
        c,
        "POST",
        "/session",
        None,
        None,
        &[],
        Some(json!({"login": login, "passphrase": passphrase, "totp": code})),
    )
    .await
}

/// The session token a sign-in's `Set-Cookie` carries.
pub fn cookie_of(a: &Answer) -> String {
    let c = a.headers.get(SET_COOKIE).unwrap().to_str().unwrap();
    c.strip_prefix("__Host-zastita-console=")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

/// Sign in with the code of `step`; the session.
pub async fn sign_in(c: &TestCentral, op: &Op, step: u64) -> Session {
    let a = sign_in_raw(c, &op.login, PASSPHRASE, &totp(&op.secret, step)).await;
    assert_eq!(a.status, 200, "{}", a.body);
    Session {
        token: cookie_of(&a),
        csrf: a.body["csrf_token"].as_str().unwrap().to_owned(),
        info: a.body,
    }
}

/// A server on SQLite, and one on a fresh PostgreSQL database when `ZASTITA_TEST_POSTGRES` is set.
pub fn servers(test: &str, args: &[&str]) -> Vec<(TestCentral, Option<(String, String)>)> {
    let mut out = vec![(TestCentral::start_with(args), None)];
    match fresh_postgres() {
        Some((admin, db, url)) => {
            out.push((TestCentral::start_on(Some(&url), args), Some((admin, db))))
        }
        None => println!("{test}: PostgreSQL variant skipped (ZASTITA_TEST_POSTGRES is not set)"),
    }
    out
}

/// A fresh PostgreSQL database, made off the test's runtime (the synchronous client starts a
/// runtime of its own).
pub fn fresh_postgres() -> Option<(String, String, String)> {
    std::thread::spawn(crate::harness::fresh_postgres)
        .join()
        .unwrap()
}

pub fn drop_db(db: Option<(String, String)>) {
    if let Some((admin, db)) = db {
        std::thread::spawn(move || crate::harness::drop_database(&admin, &db))
            .join()
            .unwrap();
    }
}

/// The admin audit through the CLI, each entry's detail (stored as JSON text) parsed.
pub fn audit(c: &TestCentral) -> Vec<Value> {
    let mut entries = c
        .cli_json(&["audit", "list", "--json"])
        .as_array()
        .unwrap()
        .clone();
    for e in &mut entries {
        e["detail"] = serde_json::from_str(e["detail"].as_str().unwrap()).unwrap();
    }
    entries
}

/// Another `serve` of the central record `c` (same data directory, key and database).
pub fn second_server(c: &TestCentral) -> (Child, String) {
    let data = c.data();
    let mut child = Command::new(BIN)
        .arg("--data")
        .arg(&data)
        .arg("--key-file")
        .arg(key_file(&data))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .args(["--database", c.database.as_deref().unwrap()])
        .env_remove("ZASTITA_CENTRAL_DATABASE")
        .env_remove("ZASTITA_CENTRAL_KEY")
        .env_remove("CREDENTIALS_DIRECTORY")
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
        .unwrap()
        .to_owned();
    (child, url)
}

/// For the encryption test: an operator whose name carries `marker`, set up through the
/// console; the secrets that must be nowhere on disk (the setup code, the passphrase, the TOTP
/// secret) besides the marker.
pub async fn enrol_marked(c: &TestCentral, marker: &str) -> Vec<String> {
    let code = add_operator(
        c,
        "marked.operator",
        &format!("Ana {marker}"),
        "auditor",
        "oversight",
        "Zaštitnik građana",
    );
    let passphrase = format!("Pass {marker} phrase");
    let a = setup(c, "marked.operator", &code, &passphrase).await;
    assert_eq!(a.status, 200, "{}", a.body);
    vec![
        code.replace('-', ""),
        code,
        passphrase,
        a.body["secret_base32"].as_str().unwrap().to_owned(),
    ]
}

#[test]
fn the_tests_totp_is_rfc_6238s() {
    // Appendix B, SHA-1: T = 59 s → 94287082 (its last six digits).
    assert_eq!(totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 59 / 30), "287082");
    assert_eq!(
        totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 1_111_111_109 / 30),
        "081804"
    );
}
