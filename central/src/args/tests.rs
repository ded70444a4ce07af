#![allow(clippy::unwrap_used)]
use super::*;

#[test]
fn the_limits_by_default_are_the_servers_defaults() {
    let cli = Cli::try_parse_from(["zastita-central", "serve"]).unwrap();
    let Command::Serve(a) = cli.command else {
        panic!("not serve")
    };
    assert_eq!(a.limits.limits(), Limits::default());
}

#[test]
fn durations_need_a_unit_and_are_never_zero() {
    assert_eq!(duration("500ms"), Ok(Duration::from_millis(500)));
    assert_eq!(duration("24h"), Ok(Duration::from_secs(86_400)));
    assert_eq!(duration("10m"), Ok(Duration::from_secs(600)));
    assert!(duration("30").is_err());
    assert!(duration("0s").is_err());
    assert!(duration("1d").is_err());
    assert!(duration("-1s").is_err());
}
