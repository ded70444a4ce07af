//! Emergency-measure orders (Art. 17 of the Law on the Prevention of Domestic Violence) and their
//! lifecycle. An order is drafted, issued (with a station-local provisional number until the
//! central record assigns the official one), served on the perpetrator, forwarded to the public
//! prosecutor, and then extended by a court, left to expire, or lifted. Everything that happens to
//! an issued order is an [`OrderEvent`] appended to it; its state and its legal clocks
//! ([`crate::law`]) are computed from those events, never stored beside them. The chain's acts
//! after the police order (the prosecutor's office receiving it and evaluating the risk
//! assessment, the court receiving the proposal) are events too; they come only from the central
//! record, recorded there by the people who did them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{AssessmentId, Badge, CaseId, EventId, OrderId, PersonId, Signature};

/// One of the two emergency measures of Art. 17.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Measure {
    /// Temporary removal of the perpetrator from the dwelling.
    RemovalFromDwelling,
    /// Temporary ban on contacting and approaching the victim.
    ContactBan,
}

/// The legal basis an order cites. One value today; an enum so documents render it in the
/// document's language and a later amendment of the law is a new value, not edited text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum LegalBasis {
    /// Art. 17 of the Law on the Prevention of Domestic Violence (Official Gazette RS 94/2016).
    #[default]
    Zsnp2016Art17,
}

/// What the officer fills in while the order is a draft. Frozen once issued.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OrderContent {
    #[serde(default)]
    pub measures: Vec<Measure>,
    /// The person the measures are imposed on (a perpetrator of the case).
    #[serde(default)]
    pub perpetrator: Option<PersonId>,
    /// The people the measures protect (victims or children of the case).
    #[serde(default)]
    pub protected: Vec<PersonId>,
    /// The dwelling the removal measure names: the one the perpetrator must leave (which he
    /// knows). The only address of the household the perpetrator's copy may show; required with
    /// [`Measure::RemovalFromDwelling`].
    #[serde(default)]
    pub dwelling: String,
    /// The municipality where the victim lives (Art. 19: the basic court of the victim's
    /// residence decides, on the proposal of its basic public prosecutor's office). The wizard
    /// starts from the incident's municipality; the officer changes it when she lives elsewhere.
    #[serde(default)]
    pub victim_municipality: String,
    /// The officer confirms the perpetrator was an adult at the incident, when neither a date of
    /// birth nor a JMBG tells (Art. 1: the law does not apply to minors).
    #[serde(default)]
    pub perpetrator_adult_confirmed: bool,
    #[serde(default)]
    pub legal_basis: LegalBasis,
    /// Why the danger is imminent and the measures are needed.
    #[serde(default)]
    pub reasons: String,
    /// The risk assessment the order rests on (a completed assessment of the same case).
    #[serde(default)]
    pub assessment: Option<AssessmentId>,
    /// The issuing police administration (e.g. "PU za Grad Novi Sad").
    #[serde(default)]
    pub police_administration: String,
    /// The police station (e.g. "PS Novi Sad – Liman").
    #[serde(default)]
    pub police_station: String,
}

/// When and by whom an order was issued, and its station-local number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Issued {
    pub at: DateTime<Utc>,
    pub by: Badge,
    /// Provisional number until the central record assigns the official one, e.g. `P-1A2B-2026-0007`.
    pub provisional_number: String,
    /// When the risk assessment the order rests on was completed: forwarding to the prosecutor
    /// "at once" (Art. 16) runs from here. Absent on orders issued before it was kept.
    #[serde(default)]
    pub assessment_completed_at: Option<DateTime<Utc>>,
    /// The station's forwarding policy when the order was issued (minutes after the assessment
    /// from which "not forwarded" is shown); absent means the default.
    #[serde(default)]
    pub forward_warning_minutes: Option<u32>,
}

/// Where an event came from: entered on this device (by an officer or the station) or received
/// from the central record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum EventSource {
    #[default]
    Device,
    CentralRecord,
}

mod events;
pub use events::{AppealOutcome, CourtOutcome, OrderEventKind, OrderEventName, OrderNumber, Party};

/// An [`OrderEventKind`] as recorded on the order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OrderEvent {
    pub id: EventId,
    pub recorded_at: DateTime<Utc>,
    /// The officer who recorded it; `None` for events from the central record.
    #[serde(default)]
    pub recorded_by: Option<Badge>,
    #[serde(default)]
    pub source: EventSource,
    pub event: OrderEventKind,
}

/// An emergency-measure order as stored, exported and synced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Order {
    pub id: OrderId,
    pub case_id: CaseId,
    /// Recorded version (0 while a draft never issued).
    pub version: u32,
    pub created_at: DateTime<Utc>,
    pub created_by: Badge,
    pub content: OrderContent,
    #[serde(default)]
    pub issued: Option<Issued>,
    #[serde(default)]
    pub events: Vec<OrderEvent>,
}

/// The service of an order, as read from its events.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServiceFacts<'a> {
    pub at: DateTime<Utc>,
    pub place: &'a str,
    pub served_by: &'a Badge,
    pub signature: Option<&'a Signature>,
    pub refused_to_sign: Option<&'a str>,
}

/// A court decision, as read from the events.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DecisionFacts<'a> {
    pub court: &'a str,
    pub number: &'a str,
    pub decided_on: NaiveDate,
    pub outcome: CourtOutcome,
    pub ends_at: Option<DateTime<Utc>>,
}

impl Order {
    /// A new draft.
    pub fn new(case_id: CaseId, by: Badge, now: DateTime<Utc>, content: OrderContent) -> Self {
        Self {
            id: OrderId::new(),
            case_id,
            version: 0,
            created_at: now,
            created_by: by,
            content,
            issued: None,
            events: Vec::new(),
        }
    }

    fn kinds(&self) -> impl DoubleEndedIterator<Item = &OrderEventKind> {
        self.events.iter().map(|e| &e.event)
    }

    /// The service, when the order has been served.
    pub fn service(&self) -> Option<ServiceFacts<'_>> {
        self.kinds().find_map(|k| match k {
            OrderEventKind::Served {
                at,
                place,
                served_by,
                signature,
                refused_to_sign,
            } => Some(ServiceFacts {
                at: *at,
                place,
                served_by,
                signature: signature.as_ref(),
                refused_to_sign: refused_to_sign.as_deref(),
            }),
            _ => None,
        })
    }

    /// When the order was forwarded to the prosecutor (the first time).
    pub fn forwarded_at(&self) -> Option<DateTime<Utc>> {
        self.kinds().find_map(|k| match k {
            OrderEventKind::Forwarded { at, .. } => Some(*at),
            _ => None,
        })
    }

    /// When the basic public prosecutor's office received the order and assessment (the first
    /// receipt), and which office.
    pub fn prosecutor_received(&self) -> Option<(DateTime<Utc>, &str)> {
        self.kinds().find_map(|k| match k {
            OrderEventKind::ProsecutorReceived { at, office } => Some((*at, office.as_str())),
            _ => None,
        })
    }

    /// When the prosecutor evaluated the risk assessment (the latest evaluation).
    pub fn evaluated_at(&self) -> Option<DateTime<Utc>> {
        self.kinds().rev().find_map(|k| match k {
            OrderEventKind::ProsecutorEvaluated { at, .. } => Some(*at),
            _ => None,
        })
    }

    /// When the prosecutor proposed an extension, if the police know.
    pub fn proposed_at(&self) -> Option<DateTime<Utc>> {
        self.kinds().find_map(|k| match k {
            OrderEventKind::ExtensionProposed { at, .. } => Some(*at),
            _ => None,
        })
    }

    /// When the basic court received the proposal (the first receipt), if the central record
    /// has said.
    pub fn court_received_at(&self) -> Option<DateTime<Utc>> {
        self.kinds().find_map(|k| match k {
            OrderEventKind::ProposalReceived { at, .. } => Some(*at),
            _ => None,
        })
    }

    /// When the prosecutor decided not to propose an extension, if he did.
    pub fn declined_at(&self) -> Option<DateTime<Utc>> {
        self.kinds().find_map(|k| match k {
            OrderEventKind::ProsecutorDeclined { at, .. } => Some(*at),
            _ => None,
        })
    }

    /// Every court decision, in the order recorded.
    pub fn decisions(&self) -> impl Iterator<Item = DecisionFacts<'_>> {
        self.kinds().filter_map(|k| match k {
            OrderEventKind::CourtDecision {
                court,
                number,
                decided_on,
                outcome,
                ends_at,
            } => Some(DecisionFacts {
                court,
                number,
                decided_on: *decided_on,
                outcome: *outcome,
                ends_at: *ends_at,
            }),
            _ => None,
        })
    }

    /// When the measures were lifted, if they were.
    pub fn lifted_at(&self) -> Option<DateTime<Utc>> {
        self.kinds().find_map(|k| match k {
            OrderEventKind::Lifted { at, .. } => Some(*at),
            _ => None,
        })
    }

    /// The official number from the central record (the latest one, should it be corrected).
    pub fn official_number(&self) -> Option<&str> {
        self.kinds().rev().find_map(|k| match k {
            OrderEventKind::OfficialNumber { number } => Some(number.as_str()),
            _ => None,
        })
    }

    /// The number to print: the official one once known, else the provisional one.
    pub fn number(&self) -> Option<&str> {
        self.official_number()
            .or(self.issued.as_ref().map(|i| i.provisional_number.as_str()))
    }

    /// The number as shown, with whether it is still provisional; `None` for a draft.
    pub fn shown_number(&self) -> Option<OrderNumber> {
        match (self.official_number(), &self.issued) {
            (Some(n), _) => Some(OrderNumber {
                number: n.to_owned(),
                provisional: false,
            }),
            (None, Some(i)) => Some(OrderNumber {
                number: i.provisional_number.clone(),
                provisional: true,
            }),
            (None, None) => None,
        }
    }
}
