//! Tests of `keyring.rs`.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::fsutil;
use crate::keys::{self, DataKey, KdfCost, Passphrase};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::TimeDelta;
use proptest::prelude::*;

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn badge(s: &str) -> Badge {
    Badge::parse(s).unwrap()
}

fn officer(b: &str) -> OfficerKey {
    let dek = DataKey::generate().unwrap();
    let wrapped = keys::wrap(
        &dek,
        &Passphrase::new("konj-trči-brzo".to_owned()),
        &badge(b),
        &KdfCost::TEST_ONLY_FAST,
    )
    .unwrap();
    OfficerKey {
        badge: badge(b),
        wrapped,
        added_at: t("2025-03-01T08:00:00Z"),
    }
}

fn keyring_with_officer(dir: &Path) -> Keyring {
    let mut k = Keyring::create(dir, Uuid::now_v7(), |_| {}).unwrap();
    k.save(|f| f.officers.push(officer("NS-1234"))).unwrap();
    k
}

// ---- File

#[test]
fn create_then_load_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let device = Uuid::now_v7();
    let mut k = Keyring::create(&store, device, |_| {}).unwrap();
    assert_eq!(k.file(), &KeyringFile::new(device));
    k.save(|f| {
        f.officers.push(officer("NS-1234"));
        f.unlock.consecutive_failures = 2;
        f.pending_events.push(PendingEvent::new(
            t("2025-03-01T09:00:00Z"),
            Some(badge("NS-1234")),
            PendingEventKind::FailedUnlock,
        ));
        f.pending_events.push(PendingEvent::new(
            t("2025-03-01T09:01:00Z"),
            None,
            PendingEventKind::LockedOut {
                until: t("2025-03-01T09:11:00Z"),
            },
        ));
    })
    .unwrap();
    let loaded = Keyring::load(&store).unwrap();
    assert_eq!(loaded.file(), k.file());
    assert_eq!(loaded.file().device_id, device);
    assert!(loaded.officer(&badge("ns-1234")).is_some());
    assert!(loaded.officer(&badge("NS-1235")).is_none());
    assert!(!loaded.is_wiped());
    assert!(
        !fsutil::tmp_path(&store, KEYRING_FILE_NAME).exists(),
        "no temporary file left"
    );
}

#[test]
fn file_shape_is_stable() {
    let mut f = KeyringFile::new(Uuid::nil());
    f.pending_events.push(PendingEvent {
        id: Uuid::nil(),
        at: t("2025-03-01T09:00:00Z"),
        badge: Some(badge("NS-1234")),
        kind: PendingEventKind::LockedOut {
            until: t("2025-03-01T09:10:00Z"),
        },
    });
    let json = serde_json::to_value(&f).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "format": "zastita-keyring",
            "format_version": 1,
            "device_id": "00000000-0000-0000-0000-000000000000",
            "officers": [],
            "unlock": { "consecutive_failures": 0, "locked_until": null },
            "pending_events": [{
                "id": "00000000-0000-0000-0000-000000000000",
                "at": "2025-03-01T09:00:00Z",
                "badge": "NS-1234",
                "kind": { "type": "locked_out", "until": "2025-03-01T09:10:00Z" }
            }],
            "wiped_at": null
        })
    );
    f.wiped_at = Some(t("2025-03-02T09:00:00Z"));
    f.wipe_reason = Some(WipeReason::Revoked);
    let json = serde_json::to_value(&f).unwrap();
    assert_eq!(json["wipe_reason"], "revoked");
}

#[test]
fn files_from_before_event_ids_and_wipe_reasons_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let old = serde_json::json!({
        "format": "zastita-keyring",
        "format_version": 1,
        "device_id": "00000000-0000-0000-0000-000000000000",
        "officers": [],
        "unlock": { "consecutive_failures": 10, "locked_until": null },
        "pending_events": [{
            "at": "2025-03-01T09:00:00Z",
            "badge": "NS-1234",
            "kind": { "type": "failed_unlock" }
        }],
        "wiped_at": "2025-03-01T09:00:00Z"
    });
    fs::write(dir.path().join(KEYRING_FILE_NAME), old.to_string()).unwrap();
    let k = Keyring::load(dir.path()).unwrap();
    assert!(!k.file().pending_events[0].id.is_nil());
    assert_eq!(k.file().wipe_reason, None);
    assert_eq!(
        k.file().wiped_because(),
        Some(WipeReason::TooManyFailures),
        "a wipe without a reason is the unlock policy's"
    );
}

#[test]
fn copies_never_undo_each_others_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = keyring_with_officer(dir.path());
    let mut cli = Keyring::load(dir.path()).unwrap();
    app.save(|f| f.officers.push(officer("NS-5678"))).unwrap();
    // The other copy read before that change; its change is applied to the file as it is now.
    cli.save(|f| f.unlock.consecutive_failures += 1).unwrap();
    app.save(|f| f.unlock.consecutive_failures += 1).unwrap();
    let on_disk = Keyring::load(dir.path()).unwrap();
    assert_eq!(on_disk.file().officers.len(), 2);
    assert_eq!(on_disk.file().unlock.consecutive_failures, 2);
    // A wipe by one copy is never undone by the other's later save.
    cli.wipe(t("2025-03-01T10:00:00Z"), WipeReason::Revoked)
        .unwrap();
    app.save(|f| f.officers.push(officer("NS-9999"))).unwrap();
    let on_disk = Keyring::load(dir.path()).unwrap();
    assert!(on_disk.is_wiped());
    assert!(on_disk.file().officers.is_empty(), "{:?}", on_disk.file());
    assert_eq!(on_disk.file().wiped_because(), Some(WipeReason::Revoked));
    // A change that changes nothing writes nothing, and still reads the newest file.
    let modified = fs::metadata(app.path()).unwrap().modified().unwrap();
    app.save(|_| {}).unwrap();
    assert!(app.is_wiped());
    assert_eq!(
        fs::metadata(app.path()).unwrap().modified().unwrap(),
        modified
    );
}

#[test]
fn an_unusable_lock_file_is_a_clear_error_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut k = keyring_with_officer(dir.path());
    let before = fs::read(k.path()).unwrap();
    let lock = dir.path().join(LOCK_FILE_NAME);
    fs::remove_file(&lock).unwrap();
    fs::create_dir(&lock).unwrap();
    let err = k.save(|f| f.unlock.consecutive_failures = 3).unwrap_err();
    assert!(matches!(err, KeyringError::Lock { .. }), "{err:?}");
    assert!(err.to_string().contains("keyring.lock"), "{err}");
    assert_eq!(fs::read(k.path()).unwrap(), before);
    assert_eq!(k.file().unlock.consecutive_failures, 0);
    // A wipe that cannot take the lock still forgets the keys in this process.
    assert!(
        k.wipe(t("2025-03-01T10:00:00Z"), WipeReason::Revoked)
            .is_err()
    );
    assert!(k.file().officers.is_empty());
    fs::remove_dir(&lock).unwrap();
    // Usable again: the next save completes the wipe.
    k.save(|_| {}).unwrap();
    assert!(Keyring::load(dir.path()).unwrap().is_wiped());
}

#[cfg(unix)]
#[test]
fn a_lock_file_without_permission_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mut k = keyring_with_officer(dir.path());
    let lock = dir.path().join(LOCK_FILE_NAME);
    fs::set_permissions(&lock, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::File::open(&lock).is_ok() {
        // Root: permissions do not stop it (the directory case above covers root).
        return;
    }
    let err = k.save(|f| f.unlock.consecutive_failures = 3).unwrap_err();
    assert!(matches!(err, KeyringError::Lock { .. }), "{err:?}");
}

#[test]
fn create_refuses_an_existing_keyring() {
    let dir = tempfile::tempdir().unwrap();
    let first = Keyring::create(dir.path(), Uuid::now_v7(), |f| {
        f.officers.push(officer("NS-1234"));
    })
    .unwrap();
    let err = Keyring::create(dir.path(), Uuid::now_v7(), |_| {}).unwrap_err();
    assert!(matches!(err, KeyringError::AlreadyExists { .. }), "{err:?}");
    assert!(Keyring::exists(dir.path()));
    // The first keyring, written complete with its officer, is untouched.
    assert_eq!(Keyring::load(dir.path()).unwrap().file(), first.file());
    assert_eq!(first.file().officers.len(), 1);
}

#[test]
fn load_without_a_store_says_to_init() {
    let dir = tempfile::tempdir().unwrap();
    let err = Keyring::load(dir.path()).unwrap_err();
    assert!(matches!(err, KeyringError::NotFound { .. }), "{err:?}");
    assert!(
        err.to_string().contains("run `zastita init` first"),
        "{err}"
    );
    assert!(!Keyring::exists(dir.path()));
}

#[test]
fn damaged_files_are_reported() {
    let valid = serde_json::to_string(&KeyringFile::new(Uuid::nil())).unwrap();
    let cases: &[(&str, Vec<u8>, &str)] = &[
        ("empty", Vec::new(), "not valid JSON"),
        ("truncated", valid.as_bytes()[..20].to_vec(), "not valid JSON"),
        ("garbage", b"\xff\xfe not json".to_vec(), "not valid JSON"),
        ("zeros from a wipe", vec![0u8; 300], "overwritten by a wipe"),
        ("other JSON", br#"{"hello": 1}"#.to_vec(), "not a Zaštita key file"),
        (
            "bad version",
            valid
                .replace(r#""format_version":1"#, r#""format_version":"x""#)
                .into_bytes(),
            "unknown format version",
        ),
        (
            "missing field",
            valid.replace(r#""officers":[],"#, "").into_bytes(),
            "missing field `officers`",
        ),
        (
            "bad badge",
            valid
                .replace(
                    r#""pending_events":[]"#,
                    r#""pending_events":[{"at":"2025-03-01T09:00:00Z","badge":"?","kind":{"type":"failed_unlock"}}]"#,
                )
                .into_bytes(),
            "badge number",
        ),
    ];
    for (what, bytes, reason) in cases {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(KEYRING_FILE_NAME), bytes).unwrap();
        let err = Keyring::load(dir.path()).unwrap_err();
        assert!(
            matches!(err, KeyringError::Corrupt { .. }),
            "{what}: {err:?}"
        );
        assert!(err.to_string().contains(reason), "{what}: {err}");
    }
}

#[test]
fn newer_format_is_unsupported_not_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let newer = serde_json::to_string(&KeyringFile::new(Uuid::nil()))
        .unwrap()
        .replace(r#""format_version":1"#, r#""format_version":2"#);
    fs::write(dir.path().join(KEYRING_FILE_NAME), newer).unwrap();
    let err = Keyring::load(dir.path()).unwrap_err();
    assert!(
        matches!(err, KeyringError::UnsupportedVersion { found: 2, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("update the app"), "{err}");
}

#[cfg(unix)]
#[test]
fn keyring_is_private_to_the_app() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let k = keyring_with_officer(dir.path());
    let mode = fs::metadata(k.path()).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

/// Make the next save fail: a read-only directory where that works, otherwise (as root,
/// whom permissions do not stop) a directory where the temporary file must go.
fn make_saves_fail(dir: &Path) -> Box<dyn FnOnce()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o500)).unwrap();
        let probe = dir.join("probe");
        if fs::write(&probe, b"x").is_err() {
            let dir = dir.to_path_buf();
            return Box::new(move || {
                fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).unwrap();
            });
        }
        fs::remove_file(&probe).unwrap();
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).unwrap();
    }
    let tmp = fsutil::tmp_path(dir, KEYRING_FILE_NAME);
    fs::create_dir(&tmp).unwrap();
    fs::write(tmp.join("occupied"), b"x").unwrap();
    Box::new(move || fs::remove_dir_all(&tmp).unwrap())
}

#[test]
fn failed_save_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut k = keyring_with_officer(dir.path());
    let before_disk = fs::read(k.path()).unwrap();
    let before_memory = k.file().clone();

    let restore = make_saves_fail(dir.path());
    let err = k
        .save(|f| {
            f.officers.clear();
            f.unlock.consecutive_failures = 9;
        })
        .unwrap_err();
    assert!(
        matches!(err, KeyringError::ReadOnly { .. } | KeyringError::Io { .. }),
        "{err:?}"
    );
    assert_eq!(fs::read(k.path()).unwrap(), before_disk);
    assert_eq!(k.file(), &before_memory);
    restore();

    // Once the storage is writable again, saving works.
    k.save(|f| f.unlock.consecutive_failures = 1).unwrap();
    assert_eq!(
        Keyring::load(dir.path())
            .unwrap()
            .file()
            .unlock
            .consecutive_failures,
        1
    );
}

#[test]
fn io_errors_are_specific() {
    let dir = Path::new("/store");
    let cases: &[(ErrorKind, &str)] = &[
        (ErrorKind::PermissionDenied, "read-only"),
        (ErrorKind::ReadOnlyFilesystem, "read-only"),
        (ErrorKind::StorageFull, "storage is full"),
        (ErrorKind::QuotaExceeded, "storage is full"),
        (ErrorKind::Other, "could not write"),
    ];
    for (kind, message) in cases {
        let err = io_error("write", &dir.join("x"), dir, io::Error::from(*kind));
        assert!(err.to_string().contains(message), "{kind:?}: {err}");
    }
    assert!(matches!(
        KeyringError::from_io(io::Error::from(ErrorKind::StorageFull), dir),
        KeyringError::DiskFull { .. }
    ));
}

#[test]
fn wipe_destroys_wrapped_keys() {
    let dir = tempfile::tempdir().unwrap();
    let mut k = keyring_with_officer(dir.path());
    k.save(|f| {
        f.unlock.consecutive_failures = 9;
        f.pending_events.push(PendingEvent::new(
            t("2025-03-01T09:00:00Z"),
            Some(badge("NS-1234")),
            PendingEventKind::FailedUnlock,
        ))
    })
    .unwrap();
    let wrapped = k.file().officers[0].wrapped.clone();
    let secrets = [
        STANDARD.encode(&wrapped.ciphertext),
        STANDARD.encode(wrapped.kdf.salt),
        STANDARD.encode(wrapped.nonce),
    ];
    let before = fs::read_to_string(k.path()).unwrap();
    for s in &secrets {
        assert!(before.contains(s.as_str()));
    }
    // A second name for the current file shows what happens to its bytes in place.
    #[cfg(unix)]
    let old_inode = {
        let link = dir.path().join("old-inode");
        fs::hard_link(k.path(), &link).unwrap();
        link
    };

    let now = t("2025-03-01T10:00:00Z");
    k.wipe(now, WipeReason::TooManyFailures).unwrap();

    let after = fs::read_to_string(k.path()).unwrap();
    for s in &secrets {
        assert!(!after.contains(s.as_str()), "{after}");
    }
    #[cfg(unix)]
    {
        let old = fs::read(&old_inode).unwrap();
        assert_eq!(old.len(), before.len());
        assert!(old.iter().all(|b| *b == 0), "old file overwritten in place");
    }
    let loaded = Keyring::load(dir.path()).unwrap();
    assert_eq!(loaded.file(), k.file());
    assert!(loaded.is_wiped());
    assert!(loaded.file().officers.is_empty());
    assert_eq!(loaded.file().wiped_at, Some(now));
    assert_eq!(loaded.file().pending_events.len(), 1, "events kept");
    assert_eq!(loaded.file().unlock.consecutive_failures, 9);

    // Wiping again is harmless and keeps the first time.
    k.wipe(t("2025-03-02T10:00:00Z"), WipeReason::TooManyFailures)
        .unwrap();
    assert_eq!(k.file().wiped_at, Some(now));
}

#[test]
fn failed_wipe_still_forgets_keys_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let mut k = keyring_with_officer(dir.path());
    let restore = make_saves_fail(dir.path());
    let result = k.wipe(t("2025-03-01T10:00:00Z"), WipeReason::TooManyFailures);
    assert!(k.file().officers.is_empty());
    assert!(k.is_wiped());
    restore();
    if result.is_err() {
        // The next save completes the wipe.
        k.save(|_| {}).unwrap();
    }
    let loaded = Keyring::load(dir.path()).unwrap();
    assert!(loaded.is_wiped() && loaded.file().officers.is_empty());
}

#[test]
fn zeroed_file_after_interrupted_wipe_loads_as_destroyed() {
    let dir = tempfile::tempdir().unwrap();
    let k = keyring_with_officer(dir.path());
    overwrite_with_zeros(k.path()).unwrap();
    let err = Keyring::load(dir.path()).unwrap_err();
    assert!(
        err.to_string()
            .contains("keys on this device are destroyed"),
        "{err}"
    );
}

// ---- Unlock policy

#[derive(Debug, Clone, Copy)]
enum Expect {
    TryAgain(u32, u32, Option<u32>),
    Locked(i64, Option<u32>),
    Wipe,
}

/// The whole default sequence: each failure happens right after the previous lock expired.
#[test]
fn default_policy_sequence() {
    use Expect::*;
    let policy = UnlockPolicy::default();
    let table: &[(u32, Expect)] = &[
        (1, TryAgain(1, 4, None)),
        (2, TryAgain(2, 3, None)),
        (3, TryAgain(3, 2, None)),
        (4, TryAgain(4, 1, None)),
        (5, Locked(10, None)),
        (6, Locked(20, None)),
        (7, Locked(40, Some(3))),
        (8, Locked(80, Some(2))),
        (9, Locked(160, Some(1))),
        (10, Wipe),
    ];
    assert!(!UnlockState::default().must_wipe(&policy));
    let mut state = UnlockState::default();
    let mut now = t("2025-03-01T08:00:00Z");
    for (n, expect) in table {
        assert_eq!(state.check(now), Ok(()), "attempt {n} allowed");
        let outcome = state.record_failure(&policy, now);
        assert_eq!(state.consecutive_failures, *n);
        match (*expect, outcome) {
            (
                TryAgain(f, lock, wipe),
                FailureOutcome::TryAgain {
                    failures,
                    attempts_before_lock,
                    attempts_before_wipe,
                },
            ) => {
                assert_eq!((failures, attempts_before_lock), (f, lock), "attempt {n}");
                assert_eq!(attempts_before_wipe, wipe, "attempt {n}");
                now += TimeDelta::seconds(5);
            }
            (
                Locked(minutes, wipe),
                FailureOutcome::LockedOut {
                    until,
                    attempts_before_wipe,
                },
            ) => {
                assert_eq!(until, now + TimeDelta::minutes(minutes), "attempt {n}");
                assert_eq!(attempts_before_wipe, wipe, "attempt {n}");
                assert_eq!(state.attempts_before_wipe(&policy), wipe);
                // Refused until the very end of the lock, allowed from then on.
                assert_eq!(
                    state.check(until - TimeDelta::seconds(1)),
                    Err(LockedOut { until })
                );
                assert_eq!(state.check(now), Err(LockedOut { until }));
                now = until;
            }
            (Wipe, FailureOutcome::Wipe) => assert!(state.must_wipe(&policy)),
            (expected, got) => panic!("attempt {n}: expected {expected:?}, got {got:?}"),
        }
    }
}

#[test]
fn success_resets_everything() {
    let policy = UnlockPolicy::default();
    let now = t("2025-03-01T08:00:00Z");
    let mut state = UnlockState::default();
    for _ in 0..6 {
        state.record_failure(&policy, now);
    }
    assert!(state.check(now).is_err());
    state.record_success();
    assert_eq!(state, UnlockState::default());
    assert_eq!(state.check(now), Ok(()));
    assert!(matches!(
        state.record_failure(&policy, now),
        FailureOutcome::TryAgain { failures: 1, .. }
    ));
}

#[test]
fn a_failure_during_a_lock_never_shortens_it() {
    let policy = UnlockPolicy {
        first_lock: TimeDelta::hours(10),
        ..UnlockPolicy::default()
    };
    let start = t("2025-03-01T08:00:00Z");
    let mut state = UnlockState {
        consecutive_failures: 4,
        locked_until: None,
    };
    let FailureOutcome::LockedOut { until: first, .. } = state.record_failure(&policy, start)
    else {
        panic!("expected a lock");
    };
    // A (buggy) caller records another failure an hour later without checking first.
    let FailureOutcome::LockedOut { until, .. } =
        state.record_failure(&policy, start + TimeDelta::hours(1))
    else {
        panic!("expected a lock");
    };
    assert!(until >= first);
    assert_eq!(state.consecutive_failures, 6);
}

#[test]
fn lock_durations_saturate() {
    let policy = UnlockPolicy {
        lock_after: 1,
        first_lock: TimeDelta::days(365),
        warn_from: u32::MAX,
        wipe_after: u32::MAX,
    };
    assert_eq!(policy.lock_duration(0), TimeDelta::zero());
    assert_eq!(policy.lock_duration(1), TimeDelta::days(365));
    assert_eq!(policy.lock_duration(200), TimeDelta::MAX);
    assert_eq!(policy.lock_duration(u32::MAX), TimeDelta::MAX);
    let mut state = UnlockState {
        consecutive_failures: u32::MAX - 2,
        locked_until: None,
    };
    let now = t("2025-03-01T08:00:00Z");
    for _ in 0..4 {
        let outcome = state.record_failure(&policy, now);
        assert!(
            matches!(
                outcome,
                FailureOutcome::LockedOut { .. } | FailureOutcome::Wipe
            ),
            "{outcome:?}"
        );
    }
    assert_eq!(state.consecutive_failures, u32::MAX);
    assert_eq!(state.locked_until, Some(DateTime::<Utc>::MAX_UTC));
    assert!(state.check(now).is_err());
}

#[test]
fn outcome_and_lock_messages() {
    let until = t("2025-03-01T08:10:00Z");
    assert_eq!(
        LockedOut { until }.to_string(),
        "too many wrong passphrases: unlocking is refused until 2025-03-01 08:10 UTC — wait, then try again"
    );
    assert_eq!(
        serde_json::to_string(&FailureOutcome::LockedOut {
            until,
            attempts_before_wipe: Some(3)
        })
        .unwrap(),
        r#"{"outcome":"locked_out","until":"2025-03-01T08:10:00Z","attempts_before_wipe":3}"#
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn failures_only_grow_and_success_resets(
        steps in proptest::collection::vec((any::<bool>(), 0i64..20_000), 0..40)
    ) {
        let policy = UnlockPolicy::default();
        let mut state = UnlockState::default();
        let mut now = t("2025-03-01T08:00:00Z");
        for (success, wait_secs) in steps {
            now += TimeDelta::seconds(wait_secs);
            let before = state.clone();
            if success {
                state.record_success();
                prop_assert_eq!(&state, &UnlockState::default());
            } else {
                let outcome = state.record_failure(&policy, now);
                prop_assert_eq!(
                    state.consecutive_failures,
                    before.consecutive_failures.saturating_add(1)
                );
                if let Some(old) = before.locked_until {
                    prop_assert!(state.locked_until >= Some(old));
                }
                let n = state.consecutive_failures;
                match outcome {
                    FailureOutcome::Wipe => prop_assert!(n >= policy.wipe_after),
                    FailureOutcome::LockedOut { until, .. } => {
                        prop_assert!(n >= policy.lock_after && n < policy.wipe_after);
                        prop_assert!(until > now);
                    }
                    FailureOutcome::TryAgain { failures, .. } => {
                        prop_assert!(failures == n && n < policy.lock_after);
                    }
                }
            }
        }
    }
}
