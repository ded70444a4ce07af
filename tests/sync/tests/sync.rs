//! A device and the real central record over real HTTPS on loopback: what reaches the central
//! record, exactly once, through dropped connections, resets mid-response, duplicated segments and
//! a server killed mid-batch; and what it refuses (replays, forgeries, revoked devices, poison
//! records, conflicting versions). Each test starts its own `zastita-central` process.

#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use zastita_core::app::{Device, DeviceConfig, RevocationCheck};
use zastita_core::domain::order::{CourtOutcome, OrderEventKind};
use zastita_core::sync::{self, SyncError};
use zastita_protocol::messages::{RecordKind, codes};
use zastita_sync_tests::central::{Backend, Central};
use zastita_sync_tests::device::{FIXTURE, TestDevice, fresh_ids};
use zastita_sync_tests::proxy::{Fault, FaultProxy, FaultRates};
use zastita_sync_tests::raw::{RawClient, StatusSigning, Tamper};

/// The central record's rows for one device, by seq.
fn records_of(central: &Central, device: Uuid) -> BTreeMap<u64, Value> {
    let rows = central.admin_json(&["records", "list"]).unwrap();
    let mut by_seq = BTreeMap::new();
    for r in rows.as_array().unwrap() {
        if r["device_id"] == json!(device.to_string()) {
            let seq = r["seq"].as_u64().unwrap();
            assert!(
                by_seq.insert(seq, r.clone()).is_none(),
                "seq {seq} is on the central record twice"
            );
        }
    }
    by_seq
}

/// Enrol `dev` with `central`, directly (no proxy).
async fn enroll(dev: &TestDevice, central: &Central) {
    dev.enroll(&central.enrollment_code(&central.url()).unwrap())
        .await
        .unwrap();
}

fn central_device(dev: &TestDevice) -> Uuid {
    dev.status().unwrap().central_device_id.unwrap()
}

/// Every version the device queued is on the central record exactly once, with the device's
/// canonical digest, and nothing is pending on the device.
fn assert_exactly_once(central: &Central, dev: &TestDevice, sent: &HashMap<u64, (Uuid, String)>) {
    let status = dev.status().unwrap();
    assert_eq!(status.pending, 0, "{status:?}");
    assert!(status.quarantined.is_empty() && status.conflicts.is_empty());
    let rows = records_of(central, central_device(dev));
    // Contiguous from 1 to the acknowledged seq: none missing, none twice.
    let seqs: Vec<u64> = rows.keys().copied().collect();
    assert_eq!(seqs, (1..=status.acked_seq).collect::<Vec<_>>());
    for (seq, (version_id, sha)) in sent {
        let row = &rows[seq];
        assert_eq!(
            row["version_id"],
            json!(version_id.to_string()),
            "seq {seq}"
        );
        assert_eq!(row["payload_sha256"], json!(sha), "seq {seq}");
    }
    let conflicts = central.admin_json(&["conflicts", "list"]).unwrap();
    assert_eq!(conflicts.as_array().unwrap().len(), 0, "{conflicts}");
}

/// What the device is about to send: seq → (version id, canonical payload digest).
fn queued(dev: &TestDevice) -> HashMap<u64, (Uuid, String)> {
    dev.outgoing()
        .unwrap()
        .into_iter()
        .map(|s| {
            let e = s.envelope;
            (e.seq, (e.version_id, e.payload_sha256))
        })
        .collect()
}

/// The perpetrator of a case on a device.
fn perpetrator_of(
    dev: &TestDevice,
    case: zastita_core::domain::CaseId,
) -> zastita_core::domain::PersonId {
    dev.with(|s| {
        s.open_case(case)
            .unwrap()
            .file
            .people
            .iter()
            .find(|p| p.role == zastita_core::domain::Role::Perpetrator)
            .unwrap()
            .id
    })
    .unwrap()
}

/// Issue 16: a second device's case of the same perpetrator (the same JMBG) appears in the
/// first device's history after both synced, from the central record, with its suggestions;
/// the round refreshed the offline list.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_devices_case_appears_in_the_first_devices_history_after_sync() {
    for backend in Backend::all().unwrap() {
        let central = Central::start(backend.clone()).unwrap();
        let first = TestDevice::new().unwrap();
        let second = TestDevice::new().unwrap();
        let mine = first.import_cases(1).unwrap()[0];
        let theirs = second.import_cases(1).unwrap()[0];
        enroll(&first, &central).await;
        enroll(&second, &central).await;
        let summary = second.sync().await.unwrap();
        assert!(
            summary.in_force_refreshed,
            "{}: {summary:?}",
            backend.name()
        );
        first.sync().await.unwrap();
        let perp = perpetrator_of(&first, mine);
        let req = zastita_core::app::PersonHistoryRequest {
            case_id: mine,
            person_id: perp,
            purpose: None,
        };
        // Before asking: only the device's own cases, and it says so.
        let local = first
            .with(|s| s.person_history(req.clone()))
            .unwrap()
            .unwrap();
        assert!(local.matches.is_empty());
        assert!(
            local
                .unchecked
                .contains(&zastita_core::app::Unchecked::CentralRecordNotAsked)
        );
        let h = first.lookup_history(req).await.unwrap();
        let found = h
            .matches
            .iter()
            .find(|m| m.found.case.case_id == theirs.0)
            .unwrap_or_else(|| panic!("{}: {h:?}", backend.name()));
        assert_eq!(
            found.source,
            zastita_core::app::HistorySource::CentralRecord
        );
        assert_eq!(found.trust, zastita_core::law::history::Trust::Exact);
        assert!(h.central_answered_at.is_some());
        assert!(
            h.suggestions
                .iter()
                .any(|s| s.item == "earlier-violence" && s.source.case_id == theirs.0),
            "{h:?}"
        );
        // The consultation is in the device's audit log with its purpose.
        let audited = first
            .with(|s| s.audit_log(20))
            .unwrap()
            .unwrap()
            .into_iter()
            .any(|e| e.entry.target.as_deref() == Some(&format!("central-history:{perp}")));
        assert!(audited);
    }
}

/// Issue 16, item 3: at a new call of another device, the perpetrator of an order in force is
/// flagged from the offline list; the officer records the violation with the flag's one action.
/// On the device's own order it is the order's event; on the other device's order it is a report
/// that reaches the central record at the next sync and the order's device at its next, as the
/// order's violation — and the central record's history then says the order was violated. A
/// report on an order whose perpetrator is not in the case is refused by the device; the central
/// record refuses one forged past the device.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_violation_found_at_a_new_call_reaches_the_orders_device() {
    for backend in Backend::all().unwrap() {
        let central = Central::start(backend.clone()).unwrap();
        let owner = TestDevice::new().unwrap();
        let caller = TestDevice::new().unwrap();
        let theirs = owner
            .import_case_served_at(Utc::now() - TimeDelta::hours(3))
            .unwrap();
        enroll(&owner, &central).await;
        enroll(&caller, &central).await;
        owner.sync().await.unwrap();
        let their_order = owner
            .with(|s| s.open_case(theirs).unwrap().file.orders[0].order.id)
            .unwrap();
        // The new call: the same perpetrator, recorded on the caller's device.
        let mine = caller
            .import_case_served_at(Utc::now() - TimeDelta::minutes(20))
            .unwrap();
        let summary = caller.sync().await.unwrap();
        assert!(
            summary.in_force_entries >= 1,
            "{}: {summary:?}",
            backend.name()
        );
        let perp = perpetrator_of(&caller, mine);
        let history = caller
            .with(|s| {
                s.person_history(zastita_core::app::PersonHistoryRequest {
                    case_id: mine,
                    person_id: perp,
                    purpose: None,
                })
            })
            .unwrap()
            .unwrap();
        let flag = history
            .in_force
            .iter()
            .find(|f| f.order_id == their_order.0)
            .unwrap_or_else(|| panic!("{}: no flag: {history:?}", backend.name()));
        assert!(flag.possible_violation && flag.article == 36);
        // Found by the offline list alone (no lookup yet, and the case is not on this device):
        // the device's hash of the JMBG is the central record's.
        assert!(history.central_answered_at.is_none() && history.matches.is_empty());
        let report = |order: Uuid, words: &str| zastita_core::app::ReportViolationRequest {
            case_id: mine,
            order_id: order,
            at: Utc::now() - TimeDelta::minutes(2),
            description: words.to_owned(),
            evidence: "Izjava žrtve".to_owned(),
        };
        // An order not flagged against anyone of the case: refused on the device.
        let e = caller
            .with(|s| s.report_violation(report(Uuid::now_v7(), "Prišao žrtvi.")))
            .unwrap()
            .unwrap_err();
        assert_eq!(
            e.code(),
            zastita_core::error::ErrorCode::ViolationOrderNotInForce
        );
        // Empty words: refused, nothing kept.
        let e = caller
            .with(|s| s.report_violation(report(their_order.0, "  ")))
            .unwrap()
            .unwrap_err();
        assert!(matches!(e, zastita_core::error::Error::Invalid(_)), "{e:?}");
        // The other device's order: a report, sent at the next sync.
        let recorded = caller
            .with(|s| s.report_violation(report(their_order.0, "Prišao žrtvi na 20 m.")))
            .unwrap()
            .unwrap();
        let zastita_core::app::ViolationRecorded::Reported { report: kept } = recorded else {
            panic!("{recorded:?}");
        };
        assert!(kept.accepted_at.is_none());
        let summary = caller.sync().await.unwrap();
        assert_eq!(
            summary.violations_reported,
            1,
            "{}: {summary:?}",
            backend.name()
        );
        let reports = caller.with(|s| s.violation_reports(mine)).unwrap().unwrap();
        assert_eq!(reports.len(), 1);
        assert!(reports[0].accepted_at.is_some() && reports[0].refused.is_none());
        // Sent once: the next round has nothing to send.
        assert_eq!(caller.sync().await.unwrap().violations_reported, 0);

        // The order's device gets it as its order's violation, from the central record.
        owner.sync().await.unwrap();
        let order = owner
            .with(|s| s.open_case(theirs).unwrap().file.orders[0].order.clone())
            .unwrap();
        let violation = order
            .events
            .iter()
            .find(|e| matches!(e.event, OrderEventKind::Violation { .. }))
            .unwrap_or_else(|| panic!("{}: {:?}", backend.name(), order.events));
        assert_eq!(violation.id.0, kept.report_id);
        assert_eq!(
            violation.source,
            zastita_core::domain::order::EventSource::CentralRecord
        );
        // The central record's history of the person now says violated.
        let h = caller
            .lookup_history(zastita_core::app::PersonHistoryRequest {
                case_id: mine,
                person_id: perp,
                purpose: None,
            })
            .await
            .unwrap();
        let theirs_found = h
            .matches
            .iter()
            .find(|m| m.found.case.case_id == theirs.0)
            .unwrap();
        assert!(
            theirs_found
                .found
                .orders
                .iter()
                .any(|o| o.order_id == their_order.0 && o.violated)
        );
        assert!(
            h.repeat_perpetrator,
            "any violation makes a repeat perpetrator"
        );

        // The order made at this very call is on the list too, but it is no violation of
        // itself: not flagged, and refused.
        let this_calls = caller
            .with(|s| s.open_case(mine).unwrap().file.orders[0].order.id)
            .unwrap();
        assert!(history.in_force.iter().all(|f| f.order_id != this_calls.0));
        let e = caller
            .with(|s| s.report_violation(report(this_calls.0, "Ponovo prišao.")))
            .unwrap()
            .unwrap_err();
        assert_eq!(
            e.code(),
            zastita_core::error::ErrorCode::ViolationOrderNotInForce
        );
        // An order of another case on this device: its own event, no report.
        let earlier = caller
            .import_case_served_at(Utc::now() - TimeDelta::hours(2))
            .unwrap();
        let earlier_order = caller
            .with(|s| s.open_case(earlier).unwrap().file.orders[0].order.id)
            .unwrap();
        let recorded = caller
            .with(|s| s.report_violation(report(earlier_order.0, "Ponovo prišao.")))
            .unwrap()
            .unwrap();
        assert!(matches!(
            recorded,
            zastita_core::app::ViolationRecorded::OwnOrder { .. }
        ));
        let order = caller
            .with(|s| s.open_case(earlier).unwrap().file.orders[0].order.clone())
            .unwrap();
        assert!(
            order
                .events
                .iter()
                .any(|e| matches!(e.event, OrderEventKind::Violation { .. }))
        );
        assert_eq!(
            caller
                .with(|s| s.violation_reports(mine))
                .unwrap()
                .unwrap()
                .len(),
            1
        );

        // Forged past the device: another case's report on that order is refused and audited.
        let forged = zastita_protocol::messages::ViolationReport {
            report_id: Uuid::now_v7(),
            case_id: Uuid::now_v7(),
            order_id: their_order.0,
            at: Utc::now() - TimeDelta::minutes(5),
            description: "x".into(),
            evidence: String::new(),
            officer: zastita_sync_tests::device::BADGE.to_owned(),
        };
        let mut client = caller.client().unwrap();
        match client.report_violation(&forged).await {
            Err(SyncError::Refused {
                status: 403, code, ..
            }) => {
                assert_eq!(code, codes::NOT_IN_OPEN_CASE)
            }
            other => panic!("{}: {other:?}", backend.name()),
        }
        let audit = central.admin_json(&["audit", "list"]).unwrap().to_string();
        assert!(audit.contains("history.violation") && audit.contains("not_in_open_case"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_syncs_its_cases_and_central_numbers_come_back() {
    for backend in Backend::all().unwrap() {
        let central = Central::start(backend.clone()).unwrap();
        let dev = TestDevice::new().unwrap();
        let cases = dev.import_cases(3).unwrap();
        let code = central.enrollment_code(&central.url()).unwrap();
        let enrolled = dev.enroll(&code).await.unwrap();
        let sent = queued(&dev);
        assert!(sent.len() > 3 * 5, "{}", sent.len());

        let summary = dev.sync().await.unwrap();
        assert_eq!(summary.pending_after, 0, "{}: {summary:?}", backend.name());
        assert!(summary.accepted as usize >= sent.len());
        assert_eq!(summary.quarantined + summary.conflicts, 0);
        assert_exactly_once(&central, &dev, &sent);
        assert_eq!(central_device(&dev), enrolled.central_device_id);
        // Every kind of record the device keeps reached the central record.
        let kinds: std::collections::BTreeSet<String> =
            records_of(&central, enrolled.central_device_id)
                .values()
                .map(|r| r["kind"].as_str().unwrap().to_owned())
                .collect();
        for kind in [
            "case",
            "person",
            "statement",
            "assessment",
            "order",
            "audit",
        ] {
            assert!(kinds.contains(kind), "no {kind} version arrived: {kinds:?}");
        }

        // The central record numbered each case (and order) as it arrived; the numbers came
        // back in the same round, and the case shows it.
        let listed = central.admin_json(&["cases", "list"]).unwrap();
        assert_eq!(listed.as_array().unwrap().len(), 3, "{listed}");
        for id in &cases {
            let file = dev.with(|s| s.open_case(*id)).unwrap().unwrap().file;
            let number = file.official_number.expect("official case number");
            let row = listed
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["case_id"] == json!(id.to_string()))
                .unwrap();
            assert_eq!(row["number"], json!(number));
            let order = &file.orders[0].order;
            assert!(
                order
                    .events
                    .iter()
                    .any(|e| matches!(e.event, OrderEventKind::OfficialNumber { .. }))
            );
        }

        // A second round has nothing to do but is still a success.
        let again = dev.sync().await.unwrap();
        assert_eq!(again.pending_after, 0);
        assert_eq!(again.quarantined + again.conflicts, 0);
        assert_eq!(again.changes_applied, 0);
    }
}

/// Many rounds through a proxy that drops, delays, resets mid-response and duplicates, with the
/// server killed and restarted in the middle of rounds: afterwards every version is on the
/// central record exactly once with the device's digest.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exactly_once_through_random_faults_and_server_restarts() {
    let seed: u64 = std::env::var("ZASTITA_FAULT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| Utc::now().timestamp_micros() as u64);
    eprintln!("fault seed {seed} (ZASTITA_FAULT_SEED={seed} replays it)");
    for backend in Backend::all().unwrap() {
        let mut central = Central::start(backend.clone()).unwrap();
        let proxy = FaultProxy::start(central.addr()).await.unwrap();
        let url = format!("https://{}", proxy.addr());
        let dev = TestDevice::new().unwrap();
        dev.enroll(&central.enrollment_code(&url).unwrap())
            .await
            .unwrap();
        // Records arrive in waves between rounds, as during a shift.
        let mut sent = HashMap::new();
        let mut rng = zastita_sync_tests::proxy::SplitMix64::new(seed);
        let mut failures = 0;
        for wave in 0..8 {
            dev.import_cases(3).unwrap();
            sent.extend(queued(&dev));
            proxy.random(FaultRates::all(15), seed.wrapping_add(wave));
            for round in 0..6 {
                if rng.below(3) == 0 {
                    // Kill the server in the middle of this round, then bring it back.
                    let delay = Duration::from_millis(rng.below(400));
                    let sync = dev.sync();
                    tokio::pin!(sync);
                    let killed = tokio::select! {
                        r = &mut sync => { if r.is_err() { failures += 1; } false }
                        _ = tokio::time::sleep(delay) => true,
                    };
                    if killed {
                        central.kill();
                        if sync.await.is_err() {
                            failures += 1;
                        }
                        central.restart().unwrap();
                        proxy.set_upstream(central.addr());
                    }
                } else if dev.sync().await.is_err() {
                    failures += 1;
                }
                let _ = round;
            }
        }
        // The network heals; the next rounds drain everything.
        proxy.heal();
        let mut last = None;
        for _ in 0..3 {
            match dev.sync().await {
                Ok(s) if s.pending_after == 0 => {
                    last = Some(s);
                    break;
                }
                other => last = other.ok(),
            }
        }
        let faults = proxy
            .stats
            .faults
            .load(std::sync::atomic::Ordering::Relaxed);
        eprintln!(
            "{}: {} versions, {faults} injected faults, {failures} failed rounds",
            backend.name(),
            sent.len()
        );
        assert!(faults > 10, "too few faults to mean anything: {faults}");
        assert_eq!(last.unwrap().pending_after, 0);
        assert_exactly_once(&central, &dev, &sent);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_in_the_middle_of_a_response_is_resent_and_acknowledged_once() {
    let central = Central::start(Backend::Sqlite).unwrap();
    let proxy = FaultProxy::start(central.addr()).await.unwrap();
    let dev = TestDevice::new().unwrap();
    dev.enroll(
        &central
            .enrollment_code(&format!("https://{}", proxy.addr()))
            .unwrap(),
    )
    .await
    .unwrap();
    // Ten cases: the first push carries over 100 kB and its answer (a receipt per version) over
    // 10 kB. The proxy waits until the client has sent as many bytes as the push body (the TLS
    // stream is a little longer, so the body is then all but complete), lets 2,000 more bytes
    // of the server's through and resets: inside the answer, after the central record stored
    // the batch, before the device hears so. (A cut before the body is complete is retried on
    // a new connection by the HTTP client itself and would prove nothing.)
    dev.import_cases(10).unwrap();
    let sent = queued(&dev);
    let body = serde_json::to_vec(&zastita_protocol::messages::PushRequest {
        envelopes: dev.outgoing().unwrap(),
        device_time: Utc::now(),
    })
    .unwrap()
    .len();
    proxy.script([Fault::CutResponse {
        after_request_bytes: body,
        response_bytes: 2_000,
    }]);
    let first = dev.sync().await;

    assert!(
        first.is_err(),
        "the cut connection should fail the round: {first:?}"
    );
    // The central record holds the whole batch already; the device still counts it pending.
    let held = records_of(&central, central_device(&dev));
    assert_eq!(held.len(), sent.len());
    assert!(dev.status().unwrap().pending >= sent.len() as u64);
    // Resent: the central record answers with the receipts it gave the first time and stores
    // nothing twice.
    let again = dev.sync().await.unwrap();
    assert_eq!(again.pending_after, 0);
    assert!(again.accepted >= sent.len() as u64, "{again:?}");
    assert_exactly_once(&central, &dev, &sent);
    let after = records_of(&central, central_device(&dev));
    for (seq, row) in &held {
        assert_eq!(&after[seq], row, "seq {seq} was stored again");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replayed_forged_stale_and_unknown_requests_are_refused() {
    let central = Central::start(Backend::Sqlite).unwrap();
    let ca = central.ca_pem().unwrap();
    let raw = RawClient::enroll(&central.url(), &ca, &central.enrollment_token().unwrap())
        .await
        .unwrap();
    let feed = "/v1/feed?after=0";
    let honest = Tamper::default();
    let (status, _) = raw.send(Method::GET, feed, vec![], &honest).await.unwrap();
    assert_eq!(status, 200);

    // The very same request again (same nonce): a replay.
    let once = Tamper {
        nonce: Some("nonce-used-once".into()),
        ..Tamper::default()
    };
    assert_eq!(
        raw.send(Method::GET, feed, vec![], &once).await.unwrap().0,
        200
    );
    let (status, body) = raw.send(Method::GET, feed, vec![], &once).await.unwrap();
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some(codes::REPLAYED))
    );

    // Signed by another key.
    let (_, other) = zastita_protocol::signing::DeviceKey::generate().unwrap();
    let forged = Tamper {
        forged_by: Some(other),
        ..Tamper::default()
    };
    let (status, body) = raw.send(Method::GET, feed, vec![], &forged).await.unwrap();
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some(codes::BAD_SIGNATURE))
    );

    // Ten minutes old: stale, and the answer carries the server's time.
    let stale = Tamper {
        timestamp: Some(Utc::now() - TimeDelta::minutes(10)),
        ..Tamper::default()
    };
    let (status, body) = raw.send(Method::GET, feed, vec![], &stale).await.unwrap();
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some(codes::STALE_TIMESTAMP))
    );
    let server_time: DateTime<Utc> = serde_json::from_value(body["server_time"].clone()).unwrap();
    assert!((server_time - Utc::now()).abs() < TimeDelta::minutes(1));

    // A device nobody enrolled.
    let unknown = Tamper {
        device_id: Some(Uuid::now_v7()),
        ..Tamper::default()
    };
    let (status, body) = raw.send(Method::GET, feed, vec![], &unknown).await.unwrap();
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some(codes::UNKNOWN_DEVICE))
    );

    // An enrolment token works once.
    let token = central.enrollment_token().unwrap();
    RawClient::enroll(&central.url(), &ca, &token)
        .await
        .unwrap();
    let again = RawClient::enroll(&central.url(), &ca, &token).await;
    let Err(refused) = again else {
        panic!("a used token enrolled a second device")
    };
    assert!(refused.to_string().contains("401"), "{refused}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_device_is_wiped_on_its_next_contact() {
    let central = Central::start(Backend::Sqlite).unwrap();
    let dev = TestDevice::new().unwrap();
    dev.import_cases(1).unwrap();
    enroll(&dev, &central).await;
    dev.sync().await.unwrap();
    let id = central_device(&dev).to_string();
    central
        .admin(&["device", "revoke", "--device", &id])
        .unwrap();

    let refused = dev.sync().await;
    assert!(matches!(refused, Err(SyncError::Revoked)), "{refused:?}");
    // Locked at once, by the round itself: nobody called lock, no auto-lock ran.
    assert!(
        dev.access.lock().unwrap().is_none(),
        "the session outlived the revocation"
    );
    // The keys went first, then the database and its WAL and shared-memory files.
    for name in ["zastita.db", "zastita.db-wal", "zastita.db-shm"] {
        assert!(!dev.path().join(name).exists(), "{name} survived");
    }
    // The keys are gone: the store cannot be unlocked any more, even with the right passphrase,
    // and every later start says the device was revoked.
    let unlock = dev.unlock();
    assert!(
        matches!(unlock, Err(zastita_core::error::Error::Revoked)),
        "{unlock:?}"
    );
    let device = Device::open(dev.path(), DeviceConfig::default()).unwrap();
    assert!(device.status().revoked, "{:?}", device.status());
    assert!(device.status().officers.is_empty());
    assert!(!dev.path().join("zastita.db").exists());
}

/// Issue 13, item 5: the server certificate renewed from the offline CA key; the device pinned
/// the CA at enrolment, so after the server restarts on the new certificate it syncs on, on both
/// backends, without being enrolled again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_keeps_syncing_after_the_server_certificate_is_renewed() {
    for backend in Backend::all().unwrap() {
        let mut central = Central::start(backend.clone()).unwrap();
        let dev = TestDevice::new().unwrap();
        dev.import_cases(1).unwrap();
        enroll(&dev, &central).await;
        dev.sync().await.unwrap();
        let before = std::fs::read(central.data().join("server.pem")).unwrap();
        central.kill();
        let key = central.ca_key().display().to_string();
        let out = central.admin(&["cert", "renew", "--ca-key", &key]).unwrap();
        assert!(out.contains("server certificate renewed"), "{out}");
        central.restart().unwrap();
        dev.import_cases(1).unwrap();
        let summary = dev.sync().await.unwrap();
        assert_eq!(summary.pending_after, 0, "{}: {summary:?}", backend.name());
        assert!(summary.accepted > 0, "{}: {summary:?}", backend.name());
        let after = std::fs::read(central.data().join("server.pem")).unwrap();
        assert_ne!(
            before,
            after,
            "{}: the certificate was not replaced",
            backend.name()
        );
    }
}

/// The keyring's status section as the file holds it.
fn keyring_status(dev: &TestDevice) -> Value {
    let text = std::fs::read_to_string(dev.path().join("keyring.json")).unwrap();
    serde_json::from_str::<Value>(&text).unwrap()["status"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_device_revoked_centrally_is_wiped_at_its_next_start_with_network() {
    for backend in Backend::all().unwrap() {
        let central = Central::start(backend).unwrap();
        let dev = TestDevice::new().unwrap();
        dev.import_cases(1).unwrap();
        enroll(&dev, &central).await;
        // Enrolment registered the status key and kept it, with where to ask, in the keyring.
        let status = keyring_status(&dev);
        assert_eq!(status["server"], json!(central.url()), "{status}");
        assert!(status["registered_at"].is_string(), "{status}");
        dev.sync().await.unwrap();
        let id = central_device(&dev).to_string();
        dev.lock();

        // Locked and in service: the answer changes nothing.
        let mut device = dev.device().unwrap();
        assert_eq!(
            device.check_revocation(&dev.options).await.unwrap(),
            RevocationCheck::NotRevoked
        );
        assert!(!device.status().wiped);

        central
            .admin(&["device", "revoke", "--device", &id])
            .unwrap();
        // The app starts again, locked, with network: the shell's check, through the same
        // borrowing it uses for its store.
        let access = std::sync::Mutex::new(dev.device().unwrap());
        let checked = sync::check_revocation(&access, &dev.options).await.unwrap();
        assert_eq!(checked, Some(RevocationCheck::Revoked));
        assert!(access.lock().unwrap().status().revoked);
        // The keys went first, then the database and its WAL and shared-memory files.
        for name in ["zastita.db", "zastita.db-wal", "zastita.db-shm"] {
            assert!(!dev.path().join(name).exists(), "{name} survived");
        }
        // Every later start says revoked; nothing unlocks, nothing is asked again.
        let mut again = dev.device().unwrap();
        assert!(again.status().revoked, "{:?}", again.status());
        assert_eq!(
            again.check_revocation(&dev.options).await.unwrap(),
            RevocationCheck::AlreadyWiped
        );
        let unlock = dev.unlock();
        assert!(
            matches!(unlock, Err(zastita_core::error::Error::Revoked)),
            "{unlock:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_status_answer_from_a_server_outside_the_pinned_ca_is_an_error_and_wipes_nothing() {
    let central = Central::start(Backend::Sqlite).unwrap();
    let impostor = Central::start(Backend::Sqlite).unwrap();
    let dev = TestDevice::new().unwrap();
    enroll(&dev, &central).await;
    dev.lock();
    // The keyring now sends the device to a server whose certificate another CA issued (a DNS
    // or network attacker's, say).
    let path = dev.path().join("keyring.json");
    let mut file: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    file["status"]["server"] = json!(impostor.url());
    std::fs::write(&path, serde_json::to_vec_pretty(&file).unwrap()).unwrap();

    let mut device = dev.device().unwrap();
    let refused = device.check_revocation(&dev.options).await;
    let Err(e) = refused else {
        panic!("an answer from another CA's server was believed: {refused:?}")
    };
    assert_eq!(
        e.code(),
        zastita_core::error::ErrorCode::SyncCertificate,
        "{e}"
    );
    assert!(!device.status().wiped);
    assert!(!dev.device().unwrap().status().wiped);
    dev.unlock().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_status_key_asks_one_question_and_nothing_else_answers_it() {
    let central = Central::start(Backend::Sqlite).unwrap();
    let ca = central.ca_pem().unwrap();
    let raw = RawClient::enroll(&central.url(), &ca, &central.enrollment_token().unwrap())
        .await
        .unwrap();
    let honest = Tamper::default();
    let (status, body) = raw.status(StatusSigning::Honest, &honest).await.unwrap();
    assert_eq!((status, &body), (200, &json!({"revoked": false})));

    // Replayed.
    let once = Tamper {
        nonce: Some("status-nonce-once".into()),
        ..Tamper::default()
    };
    assert_eq!(
        raw.status(StatusSigning::Honest, &once).await.unwrap().0,
        200
    );
    let (status, body) = raw.status(StatusSigning::Honest, &once).await.unwrap();
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some(codes::REPLAYED))
    );
    // Stale.
    let stale = Tamper {
        timestamp: Some(Utc::now() - TimeDelta::minutes(10)),
        ..Tamper::default()
    };
    let (status, body) = raw.status(StatusSigning::Honest, &stale).await.unwrap();
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some(codes::STALE_TIMESTAMP))
    );
    // The device's normal key, or the status key over a normal request's bytes: refused.
    for how in [
        StatusSigning::DeviceKey,
        StatusSigning::StatusKeyRequestBytes,
    ] {
        let (status, body) = raw.status(how, &honest).await.unwrap();
        assert_eq!(
            (status, body["code"].as_str()),
            (401, Some(codes::BAD_SIGNATURE)),
            "{how:?}"
        );
    }
    // Another key altogether.
    let (_, wrong) = zastita_protocol::signing::DeviceKey::generate().unwrap();
    let forged = RawClient::status_forged(&raw, &wrong).await;
    assert_eq!(forged, (401, Some(codes::BAD_SIGNATURE.to_owned())));
    // The status key opens no other endpoint.
    let by_status_key = Tamper {
        forged_by: raw.status_pkcs8(),
        ..Tamper::default()
    };
    for (method, path, body) in [
        (Method::GET, "/v1/feed?after=0", vec![]),
        (
            Method::POST,
            "/v1/push",
            serde_json::to_vec(&json!({"envelopes": [], "device_time": Utc::now()})).unwrap(),
        ),
        (
            Method::POST,
            "/v1/status-key",
            serde_json::to_vec(&json!({"status_public_key": "A".repeat(43)})).unwrap(),
        ),
    ] {
        let (status, answer) = raw.send(method, path, body, &by_status_key).await.unwrap();
        assert_eq!(
            (status, answer["code"].as_str()),
            (401, Some(codes::BAD_SIGNATURE)),
            "{path}"
        );
    }
    // A device enrolled by a build without status keys has nothing to ask with.
    let old = RawClient::enroll_without_status_key(
        &central.url(),
        &ca,
        &central.enrollment_token().unwrap(),
    )
    .await
    .unwrap();
    let (status, body) = old.status(StatusSigning::Honest, &honest).await.unwrap();
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some(codes::NO_STATUS_KEY))
    );
    // Revoked: the answer says so, and nothing more.
    central
        .admin(&["device", "revoke", "--device", &raw.device_id().to_string()])
        .unwrap();
    let (status, body) = raw.status(StatusSigning::Honest, &honest).await.unwrap();
    assert_eq!((status, &body), (200, &json!({"revoked": true})));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_enrolled_before_status_keys_registers_one_on_its_next_round() {
    let central = Central::start(Backend::Sqlite).unwrap();
    let dev = TestDevice::new().unwrap();
    enroll(&dev, &central).await;
    // As a device enrolled by an older build: no status key in its keyring.
    dev.lock();
    let path = dev.path().join("keyring.json");
    let mut file: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    file.as_object_mut().unwrap().remove("status");
    std::fs::write(&path, serde_json::to_vec_pretty(&file).unwrap()).unwrap();
    assert_eq!(
        dev.device()
            .unwrap()
            .check_revocation(&dev.options)
            .await
            .unwrap(),
        RevocationCheck::CannotAsk
    );
    dev.unlock().unwrap();
    dev.sync().await.unwrap();
    assert!(keyring_status(&dev)["registered_at"].is_string());
    dev.lock();
    assert_eq!(
        dev.device()
            .unwrap()
            .check_revocation(&dev.options)
            .await
            .unwrap(),
        RevocationCheck::NotRevoked
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_chain_is_anchored_and_verify_finds_its_end_cut_off() {
    for backend in Backend::all().unwrap() {
        let central = Central::start(backend).unwrap();
        let dev = TestDevice::new().unwrap();
        dev.import_cases(1).unwrap();
        enroll(&dev, &central).await;
        dev.sync().await.unwrap();
        // The central record holds a whole chain and answered with its head, which the device
        // kept; verify passes.
        assert!(dev.with(|s| s.verify()).unwrap().unwrap().ok);
        let conflicts = central.admin_json(&["conflicts", "list"]).unwrap();
        assert_eq!(conflicts.as_array().unwrap().len(), 0, "{conflicts}");
        let anchored: i64 = dev
            .tamper(|c| {
                c.query_row("SELECT seq FROM audit_anchor", [], |r| r.get(0))
                    .unwrap()
            })
            .unwrap();
        assert!(anchored > 3, "{anchored}");
        // Cut the newest entries off: the chain left links end to end, but not to the anchor.
        dev.tamper(|c| {
            c.execute_batch(&format!(
                "DROP TRIGGER audit_append_only_delete; DELETE FROM audit WHERE seq > {};",
                anchored - 3
            ))
            .unwrap()
        })
        .unwrap();
        let report = dev.with(|s| s.verify()).unwrap().unwrap();
        assert!(!report.ok);
        assert!(
            report.audit_break.as_deref().unwrap().contains("cut off"),
            "{report:?}"
        );
        // Written on and pushed, the rewritten entries reach the central record as a break.
        dev.sync().await.unwrap();
        let conflicts = central.admin_json(&["conflicts", "list"]).unwrap();
        let reasons: Vec<&str> = conflicts
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c["reason"].as_str())
            .collect();
        assert!(
            reasons
                .iter()
                .any(|r| r.starts_with("audit_chain_rewritten")),
            "{reasons:?}"
        );
    }
}

/// A version the central record cannot take (a record kind it does not know, from a newer app)
/// is set aside with its reason; everything after it goes through.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poison_record_is_quarantined_and_the_rest_go_through() {
    let central = Central::start(Backend::Sqlite).unwrap();
    let dev = TestDevice::new().unwrap();
    enroll(&dev, &central).await;
    dev.import_cases(1).unwrap();
    // Slip a version of an unknown kind into the outbox, as a newer app version might queue.
    dev.tamper(|conn| {
        conn.execute(
            "INSERT INTO outbox (version_id, record_id, kind, version, officer, created_at, payload, payload_sha256)
             VALUES (?1, ?2, 'photo', 1, 'NS1234', '2026-11-29T10:00:00Z', '{\"id\":\"x\"}', '')",
            [Uuid::now_v7().to_string(), Uuid::now_v7().to_string()],
        )
    })
    .unwrap()
    .unwrap();
    dev.import_cases(1).unwrap();
    let summary = dev.sync().await.unwrap();
    assert_eq!(summary.quarantined, 1, "{summary:?}");
    assert_eq!(summary.pending_after, 0);
    let status = dev.status().unwrap();
    assert_eq!(status.quarantined.len(), 1);
    assert!(!status.quarantined[0].reason.is_empty());
    let q = central.admin_json(&["quarantine", "list"]).unwrap();
    assert_eq!(q.as_array().unwrap().len(), 1, "{q}");
    assert_eq!(q[0]["kind"], json!("unknown"));
    // Both cases (before and after the poison) arrived.
    assert_eq!(
        central
            .admin_json(&["cases", "list"])
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

/// A tablet restored from a backup queues different versions under seqs the central record
/// already holds: they are kept as conflicts for review, and the original stays.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conflicting_version_is_kept_and_never_overwrites() {
    let central = Central::start(Backend::Sqlite).unwrap();
    let dev = TestDevice::new().unwrap();
    enroll(&dev, &central).await;
    dev.sync().await.unwrap();
    // Back up the store (locked, as a backup would be taken).
    dev.lock();
    let backup = tempfile::tempdir().unwrap();
    copy_dir(dev.path(), backup.path());
    dev.unlock().unwrap();
    dev.import_cases(1).unwrap();
    dev.sync().await.unwrap();
    let original = records_of(&central, central_device(&dev));

    // The restored tablet records something else under the same seqs.
    let restored = TestDevice::new().unwrap();
    restored.lock();
    copy_dir(backup.path(), restored.path());
    restored.unlock().unwrap();
    restored.import_cases(1).unwrap();
    let summary = restored.sync().await.unwrap();
    assert!(summary.conflicts > 0, "{summary:?}");
    let status = restored.status().unwrap();
    assert!(!status.conflicts.is_empty());
    let conflicts = central.admin_json(&["conflicts", "list"]).unwrap();
    assert!(!conflicts.as_array().unwrap().is_empty());
    // The central record still holds the first versions, unchanged.
    let after = records_of(&central, central_device(&dev));
    for (seq, row) in &original {
        assert_eq!(&after[seq], row);
    }
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// An upload broken off part-way resumes where the central record's copy ends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_attachment_resumes_instead_of_restarting() {
    let central = Central::start(Backend::Sqlite).unwrap();
    let dev = TestDevice::new().unwrap();
    enroll(&dev, &central).await;
    let case = dev.import_cases(1).unwrap()[0];
    let (doc, pdf) = dev.summary_pdf(case).unwrap();
    let size = pdf.len() as u64;
    assert!(size > 10_000);
    // The device's first try: the records went up, then the upload broke off after its first
    // 8,000 bytes (made here with the device's own client and credentials).
    let first = 8_000usize;
    push_records_only(&dev).await;
    upload_prefix(&dev, doc.info.id.0, &doc.info.sha256, &pdf[..first], size).await;

    let summary = dev.sync().await.unwrap();
    assert_eq!(summary.attachments_uploaded, 1, "{summary:?}");
    assert_eq!(
        summary.attachment_bytes,
        size - first as u64,
        "restarted from zero"
    );
    let list = central.admin_json(&["attachments", "list"]).unwrap();
    let row = &list[0];
    assert_eq!(row["complete"], json!(true), "{list}");
    assert_eq!(row["size"], json!(size));
    assert_eq!(dev.status().unwrap().attachments_pending, 0);
}

/// A document's PDF the central record will not take must not hold up the round, as a poison
/// record does not: the other document still goes up, the feed still comes down (the case's
/// official number), the refusal is on the sync screen with its reason, and the PDF is offered
/// again until it goes through, which clears the refusal.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_attachment_does_not_hold_up_the_round() {
    let central = Central::start(Backend::Sqlite).unwrap();
    let dev = TestDevice::new().unwrap();
    enroll(&dev, &central).await;
    let case = dev.import_cases(1).unwrap()[0];
    let spoiled = dev.summary_pdf(case).unwrap().0;
    let fine = dev.summary_pdf(case).unwrap().0;
    // A damaged note of the first PDF's hash: whatever the device sends never matches it.
    let set_sha = |sha: &str| {
        let n = dev
            .tamper(|conn| {
                conn.execute(
                    "UPDATE attachment_uploads SET sha256 = ?2 WHERE record_id = ?1",
                    [spoiled.info.id.0.to_string(), sha.to_owned()],
                )
            })
            .unwrap()
            .unwrap();
        assert_eq!(n, 1);
    };
    set_sha(&"ab".repeat(32));

    let summary = dev.sync().await.unwrap();
    assert_eq!(summary.attachments_refused, 1, "{summary:?}");
    assert_eq!(summary.attachments_uploaded, 1, "{summary:?}");
    assert!(
        summary.changes_applied > 0,
        "the feed was not read: {summary:?}"
    );
    let status = dev.status().unwrap();
    assert_eq!(status.last_error_code, None, "the round failed");
    assert_eq!(status.attachments_pending, 1);
    let refused = &status.attachments_refused;
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0].record_id, spoiled.info.id.0);
    assert_eq!(refused[0].case_id, case.0);
    assert_eq!(refused[0].document_kind, "summary");
    assert_eq!(refused[0].code, codes::HASH_MISMATCH);
    // Tampering locked and unlocked the store: a new session asks the purpose again.
    dev.follow_up(case).unwrap();
    let file = dev.with(|s| s.open_case(case)).unwrap().unwrap().file;
    assert!(
        file.official_number.is_some(),
        "no official number came down"
    );
    let held = central.admin_json(&["attachments", "list"]).unwrap();
    let held: Vec<&Value> = held.as_array().unwrap().iter().collect();
    assert_eq!(held.len(), 1, "{held:?}");
    assert_eq!(held[0]["record_id"], json!(fine.info.id.0.to_string()));
    assert_eq!(held[0]["complete"], json!(true));

    // Repaired, it goes through at the next round and the refusal is gone.
    set_sha(&spoiled.info.sha256);
    let summary = dev.sync().await.unwrap();
    assert_eq!(
        (summary.attachments_uploaded, summary.attachments_refused),
        (1, 0),
        "{summary:?}"
    );
    let status = dev.status().unwrap();
    assert!(status.attachments_refused.is_empty());
    assert_eq!(status.attachments_pending, 0);
}

/// Push the queue without uploading attachments or reading the feed.
async fn push_records_only(dev: &TestDevice) {
    let mut client = zastita_core::sync::client_for(&dev.access, &dev.options).unwrap();
    let batch = dev.outgoing().unwrap();
    let answer = client.push(batch).await.unwrap();
    dev.with(|s| s.sync_record_push(&answer)).unwrap().unwrap();
}

/// Upload the first part of an attachment with the device's own client, then stop.
async fn upload_prefix(dev: &TestDevice, record: Uuid, sha: &str, part: &[u8], size: u64) {
    let mut client = zastita_core::sync::client_for(&dev.access, &dev.options).unwrap();
    let status = client
        .put_chunk(record, sha, 0, size, part.to_vec())
        .await
        .unwrap();
    assert_eq!(status.received, part.len() as u64);
    assert!(!status.complete);
}

/// A court decision recorded at the central record reaches the order on the device, and the
/// order's clocks follow the court's end.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_court_extension_recorded_centrally_moves_the_orders_end() {
    let central = Central::start(Backend::Sqlite).unwrap();
    let dev = TestDevice::new().unwrap();
    enroll(&dev, &central).await;
    let case = dev.import_cases(1).unwrap()[0];
    dev.sync().await.unwrap();
    let order = dev
        .with(|s| s.open_case(case))
        .unwrap()
        .unwrap()
        .file
        .orders[0]
        .order
        .clone();
    let served = dev
        .with(|s| s.get_order(order.id))
        .unwrap()
        .unwrap()
        .clocks
        .deadlines
        .served_at
        .unwrap();
    let ends = served + TimeDelta::days(20);
    central
        .admin(&[
            "court-decision",
            "add",
            "--order",
            &order.id.to_string(),
            "--court",
            "Osnovni sud u Novom Sadu",
            "--number",
            "3 Ph 118/25",
            "--decided-on",
            &(served + TimeDelta::days(2)).date_naive().to_string(),
            "--outcome",
            "extended",
            "--ends-at",
            &ends.to_rfc3339(),
        ])
        .unwrap();
    let summary = dev.sync().await.unwrap();
    assert!(summary.changes_applied >= 1, "{summary:?}");
    let view = dev.with(|s| s.get_order(order.id)).unwrap().unwrap();
    assert_eq!(view.clocks.deadlines.expires_at, Some(ends));
    assert!(view.clocks.deadlines.extended);
    assert!(view.order.events.iter().any(|e| matches!(
        &e.event,
        OrderEventKind::CourtDecision { outcome: CourtOutcome::Extended, number, .. } if number == "3 Ph 118/25"
    )));
    // The device's new order version (with the decision) went back to the central record too.
    assert_eq!(summary.pending_after, 0);
    // Applying the same feed again changes nothing (the cursor moved with the change).
    let again = dev.sync().await.unwrap();
    assert_eq!(again.changes_applied, 0);
}

/// The chain's acts recorded at the central record (the prosecutor's office opening the order,
/// the proposal to the basic court, the court's receipt of it) go down the feed to the device
/// that owns the order: its order view shows them, the receipt confirms the forwarding, and the
/// court's 24 hours run from the court's receipt. Applied once, however often the feed is read.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chains_acts_recorded_centrally_reach_the_devices_order() {
    use zastita_central::store::{StoreError, changes};
    use zastita_protocol::messages::{ChainEvent, ChangeKind};
    let central = Central::start(Backend::Sqlite).unwrap();
    let dev = TestDevice::new().unwrap();
    enroll(&dev, &central).await;
    let case = dev.import_cases(1).unwrap()[0];
    dev.sync().await.unwrap();
    let order = dev
        .with(|s| s.open_case(case))
        .unwrap()
        .unwrap()
        .file
        .orders[0]
        .order
        .id;
    let served = dev
        .with(|s| s.get_order(order))
        .unwrap()
        .unwrap()
        .clocks
        .deadlines
        .served_at
        .unwrap();
    let office = "Osnovno javno tužilaštvo u Novom Sadu";
    let court = "Osnovni sud u Novom Sadu";
    let received = served + TimeDelta::minutes(14);
    let proposed = served + TimeDelta::hours(20);
    let court_received = proposed + TimeDelta::minutes(40);
    let store = central.sqlite_store().unwrap();
    for event in [
        ChainEvent::ProsecutorReceived {
            at: received,
            office: office.into(),
        },
        // The prosecutor proposes on the assessment he evaluated (core refuses it otherwise).
        ChainEvent::ProsecutorEvaluated {
            at: proposed - TimeDelta::hours(1),
            agrees: true,
            reasons: "Procena je potpuna.".into(),
        },
        ChainEvent::ExtensionProposed {
            at: proposed,
            court: court.into(),
        },
        ChainEvent::ProposalReceived {
            at: court_received,
            court: court.into(),
        },
    ] {
        let act = ChangeKind::OrderAct {
            order_id: order.0,
            act_id: Uuid::now_v7(),
            event,
        };
        store
            .tx(|sql| {
                let owner =
                    changes::owner_of(sql, order.0)?.ok_or(StoreError::UnknownOrder(order.0))?;
                changes::append_change(
                    sql,
                    &act,
                    changes::Audience::Device(owner),
                    zastita_central::store::now(),
                )
            })
            .unwrap();
    }
    let summary = dev.sync().await.unwrap();
    assert_eq!(summary.changes_applied, 4, "{summary:?}");
    let view = dev.with(|s| s.get_order(order)).unwrap().unwrap();
    let d = &view.clocks.deadlines;
    assert_eq!(d.prosecutor_received_at, Some(received));
    assert_eq!(d.forward_warning_from, None);
    assert_eq!(d.court_received_at, Some(court_received));
    assert_eq!(
        d.court_decision_due_at,
        Some(court_received + TimeDelta::hours(24))
    );
    assert!(view.order.events.iter().any(|e| matches!(
        &e.event,
        OrderEventKind::ProsecutorReceived { office: o, .. } if o == office
    )));
    assert!(view.timeline.iter().any(|e| matches!(
        &e.event.event,
        OrderEventKind::ExtensionProposed { court: Some(c), .. } if c == court
    )));
    // The device's new order version (with the acts) went back to the central record too.
    assert_eq!(summary.pending_after, 0);
    let again = dev.sync().await.unwrap();
    assert_eq!(again.changes_applied, 0);
    assert_eq!(
        dev.with(|s| s.get_order(order))
            .unwrap()
            .unwrap()
            .order
            .events
            .len(),
        view.order.events.len()
    );
}

/// Two tablets of different administrations hold the same case (the second imported the first's
/// case file): the case is the first's, who sent it first. The second's versions of it are
/// quarantined `not_owner`; the official numbers and the court's decision reach the first alone;
/// each tablet's roster is its administration's, never the other's. On both backends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_belongs_to_the_tablet_that_sent_it_and_each_feed_to_its_own() {
    for backend in Backend::all().unwrap() {
        let name = backend.name();
        let central = Central::start(backend).unwrap();
        central
            .admin(&[
                "officer",
                "add",
                "--badge",
                "NS5678",
                "--name",
                "Petar Petrović",
                "--administration",
                "NS",
            ])
            .unwrap();
        central
            .admin(&[
                "officer",
                "add",
                "--badge",
                "SU4321",
                "--name",
                "Ana Kovač",
                "--administration",
                "SU",
            ])
            .unwrap();
        let (novi_sad, subotica) = (TestDevice::new().unwrap(), TestDevice::new().unwrap());
        novi_sad
            .enroll(
                &central
                    .enrollment_code_in("NS 1", &central.url(), "NS")
                    .unwrap(),
            )
            .await
            .unwrap();
        subotica
            .enroll(
                &central
                    .enrollment_code_in("SU 1", &central.url(), "SU")
                    .unwrap(),
            )
            .await
            .unwrap();
        let file = serde_json::to_vec(&fresh_ids(FIXTURE).unwrap()).unwrap();
        let case = novi_sad.with(|s| s.import_case(&file)).unwrap().unwrap();
        subotica.with(|s| s.import_case(&file)).unwrap().unwrap();

        let first = novi_sad.sync().await.unwrap();
        assert_eq!(first.quarantined, 0, "{name}: {first:?}");
        let second = subotica.sync().await.unwrap();
        assert!(second.quarantined >= 5, "{name}: {second:?}");
        let status = subotica.status().unwrap();
        assert!(
            status
                .quarantined
                .iter()
                .all(|q| q.reason.starts_with("not_owner")),
            "{name}: {:?}",
            status.quarantined
        );
        // Only the first tablet's versions of the case's records are held; the second's own
        // audit entries went through.
        let theirs = records_of(&central, central_device(&subotica));
        assert!(theirs.values().all(|r| r["kind"] == "audit"), "{name}");
        assert!(!theirs.is_empty());

        let order = |dev: &TestDevice| {
            dev.follow_up(case).unwrap();
            let file = dev.with(|s| s.open_case(case)).unwrap().unwrap().file;
            (file.official_number, file.orders[0].order.clone())
        };
        let (number, ours) = order(&novi_sad);
        assert!(number.is_some(), "{name}: no number came to the owner");
        let served = novi_sad
            .with(|s| s.get_order(ours.id))
            .unwrap()
            .unwrap()
            .clocks
            .deadlines
            .served_at
            .unwrap();
        central
            .admin(&[
                "court-decision",
                "add",
                "--order",
                &ours.id.to_string(),
                "--court",
                "Osnovni sud u Novom Sadu",
                "--number",
                "3 Ph 7/26",
                "--decided-on",
                &(served + TimeDelta::days(1)).date_naive().to_string(),
                "--outcome",
                "refused",
            ])
            .unwrap();
        novi_sad.sync().await.unwrap();
        subotica.sync().await.unwrap();
        let decided = |o: &zastita_core::domain::order::Order| {
            o.events
                .iter()
                .any(|e| matches!(e.event, OrderEventKind::CourtDecision { .. }))
        };
        let numbered = |o: &zastita_core::domain::order::Order| {
            o.events
                .iter()
                .any(|e| matches!(e.event, OrderEventKind::OfficialNumber { .. }))
        };
        let (_, ours) = order(&novi_sad);
        assert!(
            decided(&ours) && numbered(&ours),
            "{name}: {:?}",
            ours.events
        );
        let (number, theirs) = order(&subotica);
        assert_eq!(
            number, None,
            "{name}: another tablet's number reached this one"
        );
        assert!(
            !decided(&theirs) && !numbered(&theirs),
            "{name}: {:?}",
            theirs.events
        );

        // Each roster is its administration's.
        let roster = |dev: &TestDevice| -> Vec<String> {
            dev.tamper(|conn| {
                let mut stmt = conn
                    .prepare("SELECT badge FROM roster ORDER BY badge")
                    .unwrap();
                stmt.query_map([], |r| r.get(0))
                    .unwrap()
                    .collect::<Result<Vec<String>, _>>()
                    .unwrap()
            })
            .unwrap()
        };
        assert_eq!(roster(&novi_sad), ["NS1234", "NS5678"], "{name}");
        assert_eq!(roster(&subotica), ["SU4321"], "{name}");
    }
}

/// A device whose clock is 10 minutes off still syncs (it learns the offset from the refusal),
/// and the skew is measured and flagged.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_clock_ten_minutes_off_is_flagged_and_still_syncs() {
    let central = Central::start(Backend::Sqlite).unwrap();
    let dev =
        TestDevice::with_clock(std::sync::Arc::new(OffsetClock(TimeDelta::minutes(-10)))).unwrap();
    dev.import_cases(1).unwrap();
    enroll(&dev, &central).await;
    let summary = dev.sync().await.unwrap();
    assert_eq!(summary.pending_after, 0);
    let status = dev.status().unwrap();
    let skew = status.skew_ms.unwrap();
    assert!((9 * 60_000..11 * 60_000).contains(&skew), "{skew}");
    assert!(status.skew_flagged);
}

#[derive(Debug)]
struct OffsetClock(TimeDelta);

impl zastita_core::clock::Clock for OffsetClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.0
    }
}

#[test]
fn the_protocol_kinds_cover_every_kind_the_device_queues() {
    for kind in [
        "case",
        "person",
        "statement",
        "assessment",
        "order",
        "document",
        "audit",
    ] {
        assert_ne!(RecordKind::parse(kind), RecordKind::Unknown, "{kind}");
    }
}
