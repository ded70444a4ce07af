//! The case-level legal gates: imminent danger before any act (Art. 3), the social-welfare
//! centre's notification where children are involved, and the competent prosecutor's office and
//! courts from the victim's municipality (Art. 19).

use chrono::Duration;

use zastita_core::app::{SaveCaseDraftRequest, SaveOrderDraftRequest, Session};
use zastita_core::domain::{
    CaseId, FieldErrorCode, NotificationMeans, OrderContent, WelfareNotification,
};
use zastita_core::error::Error;
use zastita_core::error::ErrorCode;
use zastita_core::law::welfare::CaseWarning;

use crate::harness::{TestStore, content};
use crate::legal::{issue_on, record};

fn fields(e: Error) -> Vec<(String, FieldErrorCode)> {
    match e {
        Error::Invalid(f) => f.into_iter().map(|f| (f.field, f.code)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

/// Issue 11, item 11: a case may be recorded for imminent danger with no act of violence yet,
/// the reason stated; without forms of violence and without a reason it is refused, and the
/// draft is kept.
#[test]
fn danger_before_a_first_act_records_with_its_reason() {
    let (_ts, mut s) = TestStore::new();
    let mut c = content("");
    c.incident.forms_of_violence.clear();
    c.incident.injuries.clear();
    let id = s
        .save_case_draft(SaveCaseDraftRequest {
            id: None,
            content: c.clone(),
        })
        .unwrap()
        .id;
    let problems = fields(s.record_case(id).unwrap_err());
    assert!(
        problems.contains(&(
            "incident.forms_of_violence".to_owned(),
            FieldErrorCode::Required
        )),
        "{problems:?}"
    );
    // Nothing lost: before its first recording the case is its draft, as it was.
    let view = s.open_case(id).unwrap();
    assert_eq!(view.file.incident, c.incident, "the draft is kept");
    c.incident.danger_without_act =
        "Pretio je da će je ubiti kada izađe iz pritvora; još nije bilo nasilja.".into();
    s.save_case_draft(SaveCaseDraftRequest {
        id: Some(id),
        content: c,
    })
    .unwrap();
    s.record_case(id).unwrap();
    let view = s.open_case(id).unwrap();
    assert!(view.file.incident.forms_of_violence.is_empty());
    assert!(view.issues.is_empty(), "{:?}", view.issues);
}

/// Issue 11, item 12: children involved ⇒ a warning on the case and on its orders until the
/// social-welfare centre's notification is recorded (when, which centre, how).
#[test]
fn children_involved_warn_on_the_case_and_the_order_until_welfare_is_notified() {
    let (ts, mut s) = TestStore::new();
    let mut c = content("");
    c.incident.reported_at = Some(ts.clock_now() - Duration::minutes(40));
    c.incident.police_arrived_at = Some(ts.clock_now() - Duration::minutes(20));
    let case_id = record(&mut s, c.clone());
    assert_eq!(
        s.open_case(case_id).unwrap().warnings,
        vec![CaseWarning::WelfareNotNotified]
    );
    let (_, order) = issue_on(&ts, &mut s, case_id);
    assert_eq!(
        s.get_order(order).unwrap().case_warnings,
        vec![CaseWarning::WelfareNotNotified]
    );
    // A notification without its centre is refused at recording.
    let notified = |centre: &str| WelfareNotification {
        at: ts.clock_now(),
        centre: centre.into(),
        means: NotificationMeans::Phone,
        note: String::new(),
    };
    c.incident.welfare_notification = Some(notified(" "));
    save(&mut s, case_id, c.clone());
    let problems = fields(s.record_case(case_id).unwrap_err());
    assert!(problems.contains(&(
        "incident.welfare_notification.centre".to_owned(),
        FieldErrorCode::Required
    )));
    c.incident.welfare_notification = Some(notified("Centar za socijalni rad Novi Sad"));
    save(&mut s, case_id, c);
    s.record_case(case_id).unwrap();
    assert!(s.open_case(case_id).unwrap().warnings.is_empty());
    assert!(s.get_order(order).unwrap().case_warnings.is_empty());
}

fn save(s: &mut Session, id: CaseId, content: zastita_core::app::CaseContent) {
    s.save_case_draft(SaveCaseDraftRequest {
        id: Some(id),
        content,
    })
    .unwrap();
}

/// Issue 11, item 4: the competent basic public prosecutor's office (and the courts) come from
/// the victim's municipality, or while it is not given, the incident's; a municipality typed in
/// Cyrillic finds them too.
#[test]
fn the_competent_prosecutor_comes_from_the_victims_municipality() {
    let (ts, mut s) = TestStore::new();
    let mut c = content("");
    c.incident.reported_at = Some(ts.clock_now() - Duration::minutes(40));
    let case_id = record(&mut s, c);
    let (_, order) = issue_on(&ts, &mut s, case_id);
    let j = s.get_order(order).unwrap().jurisdiction.unwrap();
    assert_eq!(
        j.basic_public_prosecutor,
        "Osnovno javno tužilaštvo u Novom Sadu"
    );
    assert_eq!(j.basic_court, "Osnovni sud u Novom Sadu");
    // A draft naming where the victim lives now (in Cyrillic).
    let view = s.get_order(order).unwrap();
    let draft = s
        .save_order_draft(SaveOrderDraftRequest {
            case_id,
            id: None,
            content: OrderContent {
                victim_municipality: "Бечеј".into(),
                ..view.order.content.clone()
            },
        })
        .unwrap();
    let j = draft.jurisdiction.unwrap();
    assert_eq!(
        j.basic_public_prosecutor,
        "Osnovno javno tužilaštvo u Bečeju"
    );
    assert_eq!(j.higher_court, "Viši sud u Zrenjaninu");
    let unknown = s
        .save_order_draft(SaveOrderDraftRequest {
            case_id,
            id: Some(draft.order.id),
            content: OrderContent {
                victim_municipality: "Atlantida".into(),
                ..view.order.content
            },
        })
        .unwrap();
    assert_eq!(unknown.jurisdiction, None);
}

/// Issue 11, item 10 (Art. 15): a patrol officer records the case and drafts the assessment;
/// only the competent officer completes the finding and issues the order. The central record's
/// roster decides over the station's setting, even within a running session.
#[test]
fn only_the_competent_officer_completes_the_finding_and_issues() {
    use zastita_core::app::{
        AddOfficerRequest, CompleteAssessmentRequest, OfficerRole, StartAssessmentRequest,
        UnlockRequest,
    };
    use zastita_core::keys::Passphrase;
    use zastita_protocol::messages::{ChangeKind, OfficerRole as WireRole};

    let (ts, mut s) = TestStore::new();
    let patrol_pass = "Plava reka 9 teče";
    let info = s
        .add_officer(AddOfficerRequest {
            badge: "NS7001".into(),
            name: "Petar Ilić".into(),
            passphrase: Passphrase::new(patrol_pass.into()),
            role: OfficerRole::Patrol,
            rank: String::new(),
        })
        .unwrap();
    assert_eq!(info.role, OfficerRole::Patrol);
    // The competent officer records and issues one order (so the assessment flow is known good).
    let mut c = content("");
    c.incident.reported_at = Some(ts.clock_now() - Duration::minutes(40));
    let case_id = record(&mut s, c.clone());
    s.lock().unwrap();

    let mut p = ts
        .device()
        .unlock(UnlockRequest {
            badge: "NS7001".into(),
            passphrase: Passphrase::new(patrol_pass.into()),
        })
        .unwrap();
    assert_eq!(p.officer().role, OfficerRole::Patrol);
    // He cannot make himself (or anyone) competent, touch a rank, or let a new passphrase in;
    // each refusal changes nothing.
    let before = format!("{:?}", p.list_officers().unwrap());
    let e = p
        .set_officer_role("NS7001", OfficerRole::Competent)
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::OfficerNotCompetent);
    let e = p.set_officer_rank("NS1234", "pozornik").unwrap_err();
    assert_eq!(e.code(), ErrorCode::OfficerNotCompetent);
    let e = p
        .add_officer(AddOfficerRequest {
            badge: "NS7002".into(),
            name: "Marko Nikolić".into(),
            passphrase: Passphrase::new("Zeleno brdo 4 stoji".into()),
            role: OfficerRole::Competent,
            rank: String::new(),
        })
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::OfficerNotCompetent);
    assert_eq!(format!("{:?}", p.list_officers().unwrap()), before);
    assert_eq!(p.officer().role, OfficerRole::Patrol);
    // He records a case and drafts an assessment…
    record(&mut p, content(""));
    let a = p
        .start_assessment(StartAssessmentRequest {
            case_id,
            instrument_id: "art16".into(),
        })
        .unwrap()
        .assessment
        .id;
    // …but cannot complete the finding.
    let e = p
        .complete_assessment(CompleteAssessmentRequest {
            id: a,
            final_level: None,
            raise_reason: None,
        })
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::OfficerNotCompetent);
    // Nor issue an order (refused before anything else is looked at).
    let draft = p
        .save_order_draft(SaveOrderDraftRequest {
            case_id,
            id: None,
            content: OrderContent::default(),
        })
        .unwrap();
    let e = p.issue_order(draft.order.id).unwrap_err();
    assert_eq!(e.code(), ErrorCode::OfficerNotCompetent);
    // The central record's roster names him competent: from now on he may.
    let feed = crate::sync::page(
        1,
        vec![(
            1,
            ChangeKind::OfficerAdded {
                badge: "NS7001".into(),
                name: "Petar Ilić".into(),
                role: Some(WireRole::Competent),
                rank: None,
            },
        )],
    );
    crate::sync::enrol(&ts, &mut p);
    p.sync_apply_feed(&feed).unwrap();
    // The session shows the new role at once (the header of the app reads it).
    assert_eq!(p.officer().role, OfficerRole::Competent);
    assert_eq!(
        p.list_officers()
            .unwrap()
            .iter()
            .find(|o| o.badge.as_str() == "NS7001")
            .unwrap()
            .role,
        OfficerRole::Competent
    );
    // The station's setting on the device no longer decides: the roster does.
    p.set_officer_role("NS7001", OfficerRole::Patrol).unwrap();
    let (_, order) = issue_on(&ts, &mut p, case_id);
    assert!(p.get_order(order).unwrap().order.issued.is_some());
}
