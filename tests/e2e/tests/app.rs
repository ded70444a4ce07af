//! The officer's first night with the app, end to end: the real binary, a real encrypted store,
//! WebKitGTK under Xvfb, driven through tauri-driver. Screenshots of each screen go to
//! `$ZASTITA_SCREENSHOTS` (default: `zastita-e2e-screenshots` in the temp dir).
//!
//! first run → create officer → lock → wrong passphrase shows the error → unlock → create a case
//! with victim and perpetrator → take and sign a statement → quit → start again → unlock → the
//! case and the signed statement are there and the statement cannot be edited → switch to Serbian
//! Cyrillic and see the screen in Cyrillic → at night (dark theme), back in Latin: assess the risk
//! (checklist) → issue an emergency-measure order → print it (preview; the PDF is stored in the
//! case) → serve it with the perpetrator's signature → the 48-hour countdown runs, in the order
//! and on the case list.

use anyhow::{Result, ensure};
use std::time::Instant;
use thirtyfour::prelude::*;
use zastita_e2e::{Display, TestApp, screenshot_dir, steps};

const BADGE: &str = "NS1234";
const PASS: &str = "Zelena livada 7";

fn is_cyrillic(text: &str) -> bool {
    text.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
}

#[tokio::test(flavor = "multi_thread")]
async fn an_officers_first_night_end_to_end() -> Result<()> {
    let display = Display::get()?;
    let store_root = tempfile::tempdir()?;
    let store = store_root.path().join("store");
    let shots = screenshot_dir();

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
    // A new device has no case to consult: the empty list asks nothing.
    app.el("case-list-empty").await?;
    app.el("case-new").await?;

    // Lock, then a wrong passphrase is refused with the attempts left.
    app.click("nav-lock").await?;
    app.screen("unlock").await?;
    app.choose("", "unlock-officer", BADGE).await?;
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
    steps::fill_new_case(&app, "Po dolasku zatečena je oštećena sa modricom na ruci.").await?;
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
    // A new session: the list's purpose, then the case's (once each), the last one offered.
    app.el("case-list-purpose").await?;
    app.screenshot(&shots, "06a-case-list-purpose").await?;
    app.click("purpose-code-follow_up").await?;
    app.type_into("purpose-text", "Provera posle poziva")
        .await?;
    app.click("purpose-submit").await?;
    app.text_contains("case-row", "Jelena Petrović").await?;
    app.screenshot(&shots, "06-case-list").await?;
    app.click("case-row").await?;
    app.el("purpose-dialog").await?;
    app.screenshot(&shots, "06b-case-purpose-dialog").await?;
    app.click("purpose-submit").await?;
    app.screen("case-view").await?;
    app.attr_is("statement-row", "data-signed", "true").await?;
    app.text_contains("timeline-purpose", "Svrha:").await?;
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
    app.choose("", "settings-language", "sr-Cyrl").await?;
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
    app.choose("", "settings-theme", "dark").await?;
    app.click("nav-cases").await?;
    app.click("case-row").await?;
    app.screen("case-view").await?;
    app.screenshot(&shots, "10-case-view-dark").await?;
    app.driver.set_window_rect(0, 0, 800, 1280).await?;
    app.screenshot(&shots, "11-case-view-portrait").await?;
    app.driver.set_window_rect(0, 0, 1280, 800).await?;

    emergency_measures(&app, &shots).await?;
    app.quit().await?;

    // Not assertions: numbers for the closing note (debug build; see the bench for release).
    eprintln!(
        "e2e timings: cold start to first screen {cold_start:?}, restart to unlock screen {warm_start:?}, \
         unlock to case list {unlock_to_list:?}; screenshots in {}",
        shots.display()
    );
    Ok(())
}

/// The hours part of a live countdown (its `data-hours`): 47 or 48 right after service.
async fn countdown_hours(app: &TestApp, testid: &str) -> Result<u32> {
    let hours: u32 = app
        .el(testid)
        .await?
        .attr("data-hours")
        .await?
        .unwrap_or_default()
        .parse()?;
    let text = app.el(testid).await?.text().await?;
    ensure!(
        (47..=48).contains(&hours) && text.contains(&format!("{hours} h")),
        "{testid} shows {text:?} ({hours} h), expected 47–48 hours left"
    );
    Ok(hours)
}

/// Risk assessment → order → print → service → countdown, on the recorded case, at night.
async fn emergency_measures(app: &TestApp, shots: &std::path::Path) -> Result<()> {
    app.click("nav-settings").await?;
    app.choose("", "settings-language", "sr-Latn").await?;
    app.text_where("nav-cases", "Latin", |t| !is_cyrillic(t))
        .await?;
    app.click("nav-cases").await?;
    app.click("case-row").await?;
    app.screen("case-view").await?;

    // Risk, the statutory questionnaire as a checklist: a weapon (with what it is) and a threat
    // to kill, the rest no; the officer judges the danger imminent.
    app.click("risk-assess").await?;
    app.screen("risk").await?;
    let items = steps::answer_checklist(app, &["weapon-access", "threat-to-kill"]).await?;
    ensure!(items >= 10, "only {items} risk items");
    app.type_in(
        "[data-item=\"weapon-access\"]",
        "risk-note",
        "Lovačka puška u ormaru, bez dozvole.",
    )
    .await?;
    app.click("risk-judgement-yes").await?;
    app.type_into("risk-reasons", "Pretio je ubistvom i ima pušku u stanu.")
        .await?;
    app.attr_is("risk-computed", "data-level", "high").await?;
    app.attr_is("risk-save-state", "data-state", "saved")
        .await?;
    app.el("risk-fired").await?;
    app.driver.execute("window.scrollTo(0, 0)", vec![]).await?;
    app.screenshot(shots, "12-risk-checklist").await?;
    // One question per step: walk to the weapon question (a key factor, its note required).
    app.click("risk-mode-steps").await?;
    app.el("risk-steps").await?;
    for _ in 0..14 {
        let shown = app.el("risk-item").await?.attr("data-item").await?;
        if shown.as_deref() == Some("weapon-access") {
            break;
        }
        app.click("risk-next").await?;
    }
    app.attr_is("risk-item", "data-item", "weapon-access")
        .await?;
    app.attr_is("risk-item", "data-highlight", "true").await?;
    app.driver.execute("window.scrollTo(0, 0)", vec![]).await?;
    app.screenshot(shots, "13-risk-steps").await?;
    app.click("risk-mode-checklist").await?;
    app.click("risk-complete").await?;
    app.el("risk-completed").await?;

    // The order: the assessment just completed, both measures, the perpetrator and the victim.
    steps::order_wizard_to_review(
        app,
        &["removal_from_dwelling", "contact_ban"],
        "Učinilac je pretio da će ubiti suprugu; u stanu drži lovačku pušku bez dozvole.",
    )
    .await?;
    app.text_contains("wizard-review", "Marko Petrović").await?;
    app.text_contains("wizard-duration", "48").await?;
    app.screenshot(shots, "14-order-wizard-review").await?;
    app.click("wizard-issue").await?;
    app.screen("order").await?;
    app.attr_is("order-status", "data-status", "issued").await?;
    app.text_where("order-number", "a provisional number", |t| {
        t.starts_with("P-")
    })
    .await?;

    // Print the order: the preview shows it, and the PDF is stored in the case.
    app.click("print-order").await?;
    app.screen("print").await?;
    app.text_contains("document-title", "NAREĐENJE").await?;
    app.text_contains("print-stored", "SHA-256").await?;
    app.screenshot(shots, "15-print-preview").await?;
    app.click("print-back").await?;
    app.screen("order").await?;
    app.click("order-back").await?;
    app.screen("case-view").await?;
    app.el("document-row").await?;
    let documents = app
        .driver
        .find_all(By::Css("[data-testid=\"document-row\"]"))
        .await?;
    ensure!(
        documents.len() == 1,
        "case_documents lists {} documents, expected the one printed",
        documents.len()
    );

    // Serve it: the perpetrator signs for it; the 48 hours start.
    app.click("order-row").await?;
    app.screen("order").await?;
    app.sign_on("sigpad-perpetrator").await?;
    app.click("serve-submit").await?;
    app.attr_is("order-status", "data-status", "in_force")
        .await?;
    countdown_hours(app, "order-countdown").await?;
    app.el("order-event").await?;
    app.driver.execute("window.scrollTo(0, 0)", vec![]).await?;
    app.screenshot(shots, "16-order-view-countdown").await?;

    // The case list carries the countdown too.
    app.click("nav-cases").await?;
    app.screen("cases").await?;
    countdown_hours(app, "badge-order-countdown").await?;
    app.el("badge-risk").await?;
    app.screenshot(shots, "17-case-list-badge").await?;

    // The case view's legal sections.
    app.click("case-row").await?;
    app.screen("case-view").await?;
    countdown_hours(app, "order-row-countdown").await?;
    app.el("case-risk").await?.scroll_into_view().await?;
    app.screenshot(shots, "18-case-view-legal").await?;
    Ok(())
}
