//! Official numbers the central record assigns: which police administration a case or an order
//! belongs to (from the incident's municipality or the order's issuing administration, looked up
//! in `zastita-reference`, the reference data core reads too), which year it
//! counts in (Belgrade's calendar), and how a number is written:
//! `<PU>-<year>-<nnnnn>` for a case, `<PU>-<year>-HM-<nnnnn>` for an order (hitne mere).
//! Pure functions; the counters themselves live in the store.

use chrono::{DateTime, Datelike, Utc};
use serde_json::Value;
use zastita_reference::fold_name;

/// The bucket for a case or order whose administration cannot be told.
pub const UNKNOWN_PU: &str = "XX";

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

fn code_of_seat(seat: &str) -> Option<&'static str> {
    let seat = fold_name(seat);
    CODES
        .iter()
        .find(|(s, _)| fold_name(s) == seat)
        .map(|(_, code)| *code)
}

/// The code of a police administration named like "PU Novi Sad", "PU za grad Beograd",
/// "Policijska uprava Niš"… or just its seat.
pub fn administration_code(name: &str) -> Option<&'static str> {
    zastita_reference::administration_named(name).and_then(|a| code_of_seat(a.seat))
}

/// The code of the police administration `given` names: one of the codes above (any case), or
/// a name `administration_code` reads ("PU Novi Sad"). `None` for anything the reference list
/// does not hold, so a device or an officer is only ever assigned to a real administration.
pub fn administration_by_code(given: &str) -> Option<&'static str> {
    let upper = given.trim().to_uppercase();
    CODES
        .iter()
        .find(|(_, code)| *code == upper)
        .filter(|(seat, _)| {
            zastita_reference::police_administrations()
                .iter()
                .any(|a| fold_name(a.seat) == fold_name(seat))
        })
        .map(|(_, code)| *code)
        .or_else(|| administration_code(given))
}

/// Every administration's code, in the reference list's order (for a refusal's help).
pub fn administration_codes() -> Vec<&'static str> {
    zastita_reference::police_administrations()
        .iter()
        .filter_map(|a| code_of_seat(a.seat))
        .collect()
}

/// The administration covering a municipality: Vojvodina's list, else a municipality that is
/// an administration's seat.
pub fn municipality_code(municipality: &str) -> Option<&'static str> {
    zastita_reference::administration_for_municipality(municipality)
        .and_then(|a| code_of_seat(a.seat))
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
        for a in zastita_reference::police_administrations() {
            assert!(
                administration_code(a.name).is_some(),
                "{} has no code",
                a.name
            );
        }
        for m in zastita_reference::municipalities() {
            assert!(municipality_code(m.name).is_some(), "{}", m.name);
        }
    }

    #[test]
    fn an_administration_is_given_by_its_code_or_its_name_and_nothing_else() {
        assert_eq!(administration_by_code("NS"), Some("NS"));
        assert_eq!(administration_by_code(" su "), Some("SU"));
        assert_eq!(administration_by_code("PU za grad Beograd"), Some("BG"));
        assert_eq!(administration_by_code("XX"), None);
        assert_eq!(administration_by_code("N"), None);
        assert_eq!(administration_by_code(""), None);
        let codes = administration_codes();
        assert_eq!(
            codes.len(),
            zastita_reference::police_administrations().len()
        );
        assert!(codes.iter().all(|c| administration_by_code(c) == Some(*c)));
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
