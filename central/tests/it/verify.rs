//! Issue 13, item 10: `verify` finds, on both backends, an admin audit entry changed around the
//! database's triggers, a device's audit chain with an entry removed, and an attachment whose
//! stored chunk was changed or removed — each named specifically — and the binary exits non-zero
//! with that report (`--json` too).

use serde_json::{Value, json};
use uuid::Uuid;
use zastita_central::store::admin_audit::{Actor, AdminEntry};
use zastita_central::store::attachments::{Chunk, ChunkOutcome};
use zastita_central::store::push::PushPolicy;
use zastita_central::store::verify::VerifyReport;
use zastita_central::store::{Device, Store, now};
use zastita_protocol::messages::{PushRequest, RecordKind, SignedEnvelope};
use zastita_protocol::signing::sha256_hex;

use crate::admin_audit::{Station, stderr};
use crate::harness::{TestDevice, backends, enrolled};

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

fn push(store: &Store, device: &Device, envelopes: Vec<SignedEnvelope>) {
    store
        .push(
            device,
            &PushRequest {
                envelopes,
                device_time: chrono::Utc::now(),
            },
            now(),
            PushPolicy { auto_numbers: true },
        )
        .unwrap();
}

/// The problems of section `name`.
fn problems(r: &VerifyReport, name: &str) -> Vec<String> {
    r.sections
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no section {name}"))
        .problems
        .clone()
}

/// Get around the admin audit's triggers, as someone with the database's owner rights could.
fn bypass_triggers(store: &Store, backend: &str) {
    let statement = if backend == "sqlite" {
        "DROP TRIGGER admin_audit_no_update; DROP TRIGGER admin_audit_no_delete"
    } else {
        "ALTER TABLE admin_audit DISABLE TRIGGER admin_audit_no_change"
    };
    store.tx(|sql| sql.batch(statement)).unwrap();
}

#[test]
fn verify_finds_an_admin_audit_entry_changed_behind_the_triggers() {
    for b in backends("verify_finds_an_admin_audit_entry_changed_behind_the_triggers") {
        let s = &b.store;
        let ana = Actor::admin_cli(Some("Ana Operator"), "root").unwrap();
        for badge in ["NS1", "NS2", "NS3"] {
            s.append_admin_audit(
                &ana,
                &AdminEntry::new("officer.remove").target(format!("officer:{badge}")),
                now(),
            )
            .unwrap();
        }
        let r = s.verify().unwrap();
        assert!(r.ok, "{}: {r:?}", b.name);
        bypass_triggers(s, b.name);
        s.tx(|sql| {
            sql.execute(
                "UPDATE admin_audit SET actor_name = 'Someone Else' WHERE seq = 2",
                &[],
            )
        })
        .unwrap();
        let r = s.verify().unwrap();
        assert!(!r.ok);
        assert_eq!(
            problems(&r, "admin_audit"),
            [
                "admin audit entry 2: its content does not match its hash (changed after it was \
              written)"
            ],
            "{}",
            b.name
        );
        assert!(problems(&r, "device_audit_chains").is_empty());
        // An entry removed from the middle is found too.
        s.tx(|sql| sql.execute("DELETE FROM admin_audit WHERE seq = 1", &[]))
            .unwrap();
        let p = problems(&s.verify().unwrap(), "admin_audit");
        assert!(
            p[0].contains("entries 1 to 1 are missing"),
            "{}: {p:?}",
            b.name
        );
    }
}

/// An audit entry's payload as the device queues it, chained with real-looking hashes.
fn audit_chain(d: &TestDevice, n: u64) -> Vec<SignedEnvelope> {
    let mut prev = GENESIS.to_owned();
    (1..=n)
        .map(|seq| {
            let hash = sha256_hex(format!("{prev}{seq}").as_bytes());
            let env = d.envelope(
                seq,
                RecordKind::Audit,
                Uuid::now_v7(),
                json!({"seq": seq, "at": chrono::Utc::now(), "officer": "NS1234",
                       "action": "view", "target": null, "outcome": "ok", "detail": null,
                       "prev_hash": prev, "hash": hash}),
            );
            prev = hash;
            env
        })
        .collect()
}

#[test]
fn verify_finds_a_device_chain_with_an_entry_removed() {
    for b in backends("verify_finds_a_device_chain_with_an_entry_removed") {
        let s = &b.store;
        let (d, dev) = enrolled(s);
        push(s, &dev, audit_chain(&d, 4));
        let r = s.verify().unwrap();
        assert!(r.ok, "{}: {r:?}", b.name);
        assert_eq!(r.sections[0].checked, 1);
        s.tx(|sql| {
            sql.execute(
                "DELETE FROM records WHERE device_id = $1 AND seq = 2",
                &[dev.id.into()],
            )
        })
        .unwrap();
        let r = s.verify().unwrap();
        assert!(!r.ok);
        let p = problems(&r, "device_audit_chains");
        assert!(
            p.iter()
                .any(|p| p.starts_with(&format!("device {}: audit_chain_gap", dev.id))),
            "{}: {p:?}",
            b.name
        );
        assert!(
            p.iter().any(|p| p.contains("audit_anchor_mismatch")),
            "{}: {p:?}",
            b.name
        );
    }
}

#[test]
fn verify_finds_an_attachment_chunk_changed_or_removed() {
    for b in backends("verify_finds_an_attachment_chunk_changed_or_removed") {
        let s = &b.store;
        let (d, dev) = enrolled(s);
        let data: Vec<u8> = (0..6000u32).map(|i| (i % 251) as u8).collect();
        let sha = sha256_hex(&data);
        let sent = d.person(1);
        let record = sent.envelope.record_id;
        push(s, &dev, vec![sent]);
        for (from, to) in [(0, 4000), (4000, 6000)] {
            let out = s
                .put_chunk(
                    &Chunk {
                        device: dev.id,
                        record_id: record,
                        sha256: &sha,
                        offset: from as u64,
                        size: data.len() as u64,
                        data: &data[from..to],
                    },
                    u64::MAX,
                    now(),
                )
                .unwrap();
            assert!(matches!(out, ChunkOutcome::Stored(_)), "{out:?}");
        }
        let r = s.verify().unwrap();
        assert!(r.ok, "{}: {r:?}", b.name);
        assert_eq!(r.sections[2].checked, 1);
        // The second chunk overwritten without the central key: it no longer decrypts.
        s.tx(|sql| {
            sql.execute(
                "UPDATE attachment_chunks SET data = $1 WHERE record_id = $2 AND start_at = 4000",
                &[data[4000..6000].to_vec().into(), record.into()],
            )
        })
        .unwrap();
        let p = problems(&s.verify().unwrap(), "attachments");
        assert!(p[0].contains("a chunk cannot be read"), "{}: {p:?}", b.name);
        let p = problems(&s.verify().unwrap(), "encryption");
        assert!(p[0].contains("is not encrypted"), "{}: {p:?}", b.name);
        // One byte of the second chunk flipped by someone holding the key: sealed for its row,
        // same length, another hash.
        let mut changed = data[4000..6000].to_vec();
        changed[17] ^= 0xff;
        s.tx(|sql| {
            let place = zastita_central::store::crypt::Place::new(
                "attachment_chunks",
                "data",
                format!("{record}/{sha}/4000"),
            );
            let sealed = sql.cipher()?.seal_bytes(&place, &changed)?;
            sql.execute(
                "UPDATE attachment_chunks SET data = $1 WHERE record_id = $2 AND start_at = 4000",
                &[sealed.into(), record.into()],
            )
        })
        .unwrap();
        let p = problems(&s.verify().unwrap(), "attachments");
        assert_eq!(p.len(), 1, "{}: {p:?}", b.name);
        assert!(
            p[0].starts_with(&format!(
                "attachment {sha} of record {record}: its chunks hash to"
            )),
            "{p:?}"
        );
        // The first chunk removed.
        s.tx(|sql| {
            sql.execute(
                "DELETE FROM attachment_chunks WHERE record_id = $1 AND start_at = 0",
                &[record.into()],
            )
        })
        .unwrap();
        let p = problems(&s.verify().unwrap(), "attachments");
        assert!(
            p[0].contains("do not follow one another at byte 0"),
            "{p:?}"
        );
    }
}

#[test]
fn the_verify_command_exits_non_zero_with_its_report() {
    for st in Station::all("the_verify_command_exits_non_zero_with_its_report") {
        st.init();
        let out = st.ok(&["verify"]);
        assert!(
            out.contains("admin_audit: 1 checked, ok"),
            "{}: {out}",
            st.name
        );
        assert!(out.contains("device_audit_chains: 0 checked, ok"), "{out}");
        assert!(out.contains("attachments: 0 checked, ok"), "{out}");
        // Tampered with from outside: the `init` entry changed behind the triggers.
        let store = st.db.open().unwrap();
        bypass_triggers(&store, st.name);
        store
            .tx(|sql| {
                sql.execute(
                    "UPDATE admin_audit SET actor_id = 'nobody' WHERE seq = 1",
                    &[],
                )
            })
            .unwrap();
        drop(store);
        let failed = st.run(None, &["verify"]);
        assert_eq!(
            failed.status.code(),
            Some(2),
            "{}: {}",
            st.name,
            stderr(&failed)
        );
        let text = String::from_utf8(failed.stdout.clone()).unwrap();
        assert!(text.contains("admin_audit: 2 checked, FAILED"), "{text}");
        assert!(
            text.contains("  - admin audit entry 1: its content does not match its hash"),
            "{text}"
        );
        assert!(
            stderr(&failed).contains("1 problem(s)"),
            "{}",
            stderr(&failed)
        );
        let failed = st.run(None, &["verify", "--json"]);
        assert_eq!(failed.status.code(), Some(2));
        let report: Value = serde_json::from_slice(&failed.stdout).unwrap();
        assert_eq!(report["ok"], false);
        let admin = &report["sections"][1];
        assert_eq!(admin["name"], "admin_audit");
        assert_eq!(admin["checked"], 3, "init and the two runs of verify");
        assert!(
            admin["problems"][0]
                .as_str()
                .unwrap()
                .starts_with("admin audit entry 1:"),
            "{report}"
        );
    }
}
