//! The online lookup's two halves around the network: the signed request built from the
//! person of the case (audited as a consultation), and its answer or refusal recorded.

use super::*;

impl Session {
    /// The local step before an online lookup: the request for the central record, for a
    /// recorded person (the central record reads the person from this device's pushed version)
    /// of a case on this device, with the purpose (refused without one).
    pub fn history_request(&mut self, req: PersonHistoryRequest) -> Result<HistoryRequest, Error> {
        if !self.case_exists(&req.case_id.to_string())? {
            return Err(Error::CaseNotFound { id: req.case_id });
        }
        self.history_purpose(req.case_id, req.purpose)?;
        self.case_person(req.case_id, req.person_id)?;
        if !self
            .recorded_people(req.case_id)?
            .iter()
            .any(|p| p.id == req.person_id)
        {
            return Err(Error::HistoryPersonNotRecorded { id: req.person_id });
        }
        let purpose =
            self.purpose_for(Some(req.case_id))
                .cloned()
                .ok_or(Error::PurposeRequired {
                    case: Some(req.case_id),
                })?;
        Ok(HistoryRequest {
            case_id: req.case_id.0,
            person_id: req.person_id.0,
            officer: self.officer().badge.to_string(),
            purpose: LookupPurpose {
                code: snake(&purpose.code),
                text: purpose.text,
            },
        })
    }

    /// The local step after an online lookup: keep the answer with the case (replacing the last
    /// one), audit the consultation with its purpose (`central-history:<person>`, the number of
    /// matches), and return the view.
    pub fn history_answered(
        &mut self,
        req: &HistoryRequest,
        answer: &HistoryResponse,
    ) -> Result<PersonHistory, Error> {
        let case_id = CaseId(req.case_id);
        let person_id = PersonId(req.person_id);
        let detail = self.consult_detail(
            Some(case_id),
            Extra {
                results: Some(u32::try_from(answer.matches.len()).unwrap_or(u32::MAX)),
                ..Extra::default()
            },
        )?;
        let entry = self.entry(
            Action::View,
            Some(format!("central-history:{person_id}")),
            Outcome::Ok,
            Some(detail),
        );
        let json = serde_json::to_string(answer).map_err(StoreError::from)?;
        let now = self.now();
        let badge = self.officer().badge.to_string();
        let store = self.store_mut();
        let tx = store.transaction()?;
        tx.execute(
            "INSERT INTO history_answers (case_id, person_id, answer, asked_by, asked_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (case_id, person_id) DO UPDATE SET answer = ?3, asked_by = ?4,
                 asked_at = ?5",
            params![
                case_id.to_string(),
                person_id.to_string(),
                json,
                badge,
                to_db(now)
            ],
        )?;
        audit::append(&tx, &entry)?;
        tx.commit().map_err(|e| store.with_dir(e.into()))?;
        self.refresh_repeat_flag(case_id)?;
        self.history_of(case_id, person_id)
    }

    /// The local step after a refused or failed lookup: audit it (denied when the central record
    /// refused, failed otherwise), with the purpose.
    pub fn history_failed(&mut self, req: &HistoryRequest, refused: bool) -> Result<(), Error> {
        let detail = self.consult_detail(Some(CaseId(req.case_id)), Extra::default())?;
        let outcome = if refused {
            Outcome::Denied
        } else {
            Outcome::Failed
        };
        let e = self.entry(
            Action::View,
            Some(format!("central-history:{}", req.person_id)),
            outcome,
            Some(detail),
        );
        self.audit_alone(e)
    }
}
