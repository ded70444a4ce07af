//! The station's case numbers in the console against the real binary, on every backend: its own
//! administration's cases listed newest first (another's never), a number typed and the next one
//! given, each going down the owning device's feed (and no other's), refused outside the
//! administration (audited), for a case numbered already or a number taken (409 with their own
//! codes), and audited as the CLI's `case_number.assign`. Every answer is checked against the
//! console's OpenAPI description (`console_client::call`).

use serde_json::{Value, json};
use uuid::Uuid;
use zastita_protocol::messages::RecordKind;

use crate::console_client::*;
use crate::harness::{TestCentral, TestDevice, case_payload};

/// Push a new case of `municipality` from `d` (its `seq`); the case's id.
async fn new_case(c: &TestCentral, d: &TestDevice, seq: u64, municipality: &str) -> Uuid {
    let case = Uuid::now_v7();
    let (status, body) = c
        .push(
            d,
            &[d.envelope(
                seq,
                RecordKind::Case,
                case,
                case_payload(case, municipality),
            )],
        )
        .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    case
}

/// The `case_number` changes of `d`'s feed: (case, number).
async fn numbers_in_feed(c: &TestCentral, d: &TestDevice) -> Vec<(String, String)> {
    let (status, feed) = c.get(d, "/v1/feed?after=0").await;
    assert_eq!(status, 200, "{feed}");
    feed["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|ch| ch["change"]["kind"] == "case_number")
        .map(|ch| {
            (
                ch["change"]["case_id"].as_str().unwrap().to_owned(),
                ch["change"]["number"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_station_numbers_its_own_cases_in_the_console() {
    for (c, db) in servers("the_station_numbers", &["--auto-case-numbers", "false"]) {
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
        let (ns, other_ns, su) = (
            c.device_in("NS").await,
            c.device_in("NS").await,
            c.device_in("SU").await,
        );
        let first = new_case(&c, &ns, 1, "Novi Sad").await;
        let theirs = new_case(&c, &su, 1, "Subotica").await;
        let second = new_case(&c, &ns, 2, "Novi Sad").await;

        // The list: NS's cases only, the newest first, none numbered yet.
        let a = call(
            &c,
            "GET",
            "/station/cases?purpose=administration",
            Some(&sp),
            None,
            &[],
            None,
        )
        .await;
        assert_eq!((a.status, a.code()), (403, "forbidden_role"));
        let a = call(&c, "GET", "/station/cases", Some(&s), None, &[], None).await;
        assert_eq!((a.status, a.code()), (400, "purpose_required"));
        let a = call(
            &c,
            "GET",
            "/station/cases?purpose=administration",
            Some(&s),
            None,
            &[],
            None,
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.body);
        let listed = a.body.as_array().unwrap();
        let ids: Vec<&str> = listed
            .iter()
            .map(|k| k["case_id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, [second.to_string(), first.to_string()]);
        assert!(listed.iter().all(|k| k["number"].is_null()));
        assert_eq!(listed[0]["device_id"], json!(ns.id));
        assert_eq!(listed[0]["device_label"], "Tablet");
        let at = |k: &Value| {
            serde_json::from_value::<chrono::DateTime<chrono::Utc>>(k["received_at"].clone())
                .unwrap()
        };
        assert!(at(&listed[0]) >= at(&listed[1]));

        // Refusals before any number: another role, another administration (audited), no such
        // case, a body that asks for nothing or for both.
        let number = |id: Uuid, body: Value, session: &Session| {
            let path = format!("/station/cases/{id}/number");
            let session = session.clone();
            let c = &c;
            async move {
                call(
                    c,
                    "POST",
                    &path,
                    Some(&session),
                    Some(&session.csrf),
                    &[],
                    Some(body),
                )
                .await
            }
        };
        let a = number(first, json!({"auto": true}), &sp).await;
        assert_eq!((a.status, a.code()), (403, "forbidden_role"));
        let a = number(theirs, json!({"auto": true}), &s).await;
        assert_eq!((a.status, a.code()), (403, "outside_jurisdiction"));
        let a = number(Uuid::now_v7(), json!({"auto": true}), &s).await;
        assert_eq!((a.status, a.code()), (404, "not_found"));
        let a = number(first, json!({"auto": false}), &s).await;
        assert_eq!((a.status, a.code()), (400, "invalid"));
        let a = number(first, json!({"number": " \t "}), &s).await;
        assert_eq!((a.status, a.code()), (400, "invalid"));
        let a = number(first, json!({"number": "NS-1", "auto": true}), &s).await;
        assert_eq!(a.status, 422, "{}", a.body);
        let a = call(
            &c,
            "POST",
            &format!("/station/cases/{first}/number"),
            Some(&s),
            None,
            &[],
            Some(json!({"auto": true})),
        )
        .await;
        assert_eq!((a.status, a.code()), (403, "csrf"));
        let cases = c.cli_json(&["cases", "list", "--json"]);
        assert!(
            cases
                .as_array()
                .unwrap()
                .iter()
                .all(|k| k["number"].is_null()),
            "{cases}"
        );

        // A number typed, then the next one: each goes down the owning device's feed.
        let a = number(first, json!({"number": " KU-17/26 "}), &s).await;
        assert_eq!(a.status, 200, "{}", a.body);
        assert_eq!(
            a.body,
            json!({"case_id": first, "number": "KU-17/26"}),
            "trimmed"
        );
        let a = number(second, json!({"auto": true}), &s).await;
        assert_eq!(a.status, 200, "{}", a.body);
        let next = a.body["number"].as_str().unwrap().to_owned();
        assert!(
            next.starts_with("NS-") && next.ends_with("-00001"),
            "{next}"
        );
        assert_eq!(
            numbers_in_feed(&c, &ns).await,
            [
                (first.to_string(), "KU-17/26".to_owned()),
                (second.to_string(), next.clone())
            ]
        );
        assert!(numbers_in_feed(&c, &other_ns).await.is_empty());
        assert!(numbers_in_feed(&c, &su).await.is_empty());

        // Never twice, and never another case's number.
        let a = number(first, json!({"auto": true}), &s).await;
        assert_eq!((a.status, a.code()), (409, "already_numbered"));
        let a = number(second, json!({"number": "NS-9"}), &s).await;
        assert_eq!((a.status, a.code()), (409, "already_numbered"));
        let third = new_case(&c, &ns, 3, "Novi Sad").await;
        let a = number(third, json!({"number": "KU-17/26"}), &s).await;
        assert_eq!((a.status, a.code()), (409, "number_taken"));
        assert!(!a.body["detail"].as_str().unwrap().contains("KU-17"));
        assert_eq!(numbers_in_feed(&c, &ns).await.len(), 2);

        let a = call(
            &c,
            "GET",
            "/station/cases?purpose=administration",
            Some(&s),
            None,
            &[],
            None,
        )
        .await;
        let shown: Vec<(&str, Value)> = a
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|k| (k["case_id"].as_str().unwrap(), k["number"].clone()))
            .collect();
        let (t, f, n) = (third.to_string(), first.to_string(), second.to_string());
        assert_eq!(
            shown,
            [
                (t.as_str(), Value::Null),
                (n.as_str(), json!(next)),
                (f.as_str(), json!("KU-17/26"))
            ]
        );

        // Audited as the CLI's `case_number.assign`, by the console's operator; the refusal
        // outside the administration too.
        let log = audit(&c);
        let assigned: Vec<&Value> = log
            .iter()
            .filter(|e| e["action"] == "case_number.assign")
            .collect();
        assert_eq!(assigned.len(), 2, "{assigned:?}");
        for (e, (id, detail)) in assigned.iter().zip([
            (first, json!({"auto": false, "number": "KU-17/26"})),
            (second, json!({"auto": true, "number": null})),
        ]) {
            assert_eq!(e["actor_kind"], "console");
            assert_eq!(e["actor_id"], json!(op.id));
            assert_eq!(e["actor_name"], "sara.station");
            assert_eq!(e["target"], json!(format!("case:{id}")));
            assert_eq!(e["purpose"], "administration");
            assert_eq!(e["detail"], detail);
        }
        assert!(log.iter().any(|e| e["action"] == "refused"
            && e["target"] == json!(format!("case:{theirs}"))
            && e["detail"]
                == json!({"code": "outside_jurisdiction", "action": "case_number.assign"})));
        assert!(log.iter().any(|e| e["action"] == "refused"
            && e["actor_name"] == "ana.prosecutor"
            && e["detail"] == json!({"code": "forbidden_role", "action": "cases.list"})));
        assert_eq!(
            log.iter()
                .filter(|e| e["action"] == "cases.list" && e["actor_name"] == "sara.station")
                .count(),
            2
        );
        drop(c);
        drop_db(db);
    }
}
