//! The case file: one versioned JSON document per case, used for export and import. Its schema is
//! documented in `docs/case-file.md`; a sample lives in `tests/fixtures/`.
//!
//! **Invariant:** export → import → export gives the same bytes.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::error::Category;

use crate::domain::assessment::Assessment;
use crate::domain::order::{Order, OrderEventKind};
use crate::domain::validate::{CLOCK_SKEW, MAX_STATEMENTS, validate_order, validate_order_event};
use crate::domain::{
    Badge, CaseId, FieldError, FieldErrorCode, Incident, Person, Statement, Strictness,
    validate_case, validate_statement,
};
use crate::law::OrderDeadlines;

mod errors;
use errors::{join_path, last_segment, safe_path, sanitise, syntax};

/// The `format` field's value.
pub const FORMAT: &str = "zastita-case";
/// The newest `format_version` this build reads and the one it writes. Version 2 added risk
/// assessments, orders (with their computed deadlines) and the firearm fields of a weapon; a
/// version-1 file is read as a version-2 file without them. Version 3 added the order's dwelling,
/// the court stage's events (the prosecutor's decision not to propose, receipt of the decision,
/// appeals with their appellant, forwarding and the higher court's decision), when the risk
/// assessment was completed, and the new computed instants and flags of the deadlines; a
/// version-2 file is read with those absent. Version 4 added the chain's acts the central record
/// brings (the prosecutor's office's receipt and evaluation, the court's receipt of the
/// proposal), the court a proposal went to, and the deadlines' `prosecutor_received_at` and
/// `court_received_at`; a version-3 file is read with those absent (and refused if it claims
/// them).
pub const FORMAT_VERSION: u32 = 4;
/// The oldest `format_version` this build still reads.
pub const OLDEST_FORMAT_VERSION: u32 = 1;

/// Whether a case has been recorded (validated and queued for the central record) or is still
/// being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum CaseStatus {
    Draft,
    Recorded,
}

/// A whole case as one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CaseFile {
    pub format: String,
    pub format_version: u32,
    pub id: CaseId,
    pub status: CaseStatus,
    /// Recorded version of the case header (0 while a draft never recorded).
    pub version: u32,
    pub created_at: DateTime<Utc>,
    pub created_by: Badge,
    pub incident: Incident,
    pub people: Vec<Person>,
    pub statements: Vec<Statement>,
    /// Risk assessments, oldest first (drafts included).
    #[serde(default)]
    pub assessments: Vec<Assessment>,
    /// Emergency-measure orders, oldest first, each with its computed deadlines.
    #[serde(default)]
    pub orders: Vec<CaseOrder>,
    /// The official case number the central record assigned, once it has. Optional and left out
    /// while unknown, so a file without it is exactly the version-2 file it always was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub official_number: Option<String>,
}

/// An order in the case file, beside the instants computed from it (`expires_at`,
/// `prosecutor_proposal_due_at`, …). On import the deadlines are computed again, never trusted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CaseOrder {
    pub order: Order,
    pub deadlines: OrderDeadlines,
}

impl CaseOrder {
    pub fn new(order: Order) -> Self {
        Self {
            deadlines: crate::law::deadlines(&order),
            order,
        }
    }
}

/// The largest case file [`parse`] reads. A real case is a few hundred kilobytes at most.
pub const MAX_BYTES: usize = 16 * 1024 * 1024;

/// Why bytes are not a case file this app can import. Messages name fields by path and never
/// repeat the file's values (names, JMBGs, statement text).
#[derive(Debug, thiserror::Error)]
pub enum CaseFileError {
    #[error(
        "the file is larger than {} MiB, more than any case file holds; it is not a case file \
         or it is damaged",
        max_bytes / (1024 * 1024)
    )]
    TooLarge { max_bytes: usize },
    #[error(
        "the file is not UTF-8 text (invalid byte at offset {byte_offset}); it is not a case file \
         or it is damaged"
    )]
    NotUtf8 { byte_offset: usize },
    #[error(
        "the file is not valid JSON: {message} at line {line}, column {column}; it may be \
         truncated or damaged — export it again"
    )]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("this is not a Zaštita case file (its \"format\" is not \"{FORMAT}\")")]
    NotACaseFile,
    #[error("{}", unsupported_version(*found, *supported))]
    UnsupportedVersion { found: u64, supported: u32 },
    #[error("{path}: {message}")]
    Field { path: String, message: String },
    #[error("{}", invalid_summary(.0))]
    Invalid(Vec<FieldError>),
}

fn unsupported_version(found: u64, supported: u32) -> String {
    if found > u64::from(supported) {
        format!(
            "this file is case-file version {found}; this app reads version {supported} — \
             update the app"
        )
    } else {
        format!(
            "this file is case-file version {found}; this app reads version {supported}, and \
             version {found} was never released — the file was not written by Zaštita"
        )
    }
}

fn invalid_summary(errors: &[FieldError]) -> String {
    const SHOWN: usize = 10;
    let mut s = format!(
        "the case file has {} problem{}: ",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    );
    for (i, e) in errors.iter().take(SHOWN).enumerate() {
        if i > 0 {
            s.push_str("; ");
        }
        s.push_str(&e.to_string());
    }
    if errors.len() > SHOWN {
        s.push_str(&format!("; and {} more", errors.len() - SHOWN));
    }
    s
}

/// What the first pass reads: only the two fields that say whether and how to read the rest.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: Option<serde_json::Value>,
    #[serde(default)]
    format_version: Option<serde_json::Value>,
}

/// Parse and validate a case file. Checks, in order: size, UTF-8, JSON syntax, `format`,
/// `format_version`, the shape of every field, then the content — the case with
/// [`Strictness::Record`] when it is recorded ([`Strictness::Draft`] otherwise), every statement
/// (signed ones with [`Strictness::Record`]), and every addendum's `amends`. A leading UTF-8 byte
/// order mark is ignored.
pub fn parse(bytes: &[u8], now: DateTime<Utc>) -> Result<CaseFile, CaseFileError> {
    if bytes.len() > MAX_BYTES {
        return Err(CaseFileError::TooLarge {
            max_bytes: MAX_BYTES,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| CaseFileError::NotUtf8 {
        byte_offset: e.valid_up_to(),
    })?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);

    // Pass 1: the whole document is well-formed JSON, and says it is a case file we can read.
    let header: Header = serde_json::from_str(text).map_err(|e| match e.classify() {
        Category::Data if e.to_string().starts_with("duplicate field") => CaseFileError::Field {
            path: sanitise(&e, None)
                .0
                .unwrap_or_else(|| "(top level)".to_owned()),
            message: "appears more than once".to_owned(),
        },
        Category::Data => CaseFileError::NotACaseFile,
        _ => syntax(&e),
    })?;
    match header.format {
        Some(serde_json::Value::String(f)) if f == FORMAT => {}
        _ => return Err(CaseFileError::NotACaseFile),
    }
    match header.format_version {
        Some(serde_json::Value::Number(n))
            if n.as_u64().is_some_and(|v| {
                (u64::from(OLDEST_FORMAT_VERSION)..=u64::from(FORMAT_VERSION)).contains(&v)
            }) => {}
        Some(serde_json::Value::Number(n)) if n.as_u64().is_some() => {
            return Err(CaseFileError::UnsupportedVersion {
                found: n.as_u64().unwrap_or_default(),
                supported: FORMAT_VERSION,
            });
        }
        _ => {
            return Err(CaseFileError::Field {
                path: "format_version".to_owned(),
                message: format!(
                    "missing or not a whole number; a case file says \"format_version\": \
                     {FORMAT_VERSION}"
                ),
            });
        }
    }

    // Pass 2: every field has the right shape. The text is known to be JSON now, so every error
    // here is about a field, even the few serde_json classifies as syntax (a number where a name
    // belongs, for one).
    let mut de = serde_json::Deserializer::from_str(text);
    let mut file: CaseFile = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let mut path = safe_path(e.path());
        let inner = e.into_inner();
        let (field, message) = match inner.classify() {
            Category::Data => sanitise(&inner, last_segment(&path)),
            _ => (None, "wrong type of value for this field".to_owned()),
        };
        if let Some(field) = field {
            path = join_path(&path, &field);
        }
        if path.is_empty() {
            path.push_str("(top level)");
        }
        CaseFileError::Field { path, message }
    })?;
    de.end().map_err(|e| syntax(&e))?;
    // Pass 3: the content makes sense (by the rules of the version it was written in).
    let errors = validate_file(&file, now);
    // What this build writes: the current version, with deadlines computed here.
    file.format_version = FORMAT_VERSION;
    for o in &mut file.orders {
        o.deadlines = crate::law::deadlines(&o.order);
    }
    if errors.is_empty() {
        Ok(file)
    } else {
        Err(CaseFileError::Invalid(errors))
    }
}

/// Longest official number (case or order) the device keeps.
pub const MAX_OFFICIAL_NUMBER_CHARS: usize = 64;

/// What is wrong with an official number, if anything: empty, too long or with control
/// characters (it comes from the central record or a file, and is printed on documents).
pub fn official_number_problem(n: &str) -> Option<FieldErrorCode> {
    if n.trim().is_empty() {
        Some(FieldErrorCode::Required)
    } else if n.chars().count() > MAX_OFFICIAL_NUMBER_CHARS {
        Some(FieldErrorCode::TooLong {
            max_chars: MAX_OFFICIAL_NUMBER_CHARS,
        })
    } else if n.chars().any(char::is_control) {
        Some(FieldErrorCode::ControlCharacter)
    } else {
        None
    }
}

/// Everything [`parse`] checks once the file has the right shape.
fn validate_file(file: &CaseFile, now: DateTime<Utc>) -> Vec<FieldError> {
    let strictness = match file.status {
        CaseStatus::Recorded => Strictness::Record,
        CaseStatus::Draft => Strictness::Draft,
    };
    let mut errors = Vec::new();
    if file.created_at > now.checked_add_signed(CLOCK_SKEW).unwrap_or(now) {
        errors.push(FieldError::new("created_at", FieldErrorCode::InFuture));
    }
    if file.status == CaseStatus::Recorded && file.version == 0 {
        errors.push(FieldError::new("version", FieldErrorCode::OutOfRange));
    }
    errors.extend(validate_case(&file.incident, &file.people, now, strictness));
    if let Some(n) = &file.official_number {
        errors.extend(official_number_problem(n).map(|c| FieldError::new("official_number", c)));
    }

    if file.statements.len() > MAX_STATEMENTS {
        errors.push(FieldError::new(
            "statements",
            FieldErrorCode::TooMany {
                max: MAX_STATEMENTS,
            },
        ));
    }
    // Past the limit, one error says so; the rest are not checked one by one.
    let statements = file
        .statements
        .get(..MAX_STATEMENTS)
        .unwrap_or(&file.statements);
    let mut ids = HashSet::new();
    for (i, st) in statements.iter().enumerate() {
        let prefix = format!("statements[{i}].");
        if !ids.insert(st.id) {
            errors.push(FieldError::new(
                format!("{prefix}id"),
                FieldErrorCode::DuplicateId,
            ));
        }
        let strictness = if st.is_signed() {
            Strictness::Record
        } else {
            Strictness::Draft
        };
        errors.extend(
            validate_statement(st, &file.people, now, strictness)
                .into_iter()
                .map(|e| FieldError {
                    field: match e.field.strip_prefix("statement.") {
                        Some(rest) => format!("{prefix}{rest}"),
                        None => format!("{prefix}{}", e.field),
                    },
                    code: e.code,
                }),
        );
        if let Some(target) = st.amends {
            let code = match statements
                .iter()
                .enumerate()
                .find(|(j, other)| *j != i && other.id == target)
            {
                None => Some(FieldErrorCode::UnknownStatement),
                Some((_, other)) if !other.is_signed() => Some(FieldErrorCode::AmendsUnsigned),
                Some(_) => None,
            };
            if let Some(code) = code {
                errors.push(FieldError::new(format!("{prefix}amends"), code));
            }
        }
    }
    validate_legal(file, now, &mut errors);
    errors
}

/// Assessments and orders belong to this case, have unique ids, and each order is valid for the
/// case's people; an issued order rests on a completed assessment in the file, and its events
/// are each valid. (Whether the events' sequence is lawful was checked when they were recorded;
/// an imported order is taken as its device recorded it.)
fn validate_legal(file: &CaseFile, now: DateTime<Utc>, errors: &mut Vec<FieldError>) {
    const MAX_RECORDS: usize = 1_000;
    if file.assessments.len() > MAX_RECORDS {
        errors.push(FieldError::new(
            "assessments",
            FieldErrorCode::TooMany { max: MAX_RECORDS },
        ));
        return;
    }
    if file.orders.len() > MAX_RECORDS {
        errors.push(FieldError::new(
            "orders",
            FieldErrorCode::TooMany { max: MAX_RECORDS },
        ));
        return;
    }
    let mut ids = HashSet::new();
    for (i, a) in file.assessments.iter().enumerate() {
        if !ids.insert(a.id.0) {
            errors.push(FieldError::new(
                format!("assessments[{i}].id"),
                FieldErrorCode::DuplicateId,
            ));
        }
        if a.case_id != file.id {
            errors.push(FieldError::new(
                format!("assessments[{i}].case_id"),
                FieldErrorCode::OutOfRange,
            ));
        }
    }
    for (i, o) in file.orders.iter().enumerate() {
        let order = &o.order;
        let prefix = format!("orders[{i}].");
        if !ids.insert(order.id.0) {
            errors.push(FieldError::new(
                format!("{prefix}id"),
                FieldErrorCode::DuplicateId,
            ));
        }
        if order.case_id != file.id {
            errors.push(FieldError::new(
                format!("{prefix}case_id"),
                FieldErrorCode::OutOfRange,
            ));
        }
        let strictness = if order.issued.is_some() {
            Strictness::Record
        } else {
            Strictness::Draft
        };
        let rename = |e: FieldError, prefix: &str| FieldError {
            field: match e.field.strip_prefix("order.") {
                Some(rest) => format!("{prefix}content.{rest}"),
                None => format!("{prefix}{}", e.field),
            },
            code: e.code,
        };
        // The dwelling the removal names is kept since version 3; an order issued before that
        // is taken as it was issued — also once this build has written it out again as version
        // 3 (an export of an imported version-2 case must import elsewhere).
        let as_issued = file.format_version < 3 || order.issued.is_some();
        errors.extend(
            validate_order(&order.content, &file.people, strictness)
                .into_iter()
                .filter(|e| !(as_issued && e.field == "order.dwelling"))
                .map(|e| rename(e, &prefix)),
        );
        if order.issued.is_some() {
            let assessed = order.content.assessment.is_some_and(|id| {
                file.assessments
                    .iter()
                    .any(|a| a.id == id && a.completed.is_some())
            });
            if !assessed {
                errors.push(FieldError::new(
                    format!("{prefix}content.assessment"),
                    FieldErrorCode::Required,
                ));
            }
        } else if !order.events.is_empty() {
            errors.push(FieldError::new(
                format!("{prefix}events"),
                FieldErrorCode::OutOfRange,
            ));
        }
        for (j, ev) in order.events.iter().enumerate() {
            if file.format_version < 4 && added_in_v4(&ev.event) {
                errors.push(FieldError::new(
                    format!("{prefix}events[{j}].kind"),
                    FieldErrorCode::OutOfRange,
                ));
            }
            errors.extend(
                validate_order_event(&ev.event, now)
                    .into_iter()
                    .map(|e| FieldError {
                        field: match e.field.strip_prefix("event.") {
                            Some(rest) => format!("{prefix}events[{j}].{rest}"),
                            None => format!("{prefix}events[{j}]"),
                        },
                        code: e.code,
                    }),
            );
        }
    }
}

/// An order event version 4 added (a file of an older version cannot hold it).
fn added_in_v4(event: &OrderEventKind) -> bool {
    use crate::domain::OrderEventName as N;
    matches!(
        event.name(),
        N::ProsecutorReceived | N::ProsecutorEvaluated | N::ProposalReceived
    ) || matches!(
        event,
        OrderEventKind::ExtensionProposed { court: Some(_), .. }
    )
}

/// The case file as pretty-printed JSON (two-space indent, fields in declaration order) with a
/// trailing newline. The same case always gives the same bytes.
pub fn to_json(file: &CaseFile) -> Result<Vec<u8>, serde_json::Error> {
    let mut bytes = serde_json::to_vec_pretty(file)?;
    bytes.push(b'\n');
    Ok(bytes)
}

#[cfg(test)]
pub(crate) mod sample;
#[cfg(test)]
mod tests;
