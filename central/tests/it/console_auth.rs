//! The console's sign-in and sessions against the real binary over HTTPS, on every backend: the
//! first sign-in (setup code → passphrase → TOTP enrolment → a first code), sign-in with a TOTP
//! computed by the test, the refusals (one answer for either wrong factor, a replayed code, the
//! lock-out and its end), the session's idle and absolute limits, CSRF and cross-site refusals
//! that change nothing, sign-out everywhere, the cookie's attributes, and two servers on one
//! PostgreSQL sharing a session.

use std::time::Duration;

use reqwest::header::SET_COOKIE;
use serde_json::json;

use crate::console_client::*;
use crate::harness::TestCentral;

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

/// A request renews the idle limit only once the last renewal is a thirtieth of it old (1 s of
/// 30 s here), so most requests write nothing; the limit then ends at most that much early,
/// never late: it is never more than the idle limit after the request that last renewed it.
#[tokio::test]
async fn a_session_is_renewed_at_most_every_thirtieth_of_its_idle_limit() {
    for (c, db) in servers("a_session_is_renewed", &["--console-idle", "30s"]) {
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
        let idle_end = |a: &Answer| {
            chrono::DateTime::parse_from_rfc3339(a.body["idle_expires_at"].as_str().unwrap())
                .unwrap()
                .with_timezone(&chrono::Utc)
        };
        let get = || call(&c, "GET", "/session", Some(&s), None, &[], None);
        let first = get().await;
        let asked = chrono::Utc::now();
        let again = get().await;
        assert_eq!(first.status, 200, "{}", first.body);
        assert_eq!(
            idle_end(&first),
            idle_end(&again),
            "renewed within its step"
        );
        assert!(idle_end(&again) <= asked + chrono::TimeDelta::seconds(30));
        tokio::time::sleep(Duration::from_millis(1100)).await;
        let before = chrono::Utc::now();
        let later = get().await;
        assert!(
            idle_end(&later) > idle_end(&again),
            "not renewed after its step"
        );
        assert!(idle_end(&later) >= before + chrono::TimeDelta::seconds(29));
        assert!(idle_end(&later) <= chrono::Utc::now() + chrono::TimeDelta::seconds(30));
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
