//! The chain over HTTPS through the real binary, on every backend, each answer checked against
//! the console's OpenAPI description by `console_client` (`console_conformance`): a device's
//! served order; the prosecutor's proposal refused before his evaluation (409), a malformed act
//! refused (422), the evaluation, the proposal and its PDF; the court's receipt, decision and
//! the decision's service; the chain's changes in the device's feed.

use chrono::{TimeDelta, Utc};
use chrono_tz::Europe::Belgrade;
use serde_json::{Value, json};
use zastita_central::console::operator::Territory;
use zastita_central::store::now;

use crate::console_chain::case_envelopes;
use crate::console_client::{
    Session, call, download, drop_db, enrolled, fresh_step, servers, sign_in,
};
use crate::harness::TestCentral;

async fn act(c: &TestCentral, s: &Session, order: &str, act: Value) -> (u16, Value) {
    let a = call(
        c,
        "POST",
        &format!("/orders/{order}/acts"),
        Some(s),
        Some(&s.csrf),
        &[],
        Some(json!({"purpose": {"code": "acting_on_order", "text": "dežurstvo"}, "act": act})),
    )
    .await;
    (a.status, a.body)
}

#[tokio::test]
async fn over_https_the_chain_runs_as_its_description_says() {
    for (c, db) in servers("over_https_the_chain_runs", &[]) {
        let d = c.device().await;
        let served = now() - TimeDelta::hours(3);
        let (p, envelopes) = case_envelopes(&d, 1, "Novi Sad", served, "Http");
        let (s, b) = c.push(&d, &envelopes).await;
        assert_eq!(s, 200, "{}", String::from_utf8_lossy(&b));
        let order = p.order.to_string();
        let t = Territory::of("NS", "Novi Sad");
        let step = fresh_step().await;
        let pros = enrolled(
            &c,
            "tuzilac.ns",
            "prosecutor",
            "basic-prosecutor",
            &t.prosecutor_office,
            step,
        )
        .await;
        let court = enrolled(&c, "sud.ns", "court", "basic-court", &t.basic_court, step).await;
        let ps = sign_in(&c, &pros, step).await;
        let cs = sign_in(&c, &court, step).await;

        // The court reaches no order before a proposal.
        let a = call(
            &c,
            "GET",
            "/board?purpose=duty_review",
            Some(&cs),
            None,
            &[],
            None,
        )
        .await;
        assert_eq!(
            (a.status, a.body["total"].as_u64()),
            (200, Some(0)),
            "{}",
            a.body
        );

        let open = json!({"purpose": {"code": "acting_on_order"}});
        let path = format!("/orders/{order}/open");
        let a = call(
            &c,
            "POST",
            &path,
            Some(&ps),
            Some(&ps.csrf),
            &[],
            Some(open.clone()),
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.body);
        let (status, body) = act(
            &c,
            &ps,
            &order,
            json!({"act": "propose", "reasons": "Pretnje.", "evidence": []}),
        )
        .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (409, Some("not_admitted")),
            "{body}"
        );
        let (status, body) = act(
            &c,
            &ps,
            &order,
            json!({"act": "evaluate", "agrees": "yes", "reasons": ""}),
        )
        .await;
        assert_eq!(status, 422, "{body}");
        let (status, body) = act(
            &c,
            &ps,
            &order,
            json!({"act": "evaluate", "agrees": true, "reasons": "Procena je tačna."}),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let (status, body) = act(
            &c,
            &ps,
            &order,
            json!({"act": "propose", "reasons": "Pretnje se nastavljaju.", "evidence": ["Zapisnik o izjavi"]}),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let doc = &body["chain"]["proposal"]["document"];
        let doc_path = format!(
            "/orders/{order}/documents/{}/{}?purpose=acting_on_order",
            doc["record_id"].as_str().unwrap(),
            doc["sha256"].as_str().unwrap()
        );
        let (status, content_type, pdf) = download(&c, &doc_path, &ps).await;
        assert_eq!((status, content_type.as_str()), (200, "application/pdf"));
        assert!(pdf.starts_with(b"%PDF"));

        // The court: its receipt on opening, its decision, the decision's service.
        let a = call(
            &c,
            "GET",
            "/board?purpose=duty_review",
            Some(&cs),
            None,
            &[],
            None,
        )
        .await;
        assert_eq!(
            (a.status, a.body["total"].as_u64()),
            (200, Some(1)),
            "{}",
            a.body
        );
        let a = call(
            &c,
            "POST",
            &path,
            Some(&cs),
            Some(&cs.csrf),
            &[],
            Some(open),
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.body);
        assert!(a.body["chain"]["court_received"].is_object(), "{}", a.body);
        let ends = served + TimeDelta::hours(48) + TimeDelta::days(30);
        let today = Utc::now().with_timezone(&Belgrade).date_naive();
        let (status, body) = act(
            &c,
            &cs,
            &order,
            json!({"act": "decide", "number": "R1 12/2026", "decided_on": today, "extended": true, "ends_at": ends}),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["entry"]["stage"], "decided", "{body}");
        let (status, body) = act(
            &c,
            &cs,
            &order,
            json!({"act": "decision_received", "by": "perpetrator"}),
        )
        .await;
        assert_eq!(status, 200, "{body}");

        let (status, feed) = c.get(&d, "/v1/feed?after=0&limit=500").await;
        assert_eq!(status, 200);
        let events: Vec<&str> = feed["changes"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|ch| ch["change"]["event"]["kind"].as_str())
            .collect();
        for want in [
            "prosecutor_received",
            "prosecutor_evaluated",
            "extension_proposed",
            "proposal_received",
        ] {
            assert!(events.contains(&want), "{want} not in {events:?}");
        }
        drop(c);
        drop_db(db);
    }
}
