//! The instrument parser: `Instrument::parse` on any bytes returns an instrument or an error;
//! an accepted instrument evaluates and checks answers (none, all yes) without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zastita_core::risk::{Answer, Answers, Instrument, ItemAnswer};

fuzz_target!(|data: &[u8]| {
    let Ok(instrument) = Instrument::parse(data) else {
        return;
    };
    let none = Answers::new();
    let _ = instrument.evaluate(&none, None);
    let _ = instrument.check_answers(&none, None, "", true);
    let value = serde_json::to_value(&instrument).expect("an instrument serialises");
    let all_yes: Answers = value["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| item["id"].as_str())
        .map(|id| {
            (
                id.to_owned(),
                ItemAnswer {
                    answer: Answer::Yes,
                    note: "x".to_owned(),
                },
            )
        })
        .collect();
    let evaluation = instrument.evaluate(&all_yes, Some(true));
    let base = instrument.evaluate(&none, Some(false));
    // Only "yes" counts, and a yes never lowers a level.
    assert!(evaluation.computed_level >= base.computed_level);
    let _ = instrument.check_answers(&all_yes, Some(true), "reasons", true);
});
