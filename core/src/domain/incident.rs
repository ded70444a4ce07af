//! The incident: what was reported, when, where, and what the police found on arrival.
//! Every field is what the officer entered; [`super::validate`] judges it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The forms of violence the Law on the Prevention of Domestic Violence names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ViolenceForm {
    Physical,
    Sexual,
    Psychological,
    Economic,
}

/// Who reported the incident to the police.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ReporterKind {
    Victim,
    FamilyMember,
    Neighbour,
    Witness,
    /// A school, health centre, social-welfare centre or other institution.
    Institution,
    Anonymous,
    Other,
}

/// The person or body that reported the incident. Name and phone are optional (an anonymous
/// report has neither).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Reporter {
    pub kind: ReporterKind,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
}

/// A position from the device's GPS, WGS 84.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
    /// Horizontal accuracy in metres, when the receiver gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accuracy_m: Option<f64>,
}

/// Kind of a weapon found or reported. Firearms are a first-class risk factor (about a third of
/// domestic killings), so they are never folded into "other".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum WeaponKind {
    Firearm,
    /// Knife, axe and other cold weapons.
    ColdWeapon,
    Other,
}

/// Whether a weapon is held legally (licensed), as far as the officer knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum WeaponLegality {
    Licensed,
    Unlicensed,
    Unknown,
}

/// One weapon present at the scene or in the household.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Weapon {
    pub kind: WeaponKind,
    #[serde(default)]
    pub description: String,
    /// Kept in the household (as opposed to only brought to the scene).
    #[serde(default)]
    pub in_household: bool,
    /// Licensed or not; `None` until the officer answers (firearms must be answered to record).
    #[serde(default)]
    pub legality: Option<WeaponLegality>,
    /// Used against someone in this incident.
    #[serde(default)]
    pub used_in_incident: bool,
    /// Threatened with in this incident.
    #[serde(default)]
    pub threatened_in_incident: bool,
    /// Taken by the police at the scene.
    #[serde(default)]
    pub seized: bool,
    /// The number of the seizure receipt given for it (required once seized).
    #[serde(default)]
    pub seizure_receipt: String,
}

/// How the social-welfare centre was notified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum NotificationMeans {
    Phone,
    InPerson,
    Email,
    Written,
    Other,
}

/// The social-welfare centre's notification, owed whenever children are involved: when, which
/// centre, how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WelfareNotification {
    pub at: DateTime<Utc>,
    pub centre: String,
    pub means: NotificationMeans,
    #[serde(default)]
    pub note: String,
}

/// The incident record of a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Incident {
    /// When the report reached the police.
    #[serde(default)]
    pub reported_at: Option<DateTime<Utc>>,
    /// When the patrol arrived at the scene.
    #[serde(default)]
    pub police_arrived_at: Option<DateTime<Utc>>,
    /// Street, number, flat.
    #[serde(default)]
    pub address: String,
    /// Municipality or city (local self-government unit).
    #[serde(default)]
    pub municipality: String,
    #[serde(default)]
    pub location: Option<GeoPoint>,
    #[serde(default)]
    pub reported_by: Option<Reporter>,
    #[serde(default)]
    pub forms_of_violence: Vec<ViolenceForm>,
    /// Imminent danger before any act (Art. 3: ready to commit violence "for the first time"):
    /// why the danger is imminent though no act of violence has happened. Required when no form
    /// of violence is recorded.
    #[serde(default)]
    pub danger_without_act: String,
    /// Whether any weapon was present; `None` until the officer answers.
    #[serde(default)]
    pub weapons_present: Option<bool>,
    #[serde(default)]
    pub weapons: Vec<Weapon>,
    /// Injuries observed or reported; empty when none.
    #[serde(default)]
    pub injuries: String,
    /// Whether children were present; `None` until the officer answers.
    #[serde(default)]
    pub children_present: Option<bool>,
    /// The social-welfare centre's notification, owed when children are involved.
    #[serde(default)]
    pub welfare_notification: Option<WelfareNotification>,
    /// The officer's account of what happened.
    #[serde(default)]
    pub narrative: String,
}

impl Incident {
    /// Whether a firearm is among the weapons recorded.
    pub fn firearm_present(&self) -> bool {
        self.weapons.iter().any(|w| w.kind == WeaponKind::Firearm)
    }

    /// Whether a weapon was used or threatened with in this incident.
    pub fn weapon_used_or_threatened(&self) -> bool {
        self.weapons
            .iter()
            .any(|w| w.used_in_incident || w.threatened_in_incident)
    }
}
