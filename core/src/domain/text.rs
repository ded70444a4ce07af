//! Small text helpers the domain shares: spotting control characters in entered text, and (from
//! `zastita-reference`) folding names for search so that Cyrillic, Latin with diacritics and plain
//! ASCII spellings of the same name meet ("Петровић", "Petrović", "PETROVIC" → "petrovic").
//!
//! Folding is for *matching only*; the stored text is always what the officer entered.

/// Whether `s` contains a character that has no business in entered text: a control character
/// (C0, DEL, C1) other than line feed, carriage return and tab, or a bidirectional embedding,
/// override or isolate mark (U+202A–U+202E, U+2066–U+2069), which can make a name or a statement
/// display differently from what it says.
pub fn control_character(s: &str) -> bool {
    s.chars().any(|c| {
        (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}

/// Folding for search lives with the reference data (`zastita-reference`), shared with the
/// central record: one folding for the whole system.
pub use zastita_reference::fold_for_search;

#[cfg(test)]
mod tests {
    use super::*;

    fn cc(input: &str, expected: bool) {
        assert_eq!(control_character(input), expected, "input {input:?}");
    }

    #[test]
    fn control_characters() {
        cc("", false);
        cc("Petrović", false);
        cc("line one\nline two\r\n\ttabbed", false);
        cc("bell\u{7}", true);
        cc("nul\u{0}", true);
        cc("escape\u{1B}[31m", true);
        cc("del\u{7F}", true);
        cc("c1\u{85}", true);
        cc("override\u{202E}cipa", true);
        cc("isolate\u{2066}x\u{2069}", true);
        cc("non-breaking\u{A0}space", false);
        cc("emoji 🙂", false);
    }
}
