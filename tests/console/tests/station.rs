//! The station's journey in headless Chromium against the real central record over HTTPS: a
//! station operator created with the admin CLI activates the account (TOTP by its QR code), signs
//! in, creates an enrolment code in the console — its QR code shown as an image, the code as
//! text — with which a real device then enrols; the device appears in the administration's list
//! and is revoked after a confirmation; an officer is added to the roster; a real device store's
//! two cases, synced, wait for their official numbers, and one gets the administration's next
//! after a confirmation, which the device's next sync brings to the tablet. Every screen passes
//! axe-core (no serious or critical violation) with nothing logged, at the desk and on a tablet,
//! light and dark; the admin audit holds the console's entries.
#![allow(clippy::unwrap_used)]

use anyhow::{Context, Result};
use std::time::Duration;
use thirtyfour::prelude::*;
use zastita_console_tests::{Browser, TABLET, assert_clean, central_console_with, totp};
use zastita_protocol::enrollment::EnrollmentCode;
use zastita_sync_tests::device::TestDevice;
use zastita_sync_tests::raw::RawClient;

/// Waits until the element `id`'s text contains `text` (the list reloads after a change).
async fn wait_text(b: &Browser, id: &str, text: &str) -> Result<()> {
    let found = b
        .driver
        .query(By::Css(format!("[data-testid=\"{id}\"]")))
        .with_text(thirtyfour::stringmatch::StringMatch::new(text).partial())
        .wait(Duration::from_secs(20), Duration::from_millis(50))
        .exists()
        .await?;
    anyhow::ensure!(found, "no [data-testid={id}] saying {text:?}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_station_operator_enrols_a_device_by_qr_revokes_it_and_adds_an_officer() -> Result<()> {
    // Cases wait for the station to number them (no number on arrival).
    let (central, pin) = central_console_with(&["--auto-case-numbers", "false"])?;
    let added = central.admin_json(&[
        "operator",
        "add",
        "--login",
        "dezurni.ns",
        "--name",
        "Marko Marković",
        "--role",
        "station",
        "--institution-kind",
        "police-administration",
        "--institution",
        "NS",
    ])?;
    let code = added["setup_code"].as_str().unwrap().to_owned();
    let passphrase = "zelena-lipa-kod-stanice-7";
    let b = Browser::start(&pin).await?;
    b.open(&format!("{}/console/setup", central.url())).await?;
    b.fill("setup-login", "dezurni.ns").await?;
    b.fill("setup-code", &code).await?;
    b.fill("setup-passphrase", passphrase).await?;
    b.fill("setup-repeat", passphrase).await?;
    b.testid("setup-start").await?.click().await?;
    let secret = b.testid("setup-secret").await?.text().await?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs();
    b.fill("setup-totp", &totp(&secret, now - 30)?).await?;
    b.testid("setup-confirm").await?.click().await?;
    b.sign_in("dezurni.ns", passphrase, &totp(&secret, now)?)
        .await?;
    b.give_purpose("administration").await?;

    // The devices: none yet; a new enrolment code, its QR code an image under the CSP.
    b.testid("nav-devices").await?.click().await?;
    b.screen("devices").await?;
    b.testid("devices-empty").await?;
    b.fill("enrolment-label", "Tablet NS-07").await?;
    b.testid("enrolment-submit").await?.click().await?;
    let qr = b.testid("enrolment-qr").await?;
    assert!(
        qr.attr("src")
            .await?
            .unwrap_or_default()
            .starts_with("data:image/svg+xml")
    );
    // The image is drawn (the SVG decoded), not a broken image.
    let drawn = b
        .driver
        .execute(
            "const i = document.querySelector('[data-testid=enrolment-qr]'); return i.complete && i.naturalWidth > 0;",
            vec![],
        )
        .await?;
    assert_eq!(drawn.json().as_bool(), Some(true));
    let text = b.testid("enrolment-code").await?.text().await?;
    assert!(
        !b.testid("enrolment-expires")
            .await?
            .text()
            .await?
            .is_empty()
    );
    assert_clean(
        "devices, enrolment code",
        &b.problems().await?,
        &b.axe().await?,
    )?;
    b.screenshot("console-station-enrolment").await?;

    // The code works: a device enrols with it, for this server, trusting its CA.
    let enrolment: EnrollmentCode = text.trim().parse()?;
    assert_eq!(enrolment.server, central.url());
    RawClient::enroll(&enrolment.server, &central.ca_pem()?, &enrolment.token).await?;
    b.testid("enrolment-close").await?.click().await?;
    b.testid("nav-officers").await?.click().await?;
    b.screen("officers").await?;
    b.testid("nav-devices").await?.click().await?;
    b.screen("devices").await?;
    wait_text(&b, "device-state", "").await?;
    assert_eq!(
        b.driver
            .find_all(By::Css("[data-testid=device-row]"))
            .await?
            .len(),
        1
    );
    assert_clean("devices", &b.problems().await?, &b.axe().await?)?;
    b.screenshot("console-station-devices").await?;

    // Revoking asks first; the keyboard reaches both answers.
    b.testid("device-revoke").await?.click().await?;
    let focused = b.driver.active_element().await?;
    assert_eq!(
        focused.attr("data-testid").await?.as_deref(),
        Some("confirm-no")
    );
    assert_clean(
        "devices, confirmation",
        &b.problems().await?,
        &b.axe().await?,
    )?;
    b.screenshot("console-station-revoke-confirm").await?;
    focused.send_keys(Key::Shift + Key::Tab).await?;
    let yes = b.driver.active_element().await?;
    assert_eq!(
        yes.attr("data-testid").await?.as_deref(),
        Some("confirm-yes")
    );
    yes.send_keys(Key::Enter).await?;
    b.testid("devices-done").await?;
    // The list reloads after the change: the revoked device offers no revocation.
    let mut offered = true;
    for _ in 0..100 {
        offered = !b
            .driver
            .find_all(By::Css("[data-testid=device-revoke]"))
            .await?
            .is_empty();
        if !offered {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(!offered, "the revoked device still offers revocation");

    // The officers: one added with badge, name, role and rank.
    b.testid("nav-officers").await?.click().await?;
    b.screen("officers").await?;
    b.fill("officer-badge", "70123").await?;
    b.fill("officer-name", "Jelena Jovanović").await?;
    b.driver
        .execute(
            "const s = document.querySelector('[data-testid=officer-role]'); s.value = 'competent'; s.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![],
        )
        .await?;
    b.fill("officer-rank", "policijski narednik").await?;
    b.testid("officer-submit").await?.click().await?;
    b.testid("officers-done").await?;
    wait_text(&b, "officer-row", "Jelena Jovanović").await?;
    assert_clean("officers", &b.problems().await?, &b.axe().await?)?;
    b.screenshot("console-station-officers").await?;

    // The case numbers: a tablet's two cases, synced, await theirs; the newest gets the
    // administration's next after a confirmation, and the tablet's next sync brings it.
    let tablet = TestDevice::new()?;
    tablet
        .enroll(&central.enrollment_code_labelled("Tablet NS-09", &central.url())?)
        .await?;
    let ids = tablet.import_cases(2)?;
    let synced = tablet.sync().await?;
    assert_eq!(synced.pending_after, 0, "{synced:?}");
    b.testid("nav-cases").await?.click().await?;
    b.screen("cases").await?;
    wait_text(&b, "cases-summary", "2").await?;
    let rows = b.driver.find_all(By::Css("[data-testid=case-row]")).await?;
    assert_eq!(rows.len(), 2);
    assert_eq!(
        b.driver
            .find_all(By::Css("[data-testid=case-assign]"))
            .await?
            .len(),
        2
    );
    let newest = rows[0]
        .find(By::Css(".case-id"))
        .await?
        .text()
        .await?
        .trim()
        .to_owned();
    rows[0]
        .find(By::Css("[data-testid=case-assign]"))
        .await?
        .click()
        .await?;
    let auto = b.testid("case-number-auto").await?;
    assert!(auto.is_selected().await?);
    assert_clean("cases, the choice", &b.problems().await?, &b.axe().await?)?;
    b.testid("case-number-continue").await?.click().await?;
    // Asked first, the safe answer focused; the keyboard reaches "give the number".
    let focused = b.driver.active_element().await?;
    assert_eq!(
        focused.attr("data-testid").await?.as_deref(),
        Some("confirm-no")
    );
    assert_clean("cases, confirmation", &b.problems().await?, &b.axe().await?)?;
    b.screenshot("console-station-cases-confirm").await?;
    focused.send_keys(Key::Shift + Key::Tab).await?;
    let yes = b.driver.active_element().await?;
    assert_eq!(
        yes.attr("data-testid").await?.as_deref(),
        Some("confirm-yes")
    );
    yes.send_keys(Key::Enter).await?;
    let done = b.testid("cases-done").await?.text().await?;
    wait_text(&b, "case-number", "NS-").await?;
    assert_eq!(
        b.driver
            .find_all(By::Css("[data-testid=case-assign]"))
            .await?
            .len(),
        1
    );
    assert_clean("cases", &b.problems().await?, &b.axe().await?)?;
    b.screenshot("console-station-cases").await?;
    tablet.sync().await?;
    let mut numbered = None;
    for id in &ids {
        let file = tablet.with(|s| s.open_case(*id))??.file;
        if id.to_string() == newest {
            numbered = file.official_number;
        } else {
            assert_eq!(
                file.official_number, None,
                "the other case stays unnumbered"
            );
        }
    }
    let numbered = numbered.context("the tablet's case has no number after its sync")?;
    assert!(done.contains(&numbered), "{done:?} vs {numbered:?}");

    // Dark, and a tablet held upright.
    b.driver
        .execute(
            "const s = document.querySelector('[data-testid=theme]'); s.value = 'dark'; s.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![],
        )
        .await?;
    assert_clean("officers, dark", &b.problems().await?, &b.axe().await?)?;
    b.testid("nav-cases").await?.click().await?;
    b.screen("cases").await?;
    wait_text(&b, "case-number", "NS-").await?;
    assert_clean("cases, dark", &b.problems().await?, &b.axe().await?)?;
    b.resize(TABLET).await?;
    b.testid("nav-devices").await?.click().await?;
    b.screen("devices").await?;
    wait_text(&b, "device-row", "Tablet NS-07").await?;
    assert_clean(
        "devices, dark, tablet",
        &b.problems().await?,
        &b.axe().await?,
    )?;
    b.screenshot("console-station-devices-tablet-dark").await?;
    b.quit().await?;

    // The server audited the console's acts, under the operator's login.
    let audit = central.admin_json(&["audit", "list"])?;
    let by_console: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["actor_kind"] == "console" && r["actor_name"] == "dezurni.ns")
        .filter_map(|r| r["action"].as_str())
        .collect();
    for action in [
        "device.list",
        "device.enroll",
        "device.revoke",
        "officer.list",
        "officer.add",
        "cases.list",
        "case_number.assign",
    ] {
        assert!(
            by_console.contains(&action),
            "no {action} in {by_console:?}"
        );
    }
    Ok(())
}
