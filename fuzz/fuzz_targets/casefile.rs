//! The case-file import: `casefile::parse` on any bytes must return a file or an error, never
//! panic; a file it accepts must write out (`to_json`) and read back to the same file.
#![no_main]

use chrono::{DateTime, Utc};
use libfuzzer_sys::fuzz_target;
use zastita_core::casefile;

fuzz_target!(|data: &[u8]| {
    // A fixed instant keeps a run reproducible (validation compares dates with "now").
    let now = DateTime::<Utc>::from_timestamp(1_767_225_600, 0).expect("a valid instant");
    if let Ok(file) = casefile::parse(data, now) {
        let json = casefile::to_json(&file).expect("an accepted case file writes out");
        let again = casefile::parse(&json, now).expect("a written case file reads back");
        assert_eq!(again, file, "a case file changed on its way out and back");
    }
});
