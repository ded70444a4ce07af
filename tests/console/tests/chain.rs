//! The law's chain after the police order, end to end in headless Chromium against the real
//! central record over HTTPS and a real device store: the officer's tablet syncs a served order;
//! the competent prosecutor (an account the CLI made, set up with TOTP in the console) gives a
//! purpose, finds it on the board and opens it — the tablet's next sync has "received by <office>";
//! evaluates and proposes (the proposal PDF is served); the competent basic court's clerk opens it
//! (the court's receipt) and records an extension — the tablet's next sync has the court's end as
//! the order's expiry. The refusals on the way: a wrong TOTP (on screen), a change without the
//! CSRF token (refused, nothing changed), a prosecutor of another office (403, audited), a decision
//! with no proposal; and an idle session's end (back to sign-in, saying so). Every screen passes
//! axe-core with no serious or critical violation and logs no CSP violation or error; each is
//! saved as a screenshot.
#![allow(clippy::unwrap_used)]

use anyhow::{Context, Result, bail};
use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};
use serde_json::{Value, json};
use std::time::Duration;
use thirtyfour::prelude::*;
use zastita_central::console::operator::Territory;
use zastita_console_tests::{
    Browser, Central, assert_clean, central_console, central_console_with, https_client, totp,
};
use zastita_core::domain::order::{CourtOutcome, OrderEventKind};
use zastita_core::domain::{CaseId, OrderId};
use zastita_sync_tests::device::{FIXTURE, TestDevice, fresh_ids};

const PASSPHRASE: &str = "Ljubičasti konj pase 7";

/// When the fixture's order was served (its times are moved so that this is `served`).
const FIXTURE_SERVED: &str = "2025-03-14T21:15:00Z";

/// Every instant in `v` moved by `by` (dates of birth and other plain dates stay).
fn shift(v: &mut Value, by: TimeDelta) {
    match v {
        Value::String(s) => {
            if let Ok(at) = DateTime::parse_from_rfc3339(s) {
                *s = (at.with_timezone(&Utc) + by).to_rfc3339_opts(SecondsFormat::AutoSi, true);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| shift(i, by)),
        Value::Object(o) => o.values_mut().for_each(|i| shift(i, by)),
        _ => {}
    }
}

/// A case of the fixture (people, statements, a completed assessment, an issued order) with fresh
/// ids, its order served at `served`, recorded on the device; the case and its order.
fn record_served_case(dev: &TestDevice, served: DateTime<Utc>) -> Result<(CaseId, OrderId)> {
    let mut file = fresh_ids(FIXTURE)?;
    let was: DateTime<Utc> = FIXTURE_SERVED.parse()?;
    shift(&mut file, served - was);
    let bytes = serde_json::to_vec(&file)?;
    let case = dev.with(|s| s.import_case(&bytes))??;
    dev.follow_up(case)?;
    let order = dev
        .with(|s| s.open_case(case))??
        .file
        .orders
        .first()
        .context("the case has no order")?
        .order
        .id;
    Ok((case, order))
}

/// `operator add` through the admin CLI; the setup code.
fn add_operator(c: &Central, login: &str, role: &str, kind: &str, inst: &str) -> Result<String> {
    let added = c.admin_json(&[
        "operator",
        "add",
        "--login",
        login,
        "--name",
        "Jovana Nikolić",
        "--role",
        role,
        "--institution-kind",
        kind,
        "--institution",
        inst,
    ])?;
    Ok(added["setup_code"]
        .as_str()
        .context("no setup code")?
        .to_owned())
}

/// A request to the console's API as the browser's session would send it (its cookie), with the
/// CSRF token when given: the status and the JSON answer.
async fn call(
    client: &reqwest::Client,
    base: &str,
    cookie: &str,
    method: reqwest::Method,
    path: &str,
    csrf: Option<&str>,
    body: Option<Value>,
) -> Result<(u16, Value)> {
    let mut r = client
        .request(method, format!("{base}/console/api{path}"))
        .header("cookie", format!("__Host-zastita-console={cookie}"));
    if let Some(t) = csrf {
        r = r.header("x-csrf-token", t);
    }
    if let Some(b) = body {
        r = r.json(&b);
    }
    let a = r.send().await?;
    let status = a.status().as_u16();
    let bytes = a.bytes().await?;
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap_or(Value::Null)
    };
    Ok((status, body))
}

/// The session's CSRF token, as the console reads it at start.
async fn csrf_of(client: &reqwest::Client, base: &str, cookie: &str) -> Result<String> {
    let (status, s) = call(
        client,
        base,
        cookie,
        reqwest::Method::GET,
        "/session",
        None,
        None,
    )
    .await?;
    if status != 200 {
        bail!("GET /session: {status} {s}");
    }
    Ok(s["csrf_token"]
        .as_str()
        .context("no csrf_token")?
        .to_owned())
}

/// The page is clean (no CSP violation, error or warning logged; no serious or critical axe
/// finding) and saved as `docs`' `console-<name>.png` (in the screenshot directory).
async fn screen_ok(b: &Browser, name: &str) -> Result<()> {
    assert_clean(name, &b.problems().await?, &b.axe().await?)?;
    b.screenshot(&format!("console-{name}")).await?;
    Ok(())
}

/// Scrolls the element into view (the screenshot shows it).
async fn show(e: &WebElement) -> Result<()> {
    e.scroll_into_view().await?;
    Ok(())
}

/// Waits for `css`.
async fn wait_css(b: &Browser, css: &str) -> Result<WebElement> {
    b.driver
        .query(By::Css(css.to_owned()))
        .wait(Duration::from_secs(20), Duration::from_millis(50))
        .first()
        .await
        .with_context(|| format!("{css} did not appear"))
}

/// Belgrade's wall clock as the console's fields are typed: `DD.MM.GGGG.` and `ČČ:MM`.
fn belgrade(at: DateTime<Utc>) -> (String, String) {
    let local = at.with_timezone(&chrono_tz::Europe::Belgrade);
    (
        local.format("%d.%m.%Y.").to_string(),
        local.format("%H:%M").to_string(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chain_runs_from_the_tablet_through_prosecutor_and_court_and_back() -> Result<()> {
    let (central, pin) = central_console()?;
    let base = central.url();
    let here = Territory::of("NS", "Novi Sad");
    let elsewhere = Territory::of("NS", "Bač");
    assert_ne!(here.prosecutor_office, elsewhere.prosecutor_office);

    // The officer's tablet: enrolled, two served orders (one nobody will propose), synced.
    let dev = TestDevice::new()?;
    dev.enroll(&central.enrollment_code(&base)?).await?;
    let served = Utc::now() - TimeDelta::hours(2);
    let (_, order) = record_served_case(&dev, served)?;
    let (_, bare) = record_served_case(&dev, served - TimeDelta::hours(1))?;
    let first = dev.sync().await?;
    assert_eq!(first.pending_after, 0, "{first:?}");

    // The accounts, made by the admin CLI.
    let ns_code = add_operator(
        &central,
        "tuzilac.ns",
        "prosecutor",
        "basic-prosecutor",
        &here.prosecutor_office,
    )?;
    let bac_code = add_operator(
        &central,
        "tuzilac.bac",
        "prosecutor",
        "basic-prosecutor",
        &elsewhere.prosecutor_office,
    )?;
    let court_code = add_operator(
        &central,
        "zapisnicar.ns",
        "court",
        "basic-court",
        &here.basic_court,
    )?;
    let auditor_code = add_operator(&central, "revizor", "auditor", "oversight", "RJT")?;

    let b = Browser::start(&pin).await?;
    let client = https_client(&central)?;

    // The prosecutor sets up the account; a wrong code is refused on the screen.
    let (secret, now) = b.set_up(&base, "tuzilac.ns", &ns_code, PASSPHRASE).await?;
    let wrong = b
        .sign_in("tuzilac.ns", PASSPHRASE, &totp(&secret, now + 3_600)?)
        .await;
    assert!(wrong.is_err(), "{wrong:?}");
    assert!(!b.testid("sign-in-error").await?.text().await?.is_empty());
    screen_ok(&b, "sign-in-wrong-totp").await?;
    b.sign_in("tuzilac.ns", PASSPHRASE, &totp(&secret, now)?)
        .await?;
    b.give_purpose("duty_review").await?;

    // The board: both orders, running clocks.
    b.screen("board").await?;
    let row = wait_css(
        &b,
        &format!("[data-testid=board-row][data-order=\"{order}\"]"),
    )
    .await?;
    wait_css(
        &b,
        &format!("[data-testid=board-row][data-order=\"{bare}\"]"),
    )
    .await?;
    assert!(!b.testid("board-total").await?.text().await?.is_empty());
    screen_ok(&b, "board").await?;

    // Opening it is the office's receipt.
    row.find(By::Css("[data-testid=open-order]"))
        .await?
        .click()
        .await?;
    b.screen("order").await?;
    let chain = b.testid("chain").await?;
    b.driver
        .query(By::Css("[data-testid=chain] li"))
        .wait(Duration::from_secs(20), Duration::from_millis(50))
        .first()
        .await?;
    assert!(
        chain.text().await?.contains(&here.prosecutor_office),
        "{}",
        chain.text().await?
    );
    assert!(
        !b.driver
            .find_all(By::Css("[data-testid=statement]"))
            .await?
            .is_empty()
    );
    b.testid("assessment").await?;
    screen_ok(&b, "order").await?;

    // The tablet's next sync: "received by <office>".
    dev.sync().await?;
    let view = dev.with(|s| s.get_order(order))??;
    assert!(
        view.order.events.iter().any(|e| matches!(
            &e.event,
            OrderEventKind::ProsecutorReceived { office, .. } if *office == here.prosecutor_office
        )),
        "{:?}",
        view.order.events
    );
    assert!(view.clocks.deadlines.prosecutor_received_at.is_some());

    // A change without the CSRF token (the session's cookie alone) is refused, and changes nothing.
    let cookie = b.session_cookie().await?;
    let acts = format!("/orders/{order}/acts");
    let evaluate = json!({"purpose": {"code": "duty_review"},
        "act": {"act": "evaluate", "agrees": false, "reasons": "Bez tokena."}});
    let (status, refused) = call(
        &client,
        &base,
        &cookie,
        reqwest::Method::POST,
        &acts,
        None,
        Some(evaluate),
    )
    .await?;
    assert_eq!(
        (status, refused["code"].as_str()),
        (403, Some("csrf")),
        "{refused}"
    );
    let csrf = csrf_of(&client, &base, &cookie).await?;
    let (status, file) = call(
        &client,
        &base,
        &cookie,
        reqwest::Method::POST,
        &format!("/orders/{order}/open"),
        Some(&csrf),
        Some(json!({"purpose": {"code": "duty_review"}})),
    )
    .await?;
    assert_eq!(status, 200, "{file}");
    assert_eq!(file["chain"]["evaluation"], Value::Null, "{file}");

    // The evaluation of the police's assessment, then the proposal to the court.
    let form = b.testid("act-form-evaluate").await?;
    b.inside("act-form-evaluate", "act-agrees")
        .await?
        .click()
        .await?;
    b.inside("act-form-evaluate", "act-reasons")
        .await?
        .send_keys("Procena rizika je potpuna; pretnja oružjem je potvrđena.")
        .await?;
    show(&form).await?;
    screen_ok(&b, "evaluation").await?;
    b.inside("act-form-evaluate", "act-submit-evaluate")
        .await?
        .click()
        .await?;
    let form = b.testid("act-form-propose").await?;
    b.inside("act-form-propose", "act-reasons")
        .await?
        .send_keys("Neposredna opasnost traje; predlaže se produženje mera na 30 dana.")
        .await?;
    b.inside("act-form-propose", "act-evidence")
        .await?
        .send_keys("Zapisnik o izjavi oštećene")
        .await?;
    show(&form).await?;
    screen_ok(&b, "proposal").await?;
    b.inside("act-form-propose", "act-submit-propose")
        .await?
        .click()
        .await?;
    // The proposal's PDF, served to this session.
    let link = wait_css(&b, "[data-testid=document-link][data-kind=proposal]").await?;
    let href = link.attr("href").await?.context("no href")?;
    let got = b
        .driver
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               fetch(arguments[0], { credentials: 'same-origin' })
                 .then(async (r) => done([r.status, r.headers.get('content-type'),
                   new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5))]))
                 .catch((e) => done(['ERROR ' + e]));"#,
            vec![json!(href)],
        )
        .await?;
    assert_eq!(
        got.json(),
        &json!([200, "application/pdf", "%PDF-"]),
        "{href}"
    );
    show(&b.testid("chain").await?).await?;
    screen_ok(&b, "proposed").await?;

    // A prosecutor of another office: refused on the screen (403), and the refusal audited.
    b.testid("sign-out").await?.click().await?;
    b.screen("sign-in").await?;
    let (bac_secret, bac_now) = b
        .set_up(&base, "tuzilac.bac", &bac_code, PASSPHRASE)
        .await?;
    b.sign_in("tuzilac.bac", PASSPHRASE, &totp(&bac_secret, bac_now)?)
        .await?;
    b.give_purpose("duty_review").await?;
    b.screen("board").await?;
    b.testid("board-empty").await?;
    b.open(&format!("{base}/console/orders/{order}")).await?;
    b.give_purpose("duty_review").await?;
    b.screen("order").await?;
    let error = b.testid("order-error").await?.text().await?;
    assert!(!error.is_empty());
    screen_ok(&b, "outside-jurisdiction").await?;
    let audit = central.admin_json(&["audit", "list"])?;
    let refusals: Vec<&Value> = audit
        .as_array()
        .context("audit list")?
        .iter()
        .filter(|e| e["action"] == "console.order.open" && e["actor_name"] == "tuzilac.bac")
        .collect();
    assert_eq!(refusals.len(), 1, "{audit:#}");
    assert!(
        refusals[0].to_string().contains("outside_jurisdiction"),
        "{:#}",
        refusals[0]
    );

    // The court's clerk: the proposal on the board, opened (the court's receipt), decided.
    b.testid("sign-out").await?.click().await?;
    b.screen("sign-in").await?;
    let (court_secret, court_now) = b
        .set_up(&base, "zapisnicar.ns", &court_code, PASSPHRASE)
        .await?;
    b.sign_in(
        "zapisnicar.ns",
        PASSPHRASE,
        &totp(&court_secret, court_now)?,
    )
    .await?;
    b.give_purpose("duty_review").await?;
    b.screen("board").await?;
    let row = wait_css(
        &b,
        &format!("[data-testid=board-row][data-order=\"{order}\"]"),
    )
    .await?;
    assert_eq!(
        b.driver
            .find_all(By::Css(format!(
                "[data-testid=board-row][data-order=\"{bare}\"]"
            )))
            .await?
            .len(),
        0,
        "the court sees only orders with a proposal"
    );
    screen_ok(&b, "court-board").await?;

    // A decision on the order nobody proposed: the screens never offer it; over HTTPS, refused.
    let cookie = b.session_cookie().await?;
    let csrf = csrf_of(&client, &base, &cookie).await?;
    let today = Utc::now()
        .with_timezone(&chrono_tz::Europe::Belgrade)
        .date_naive();
    let decide = json!({"purpose": {"code": "acting_on_order"},
        "act": {"act": "decide", "number": "3 Ph 1/26", "decided_on": today, "extended": false}});
    let (status, refused) = call(
        &client,
        &base,
        &cookie,
        reqwest::Method::POST,
        &format!("/orders/{bare}/acts"),
        Some(&csrf),
        Some(decide),
    )
    .await?;
    assert_eq!(
        (status, refused["code"].as_str()),
        (409, Some("not_admitted")),
        "{refused}"
    );
    assert!(
        refused["detail"]
            .as_str()
            .is_some_and(|d| d.contains("order_decision_before_proposal")),
        "{refused}"
    );

    row.find(By::Css("[data-testid=open-order]"))
        .await?
        .click()
        .await?;
    b.screen("order").await?;
    let form = b.testid("act-form-decide").await?;
    assert!(
        b.testid("chain")
            .await?
            .text()
            .await?
            .contains(&here.basic_court),
        "the court's receipt"
    );
    let ends = (served + TimeDelta::days(30) - TimeDelta::hours(3))
        .with_timezone(&chrono_tz::Europe::Belgrade)
        .date_naive()
        .and_hms_opt(12, 0, 0)
        .context("noon")?
        .and_local_timezone(chrono_tz::Europe::Belgrade)
        .single()
        .context("noon in Belgrade")?
        .with_timezone(&Utc);
    let (ends_day, ends_time) = belgrade(ends);
    b.inside("act-form-decide", "act-number")
        .await?
        .send_keys("3 Ph 118/26")
        .await?;
    b.inside("act-form-decide", "act-decided-on")
        .await?
        .send_keys(today.format("%d.%m.%Y.").to_string())
        .await?;
    b.inside("act-form-decide", "act-extended")
        .await?
        .click()
        .await?;
    b.inside("act-form-decide", "act-ends-at")
        .await?
        .send_keys(format!("{ends_day} {ends_time}"))
        .await?;
    show(&form).await?;
    screen_ok(&b, "court-decision").await?;
    b.inside("act-form-decide", "act-submit-decide")
        .await?
        .click()
        .await?;
    let said = wait_css(&b, "[data-testid=chain-act][data-kind=court_decision]")
        .await?
        .text()
        .await?;
    assert!(
        said.contains("3 Ph 118/26") && said.contains(&here.basic_court),
        "{said}"
    );
    // Each act once: the receipts and the proposal are said in full above, not again.
    assert_eq!(
        b.driver
            .find_all(By::Css("[data-testid=chain-act]"))
            .await?
            .len(),
        1
    );
    show(&b.testid("chain").await?).await?;
    screen_ok(&b, "court-decided").await?;
    // The same file at night and in Serbian Cyrillic: still clean.
    for (select, value) in [("theme", "dark"), ("language", "sr-Cyrl")] {
        b.driver
            .execute(
                &format!("const s = document.querySelector('[data-testid={select}]'); s.value = '{value}'; s.dispatchEvent(new Event('change', {{ bubbles: true }}));"),
                vec![],
            )
            .await?;
        screen_ok(&b, &format!("court-decided-{value}")).await?;
    }
    let said = b
        .driver
        .find(By::Css("[data-testid=chain-act][data-kind=court_decision]"))
        .await?
        .text()
        .await?;
    assert!(said.starts_with("Одлука бр. 3 Ph 118/26"), "{said}");

    // The tablet's next sync: the court's receipt, and its end as the order's expiry.
    dev.sync().await?;
    let view = dev.with(|s| s.get_order(order))??;
    assert_eq!(view.clocks.deadlines.expires_at, Some(ends));
    assert!(view.clocks.deadlines.extended);
    assert!(view.clocks.deadlines.court_received_at.is_some());
    assert!(view.order.events.iter().any(|e| matches!(
        &e.event,
        OrderEventKind::CourtDecision { outcome: CourtOutcome::Extended, number, .. } if number == "3 Ph 118/26"
    )));
    let untouched = dev.with(|s| s.get_order(bare))??;
    assert!(!untouched.clocks.deadlines.extended);

    // The auditor searches the audit log.
    b.testid("sign-out").await?.click().await?;
    b.screen("sign-in").await?;
    let (aud_secret, aud_now) = b
        .set_up(&base, "revizor", &auditor_code, PASSPHRASE)
        .await?;
    b.sign_in("revizor", PASSPHRASE, &totp(&aud_secret, aud_now)?)
        .await?;
    b.screen("audit").await?;
    b.fill("audit-action", "console.order.open").await?;
    b.testid("audit-search").await?.click().await?;
    b.testid("audit-row").await?;
    // The other office's attempt reads as refused, not as an opening.
    let refused: Vec<String> = {
        let mut v = Vec::new();
        for row in b
            .driver
            .find_all(By::Css("[data-testid=audit-row]"))
            .await?
        {
            if !row
                .find_all(By::Css("[data-testid=audit-refused]"))
                .await?
                .is_empty()
            {
                v.push(row.text().await?);
            }
        }
        v
    };
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert!(refused[0].contains("tuzilac.bac"), "{refused:?}");
    screen_ok(&b, "audit").await?;
    b.quit().await?;
    Ok(())
}

/// A session unused past `--console-idle` ends: the console returns to sign-in and says why, and
/// the server refuses its cookie.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_session_ends_and_the_console_says_so() -> Result<()> {
    let (central, pin) = central_console_with(&["--console-idle", "6s"])?;
    let base = central.url();
    let here = Territory::of("NS", "Novi Sad");
    let code = add_operator(
        &central,
        "tuzilac.ns",
        "prosecutor",
        "basic-prosecutor",
        &here.prosecutor_office,
    )?;
    let b = Browser::start(&pin).await?;
    let (secret, now) = b.set_up(&base, "tuzilac.ns", &code, PASSPHRASE).await?;
    b.sign_in("tuzilac.ns", PASSPHRASE, &totp(&secret, now)?)
        .await?;
    let cookie = b.session_cookie().await?;
    b.give_purpose("duty_review").await?;
    b.screen("board").await?;
    // Nobody touches it: sign-in comes back with the reason.
    b.driver
        .query(By::Css(
            "main[data-screen=\"sign-in\"] [data-testid=notice]",
        ))
        .wait(Duration::from_secs(30), Duration::from_millis(200))
        .first()
        .await
        .context("the idle session did not end on the screen")?;
    let notice = b.testid("notice").await?.text().await?;
    assert!(!notice.is_empty());
    screen_ok(&b, "session-expired").await?;
    let (status, answer) = call(
        &https_client(&central)?,
        &base,
        &cookie,
        reqwest::Method::GET,
        "/session",
        None,
        None,
    )
    .await?;
    assert_eq!(
        (status, answer["code"].as_str()),
        (401, Some("session_expired")),
        "{answer}"
    );
    b.quit().await?;
    Ok(())
}
