//! How a serde error reading a case file becomes a [`CaseFileError`] that names the field by its
//! JSON path and says what was expected, but never quotes the file: a case file is personal data,
//! and an error message travels further than the file.

use super::CaseFileError;

pub(super) fn syntax(e: &serde_json::Error) -> CaseFileError {
    let (line, column, message) = crate::json::syntax_parts(e);
    CaseFileError::Syntax {
        line,
        column,
        message,
    }
}

/// The path of a field error, built from field names and indices only. A map key that is not a
/// plain identifier, and an enum variant (which is a value from the file), are never shown.
pub(super) fn safe_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(if plain_key(key) { key } else { "?" });
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

/// Whether a key from the file can be shown: a plain identifier, as every field name is.
pub(super) fn plain_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 40
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

pub(super) fn join_path(parent: &str, field: &str) -> String {
    if parent.is_empty() {
        field.to_owned()
    } else {
        format!("{parent}.{field}")
    }
}

/// The last field name in a path (`people[1].jmbg` → `jmbg`).
pub(super) fn last_segment(path: &str) -> Option<&str> {
    path.rsplit('.')
        .next()
        .map(|s| s.split('[').next().unwrap_or(s))
}

/// Messages from the file's own types that never contain the offending value.
pub(super) const SAFE_CUSTOM_MESSAGES: &[&str] = &[
    // chrono
    "input contains invalid characters",
    "premature end of input",
    "trailing input",
    "input is out of range",
    "input is not enough for unique date and time",
    "no possible date and time matching input",
    // Badge
    "badge number is empty",
    "badge number is longer than 16 characters",
    "badge number may contain only letters A–Z, digits and '-'",
];

/// A serde error message rewritten so that it keeps what was expected and the kind of value found,
/// but never the value itself (serde quotes strings, numbers and unknown names in its messages).
/// `field` is the last path segment, used to say what a field expects. For a missing or duplicate
/// field the first element is that field's name, to append to the path.
pub(super) fn sanitise(e: &serde_json::Error, field: Option<&str>) -> (Option<String>, String) {
    let full = e.to_string();
    let msg = crate::json::strip_position(&full);
    let expected = |rest: &str| {
        rest.rfind(", expected ")
            .map(|i| rest[i + ", expected ".len()..].to_owned())
    };
    // `name` in backticks, when it is a plain field name.
    let quoted = |rest: &str| {
        rest.strip_prefix('`')
            .and_then(|r| r.strip_suffix('`'))
            .filter(|name| plain_key(name))
            .map(str::to_owned)
    };
    let message = if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let found = value_kind(rest);
        match expected(rest) {
            Some(exp) => format!("wrong type: found {found}, expected {exp}"),
            None => format!("wrong type: found {found}"),
        }
    } else if let Some(rest) = msg.strip_prefix("invalid value: ") {
        let found = value_kind(rest);
        match expected(rest) {
            Some(exp) => format!("{found} not allowed here, expected {exp}"),
            None => format!("{found} not allowed here"),
        }
    } else if msg.starts_with("invalid length ") {
        msg.to_owned()
    } else if let Some(rest) = msg.strip_prefix("unknown variant ") {
        match expected(rest) {
            Some(exp) => format!("unknown value, expected {exp}"),
            None => "unknown value".to_owned(),
        }
    } else if let Some(rest) = msg.strip_prefix("unknown field ") {
        let hint = "this app does not know this field (was the file written by a newer app, or \
                    edited by hand?)";
        match expected(rest) {
            Some(exp) => format!("unknown field: {hint}; expected {exp}"),
            None => format!("unknown field: {hint}"),
        }
    } else if let Some(name) = msg.strip_prefix("missing field ") {
        return (quoted(name), "required field is missing".to_owned());
    } else if let Some(name) = msg.strip_prefix("duplicate field ") {
        return (quoted(name), "appears more than once".to_owned());
    } else if SAFE_CUSTOM_MESSAGES.contains(&msg) {
        match expects(field) {
            "" => format!("not valid: {msg}"),
            what => format!("not valid ({msg}); expected {what}"),
        }
    } else {
        match expects(field) {
            "" => "not a valid value for this field".to_owned(),
            what => format!("not valid, expected {what}"),
        }
    };
    (None, message)
}

/// What a field holds, for messages about a value serde could not read.
pub(super) fn expects(field: Option<&str>) -> &'static str {
    match field {
        Some("id" | "person_id" | "amends") => "an id (UUID)",
        Some("date_of_birth") => "a date like 1988-07-14",
        Some("created_by" | "taken_by") => "a badge number (letters, digits and '-')",
        Some(f) if f.ends_with("_at") => "a UTC date and time like 2025-03-14T20:41:00Z",
        _ => "",
    }
}

/// The kind of value in a serde "unexpected" description such as `string "…"` or `integer `5``.
pub(super) fn value_kind(unexpected: &str) -> &'static str {
    const KINDS: &[(&str, &str)] = &[
        ("boolean", "a boolean"),
        ("integer", "a number"),
        ("floating point", "a number"),
        ("character", "a string"),
        ("string", "a string"),
        ("byte array", "bytes"),
        ("unit value", "null"),
        ("null", "null"),
        ("Option value", "a value"),
        ("sequence", "a list"),
        ("map", "an object"),
        ("enum", "an enum"),
        ("unit variant", "a name"),
        ("newtype variant", "a name"),
        ("tuple variant", "a name"),
        ("struct variant", "a name"),
        ("newtype struct", "a value"),
    ];
    KINDS
        .iter()
        .find(|(prefix, _)| unexpected.starts_with(prefix))
        .map_or("a value", |(_, kind)| kind)
}
