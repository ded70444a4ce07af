//! Officer steps the end-to-end scenarios share — the first officer's setup, a sync round from
//! the sync screen, the case form, the risk checklist, the order wizard — written once, so a change to a screen is followed in one place. Each step leaves the
//! app where the caller goes on with its own assertions and screenshots.

use anyhow::Result;
use thirtyfour::prelude::*;

use crate::TestApp;

/// On a new device's first run: the first officer (`badge`, the name Milan Jovanović, `rank`)
/// with the passphrase `pass`. Ends on the case list.
pub async fn first_officer(app: &TestApp, badge: &str, rank: &str, pass: &str) -> Result<()> {
    app.screen("setup").await?;
    app.type_into("setup-badge", badge).await?;
    app.type_into("setup-name", "Milan Jovanović").await?;
    app.type_into("setup-rank", rank).await?;
    app.type_into("setup-passphrase", pass).await?;
    app.type_into("setup-passphrase-confirm", pass).await?;
    app.click("setup-submit").await?;
    app.screen("cases").await?;
    Ok(())
}

/// From any screen: the sync screen, "sync now", and the round finished with nothing left to
/// send. Ends on the sync screen.
pub async fn sync_now(app: &TestApp) -> Result<()> {
    app.click("sync-badge").await?;
    app.screen("sync").await?;
    app.click("sync-now").await?;
    app.synced(0).await
}

/// From the case list: a new case with the incident (`narrative`), the victim Jelena Petrović
/// and her husband Marko Petrović as perpetrator. Ends on the form, saved, not yet recorded.
pub async fn fill_new_case(app: &TestApp, narrative: &str) -> Result<()> {
    app.click("case-new").await?;
    app.screen("case-form").await?;
    app.click("incident-reported-at-now").await?;
    app.click("incident-arrived-at-now").await?;
    app.type_into("incident-address", "Bulevar oslobođenja 12, stan 4")
        .await?;
    app.type_into("incident-municipality", "Novi Sad").await?;
    app.choose("", "incident-reporter-kind", "neighbour")
        .await?;
    app.click("incident-violence-physical").await?;
    app.choose("", "incident-weapons-present", "no").await?;
    app.choose("", "incident-children-present", "no").await?;
    app.type_into("incident-narrative", narrative).await?;
    app.click("person-add-victim").await?;
    let victim = "[data-testid=\"person\"][data-role=\"victim\"]";
    app.type_in(victim, "person-given-name", "Jelena").await?;
    app.type_in(victim, "person-family-name", "Petrović")
        .await?;
    app.click("person-add-perpetrator").await?;
    let perp = "[data-testid=\"person\"][data-role=\"perpetrator\"]";
    app.type_in(perp, "person-given-name", "Marko").await?;
    app.type_in(perp, "person-family-name", "Petrović").await?;
    app.choose(perp, "person-relationship", "spouse").await?;
    app.attr_is("case-save-state", "data-state", "saved").await
}

/// On the risk screen: switch to the checklist and answer "yes" to `yes` and "no" to every
/// other item. Returns how many items there were.
pub async fn answer_checklist(app: &TestApp, yes: &[&str]) -> Result<usize> {
    app.click("risk-mode-checklist").await?;
    app.attr_is("risk", "data-mode", "checklist").await?;
    let items = app
        .driver
        .find_all(By::Css("[data-testid=\"risk-item\"]"))
        .await?;
    let n = items.len();
    for item in items {
        let id = item.attr("data-item").await?.unwrap_or_default();
        let answer = if yes.contains(&id.as_str()) {
            "yes"
        } else {
            "no"
        };
        app.css(&format!(
            "[data-testid=\"risk-item\"][data-item=\"{id}\"] [data-testid=\"risk-answer-{answer}\"]"
        ))
        .await?
        .click()
        .await?;
    }
    Ok(n)
}

/// From a completed assessment: "new order", then through the wizard with `measures` and
/// `reasons` (PU Novi Sad, PS Novi Sad) to its review step, where the order is not yet issued.
pub async fn order_wizard_to_review(app: &TestApp, measures: &[&str], reasons: &str) -> Result<()> {
    app.click("risk-new-order").await?;
    app.screen("order-wizard").await?;
    app.attr_is("order-wizard", "data-step", "basis").await?;
    app.click("wizard-next").await?;
    app.attr_is("order-wizard", "data-step", "measures").await?;
    for m in measures {
        app.click(&format!("wizard-measure-{m}")).await?;
    }
    app.click("wizard-next").await?;
    app.attr_is("order-wizard", "data-step", "people").await?;
    // The case records no date of birth or JMBG for him: the officer confirms he is an adult
    // (Art. 1).
    app.click("wizard-adult-confirmed").await?;
    app.click("wizard-next").await?;
    app.attr_is("order-wizard", "data-step", "reasons").await?;
    app.type_into("wizard-reasons", reasons).await?;
    app.choose("", "wizard-police-administration", "PU Novi Sad")
        .await?;
    app.type_into("wizard-police-station", "PS Novi Sad")
        .await?;
    app.click("wizard-next").await?;
    app.attr_is("order-wizard", "data-step", "review").await
}
