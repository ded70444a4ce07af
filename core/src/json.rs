//! Reading JSON that comes from outside (case files, instrument files): serde_json's messages
//! without the position suffix it appends, since the errors carry line and column separately.

/// serde_json appends " at line L column C"; the errors carry those separately.
pub(crate) fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}

/// A syntax error's line, column and message (without the position suffix).
pub(crate) fn syntax_parts(e: &serde_json::Error) -> (usize, usize, String) {
    (
        e.line(),
        e.column(),
        strip_position(&e.to_string()).to_owned(),
    )
}
