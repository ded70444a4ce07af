//! The console's operators, sign-in and sessions against the real binary over HTTPS, on every
//! backend: the first sign-in (setup code → passphrase → TOTP enrolment → a first code), sign-in
//! with a TOTP computed here (RFC 6238 written again with ring's HMAC-SHA-1, not the server's
//! crate), the refusals (one answer for either wrong factor, a replayed code, the lock-out and
//! its end), the session's idle and absolute limits, CSRF and cross-site refusals that change
//! nothing, sign-out everywhere, the cookie's attributes, roles and institutions refused and
//! audited, the per-address limit, and two servers on one PostgreSQL sharing a session.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use reqwest::header::{HeaderMap, SET_COOKIE};
use serde_json::{Value, json};

use crate::harness::{BIN, TestCentral, key_file};

pub const PASSPHRASE: &str = "Ljubičasti konj pase 7";

/// RFC 4648 base32 (no padding) decoded.
fn base32(s: &str) -> Vec<u8> {
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

#[test]
fn the_tests_totp_is_rfc_6238s() {
    // Appendix B, SHA-1: T = 59 s → 94287082 (its last six digits).
    assert_eq!(totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 59 / 30), "287082");
    assert_eq!(
        totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 1_111_111_109 / 30),
        "081804"
    );
}

fn unix_now() -> f64 {
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
async fn call_url(
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
    Answer {
        status,
        headers,
        body,
    }
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
fn cookie_of(a: &Answer) -> String {
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
fn servers(test: &str, args: &[&str]) -> Vec<(TestCentral, Option<(String, String)>)> {
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
fn fresh_postgres() -> Option<(String, String, String)> {
    std::thread::spawn(crate::harness::fresh_postgres)
        .join()
        .unwrap()
}

fn drop_db(db: Option<(String, String)>) {
    if let Some((admin, db)) = db {
        std::thread::spawn(move || crate::harness::drop_database(&admin, &db))
            .join()
            .unwrap();
    }
}

/// The admin audit through the CLI, each entry's detail (stored as JSON text) parsed.
fn audit(c: &TestCentral) -> Vec<Value> {
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

#[tokio::test]
async fn a_first_sign_in_enrols_a_totp_and_wrong_factors_are_refused_alike() {
    for (c, db) in servers("a_first_sign_in_enrols_a_totp", &[]) {
        let code = add_operator(
            &c,
            "ana.prosecutor",
            "Ana Jović",
            "prosecutor",
            "basic-prosecutor",
            "Osnovno javno tužilaštvo u Novom Sadu",
        );
        // A wrong setup code, a weak passphrase: refused, nothing set.
        let a = setup(&c, "ana.prosecutor", "AAAA-BBBB-CCCC-DDDD-EEEE", PASSPHRASE).await;
        assert_eq!((a.status, a.code()), (401, "bad_setup_code"));
        let a = setup(&c, "ana.prosecutor", &code, "ana.prosecutor1").await;
        assert_eq!((a.status, a.code()), (400, "invalid"));
        assert!(
            !a.body["detail"]
                .as_str()
                .unwrap()
                .contains("ana.prosecutor1")
        );
        // Not active until confirmed: the right passphrase and code do not sign in yet.
        let step = fresh_step().await;
        let a = setup(&c, "ana.prosecutor", &code, PASSPHRASE).await;
        assert_eq!(a.status, 200, "{}", a.body);
        let secret = a.body["secret_base32"].as_str().unwrap().to_owned();
        let a = sign_in_raw(&c, "ana.prosecutor", PASSPHRASE, &totp(&secret, step)).await;
        assert_eq!((a.status, a.code()), (401, "sign_in_failed"));
        // A wrong first code does not confirm.
        let wrong = format!(
            "{:06}",
            (totp(&secret, step).parse::<u32>().unwrap() + 1) % 1_000_000
        );
        let confirm = |t: String| json!({"login": "ana.prosecutor", "setup_code": code, "totp": t});
        let a = call(
            &c,
            "POST",
            "/setup/confirm",
            None,
            None,
            &[],
            Some(confirm(wrong.clone())),
        )
        .await;
        assert_eq!((a.status, a.code()), (401, "sign_in_failed"));
        let a = call(
            &c,
            "POST",
            "/setup/confirm",
            None,
            None,
            &[],
            Some(confirm(totp(&secret, step - 1))),
        )
        .await;
        assert_eq!(a.status, 204, "{}", a.body);

        // Wrong passphrase, wrong code, unknown login: one answer.
        let by_pass = sign_in_raw(
            &c,
            "ana.prosecutor",
            "Ljubičasti konj pase 8",
            &totp(&secret, step),
        )
        .await;
        let by_code = sign_in_raw(&c, "ana.prosecutor", PASSPHRASE, &wrong).await;
        let unknown = sign_in_raw(&c, "nobody.here", PASSPHRASE, &totp(&secret, step)).await;
        for a in [&by_pass, &by_code, &unknown] {
            assert_eq!((a.status, a.code()), (401, "sign_in_failed"), "{}", a.body);
            assert_eq!(a.body["detail"], by_pass.body["detail"]);
            assert!(a.headers.get(SET_COOKIE).is_none());
        }

        // The right factors: a session, its cookie as the design says.
        let a = sign_in_raw(&c, "ana.prosecutor", PASSPHRASE, &totp(&secret, step)).await;
        assert_eq!(a.status, 200, "{}", a.body);
        let set = a
            .headers
            .get(SET_COOKIE)
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        assert!(set.starts_with("__Host-zastita-console="), "{set}");
        let attrs: Vec<&str> = set.split(';').skip(1).map(str::trim).collect();
        for want in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
            assert!(attrs.contains(&want), "{set}");
        }
        assert!(!set.contains("Domain"), "{set}");
        assert_eq!(cookie_of(&a).len(), 43, "256 random bits");
        assert_eq!(a.body["operator"]["role"], "prosecutor");
        assert!(
            a.body["operator"]["municipalities"]
                .as_array()
                .unwrap()
                .contains(&json!("Novi Sad"))
        );
        let s = Session {
            token: cookie_of(&a),
            csrf: a.body["csrf_token"].as_str().unwrap().into(),
            info: a.body,
        };
        let a = call(&c, "GET", "/session", Some(&s), None, &[], None).await;
        assert_eq!(a.status, 200, "{}", a.body);
        assert_eq!(a.body["csrf_token"], json!(s.csrf));

        // The same code again: refused, as a wrong one is.
        let a = sign_in_raw(&c, "ana.prosecutor", PASSPHRASE, &totp(&secret, step)).await;
        assert_eq!(
            (a.status, a.code()),
            (401, "sign_in_failed"),
            "a replayed code"
        );
        let a = sign_in_raw(&c, "ana.prosecutor", PASSPHRASE, &totp(&secret, step + 1)).await;
        assert_eq!(a.status, 200, "the next step's code: {}", a.body);

        // The audit has it all, as the console's actor; no passphrase, code or secret in it.
        let log = audit(&c);
        let text = serde_json::to_string(&log).unwrap();
        for secret_text in [PASSPHRASE, secret.as_str(), code.as_str(), "nobody.here"] {
            assert!(!text.contains(secret_text), "{secret_text} in the audit");
        }
        let actions: Vec<&str> = log
            .iter()
            .filter(|e| e["actor_kind"] == "console")
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        for want in [
            "session.setup",
            "session.setup_confirmed",
            "session.sign_in",
            "session.sign_in_failed",
        ] {
            assert!(actions.contains(&want), "{want} in {actions:?}");
        }
        assert!(
            log.iter()
                .any(|e| e["action"] == "session.sign_in" && e["actor_name"] == "ana.prosecutor")
        );
        assert!(c.cli_ok(&["verify"]).contains("ok"));
        drop(c);
        drop_db(db);
    }
}

#[tokio::test]
async fn five_failures_lock_the_account_until_the_lock_ends() {
    for (c, db) in servers(
        "five_failures_lock_the_account",
        &["--console-lockout", "2s"],
    ) {
        let step = fresh_step().await;
        let op = enrolled(
            &c,
            "ivan.court",
            "court",
            "basic-court",
            "Osnovni sud u Novom Sadu",
            step,
        )
        .await;
        for i in 1..=4 {
            let a = sign_in_raw(
                &c,
                &op.login,
                "Ljubičasti konj pase 8",
                &totp(&op.secret, step),
            )
            .await;
            assert_eq!((a.status, a.code()), (401, "sign_in_failed"), "failure {i}");
        }
        let a = sign_in_raw(
            &c,
            &op.login,
            "Ljubičasti konj pase 8",
            &totp(&op.secret, step),
        )
        .await;
        assert_eq!(
            (a.status, a.code()),
            (429, "locked_out"),
            "the 5th failure locks"
        );
        let retry: u64 = a.headers["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=2).contains(&retry), "{retry}");
        // Locked: even the right factors are refused, and the lock is in the database.
        let a = sign_in_raw(&c, &op.login, PASSPHRASE, &totp(&op.secret, step)).await;
        assert_eq!((a.status, a.code()), (429, "locked_out"));
        let listed = c.cli_json(&["operator", "list", "--json"]);
        assert_eq!(listed[0]["state"], "locked");
        tokio::time::sleep(Duration::from_millis(2300)).await;
        let s = sign_in(&c, &op, step).await;
        assert_eq!(s.info["operator"]["login"], "ivan.court");
        assert!(audit(&c).iter().any(|e| e["action"] == "session.locked"));
        drop(c);
        drop_db(db);
    }
}

#[tokio::test]
async fn sessions_end_when_idle_and_at_their_absolute_limit() {
    for (c, db) in servers(
        "sessions_end_when_idle",
        &["--console-idle", "2s", "--console-absolute", "4s"],
    ) {
        let step = fresh_step().await;
        let op = enrolled(
            &c,
            "sara.station",
            "station",
            "police-administration",
            "NS",
            step,
        )
        .await;
        let s = sign_in(&c, &op, step).await;
        // Polled refreshes do not count as use.
        tokio::time::sleep(Duration::from_millis(1200)).await;
        let a = call(
            &c,
            "GET",
            "/session",
            Some(&s),
            None,
            &[("x-console-poll", "1")],
            None,
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.body);
        tokio::time::sleep(Duration::from_millis(1200)).await;
        let a = call(&c, "GET", "/session", Some(&s), None, &[], None).await;
        assert_eq!(
            (a.status, a.code()),
            (401, "session_expired"),
            "idle for 2.4 s"
        );

        // Used every second, a session still ends at its absolute limit.
        let s = sign_in(&c, &op, step + 1).await;
        for _ in 0..3 {
            tokio::time::sleep(Duration::from_millis(1000)).await;
            let a = call(&c, "GET", "/session", Some(&s), None, &[], None).await;
            assert_eq!(a.status, 200, "{}", a.body);
        }
        tokio::time::sleep(Duration::from_millis(1300)).await;
        let a = call(&c, "GET", "/session", Some(&s), None, &[], None).await;
        assert_eq!(
            (a.status, a.code()),
            (401, "session_expired"),
            "4.3 s after sign-in"
        );
        // A cookie that never was a session: the same answer.
        let forged = Session {
            token: "A".repeat(43),
            ..s
        };
        let a = call(&c, "GET", "/session", Some(&forged), None, &[], None).await;
        assert_eq!((a.status, a.code()), (401, "session_expired"));
        drop(c);
        drop_db(db);
    }
}

#[tokio::test]
async fn changes_need_the_csrf_token_from_this_site_and_sign_out_everywhere_ends_all() {
    for (c, db) in servers("changes_need_the_csrf_token", &[]) {
        let step = fresh_step().await;
        let admin = enrolled(
            &c,
            "mira.admin",
            "institution-admin",
            "police-administration",
            "NS",
            step,
        )
        .await;
        let s = sign_in(&c, &admin, step).await;
        let new = json!({"login": "new.officer", "name": "Petar Ilić", "role": "station"});
        let host = c.url.strip_prefix("https://").unwrap().to_owned();
        let own_origin = format!("https://{host}");
        for (csrf, extra, why) in [
            (None, vec![], "no token"),
            (Some("0".repeat(64)), vec![], "another token"),
            (
                Some(s.csrf.clone()),
                vec![("sec-fetch-site", "cross-site")],
                "cross-site",
            ),
            (
                Some(s.csrf.clone()),
                vec![("origin", "https://evil.example")],
                "another origin",
            ),
        ] {
            let a = call(
                &c,
                "POST",
                "/operators",
                Some(&s),
                csrf.as_deref(),
                &extra,
                Some(new.clone()),
            )
            .await;
            assert_eq!((a.status, a.code()), (403, "csrf"), "{why}");
        }
        let a = call(&c, "DELETE", "/session", Some(&s), None, &[], None).await;
        assert_eq!((a.status, a.code()), (403, "csrf"), "sign-out too");
        // Nothing changed: no account, the session still there.
        let listed = c.cli_json(&["operator", "list", "--json"]);
        assert_eq!(listed.as_array().unwrap().len(), 1);
        let a = call(&c, "GET", "/session", Some(&s), None, &[], None).await;
        assert_eq!(a.status, 200);
        // With it, from this site: done.
        let same = [
            ("sec-fetch-site", "same-origin"),
            ("origin", own_origin.as_str()),
        ];
        let a = call(
            &c,
            "POST",
            "/operators",
            Some(&s),
            Some(&s.csrf),
            &same,
            Some(new),
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.body);
        assert_eq!(
            a.body["operator"]["institution"],
            json!({"kind": "police_administration", "key": "NS"})
        );
        assert_eq!(a.body["operator"]["state"], "pending_setup");
        assert_eq!(a.body["setup_code"].as_str().unwrap().len(), 24);

        // A second session; sign-out everywhere from the first ends both.
        let other = sign_in(&c, &admin, step + 1).await;
        let a = call(
            &c,
            "POST",
            "/session/everywhere",
            Some(&s),
            Some(&s.csrf),
            &[],
            None,
        )
        .await;
        assert_eq!(a.status, 204, "{}", a.body);
        let cleared = a.headers.get(SET_COOKIE).unwrap().to_str().unwrap();
        assert!(cleared.contains("Max-Age=0"), "{cleared}");
        for session in [&s, &other] {
            let a = call(&c, "GET", "/session", Some(session), None, &[], None).await;
            assert_eq!((a.status, a.code()), (401, "session_expired"));
        }
        assert!(
            audit(&c)
                .iter()
                .any(|e| e["action"] == "session.sign_out_everywhere"
                    && e["detail"]["sessions"] == 2)
        );
        drop(c);
        drop_db(db);
    }
}

#[tokio::test]
async fn roles_and_institutions_are_held_and_refusals_audited() {
    for (c, db) in servers("roles_and_institutions", &[]) {
        let step = fresh_step().await;
        let admin = enrolled(
            &c,
            "mira.admin",
            "institution-admin",
            "police-administration",
            "NS",
            step,
        )
        .await;
        let prosecutor = enrolled(
            &c,
            "ana.prosecutor",
            "prosecutor",
            "basic-prosecutor",
            "Основно јавно тужилаштво у Новом Саду",
            step,
        )
        .await;
        let auditor = enrolled(
            &c,
            "oto.auditor",
            "auditor",
            "oversight",
            "Zaštitnik građana",
            step,
        )
        .await;
        add_operator(
            &c,
            "su.station",
            "Lazar Kiš",
            "station",
            "police-administration",
            "SU",
        );
        let su = c
            .cli_json(&["operator", "list", "--json"])
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["login"] == "su.station")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let (sa, sp, so) = (
            sign_in(&c, &admin, step).await,
            sign_in(&c, &prosecutor, step).await,
            sign_in(&c, &auditor, step).await,
        );
        assert_eq!(
            sp.info["operator"]["institution"]["key"],
            "Osnovno javno tužilaštvo u Novom Sadu"
        );

        // A prosecutor is no auditor, nor an administrator: refused and audited.
        let a = call(&c, "GET", "/audit", Some(&sp), None, &[], None).await;
        assert_eq!((a.status, a.code()), (403, "forbidden_role"));
        let a = call(
            &c,
            "GET",
            "/operators?purpose=administration",
            Some(&sp),
            None,
            &[],
            None,
        )
        .await;
        assert_eq!((a.status, a.code()), (403, "forbidden_role"));
        let refused: Vec<Value> = audit(&c)
            .into_iter()
            .filter(|e| e["action"] == "refused" && e["actor_id"] == json!(prosecutor.id))
            .collect();
        assert_eq!(refused.len(), 2, "{refused:?}");
        assert_eq!(
            refused[0]["detail"],
            json!({"code": "forbidden_role", "action": "audit.search"})
        );
        assert_eq!(refused[0]["actor_name"], "ana.prosecutor");

        // The administrator: own institution's accounts, with a purpose; no other's.
        let a = call(&c, "GET", "/operators", Some(&sa), None, &[], None).await;
        assert_eq!((a.status, a.code()), (400, "purpose_required"));
        let a = call(
            &c,
            "GET",
            "/operators?purpose=administration&purpose_text=a%0Ab",
            Some(&sa),
            None,
            &[],
            None,
        )
        .await;
        assert_eq!((a.status, a.code()), (400, "invalid"));
        let a = call(
            &c,
            "GET",
            "/operators?purpose=administration",
            Some(&sa),
            None,
            &[],
            None,
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.body);
        let logins: Vec<&str> = a
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["login"].as_str().unwrap())
            .collect();
        assert_eq!(logins, ["mira.admin"]);
        for path in [
            format!("/operators/{su}/reset"),
            format!("/operators/{su}/disable"),
        ] {
            let a = call(&c, "POST", &path, Some(&sa), Some(&sa.csrf), &[], None).await;
            assert_eq!(
                (a.status, a.code()),
                (403, "outside_jurisdiction"),
                "{path}"
            );
        }
        assert_eq!(
            c.cli_json(&["operator", "list", "--json"])
                .as_array()
                .unwrap()
                .iter()
                .find(|o| o["login"] == "su.station")
                .unwrap()["state"],
            "pending_setup"
        );
        // A role the police administration cannot hold.
        let a = call(
            &c,
            "POST",
            "/operators",
            Some(&sa),
            Some(&sa.csrf),
            &[],
            Some(json!({"login": "fake.judge", "name": "X Y", "role": "court"})),
        )
        .await;
        assert_eq!((a.status, a.code()), (403, "forbidden_role"));
        // Its own: reset ends the account's sessions.
        let a = call(
            &c,
            "POST",
            "/operators",
            Some(&sa),
            Some(&sa.csrf),
            &[],
            Some(json!({"login": "ns.two", "name": "Nada Perić", "role": "station"})),
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.body);
        let two = a.body["operator"]["id"].as_str().unwrap().to_owned();
        let a = call(
            &c,
            "POST",
            &format!("/operators/{two}/reset"),
            Some(&sa),
            Some(&sa.csrf),
            &[],
            None,
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.body);

        // The auditor searches; the search is audited; the refusals are found by action.
        let a = call(
            &c,
            "GET",
            "/audit?action=refused",
            Some(&so),
            None,
            &[],
            None,
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.body);
        let entries = a.body["entries"].as_array().unwrap();
        assert_eq!(entries.len(), 5, "{entries:?}");
        assert!(
            entries
                .windows(2)
                .all(|w| w[0]["seq"].as_u64() > w[1]["seq"].as_u64())
        );
        assert!(
            entries
                .iter()
                .any(|e| e["detail"]["code"] == "outside_jurisdiction"
                    && e["target"] == json!(format!("operator:{su}")))
        );
        let a = call(
            &c,
            "GET",
            &format!("/audit?actor={}&purpose=administration", admin.id),
            Some(&so),
            None,
            &[],
            None,
        )
        .await;
        let actions: Vec<&str> = a.body["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(
            actions,
            ["operators.reset", "operators.add", "operators.list"]
        );
        assert!(audit(&c).iter().any(|e| e["action"] == "audit.search"
            && e["purpose"] == "audit"
            && e["actor_name"] == "oto.auditor"));
        drop(c);
        drop_db(db);
    }
}

#[tokio::test]
async fn disabling_or_resetting_an_account_ends_its_sessions_and_addresses_are_limited() {
    for (c, db) in servers("disabling_or_resetting", &["--sign-ins-per-minute", "12"]) {
        let step = fresh_step().await;
        let op = enrolled(
            &c,
            "sara.station",
            "station",
            "police-administration",
            "NS",
            step,
        )
        .await;
        let s = sign_in(&c, &op, step).await;
        c.cli_ok(&["operator", "reset", "--login", "sara.station"]);
        let a = call(&c, "GET", "/session", Some(&s), None, &[], None).await;
        assert_eq!((a.status, a.code()), (401, "session_expired"), "reset");
        let a = sign_in_raw(&c, &op.login, PASSPHRASE, &totp(&op.secret, step + 1)).await;
        assert_eq!(
            (a.status, a.code()),
            (401, "sign_in_failed"),
            "the old factors are gone"
        );
        let op2 = enrolled(
            &c,
            "pera.station",
            "station",
            "police-administration",
            "NS",
            step,
        )
        .await;
        let s = sign_in(&c, &op2, step).await;
        c.cli_ok(&["operator", "disable", "--login", "pera.station"]);
        let a = call(&c, "GET", "/session", Some(&s), None, &[], None).await;
        assert_eq!((a.status, a.code()), (401, "session_expired"), "disabled");
        let a = sign_in_raw(&c, &op2.login, PASSPHRASE, &totp(&op2.secret, step + 1)).await;
        assert_eq!((a.status, a.code()), (401, "sign_in_failed"));
        // 12 a minute from this address: the next attempts are refused before any check.
        let mut limited = 0;
        for _ in 0..12 {
            let a = sign_in_raw(&c, "nobody.here", PASSPHRASE, "000000").await;
            if a.status == 429 {
                assert_eq!(a.code(), "rate_limited");
                assert!(a.headers.contains_key("retry-after"));
                limited += 1;
            }
        }
        assert!(limited >= 5, "{limited} refused");
        drop(c);
        drop_db(db);
    }
}

/// Another `serve` of the central record `c` (same data directory, key and database).
fn second_server(c: &TestCentral) -> (Child, String) {
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

#[tokio::test]
async fn two_servers_on_one_postgresql_share_a_session() {
    let Some((admin_url, db, url)) = fresh_postgres() else {
        println!(
            "two_servers_on_one_postgresql_share_a_session: skipped (ZASTITA_TEST_POSTGRES is not set)"
        );
        return;
    };
    let c = TestCentral::start_on(Some(&url), &[]);
    let (mut other, other_url) = second_server(&c);
    let step = fresh_step().await;
    let op = enrolled(
        &c,
        "ana.prosecutor",
        "prosecutor",
        "basic-prosecutor",
        "Osnovno javno tužilaštvo u Novom Sadu",
        step,
    )
    .await;
    let s = sign_in(&c, &op, step).await;
    let a = call_url(
        &c.client,
        &other_url,
        "GET",
        "/session",
        Some(&s),
        None,
        &[],
        None,
    )
    .await;
    assert_eq!(
        a.status, 200,
        "the other server knows the session: {}",
        a.body
    );
    assert_eq!(a.body["csrf_token"], json!(s.csrf));
    // Signed out on the other server: ended on this one too.
    let a = call_url(
        &c.client,
        &other_url,
        "DELETE",
        "/session",
        Some(&s),
        Some(&s.csrf),
        &[],
        None,
    )
    .await;
    assert_eq!(a.status, 204, "{}", a.body);
    let a = call(&c, "GET", "/session", Some(&s), None, &[], None).await;
    assert_eq!((a.status, a.code()), (401, "session_expired"));
    // A code used on one server is used on both.
    let a = sign_in_raw(&c, &op.login, PASSPHRASE, &totp(&op.secret, step + 1)).await;
    assert_eq!(a.status, 200);
    let a = call_url(&c.client, &other_url, "POST", "/session", None, None, &[],
                     Some(json!({"login": op.login, "passphrase": PASSPHRASE, "totp": totp(&op.secret, step + 1)}))).await;
    assert_eq!((a.status, a.code()), (401, "sign_in_failed"));
    let _ = other.kill();
    let _ = other.wait();
    drop(c);
    drop_db(Some((admin_url, db)));
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

#[tokio::test]
async fn the_station_administers_its_own_devices_and_officers_in_the_console() {
    for (c, db) in servers("the_station_administers", &[]) {
        let step = fresh_step().await;
        let op = enrolled(
            &c,
            "sara.station",
            "station",
            "police-administration",
            "NS",
            step,
        )
        .await;
        let prosecutor = enrolled(
            &c,
            "ana.prosecutor",
            "prosecutor",
            "basic-prosecutor",
            "Osnovno javno tužilaštvo u Novom Sadu",
            step,
        )
        .await;
        let (s, sp) = (
            sign_in(&c, &op, step).await,
            sign_in(&c, &prosecutor, step).await,
        );
        let a = call(
            &c,
            "GET",
            "/station/devices?purpose=administration",
            Some(&sp),
            None,
            &[],
            None,
        )
        .await;
        assert_eq!((a.status, a.code()), (403, "forbidden_role"));
        let a = call(&c, "GET", "/station/devices", Some(&s), None, &[], None).await;
        assert_eq!((a.status, a.code()), (400, "purpose_required"));

        // A new tablet: the code, its QR code, and the device of NS it enrols.
        let a = call(
            &c,
            "POST",
            "/station/enrolments",
            Some(&s),
            Some(&s.csrf),
            &[],
            Some(json!({"label": "Tablet PS Liman 7"})),
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.body);
        assert!(a.body["qr_svg"].as_str().unwrap().contains("<svg"));
        let code: zastita_protocol::enrollment::EnrollmentCode =
            a.body["code"].as_str().unwrap().parse().unwrap();
        assert_eq!(code.server, c.url);
        let d = crate::harness::TestDevice::new();
        let (status, body) = c.enroll_raw(&code.token, &d).await;
        assert_eq!(status, 200, "{body}");
        let ours = body["device_id"].as_str().unwrap().to_owned();
        let theirs = c.device_in("SU").await.id.to_string();
        let a = call(
            &c,
            "GET",
            "/station/devices?purpose=administration",
            Some(&s),
            None,
            &[],
            None,
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.body);
        let ids: Vec<&str> = a
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, [ours.as_str()], "only NS's devices");
        let a = call(
            &c,
            "POST",
            &format!("/station/devices/{theirs}/revoke"),
            Some(&s),
            Some(&s.csrf),
            &[],
            None,
        )
        .await;
        assert_eq!((a.status, a.code()), (403, "outside_jurisdiction"));
        let a = call(
            &c,
            "POST",
            &format!("/station/devices/{ours}/revoke"),
            Some(&s),
            Some(&s.csrf),
            &[],
            None,
        )
        .await;
        assert_eq!(a.status, 204, "{}", a.body);
        let listed = c.cli_json(&["device", "list", "--json"]);
        for d in listed.as_array().unwrap() {
            assert_eq!(d["revoked_at"].is_null(), d["id"] != json!(ours), "{d}");
        }

        // The roster: add, list, remove its own; another administration's officer is refused.
        c.cli_ok(&[
            "officer",
            "add",
            "--badge",
            "SU5555",
            "--name",
            "Kiš Lajos",
            "--administration",
            "SU",
        ]);
        let a = call(
            &c,
            "POST",
            "/station/officers",
            Some(&s),
            Some(&s.csrf),
            &[],
            Some(json!({"badge": "NS7777", "name": "Marko Marić", "role": "patrol"})),
        )
        .await;
        assert_eq!(a.status, 204, "{}", a.body);
        let a = call(
            &c,
            "POST",
            "/station/officers",
            Some(&s),
            Some(&s.csrf),
            &[],
            Some(json!({"badge": "NS7777", "name": "Marko Marić", "role": "patrol"})),
        )
        .await;
        assert_eq!((a.status, a.code()), (400, "invalid"));
        assert!(
            !a.body["detail"].as_str().unwrap().contains("NS7777"),
            "no echo"
        );
        let a = call(
            &c,
            "GET",
            "/station/officers?purpose=administration",
            Some(&s),
            None,
            &[],
            None,
        )
        .await;
        let badges: Vec<&str> = a
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["badge"].as_str().unwrap())
            .collect();
        assert_eq!(badges, ["NS1234", "NS7777"]);
        assert_eq!(a.body[1]["name"], "Marko Marić");
        let a = call(
            &c,
            "POST",
            "/station/officers/SU5555/remove",
            Some(&s),
            Some(&s.csrf),
            &[],
            None,
        )
        .await;
        assert_eq!((a.status, a.code()), (403, "outside_jurisdiction"));
        let a = call(
            &c,
            "POST",
            "/station/officers/NS7777/remove",
            Some(&s),
            Some(&s.csrf),
            &[],
            None,
        )
        .await;
        assert_eq!(a.status, 204, "{}", a.body);
        let a = call(
            &c,
            "POST",
            "/station/officers/NS1234/assign",
            Some(&s),
            Some(&s.csrf),
            &[],
            Some(json!({"administration": "SU"})),
        )
        .await;
        assert_eq!(a.status, 204, "{}", a.body);
        let a = call(
            &c,
            "GET",
            "/station/officers?purpose=administration",
            Some(&s),
            None,
            &[],
            None,
        )
        .await;
        let on: Vec<&str> = a
            .body
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["removed_at"].is_null())
            .map(|o| o["badge"].as_str().unwrap())
            .collect();
        assert!(on.is_empty(), "{on:?}");

        // Each in the admin audit as the CLI writes it, by the console's operator.
        let log = audit(&c);
        for action in [
            "device.enroll",
            "device.revoke",
            "officer.add",
            "officer.remove",
            "officer.assign",
            "device.list",
            "officer.list",
        ] {
            assert!(
                log.iter().any(|e| e["action"] == action
                    && e["actor_kind"] == "console"
                    && e["actor_name"] == "sara.station"),
                "{action}"
            );
        }
        let text = serde_json::to_string(&log).unwrap();
        assert!(
            !text.contains("Marko") && !text.contains(&code.token),
            "no name, no token"
        );
        drop(c);
        drop_db(db);
    }
}
