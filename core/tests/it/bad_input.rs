//! Bad input and a hostile world: oversize text, damaged and truncated stores, a flipped byte,
//! a read-only store directory and a full disk. Each gets a specific error; nothing saved is lost.

use crate::harness::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use zastita_core::app::{Device, InitRequest, SaveCaseDraftRequest};
use zastita_core::domain::FieldErrorCode;
use zastita_core::error::Error;
use zastita_core::keys::Passphrase;
use zastita_core::store::StoreError;

#[test]
fn a_one_megabyte_narrative_is_refused_and_the_saved_draft_survives() {
    let (_ts, mut s) = TestStore::new();
    let good = content("");
    let saved = s
        .save_case_draft(SaveCaseDraftRequest {
            id: None,
            content: good.clone(),
        })
        .unwrap();
    let mut huge = good.clone();
    huge.incident.narrative = "a".repeat(1024 * 1024);
    match s.save_case_draft(SaveCaseDraftRequest {
        id: Some(saved.id),
        content: huge,
    }) {
        Err(Error::Invalid(errors)) => {
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].field, "incident.narrative");
            assert!(matches!(
                errors[0].code,
                FieldErrorCode::TooLong { max_chars: 100_000 }
            ));
        }
        other => panic!("expected too long, got {other:?}"),
    }
    assert_eq!(s.open_case(saved.id).unwrap().file.incident, good.incident);
}

#[test]
fn a_flipped_byte_anywhere_is_caught_with_a_clear_message() {
    let (ts, mut s) = TestStore::new();
    for i in 0..30 {
        let mut c = content(&format!(" {i}"));
        c.incident.narrative = format!("{} {}", c.incident.narrative, "tekst ".repeat(400));
        s.save_case_draft(SaveCaseDraftRequest {
            id: None,
            content: c,
        })
        .unwrap();
    }
    assert!(s.verify().unwrap().ok);
    s.lock().unwrap();
    let original: Vec<(std::ffi::OsString, Vec<u8>)> = std::fs::read_dir(ts.path())
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_name().unwrap().to_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    let db_len = std::fs::metadata(ts.path().join("zastita.db"))
        .unwrap()
        .len() as usize;
    let pages = db_len / 4096;
    assert!(pages > 20, "want several pages, got {pages}");
    let mut caught_by_verify = 0;
    for page in [0, 1, 2, 5, pages / 2, pages - 2, pages - 1] {
        let copy = TestStore {
            dir: tempfile::tempdir().unwrap(),
            clock: ts.clock.clone(),
        };
        for (name, bytes) in &original {
            std::fs::write(copy.path().join(name), bytes).unwrap();
        }
        let db = copy.path().join("zastita.db");
        let mut bytes = std::fs::read(&db).unwrap();
        bytes[page * 4096 + 1000] ^= 0x5a;
        std::fs::write(&db, &bytes).unwrap();
        match copy.unlock(PASS) {
            Ok(mut s) => {
                let report = s.verify().unwrap();
                assert!(!report.ok, "page {page}: damage not found");
                assert!(report.integrity_problems[0].contains("page"), "{report:?}");
                caught_by_verify += 1;
            }
            Err(Error::Store(StoreError::Corrupt { .. } | StoreError::Damaged { .. })) => {}
            Err(other) => panic!("page {page}: unclear error {other:?}"),
        }
    }
    assert!(
        caught_by_verify >= 2,
        "verify itself should find damage it is not blocked by"
    );
}

#[test]
fn a_damaged_header_or_truncated_file_is_reported_as_damage_not_a_wrong_passphrase() {
    let (ts, s) = TestStore::new();
    s.lock().unwrap();
    let db = ts.path().join("zastita.db");
    let original = std::fs::read(&db).unwrap();

    let mut bytes = original.clone();
    bytes[100] ^= 0xff; // inside page 1
    std::fs::write(&db, &bytes).unwrap();
    assert!(matches!(
        ts.unlock(PASS),
        Err(Error::Store(StoreError::Corrupt { .. }))
    ));

    std::fs::write(&db, &original[..original.len() / 3]).unwrap();
    let r = ts.unlock(PASS);
    assert!(
        matches!(r, Err(Error::Store(StoreError::Corrupt { .. }))),
        "{r:?}"
    );

    std::fs::write(&db, b"").unwrap();
    let r = ts.unlock(PASS);
    assert!(
        matches!(r, Err(Error::Store(StoreError::Corrupt { .. }))),
        "{r:?}"
    );
    // None of this counted as a wrong passphrase.
    assert_eq!(ts.device().status().consecutive_failures, 0);
}

#[test]
fn a_missing_store_and_an_existing_store_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let ts = TestStore {
        dir,
        clock: zastita_core::clock::ManualClock::new(t0()),
    };
    let r = Device::open(ts.path(), ts.config());
    let msg = r.unwrap_err().to_string();
    assert!(msg.contains("zastita init"), "{msg}");

    let (ts, s) = TestStore::new();
    drop(s);
    let r = Device::init(
        ts.path(),
        InitRequest {
            badge: "NS1".to_owned(),
            name: "X Y".to_owned(),
            passphrase: Passphrase::new(PASS.to_owned()),
            rank: String::new(),
        },
        ts.config(),
    );
    assert!(matches!(r, Err(Error::StoreExists { .. })));
}

/// A tmpfs mounted for one test, unmounted on drop. Needs root (as CI and the dev machines run).
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(size: &str) -> Tmpfs {
        let dir = tempfile::tempdir().unwrap().keep();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(
            ok,
            "mounting a tmpfs needs root: run the tests as root (CI does)"
        );
        Tmpfs(dir)
    }

    fn remount(&self, opts: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,{opts}")])
            .arg(&self.0)
            .status()
            .unwrap()
            .success();
        assert!(ok);
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
        let _ = std::fs::remove_dir(&self.0);
    }
}

fn store_in(dir: &Path) -> TestStore {
    // A TestStore whose directory is the mount (the TempDir is only a placeholder owner).
    let ts = TestStore {
        dir: tempfile::tempdir().unwrap(),
        clock: zastita_core::clock::ManualClock::new(t0()),
    };
    let cfg = ts.config();
    Device::init(
        dir,
        InitRequest {
            badge: BADGE.to_owned(),
            name: "Milica Jovanović".to_owned(),
            passphrase: Passphrase::new(PASS.to_owned()),
            rank: String::new(),
        },
        cfg,
    )
    .unwrap()
    .lock()
    .unwrap();
    ts
}

fn unlock_at(ts: &TestStore, dir: &Path) -> Result<zastita_core::app::Session, Error> {
    Device::open(dir, ts.config())?.unlock(zastita_core::app::UnlockRequest {
        badge: BADGE.to_owned(),
        passphrase: Passphrase::new(PASS.to_owned()),
    })
}

#[test]
fn a_read_only_store_directory_is_named_and_nothing_is_lost() {
    let fs = Tmpfs::mount("16m");
    let ts = store_in(fs.path());
    let mut s = unlock_at(&ts, fs.path()).unwrap();
    let saved = s
        .save_case_draft(SaveCaseDraftRequest {
            id: None,
            content: content(""),
        })
        .unwrap();
    s.lock().unwrap();
    fs.remount("ro");
    let err = unlock_at(&ts, fs.path()).unwrap_err();
    assert!(err.to_string().contains("read-only"), "{err}");
    fs.remount("rw");
    let mut s = unlock_at(&ts, fs.path()).unwrap();
    purpose(&mut s, Some(saved.id));
    assert_eq!(
        s.open_case(saved.id).unwrap().file.incident,
        content("").incident
    );
}

#[test]
fn a_full_disk_is_named_and_what_was_saved_before_survives() {
    let fs = Tmpfs::mount("3m");
    let ts = store_in(fs.path());
    let mut s = unlock_at(&ts, fs.path()).unwrap();
    let mut saved = Vec::new();
    let err = loop {
        let mut c = content(&format!(" {}", saved.len()));
        c.incident.narrative = "Opis događaja. ".repeat(6000);
        match s.save_case_draft(SaveCaseDraftRequest {
            id: None,
            content: c,
        }) {
            Ok(r) => saved.push(r.id),
            Err(e) => break e,
        }
        assert!(saved.len() < 500, "the disk never filled");
    };
    assert!(matches!(err, Error::Store(StoreError::DiskFull)), "{err:?}");
    assert!(err.to_string().contains("disk is full"));
    drop(s);
    fs.remount("size=32m");
    let mut s = unlock_at(&ts, fs.path()).unwrap();
    assert!(saved.len() >= 2);
    for id in &saved {
        purpose(&mut s, Some(*id));
        s.open_case(*id).unwrap();
    }
    assert!(s.verify().unwrap().ok);
}
