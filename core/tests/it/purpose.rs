//! Every consultation has a purpose (EU Directive 2016/680 logging, issue 12 item 5): opening a case, the list and
//! search, an order, an assessment, a document (viewed, generated, its PDF), the timeline and an
//! export are each refused without a purpose and, with one, written to the audit log exactly once
//! per call with who, when, what and why. The question is asked once per case per unlocked
//! session; a case created in the session needs none.

use zastita_core::app::{
    ConsultDetail, GenerateDocumentRequest, Language, ListCasesRequest, SaveCaseDraftRequest,
    Session, SetPurposeRequest,
};
use zastita_core::audit::{Action, Entry};
use zastita_core::domain::{
    CaseId, FieldError, FieldErrorCode, PURPOSE_TEXT_MAX_CHARS, Purpose, PurposeCode,
};
use zastita_core::error::{AppError, Error, ErrorCode};
use zastita_core::templates::DocumentKind;

use crate::harness::{BADGE, PASS, TestStore, content, purpose};
use crate::legal::issued_order;

fn newest_seq(s: &Session) -> i64 {
    s.audit_log(1).unwrap().first().map_or(0, |e| e.seq)
}

/// The entries written since `seq`, oldest first.
fn since(s: &Session, seq: i64) -> Vec<Entry> {
    let mut v: Vec<Entry> = s
        .audit_log(1_000)
        .unwrap()
        .into_iter()
        .filter(|e| e.seq > seq)
        .collect();
    v.reverse();
    v
}

fn refused_for(e: Error, case: Option<CaseId>) {
    match e {
        Error::PurposeRequired { case: c } => assert_eq!(c, case),
        other => panic!("expected purpose_required, got {other:?}"),
    }
}

fn give(s: &mut Session, case: Option<CaseId>, code: PurposeCode, text: Option<&str>) {
    s.set_purpose(SetPurposeRequest {
        case_id: case,
        purpose: Purpose {
            code,
            text: text.map(str::to_owned),
        },
    })
    .unwrap();
}

/// Run one consultation and check it wrote exactly one entry: `action` on `target` by the
/// officer, with the purpose (and the case it belongs to) in its detail.
fn one_entry<T>(
    s: &mut Session,
    action: Action,
    target: &str,
    expect: &ConsultDetail,
    call: impl FnOnce(&mut Session) -> Result<T, Error>,
) -> T {
    let before = newest_seq(s);
    let out = call(s).unwrap();
    let written = since(s, before);
    assert_eq!(written.len(), 1, "{target}: {written:?}");
    let e = &written[0].entry;
    assert_eq!(e.action, action, "{target}");
    assert_eq!(e.target.as_deref(), Some(target));
    assert_eq!(e.officer.as_ref().map(|b| b.as_str()), Some(BADGE));
    let detail = ConsultDetail::parse(e.detail.as_deref().unwrap()).unwrap();
    assert_eq!(&detail, expect, "{target}");
    out
}

/// Every consultation kind: refused (and nothing written, nothing read) without a purpose in a
/// new session; with one, exactly one entry per call carrying it.
#[test]
fn every_consultation_is_refused_without_a_purpose_and_logged_once_with_it() {
    let (ts, mut s) = TestStore::new();
    let (case_id, order_id) = issued_order(&ts, &mut s);
    let view = s.get_order(order_id).unwrap();
    let assessment_id = view.order.content.assessment.unwrap();
    let (doc, _) = s
        .generate_document(GenerateDocumentRequest {
            case_id,
            kind: DocumentKind::Summary,
            order_id: None,
            language: Language::SrLatn,
        })
        .unwrap();
    let doc_id = doc.info.id;
    s.lock().unwrap();

    // A new session: nothing is known about why this officer looks.
    let mut s = ts.unlock(PASS).unwrap();
    let before = newest_seq(&s);
    refused_for(s.list_cases(ListCasesRequest::default()).unwrap_err(), None);
    refused_for(
        s.list_cases(ListCasesRequest {
            search: Some("petrović".into()),
            ..Default::default()
        })
        .unwrap_err(),
        None,
    );
    let case = Some(case_id);
    refused_for(s.open_case(case_id).unwrap_err(), case);
    refused_for(s.get_order(order_id).unwrap_err(), case);
    refused_for(s.get_assessment(assessment_id).unwrap_err(), case);
    refused_for(s.document_preview(doc_id).unwrap_err(), case);
    refused_for(s.document_pdf(doc_id).unwrap_err(), case);
    refused_for(s.case_timeline(case_id).unwrap_err(), case);
    refused_for(s.export_case(case_id, "OJT Novi Sad").unwrap_err(), case);
    refused_for(
        s.generate_document(GenerateDocumentRequest {
            case_id,
            kind: DocumentKind::Summary,
            order_id: None,
            language: Language::En,
        })
        .unwrap_err(),
        case,
    );
    assert!(
        since(&s, before).is_empty(),
        "a refused consultation writes nothing"
    );
    // The UI learns which question to ask.
    let app = AppError::from(s.open_case(case_id).unwrap_err());
    assert_eq!(app.code, ErrorCode::PurposeRequired);
    assert_eq!(app.case_id, Some(case_id));

    give(&mut s, None, PurposeCode::StationReview, None);
    let list = ConsultDetail {
        case: None,
        purpose: PurposeCode::StationReview,
        text: None,
        recipient: None,
        search: None,
        results: Some(1),
    };
    one_entry(&mut s, Action::View, "cases", &list, |s| {
        s.list_cases(ListCasesRequest::default())
    });
    let search = ConsultDetail {
        search: Some(true),
        ..list.clone()
    };
    let found = one_entry(&mut s, Action::View, "cases", &search, |s| {
        s.list_cases(ListCasesRequest {
            search: Some("petrovic".into()),
            ..Default::default()
        })
    });
    assert_eq!(found.len(), 1);
    // The list's purpose covers no case.
    refused_for(s.open_case(case_id).unwrap_err(), case);

    give(
        &mut s,
        case,
        PurposeCode::JudicialRequest,
        Some("  OJT Novi Sad, KT 117/26 "),
    );
    let of_case = ConsultDetail {
        case: Some(format!("case:{case_id}")),
        purpose: PurposeCode::JudicialRequest,
        text: Some("OJT Novi Sad, KT 117/26".into()),
        recipient: None,
        search: None,
        results: None,
    };
    let t = |kind: &str, id: &dyn std::fmt::Display| format!("{kind}:{id}");
    one_entry(&mut s, Action::View, &t("case", &case_id), &of_case, |s| {
        s.open_case(case_id)
    });
    one_entry(
        &mut s,
        Action::View,
        &t("order", &order_id),
        &of_case,
        |s| s.get_order(order_id),
    );
    one_entry(
        &mut s,
        Action::View,
        &t("assessment", &assessment_id),
        &of_case,
        |s| s.get_assessment(assessment_id),
    );
    one_entry(
        &mut s,
        Action::View,
        &t("document", &doc_id),
        &of_case,
        |s| s.document_preview(doc_id),
    );
    one_entry(
        &mut s,
        Action::Export,
        &t("document", &doc_id),
        &of_case,
        |s| s.document_pdf(doc_id),
    );
    let timeline = one_entry(
        &mut s,
        Action::View,
        &t("timeline", &case_id),
        &of_case,
        |s| s.case_timeline(case_id),
    );
    // The timeline shows the consultations with their purpose, those of the order, the
    // assessment and the document included.
    let consulted: Vec<_> = timeline
        .iter()
        .filter(|e| e.purpose == Some(PurposeCode::JudicialRequest))
        .map(|e| e.target.clone().unwrap())
        .collect();
    assert_eq!(
        consulted,
        vec![
            t("case", &case_id),
            t("order", &order_id),
            t("assessment", &assessment_id),
            t("document", &doc_id),
            t("document", &doc_id),
        ]
    );
    assert!(
        timeline
            .iter()
            .filter(|e| e.purpose == Some(PurposeCode::JudicialRequest))
            .all(|e| e.purpose_text.as_deref() == Some("OJT Novi Sad, KT 117/26"))
    );
    let exported = ConsultDetail {
        recipient: Some("Osnovno javno tužilaštvo u Novom Sadu".into()),
        ..of_case.clone()
    };
    one_entry(
        &mut s,
        Action::Export,
        &t("case", &case_id),
        &exported,
        |s| s.export_case(case_id, " Osnovno javno tužilaštvo u Novom Sadu "),
    );
    let before = newest_seq(&s);
    let (printed, _) = s
        .generate_document(GenerateDocumentRequest {
            case_id,
            kind: DocumentKind::Summary,
            order_id: None,
            language: Language::En,
        })
        .unwrap();
    let written = since(&s, before);
    assert_eq!(written.len(), 1);
    assert_eq!(written[0].entry.action, Action::Print);
    assert_eq!(
        written[0].entry.target,
        Some(t("document", &printed.info.id))
    );
    assert_eq!(
        ConsultDetail::parse(written[0].entry.detail.as_deref().unwrap()),
        Some(of_case.clone())
    );
    let timeline = s.case_timeline(case_id).unwrap();
    let last_print = timeline
        .iter()
        .rev()
        .find(|e| e.action == Action::Print)
        .unwrap();
    assert_eq!(last_print.purpose, Some(PurposeCode::JudicialRequest));
    let export = timeline
        .iter()
        .find(|e| e.action == Action::Export && e.target == Some(t("case", &case_id)))
        .unwrap();
    assert_eq!(
        export.recipient.as_deref(),
        Some("Osnovno javno tužilaštvo u Novom Sadu")
    );
    assert!(s.verify().unwrap().ok);
}

/// Asked once per case per session: the second look at the same case needs nothing, another
/// case needs its own answer, and after locking everything is asked again.
#[test]
fn the_question_is_asked_once_per_case_per_session() {
    let (ts, mut s) = TestStore::new();
    let a = crate::legal::record(&mut s, content("A"));
    let b = crate::legal::record(&mut s, content("B"));
    s.lock().unwrap();

    let mut s = ts.unlock(PASS).unwrap();
    refused_for(s.open_case(a).unwrap_err(), Some(a));
    give(&mut s, Some(a), PurposeCode::FollowUp, None);
    s.open_case(a).unwrap();
    s.open_case(a).unwrap();
    s.case_timeline(a).unwrap();
    refused_for(s.open_case(b).unwrap_err(), Some(b));
    refused_for(s.list_cases(ListCasesRequest::default()).unwrap_err(), None);
    // A purpose for an unknown case is refused, not remembered.
    let unknown = CaseId::new();
    let e = s
        .set_purpose(SetPurposeRequest {
            case_id: Some(unknown),
            purpose: Purpose::new(PurposeCode::FollowUp),
        })
        .unwrap_err();
    assert!(matches!(e, Error::CaseNotFound { id } if id == unknown));
    s.lock().unwrap();

    let mut s = ts.unlock(PASS).unwrap();
    refused_for(s.open_case(a).unwrap_err(), Some(a));
    assert_eq!(s.purpose_for(Some(a)), None);
}

/// A case created in this session is the call being answered: no question, and its
/// consultations are logged as "responding to the call".
#[test]
fn a_case_created_in_this_session_needs_no_question() {
    let (ts, mut s) = TestStore::new();
    let id = s
        .save_case_draft(SaveCaseDraftRequest {
            id: None,
            content: content(""),
        })
        .unwrap()
        .id;
    let call = ConsultDetail {
        case: Some(format!("case:{id}")),
        purpose: PurposeCode::RespondingToCall,
        text: None,
        recipient: None,
        search: None,
        results: None,
    };
    one_entry(&mut s, Action::View, &format!("case:{id}"), &call, |s| {
        s.open_case(id)
    });
    s.record_case(id).unwrap();
    one_entry(
        &mut s,
        Action::View,
        &format!("timeline:{id}"),
        &call,
        |s| s.case_timeline(id),
    );
    // The list still shows other people's cases: it is asked for.
    refused_for(s.list_cases(ListCasesRequest::default()).unwrap_err(), None);
    s.lock().unwrap();
    // Tomorrow it is a case like any other.
    let mut s = ts.unlock(PASS).unwrap();
    refused_for(s.open_case(id).unwrap_err(), Some(id));
    purpose(&mut s, Some(id));
    s.open_case(id).unwrap();
}

/// A device with no case yet has no list to consult: the first screen after setting it up asks
/// nothing and logs nothing; the first case makes the list a consultation like any other.
#[test]
fn an_empty_device_lists_without_a_question() {
    let (_ts, mut s) = TestStore::new();
    let before = newest_seq(&s);
    assert!(
        s.list_cases(ListCasesRequest::default())
            .unwrap()
            .is_empty()
    );
    let search = ListCasesRequest {
        search: Some("Petrović".to_owned()),
        ..ListCasesRequest::default()
    };
    assert!(s.list_cases(search).unwrap().is_empty());
    assert!(since(&s, before).is_empty(), "nothing was consulted");
    s.save_case_draft(SaveCaseDraftRequest {
        id: None,
        content: content(""),
    })
    .unwrap();
    refused_for(s.list_cases(ListCasesRequest::default()).unwrap_err(), None);
}

/// The words and the recipient are bounded and single-line; a bad one is refused with the
/// field and the problem, and the purpose given before stays.
#[test]
fn purpose_words_and_recipient_are_bounded_and_single_line() {
    let (_ts, mut s) = TestStore::new();
    let id = crate::legal::record(&mut s, content(""));
    let set = |s: &mut Session, text: String| {
        s.set_purpose(SetPurposeRequest {
            case_id: Some(id),
            purpose: Purpose {
                code: PurposeCode::StationReview,
                text: Some(text),
            },
        })
    };
    let invalid = |e: Error| match e {
        Error::Invalid(fields) => fields,
        other => panic!("expected invalid, got {other:?}"),
    };
    assert_eq!(
        invalid(set(&mut s, "x".repeat(PURPOSE_TEXT_MAX_CHARS + 1)).unwrap_err()),
        vec![FieldError::new(
            "purpose.text",
            FieldErrorCode::TooLong {
                max_chars: PURPOSE_TEXT_MAX_CHARS
            }
        )]
    );
    for bad in ["kontrola\nnova linija", "zvono\u{7}", "obrnuto\u{202E}"] {
        assert_eq!(
            invalid(set(&mut s, bad.to_owned()).unwrap_err()),
            vec![FieldError::new(
                "purpose.text",
                FieldErrorCode::ControlCharacter
            )],
            "{bad:?}"
        );
    }
    // Refused words leave the purpose as it was: the created case's.
    assert_eq!(
        s.purpose_for(Some(id)).map(|p| p.code),
        Some(PurposeCode::RespondingToCall)
    );
    set(&mut s, "x".repeat(PURPOSE_TEXT_MAX_CHARS)).unwrap();
    for (recipient, code) in [
        ("", FieldErrorCode::Required),
        ("   ", FieldErrorCode::Required),
        ("OJT\r\nNovi Sad", FieldErrorCode::ControlCharacter),
    ] {
        assert_eq!(
            invalid(s.export_case(id, recipient).unwrap_err()),
            vec![FieldError::new("recipient", code)]
        );
    }
    assert!(matches!(
        invalid(s.export_case(id, &"y".repeat(201)).unwrap_err())[0].code,
        FieldErrorCode::TooLong { .. }
    ));
    s.export_case(id, "Viši sud u Novom Sadu").unwrap();
}
