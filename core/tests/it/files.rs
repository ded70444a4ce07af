//! What lands on disk: nothing personal in any file under the store directory, WAL included.

use crate::harness::*;
use zastita_core::app::{
    CompleteAssessmentRequest, GenerateDocumentRequest, Language, RecordOrderEventRequest,
    SaveAssessmentRequest, SaveCaseDraftRequest, SaveOrderDraftRequest, Session,
    SignStatementRequest, StartAssessmentRequest, StartStatementRequest,
};
use zastita_core::domain::{
    Badge, CaseId, Measure, OrderContent, OrderEventKind, Role, StatementDraft,
};
use zastita_core::risk::{Answer, Answers, ItemAnswer};
use zastita_core::templates::DocumentKind;

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
    legal_records_with_the_marker(&mut s, saved.id);

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
    purpose(&mut s, Some(saved.id));
    let exported = s.export_case(saved.id, "OJT Novi Sad").unwrap();
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

/// A completed assessment, an issued and served order and a generated PDF, each carrying the
/// marker in its free text (notes, reasons, place).
fn legal_records_with_the_marker(s: &mut Session, case_id: CaseId) {
    let instrument = s.list_instruments().unwrap().remove(0);
    let a = s
        .start_assessment(StartAssessmentRequest {
            case_id,
            instrument_id: instrument.id().to_owned(),
        })
        .unwrap()
        .assessment
        .id;
    let answers: Answers = instrument
        .items()
        .iter()
        .map(|i| {
            (
                i.id.clone(),
                ItemAnswer {
                    answer: Answer::Yes,
                    note: format!("beleška{MARK}"),
                },
            )
        })
        .collect();
    s.save_assessment(SaveAssessmentRequest {
        id: a,
        answers,
        officer_believes_in_danger: Some(true),
        judgement_reasons: format!("razlozi{MARK}"),
    })
    .unwrap();
    s.complete_assessment(CompleteAssessmentRequest {
        id: a,
        final_level: None,
        raise_reason: None,
    })
    .unwrap();
    let people = s.open_case(case_id).unwrap().file.people;
    let by_role = |r: Role| people.iter().filter(move |p| p.role == r).map(|p| p.id);
    let order = s
        .save_order_draft(SaveOrderDraftRequest {
            case_id,
            id: None,
            content: OrderContent {
                measures: vec![Measure::ContactBan],
                perpetrator: by_role(Role::Perpetrator).next(),
                protected: by_role(Role::Victim).collect(),
                reasons: format!("obrazloženje{MARK}"),
                assessment: Some(a),
                police_administration: format!("PU Novi Sad{MARK}"),
                ..OrderContent::default()
            },
        })
        .unwrap()
        .order
        .id;
    let issued_at = s.issue_order(order).unwrap().order.issued.unwrap().at;
    s.record_order_event(RecordOrderEventRequest {
        id: order,
        event: OrderEventKind::Served {
            at: issued_at,
            place: format!("ispred zgrade{MARK}"),
            served_by: Badge::parse(BADGE).unwrap(),
            signature: Some(signature(30)),
            refused_to_sign: None,
        },
    })
    .unwrap();
    s.generate_document(GenerateDocumentRequest {
        case_id,
        kind: DocumentKind::Summary,
        order_id: None,
        language: Language::SrLatn,
    })
    .unwrap();
}
