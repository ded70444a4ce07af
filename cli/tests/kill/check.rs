//! The check after every kill, on the store itself through core (as the app would open it): it
//! opens, `verify` passes, the unlock counter is not below what was acknowledged, every effect
//! the ledger holds is there, and the command in flight left its whole effect or none. The
//! ledger then follows what the store holds. And the final check on the central record.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use zastita_core::app::{
    CaseView, Device, DeviceConfig, ListCasesRequest, Session, SetPurposeRequest, UnlockRequest,
};
use zastita_core::casefile::{self, CaseStatus};
use zastita_core::domain::{CaseId, Purpose, PurposeCode};
use zastita_core::error::ErrorCode;
use zastita_core::keys::Passphrase;
use zastita_sync_tests::central::Central;

use crate::ledger::{CaseState, Pending};
use crate::worker::{BADGE, Worker, imported_state, people_of};

fn unlock(w: &Worker, pin: &str) -> Result<Session, zastita_core::error::Error> {
    let mut device = Device::open(&w.store, DeviceConfig::default())
        .unwrap_or_else(|e| panic!("store {}: does not open after a kill: {e}", w.index));
    let mut s = device.unlock(UnlockRequest {
        badge: BADGE.to_owned(),
        passphrase: Passphrase::new(pin.to_owned()),
    })?;
    // The check reads the list and cases as a station review would (a purpose for each).
    give_purpose(&mut s, None);
    Ok(s)
}

fn give_purpose(s: &mut Session, case: Option<CaseId>) {
    s.set_purpose(SetPurposeRequest {
        case_id: case,
        purpose: Purpose::new(PurposeCode::StationReview),
    })
    .unwrap();
}

fn id(s: &str) -> CaseId {
    s.parse().unwrap()
}

fn view(s: &mut Session, case: &str) -> CaseView {
    give_purpose(s, Some(id(case)));
    s.open_case(id(case)).unwrap()
}

/// The stored draft: on top of a recorded case, or the case itself before its first recording.
fn draft_json(v: &CaseView) -> Option<Value> {
    match &v.draft {
        Some(d) => Some(serde_json::to_value(d).unwrap()),
        None if v.file.version == 0 => Some(normalised(
            &serde_json::json!({ "incident": v.file.incident, "people": v.file.people }),
        )),
        None => None,
    }
}

/// A content as core stores it (the JSON a command was given, read the way core reads it).
fn normalised(content: &Value) -> Value {
    let c: zastita_core::app::CaseContent = serde_json::from_value(content.clone()).unwrap();
    serde_json::to_value(c).unwrap()
}

/// Check `w`'s store after a command that `acked` (reported success) or not (killed).
pub fn after(w: &mut Worker, pending: &Pending, acked: bool) {
    let who = format!(
        "store {} after {pending:?} (acknowledged: {acked})",
        w.index
    );
    // The counter, before unlocking resets it: never below what was acknowledged.
    let status = Device::open(&w.store, DeviceConfig::default())
        .unwrap_or_else(|e| panic!("{who}: does not open: {e}"))
        .status();
    assert!(!status.wiped, "{who}: wiped");
    assert!(
        status.consecutive_failures >= w.ledger.failures,
        "{who}: the unlock counter went down ({} < {})",
        status.consecutive_failures,
        w.ledger.failures
    );
    let mut s = match pending {
        Pending::Passwd { new } => {
            // Exactly one passphrase opens the store: the new one once the change was reported.
            let old = w.ledger.pin.clone();
            let first = if acked { new.clone() } else { old.clone() };
            let second = if acked { old.clone() } else { new.clone() };
            match unlock(w, &first) {
                Ok(s) => {
                    s.lock().unwrap();
                    let e = unlock(w, &second).err().unwrap_or_else(|| {
                        panic!("{who}: the old and the new passphrase both open the store")
                    });
                    assert_eq!(e.code(), ErrorCode::WrongPassphrase, "{who}: {e}");
                    w.ledger.pin = first;
                }
                Err(e) => {
                    assert!(
                        !acked,
                        "{who}: the new passphrase does not open the store: {e}"
                    );
                    assert_eq!(e.code(), ErrorCode::WrongPassphrase, "{who}: {e}");
                    w.ledger.pin = second;
                }
            }
            unlock(w, &w.ledger.pin.clone()).unwrap()
        }
        _ => unlock(w, &w.ledger.pin.clone()).unwrap_or_else(|e| panic!("{who}: unlock: {e}")),
    };
    w.ledger.failures = 0;
    let report = s.verify().unwrap();
    assert!(report.ok, "{who}: verify failed: {report:?}");

    let list = s
        .list_cases(ListCasesRequest {
            search: None,
            limit: Some(10_000),
            offset: None,
        })
        .unwrap();
    let listed: BTreeMap<String, _> = list.iter().map(|c| (c.id.to_string(), c)).collect();

    // The command in flight: all of it or none of it.
    match pending {
        Pending::Draft { case, content } => {
            let content = normalised(content);
            let case = match case {
                Some(c) => Some(c.clone()),
                None => {
                    // A new case: at most one case the ledger does not know, holding this draft.
                    let unknown: Vec<&String> = listed
                        .keys()
                        .filter(|k| !w.ledger.cases.contains_key(*k))
                        .collect();
                    assert!(unknown.len() <= 1, "{who}: {} unknown cases", unknown.len());
                    assert!(
                        !acked || unknown.is_empty(),
                        "{who}: an acknowledged draft unknown"
                    );
                    if let Some(id) = unknown.first() {
                        w.ledger.cases.insert(
                            (*id).clone(),
                            CaseState {
                                people: people_of(&content),
                                content: content.clone(),
                                ..CaseState::default()
                            },
                        );
                    }
                    unknown.first().map(|s| (*s).clone())
                }
            };
            if let Some(case) = case {
                let stored = draft_json(&view(&mut s, &case));
                let before = w.ledger.cases[&case].draft.clone().map(|d| normalised(&d));
                if acked {
                    assert_eq!(
                        stored.as_ref(),
                        Some(&content),
                        "{who}: the saved draft is not there"
                    );
                } else {
                    assert!(
                        stored.as_ref() == Some(&content) || stored == before,
                        "{who}: the draft is neither the old nor the new one"
                    );
                }
                w.ledger.cases.get_mut(&case).unwrap().draft = stored;
            }
        }
        Pending::StatementText { id, text } => {
            let st = statement(&mut s, w, id);
            let old = &w.ledger.statements[id].text;
            assert!(
                st.text == *text || (!acked && st.text == *old),
                "{who}: the statement's text is neither the old nor the new one"
            );
            w.ledger.statements.get_mut(id).unwrap().text = st.text;
        }
        Pending::Record { case } => {
            let v = view(&mut s, case);
            let before = w.ledger.cases[case].clone();
            let recorded = v.file.version == before.version + 1;
            assert!(
                recorded || (!acked && v.file.version == before.version),
                "{who}: version {} after {}",
                v.file.version,
                before.version
            );
            if recorded {
                assert_eq!(v.file.status, CaseStatus::Recorded);
                assert!(
                    v.draft.is_none(),
                    "{who}: recorded but the draft is still there"
                );
                let content =
                    serde_json::json!({ "incident": v.file.incident, "people": v.file.people });
                assert_eq!(
                    Some(normalised(&content)),
                    before.draft.as_ref().map(normalised),
                    "{who}: the recorded version is not the draft"
                );
                let c = w.ledger.cases.get_mut(case).unwrap();
                c.version += 1;
                c.draft = None;
                c.synced = false;
                c.content = content;
            } else {
                assert_eq!(
                    draft_json(&v).map(|d| normalised(&d)),
                    before.draft.map(|d| normalised(&d))
                );
            }
        }
        Pending::Sign { id } => {
            let st = statement(&mut s, w, id);
            assert!(
                st.signed_at.is_some() || !acked,
                "{who}: the signature is gone"
            );
            if st.signed_at.is_some() {
                let sha = st
                    .content_sha256
                    .clone()
                    .unwrap_or_else(|| panic!("{who}: signed without a fingerprint"));
                w.ledger.statements.get_mut(id).unwrap().signed = Some(sha);
            }
        }
        Pending::Import { case, file } => {
            let present = listed.contains_key(case);
            assert!(present || !acked, "{who}: the imported case is gone");
            if present {
                let v = view(&mut s, case);
                let parsed = casefile::parse(file, chrono::Utc::now()).unwrap();
                assert_eq!(
                    v.file.statements, parsed.statements,
                    "{who}: statements differ"
                );
                assert_eq!(v.file.people, parsed.people, "{who}: people differ");
                assert_eq!(v.file.incident, parsed.incident, "{who}: incident differs");
                assert_eq!(
                    v.file.orders.len(),
                    parsed.orders.len(),
                    "{who}: orders differ"
                );
                assert_eq!(
                    v.file.assessments.len(),
                    parsed.assessments.len(),
                    "{who}: assessments differ"
                );
                let value: Value = serde_json::from_slice(file).unwrap();
                w.ledger.cases.insert(case.clone(), imported_state(&value));
            }
        }
        Pending::Document { case, path } => {
            let n = s.case_documents(id(case)).unwrap().len();
            let before = w.ledger.cases[case].documents;
            assert!(
                n == before + 1 || (!acked && n == before),
                "{who}: {n} documents after {before}"
            );
            if acked {
                assert!(path.exists(), "{who}: the reported PDF is not there");
            }
            if let Ok(pdf) = std::fs::read(path) {
                let end = pdf.trim_ascii_end();
                assert!(
                    pdf.starts_with(b"%PDF-") && end.ends_with(b"%%EOF"),
                    "{who}: {} is half-written ({} bytes)",
                    path.display(),
                    pdf.len()
                );
            }
            w.ledger.cases.get_mut(case).unwrap().documents = n;
        }
        Pending::Sync { .. } | Pending::Passwd { .. } | Pending::WrongPin => {}
    }

    // Everything else is exactly as acknowledged.
    let sync = s.sync_status().unwrap();
    assert!(
        sync.acked_seq >= w.ledger.acked_seq,
        "{who}: acked_seq went down ({} < {})",
        sync.acked_seq,
        w.ledger.acked_seq
    );
    if let (Pending::Sync { queued_before }, true) = (pending, acked) {
        // Everything queued before it is acknowledged (its own lock, audited after it, is not).
        assert!(
            sync.acked_seq >= *queued_before,
            "{who}: a sync reported done left seqs up to {queued_before} unacknowledged ({})",
            sync.acked_seq
        );
    }
    w.ledger.acked_seq = sync.acked_seq;
    let ids: Vec<String> = w.ledger.cases.keys().cloned().collect();
    for case in ids {
        let summary = listed
            .get(&case)
            .unwrap_or_else(|| panic!("{who}: case {case} is gone"));
        let c = w.ledger.cases.get_mut(&case).unwrap();
        assert_eq!(summary.version, c.version, "{who}: case {case}'s version");
        assert_eq!(
            summary.has_draft,
            c.draft.is_some(),
            "{who}: case {case}'s draft"
        );
        if let Some(n) = &c.number {
            assert_eq!(
                summary.official_number.as_ref(),
                Some(n),
                "{who}: case {case}'s number"
            );
        }
        if matches!(pending, Pending::Sync { .. }) {
            if summary.official_number.is_some() {
                c.number = summary.official_number.clone();
            }
            if acked {
                assert!(
                    !c.number_assigned || c.number.is_some(),
                    "{who}: a sync reported done did not bring case {case}'s official number"
                );
                if c.version > 0 {
                    c.synced = true;
                }
            }
        }
        if c.documents > 0 {
            let n = s.case_documents(id(&case)).unwrap().len();
            assert_eq!(n, c.documents, "{who}: case {case}'s documents");
        }
    }
    let stmts: Vec<String> = w.ledger.statements.keys().cloned().collect();
    for st_id in stmts {
        let st = statement(&mut s, w, &st_id);
        let l = &w.ledger.statements[&st_id];
        assert_eq!(st.text, l.text, "{who}: statement {st_id}'s text");
        assert_eq!(
            st.content_sha256, l.signed,
            "{who}: statement {st_id}'s signature"
        );
    }
    s.lock().unwrap();
}

fn statement(s: &mut Session, w: &Worker, id: &str) -> zastita_core::domain::Statement {
    let case = &w.ledger.statements[id].case;
    view(s, case)
        .file
        .statements
        .into_iter()
        .find(|st| st.id.to_string() == id)
        .unwrap_or_else(|| panic!("store {}: statement {id} is gone", w.index))
}

/// After the final sync of every store: the central record holds each device's outbox, every
/// version exactly once, with the digest the device queued it with.
pub fn central_holds_every_version_once(central: &Central, workers: &[Worker]) {
    let rows = central.admin_json(&["records", "list"]).unwrap();
    let rows = rows.as_array().unwrap();
    for w in workers {
        let mine: Vec<&Value> = rows
            .iter()
            .filter(|r| r["device_id"].as_str() == Some(w.central_id.as_str()))
            .collect();
        let versions: BTreeSet<&str> = mine
            .iter()
            .map(|r| r["version_id"].as_str().unwrap())
            .collect();
        assert_eq!(
            versions.len(),
            mine.len(),
            "store {}: a version is on the central record twice",
            w.index
        );
        let central: BTreeMap<u64, (String, String)> = mine
            .iter()
            .map(|r| {
                (
                    r["seq"].as_u64().unwrap(),
                    (
                        r["version_id"].as_str().unwrap().to_owned(),
                        r["payload_sha256"].as_str().unwrap().to_owned(),
                    ),
                )
            })
            .collect();
        assert_eq!(
            central.len(),
            mine.len(),
            "store {}: a seq is on the central record twice",
            w.index
        );
        let device: BTreeMap<u64, (String, String)> = w
            .outbox
            .iter()
            .map(|(seq, v, sha)| (*seq, (v.clone(), sha.clone())))
            .collect();
        let missing: Vec<_> = device
            .iter()
            .filter(|(k, v)| central.get(k) != Some(v))
            .collect();
        let extra: Vec<_> = central
            .iter()
            .filter(|(k, _)| !device.contains_key(k))
            .collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "store {}: the central record is not the device's outbox ({} versions): not there or \
             different: {missing:?}; not on the device: {extra:?}",
            w.index,
            device.len()
        );
    }
    for list in ["conflicts", "quarantine"] {
        let v = central.admin_json(&[list, "list"]).unwrap();
        assert_eq!(
            v.as_array().map_or(0, Vec::len),
            0,
            "the central record has {list}: {v}"
        );
    }
}
