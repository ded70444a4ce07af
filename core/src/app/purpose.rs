//! The purposes an officer has given in this unlocked session, and the one way a consultation is
//! audited (EU Directive 2016/680 logging: who, when, what and why). The session remembers a purpose per case and
//! one for the case list and search until it is locked, so the officer is asked once per case per
//! session, never per screen; a case created in this session has "responding to the call"
//! without asking. A consultation without a purpose is refused ([`Error::PurposeRequired`])
//! before anything is read.
//!
//! A consultation's audit entry keeps the usual columns (badge, time, action, target id, outcome)
//! and writes the purpose into `detail` as [`ConsultDetail`] JSON, whose first key is the case
//! (`{"case":"case:…",…}`), so the case's timeline finds the consultations of its orders,
//! assessments and documents by that prefix (`audit::consultation_prefix`). The hash input and the schema stay as they were.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use super::Session;
use crate::audit::{Action, Outcome};
use crate::domain::purpose::check_line;
use crate::domain::{CaseId, Purpose, PurposeCode};
use crate::error::Error;
use crate::store::StoreError;

/// Give the purpose of the consultations that follow, for one case or (`case_id: None`) for the
/// case list and search. It holds until the session is locked (or another is given).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SetPurposeRequest {
    #[serde(default)]
    pub case_id: Option<CaseId>,
    pub purpose: Purpose,
}

/// The purposes given in this session (dropped, with the session, at lock).
#[derive(Debug, Default)]
pub(crate) struct Purposes {
    cases: HashMap<CaseId, Purpose>,
    list: Option<Purpose>,
}

/// What a consultation's audit entry says in its `detail`: the case it belongs to, the purpose,
/// and for an export its recipient, for the list whether it was a search and how many lines it
/// showed (never the search words, which may be a name).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConsultDetail {
    /// `case:…`; first, so an entry is found by its case with a prefix
    /// ([`crate::audit::consultation_prefix`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub case: Option<String>,
    pub purpose: PurposeCode,
    /// The officer's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub text: Option<String>,
    /// An export's recipient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub recipient: Option<String>,
    /// The list: `true` for a search.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub search: Option<bool>,
    /// The list: how many lines it showed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub results: Option<u32>,
}

impl ConsultDetail {
    /// A consultation's detail read back (an older or another entry's detail is `None`).
    pub fn parse(detail: &str) -> Option<ConsultDetail> {
        if !detail.starts_with('{') {
            return None;
        }
        serde_json::from_str(detail).ok()
    }
}

/// What else a consultation's entry records beyond its purpose.
#[derive(Debug, Default)]
pub(crate) struct Extra {
    pub recipient: Option<String>,
    pub search: Option<bool>,
    pub results: Option<u32>,
}

impl Session {
    /// Give the purpose for a case (which must exist) or for the list and search. The words are
    /// checked (at most 200 characters, one line); the purpose itself is logged with each
    /// consultation it covers, not here.
    pub fn set_purpose(&mut self, req: SetPurposeRequest) -> Result<(), Error> {
        let purpose = req.purpose.checked().map_err(Error::Invalid)?;
        match req.case_id {
            Some(id) => {
                if !self.case_exists(&id.to_string())? {
                    return Err(Error::CaseNotFound { id });
                }
                self.purposes.cases.insert(id, purpose);
            }
            None => self.purposes.list = Some(purpose),
        }
        Ok(())
    }

    /// The purpose given for a case in this session, if any.
    pub fn purpose_for(&self, case_id: Option<CaseId>) -> Option<&Purpose> {
        match case_id {
            Some(id) => self.purposes.cases.get(&id),
            None => self.purposes.list.as_ref(),
        }
    }

    /// A case this officer created in this session: its purpose is the call they answer.
    pub(crate) fn created_here(&mut self, id: CaseId) {
        self.purposes
            .cases
            .insert(id, Purpose::new(PurposeCode::RespondingToCall));
    }

    /// Refuse a consultation of `case` (None: the list) without a purpose.
    pub(crate) fn require_purpose(&self, case: Option<CaseId>) -> Result<(), Error> {
        match self.purpose_for(case) {
            Some(_) => Ok(()),
            None => Err(Error::PurposeRequired { case }),
        }
    }

    /// The `detail` of a consultation of `case` (None: the list), or the refusal without a
    /// purpose.
    pub(crate) fn consult_detail(
        &self,
        case: Option<CaseId>,
        extra: Extra,
    ) -> Result<String, Error> {
        let purpose = self
            .purpose_for(case)
            .ok_or(Error::PurposeRequired { case })?;
        let detail = ConsultDetail {
            case: case.map(|c| format!("case:{c}")),
            purpose: purpose.code,
            text: purpose.text.clone(),
            recipient: extra.recipient,
            search: extra.search,
            results: extra.results,
        };
        Ok(serde_json::to_string(&detail).map_err(StoreError::from)?)
    }

    /// Audit a consultation in a transaction of its own: `action` on `target`, belonging to
    /// `case` (None: the list), with its purpose.
    pub(crate) fn audit_consultation(
        &mut self,
        action: Action,
        target: String,
        case: Option<CaseId>,
        extra: Extra,
    ) -> Result<(), Error> {
        let detail = self.consult_detail(case, extra)?;
        let e = self.entry(action, Some(target), Outcome::Ok, Some(detail));
        self.audit_alone(e)
    }
}

/// An export's recipient, checked like the purpose's words but required.
pub(crate) fn recipient(value: &str) -> Result<String, Error> {
    check_line("recipient", Some(value), true)
        .map_err(Error::Invalid)?
        .ok_or_else(|| {
            Error::Invalid(vec![crate::domain::FieldError::new(
                "recipient",
                crate::domain::FieldErrorCode::Required,
            )])
        })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The timeline finds a case's consultations by the start of their detail: the case must
    /// stay the first key, whatever serde_json's map order.
    #[test]
    fn detail_starts_with_the_case() {
        let d = ConsultDetail {
            case: Some("case:0195".to_owned()),
            purpose: PurposeCode::JudicialRequest,
            text: Some("KT 12/26".to_owned()),
            recipient: Some("OJT".to_owned()),
            search: None,
            results: None,
        };
        let json = serde_json::to_string(&d).unwrap();
        assert!(
            json.starts_with(&crate::audit::consultation_prefix("case:0195")),
            "{json}"
        );
        assert_eq!(ConsultDetail::parse(&json), Some(d));
        assert_eq!(ConsultDetail::parse("case:0195"), None);
    }
}
