//! A person's history at the scene (issue 16) on real SQCipher stores: the device's own earlier
//! cases, weak matches the officer decides, suggestions that only the officer turns into
//! answers, and the offline list of orders in force.

use base64::Engine;
use chrono::{Duration, NaiveDate};
use uuid::Uuid;
use zastita_core::app::{
    AcceptSuggestionRequest, DecideMatchRequest, ListCasesRequest, PersonHistory,
    PersonHistoryRequest, RecordOrderEventRequest, SaveAssessmentRequest, Session,
    StartAssessmentRequest, Unchecked,
};
use zastita_core::domain::{CaseId, OrderEventKind, PersonId, Role};
use zastita_core::error::{Error, ErrorCode};
use zastita_core::law::history::{MatchDecision, Trust};
use zastita_core::risk::Answer;
use zastita_core::sync::in_force::{MIN_MEMORY_KIB, person_hash};
use zastita_protocol::messages::{
    InForceChange, InForceEntry, InForceKey, InForceList, MatchStrength,
};

use crate::harness::{BADGE, PASS, TestStore, content, jmbg, purpose, signature};
use crate::legal::{issue_on, record};

fn perpetrator(s: &mut Session, case_id: CaseId) -> PersonId {
    purpose(s, Some(case_id));
    s.open_case(case_id)
        .unwrap()
        .file
        .people
        .iter()
        .find(|p| p.role == Role::Perpetrator)
        .unwrap()
        .id
}

fn history(s: &mut Session, case_id: CaseId, person_id: PersonId) -> PersonHistory {
    s.person_history(PersonHistoryRequest {
        case_id,
        person_id,
        purpose: None,
    })
    .unwrap()
}

fn items(h: &PersonHistory) -> Vec<&str> {
    h.suggestions.iter().map(|s| s.item.as_str()).collect()
}

/// An earlier case of the same JMBG, with a served order he violated: the later case's history
/// shows it, flags a repeat perpetrator and an order in force, and suggests the four items —
/// which stay unanswered until the officer accepts each, with its source kept.
#[test]
fn an_earlier_case_suggests_and_only_the_officer_answers() {
    let (ts, mut s) = TestStore::new();
    let earlier = record(&mut s, content(""));
    let (_, order) = issue_on(&ts, &mut s, earlier);
    ts.clock.advance(Duration::minutes(10));
    for event in [
        OrderEventKind::Served {
            at: ts.clock_now(),
            place: "Policijska stanica Liman".into(),
            served_by: zastita_core::domain::Badge::parse(BADGE).unwrap(),
            signature: Some(signature(12)),
            refused_to_sign: None,
        },
        OrderEventKind::Violation {
            at: ts.clock_now() + Duration::hours(2),
            description: "Došao do stana.".into(),
            evidence: String::new(),
        },
    ] {
        ts.clock.advance(Duration::hours(3));
        s.record_order_event(RecordOrderEventRequest { id: order, event })
            .unwrap();
    }
    ts.clock.advance(Duration::hours(1));
    let mut c = content("");
    c.incident.reported_at = Some(ts.clock_now() - Duration::minutes(30));
    c.incident.police_arrived_at = Some(ts.clock_now() - Duration::minutes(10));
    let now_case = record(&mut s, c);
    let perp = perpetrator(&mut s, now_case);

    let h = history(&mut s, now_case, perp);
    assert_eq!(h.looked_up_by, Some(MatchStrength::Jmbg));
    assert_eq!(h.matches.len(), 1);
    assert_eq!(h.matches[0].trust, Trust::Exact);
    assert_eq!(h.matches[0].found.case.case_id, earlier.0);
    assert!(h.repeat_perpetrator);
    assert_eq!(
        items(&h),
        [
            "earlier-violence",
            "weapon-access",
            "earlier-measure",
            "measure-violated"
        ]
    );
    assert_eq!(h.in_force.len(), 1, "{:?}", h.in_force);
    assert_eq!(h.in_force[0].order_id, order.0);
    assert!(h.in_force[0].possible_violation);
    assert_eq!(h.in_force[0].article, 36);
    assert!(h.unchecked.contains(&Unchecked::CentralRecordNotAsked));
    // The case list carries the flag.
    purpose(&mut s, None);
    let list = s.list_cases(ListCasesRequest::default()).unwrap();
    let line = |id: CaseId| list.iter().find(|l| l.id == id).unwrap().legal.clone();
    assert!(line(now_case).repeat_perpetrator);
    assert!(!line(earlier).repeat_perpetrator);

    // Suggestions are not answers.
    let a = s
        .start_assessment(StartAssessmentRequest {
            case_id: now_case,
            instrument_id: "art16".into(),
        })
        .unwrap();
    assert!(a.assessment.answers.is_empty());
    assert!(a.assessment.sources.is_empty());
    let id = a.assessment.id;
    let earlier_violence = h.suggestions[0].clone();
    let v = s
        .accept_suggestion(AcceptSuggestionRequest {
            assessment_id: id,
            person_id: perp,
            suggestion: earlier_violence.clone(),
        })
        .unwrap();
    assert_eq!(v.assessment.answers["earlier-violence"].answer, Answer::Yes);
    assert_eq!(v.assessment.answers.len(), 1, "only the accepted item");
    assert_eq!(
        v.assessment.sources["earlier-violence"].source,
        earlier_violence.source
    );
    // A source no history gives is refused.
    let mut forged = earlier_violence.clone();
    forged.source.case_id = Uuid::from_u128(7);
    let e = s
        .accept_suggestion(AcceptSuggestionRequest {
            assessment_id: id,
            person_id: perp,
            suggestion: forged,
        })
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::HistorySuggestionNotFound);
    // The officer changes his mind: the answer and its source go together.
    let mut answers = v.assessment.answers.clone();
    answers.get_mut("earlier-violence").unwrap().answer = Answer::No;
    let v = s
        .save_assessment(SaveAssessmentRequest {
            id,
            answers,
            officer_believes_in_danger: None,
            judgement_reasons: String::new(),
        })
        .unwrap();
    assert!(v.assessment.sources.is_empty());
}

/// The same person by name and date of birth (one spelled in Cyrillic) without a JMBG on one
/// side: shown as a weak match, never merged, no flag and no suggestion until the officer
/// confirms; rejected, it counts for nothing again.
#[test]
fn a_weak_match_is_not_merged_and_suggests_nothing_until_confirmed() {
    let (ts, mut s) = TestStore::new();
    let dob = NaiveDate::from_ymd_opt(1986, 7, 2).unwrap();
    let mut c = content("");
    for p in c.people.iter_mut().filter(|p| p.role == Role::Perpetrator) {
        p.jmbg = String::new();
        p.date_of_birth = Some(dob);
        p.given_name = "Марко".into();
        p.family_name = "Петровић".into();
    }
    c.incident.reported_at = Some(ts.clock_now() - Duration::days(30));
    c.incident.police_arrived_at = Some(ts.clock_now() - Duration::days(30));
    let earlier = record(&mut s, c);
    let mut c = content("");
    for p in c.people.iter_mut().filter(|p| p.role == Role::Perpetrator) {
        p.jmbg = jmbg(dob, 80, 123);
        p.date_of_birth = Some(dob);
    }
    let now_case = record(&mut s, c);
    let perp = perpetrator(&mut s, now_case);

    let h = history(&mut s, now_case, perp);
    assert_eq!(h.matches.len(), 1);
    let m = &h.matches[0];
    assert_eq!(m.found.strength, MatchStrength::NameAndBirth);
    assert_eq!(m.trust, Trust::Unconfirmed);
    assert!(h.suggestions.is_empty());
    assert!(!h.repeat_perpetrator);
    let match_id = m.found.match_id;

    let confirmed = s
        .decide_match(DecideMatchRequest {
            case_id: now_case,
            person_id: perp,
            match_id,
            decision: MatchDecision::Confirmed,
        })
        .unwrap();
    assert_eq!(confirmed.matches[0].trust, Trust::Confirmed);
    assert_eq!(items(&confirmed), ["earlier-violence", "weapon-access"]);
    assert!(confirmed.repeat_perpetrator);
    // Not merged: the earlier case's person is as it was entered.
    let earlier_perp = s
        .open_case(earlier)
        .unwrap()
        .file
        .people
        .into_iter()
        .find(|p| p.role == Role::Perpetrator)
        .unwrap();
    assert_eq!(earlier_perp.jmbg, "");
    assert_eq!(earlier_perp.given_name, "Марко");

    let rejected = s
        .decide_match(DecideMatchRequest {
            case_id: now_case,
            person_id: perp,
            match_id,
            decision: MatchDecision::Rejected,
        })
        .unwrap();
    assert_eq!(rejected.matches[0].trust, Trust::Rejected);
    assert!(rejected.suggestions.is_empty());
    assert!(!rejected.repeat_perpetrator);
    // An exact match is not the officer's to decide, nor an unknown one.
    let e = s
        .decide_match(DecideMatchRequest {
            case_id: now_case,
            person_id: perp,
            match_id: Uuid::from_u128(5),
            decision: MatchDecision::Confirmed,
        })
        .unwrap_err();
    assert!(matches!(e, Error::HistoryMatchNotFound { .. }), "{e:?}");
}

fn list_key(id: u32) -> InForceKey {
    InForceKey {
        id,
        key: base64::engine::general_purpose::STANDARD.encode([id as u8; 32]),
        memory_kib: MIN_MEMORY_KIB,
        iterations: 1,
        parallelism: 1,
    }
}

fn page(key: &InForceKey, next: u64, changes: Vec<InForceChange>, ts: &TestStore) -> InForceList {
    InForceList {
        key: key.clone(),
        changes,
        next,
        complete: true,
        server_time: ts.clock_now(),
    }
}

/// An order in force from another device reaches this one only as a hash on the offline list:
/// the person's history flags it after the list refreshes, and not once it has ended on the
/// device clock, nor after the central record removes it or changes the list's key.
#[test]
fn an_order_in_force_appears_offline_after_the_refresh_and_goes_when_it_ends() {
    let (ts, mut s) = TestStore::new();
    let case_id = record(&mut s, content(""));
    let perp = perpetrator(&mut s, case_id);
    let h = history(&mut s, case_id, perp);
    assert!(h.in_force.is_empty());
    assert!(h.unchecked.contains(&Unchecked::OfflineListNeverRefreshed));
    assert_eq!(h.list_refreshed_at, None);
    // What this system never holds is said every time, so the officer asks the court.
    assert!(h.unchecked.contains(&Unchecked::FamilyLawMeasuresNotHeld));

    let key = list_key(1);
    let their_jmbg = jmbg(NaiveDate::from_ymd_opt(1986, 7, 2).unwrap(), 80, 123);
    let hash = person_hash(&key, &their_jmbg).unwrap().unwrap();
    let order_id = Uuid::from_u128(42);
    let ends = ts.clock_now() + Duration::hours(20);
    let entry = InForceEntry {
        person_hash: hash.clone(),
        number: "PU-NS-17/26".into(),
        measures: vec!["contact_ban".into()],
        served_at: ts.clock_now() - Duration::hours(28),
        ends_at: ends,
    };
    let out = s
        .apply_in_force(&page(
            &key,
            3,
            vec![
                InForceChange {
                    seq: 2,
                    order_id: Uuid::from_u128(41),
                    entry: Some(InForceEntry {
                        person_hash: "someone else".into(),
                        ..entry.clone()
                    }),
                },
                InForceChange {
                    seq: 3,
                    order_id,
                    entry: Some(entry.clone()),
                },
            ],
            &ts,
        ))
        .unwrap();
    assert_eq!((out.applied, out.cursor, out.restart), (2, 3, false));
    assert_eq!(s.in_force_cursor().unwrap(), 3);
    let h = history(&mut s, case_id, perp);
    assert_eq!(h.in_force.len(), 1);
    let f = &h.in_force[0];
    assert_eq!((f.order_id, f.number.as_str()), (order_id, "PU-NS-17/26"));
    assert_eq!(
        (f.ends_at, f.possible_violation, f.article),
        (ends, true, 36)
    );
    assert_eq!(h.list_refreshed_at, Some(ts.clock_now()));
    assert!(!h.unchecked.contains(&Unchecked::OfflineListNeverRefreshed));

    // It ends on the device clock, without a refresh.
    ts.clock.advance(Duration::hours(20));
    assert!(history(&mut s, case_id, perp).in_force.is_empty());
    ts.clock.advance(Duration::hours(-1));
    assert_eq!(history(&mut s, case_id, perp).in_force.len(), 1);

    // Lifted: the central record removes it.
    s.apply_in_force(&page(
        &key,
        4,
        vec![InForceChange {
            seq: 4,
            order_id,
            entry: None,
        }],
        &ts,
    ))
    .unwrap();
    assert!(history(&mut s, case_id, perp).in_force.is_empty());
    assert_eq!(s.in_force_entries().unwrap(), 1);

    // A new key: the list read from a later cursor is dropped and read again from 0.
    let out = s
        .apply_in_force(&page(&list_key(2), 9, vec![], &ts))
        .unwrap();
    assert!(out.restart);
    assert_eq!(s.in_force_cursor().unwrap(), 0);
    assert_eq!(s.in_force_entries().unwrap(), 0);
}

/// The offline list holds no JMBG in any form the store could give back: not the digits, not
/// the birth-date part, not the name — only the keyed Argon2id hash; and the file is encrypted.
#[test]
fn the_offline_list_holds_no_jmbg() {
    let (ts, mut s) = TestStore::new();
    let key = list_key(1);
    let dob = NaiveDate::from_ymd_opt(1979, 1, 31).unwrap();
    let jmbgs: Vec<String> = (0..20).map(|i| jmbg(dob, 71, 300 + i)).collect();
    let changes = jmbgs
        .iter()
        .enumerate()
        .map(|(i, j)| InForceChange {
            seq: i as u64 + 1,
            order_id: Uuid::from_u128(i as u128 + 1),
            entry: Some(InForceEntry {
                person_hash: person_hash(&key, j).unwrap().unwrap(),
                number: format!("PU-BG-{i}/26"),
                measures: vec!["removal_from_dwelling".into()],
                served_at: ts.clock_now() - Duration::hours(1),
                ends_at: ts.clock_now() + Duration::hours(47),
            }),
        })
        .collect();
    s.apply_in_force(&page(&key, 20, changes, &ts)).unwrap();
    assert_eq!(s.in_force_entries().unwrap(), 20);
    s.lock().unwrap();

    let conn = zastita_core::app::testing::open_raw(ts.path(), PASS, BADGE).unwrap();
    let mut dump = String::new();
    for table in ["in_force_list", "in_force_state"] {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            for i in 0..n {
                let v: rusqlite::types::Value = r.get(i).unwrap();
                dump.push_str(&format!("{v:?}|"));
            }
        }
    }
    assert!(dump.contains("PU-BG-7/26"), "the dump reads the list");
    for j in &jmbgs {
        assert!(!dump.contains(j.as_str()), "a JMBG in the list");
        // The date-of-birth part (DDMMYYY) and the serial part alone.
        assert!(!dump.contains(&j[..7]), "a JMBG's birth date in the list");
        assert!(!dump.contains(&j[7..]), "a JMBG's tail in the list");
    }
    drop(conn);
    // And the file itself is ciphertext.
    let bytes = std::fs::read(ts.path().join("zastita.db")).unwrap();
    assert!(!bytes.windows(10).any(|w| w == b"PU-BG-7/26"));
}
