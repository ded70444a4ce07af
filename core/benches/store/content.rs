//! Realistic, deterministic case content: a seeded generator, people, incidents and whole cases.

use super::*;

// Realistic, deterministic case content

/// A 64-bit linear congruential generator (Knuth's MMIX constants); the high bits are used.
pub(crate) struct Lcg(u64);

impl Lcg {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// Uniform-ish in `0..n`.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// True with probability `percent` %.
    pub(crate) fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

pub(crate) struct Generator {
    rng: Lcg,
}

impl Generator {
    pub(crate) fn new(seed: u64) -> Self {
        Generator { rng: Lcg(seed) }
    }

    pub(crate) fn date(&mut self, from_year: i32, to_year: i32) -> NaiveDate {
        let year = from_year + self.rng.below((to_year - from_year + 1) as usize) as i32;
        let day = 1 + self.rng.below(365) as u32;
        NaiveDate::from_yo_opt(year, day).unwrap()
    }

    pub(crate) fn phone(&mut self) -> String {
        let prefix = self
            .rng
            .pick(&["60", "61", "62", "63", "64", "65", "66", "69"]);
        format!("+381{prefix}{:07}", self.rng.below(10_000_000))
    }

    /// A person; `female` picks the name list. Roughly three in four adults have a JMBG on file.
    pub(crate) fn person(
        &mut self,
        role: Role,
        female: bool,
        hungarian: bool,
        surname: &str,
    ) -> Person {
        let mut p = Person::new(role);
        p.given_name = match (hungarian, female) {
            (true, true) => self.rng.pick(HU_FEMALE),
            (true, false) => self.rng.pick(HU_MALE),
            (false, true) => self.rng.pick(FEMALE),
            (false, false) => self.rng.pick(MALE),
        }
        .to_string();
        p.family_name = surname.to_owned();
        if hungarian {
            p.language = "hu".to_owned();
            p.interpreter_needed = self.rng.chance(30);
        }
        p
    }

    pub(crate) fn surname(&mut self, hungarian: bool) -> String {
        if hungarian {
            self.rng.pick(HU_SURNAMES).to_string()
        } else {
            self.rng.pick(SURNAMES).to_string()
        }
    }

    pub(crate) fn with_identity(
        &mut self,
        p: &mut Person,
        dob: NaiveDate,
        region: u8,
        female: bool,
    ) {
        p.date_of_birth = Some(dob);
        if self.rng.chance(75) {
            let serial = if female {
                500 + self.rng.below(500)
            } else {
                self.rng.below(500)
            };
            p.jmbg = jmbg(dob, region, serial as u16);
        }
    }

    /// One complete, recordable case.
    pub(crate) fn case(&mut self) -> CaseContent {
        let r = &mut self.rng;
        let (municipality, region, lat, lon) = *r.pick(PLACES);
        let hungarian = matches!(region, 80..=82 | 85) && r.chance(15);
        let cyrillic = !hungarian && r.chance(25);
        let street = r.pick(STREETS).to_string();
        let mut address = format!("{street} {}", 1 + r.below(180));
        if r.chance(60) {
            address.push_str(&format!(", stan {}", 1 + r.below(60)));
        }
        let reported_at = t0()
            - TimeDelta::seconds(60 + r.below(2 * 365 * 24 * 3600) as i64)
            - TimeDelta::milliseconds(r.below(1000) as i64);
        let arrived_at = reported_at + TimeDelta::minutes(5 + r.below(55) as i64);
        let victim_female = r.chance(82);
        let relationship = *r.pick(FAMILY);
        let shared_surname = matches!(
            relationship,
            Relationship::Spouse
                | Relationship::Parent
                | Relationship::Child
                | Relationship::Sibling
        ) || r.chance(30);

        let victim_surname = self.surname(hungarian);
        let perp_surname = if shared_surname {
            victim_surname.clone()
        } else {
            self.surname(hungarian)
        };
        let mut victim = self.person(Role::Victim, victim_female, hungarian, &victim_surname);
        let dob = self.date(1950, 2005);
        self.with_identity(&mut victim, dob, region, victim_female);
        victim.address = address.clone();
        victim.phone = self.phone();
        let mut perp = self.person(Role::Perpetrator, !victim_female, hungarian, &perp_surname);
        perp.relationship_to_victim = Some(relationship);
        let dob = self.date(1945, 2004);
        self.with_identity(&mut perp, dob, region, !victim_female);
        if self.rng.chance(70) {
            perp.address = address.clone();
        }
        if self.rng.chance(50) {
            perp.phone = self.phone();
        }
        let mut people = vec![victim, perp];

        let children_present = self.rng.chance(40);
        if children_present {
            for _ in 0..1 + self.rng.below(3) {
                let female = self.rng.chance(50);
                let mut child = self.person(Role::Child, female, hungarian, &victim_surname);
                child.relationship_to_victim = Some(Relationship::Child);
                child.date_of_birth = Some(self.date(2010, 2024));
                people.push(child);
            }
        }
        if self.rng.chance(20) {
            let female = self.rng.chance(50);
            let surname = self.surname(hungarian);
            let mut witness = self.person(Role::Witness, female, hungarian, &surname);
            witness.relationship_to_victim = Some(Relationship::None);
            witness.phone = self.phone();
            people.push(witness);
        }

        let r = &mut self.rng;
        let mut forms = vec![ViolenceForm::Psychological];
        if r.chance(70) {
            forms.insert(0, ViolenceForm::Physical);
        }
        if r.chance(15) {
            forms.push(ViolenceForm::Economic);
        }
        if r.chance(5) {
            forms.push(ViolenceForm::Sexual);
        }
        let weapons = match r.below(100) {
            0..=7 => vec![Weapon {
                kind: WeaponKind::Firearm,
                description: "pištolj CZ 99, sa okvirom".to_owned(),
                in_household: true,
                legality: Some(WeaponLegality::Unlicensed),
                used_in_incident: false,
                threatened_in_incident: true,
                seized: r.chance(80),
                seizure_receipt: "PO-117/26".to_owned(),
            }],
            8..=20 => vec![Weapon {
                kind: WeaponKind::ColdWeapon,
                description: "kuhinjski nož".to_owned(),
                in_household: true,
                legality: Some(WeaponLegality::Unlicensed),
                used_in_incident: false,
                threatened_in_incident: true,
                seized: r.chance(80),
                seizure_receipt: "PO-117/26".to_owned(),
            }],
            _ => Vec::new(),
        };
        let sentences = 2 + r.below(7);
        let narrative = (0..sentences)
            .map(|_| *r.pick(NARRATIVE))
            .collect::<Vec<_>>()
            .join(" ");
        let injuries = if forms.contains(&ViolenceForm::Physical) && r.chance(60) {
            r.pick(INJURIES).to_string()
        } else {
            String::new()
        };
        let kinds = [
            ReporterKind::Victim,
            ReporterKind::Victim,
            ReporterKind::FamilyMember,
            ReporterKind::Neighbour,
            ReporterKind::Witness,
            ReporterKind::Institution,
            ReporterKind::Anonymous,
        ];
        let kind = *r.pick(&kinds);
        let reporter = match kind {
            ReporterKind::Anonymous | ReporterKind::Victim => Reporter {
                kind,
                name: String::new(),
                phone: String::new(),
            },
            _ => Reporter {
                kind,
                name: format!("{} {}", r.pick(FEMALE), r.pick(SURNAMES)),
                phone: self.phone(),
            },
        };
        let r = &mut self.rng;
        let mut content = CaseContent {
            incident: Incident {
                reported_at: Some(reported_at),
                police_arrived_at: Some(arrived_at),
                address,
                municipality: municipality.to_owned(),
                location: Some(GeoPoint {
                    lat: lat + (r.below(2000) as f64 - 1000.0) / 20_000.0,
                    lon: lon + (r.below(2000) as f64 - 1000.0) / 20_000.0,
                    accuracy_m: Some(5.0 + r.below(40) as f64),
                }),
                reported_by: Some(reporter),
                forms_of_violence: forms,
                weapons_present: Some(!weapons.is_empty()),
                weapons,
                injuries,
                children_present: Some(children_present),
                welfare_notification: None,
                danger_without_act: String::new(),
                narrative,
            },
            people,
        };
        if cyrillic {
            to_cyrillic_case(&mut content);
        }
        content
    }
}

/// Officers who type in Cyrillic write names and addresses in it; search must find them by the
/// Latin spelling too.
pub(crate) fn to_cyrillic_case(c: &mut CaseContent) {
    c.incident.address = cyrillic(&c.incident.address);
    c.incident.municipality = cyrillic(&c.incident.municipality);
    for p in &mut c.people {
        p.given_name = cyrillic(&p.given_name);
        p.family_name = cyrillic(&p.family_name);
        p.address = cyrillic(&p.address);
    }
}

/// Serbian Latin → Serbian Cyrillic (digraphs lj, nj, dž first).
pub(crate) fn cyrillic(s: &str) -> String {
    const DIGRAPHS: &[(&str, &str)] = &[
        ("Lj", "Љ"),
        ("LJ", "Љ"),
        ("lj", "љ"),
        ("Nj", "Њ"),
        ("NJ", "Њ"),
        ("nj", "њ"),
        ("Dž", "Џ"),
        ("DŽ", "Џ"),
        ("dž", "џ"),
    ];
    const LATIN: &str = "abvgdđežzijklmnoprstćufhcčšABVGDĐEŽZIJKLMNOPRSTĆUFHCČŠ";
    const CYRIL: &str = "абвгдђежзијклмнопрстћуфхцчшАБВГДЂЕЖЗИЈКЛМНОПРСТЋУФХЦЧШ";
    let mut out = String::with_capacity(s.len() * 2);
    let mut rest = s;
    'outer: while let Some(c) = rest.chars().next() {
        for (lat, cyr) in DIGRAPHS {
            if let Some(tail) = rest.strip_prefix(lat) {
                out.push_str(cyr);
                rest = tail;
                continue 'outer;
            }
        }
        match LATIN.chars().position(|l| l == c) {
            Some(i) => out.push(CYRIL.chars().nth(i).unwrap()),
            None => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A valid JMBG for a birth date, region and serial.
pub(crate) fn jmbg(dob: NaiveDate, region: u8, serial: u16) -> String {
    let first12 = format!(
        "{:02}{:02}{:03}{:02}{:03}",
        dob.day(),
        dob.month(),
        dob.year() % 1000,
        region,
        serial
    );
    let digits: Vec<u8> = first12.bytes().map(|b| b - b'0').collect();
    let arr: [u8; 12] = digits.try_into().unwrap();
    format!("{first12}{}", check_digit(&arr))
}
