//! What the order wizard starts from: a new order's content as core proposes it for a case (the
//! only perpetrator, the victims to protect, the assessment to rest on, the police administration
//! and the victim's municipality from the incident) and the police administrations to choose
//! from. The officer changes what he must; the UI decides none of it.

use serde::Serialize;

use super::Session;
use crate::domain::order::OrderContent;
use crate::domain::{CaseId, Role};
use crate::error::Error;

/// The wizard's starting point for a case.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OrderWizardStart {
    /// A new order's content: used when the officer starts one, ignored for a draft he goes on.
    pub defaults: OrderContent,
    /// The police administrations, Belgrade's first, as the reference lists them.
    pub police_administrations: Vec<String>,
}

impl Session {
    /// Where the order wizard starts for `case_id`.
    pub fn order_wizard(&self, case_id: CaseId) -> Result<OrderWizardStart, Error> {
        let (file, _) = self.case_file(case_id)?;
        let perpetrators: Vec<_> = file
            .people
            .iter()
            .filter(|p| p.role == Role::Perpetrator)
            .collect();
        // The assessment an order can rest on: the latest completed one whose finding is
        // imminent danger, else (for the officer to see why issuing is refused) the latest.
        let mut completed: Vec<_> = file
            .assessments
            .iter()
            .filter_map(|a| Some((a.completed.as_ref()?.at, a)))
            .collect();
        completed.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
        let assessment = completed
            .iter()
            .find(|(_, a)| a.officer_believes_in_danger == Some(true))
            .or(completed.first())
            .map(|(_, a)| a.id);
        let municipality = file.incident.municipality.trim();
        let defaults = OrderContent {
            perpetrator: match perpetrators.as_slice() {
                [only] => Some(only.id),
                _ => None,
            },
            protected: file
                .people
                .iter()
                .filter(|p| p.role == Role::Victim)
                .map(|p| p.id)
                .collect(),
            assessment,
            police_administration: zastita_reference::administration_for_municipality(municipality)
                .map(|a| a.name.to_owned())
                .unwrap_or_default(),
            victim_municipality: municipality.to_owned(),
            ..OrderContent::default()
        };
        Ok(OrderWizardStart {
            defaults,
            police_administrations: zastita_reference::police_administrations()
                .iter()
                .map(|a| a.name.to_owned())
                .collect(),
        })
    }
}
