//! Who may write what, and who reads what, on every backend: a record belongs to the device that
//! first sent it (another device's version is quarantined `not_owner`, and it may not attach to
//! it), an envelope's officer must be on the roster at the envelope's time (`unknown_officer`),
//! and each device's feed carries only its own records' numbers and decisions, its
//! administration's roster and its own revocation.

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::json;
use uuid::Uuid;
use zastita_central::store::admin::CourtDecision;
use zastita_central::store::attachments::{Chunk, ChunkOutcome};
use zastita_central::store::push::PushPolicy;
use zastita_central::store::roster::NewOfficer;
use zastita_central::store::{Device, Store, StoreError, now};
use zastita_protocol::messages::{
    Change, ChangeKind, CourtOutcome, OfficerRole, PushRequest, PushResponse, Receipt,
    ReceiptOutcome, RecordKind, SignedEnvelope,
};
use zastita_protocol::signing::sha256_hex;

use crate::harness::{BADGE, backends, case_payload, enrolled, enrolled_in, order_payload};

fn push(store: &Store, device: &Device, envelopes: Vec<SignedEnvelope>) -> PushResponse {
    store
        .push(
            device,
            &PushRequest {
                envelopes,
                device_time: Utc::now(),
            },
            now(),
            PushPolicy { auto_numbers: true },
        )
        .unwrap()
}

fn only(r: PushResponse) -> Receipt {
    assert_eq!(r.receipts.len(), 1);
    r.receipts.into_iter().next().unwrap()
}

/// The reason's code (`not_owner: …` → `not_owner`), or "" when there is none.
fn code(r: &Receipt) -> &str {
    r.reason
        .as_deref()
        .and_then(|s| s.split(':').next())
        .unwrap_or("")
}

fn officer<'a>(badge: &'a str, administration: Option<&'a str>) -> NewOfficer<'a> {
    NewOfficer {
        badge,
        name: "Officer",
        role: OfficerRole::Patrol,
        rank: None,
        administration,
        since: None,
    }
}

/// Everything `device` reads from the start, a page of `limit` at a time, checking the cursor on
/// the way: strictly increasing, the last change listed, never past a change not yet listed.
fn read_feed(store: &Store, device: Uuid, limit: u32) -> Vec<Change> {
    let mut after = 0;
    let mut all: Vec<Change> = Vec::new();
    loop {
        let (page, more) = store.feed(device, after, limit).unwrap();
        assert!(page.len() <= limit as usize);
        for c in &page {
            assert!(c.seq > after, "seq {} not after the cursor {after}", c.seq);
            after = c.seq;
        }
        all.extend(page);
        if !more {
            return all;
        }
    }
}

fn badges_added(feed: &[Change]) -> Vec<String> {
    feed.iter()
        .filter_map(|c| match &c.change {
            ChangeKind::OfficerAdded { badge, .. } => Some(badge.clone()),
            _ => None,
        })
        .collect()
}

fn badges_removed(feed: &[Change]) -> Vec<String> {
    feed.iter()
        .filter_map(|c| match &c.change {
            ChangeKind::OfficerRemoved { badge } => Some(badge.clone()),
            _ => None,
        })
        .collect()
}

/// The records (cases and orders) whose numbers or decisions a feed carries.
fn records_in(feed: &[Change]) -> Vec<Uuid> {
    feed.iter()
        .filter_map(|c| match &c.change {
            ChangeKind::CaseNumber { case_id, .. } => Some(*case_id),
            ChangeKind::OrderNumber { order_id, .. }
            | ChangeKind::CourtDecision { order_id, .. } => Some(*order_id),
            _ => None,
        })
        .collect()
}

/// Device B sends a version of device A's case and of A's order (as a tablet that imported A's
/// case file would): both are quarantined `not_owner` and take B's seqs, the central record keeps
/// only A's versions, B's feed gets none of A's numbers, and B may not attach to A's record.
#[test]
fn a_version_of_another_devices_record_is_quarantined_not_owner() {
    for b in backends("a_version_of_another_devices_record_is_quarantined_not_owner") {
        let s = &b.store;
        let (a, dev_a) = enrolled(s);
        let (other, dev_b) = enrolled(s);
        let (case, order) = (Uuid::now_v7(), Uuid::now_v7());
        let served = Utc::now() - TimeDelta::hours(10);
        let r = push(
            s,
            &dev_a,
            vec![
                a.envelope(1, RecordKind::Case, case, case_payload(case, "Novi Sad")),
                a.envelope(
                    2,
                    RecordKind::Order,
                    order,
                    order_payload(order, case, served),
                ),
            ],
        );
        assert!(
            r.receipts
                .iter()
                .all(|r| r.outcome == ReceiptOutcome::Accepted)
        );

        let theirs = vec![
            other.envelope_v(
                1,
                Uuid::now_v7(),
                RecordKind::Case,
                case,
                2,
                case_payload(case, "Subotica"),
            ),
            other.envelope_v(
                2,
                Uuid::now_v7(),
                RecordKind::Order,
                order,
                2,
                order_payload(order, case, served + TimeDelta::hours(5)),
            ),
        ];
        let r = push(s, &dev_b, theirs.clone());
        for receipt in &r.receipts {
            assert_eq!(
                (receipt.outcome, code(receipt)),
                (ReceiptOutcome::Quarantined, "not_owner"),
                "{}: {receipt:?}",
                b.name
            );
        }
        assert_eq!(
            r.acked_seq, 2,
            "{}: quarantine still takes the seqs",
            b.name
        );
        // Only A's versions are held, and A's case counts one version.
        let held: Vec<Uuid> = s
            .records()
            .unwrap()
            .iter()
            .filter(|r| r.record_id == case || r.record_id == order)
            .map(|r| r.device_id)
            .collect();
        assert_eq!(held, [dev_a.id, dev_a.id], "{}", b.name);
        let listed = s.cases().unwrap();
        assert_eq!((listed.len(), listed[0].versions), (1, 1), "{}", b.name);
        assert_eq!(listed[0].number.as_deref().map(|n| &n[..3]), Some("NS-"));
        let q = s.quarantine().unwrap();
        assert_eq!(q.len(), 2, "{}", b.name);
        assert!(q.iter().all(|q| q.device_id == dev_b.id));
        // A resend gets the same receipts; nothing is stored twice.
        let again = push(s, &dev_b, theirs);
        assert_eq!(again.receipts, r.receipts, "{}", b.name);
        assert_eq!(s.quarantine().unwrap().len(), 2);

        // A court decision is checked against the owner's order and goes to the owner alone.
        let decision = s
            .add_court_decision(
                &CourtDecision {
                    order_id: order,
                    court: "Osnovni sud u Novom Sadu".into(),
                    number: "R1 5/26".into(),
                    decided_on: Utc::now().date_naive(),
                    outcome: CourtOutcome::Extended,
                    ends_at: Some(served + TimeDelta::hours(3)),
                },
                now(),
            )
            .unwrap();
        let feed_a = read_feed(s, dev_a.id, 2);
        let feed_b = read_feed(s, dev_b.id, 2);
        assert!(feed_a.iter().any(|c| c.seq == decision), "{}", b.name);
        assert_eq!(records_in(&feed_a), [case, order, order], "{}", b.name);
        assert!(records_in(&feed_b).is_empty(), "{}: {feed_b:?}", b.name);

        // B may neither begin nor see an attachment of A's record, though it sent a version.
        let data = vec![9u8; 100];
        let sha = sha256_hex(&data);
        let chunk = |device| Chunk {
            device,
            record_id: case,
            sha256: &sha,
            offset: 0,
            size: 100,
            data: &data,
        };
        assert_eq!(
            s.put_chunk(&chunk(dev_b.id), u64::MAX, now()).unwrap(),
            ChunkOutcome::NotYours,
            "{}",
            b.name
        );
        assert_eq!(s.attachment_status(dev_b.id, case, &sha).unwrap(), None);
        assert!(matches!(
            s.put_chunk(&chunk(dev_a.id), u64::MAX, now()).unwrap(),
            ChunkOutcome::Stored(st) if st.complete
        ));

        // A record of B's own is B's.
        let mine = other.person(4);
        assert_eq!(
            only(push(s, &dev_b, vec![mine])).outcome,
            ReceiptOutcome::Accepted
        );
    }
}

/// Eight devices send a version of the same new record at once: exactly one is accepted (and
/// owns it), the others are quarantined `not_owner`.
#[test]
fn devices_racing_for_one_new_record_leave_it_one_owner() {
    for b in backends("devices_racing_for_one_new_record_leave_it_one_owner") {
        let store = &b.store;
        let record = Uuid::now_v7();
        let devices: Vec<_> = (0..8).map(|_| enrolled(store)).collect();
        let receipts: Vec<(Uuid, Receipt)> = std::thread::scope(|scope| {
            let handles: Vec<_> = devices
                .iter()
                .map(|(d, device)| {
                    scope.spawn(move || {
                        let e = d.envelope(
                            1,
                            RecordKind::Person,
                            record,
                            json!({"id": record, "role": "victim"}),
                        );
                        (device.id, only(push(store, device, vec![e])))
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let accepted: Vec<Uuid> = receipts
            .iter()
            .filter(|(_, r)| r.outcome == ReceiptOutcome::Accepted)
            .map(|(d, _)| *d)
            .collect();
        assert_eq!(accepted.len(), 1, "{}: {receipts:?}", b.name);
        assert!(
            receipts
                .iter()
                .filter(|(d, _)| *d != accepted[0])
                .all(|(_, r)| code(r) == "not_owner"),
            "{}: {receipts:?}",
            b.name
        );
        let held: Vec<Uuid> = store
            .records()
            .unwrap()
            .iter()
            .filter(|r| r.record_id == record)
            .map(|r| r.device_id)
            .collect();
        assert_eq!(held, accepted, "{}", b.name);
    }
}

/// The officer an envelope names must be on the roster at the envelope's time: not before they
/// were added, not at or after their removal, never for a badge the roster does not know; a
/// second period on the roster does not bring back the time between. Audit entries (the device's
/// own log) are exempt.
#[test]
fn an_envelope_whose_officer_was_not_on_the_roster_then_is_quarantined() {
    for b in backends("an_envelope_whose_officer_was_not_on_the_roster_then_is_quarantined") {
        let s = &b.store;
        let (d, dev) = enrolled(s);
        let t0 = now() - TimeDelta::days(10);
        s.add_officer(
            &NewOfficer {
                since: Some(t0),
                ..officer("NS7777", Some("NS"))
            },
            now(),
        )
        .unwrap();
        let removed = now();
        s.remove_officer("NS7777", removed).unwrap();
        let back = removed + TimeDelta::seconds(30);
        s.add_officer(
            &NewOfficer {
                since: Some(back),
                ..officer("NS7777", Some("NS"))
            },
            back,
        )
        .unwrap();

        let mut seq = 0;
        let mut made_by = |officer: &str, at: DateTime<Utc>| {
            seq += 1;
            let id = Uuid::now_v7();
            let e = d.envelope_as(
                seq,
                RecordKind::Person,
                id,
                1,
                json!({"id": id, "role": "witness"}),
                officer,
                at,
            );
            let r = only(push(s, &dev, vec![e]));
            (r.outcome, code(&r).to_owned())
        };
        let accepted = (ReceiptOutcome::Accepted, String::new());
        let unknown = (ReceiptOutcome::Quarantined, "unknown_officer".to_owned());
        let cases = [
            (
                "before added",
                "NS7777",
                t0 - TimeDelta::seconds(1),
                &unknown,
            ),
            ("at added", "NS7777", t0, &accepted),
            (
                "on the roster",
                "NS7777",
                t0 + TimeDelta::days(5),
                &accepted,
            ),
            ("at removal", "NS7777", removed, &unknown),
            (
                "between the periods",
                "NS7777",
                removed + TimeDelta::seconds(10),
                &unknown,
            ),
            (
                "back again",
                "NS7777",
                back + TimeDelta::seconds(1),
                &accepted,
            ),
            ("never on it", "XX0000", t0 + TimeDelta::days(5), &unknown),
        ];
        for (what, badge, at, want) in cases {
            assert_eq!(&made_by(badge, at), want, "{}: {what}", b.name);
        }
        let q = s.quarantine().unwrap();
        assert_eq!(q.len(), 4, "{}", b.name);
        assert!(q.iter().all(|q| q.reason.starts_with("unknown_officer")));

        // An audit entry naming a badge nobody has (a mistyped one at the unlock screen) arrives.
        let entry = json!({"seq": 1, "at": Utc::now(), "officer": "XX0000", "action": "unlock",
            "target": null, "outcome": "denied", "detail": null,
            "prev_hash": "0".repeat(64), "hash": "a".repeat(64)});
        let audit = d.envelope_as(
            seq + 1,
            RecordKind::Audit,
            Uuid::now_v7(),
            1,
            entry,
            "XX0000",
            Utc::now(),
        );
        assert_eq!(
            only(push(s, &dev, vec![audit])).outcome,
            ReceiptOutcome::Accepted,
            "{}",
            b.name
        );

        // The roster refuses a period that would start in the future or overlap the last.
        assert!(matches!(
            s.add_officer(
                &NewOfficer {
                    since: Some(now() + TimeDelta::hours(1)),
                    ..officer("NS8888", None)
                },
                now(),
            ),
            Err(StoreError::Invalid(_))
        ));
        s.remove_officer("NS7777", back + TimeDelta::minutes(1))
            .unwrap();
        assert!(matches!(
            s.add_officer(
                &NewOfficer {
                    since: Some(removed),
                    ..officer("NS7777", None)
                },
                now(),
            ),
            Err(StoreError::Invalid(_))
        ));
        assert!(matches!(
            s.add_officer(&officer("NS8888", Some("Atlantida")), now()),
            Err(StoreError::UnknownAdministration(_))
        ));
    }
}

/// Devices of Novi Sad, of Subotica and of no administration, each reading its own feed: its
/// records' numbers and decisions, its administration's roster (a device of none reads no
/// roster), its own revocation; never another device's numbers or another administration's
/// officers. A removal reaches the devices whose records name the officer wherever they belong;
/// an assignment brings the administration's roster to a device, or an officer to its devices.
#[test]
fn each_device_reads_only_what_concerns_it() {
    for b in backends("each_device_reads_only_what_concerns_it") {
        let s = &b.store;
        let (na, ns_a) = enrolled_in(s, Some("NS"));
        let (nb, ns_b) = enrolled_in(s, Some("NS"));
        let (_, su) = enrolled_in(s, Some("SU"));
        let (un, unassigned) = enrolled(s);
        let (_, revoked) = enrolled_in(s, Some("NS"));
        s.add_officer(&officer("NS5678", Some("NS")), now())
            .unwrap();
        s.add_officer(&officer("SU1111", Some("Subotica")), now())
            .unwrap();
        s.add_officer(&officer("NS0001", None), now()).unwrap();

        let (case_a, order_a, case_b) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        push(
            s,
            &ns_a,
            vec![
                na.envelope(
                    1,
                    RecordKind::Case,
                    case_a,
                    case_payload(case_a, "Novi Sad"),
                ),
                na.envelope(
                    2,
                    RecordKind::Order,
                    order_a,
                    order_payload(order_a, case_a, Utc::now() - TimeDelta::hours(2)),
                ),
            ],
        );
        push(
            s,
            &ns_b,
            vec![nb.envelope(
                1,
                RecordKind::Case,
                case_b,
                case_payload(case_b, "Novi Sad"),
            )],
        );
        // The unassigned officer works on the unassigned device.
        let id = Uuid::now_v7();
        let by_ns0001 = un.envelope_as(
            1,
            RecordKind::Person,
            id,
            1,
            json!({"id": id}),
            "NS0001",
            Utc::now(),
        );
        assert_eq!(
            only(push(s, &unassigned, vec![by_ns0001])).outcome,
            ReceiptOutcome::Accepted
        );
        s.add_court_decision(
            &CourtDecision {
                order_id: order_a,
                court: "Osnovni sud u Novom Sadu".into(),
                number: "R1 9/26".into(),
                decided_on: Utc::now().date_naive(),
                outcome: CourtOutcome::Refused,
                ends_at: None,
            },
            now(),
        )
        .unwrap();
        s.revoke(revoked.id, now()).unwrap();
        s.remove_officer("NS5678", now()).unwrap();
        s.remove_officer("NS0001", now()).unwrap();

        let a = read_feed(s, ns_a.id, 1);
        assert_eq!(records_in(&a), [case_a, order_a, order_a], "{}", b.name);
        assert_eq!(badges_added(&a), [BADGE, "NS5678"], "{}: {a:?}", b.name);
        assert_eq!(badges_removed(&a), ["NS5678"], "{}", b.name);
        assert!(
            !a.iter()
                .any(|c| matches!(c.change, ChangeKind::Revoked { .. }))
        );

        let nb_feed = read_feed(s, ns_b.id, 3);
        assert_eq!(records_in(&nb_feed), [case_b], "{}", b.name);
        assert_eq!(badges_added(&nb_feed), [BADGE, "NS5678"]);

        let su_feed = read_feed(s, su.id, 3);
        assert!(records_in(&su_feed).is_empty(), "{}", b.name);
        assert_eq!(badges_added(&su_feed), ["SU1111"], "{}", b.name);
        assert!(badges_removed(&su_feed).is_empty());

        // No administration: no roster, but the removal of the officer its records name.
        let un_feed = read_feed(s, unassigned.id, 3);
        assert!(badges_added(&un_feed).is_empty(), "{}: {un_feed:?}", b.name);
        assert_eq!(badges_removed(&un_feed), ["NS0001"], "{}", b.name);

        let r_feed = read_feed(s, revoked.id, 3);
        let revocation = ChangeKind::Revoked {
            device_id: revoked.id,
        };
        assert!(r_feed.iter().any(|c| c.change == revocation), "{}", b.name);

        // Changes for others leave the cursor where it is: nothing new for A.
        let cursor = a.last().unwrap().seq;
        s.add_officer(&officer("SU2222", Some("SU")), now())
            .unwrap();
        assert!(
            s.feed(ns_a.id, cursor, 10).unwrap().0.is_empty(),
            "{}",
            b.name
        );

        // Assigned to Subotica, the device reads its roster as it stands, after its cursor.
        let cursor = un_feed.last().unwrap().seq;
        assert!(s.assign_device(unassigned.id, "SU", now()).unwrap());
        assert!(!s.assign_device(unassigned.id, "SU", now()).unwrap());
        let (after, _) = s.feed(unassigned.id, cursor, 10).unwrap();
        assert_eq!(badges_added(&after), ["SU1111", "SU2222"], "{}", b.name);

        // An officer moving from Novi Sad to Subotica: added there, removed here.
        let (a_cursor, su_cursor) = (read_feed(s, ns_a.id, 50), read_feed(s, su.id, 50));
        let (a_cursor, su_cursor) = (a_cursor.last().unwrap().seq, su_cursor.last().unwrap().seq);
        assert!(s.assign_officer(BADGE, "SU", now()).unwrap());
        let (to_a, _) = s.feed(ns_a.id, a_cursor, 10).unwrap();
        let (to_su, _) = s.feed(su.id, su_cursor, 10).unwrap();
        assert_eq!(
            (badges_added(&to_a), badges_removed(&to_a)),
            (vec![], vec![BADGE.to_owned()]),
            "{}",
            b.name
        );
        assert_eq!(badges_added(&to_su), [BADGE], "{}", b.name);
        assert!(matches!(
            s.assign_device(unassigned.id, "XX", now()),
            Err(StoreError::UnknownAdministration(_))
        ));
        assert!(matches!(
            s.assign_officer("NS9999", "NS", now()),
            Err(StoreError::UnknownOfficer(_))
        ));
    }
}

/// On PostgreSQL a sequence value is taken when a change is inserted, but the change is seen
/// only when its transaction commits: a change given seq n+1 that committed while the one given
/// n was still open would let a device's cursor pass n before n appeared, and the device would
/// never read it. Appends take turns until commit, so the second waits for the first: a device
/// reading meanwhile sees neither, then both. (SQLite has one writer at a time anyway.)
#[test]
fn a_change_still_being_written_is_never_passed_by_a_later_one() {
    use zastita_central::store::changes::{Audience, append_change};
    let Some((admin, db, url)) = crate::harness::fresh_postgres() else {
        println!("PostgreSQL variant skipped (ZASTITA_TEST_POSTGRES is not set)");
        return;
    };
    let store = Store::open(
        &zastita_central::store::Location::Postgres(
            zastita_central::store::postgres::PgTarget::new(url.clone()),
        ),
        crate::harness::new_keys(),
    )
    .unwrap();
    let (_, dev) = enrolled(&store);
    let (store, device) = (&store, dev.id);
    let revoked = |seq: u64| ChangeKind::Revoked {
        device_id: Uuid::from_u128(u128::from(seq)),
    };
    let (appended, wait_appended) = std::sync::mpsc::channel();
    let (release, wait_release) = std::sync::mpsc::channel::<()>();
    std::thread::scope(|scope| {
        let first = scope.spawn(move || {
            store
                .tx(|sql| {
                    append_change(sql, &revoked(1), Audience::Device(device), now())?;
                    appended.send(()).unwrap();
                    wait_release.recv().unwrap();
                    Ok(())
                })
                .unwrap()
        });
        wait_appended.recv().unwrap();
        let second = scope.spawn(move || {
            store
                .tx(|sql| append_change(sql, &revoked(2), Audience::Device(device), now()))
                .unwrap()
        });
        // Wait until the second append has committed or is waiting for its turn.
        let mut pg = crate::harness::pg_connect(&url);
        let started = std::time::Instant::now();
        while !second.is_finished() {
            let waiting: i64 = pg
                .query_one(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
                    &[],
                )
                .unwrap()
                .get(0);
            if waiting > 0 {
                break;
            }
            assert!(
                started.elapsed().as_secs() < 60,
                "the second append never ran"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        // A device reads now, and moves its cursor over whatever it was given.
        let (seen, _) = store.feed(device, 0, 100).unwrap();
        let cursor = seen.last().map_or(0, |c| c.seq);
        release.send(()).unwrap();
        first.join().unwrap();
        second.join().unwrap();
        let (rest, _) = store.feed(device, cursor, 100).unwrap();
        let read: Vec<&ChangeKind> = seen.iter().chain(&rest).map(|c| &c.change).collect();
        assert_eq!(read, [&revoked(1), &revoked(2)], "a change was passed over");
    });
    crate::harness::drop_database(&admin, &db);
}
