//! Reference data every part of Zaštita reads, in one place: the police administrations of
//! Serbia, the municipalities of Vojvodina with the administration covering each, and the basic
//! court, basic public prosecutor's office and higher court competent for each (`data/`, copies of
//! the shared reference set, shipped as data), and the folding that lets a name typed in either
//! script, with or without diacritics, find its row. No I/O, no storage: the device's core, the
//! central record and (through core) the app's screens all ask here.

pub mod fold;
pub mod tables;

pub use fold::{fold_for_search, fold_name};
pub use tables::{
    Jurisdiction, Municipality, PoliceAdministration, administration_for_municipality,
    administration_named, jurisdiction_for, jurisdictions, municipalities, municipality,
    police_administrations,
};
