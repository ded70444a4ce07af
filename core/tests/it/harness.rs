//! `TestStore`: a real encrypted store in a temporary directory, with a manual clock and a fast
//! KDF, plus builders for realistic case content.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use std::path::Path;
use std::sync::Arc;
use tempfile::TempDir;

use zastita_core::app::{CaseContent, Device, DeviceConfig, InitRequest, Session, UnlockRequest};
use zastita_core::clock::ManualClock;
use zastita_core::domain::jmbg::check_digit;
use zastita_core::domain::{
    Incident, Person, Relationship, Reporter, ReporterKind, Role, Signature, SignaturePoint,
    ViolenceForm, Weapon, WeaponKind, WeaponLegality,
};
use zastita_core::keyring::UnlockPolicy;
use zastita_core::keys::{KdfCost, Passphrase};

pub const BADGE: &str = "NS1234";
pub const PASS: &str = "Zelena livada 7";

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 21, 30, 0).unwrap()
}

pub struct TestStore {
    pub dir: TempDir,
    pub clock: ManualClock,
}

impl TestStore {
    /// A new store with one officer, and a session for them.
    pub fn new() -> (TestStore, Session) {
        let dir = tempfile::tempdir().unwrap();
        let clock = ManualClock::new(t0());
        let ts = TestStore { dir, clock };
        let session = Device::init(
            ts.path(),
            InitRequest {
                badge: BADGE.to_owned(),
                name: "Milica Jovanović".to_owned(),
                passphrase: Passphrase::new(PASS.to_owned()),
                rank: String::new(),
            },
            ts.config(),
        )
        .unwrap();
        (ts, session)
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn config(&self) -> DeviceConfig {
        DeviceConfig {
            policy: UnlockPolicy::default(),
            kdf: KdfCost::TEST_ONLY_FAST,
            clock: Arc::new(self.clock.clone()),
        }
    }

    /// Open the device as a freshly started process would.
    pub fn device(&self) -> Device {
        Device::open(self.path(), self.config()).unwrap()
    }

    pub fn unlock(&self, pass: &str) -> Result<Session, zastita_core::error::Error> {
        self.device().unlock(UnlockRequest {
            badge: BADGE.to_owned(),
            passphrase: Passphrase::new(pass.to_owned()),
        })
    }
}

/// A valid JMBG for a birth date, region and serial.
pub fn jmbg(dob: NaiveDate, region: u8, serial: u16) -> String {
    use chrono::Datelike;
    let yyy = dob.year() % 1000;
    let first12 = format!(
        "{:02}{:02}{:03}{:02}{:03}",
        dob.day(),
        dob.month(),
        yyy,
        region,
        serial
    );
    let digits: Vec<u8> = first12.bytes().map(|b| b - b'0').collect();
    let arr: [u8; 12] = digits.try_into().unwrap();
    format!("{first12}{}", check_digit(&arr))
}

/// A complete, recordable case; `mark` is placed in every free-text field.
pub fn content(mark: &str) -> CaseContent {
    let dob_v = NaiveDate::from_ymd_opt(1990, 3, 14).unwrap();
    let dob_p = NaiveDate::from_ymd_opt(1986, 7, 2).unwrap();
    let mut victim = Person::new(Role::Victim);
    victim.given_name = format!("Jelena{mark}");
    victim.family_name = format!("Petrović{mark}");
    victim.jmbg = jmbg(dob_v, 80, 505);
    victim.date_of_birth = Some(dob_v);
    victim.address = format!("Bulevar oslobođenja 12{mark}");
    victim.phone = format!("+381641234567{mark}");
    let mut perp = Person::new(Role::Perpetrator);
    perp.given_name = format!("Marko{mark}");
    perp.family_name = format!("Petrović{mark}");
    perp.jmbg = jmbg(dob_p, 80, 123);
    perp.relationship_to_victim = Some(Relationship::Spouse);
    perp.address = format!("Bulevar oslobođenja 12{mark}");
    perp.phone = format!("+381601112223{mark}");
    let mut child = Person::new(Role::Child);
    child.given_name = format!("Luka{mark}");
    child.family_name = format!("Petrović{mark}");
    child.relationship_to_victim = Some(Relationship::Child);
    child.date_of_birth = NaiveDate::from_ymd_opt(2017, 5, 1);
    CaseContent {
        incident: Incident {
            reported_at: Some(t0() - chrono::Duration::minutes(40)),
            police_arrived_at: Some(t0() - chrono::Duration::minutes(20)),
            address: format!("Bulevar oslobođenja 12, stan 4{mark}"),
            municipality: format!("Novi Sad{mark}"),
            location: Some(zastita_core::domain::GeoPoint {
                lat: 45.2551,
                lon: 19.8452,
                accuracy_m: Some(12.0),
            }),
            reported_by: Some(Reporter {
                kind: ReporterKind::Neighbour,
                name: format!("Ana Kovač{mark}"),
                phone: format!("+38121555666{mark}"),
            }),
            forms_of_violence: vec![ViolenceForm::Physical, ViolenceForm::Psychological],
            danger_without_act: String::new(),
            weapons_present: Some(true),
            weapons: vec![Weapon {
                kind: WeaponKind::Firearm,
                description: format!("pištolj CZ 99{mark}"),
                in_household: true,
                legality: Some(WeaponLegality::Unlicensed),
                used_in_incident: false,
                threatened_in_incident: true,
                seized: true,
                seizure_receipt: "PO-117/26".into(),
            }],
            injuries: format!("modrica na levoj ruci{mark}"),
            children_present: Some(true),
            welfare_notification: None,
            narrative: format!("Po dolasku na lice mesta zatečena je oštećena.{mark}"),
        },
        people: vec![victim, perp, child],
    }
}

/// A signature of `n` points.
pub fn signature(n: usize) -> Signature {
    Signature {
        width: 600,
        height: 200,
        strokes: vec![
            (0..n)
                .map(|i| SignaturePoint {
                    x: 10.0 + i as f32 * 3.5,
                    y: 100.0 + (i % 7) as f32,
                    t: i as u32 * 16,
                    p: Some(0.5),
                })
                .collect(),
        ],
    }
}

impl TestStore {
    pub fn clock_now(&self) -> DateTime<Utc> {
        use zastita_core::clock::Clock;
        self.clock.now()
    }
}

/// Record versions waiting for the central record, not counting audit entries (which every
/// operation queues too, since the audit log syncs like any other record).
pub fn pending_records(s: &Session) -> u64 {
    let status = s.sync_status().unwrap();
    status.pending - status.pending_by_kind.get("audit").copied().unwrap_or(0)
}

/// Give a purpose ("follow-up") for the consultations of `case` (None: the case list) in this
/// session, as the officer answering the app's question would.
pub fn purpose(s: &mut Session, case: Option<zastita_core::domain::CaseId>) {
    s.set_purpose(zastita_core::app::SetPurposeRequest {
        case_id: case,
        purpose: zastita_core::domain::Purpose::new(zastita_core::domain::PurposeCode::FollowUp),
    })
    .unwrap();
}
