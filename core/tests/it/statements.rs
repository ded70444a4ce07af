//! Statements of every party — the victim, the perpetrator (his hearing), a witness: autosave,
//! signing, immutability (in the service and in the database itself), and addenda.

use crate::harness::*;
use zastita_core::app::{
    SaveCaseDraftRequest, SignStatementRequest, StartStatementRequest, StatementView,
};
use zastita_core::domain::{
    CaseId, Person, PersonId, Relationship, Role, StatementDraft, StatementId,
};
use zastita_core::error::Error;

fn case_with_statement(s: &mut zastita_core::app::Session) -> (CaseId, StatementView) {
    let saved = s
        .save_case_draft(SaveCaseDraftRequest {
            id: None,
            content: content(""),
        })
        .unwrap();
    let victim = s.open_case(saved.id).unwrap().file.people[0].id;
    let st = s
        .start_statement(StartStatementRequest {
            case_id: saved.id,
            person_id: victim,
            amends: None,
            draft: StatementDraft::default(),
        })
        .unwrap();
    (saved.id, st)
}

fn draft(text: &str) -> StatementDraft {
    StatementDraft {
        place: "stan oštećene".to_owned(),
        language: "sr".to_owned(),
        interpreter: None,
        text: text.to_owned(),
    }
}

fn sign(s: &mut zastita_core::app::Session, id: StatementId) -> Result<StatementView, Error> {
    s.sign_statement(SignStatementRequest {
        id,
        victim_signature: Some(signature(25)),
        victim_not_signed_reason: None,
        officer_signature: Some(signature(25)),
    })
}

#[test]
fn a_signed_statement_is_immutable_and_corrected_by_an_addendum() {
    let (ts, mut s) = TestStore::new();
    let (case_id, st) = case_with_statement(&mut s);
    let id = st.statement.id;
    s.save_statement_draft(id, draft("Prvi deo izjave."))
        .unwrap();
    s.save_statement_draft(id, draft("Prvi deo izjave. Drugi deo."))
        .unwrap();
    let signed = sign(&mut s, id).unwrap().statement;
    assert!(signed.signed_at.is_some());
    assert_eq!(signed.content_sha256.as_ref().unwrap().len(), 64);
    assert_eq!(signed.text, "Prvi deo izjave. Drugi deo.");

    assert!(matches!(
        s.save_statement_draft(id, draft("izmena")),
        Err(Error::StatementSigned { .. })
    ));
    assert!(matches!(
        sign(&mut s, id),
        Err(Error::StatementSigned { .. })
    ));

    let add = s
        .start_statement(StartStatementRequest {
            case_id,
            person_id: signed.person_id,
            amends: Some(id),
            draft: draft("Dopuna: napad se dogodio u 21h, ne u 20h."),
        })
        .unwrap();
    sign(&mut s, add.statement.id).unwrap();
    // An addendum cannot amend an unsigned statement.
    let unsigned = s
        .start_statement(StartStatementRequest {
            case_id,
            person_id: signed.person_id,
            amends: None,
            draft: draft("nova"),
        })
        .unwrap();
    let r = s.start_statement(StartStatementRequest {
        case_id,
        person_id: signed.person_id,
        amends: Some(unsigned.statement.id),
        draft: draft("x"),
    });
    assert!(matches!(r, Err(Error::AmendsUnsigned { .. })));
    s.lock().unwrap();

    // After a restart the signed statement is unchanged.
    let mut s = ts.unlock(PASS).unwrap();
    purpose(&mut s, Some(case_id));
    let file = s.open_case(case_id).unwrap().file;
    assert_eq!(file.statements[0], signed);
    assert_eq!(file.statements[1].amends, Some(id));
}

#[test]
fn the_database_itself_refuses_to_change_a_signed_statement() {
    let (ts, mut s) = TestStore::new();
    let (_, st) = case_with_statement(&mut s);
    s.save_statement_draft(st.statement.id, draft("Izjava."))
        .unwrap();
    sign(&mut s, st.statement.id).unwrap();
    s.lock().unwrap();
    // Go around the services with the raw key, as a tampering tool would.
    let conn = zastita_core::app::testing::open_raw(ts.path(), PASS, BADGE).unwrap();
    let r = conn.execute("UPDATE statements SET data = '{}'", []);
    assert!(r.unwrap_err().to_string().contains("immutable"));
    let r = conn.execute("DELETE FROM statements", []);
    assert!(r.unwrap_err().to_string().contains("immutable"));
    let r = conn.execute("DELETE FROM audit", []);
    assert!(r.unwrap_err().to_string().contains("append-only"));
}

#[test]
fn signing_needs_both_signatures_or_a_reason() {
    let (_ts, mut s) = TestStore::new();
    let (_, st) = case_with_statement(&mut s);
    let id = st.statement.id;
    s.save_statement_draft(id, draft("Izjava.")).unwrap();
    let r = s.sign_statement(SignStatementRequest {
        id,
        victim_signature: None,
        victim_not_signed_reason: None,
        officer_signature: Some(signature(10)),
    });
    match r {
        Err(Error::Invalid(errors)) => {
            assert!(
                errors.iter().any(|e| e.field.contains("victim")),
                "{errors:?}"
            )
        }
        other => panic!("expected invalid, got {other:?}"),
    }
    let ok = s
        .sign_statement(SignStatementRequest {
            id,
            victim_signature: None,
            victim_not_signed_reason: Some("oštećena ne može da piše zbog povrede ruke".to_owned()),
            officer_signature: Some(signature(10)),
        })
        .unwrap();
    assert!(ok.statement.is_signed());
    assert_eq!(crate::harness::pending_records(&s), 1);
}

#[test]
fn verify_finds_an_audit_entry_altered_or_removed_behind_the_triggers() {
    let (ts, mut s) = TestStore::new();
    case_with_statement(&mut s);
    s.lock().unwrap();
    // An attacker with the key drops the append-only triggers and edits history.
    let conn = zastita_core::app::testing::open_raw(ts.path(), PASS, BADGE).unwrap();
    conn.execute_batch(
        "DROP TRIGGER audit_append_only_update; DROP TRIGGER audit_append_only_delete;
         UPDATE audit SET officer = 'XX1' WHERE seq = 2;",
    )
    .unwrap();
    drop(conn);
    let mut s = ts.unlock(PASS).unwrap();
    let report = s.verify().unwrap();
    assert!(!report.ok);
    assert_eq!(
        report.audit_break.as_deref(),
        Some("audit entry 2 was altered (its hash does not match its content)")
    );
    s.lock().unwrap();

    let conn = zastita_core::app::testing::open_raw(ts.path(), PASS, BADGE).unwrap();
    conn.execute_batch("DELETE FROM audit WHERE seq <= 2;")
        .unwrap();
    drop(conn);
    let report = ts.unlock(PASS).unwrap().verify().unwrap();
    assert_eq!(
        report.audit_break.as_deref(),
        Some("audit entries 1 to 2 are missing")
    );
}

/// A case with a witness beside the victim, perpetrator and child of `content`; returns the case
/// and the people by role.
fn case_with_parties(s: &mut zastita_core::app::Session) -> (CaseId, Vec<(Role, PersonId)>) {
    let mut c = content("");
    let mut witness = Person::new(Role::Witness);
    witness.given_name = "Ana".to_owned();
    witness.family_name = "Kovač".to_owned();
    witness.relationship_to_victim = Some(Relationship::None);
    c.people.push(witness);
    let saved = s
        .save_case_draft(SaveCaseDraftRequest {
            id: None,
            content: c,
        })
        .unwrap();
    s.record_case(saved.id).unwrap();
    let people = s.open_case(saved.id).unwrap().file.people;
    (saved.id, people.iter().map(|p| (p.role, p.id)).collect())
}

fn of(people: &[(Role, PersonId)], role: Role) -> PersonId {
    people.iter().find(|(r, _)| *r == role).unwrap().1
}

#[test]
fn the_perpetrator_and_a_witness_give_statements_signed_immutable_and_amended() {
    let (ts, mut s) = TestStore::new();
    let (case_id, people) = case_with_parties(&mut s);
    let mut signed = Vec::new();
    for role in [Role::Perpetrator, Role::Witness] {
        let person_id = of(&people, role);
        let st = s
            .start_statement(StartStatementRequest {
                case_id,
                person_id,
                amends: None,
                draft: StatementDraft::default(),
            })
            .unwrap();
        let id = st.statement.id;
        assert_eq!(st.statement.person_id, person_id);
        s.save_statement_draft(id, draft("Izjašnjenje o događaju."))
            .unwrap();
        let done = sign(&mut s, id).unwrap().statement;
        assert!(done.is_signed(), "{role:?}");
        assert_eq!(done.content_sha256.as_ref().map(String::len), Some(64));
        // Immutable in the service…
        assert!(matches!(
            s.save_statement_draft(id, draft("izmena")),
            Err(Error::StatementSigned { .. })
        ));
        assert!(matches!(
            sign(&mut s, id),
            Err(Error::StatementSigned { .. })
        ));
        // …and corrected by an addendum of the same person, signed in its own right.
        let add = s
            .start_statement(StartStatementRequest {
                case_id,
                person_id,
                amends: Some(id),
                draft: draft("Dopuna izjave."),
            })
            .unwrap();
        let add = sign(&mut s, add.statement.id).unwrap().statement;
        assert_eq!(add.amends, Some(id));
        signed.push((done, add));
    }
    // The perpetrator may also refuse to sign: the reason is recorded instead.
    let refused = s
        .start_statement(StartStatementRequest {
            case_id,
            person_id: of(&people, Role::Perpetrator),
            amends: None,
            draft: draft("Ne želi da se izjasni o detaljima."),
        })
        .unwrap();
    let refused = s
        .sign_statement(SignStatementRequest {
            id: refused.statement.id,
            victim_signature: None,
            victim_not_signed_reason: Some("odbio da potpiše".to_owned()),
            officer_signature: Some(signature(25)),
        })
        .unwrap()
        .statement;
    assert_eq!(
        refused.victim_not_signed_reason.as_deref(),
        Some("odbio da potpiše")
    );
    s.lock().unwrap();

    // The database itself keeps them as signed.
    let conn = zastita_core::app::testing::open_raw(ts.path(), PASS, BADGE).unwrap();
    let r = conn.execute(
        "UPDATE statements SET data = '{}' WHERE person_id = ?1",
        [of(&people, Role::Witness).to_string()],
    );
    assert!(r.unwrap_err().to_string().contains("immutable"));
    drop(conn);

    let mut s = ts.unlock(PASS).unwrap();
    purpose(&mut s, Some(case_id));
    let file = s.open_case(case_id).unwrap().file;
    assert_eq!(file.statements.len(), 5);
    for (done, add) in &signed {
        assert!(file.statements.contains(done));
        assert!(file.statements.contains(add));
    }
    // Exported and imported back, the parties' statements are still valid.
    let bytes = s.export_case(case_id, "OJT Novi Sad").unwrap();
    let parsed = zastita_core::casefile::parse(&bytes, t0() + chrono::Duration::days(1)).unwrap();
    assert_eq!(parsed.statements, file.statements);
}

#[test]
fn a_statement_of_someone_not_in_the_case_is_refused() {
    let (_ts, mut s) = TestStore::new();
    let (case_id, _) = case_with_parties(&mut s);
    let r = s.start_statement(StartStatementRequest {
        case_id,
        person_id: PersonId::new(),
        amends: None,
        draft: StatementDraft::default(),
    });
    assert!(matches!(r, Err(Error::PersonNotFound { .. })), "{r:?}");
}
