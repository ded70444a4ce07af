//! The enrolment code (typed, pasted or scanned): parsing any text returns a code or an error,
//! and an accepted code prints as text that parses to the same code.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zastita_protocol::enrollment::EnrollmentCode;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(code) = text.parse::<EnrollmentCode>() {
        let again: EnrollmentCode = code
            .to_string()
            .parse()
            .expect("a printed enrolment code parses");
        assert_eq!(again, code);
    }
});
