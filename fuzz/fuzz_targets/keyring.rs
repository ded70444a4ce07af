//! The keyring file (`keyring.json`): parsing any bytes returns the file or an error saying it
//! is damaged or too new, never panics; an accepted file writes out and reads back the same, and
//! its unlock state answers the policy's questions.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zastita_core::keyring::UnlockPolicy;

fuzz_target!(|data: &[u8]| {
    let Ok(file) = zastita_core::fuzzing::keyring(data) else {
        return;
    };
    let bytes = serde_json::to_vec(&file).expect("a keyring file serialises");
    let again = zastita_core::fuzzing::keyring(&bytes).expect("a written keyring reads back");
    assert_eq!(again, file);
    let policy = UnlockPolicy::default();
    let now = chrono::Utc::now();
    let _ = file.unlock.check(now);
    let _ = file.unlock.must_wipe(&policy);
    let mut state = file.unlock.clone();
    let _ = state.record_failure(&policy, now);
    assert!(state.consecutive_failures >= file.unlock.consecutive_failures);
});
