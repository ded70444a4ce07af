//! A feed page as the device receives it: the body decoded as the sync client decodes it, then
//! applied to a real, enrolled SQLCipher store that holds the frozen sample case (case-v3.json,
//! with its order), whose ids and this device's central id the seeds name. Any page must apply
//! or be refused whole, never panic. The cursor is put back after each page so every input is
//! applied, and the store is made anew every few thousand pages (and after a revocation).
#![no_main]

use std::cell::RefCell;
use std::path::Path;
use std::sync::Arc;

use base64::Engine;
use libfuzzer_sys::fuzz_target;
use tempfile::TempDir;
use uuid::Uuid;
use zastita_core::app::{Device, DeviceConfig, InitRequest, Session, testing};
use zastita_core::clock::SystemClock;
use zastita_core::keyring::UnlockPolicy;
use zastita_core::keys::{KdfCost, Passphrase};
use zastita_protocol::messages::{EnrollResponse, FeedResponse};
use zastita_protocol::signing::sha256_hex;

const BADGE: &str = "NS1234";
const PASS: &str = "Zelena livada 7";
/// The central record's id of this device, as the seeds name it.
const ME: Uuid = Uuid::from_u128(0x0195aaaa_0000_7000_8000_000000000001);
const CA_DER: &[u8] = b"fuzz CA certificate DER bytes";
const SAMPLE: &[u8] = include_bytes!("../../tests/fixtures/case-v3.json");
/// Pages applied before the store is made anew (its audit log only grows).
const RENEW_AFTER: u32 = 5_000;

struct Fixture {
    session: Session,
    raw: rusqlite::Connection,
    applied: u32,
    _dir: TempDir,
}

fn fixture() -> Fixture {
    let dir = tempfile::Builder::new()
        .prefix("zastita-fuzz-feed-")
        .tempdir_in("/dev/shm")
        .or_else(|_| tempfile::tempdir())
        .expect("a temporary directory");
    let config = DeviceConfig {
        policy: UnlockPolicy::default(),
        kdf: KdfCost::TEST_ONLY_FAST,
        clock: Arc::new(SystemClock),
    };
    let mut session = Device::init(
        dir.path(),
        InitRequest {
            badge: BADGE.to_owned(),
            name: "Milica Jovanović".to_owned(),
            passphrase: Passphrase::new(PASS.to_owned()),
            rank: String::new(),
        },
        config,
    )
    .expect("a new store");
    session
        .import_case(SAMPLE)
        .expect("the sample case imports");
    let code = format!(
        "zastita-enroll:v1:tok_fuzz:{}:https://127.0.0.1:8443",
        sha256_hex(CA_DER)
    );
    let pending = session
        .enroll_begin(&code, "fuzz", "fuzz")
        .expect("enrolment starts");
    let pem = format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        base64::engine::general_purpose::STANDARD.encode(CA_DER)
    );
    session
        .enroll_finish(
            pending,
            &EnrollResponse {
                device_id: ME,
                ca_certificate_pem: pem,
                server_time: chrono::Utc::now(),
            },
        )
        .expect("enrolment finishes");
    let raw = open_raw(dir.path());
    Fixture {
        session,
        raw,
        applied: 0,
        _dir: dir,
    }
}

fn open_raw(dir: &Path) -> rusqlite::Connection {
    testing::open_raw(dir, PASS, BADGE).expect("the raw connection opens")
}

thread_local! {
    static FIXTURE: RefCell<Option<Fixture>> = const { RefCell::new(None) };
}

fuzz_target!(|data: &[u8]| {
    // What the sync client does with the body of `GET /v1/feed`.
    let Ok(page) = serde_json::from_slice::<FeedResponse>(data) else {
        return;
    };
    FIXTURE.with(|cell| {
        let mut slot = cell.borrow_mut();
        let f = slot.get_or_insert_with(fixture);
        let renew = match f.session.sync_apply_feed(&page) {
            Ok(outcome) => outcome.revoked,
            Err(_) => false,
        };
        f.applied += 1;
        if renew || f.applied >= RENEW_AFTER {
            *slot = None;
            return;
        }
        f.raw
            .execute("UPDATE sync_state SET feed_cursor = 0 WHERE id = 1", [])
            .expect("the cursor resets");
    });
});
