//! The console's roles and institutions against the real binary, on every backend: a role
//! refused and audited, an institution's administrator held to their own institution and the
//! roles it can hold, the auditor's search, accounts reset or disabled ending their sessions, the
//! per-address limit on sign-ins, and the station's devices and roster in the console.

use serde_json::{Value, json};

use crate::console_client::*;

#[tokio::test]
async fn roles_and_institutions_are_held_and_refusals_audited() {
    for (c, db) in servers("roles_and_institutions", &[]) {
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
        let prosecutor = enrolled(
            &c,
            "ana.prosecutor",
            "prosecutor",
            "basic-prosecutor",
            "Основно јавно тужилаштво у Новом Саду",
            step,
        )
        .await;
        let auditor = enrolled(
            &c,
            "oto.auditor",
            "auditor",
            "oversight",
            "Zaštitnik građana",
            step,
        )
        .await;
        add_operator(
            &c,
            "su.station",
            "Lazar Kiš",
            "station",
            "police-administration",
            "SU",
        );
        let su = c
            .cli_json(&["operator", "list", "--json"])
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["login"] == "su.station")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let (sa, sp, so) = (
            sign_in(&c, &admin, step).await,
            sign_in(&c, &prosecutor, step).await,
            sign_in(&c, &auditor, step).await,
        );
        assert_eq!(
            sp.info["operator"]["institution"]["key"],
            "Osnovno javno tužilaštvo u Novom Sadu"
        );

        // A prosecutor is no auditor, nor an administrator: refused and audited.
        let a = call(&c, "GET", "/audit", Some(&sp), None, &[], None).await;
        assert_eq!((a.status, a.code()), (403, "forbidden_role"));
        let a = call(
            &c,
            "GET",
            "/operators?purpose=administration",
            Some(&sp),
            None,
            &[],
            None,
        )
        .await;
        assert_eq!((a.status, a.code()), (403, "forbidden_role"));
        let refused: Vec<Value> = audit(&c)
            .into_iter()
            .filter(|e| e["action"] == "refused" && e["actor_id"] == json!(prosecutor.id))
            .collect();
        assert_eq!(refused.len(), 2, "{refused:?}");
        assert_eq!(
            refused[0]["detail"],
            json!({"code": "forbidden_role", "action": "audit.search"})
        );
        assert_eq!(refused[0]["actor_name"], "ana.prosecutor");

        // The administrator: own institution's accounts, with a purpose; no other's.
        let a = call(&c, "GET", "/operators", Some(&sa), None, &[], None).await;
        assert_eq!((a.status, a.code()), (400, "purpose_required"));
        let a = call(
            &c,
            "GET",
            "/operators?purpose=administration&purpose_text=a%0Ab",
            Some(&sa),
            None,
            &[],
            None,
        )
        .await;
        assert_eq!((a.status, a.code()), (400, "invalid"));
        let a = call(
            &c,
            "GET",
            "/operators?purpose=administration",
            Some(&sa),
            None,
            &[],
            None,
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.body);
        let logins: Vec<&str> = a
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["login"].as_str().unwrap())
            .collect();
        assert_eq!(logins, ["mira.admin"]);
        for path in [
            format!("/operators/{su}/reset"),
            format!("/operators/{su}/disable"),
        ] {
            let a = call(&c, "POST", &path, Some(&sa), Some(&sa.csrf), &[], None).await;
            assert_eq!(
                (a.status, a.code()),
                (403, "outside_jurisdiction"),
                "{path}"
            );
        }
        assert_eq!(
            c.cli_json(&["operator", "list", "--json"])
                .as_array()
                .unwrap()
                .iter()
                .find(|o| o["login"] == "su.station")
                .unwrap()["state"],
            "pending_setup"
        );
        // A role the police administration cannot hold.
        let a = call(
            &c,
            "POST",
            "/operators",
            Some(&sa),
            Some(&sa.csrf),
            &[],
            Some(json!({"login": "fake.judge", "name": "X Y", "role": "court"})),
        )
        .await;
        assert_eq!((a.status, a.code()), (403, "forbidden_role"));
        // Its own: reset ends the account's sessions.
        let a = call(
            &c,
            "POST",
            "/operators",
            Some(&sa),
            Some(&sa.csrf),
            &[],
            Some(json!({"login": "ns.two", "name": "Nada Perić", "role": "station"})),
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.body);
        let two = a.body["operator"]["id"].as_str().unwrap().to_owned();
        let a = call(
            &c,
            "POST",
            &format!("/operators/{two}/reset"),
            Some(&sa),
            Some(&sa.csrf),
            &[],
            None,
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.body);

        // The auditor searches; the search is audited; the refusals are found by action.
        let a = call(
            &c,
            "GET",
            "/audit?action=refused",
            Some(&so),
            None,
            &[],
            None,
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.body);
        let entries = a.body["entries"].as_array().unwrap();
        assert_eq!(entries.len(), 5, "{entries:?}");
        assert!(
            entries
                .windows(2)
                .all(|w| w[0]["seq"].as_u64() > w[1]["seq"].as_u64())
        );
        assert!(
            entries
                .iter()
                .any(|e| e["detail"]["code"] == "outside_jurisdiction"
                    && e["target"] == json!(format!("operator:{su}")))
        );
        let a = call(
            &c,
            "GET",
            &format!("/audit?actor={}&purpose=administration", admin.id),
            Some(&so),
            None,
            &[],
            None,
        )
        .await;
        let actions: Vec<&str> = a.body["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(
            actions,
            ["operators.reset", "operators.add", "operators.list"]
        );
        assert!(audit(&c).iter().any(|e| e["action"] == "audit.search"
            && e["purpose"] == "audit"
            && e["actor_name"] == "oto.auditor"));
        drop(c);
        drop_db(db);
    }
}

#[tokio::test]
async fn disabling_or_resetting_an_account_ends_its_sessions_and_addresses_are_limited() {
    for (c, db) in servers("disabling_or_resetting", &["--sign-ins-per-minute", "12"]) {
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
        c.cli_ok(&["operator", "reset", "--login", "sara.station"]);
        let a = call(&c, "GET", "/session", Some(&s), None, &[], None).await;
        assert_eq!((a.status, a.code()), (401, "session_expired"), "reset");
        let a = sign_in_raw(&c, &op.login, PASSPHRASE, &totp(&op.secret, step + 1)).await;
        assert_eq!(
            (a.status, a.code()),
            (401, "sign_in_failed"),
            "the old factors are gone"
        );
        let op2 = enrolled(
            &c,
            "pera.station",
            "station",
            "police-administration",
            "NS",
            step,
        )
        .await;
        let s = sign_in(&c, &op2, step).await;
        c.cli_ok(&["operator", "disable", "--login", "pera.station"]);
        let a = call(&c, "GET", "/session", Some(&s), None, &[], None).await;
        assert_eq!((a.status, a.code()), (401, "session_expired"), "disabled");
        let a = sign_in_raw(&c, &op2.login, PASSPHRASE, &totp(&op2.secret, step + 1)).await;
        assert_eq!((a.status, a.code()), (401, "sign_in_failed"));
        // 12 a minute from this address: the next attempts are refused before any check.
        let mut limited = 0;
        for _ in 0..12 {
            let a = sign_in_raw(&c, "nobody.here", PASSPHRASE, "000000").await;
            if a.status == 429 {
                assert_eq!(a.code(), "rate_limited");
                assert!(a.headers.contains_key("retry-after"));
                limited += 1;
            }
        }
        assert!(limited >= 5, "{limited} refused");
        drop(c);
        drop_db(db);
    }
}

#[tokio::test]
async fn the_station_administers_its_own_devices_and_officers_in_the_console() {
    for (c, db) in servers("the_station_administers", &[]) {
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
        let a = call(
            &c,
            "GET",
            "/station/devices?purpose=administration",
            Some(&sp),
            None,
            &[],
            None,
        )
        .await;
        assert_eq!((a.status, a.code()), (403, "forbidden_role"));
        let a = call(&c, "GET", "/station/devices", Some(&s), None, &[], None).await;
        assert_eq!((a.status, a.code()), (400, "purpose_required"));

        // A new tablet: the code, its QR code, and the device of NS it enrols.
        let a = call(
            &c,
            "POST",
            "/station/enrolments",
            Some(&s),
            Some(&s.csrf),
            &[],
            Some(json!({"label": "Tablet PS Liman 7"})),
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.body);
        assert!(a.body["qr_svg"].as_str().unwrap().contains("<svg"));
        let code: zastita_protocol::enrollment::EnrollmentCode =
            a.body["code"].as_str().unwrap().parse().unwrap();
        assert_eq!(code.server, c.url);
        let d = crate::harness::TestDevice::new();
        let (status, body) = c.enroll_raw(&code.token, &d).await;
        assert_eq!(status, 200, "{body}");
        let ours = body["device_id"].as_str().unwrap().to_owned();
        let theirs = c.device_in("SU").await.id.to_string();
        let a = call(
            &c,
            "GET",
            "/station/devices?purpose=administration",
            Some(&s),
            None,
            &[],
            None,
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.body);
        let ids: Vec<&str> = a
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, [ours.as_str()], "only NS's devices");
        let a = call(
            &c,
            "POST",
            &format!("/station/devices/{theirs}/revoke"),
            Some(&s),
            Some(&s.csrf),
            &[],
            None,
        )
        .await;
        assert_eq!((a.status, a.code()), (403, "outside_jurisdiction"));
        let a = call(
            &c,
            "POST",
            &format!("/station/devices/{ours}/revoke"),
            Some(&s),
            Some(&s.csrf),
            &[],
            None,
        )
        .await;
        assert_eq!(a.status, 204, "{}", a.body);
        let listed = c.cli_json(&["device", "list", "--json"]);
        for d in listed.as_array().unwrap() {
            assert_eq!(d["revoked_at"].is_null(), d["id"] != json!(ours), "{d}");
        }

        // The roster: add, list, remove its own; another administration's officer is refused.
        c.cli_ok(&[
            "officer",
            "add",
            "--badge",
            "SU5555",
            "--name",
            "Kiš Lajos",
            "--administration",
            "SU",
        ]);
        let a = call(
            &c,
            "POST",
            "/station/officers",
            Some(&s),
            Some(&s.csrf),
            &[],
            Some(json!({"badge": "NS7777", "name": "Marko Marić", "role": "patrol"})),
        )
        .await;
        assert_eq!(a.status, 204, "{}", a.body);
        let a = call(
            &c,
            "POST",
            "/station/officers",
            Some(&s),
            Some(&s.csrf),
            &[],
            Some(json!({"badge": "NS7777", "name": "Marko Marić", "role": "patrol"})),
        )
        .await;
        assert_eq!((a.status, a.code()), (400, "invalid"));
        assert!(
            !a.body["detail"].as_str().unwrap().contains("NS7777"),
            "no echo"
        );
        let a = call(
            &c,
            "GET",
            "/station/officers?purpose=administration",
            Some(&s),
            None,
            &[],
            None,
        )
        .await;
        let badges: Vec<&str> = a
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["badge"].as_str().unwrap())
            .collect();
        assert_eq!(badges, ["NS1234", "NS7777"]);
        assert_eq!(a.body[1]["name"], "Marko Marić");
        let a = call(
            &c,
            "POST",
            "/station/officers/SU5555/remove",
            Some(&s),
            Some(&s.csrf),
            &[],
            None,
        )
        .await;
        assert_eq!((a.status, a.code()), (403, "outside_jurisdiction"));
        let a = call(
            &c,
            "POST",
            "/station/officers/NS7777/remove",
            Some(&s),
            Some(&s.csrf),
            &[],
            None,
        )
        .await;
        assert_eq!(a.status, 204, "{}", a.body);
        let a = call(
            &c,
            "POST",
            "/station/officers/NS1234/assign",
            Some(&s),
            Some(&s.csrf),
            &[],
            Some(json!({"administration": "SU"})),
        )
        .await;
        assert_eq!(a.status, 204, "{}", a.body);
        let a = call(
            &c,
            "GET",
            "/station/officers?purpose=administration",
            Some(&s),
            None,
            &[],
            None,
        )
        .await;
        let on: Vec<&str> = a
            .body
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["removed_at"].is_null())
            .map(|o| o["badge"].as_str().unwrap())
            .collect();
        assert!(on.is_empty(), "{on:?}");

        // Each in the admin audit as the CLI writes it, by the console's operator.
        let log = audit(&c);
        for action in [
            "device.enroll",
            "device.revoke",
            "officer.add",
            "officer.remove",
            "officer.assign",
            "device.list",
            "officer.list",
        ] {
            assert!(
                log.iter().any(|e| e["action"] == action
                    && e["actor_kind"] == "console"
                    && e["actor_name"] == "sara.station"),
                "{action}"
            );
        }
        let text = serde_json::to_string(&log).unwrap();
        assert!(
            !text.contains("Marko") && !text.contains(&code.token),
            "no name, no token"
        );
        drop(c);
        drop_db(db);
    }
}

#[test]
fn ended_sessions_are_swept_and_a_step_is_used_once_in_the_store() {
    use chrono::TimeDelta;
    use zastita_central::store::now;
    use zastita_central::store::operators::{self, NewOperator, SessionLimits};
    use zastita_protocol::console::{Institution, InstitutionKind, OperatorRole};
    for b in crate::harness::backends("ended_sessions_are_swept") {
        let (account, _) = b
            .store
            .add_operator(
                &NewOperator {
                    login: "ivan.court",
                    name: "Ivan Horvat",
                    role: OperatorRole::Court,
                    institution: Institution {
                        kind: InstitutionKind::BasicCourt,
                        key: "osnovni sud u novom sadu".into(),
                    },
                    language: None,
                },
                now(),
            )
            .unwrap();
        assert_eq!(
            account.institution.key, "Osnovni sud u Novom Sadu",
            "{}",
            b.name
        );
        let limits = SessionLimits {
            idle: TimeDelta::minutes(15),
            absolute: TimeDelta::hours(12),
        };
        let t0 = now();
        let (first, again, swept_early, swept_late) = b
            .store
            .tx(|sql| {
                operators::set_credentials(sql, account.id, "$argon2id$x", "GEZDGNBVGY3TQOJQ")?;
                assert!(operators::activate(sql, account.id, 100, t0)?);
                let first = operators::sign_in(sql, account.id, 101, "a", limits, t0)?;
                let again = operators::sign_in(sql, account.id, 101, "b", limits, t0)?;
                let early = operators::expire(sql, limits.idle, t0 + TimeDelta::minutes(14))?;
                let late = operators::expire(sql, limits.idle, t0 + TimeDelta::minutes(16))?;
                Ok((first, again, early, late))
            })
            .unwrap();
        assert!(
            first.is_some() && again.is_none(),
            "{}: a step once",
            b.name
        );
        assert_eq!((swept_early, swept_late), (0, 1), "{}", b.name);
    }
}
