//! The console in headless Chromium against the real central record over HTTPS: it loads under
//! its strict CSP with no error logged, says a refused sign-in, has no serious or critical axe-core violation at the
//! desk's 1366×768 and on a tablet, in the light and the dark theme, in the four languages; and
//! the browser trusts exactly the server's key, nothing more.
#![allow(clippy::unwrap_used)]

use anyhow::Result;
use std::time::Duration;
use thirtyfour::prelude::*;
use zastita_console_tests::{Browser, TABLET, assert_clean, central_console, is_png, totp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_and_setup_load_under_the_csp_and_pass_axe() -> Result<()> {
    let (central, pin) = central_console()?;
    let b = Browser::start(&pin).await?;
    b.open(&format!("{}/console/", central.url())).await?;
    b.screen("sign-in").await?;
    assert_eq!(b.driver.title().await?, "Zaštita – konzola");
    assert_clean("sign-in", &b.problems().await?, &b.axe().await?)?;
    let shot = b.screenshot("console-sign-in").await?;
    assert!(is_png(&shot));

    // Keyboard: the first Tab reaches the skip link, which leads to the content.
    b.driver.active_element().await?.send_keys(Key::Tab).await?;
    let focused = b.driver.active_element().await?;
    assert_eq!(focused.class_name().await?.as_deref(), Some("skip-link"));

    // A sign-in the server refuses (nobody by that login) is said on the screen, typed with keys.
    let refused = b.sign_in("nobody", "not the passphrase", "000000").await;
    assert!(refused.is_err(), "{refused:?}");
    assert!(!b.testid("sign-in-error").await?.text().await?.is_empty());
    assert_eq!(
        b.testid("passphrase")
            .await?
            .prop("value")
            .await?
            .as_deref(),
        Some("")
    );
    assert_clean("sign-in refused", &b.problems().await?, &b.axe().await?)?;
    b.screenshot("console-sign-in-refused").await?;

    // Dark theme, chosen in the header.
    b.driver
        .execute(
            "const s = document.querySelector('[data-testid=theme]'); s.value = 'dark'; s.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![],
        )
        .await?;
    let theme = b
        .driver
        .execute("return document.documentElement.dataset.theme;", vec![])
        .await?;
    assert_eq!(theme.json().as_str(), Some("dark"));
    assert_clean("sign-in, dark", &b.problems().await?, &b.axe().await?)?;
    b.screenshot("console-sign-in-dark").await?;

    // Every language; Serbian Cyrillic says it in Cyrillic.
    for lang in ["sr-Cyrl", "hu", "en", "sr-Latn"] {
        b.driver
            .execute(
                &format!("const s = document.querySelector('[data-testid=language]'); s.value = '{lang}'; s.dispatchEvent(new Event('change', {{ bubbles: true }}));"),
                vec![],
            )
            .await?;
        let html_lang = b
            .driver
            .execute("return document.documentElement.lang;", vec![])
            .await?;
        assert_eq!(html_lang.json().as_str(), Some(lang));
        if lang == "sr-Cyrl" {
            let heading = b.driver.find(By::Css("h1")).await?.text().await?;
            assert_eq!(heading, "Пријава");
        }
        assert_clean(lang, &b.problems().await?, &b.axe().await?)?;
    }

    // First-time setup (its own route), at the desk and on a tablet.
    b.testid("to-setup").await?.click().await?;
    b.screen("setup").await?;
    assert_clean("setup", &b.problems().await?, &b.axe().await?)?;
    b.screenshot("console-setup").await?;
    b.resize(TABLET).await?;
    b.open(&format!("{}/console/setup", central.url())).await?;
    b.screen("setup").await?;
    assert_clean("setup, tablet", &b.problems().await?, &b.axe().await?)?;
    b.screenshot("console-setup-tablet").await?;
    b.quit().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_browser_trusts_the_servers_key_and_no_other() -> Result<()> {
    let (pinned, pin) = central_console()?;
    let (other, _) = central_console()?;
    let b = Browser::start(&pin).await?;
    // Another central record (its own CA and key) on this machine: refused.
    b.open(&format!("{}/console/", other.url())).await?;
    let found = b
        .driver
        .query(By::Css("main[data-screen]"))
        .wait(Duration::from_secs(3), Duration::from_millis(100))
        .exists()
        .await?;
    assert!(
        !found,
        "a page loaded from a server whose key is not pinned"
    );
    // The pinned one loads in the same browser.
    b.open(&format!("{}/console/", pinned.url())).await?;
    b.screen("sign-in").await?;
    b.quit().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_enrols_totp_signs_in_and_adds_an_operator() -> Result<()> {
    let (central, pin) = central_console()?;
    let added = central.admin_json(&[
        "operator",
        "add",
        "--login",
        "ana.admin",
        "--name",
        "Ana Marković",
        "--role",
        "institution-admin",
        "--institution-kind",
        "basic-prosecutor",
        "--institution",
        "Osnovno javno tužilaštvo u Novom Sadu",
    ])?;
    let code = added["setup_code"].as_str().unwrap().to_owned();
    let passphrase = "plava-reka-tece-kroz-grad-42";
    let b = Browser::start(&pin).await?;
    b.open(&format!("{}/console/setup", central.url())).await?;
    b.screen("setup").await?;
    b.fill("setup-login", "ana.admin").await?;
    b.fill("setup-code", &code).await?;
    b.fill("setup-passphrase", passphrase).await?;
    b.fill("setup-repeat", passphrase).await?;
    b.testid("setup-start").await?.click().await?;
    // The server's QR code, shown as an image under the CSP, and the secret to type in.
    let qr = b.testid("setup-qr").await?;
    assert!(
        qr.attr("src")
            .await?
            .unwrap_or_default()
            .starts_with("data:image/svg+xml")
    );
    let secret = b.testid("setup-secret").await?.text().await?;
    assert_clean("setup, QR code", &b.problems().await?, &b.axe().await?)?;
    b.screenshot("console-setup-qr").await?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs();
    // Enrolled with the previous step's code, signed in with this step's: each step is used once.
    b.fill("setup-totp", &totp(&secret, now - 30)?).await?;
    b.testid("setup-confirm").await?.click().await?;
    b.screen("sign-in").await?;
    b.sign_in("ana.admin", passphrase, &totp(&secret, now)?)
        .await?;
    b.give_purpose("administration").await?;
    b.screen("operators").await?;
    assert!(
        b.testid("operator-row")
            .await?
            .text()
            .await?
            .contains("ana.admin")
    );
    b.fill("new-login", "milan.tuzilac").await?;
    b.fill("new-name", "Milan Petrović").await?;
    b.testid("new-operator-submit").await?.click().await?;
    let issued = b.testid("issued-code").await?.text().await?;
    assert!(!issued.is_empty());
    assert_clean("operators", &b.problems().await?, &b.axe().await?)?;
    b.screenshot("console-operators").await?;
    // Sign-out: back to sign-in, saying so.
    b.testid("sign-out").await?.click().await?;
    assert!(!b.testid("notice").await?.text().await?.is_empty());
    b.quit().await?;
    Ok(())
}
