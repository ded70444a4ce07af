#![allow(clippy::unwrap_used)]
use super::*;
use chrono::TimeZone;
use proptest::prelude::*;
use zastita_protocol::messages::{HistoryCase, HistoryFirearm, HistoryOrder};

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
}

fn case(n: u128, date: DateTime<Utc>, role: &str) -> HistoryMatch {
    HistoryMatch {
        match_id: Uuid::from_u128(1000 + n),
        strength: MatchStrength::Jmbg,
        case: HistoryCase {
            case_id: Uuid::from_u128(n),
            number: Some(format!("NS-2025-{n:05}")),
            date,
            municipality: "Novi Sad".to_owned(),
            forms_of_violence: vec!["physical".to_owned()],
            role: role.to_owned(),
        },
        orders: Vec::new(),
        firearms: Vec::new(),
    }
}

fn order(number: &str, against: bool, violated: bool) -> HistoryOrder {
    HistoryOrder {
        order_id: Uuid::from_u128(77),
        number: number.to_owned(),
        against_person: against,
        measures: vec!["contact_ban".to_owned()],
        served_at: None,
        extended_until: None,
        violated,
        ends_at: None,
        in_force: false,
    }
}

fn firearm(in_household: bool, legality: Option<&str>) -> HistoryFirearm {
    HistoryFirearm {
        kind: "firearm".to_owned(),
        in_household,
        legality: legality.map(str::to_owned),
        seized: false,
        used_or_threatened: false,
    }
}

#[test]
fn the_items_exist_in_the_builtin_instruments() {
    for file in [
        include_str!("../../../instruments/art16-v1.json"),
        include_str!("../../../instruments/art16-v2.json"),
    ] {
        for item in SUGGESTED_ITEMS {
            assert!(file.contains(&format!("\"id\": \"{item}\"")), "{item}");
        }
    }
    assert!(crate::law::articles::article(VIOLATION_ARTICLE).is_some());
}

#[test]
fn each_fact_suggests_its_item_with_its_source() {
    let mut m = case(412, at(2025, 3, 14), "perpetrator");
    m.orders.push(order("PU-1/25", true, true));
    m.orders.push(order("PU-2/25", false, true));
    m.firearms.push(firearm(false, Some("unlicensed")));
    let s = suggestions(&[(&m, Trust::Exact)]);
    let items: Vec<&str> = s.iter().map(|s| s.item.as_str()).collect();
    assert_eq!(items, SUGGESTED_ITEMS);
    assert_eq!(s[0].source.case_number.as_deref(), Some("NS-2025-00412"));
    assert_eq!(s[0].source.date, at(2025, 3, 14));
    let measure = s.iter().find(|s| s.item == EARLIER_MEASURE).unwrap();
    // The order protecting the person is not a measure against them.
    assert_eq!(measure.source.order_number.as_deref(), Some("PU-1/25"));
}

#[test]
fn a_victim_without_orders_against_them_suggests_nothing() {
    let mut m = case(1, at(2025, 3, 14), "victim");
    m.orders.push(order("PU-2/25", false, true));
    m.firearms.push(firearm(false, Some("licensed")));
    assert!(suggestions(&[(&m, Trust::Exact)]).is_empty());
    let mut knife = firearm(true, None);
    knife.kind = "cold_weapon".to_owned();
    m.firearms = vec![knife];
    assert!(suggestions(&[(&m, Trust::Exact)]).is_empty());
}

#[test]
fn the_newest_source_wins() {
    let old = case(1, at(2024, 1, 1), "perpetrator");
    let new = case(2, at(2025, 6, 1), "perpetrator");
    let s = suggestions(&[(&old, Trust::Exact), (&new, Trust::Confirmed)]);
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].source.case_id, Uuid::from_u128(2));
    assert!(is_suggested(&[(&new, Trust::Confirmed)], &s[0]));
    assert!(!is_suggested(&[(&new, Trust::Unconfirmed)], &s[0]));
}

#[test]
fn repeat_needs_two_cases_within_24_months_or_a_violation() {
    let now = at(2026, 12, 6);
    let here = Some(Uuid::from_u128(99));
    let recent = case(1, at(2025, 1, 1), "perpetrator");
    let stale = case(2, at(2024, 12, 5), "perpetrator");
    assert!(repeat_perpetrator(&[(&recent, Trust::Exact)], here, now));
    assert!(!repeat_perpetrator(&[(&stale, Trust::Exact)], here, now));
    assert!(!repeat_perpetrator(&[(&recent, Trust::Exact)], None, now));
    let other = case(3, at(2026, 2, 1), "perpetrator");
    assert!(repeat_perpetrator(
        &[(&recent, Trust::Exact), (&other, Trust::Exact)],
        None,
        now
    ));
    // The same case twice (own device and central record) is one case.
    assert!(!repeat_perpetrator(
        &[(&recent, Trust::Exact), (&recent, Trust::Exact)],
        None,
        now
    ));
    let mut violated = case(4, at(2015, 1, 1), "perpetrator");
    violated.orders.push(order("PU-9/15", true, true));
    assert!(repeat_perpetrator(&[(&violated, Trust::Exact)], None, now));
    // As a victim, no.
    let victim = case(5, at(2026, 1, 1), "victim");
    assert!(!repeat_perpetrator(&[(&victim, Trust::Exact)], here, now));
}

#[test]
fn an_order_flags_until_its_end() {
    let end = at(2026, 12, 12);
    let f = in_force_flag(
        Uuid::from_u128(1),
        "PU-1/26",
        &["contact_ban".to_owned()],
        end,
        at(2026, 12, 6),
    )
    .unwrap();
    assert!(f.possible_violation);
    assert_eq!(f.article, 36);
    assert!(in_force_flag(Uuid::from_u128(1), "PU-1/26", &[], end, end).is_none());
}

fn any_match() -> impl Strategy<Value = HistoryMatch> {
    (
        0u128..6,
        0i64..2000,
        prop_oneof![Just("perpetrator"), Just("victim"), Just("witness")],
        proptest::collection::vec((any::<bool>(), any::<bool>()), 0..3),
        proptest::collection::vec((any::<bool>(), any::<bool>()), 0..2),
    )
        .prop_map(|(n, days, role, orders, firearms)| {
            let mut m = case(n, at(2021, 1, 1) + chrono::TimeDelta::days(days), role);
            m.orders = orders
                .into_iter()
                .enumerate()
                .map(|(i, (a, v))| order(&format!("PU-{i}"), a, v))
                .collect();
            m.firearms = firearms
                .into_iter()
                .map(|(h, u)| firearm(h, u.then_some("unlicensed")))
                .collect();
            m
        })
}

fn any_trust() -> impl Strategy<Value = Trust> {
    prop_oneof![
        Just(Trust::Exact),
        Just(Trust::Confirmed),
        Just(Trust::Unconfirmed),
        Just(Trust::Rejected)
    ]
}

proptest! {
    /// An unconfirmed or rejected match changes neither the flag nor the suggestions.
    #[test]
    fn weak_matches_never_count(
        counted in proptest::collection::vec((any_match(), any_trust()), 0..5),
        weak in proptest::collection::vec((any_match(), any::<bool>()), 0..4),
        here in any::<bool>(),
    ) {
        let now = at(2026, 12, 6);
        let here = here.then(|| Uuid::from_u128(99));
        let base: Vec<(&HistoryMatch, Trust)> = counted.iter().map(|(m, t)| (m, *t)).collect();
        let mut all = base.clone();
        for (m, rejected) in &weak {
            all.push((m, if *rejected { Trust::Rejected } else { Trust::Unconfirmed }));
        }
        prop_assert_eq!(suggestions(&base), suggestions(&all));
        prop_assert_eq!(repeat_perpetrator(&base, here, now), repeat_perpetrator(&all, here, now));
        // Every suggestion comes from a match that counts, and each item at most once.
        for s in suggestions(&all) {
            prop_assert!(is_suggested(&all, &s));
            prop_assert_eq!(suggestions(&all).iter().filter(|t| t.item == s.item).count(), 1);
        }
    }

    /// More counted history never clears the flag, and the order of the input never matters.
    #[test]
    fn more_history_never_clears_the_flag(
        ms in proptest::collection::vec(any_match(), 0..6),
        extra in any_match(),
    ) {
        let now = at(2026, 12, 6);
        let base: Vec<(&HistoryMatch, Trust)> = ms.iter().map(|m| (m, Trust::Exact)).collect();
        let mut more = base.clone();
        more.push((&extra, Trust::Confirmed));
        if repeat_perpetrator(&base, None, now) {
            prop_assert!(repeat_perpetrator(&more, None, now));
        }
        let mut reversed = base.clone();
        reversed.reverse();
        prop_assert_eq!(suggestions(&base), suggestions(&reversed));
    }
}
