//! Official numbers the central record assigns: which police administration a case or an order
//! belongs to (from the incident's municipality or the order's issuing administration, looked up
//! in the reference lists of `central/data/`, copies of `../shared/reference/`), which year it
//! counts in (Belgrade's calendar), and how a number is written:
//! `<PU>-<year>-<nnnnn>` for a case, `<PU>-<year>-HM-<nnnnn>` for an order (hitne mere).
//! Pure functions; the counters themselves live in the store.

use chrono::{DateTime, Datelike, Utc};
use serde_json::Value;

/// The bucket for a case or order whose administration cannot be told.
pub const UNKNOWN_PU: &str = "XX";

const ADMINISTRATIONS: &str = include_str!("../data/police-administrations.tsv");
const VOJVODINA: &str = include_str!("../data/vojvodina-municipalities.tsv");

/// Short codes of the police administrations, by seat (the registration-plate style letters
/// stations already use informally). Every administration in the reference list has one; a test
/// checks that.
const CODES: &[(&str, &str)] = &[
    ("Beograd", "BG"),
    ("Novi Sad", "NS"),
    ("Subotica", "SU"),
    ("Sombor", "SO"),
    ("Kikinda", "KI"),
    ("Zrenjanin", "ZR"),
    ("Pančevo", "PA"),
    ("Sremska Mitrovica", "SM"),
    ("Šabac", "SA"),
    ("Valjevo", "VA"),
    ("Smederevo", "SD"),
    ("Požarevac", "PO"),
    ("Kragujevac", "KG"),
    ("Jagodina", "JA"),
    ("Bor", "BO"),
    ("Zaječar", "ZA"),
    ("Užice", "UE"),
    ("Prijepolje", "PP"),
    ("Čačak", "CA"),
    ("Kraljevo", "KV"),
    ("Novi Pazar", "NP"),
    ("Kruševac", "KS"),
    ("Niš", "NI"),
    ("Prokuplje", "PK"),
    ("Pirot", "PI"),
    ("Leskovac", "LE"),
    ("Vranje", "VR"),
];

/// Lower case, Serbian Latin diacritics and Cyrillic folded to plain ASCII Latin, spaces
/// collapsed: how names are compared.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars().flat_map(char::to_lowercase) {
        let f: &str = match c {
            'č' | 'ć' | 'ч' | 'ћ' => "c",
            'š' | 'ш' => "s",
            'ž' | 'ж' => "z",
            'đ' | 'ђ' => "dj",
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'д' => "d",
            'е' => "e",
            'з' => "z",
            'и' => "i",
            'ј' => "j",
            'к' => "k",
            'л' => "l",
            'љ' => "lj",
            'м' => "m",
            'н' => "n",
            'њ' => "nj",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "h",
            'ц' => "c",
            'џ' => "dz",
            '-' | '–' | '_' | '.' | ',' => " ",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(f);
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn code_of_seat(seat: &str) -> Option<&'static str> {
    let seat = fold(seat);
    CODES
        .iter()
        .find(|(s, _)| fold(s) == seat)
        .map(|(_, code)| *code)
}

fn data_lines(tsv: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}

/// The code of a police administration named like "PU Novi Sad", "PU za grad Beograd",
/// "Policijska uprava u Nišu"… or just its seat.
pub fn administration_code(name: &str) -> Option<&'static str> {
    let mut words: Vec<String> = fold(name).split(' ').map(str::to_owned).collect();
    for prefix in ["pu", "policijska", "uprava", "za", "u", "grad", "grada"] {
        if words.first().is_some_and(|w| w == prefix) {
            words.remove(0);
        }
    }
    let rest = words.join(" ");
    if rest.is_empty() {
        return None;
    }
    if let Some(code) = code_of_seat(&rest) {
        return Some(code);
    }
    // The reference list's exact name ("PU za grad Beograd").
    data_lines(ADMINISTRATIONS)
        .find(|cols| cols.first().is_some_and(|n| fold(n) == fold(name)))
        .and_then(|cols| cols.get(1).and_then(|seat| code_of_seat(seat)))
}

/// The administration covering a municipality: Vojvodina's list, else a municipality that is
/// an administration's seat.
pub fn municipality_code(municipality: &str) -> Option<&'static str> {
    let m = fold(municipality);
    if m.is_empty() {
        return None;
    }
    let m = m.strip_prefix("grad ").unwrap_or(&m).to_owned();
    data_lines(VOJVODINA)
        .find(|cols| cols.get(2).is_some_and(|n| fold(n) == m))
        .and_then(|cols| cols.get(1).and_then(|pu| administration_code(pu)))
        .or_else(|| code_of_seat(&m))
}

/// The calendar year in Belgrade of an instant.
pub fn belgrade_year(at: DateTime<Utc>) -> i32 {
    at.with_timezone(&chrono_tz::Europe::Belgrade).year()
}

fn instant(v: &Value) -> Option<DateTime<Utc>> {
    v.as_str()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&Utc))
}

/// Administration code and year of a case record's payload (`incident.municipality`,
/// `created_at`); `fallback_at` (the envelope's time) when the payload has no time.
pub fn case_scope(payload: &Value, fallback_at: DateTime<Utc>) -> (String, i32) {
    let code = payload
        .pointer("/incident/municipality")
        .and_then(Value::as_str)
        .and_then(municipality_code)
        .unwrap_or(UNKNOWN_PU);
    let at = payload
        .get("created_at")
        .and_then(instant)
        .unwrap_or(fallback_at);
    (code.to_owned(), belgrade_year(at))
}

/// Administration code (if the order names one) and year (its issue, else creation) of an order
/// record's payload, and the case it belongs to.
pub fn order_scope(
    payload: &Value,
    fallback_at: DateTime<Utc>,
) -> (Option<String>, i32, Option<uuid::Uuid>) {
    let code = payload
        .pointer("/content/police_administration")
        .and_then(Value::as_str)
        .and_then(administration_code)
        .map(str::to_owned);
    let at = payload
        .pointer("/issued/at")
        .and_then(instant)
        .or_else(|| payload.get("created_at").and_then(instant))
        .unwrap_or(fallback_at);
    let case_id = payload
        .get("case_id")
        .and_then(Value::as_str)
        .and_then(|s| uuid::Uuid::parse_str(s).ok());
    (code, belgrade_year(at), case_id)
}

/// When an order was served, read from its payload's events (`events[].event.kind == served`).
pub fn order_served_at(payload: &Value) -> Option<DateTime<Utc>> {
    payload
        .get("events")?
        .as_array()?
        .iter()
        .filter_map(|e| e.get("event"))
        .find(|e| e.get("kind").and_then(Value::as_str) == Some("served"))
        .and_then(|e| e.get("at"))
        .and_then(instant)
}

/// `NS-2026-00042`.
pub fn case_number(code: &str, year: i32, n: i64) -> String {
    format!("{code}-{year}-{n:05}")
}

/// `NS-2026-HM-00042`.
pub fn order_number(code: &str, year: i32, n: i64) -> String {
    format!("{code}-{year}-HM-{n:05}")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use serde_json::json;

    #[test]
    fn every_administration_in_the_reference_list_has_a_code() {
        for cols in data_lines(ADMINISTRATIONS) {
            assert!(
                administration_code(cols[0]).is_some(),
                "{} has no code",
                cols[0]
            );
        }
        for cols in data_lines(VOJVODINA) {
            assert!(municipality_code(cols[2]).is_some(), "{}", cols[2]);
        }
    }

    #[test]
    fn names_as_officers_write_them() {
        let check = |name: &str, code: Option<&str>| assert_eq!(administration_code(name), code);
        check("PU za grad Beograd", Some("BG"));
        check("PU za Grad Novi Sad", Some("NS"));
        check("PU Novi Sad", Some("NS"));
        check("pu  zrenjanin", Some("ZR"));
        check("Policijska uprava Niš", Some("NI"));
        check("ПУ Нови Сад", Some("NS"));
        check("PU Atlantida", None);
        check("", None);
        assert_eq!(municipality_code("Temerin"), Some("NS"));
        assert_eq!(municipality_code("Bačka Topola"), Some("SU"));
        assert_eq!(municipality_code("Niš"), Some("NI"));
        assert_eq!(municipality_code("Grad Novi Sad"), Some("NS"));
        assert_eq!(municipality_code("Nowhere"), None);
    }

    #[test]
    fn scopes_and_formats() {
        let new_year_eve = Utc.with_ymd_and_hms(2026, 12, 31, 23, 30, 0).unwrap();
        let p =
            json!({"created_at": "2026-12-31T23:30:00Z", "incident": {"municipality": "Novi Sad"}});
        assert_eq!(case_scope(&p, new_year_eve), ("NS".into(), 2027));
        assert_eq!(case_scope(&json!({}), new_year_eve), ("XX".into(), 2027));
        assert_eq!(case_number("NS", 2027, 7), "NS-2027-00007");
        assert_eq!(order_number("NS", 2027, 7), "NS-2027-HM-00007");
        let order = json!({"case_id": "01900000-0000-7000-8000-000000000001",
            "content": {"police_administration": "PU Subotica"},
            "issued": {"at": "2026-05-01T10:00:00Z"},
            "events": [{"event": {"kind": "forwarded", "at": "2026-05-01T12:00:00Z"}},
                       {"event": {"kind": "served", "at": "2026-05-01T11:00:00Z"}}]});
        let (code, year, case) = order_scope(&order, new_year_eve);
        assert_eq!((code.as_deref(), year), (Some("SU"), 2026));
        assert!(case.is_some());
        assert_eq!(
            order_served_at(&order),
            Some(Utc.with_ymd_and_hms(2026, 5, 1, 11, 0, 0).unwrap())
        );
    }
}
