//! The contract, tried by an independent OpenAPI fuzzer: schemathesis (PyPI, pinned in
//! `central/tests/contract/requirements.txt`) reads the description the real server serves and
//! throws requests at it — fitting ones and ones that break each constraint — signed as an
//! enrolled device by `central/tests/contract/signing_hooks.py`, on every backend. Every check of
//! `central/tests/contract/schemathesis.toml` must hold: no server error, no status the
//! description does not list for the endpoint, every answer in its documented shape and content
//! type, every request that breaks the description refused, every request that fits it never
//! refused as malformed.
//!
//! `ZASTITA_SCHEMATHESIS` names the schemathesis executable (`scripts/test` sets it to the
//! virtualenv `scripts/setup` builds); without it the test says so and does nothing.

use std::path::Path;
use std::process::Command;

use crate::harness::{TestCentral, drop_database, fresh_postgres};

const CONTRACT_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/contract");
/// Enrolment tokens handed to the fuzzer: one for its own identity, the rest for the enrolment
/// requests it draws.
const TOKENS: usize = 150;
/// Cases drawn per operation in the fuzzing phase (the coverage phase adds its own).
const MAX_EXAMPLES: &str = "60";

fn fuzz(schemathesis: &Path, central: &TestCentral, backend: &str) {
    let tokens: Vec<String> = (0..TOKENS).map(|_| central.token()).collect();
    let token_file = central.dir.path().join("tokens");
    std::fs::write(&token_file, tokens.join("\n")).unwrap();
    let ca = central.data().join("ca.pem");
    let out = Command::new(schemathesis)
        .arg("--config-file")
        .arg(Path::new(CONTRACT_DIR).join("schemathesis.toml"))
        .arg("run")
        .arg(format!("{}/v1/openapi.json", central.url))
        .arg("--tls-verify")
        .arg(&ca)
        .args(["--max-examples", MAX_EXAMPLES, "--seed", "20261206"])
        .args(["--no-color"])
        .env("SCHEMATHESIS_HOOKS", "signing_hooks")
        .env("PYTHONPATH", CONTRACT_DIR)
        .env("ZASTITA_CONTRACT_SERVER", &central.url)
        .env("ZASTITA_CONTRACT_CA", &ca)
        .env("ZASTITA_CONTRACT_TOKENS", &token_file)
        .current_dir(central.dir.path())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", schemathesis.display()));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let summary: String = stdout
        .lines()
        .skip_while(|l| !l.contains("SUMMARY"))
        .collect::<Vec<_>>()
        .join("\n");
    println!("{backend}:\n{summary}");
    assert!(
        out.status.success(),
        "schemathesis found the server and its description disagreeing on {backend}:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The run must have exercised something: every operation tested, some cases passed.
    assert!(
        summary.contains("Tested: 10"),
        "not every operation was tested on {backend}:\n{summary}"
    );
    // And reached the success paths, not only refusals: the fuzzer's enrolments took tokens
    // (a device each) and its signed pushes were answered with receipts (quarantine: their
    // envelopes' signatures are the fuzzer's inventions).
    let devices = central.cli_json(&["device", "list", "--json"]);
    assert!(
        devices.as_array().unwrap().len() > 10,
        "the fuzzer's enrolments never succeeded on {backend}: {devices}"
    );
    let quarantined = central.cli_json(&["quarantine", "list", "--json"]);
    assert!(
        !quarantined.as_array().unwrap().is_empty(),
        "no signed push of the fuzzer reached the store on {backend}"
    );
}

#[test]
fn an_independent_fuzzer_finds_the_server_keeping_to_its_description() {
    let Some(schemathesis) = std::env::var_os("ZASTITA_SCHEMATHESIS") else {
        println!("contract: skipped (ZASTITA_SCHEMATHESIS is not set; scripts/test sets it)");
        return;
    };
    let schemathesis = Path::new(&schemathesis).to_owned();
    assert!(
        schemathesis.exists(),
        "ZASTITA_SCHEMATHESIS={} does not exist (scripts/setup installs it)",
        schemathesis.display()
    );
    fuzz(&schemathesis, &TestCentral::start(), "sqlite");
    match fresh_postgres() {
        Some((admin, db, url)) => {
            let central = TestCentral::start_on(Some(&url), &[]);
            fuzz(&schemathesis, &central, "postgresql");
            drop(central);
            drop_database(&admin, &db);
        }
        None => println!("contract: PostgreSQL variant skipped (ZASTITA_TEST_POSTGRES is not set)"),
    }
}
