//! What lands on disk: nothing personal in any file under the store directory, WAL included.

use crate::harness::*;
use zastita_core::app::{SaveCaseDraftRequest, SignStatementRequest, StartStatementRequest};
use zastita_core::domain::StatementDraft;

const MARK: &str = "QXZMARKERQXZ";

fn files_containing(dir: &std::path::Path, needle: &[u8]) -> Vec<String> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let bytes = std::fs::read(&p).unwrap();
            if bytes.windows(needle.len()).any(|w| w == needle) {
                hits.push(p.display().to_string());
            }
        }
    }
    hits
}

#[test]
fn no_personal_data_in_any_file_wal_included() {
    let (ts, mut s) = TestStore::new();
    let c = content(MARK);
    let jmbg = c.people[0].jmbg.clone();
    let saved = s
        .save_case_draft(SaveCaseDraftRequest {
            id: None,
            content: c,
        })
        .unwrap();
    s.record_case(saved.id).unwrap();
    let victim = s.open_case(saved.id).unwrap().file.people[0].id;
    let st = s
        .start_statement(StartStatementRequest {
            case_id: saved.id,
            person_id: victim,
            amends: None,
            draft: StatementDraft {
                place: format!("stan oštećene{MARK}"),
                language: "sr".to_owned(),
                interpreter: Some(format!("Tumač Horvat{MARK}")),
                text: format!("Suprug me je udario.{MARK}"),
            },
        })
        .unwrap();
    s.sign_statement(SignStatementRequest {
        id: st.statement.id,
        victim_signature: Some(signature(40)),
        victim_not_signed_reason: None,
        officer_signature: Some(signature(30)),
    })
    .unwrap();

    // While the session is open the WAL holds the recent pages.
    assert!(ts.path().join("zastita.db-wal").exists());
    for needle in [MARK.as_bytes(), jmbg.as_bytes(), "Milica".as_bytes()] {
        assert_eq!(files_containing(ts.path(), needle), Vec::<String>::new());
    }
    s.lock().unwrap();
    for needle in [MARK.as_bytes(), jmbg.as_bytes(), "Milica".as_bytes()] {
        assert_eq!(files_containing(ts.path(), needle), Vec::<String>::new());
    }
    // The check itself can fail: the marker is there once decrypted.
    let mut s = ts.unlock(PASS).unwrap();
    let exported = s.export_case(saved.id).unwrap();
    assert!(exported.windows(MARK.len()).any(|w| w == MARK.as_bytes()));
}

#[test]
fn store_is_sqlcipher_with_the_promised_settings() {
    let (ts, s) = TestStore::new();
    drop(s);
    let header = std::fs::read(ts.path().join("zastita.db")).unwrap();
    assert_ne!(
        &header[..16],
        b"SQLite format 3\0",
        "database header is plaintext"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(ts.path()).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o777,
            0o700,
            "store directory is open to other accounts"
        );
    }
    // The keyring holds badges and wrapped keys only.
    let keyring = std::fs::read_to_string(ts.path().join("keyring.json")).unwrap();
    assert!(keyring.contains(BADGE));
    assert!(!keyring.contains("Milica"));
}
