#![allow(clippy::unwrap_used)]
use super::*;

fn chain(n: u64) -> Vec<AdminAuditRow> {
    let mut out: Vec<AdminAuditRow> = Vec::new();
    for seq in 1..=n {
        let mut r = AdminAuditRow {
            seq,
            at: DateTime::from_timestamp(1_800_000_000 + seq as i64, 0).unwrap(),
            actor_kind: ActorKind::AdminCli,
            actor_id: "root".into(),
            actor_name: Some("Ana Operator".into()),
            action: "officer.add".into(),
            target: Some(format!("officer:NS{seq}")),
            purpose: None,
            detail: "{}".into(),
            prev_hash: out.last().map_or(GENESIS.into(), |p| p.hash.clone()),
            hash: String::new(),
        };
        r.hash = entry_hash(&r);
        out.push(r);
    }
    out
}

#[test]
fn a_changed_a_removed_and_a_relinked_entry_are_each_found() {
    assert!(walk(&chain(4)).problems.is_empty());
    let mut changed = chain(4);
    changed[1].target = Some("officer:XX".into());
    let p = walk(&changed).problems;
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with("admin audit entry 2: its content"),
        "{p:?}"
    );
    let mut removed = chain(4);
    removed.remove(2);
    let p = walk(&removed).problems;
    assert!(p[0].contains("entries 3 to 3 are missing"), "{p:?}");
    let mut relinked = chain(3);
    relinked[2].prev_hash = "f".repeat(64);
    relinked[2].hash = entry_hash(&relinked[2]);
    let p = walk(&relinked).problems;
    assert!(
        p[0].contains("does not point at the entry before it"),
        "{p:?}"
    );
}

#[test]
fn names_are_one_bounded_line() {
    assert!(Actor::admin_cli(Some("  Ana Operator "), "root").is_ok());
    assert_eq!(
        Actor::admin_cli(Some("Ana"), "root")
            .unwrap()
            .name
            .as_deref(),
        Some("Ana")
    );
    for bad in ["", "   ", "Ana\nB", &"x".repeat(MAX_NAME + 1)] {
        assert!(Actor::admin_cli(Some(bad), "root").is_err(), "{bad:?}");
    }
}
