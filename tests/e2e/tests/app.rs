//! The officer's first night with the app, end to end: the real binary, a real encrypted store,
//! WebKitGTK under Xvfb, driven through tauri-driver. Screenshots of each screen go to
//! `$ZASTITA_SCREENSHOTS` (default: `zastita-e2e-screenshots` in the temp dir).
//!
//! first run → create officer → lock → wrong passphrase shows the error → unlock → create a case
//! with victim and perpetrator → take and sign a statement → quit → start again → unlock → the
//! case and the signed statement are there and the statement cannot be edited → switch to Serbian
//! Cyrillic and see the screen in Cyrillic.

use anyhow::{Result, ensure};
use std::path::PathBuf;
use std::time::Instant;
use thirtyfour::prelude::*;
use zastita_e2e::{Display, TestApp};

const BADGE: &str = "NS1234";
const PASS: &str = "Zelena livada 7";

fn shots() -> PathBuf {
    std::env::var_os("ZASTITA_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("zastita-e2e-screenshots"))
}

fn is_cyrillic(text: &str) -> bool {
    text.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
}

/// Pick `value` in the <select> `testid` (inside `scope`, a CSS prefix, when given).
async fn choose(app: &TestApp, scope: &str, testid: &str, value: &str) -> Result<()> {
    app.css(&format!(
        "{scope} [data-testid=\"{testid}\"] option[value=\"{value}\"]"
    ))
    .await?
    .click()
    .await?;
    Ok(())
}

async fn type_in(app: &TestApp, scope: &str, testid: &str, text: &str) -> Result<()> {
    let e = app
        .css(&format!("{scope} [data-testid=\"{testid}\"]"))
        .await?;
    e.send_keys(text).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_officers_first_night_end_to_end() -> Result<()> {
    let display = Display::get()?;
    let store_root = tempfile::tempdir()?;
    let store = store_root.path().join("store");
    let shots = shots();

    // First run: the store is created with the first officer.
    let app = TestApp::start(&display, &store).await?;
    let cold_start = app.started_in;
    app.screen("setup").await?;
    app.type_into("setup-badge", BADGE).await?;
    app.type_into("setup-name", "Milan Jovanović").await?;
    app.type_into("setup-passphrase", PASS).await?;
    app.type_into("setup-passphrase-confirm", PASS).await?;
    // Every rule is shown as met once the passphrase is good.
    let deadline = Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let unmet = app
            .driver
            .find_all(By::Css(
                "[data-testid=\"setup-rules\"] [data-met=\"false\"]",
            ))
            .await?;
        if unmet.is_empty() {
            break;
        }
        ensure!(
            Instant::now() < deadline,
            "{} passphrase rules still unmet",
            unmet.len()
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    app.screenshot(&shots, "01-first-run").await?;
    app.click("setup-submit").await?;
    app.screen("cases").await?;
    app.el("case-list-empty").await?;

    // Lock, then a wrong passphrase is refused with the attempts left.
    app.click("nav-lock").await?;
    app.screen("unlock").await?;
    choose(&app, "", "unlock-officer", BADGE).await?;
    app.type_into("unlock-passphrase", "Pogrešna lozinka 1")
        .await?;
    app.click("unlock-submit").await?;
    app.attr_is("unlock-error", "data-code", "wrong_passphrase")
        .await?;
    app.screenshot(&shots, "02-unlock-wrong-passphrase").await?;

    let t = Instant::now();
    app.type_into("unlock-passphrase", PASS).await?;
    app.el("unlock-passphrase")
        .await?
        .send_keys(Key::Enter)
        .await?;
    app.screen("cases").await?;
    let unlock_to_list = t.elapsed();

    // A new case with the incident, a victim and the perpetrator, recorded.
    app.click("case-new").await?;
    app.screen("case-form").await?;
    app.click("incident-reported-at-now").await?;
    app.click("incident-arrived-at-now").await?;
    app.type_into("incident-address", "Bulevar oslobođenja 12, stan 4")
        .await?;
    app.type_into("incident-municipality", "Novi Sad").await?;
    choose(&app, "", "incident-reporter-kind", "neighbour").await?;
    app.click("incident-violence-physical").await?;
    choose(&app, "", "incident-weapons-present", "no").await?;
    choose(&app, "", "incident-children-present", "no").await?;
    app.type_into(
        "incident-narrative",
        "Po dolasku zatečena je oštećena sa modricom na ruci.",
    )
    .await?;
    app.click("person-add-victim").await?;
    let victim = "[data-testid=\"person\"][data-role=\"victim\"]";
    type_in(&app, victim, "person-given-name", "Jelena").await?;
    type_in(&app, victim, "person-family-name", "Petrović").await?;
    app.click("person-add-perpetrator").await?;
    let perp = "[data-testid=\"person\"][data-role=\"perpetrator\"]";
    type_in(&app, perp, "person-given-name", "Marko").await?;
    type_in(&app, perp, "person-family-name", "Petrović").await?;
    choose(&app, perp, "person-relationship", "spouse").await?;
    app.attr_is("case-save-state", "data-state", "saved")
        .await?;
    app.screenshot(&shots, "03-case-form").await?;
    app.click("case-record").await?;
    app.screen("case-view").await?;
    app.attr_is("case-status", "data-status", "recorded")
        .await?;

    // The victim's statement, signed by both.
    app.click("statement-new").await?;
    app.screen("statement").await?;
    app.type_into(
        "statement-text",
        "Suprug me je udario posle svađe oko novca.",
    )
    .await?;
    app.sign_on("sigpad-victim").await?;
    app.sign_on("sigpad-officer").await?;
    app.attr_is("statement-save-state", "data-state", "saved")
        .await?;
    app.screenshot(&shots, "04-statement").await?;
    app.click("statement-sign").await?;
    app.el("statement-signed").await?;
    app.screenshot(&shots, "05-statement-signed").await?;
    app.quit().await?;

    // Start again: everything is there after unlocking, and the statement is sealed.
    let app = TestApp::start(&display, &store).await?;
    let warm_start = app.started_in;
    app.screen("unlock").await?;
    app.type_into("unlock-passphrase", PASS).await?;
    app.click("unlock-submit").await?;
    app.screen("cases").await?;
    app.text_contains("case-row", "Jelena Petrović").await?;
    app.screenshot(&shots, "06-case-list").await?;
    app.click("case-row").await?;
    app.screen("case-view").await?;
    app.attr_is("statement-row", "data-signed", "true").await?;
    app.el("timeline-event").await?;
    app.screenshot(&shots, "07-case-view").await?;
    app.click("statement-row").await?;
    app.screen("statement").await?;
    app.el("statement-signed").await?;
    let text = app.el("statement").await?.text().await?;
    ensure!(
        text.contains("Suprug me je udario"),
        "signed text not shown: {text}"
    );
    let editors = app
        .driver
        .find_all(By::Css(
            "[data-testid=\"statement-text\"], [data-testid=\"statement-sign\"]",
        ))
        .await?;
    ensure!(
        editors.is_empty(),
        "a signed statement still offers editing"
    );

    // Serbian Cyrillic, at run time.
    app.click("nav-settings").await?;
    app.screen("settings").await?;
    choose(&app, "", "settings-language", "sr-Cyrl").await?;
    app.text_where("nav-cases", "Cyrillic", is_cyrillic).await?;
    app.screenshot(&shots, "08-settings-cyrillic").await?;
    app.click("nav-cases").await?;
    app.screen("cases").await?;
    let heading = app.css("main h1, main h2").await?.text().await?;
    ensure!(
        heading
            .chars()
            .any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)),
        "case list heading not in Cyrillic: {heading:?}"
    );
    app.screenshot(&shots, "09-case-list-cyrillic").await?;

    // Night work: dark theme, and the tablet held upright (800×1280).
    app.click("nav-settings").await?;
    choose(&app, "", "settings-theme", "dark").await?;
    app.click("nav-cases").await?;
    app.click("case-row").await?;
    app.screen("case-view").await?;
    app.screenshot(&shots, "10-case-view-dark").await?;
    app.driver.set_window_rect(0, 0, 800, 1280).await?;
    app.screenshot(&shots, "11-case-view-portrait").await?;
    app.quit().await?;

    // Not assertions: numbers for the closing note (debug build; see the bench for release).
    eprintln!(
        "e2e timings: cold start to first screen {cold_start:?}, restart to unlock screen {warm_start:?}, \
         unlock to case list {unlock_to_list:?}; screenshots in {}",
        shots.display()
    );
    Ok(())
}
