//! The push request as the central record receives it: the body decoded as the handler decodes
//! it, the handler's checks, then `Store::push` on a real SQLite central record. A flag byte
//! first lets the fuzzer get past the signature: bit 0 names the enrolled device, bit 1 fixes
//! the payload digest, bit 2 signs with the device's real key, bit 3 turns automatic numbering
//! on. Any input must give receipts or a refusal, never a panic; a resend gets the receipts of
//! every version first accepted again. The seeds' officer (`NS1234`) is on the roster, so
//! versions get past the roster check to ownership, numbering and storage.
#![no_main]

use std::sync::OnceLock;

use chrono::TimeDelta;
use libfuzzer_sys::fuzz_target;
use tempfile::TempDir;
use uuid::Uuid;
use zastita_central::store::admin::Enrolment;
use zastita_central::store::push::PushPolicy;
use zastita_central::store::roster::NewOfficer;
use zastita_central::store::{Location, Store, now};
use zastita_protocol::messages::{
    MAX_PUSH_ENVELOPES, OfficerRole, PushRequest, ReceiptOutcome, payload_digest,
};
use zastita_protocol::signing::DeviceKey;

struct Central {
    store: Store,
    device: Uuid,
    key: DeviceKey,
    _dir: TempDir,
}

fn central() -> &'static Central {
    static CENTRAL: OnceLock<Central> = OnceLock::new();
    CENTRAL.get_or_init(|| {
        // tmpfs when there is one: every push is a committed transaction.
        let dir = tempfile::Builder::new()
            .prefix("zastita-fuzz-push-")
            .tempdir_in("/dev/shm")
            .or_else(|_| tempfile::tempdir())
            .expect("a temporary directory");
        let keys = zastita_central::keys::CentralKeys::fixed(
            zastita_central::keys::KeySet::generate(now()).expect("a central key"),
        );
        let store = Store::open(&Location::Sqlite(dir.path().join("central.db")), keys)
            .expect("a new central record");
        let token = store
            .create_token("fuzz", TimeDelta::hours(24), now())
            .expect("a token");
        let (key, _) = DeviceKey::generate().expect("a device key");
        let device = store
            .enroll(
                &Enrolment {
                    token: &token.token,
                    public_key: &key.public_key(),
                    label: "fuzz",
                    app_version: "fuzz",
                    status_public_key: None,
                },
                now(),
            )
            .expect("an enrolled device");
        store
            .add_officer(
                &NewOfficer {
                    badge: "NS1234",
                    name: "Fuzz",
                    role: OfficerRole::Competent,
                    rank: None,
                    administration: Some("NS"),
                    since: Some("2000-01-01T00:00:00Z".parse().expect("an instant")),
                },
                now(),
            )
            .expect("the seeds' officer on the roster");
        Central {
            store,
            device: device.id,
            key,
            _dir: dir,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, body)) = data.split_first() else {
        return;
    };
    // What `handlers::push` does before the store: decode, at most so many envelopes, seqs ≥ 1.
    let Ok(mut req) = serde_json::from_slice::<PushRequest>(body) else {
        return;
    };
    if req.envelopes.len() > MAX_PUSH_ENVELOPES
        || req
            .envelopes
            .iter()
            .any(|e| e.envelope.seq == 0 || i64::try_from(e.envelope.seq).is_err())
    {
        return;
    }
    let c = central();
    for signed in &mut req.envelopes {
        if flags & 1 != 0 {
            signed.envelope.device_id = c.device;
        }
        if flags & 2 != 0 {
            if let Ok(digest) = payload_digest(&signed.envelope.payload) {
                signed.envelope.payload_sha256 = digest;
            }
        }
        if flags & 4 != 0 {
            if let Ok(s) = signed.envelope.clone().sign(&c.key) {
                *signed = s;
            }
        }
    }
    let policy = PushPolicy {
        auto_numbers: flags & 8 != 0,
    };
    let device = c
        .store
        .device(c.device)
        .expect("the device reads")
        .expect("the device is enrolled");
    let Ok(first) = c.store.push(&device, &req, now(), policy) else {
        return;
    };
    assert_eq!(first.receipts.len(), req.envelopes.len());
    // One receipt per envelope, in order. (A version the central record already holds gets its
    // stored receipt, with the seq it first came with: the device matches by version id.)
    for (r, e) in first.receipts.iter().zip(&req.envelopes) {
        assert_eq!(r.version_id, e.envelope.version_id);
    }
    let device = c
        .store
        .device(c.device)
        .expect("the device reads")
        .expect("the device is enrolled");
    let again = c
        .store
        .push(&device, &req, now(), policy)
        .expect("a batch the central record took once, it takes again");
    for (a, b) in first.receipts.iter().zip(&again.receipts) {
        if a.outcome == ReceiptOutcome::Accepted {
            assert_eq!(a, b, "a resent accepted version got another receipt");
        }
    }
    assert!(again.acked_seq >= first.acked_seq);
});
