//! The keyring on disk is the truth, with one long-lived `Device` as the app holds it: a
//! revocation or an officer's removal made through the session is never undone by the next
//! unlock; two processes (two `Device`s) counting failures never lose one; security events noted
//! while locked survive a crash between the audit commit and the keyring's write; a creation
//! interrupted between the database and the keyring is recovered; the outbox refuses DELETE.

use std::path::Path;
use std::sync::{Arc, Barrier};

use zastita_core::app::{AddOfficerRequest, Device, InitRequest, OfficerRole, UnlockRequest};
use zastita_core::domain::Badge;
use zastita_core::error::{Error, ErrorCode};
use zastita_core::keyring::{KEYRING_FILE_NAME, LOCK_FILE_NAME, UnlockPolicy};
use zastita_core::keys::Passphrase;
use zastita_core::store::DB_FILE;
use zastita_protocol::messages::ChangeKind;

use crate::harness::{BADGE, PASS, TestStore, content};
use crate::sync::{enrol, page};

const OTHER: &str = "NS5678";
const OTHER_PASS: &str = "Plava reka 9 teče";

fn unlock_as(
    device: &mut Device,
    badge: &str,
    pass: &str,
) -> Result<zastita_core::app::Session, Error> {
    device.unlock(UnlockRequest {
        badge: badge.to_owned(),
        passphrase: Passphrase::new(pass.to_owned()),
    })
}

fn db_files(dir: &Path) -> Vec<String> {
    ["", "-wal", "-shm", "-journal"]
        .iter()
        .map(|s| format!("{DB_FILE}{s}"))
        .filter(|name| dir.join(name).exists())
        .collect()
}

#[test]
fn a_device_revoked_while_unlocked_stays_dead_for_the_long_lived_device() {
    let (ts, s) = TestStore::new();
    s.lock().unwrap();
    // The app opens the device once and keeps it for its whole run.
    let mut device = ts.device();
    let mut s = unlock_as(&mut device, BADGE, PASS).unwrap();
    s.save_case_draft(zastita_core::app::SaveCaseDraftRequest {
        id: None,
        content: content(""),
    })
    .unwrap();
    let (id, _) = enrol(&ts, &mut s);
    let out = s
        .sync_apply_feed(&page(1, vec![(1, ChangeKind::Revoked { device_id: id })]))
        .unwrap();
    assert!(out.revoked);
    assert!(s.is_revoked());
    // As the shell does on revocation: the session ends at once, the database goes.
    s.close_revoked().unwrap();
    assert!(db_files(ts.path()).is_empty(), "{:?}", db_files(ts.path()));

    // The long-lived device refuses, with the right passphrase, and says why.
    let e = unlock_as(&mut device, BADGE, PASS).unwrap_err();
    assert_eq!(e.code(), ErrorCode::DeviceRevoked, "{e}");
    assert!(device.status().revoked && device.status().wiped);
    // Nothing was written back: on disk the keys are still gone, no database reappeared.
    let next_start = ts.device();
    assert!(next_start.status().revoked);
    assert!(next_start.status().officers.is_empty());
    assert!(db_files(ts.path()).is_empty());
    assert_eq!(
        ts.unlock(PASS).unwrap_err().code(),
        ErrorCode::DeviceRevoked
    );
}

#[test]
fn a_revoked_database_left_behind_by_a_crash_is_deleted_at_the_next_start() {
    let (ts, mut s) = TestStore::new();
    enrol(&ts, &mut s);
    s.sync_revoked().unwrap();
    // A crash right after the wipe: the session never closed, the database is still there.
    drop(s);
    assert!(!db_files(ts.path()).is_empty());
    let device = ts.device();
    assert!(device.status().revoked);
    assert!(db_files(ts.path()).is_empty(), "{:?}", db_files(ts.path()));
}

#[test]
fn wiped_by_wrong_passphrases_is_not_reported_as_revoked() {
    let (ts, s) = TestStore::new();
    s.lock().unwrap();
    let mut device = ts.device();
    for _ in 0..10 {
        ts.clock.set(ts.clock_now() + chrono::Duration::days(1));
        let _ = unlock_as(&mut device, BADGE, "Pogrešna lozinka 1");
    }
    let status = ts.device().status();
    assert!(status.wiped && !status.revoked, "{status:?}");
    assert_eq!(
        unlock_as(&mut device, BADGE, PASS).unwrap_err().code(),
        ErrorCode::Wiped
    );
    // The database stays (unreadable without a key); only a revocation deletes it.
    assert!(ts.path().join(DB_FILE).exists());
}

#[test]
fn an_officer_removed_centrally_never_unlocks_again_through_the_same_device() {
    let (ts, mut s) = TestStore::new();
    enrol(&ts, &mut s);
    // An officer enrolled in the session unlocks through the device the app already holds.
    let mut device = ts.device();
    s.add_officer(AddOfficerRequest {
        badge: OTHER.into(),
        name: "Petar Ilić".into(),
        passphrase: Passphrase::new(OTHER_PASS.into()),
        role: OfficerRole::Patrol,
        rank: String::new(),
    })
    .unwrap();
    s.lock().unwrap();
    unlock_as(&mut device, OTHER, OTHER_PASS)
        .unwrap()
        .lock()
        .unwrap();

    // The central roster removes him while the competent officer's session runs.
    let mut s = unlock_as(&mut device, BADGE, PASS).unwrap();
    s.sync_apply_feed(&page(
        1,
        vec![(
            1,
            ChangeKind::OfficerRemoved {
                badge: OTHER.into(),
            },
        )],
    ))
    .unwrap();
    s.lock().unwrap();

    for _ in 0..2 {
        let e = unlock_as(&mut device, OTHER, OTHER_PASS).unwrap_err();
        assert_eq!(e.code(), ErrorCode::UnknownOfficer, "{e}");
    }
    // The competent officer's unlocks did not write the removed wrap back.
    drop(unlock_as(&mut device, BADGE, PASS).unwrap());
    let on_disk = ts.device().status().officers;
    assert_eq!(on_disk, vec![Badge::parse(BADGE).unwrap()]);
    assert!(
        !std::fs::read_to_string(ts.path().join(KEYRING_FILE_NAME))
            .unwrap()
            .contains(OTHER)
    );
}

/// Two processes on one store (the app and the CLI), each with its own `Device`, trying wrong
/// passphrases at once: every attempt counted, none lost.
#[test]
fn two_devices_racing_failures_never_lose_a_count() {
    let (ts, s) = TestStore::new();
    s.lock().unwrap();
    let mut config = ts.config();
    // No lock-out in this round: every attempt is evaluated and counted.
    config.policy = UnlockPolicy {
        lock_after: 1000,
        warn_from: 1000,
        wipe_after: 1000,
        ..UnlockPolicy::default()
    };
    const THREADS: usize = 4;
    const ATTEMPTS: usize = 15;
    let start = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|_| {
            let mut device = Device::open(ts.path(), config.clone()).unwrap();
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                start.wait();
                for _ in 0..ATTEMPTS {
                    let e = unlock_as(&mut device, BADGE, "Pogrešna lozinka 1").unwrap_err();
                    assert_eq!(e.code(), ErrorCode::WrongPassphrase, "{e}");
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let status = Device::open(ts.path(), config.clone()).unwrap().status();
    assert_eq!(status.consecutive_failures as usize, THREADS * ATTEMPTS);
    // Every failure reaches the audit log at the next unlock, once.
    let mut device = Device::open(ts.path(), config).unwrap();
    let s = unlock_as(&mut device, BADGE, PASS).unwrap();
    let failed = s
        .audit_log(1000)
        .unwrap()
        .into_iter()
        .filter(|e| e.entry.action.as_str() == "failed_unlock")
        .count();
    assert_eq!(failed, THREADS * ATTEMPTS);
}

/// The same race under the real policy: the lock-out after 5 is respected by every process (no
/// attempt slips past it between another's check and count), and no count is lost.
#[test]
fn two_devices_racing_failures_respect_the_lock_out() {
    let (ts, s) = TestStore::new();
    s.lock().unwrap();
    const THREADS: usize = 4;
    let start = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|_| {
            let mut device = ts.device();
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                start.wait();
                let mut codes = Vec::new();
                for _ in 0..5 {
                    codes.push(
                        unlock_as(&mut device, BADGE, "Pogrešna lozinka 1")
                            .unwrap_err()
                            .code(),
                    );
                }
                codes
            })
        })
        .collect();
    let codes: Vec<ErrorCode> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    let wrong = codes
        .iter()
        .filter(|c| **c == ErrorCode::WrongPassphrase)
        .count();
    assert_eq!(wrong, 4, "{codes:?}");
    assert!(
        codes
            .iter()
            .all(|c| matches!(c, ErrorCode::WrongPassphrase | ErrorCode::LockedOut))
    );
    let status = ts.device().status();
    assert_eq!(status.consecutive_failures, 5, "{status:?}");
    assert!(status.locked_until.is_some());
}

#[test]
fn failures_noted_while_locked_survive_a_crash_after_their_audit_commit_exactly_once() {
    let (ts, s) = TestStore::new();
    s.lock().unwrap();
    for _ in 0..2 {
        assert!(ts.unlock("Pogrešna lozinka 1").is_err());
    }
    let keyring = ts.path().join(KEYRING_FILE_NAME);
    let noted = std::fs::read(&keyring).unwrap();
    // This unlock commits the two events to the audit log, then clears them from the keyring.
    ts.unlock(PASS).unwrap().lock().unwrap();
    // A crash between the commit and the keyring's write: the keyring still holds them.
    std::fs::write(&keyring, &noted).unwrap();
    let mut s = ts.unlock(PASS).unwrap();
    let failed = s
        .audit_log(100)
        .unwrap()
        .into_iter()
        .filter(|e| e.entry.action.as_str() == "failed_unlock")
        .count();
    assert_eq!(failed, 2, "each event logged once");
    assert!(s.verify().unwrap().ok);
    s.lock().unwrap();
    assert!(ts.device().status().consecutive_failures == 0);
    let f = zastita_core::keyring::Keyring::load(ts.path()).unwrap();
    assert!(f.file().pending_events.is_empty(), "cleared once logged");
}

#[test]
fn a_creation_interrupted_between_database_and_keyring_is_said_and_recovered() {
    let (ts, s) = TestStore::new();
    drop(s);
    // The database was made, the process died before the keyring reached disk.
    std::fs::remove_file(ts.path().join(KEYRING_FILE_NAME)).unwrap();
    assert!(ts.path().join(DB_FILE).exists());

    let e = Device::open(ts.path(), ts.config()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InitInterrupted, "{e}");
    assert!(!Device::exists(ts.path()), "the app offers the first run");

    let mut s = Device::init(
        ts.path(),
        InitRequest {
            badge: BADGE.to_owned(),
            name: "Milica Jovanović".to_owned(),
            passphrase: Passphrase::new(PASS.to_owned()),
            rank: String::new(),
        },
        ts.config(),
    )
    .unwrap();
    assert!(s.verify().unwrap().ok);
    s.lock().unwrap();
    ts.unlock(PASS).unwrap().lock().unwrap();
}

#[test]
fn a_keyring_without_its_database_is_a_clear_error_and_makes_no_new_one() {
    let (ts, s) = TestStore::new();
    s.lock().unwrap();
    let mut device = ts.device();
    std::fs::remove_file(ts.path().join(DB_FILE)).unwrap();
    let e = unlock_as(&mut device, BADGE, PASS).unwrap_err();
    assert_eq!(e.code(), ErrorCode::DatabaseMissing, "{e}");
    assert!(!ts.path().join(DB_FILE).exists());
    assert_eq!(device.status().consecutive_failures, 0, "not counted");
}

#[test]
fn a_damaged_lock_file_refuses_unlocking_clearly_and_loses_nothing() {
    let (ts, s) = TestStore::new();
    s.lock().unwrap();
    let mut device = ts.device();
    let lock = ts.path().join(LOCK_FILE_NAME);
    std::fs::remove_file(&lock).unwrap();
    std::fs::create_dir(&lock).unwrap();
    let before = std::fs::read(ts.path().join(KEYRING_FILE_NAME)).unwrap();
    let e = unlock_as(&mut device, BADGE, PASS).unwrap_err();
    assert_eq!(e.code(), ErrorCode::KeyringLock, "{e}");
    assert_eq!(
        std::fs::read(ts.path().join(KEYRING_FILE_NAME)).unwrap(),
        before
    );
    std::fs::remove_dir(&lock).unwrap();
    unlock_as(&mut device, BADGE, PASS).unwrap().lock().unwrap();
}

#[test]
fn the_database_itself_refuses_to_delete_from_the_outbox() {
    let (ts, mut s) = TestStore::new();
    let id = s
        .save_case_draft(zastita_core::app::SaveCaseDraftRequest {
            id: None,
            content: content(""),
        })
        .unwrap()
        .id;
    s.record_case(id).unwrap();
    s.lock().unwrap();
    let conn = zastita_core::app::testing::open_raw(ts.path(), PASS, BADGE).unwrap();
    let before: i64 = conn
        .query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))
        .unwrap();
    assert!(before > 0);
    let r = conn.execute("DELETE FROM outbox", []);
    assert!(r.unwrap_err().to_string().contains("append-only"));
    let r = conn.execute("DELETE FROM outbox WHERE seq = 1", []);
    assert!(r.unwrap_err().to_string().contains("append-only"));
    let r = conn.execute("UPDATE outbox SET payload = '{}'", []);
    assert!(r.unwrap_err().to_string().contains("immutable"));
    let after: i64 = conn
        .query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))
        .unwrap();
    assert_eq!(after, before);
}
