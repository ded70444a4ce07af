//! Unlock policy on real files: wrong passphrase, lockout that survives a restart, doubling,
//! the warning, the wipe, and the audit trail of it all.

use crate::harness::*;
use chrono::Duration;
use zastita_core::app::{ChangePassphraseRequest, UnlockRequest};
use zastita_core::audit::Action;
use zastita_core::error::Error;
use zastita_core::keys::Passphrase;

#[test]
fn right_passphrase_unlocks_wrong_one_does_not() {
    let (ts, s) = TestStore::new();
    s.lock().unwrap();
    match ts.unlock("pogrešna lozinka") {
        Err(Error::WrongPassphrase {
            attempts_before_lock: 4,
            attempts_before_wipe: None,
        }) => {}
        other => panic!("expected wrong passphrase, got {other:?}"),
    }
    let s = ts.unlock(PASS).unwrap();
    assert_eq!(s.officer().badge.as_str(), BADGE);
    assert_eq!(s.officer().name, "Milica Jovanović");
}

#[test]
fn lockout_survives_restart_and_doubles_then_wipes() {
    let (ts, s) = TestStore::new();
    s.lock().unwrap();
    for _ in 0..4 {
        assert!(matches!(
            ts.unlock("wrong one"),
            Err(Error::WrongPassphrase { .. })
        ));
    }
    // Fifth failure: locked for 10 minutes.
    let until = match ts.unlock("wrong one") {
        Err(Error::LockedOut { until, .. }) => until,
        other => panic!("expected lockout, got {other:?}"),
    };
    assert_eq!(until, t0() + Duration::minutes(10));
    // A new process (a fresh Device from disk) still refuses, even the right passphrase.
    assert!(matches!(ts.unlock(PASS), Err(Error::LockedOut { .. })));
    assert_eq!(ts.device().status().locked_until, Some(until));

    // After the lock, each failure locks again for twice as long.
    let mut expected = Duration::minutes(10);
    for failure in 6..=9u32 {
        ts.clock
            .set(ts.device().status().locked_until.unwrap() + Duration::seconds(1));
        expected = expected * 2;
        match ts.unlock("wrong one") {
            Err(Error::LockedOut {
                until,
                attempts_before_wipe,
            }) => {
                assert_eq!(until, ts.clock_now() + expected, "failure {failure}");
                let warn = (failure >= 7).then_some(10 - failure);
                assert_eq!(attempts_before_wipe, warn, "failure {failure}");
            }
            other => panic!("failure {failure}: expected lockout, got {other:?}"),
        }
    }
    ts.clock
        .set(ts.device().status().locked_until.unwrap() + Duration::seconds(1));
    assert!(matches!(ts.unlock("wrong one"), Err(Error::Wiped)));
    // Even the right passphrase cannot help now: the keys are gone from the keyring file.
    assert!(matches!(ts.unlock(PASS), Err(Error::Wiped)));
    assert!(ts.device().status().wiped);
    let keyring = std::fs::read_to_string(ts.path().join("keyring.json")).unwrap();
    assert!(
        !keyring.contains("ciphertext"),
        "wrapped key left in keyring: {keyring}"
    );
}

#[test]
fn success_resets_the_count_and_failures_reach_the_audit_log() {
    let (ts, s) = TestStore::new();
    s.lock().unwrap();
    for _ in 0..3 {
        assert!(ts.unlock("nije to").is_err());
    }
    let s = ts.unlock(PASS).unwrap();
    let log = s.audit_log(20).unwrap();
    let failed = log
        .iter()
        .filter(|e| e.entry.action == Action::FailedUnlock)
        .count();
    assert_eq!(failed, 3);
    assert_eq!(log[0].entry.action, Action::Unlock);
    s.lock().unwrap();
    assert_eq!(ts.device().status().consecutive_failures, 0);
    // Four more failures do not lock: the count started again from zero.
    for _ in 0..4 {
        assert!(matches!(
            ts.unlock("nije to"),
            Err(Error::WrongPassphrase { .. })
        ));
    }
}

#[test]
fn unknown_badge_counts_as_a_failure() {
    let (ts, s) = TestStore::new();
    s.lock().unwrap();
    let r = ts.device().unlock(UnlockRequest {
        badge: "XX999".to_owned(),
        passphrase: Passphrase::new(PASS.to_owned()),
    });
    assert!(matches!(r, Err(Error::UnknownOfficer { .. })));
    assert_eq!(ts.device().status().consecutive_failures, 1);
}

#[test]
fn passphrase_change_rewraps_and_old_one_stops_working() {
    let (ts, mut s) = TestStore::new();
    let weak = s.change_passphrase(ChangePassphraseRequest {
        current: Passphrase::new(PASS.to_owned()),
        new: Passphrase::new("12345678".to_owned()),
    });
    assert!(matches!(weak, Err(Error::WeakPassphrase(_))));
    let wrong_current = s.change_passphrase(ChangePassphraseRequest {
        current: Passphrase::new("not it at all".to_owned()),
        new: Passphrase::new("Plavo nebo nad Fruškom".to_owned()),
    });
    assert!(matches!(wrong_current, Err(Error::WrongPassphrase { .. })));
    s.change_passphrase(ChangePassphraseRequest {
        current: Passphrase::new(PASS.to_owned()),
        new: Passphrase::new("Plavo nebo nad Fruškom".to_owned()),
    })
    .unwrap();
    s.lock().unwrap();
    assert!(ts.unlock(PASS).is_err());
    ts.unlock("Plavo nebo nad Fruškom").unwrap();
}

#[test]
fn second_officer_unlocks_the_same_data() {
    let (ts, mut s) = TestStore::new();
    s.add_officer(zastita_core::app::AddOfficerRequest {
        badge: "NS5678".to_owned(),
        name: "Nikola Tomić".to_owned(),
        passphrase: Passphrase::new("Dunav teče tiho".to_owned()),
        role: zastita_core::app::OfficerRole::Patrol,
        rank: String::new(),
    })
    .unwrap();
    let again = s.add_officer(zastita_core::app::AddOfficerRequest {
        badge: "ns5678".to_owned(),
        name: "Someone".to_owned(),
        passphrase: Passphrase::new("Dunav teče tiho".to_owned()),
        role: zastita_core::app::OfficerRole::Competent,
        rank: String::new(),
    });
    assert!(matches!(again, Err(Error::OfficerExists { .. })));
    s.lock().unwrap();
    let s2 = ts
        .device()
        .unlock(UnlockRequest {
            badge: "NS5678".to_owned(),
            passphrase: Passphrase::new("Dunav teče tiho".to_owned()),
        })
        .unwrap();
    assert_eq!(s2.officer().name, "Nikola Tomić");
    assert_eq!(s2.list_officers().unwrap().len(), 2);
}

#[test]
fn a_final_attempt_interrupted_after_counting_still_wipes_at_next_start() {
    let (ts, s) = TestStore::new();
    s.lock().unwrap();
    // The count is written before the slow key derivation; a crash right after it leaves this.
    let mut keyring = zastita_core::keyring::Keyring::load(ts.path()).unwrap();
    keyring
        .save(|f| f.unlock.consecutive_failures = 10)
        .unwrap();
    let device = ts.device();
    assert!(device.status().wiped);
    assert!(matches!(ts.unlock(PASS), Err(Error::Wiped)));
}

#[test]
fn a_damaged_database_does_not_burn_unlock_attempts() {
    let (ts, s) = TestStore::new();
    s.lock().unwrap();
    std::fs::write(
        ts.path().join("zastita.db"),
        b"not a database at all, just bytes",
    )
    .unwrap();
    for _ in 0..12 {
        assert!(matches!(ts.unlock(PASS), Err(Error::Store(_))));
    }
    assert_eq!(ts.device().status().consecutive_failures, 0);
    assert!(!ts.device().status().wiped);
}
