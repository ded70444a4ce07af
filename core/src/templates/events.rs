//! One line per order event, in the document's language, for the summary's timeline.

use super::*;

impl Writer<'_> {
    pub(super) fn party(&self, p: Party) -> String {
        match p {
            Party::Prosecutor => self.t("party-prosecutor"),
            Party::Perpetrator => self.t("party-perpetrator"),
        }
    }

    pub(super) fn event(&self, e: &OrderEventKind) -> String {
        use OrderEventKind as K;
        match e {
            K::Served { at, place, .. } => format!(
                "{} — {}",
                self.when(*at),
                self.ta("event-served", &[("place", place.trim())])
            ),
            K::Forwarded { at, prosecutor } => format!(
                "{} — {}",
                self.when(*at),
                self.ta("event-forwarded", &[("prosecutor", prosecutor.trim())])
            ),
            K::ProsecutorReceived { at, office } => format!(
                "{} — {}",
                self.when(*at),
                self.ta("event-prosecutor_received", &[("office", office.trim())])
            ),
            K::ProsecutorEvaluated {
                at,
                agrees,
                reasons,
            } => format!(
                "{} — {}",
                self.when(*at),
                self.ta(
                    if *agrees {
                        "event-prosecutor_evaluated-agrees"
                    } else {
                        "event-prosecutor_evaluated-disagrees"
                    },
                    &[("reasons", reasons.trim())]
                )
            ),
            K::ExtensionProposed { at, court } => format!(
                "{} — {}",
                self.when(*at),
                match court.as_deref().map(str::trim) {
                    Some(court) if !court.is_empty() => {
                        self.ta("event-extension_proposed-court", &[("court", court)])
                    }
                    _ => self.t("event-extension_proposed"),
                }
            ),
            K::ProposalReceived { at, court } => format!(
                "{} — {}",
                self.when(*at),
                self.ta("event-proposal_received", &[("court", court.trim())])
            ),
            K::CourtDecision {
                court,
                number,
                decided_on,
                outcome,
                ends_at,
            } => {
                let date = self.date(*decided_on);
                let base = [
                    ("court", court.trim()),
                    ("number", number.trim()),
                    ("date", date.as_str()),
                ];
                match outcome {
                    CourtOutcome::Extended => {
                        let until = self.when_opt(*ends_at);
                        let mut args = base.to_vec();
                        args.push(("until", &until));
                        self.ta("event-court_decision-extended", &args)
                    }
                    CourtOutcome::Refused => self.ta("event-court_decision-refused", &base),
                }
            }
            K::Appeal { at, note, by } => format!(
                "{} — {}",
                self.when(*at),
                match by {
                    Some(by) => {
                        let party = self.party(*by);
                        self.ta(
                            "event-appeal-by",
                            &[("party", &party), ("note", note.trim())],
                        )
                    }
                    None => self.ta("event-appeal", &[("note", note.trim())]),
                }
            ),
            K::ProsecutorDeclined { at, reason } => format!(
                "{} — {}",
                self.when(*at),
                self.ta("event-prosecutor_declined", &[("reason", reason.trim())])
            ),
            K::DecisionReceived { at, by } => {
                let party = self.party(*by);
                format!(
                    "{} — {}",
                    self.when(*at),
                    self.ta("event-decision_received", &[("party", &party)])
                )
            }
            K::AppealForwarded { at } => {
                format!("{} — {}", self.when(*at), self.t("event-appeal_forwarded"))
            }
            K::HigherCourtDecision {
                court,
                number,
                decided_on,
                outcome,
            } => {
                let date = self.date(*decided_on);
                let args = [
                    ("court", court.trim()),
                    ("number", number.trim()),
                    ("date", date.as_str()),
                ];
                match outcome {
                    AppealOutcome::Upheld => self.ta("event-higher_court_decision-upheld", &args),
                    AppealOutcome::Overturned => {
                        self.ta("event-higher_court_decision-overturned", &args)
                    }
                }
            }
            K::Lifted { at, reason } => format!(
                "{} — {}",
                self.when(*at),
                self.ta("event-lifted", &[("reason", reason.trim())])
            ),
            K::Violation {
                at, description, ..
            } => format!(
                "{} — {}",
                self.when(*at),
                self.ta("event-violation", &[("description", description.trim())])
            ),
            K::EscortedVisit { at, .. } => {
                format!("{} — {}", self.when(*at), self.t("event-escorted_visit"))
            }
            K::SocialWelfareNotified { at, centre, .. } => format!(
                "{} — {}",
                self.when(*at),
                self.ta(
                    "event-social_welfare_notified",
                    &[("centre", centre.trim())]
                )
            ),
            K::OfficialNumber { number } => {
                self.ta("event-official_number", &[("number", number.trim())])
            }
        }
    }
}
