//! History at the scene end to end (issue 16): the real app, the real central record over HTTPS
//! on loopback, and a second device that synced a case first.
//!
//! the other device's case — Marko Petrović (the same JMBG), an unlicensed pistol in the
//! household, a contact ban served an hour ago, in force — reaches the central record → on this
//! device the officer enrols, records a new case with Marko as perpetrator and syncs → the round
//! refreshed the offline list of orders in force, and the case is flagged from it before the
//! central record is asked, which the panel says → "check the central record" → the other
//! device's case is listed (same JMBG), the case is flagged at the top
//! ("contact ban until … — possible violation (Art. 36)") and Marko as a repeat perpetrator →
//! its one action reports the violation, and after the next sync the central record has
//! recorded it on the other device's order →
//! the risk assessment shows "suggested: yes — from case …" without answering, and the
//! officer's confirm answers it. Screenshots of the flag and the panel (`history-flag`,
//! `history-panel`).

use anyhow::{Result, ensure};
use chrono::{Duration as Span, Utc};
use zastita_e2e::{Display, TestApp, screenshot_dir, steps};
use zastita_sync_tests::central::{Backend, Central};
use zastita_sync_tests::device::TestDevice;

const BADGE: &str = "NS1234";
const PASS: &str = "Zelena livada 7";
/// Marko Petrović's JMBG in the fixture case (the other device's).
const MARKO_JMBG: &str = "0203985800233";

#[tokio::test(flavor = "multi_thread")]
async fn a_perpetrator_known_from_another_devices_case_shows_his_history_suggestion_and_flag()
-> Result<()> {
    let central = Central::start(Backend::Sqlite)?;

    // The other device's case reaches the central record first.
    let other = TestDevice::new()?;
    // Its order served an hour ago: in force for the next 47 hours.
    other.import_case_served_at(Utc::now() - Span::hours(1))?;
    other
        .enroll(&central.enrollment_code(&central.url())?)
        .await?;
    let summary = other.sync().await?;
    ensure!(summary.pending_after == 0, "{summary:?}");

    // This device: first run, enrolment.
    let display = Display::get()?;
    let store_root = tempfile::tempdir()?;
    let store = store_root.path().join("store");
    let shots = screenshot_dir();
    let app = TestApp::start(&display, &store).await?;
    steps::first_officer(&app, BADGE, "policijski narednik", PASS).await?;
    app.click("case-list-sync").await?;
    app.screen("sync").await?;
    let code = central.enrollment_code_labelled("Tablet PS Novi Sad 2", &central.url())?;
    app.type_into("sync-enroll-code", &code).await?;
    app.click("sync-enroll-submit").await?;
    app.synced(0).await?;

    // A new call: Marko Petrović again, with his JMBG.
    app.click("nav-cases").await?;
    app.screen("cases").await?;
    steps::fill_new_case(&app, "Ponovo poziv sa iste adrese.").await?;
    let perp = "[data-testid=\"person\"][data-role=\"perpetrator\"]";
    app.type_in(perp, "person-jmbg", MARKO_JMBG).await?;
    app.attr_is("case-save-state", "data-state", "saved")
        .await?;
    app.click("case-record").await?;
    app.screen("case-view").await?;
    let case_id = app
        .el("case-view")
        .await?
        .attr("data-case-id")
        .await?
        .unwrap_or_default();

    // Before the central record is asked, the panel says so (the device knows no earlier case).
    app.css("[data-testid=\"history-panel\"] [data-testid=\"history-none\"]")
        .await?;
    app.text_contains("history-checked", "centralna evidencija nije pitana")
        .await?;

    // The case goes up (the central record answers only about a person as this device pushed it).
    steps::sync_now(&app).await?;
    app.click("nav-cases").await?;
    app.screen("cases").await?;
    app.click("purpose-code-follow_up").await?;
    app.click("purpose-submit").await?;
    app.css(&format!(
        "[data-testid=\"case-row\"][data-case-id=\"{case_id}\"]"
    ))
    .await?
    .click()
    .await?;
    app.screen("case-view").await?;

    // Offline already: the round refreshed the list of orders in force, which flags him by his
    // JMBG's keyed hash before the central record is asked.
    app.text_contains("history-flag", "moguće kršenje (član 36)")
        .await?;
    app.text_contains("history-checked", "u spisku mera na snazi od ")
        .await?;
    app.text_contains("history-checked", "centralna evidencija nije pitana")
        .await?;

    // "Check the central record": the other device's case, by the same JMBG.
    app.click("history-lookup").await?;
    app.attr_is("history-checked", "data-reached", "true")
        .await?;
    let found = app
        .css(
            "[data-testid=\"history-match\"][data-source=\"central_record\"][data-trust=\"exact\"]",
        )
        .await?;
    let text = found.text().await?;
    ensure!(
        text.contains("Novi Sad") && text.contains("Fizičko"),
        "the earlier case reads {text:?}"
    );
    ensure!(
        text.contains("zabrana kontaktiranja") && text.contains("Vatreno oružje"),
        "the earlier case's order and firearm: {text:?}"
    );

    // The flag at the top of the case: the contact ban in force, a possible violation.
    let flag = app
        .text_contains("history-flag", "moguće kršenje (član 36)")
        .await?;
    ensure!(
        flag.contains("Marko Petrović") && flag.contains("zabrana kontaktiranja do "),
        "the flag reads {flag:?}"
    );
    app.el("history-record-violation").await?;
    app.text_contains("history-repeat-flag", "povratnik")
        .await?;
    app.driver.execute("window.scrollTo(0, 0)", vec![]).await?;
    app.screenshot(&shots, "history-flag").await?;
    app.el("history-panel").await?.scroll_into_view().await?;
    app.screenshot(&shots, "history-panel").await?;

    // The one action: the order is another device's, so it is reported; the next sync sends it
    // and the central record records it on the order.
    app.driver.execute("window.scrollTo(0, 0)", vec![]).await?;
    app.click("history-record-violation").await?;
    app.attr_is("history-violation-recorded", "data-kind", "reported")
        .await?;
    steps::sync_now(&app).await?;
    app.click("nav-cases").await?;
    app.screen("cases").await?;
    // The list's row: a repeat perpetrator, by core's flag kept with the case.
    let row = format!("[data-testid=\"case-row\"][data-case-id=\"{case_id}\"]");
    app.css(&format!("{row} [data-testid=\"badge-repeat-perpetrator\"]"))
        .await?;
    app.css(&row).await?.click().await?;
    app.screen("case-view").await?;
    app.attr_is("history-violation-recorded", "data-accepted", "true")
        .await?;

    // The risk assessment: suggested, not answered, until the officer confirms.
    app.click("risk-assess").await?;
    app.screen("risk").await?;
    app.click("risk-mode-checklist").await?;
    let item = "[data-testid=\"risk-item\"][data-item=\"earlier-violence\"]";
    let suggestion = app
        .css(&format!("{item} [data-testid=\"risk-suggestion\"]"))
        .await?
        .text()
        .await?;
    ensure!(
        suggestion.contains("Predlog: da — izvor: slučaj "),
        "the suggestion reads {suggestion:?}"
    );
    let answer = app.css(item).await?.attr("data-answer").await?;
    ensure!(
        answer.as_deref() == Some(""),
        "answered before the officer confirmed: {answer:?}"
    );
    app.css(&format!("{item} [data-testid=\"risk-suggestion-accept\"]"))
        .await?
        .click()
        .await?;
    app.css(&format!(
        "{item}[data-answer=\"yes\"] [data-testid=\"risk-answer-source\"]"
    ))
    .await?;
    app.screenshot(&shots, "history-suggestion").await?;

    // At night: the flag and the panel in the dark theme.
    app.click("nav-settings").await?;
    app.choose("", "settings-theme", "dark").await?;
    app.click("nav-cases").await?;
    app.css(&row).await?.click().await?;
    app.screen("case-view").await?;
    app.el("history-flag").await?;
    app.screenshot(&shots, "history-flag-dark").await?;
    app.quit().await?;
    Ok(())
}
