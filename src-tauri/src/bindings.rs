//! The generated side of the IPC contract: [`AppStatus`] and [`SyncState`] (the types only the
//! shell has); [`typescript`], every type the UI exchanges (`ui/src/lib/bindings.ts`);
//! [`client`], the typed client over the commands of `command_list.rs`
//! (`ui/src/lib/commands.ts`); and [`docs_table`], their table in `docs/app-ipc.md`.
//! `tests/bindings.rs` fails when a checked-in file differs from what this produces.

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::{Config, TS};

use zastita_core::app::{self, DeviceStatus, OfficerInfo};
use zastita_core::sync::{
    AttachmentRefusal, SyncIssue, SyncPhase, SyncProgress, SyncStatus, SyncSummary,
};
use zastita_core::{audit, casefile, document, domain, error, law, passphrase, risk, templates};

/// What the UI needs at start to choose its first screen.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppStatus {
    /// Where the store lives (shown in small print on the first-run screen).
    pub store_dir: String,
    pub store_exists: bool,
    pub device: Option<DeviceStatus>,
    /// The officer of the unlocked session; `null` while locked.
    pub officer: Option<OfficerInfo>,
}

/// What the sync screen and the header badge show: core's persisted status and the shell's live
/// state of the background sync.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SyncState {
    pub status: SyncStatus,
    /// A round is running (or was just asked for with "sync now").
    pub running: bool,
    /// The running round's phase and counts.
    pub progress: Option<SyncProgress>,
    /// When the background task tries next by itself (backoff after a failure, or the periodic
    /// round); `null` while nothing is scheduled (locked, not enrolled, a failure that needs a
    /// person).
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// What the last round of this session did.
    pub last_summary: Option<SyncSummary>,
}

/// What an online lookup of a person's history gives: the view as the device now holds it (with
/// the central record's answer when it came) and, when the central record could not be asked or
/// refused, why — the view's `central_answered_at` says when it last answered.
#[derive(Debug, Clone, Serialize, TS)]
pub struct HistoryLookup {
    pub history: app::PersonHistory,
    /// `sync_not_enrolled`, `sync_offline`, `sync_timeout`, `sync_refused`…; `null` when the
    /// central record answered.
    pub unreached: Option<error::AppError>,
}

/// Where the generated files live, relative to the workspace root.
pub const BINDINGS_PATH: &str = "ui/src/lib/bindings.ts";
pub const CLIENT_PATH: &str = "ui/src/lib/commands.ts";
pub const DOCS_PATH: &str = "docs/app-ipc.md";

/// One command of the list, as the generated client and docs see it.
pub struct Command {
    pub name: &'static str,
    pub doc: String,
    /// Each argument's name as the list gives it (snake_case) and its TypeScript type.
    pub args: Vec<(&'static str, String)>,
    pub returns: String,
}

macro_rules! describe {
    ($( $(#[doc = $doc:literal])* $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty ; )*) => {{
        let cfg = Config::default();
        vec![$(Command {
            name: stringify!($name),
            doc: [$($doc),*].iter().map(|l| l.trim()).collect::<Vec<_>>().join(" "),
            args: vec![$((stringify!($arg), <$ty as TS>::name(&cfg))),*],
            returns: <$ret as TS>::name(&cfg),
        }),*]
    }};
}

/// Every command of `command_list.rs`, in its order.
pub fn commands() -> Vec<Command> {
    use zastita_core::app::{
        AcceptSuggestionRequest, AssessmentView, CaseSummary, CaseView, CompleteAssessmentRequest,
        DecideMatchRequest, DocumentInfo, GenerateDocumentRequest, GeneratedDocument, InitRequest,
        ListCasesRequest, OrderView, OrderWizardStart, PersonHistory, PersonHistoryRequest, Prefs,
        RecordCaseResponse, RecordOrderEventRequest, ReportViolationRequest, SaveAssessmentRequest,
        SaveCaseDraftRequest, SaveDraftResponse, SaveOrderDraftRequest, SetPurposeRequest,
        SignStatementRequest, StartAssessmentRequest, StartStatementRequest, StatementView,
        TimelineEvent, UnlockRequest, ViolationRecorded, ViolationReportView,
    };
    use zastita_core::domain::{
        AssessmentId, CaseId, DocumentId, OrderId, Person, Role, StatementDraft, StatementId,
    };
    use zastita_core::keys::Passphrase;
    use zastita_core::passphrase::PassphraseProblem;
    use zastita_core::risk::Instrument;
    zastita_commands!(describe)
}

/// `snake_case` → `camelCase`, as Tauri names a command's arguments on the JavaScript side.
fn camel(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut upper = false;
    for c in s.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The names a TypeScript type expression refers to (`Array<CaseSummary>` → `CaseSummary`).
fn type_names(ts: &str) -> impl Iterator<Item = &str> {
    ts.split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .filter(|w| w.starts_with(|c: char| c.is_ascii_uppercase()) && *w != "Array")
}

/// `ui/src/lib/commands.ts`: `commands.getOrder(id)` and so on, each typed from the list.
pub fn client() -> String {
    let commands = commands();
    let mut types: Vec<&str> = commands
        .iter()
        .flat_map(|c| {
            c.args
                .iter()
                .flat_map(|(_, t)| type_names(t))
                .chain(type_names(&c.returns))
        })
        .collect();
    types.sort_unstable();
    types.dedup();
    let mut out = String::from(
        "// Generated from src-tauri/src/command_list.rs by src-tauri/src/bindings.rs. Do not edit by\n\
         // hand: run `ZASTITA_BLESS=1 cargo test -p zastita-app --test bindings` after changing it.\n\
         // Every function rejects with an `AppError` (see ./ipc.ts).\n",
    );
    out.push_str("import { call } from './ipc';\nimport type {\n");
    for t in types {
        out.push_str(&format!("  {t},\n"));
    }
    out.push_str("} from './bindings';\n\nexport const commands = {\n");
    for c in &commands {
        let params: Vec<String> = c
            .args
            .iter()
            .map(|(a, t)| format!("{}: {t}", camel(a)))
            .collect();
        let keys: Vec<String> = c.args.iter().map(|(a, _)| camel(a)).collect();
        let args = if keys.is_empty() {
            String::new()
        } else {
            format!(", {{ {} }}", keys.join(", "))
        };
        out.push_str(&format!(
            "  /** {} */\n  {}: ({}) => call<{}>('{}'{args}),\n",
            c.doc,
            camel(c.name),
            params.join(", "),
            c.returns,
            c.name,
        ));
    }
    out.push_str("} as const;\n");
    out
}

/// The markers between which `docs/app-ipc.md` holds the generated table.
pub const DOCS_BEGIN: &str = "<!-- commands: generated from src-tauri/src/command_list.rs -->";
pub const DOCS_END: &str = "<!-- end of commands -->";

/// The command table of `docs/app-ipc.md`.
pub fn docs_table() -> String {
    let mut out = String::from(
        "| command | client | arguments | returns | what it does |\n|---|---|---|---|---|\n",
    );
    for c in commands() {
        let args: Vec<String> = c
            .args
            .iter()
            .map(|(a, t)| format!("`{}: {t}`", camel(a)))
            .collect();
        let args = if args.is_empty() {
            "–".to_owned()
        } else {
            args.join(", ")
        };
        out.push_str(&format!(
            "| `{}` | `commands.{}` | {args} | `{}` | {} |\n",
            c.name,
            camel(c.name),
            c.returns.replace('|', "\\|"),
            c.doc.replace('|', "\\|"),
        ));
    }
    out
}

/// `doc` (the whole of `docs/app-ipc.md`) with its generated table replaced by [`docs_table`];
/// `None` when the markers are missing.
pub fn docs_with_table(doc: &str) -> Option<String> {
    let start = doc.find(DOCS_BEGIN)? + DOCS_BEGIN.len();
    let end = start + doc[start..].find(DOCS_END)?;
    Some(format!(
        "{}\n{}{}",
        &doc[..start],
        docs_table(),
        &doc[end..]
    ))
}

macro_rules! declarations {
    ($cfg:expr; $($ty:ty),* $(,)?) => {
        vec![$(format!("export {}", <$ty as TS>::decl($cfg))),*]
    };
}

/// The whole generated file.
pub fn typescript() -> String {
    let cfg = Config::default();
    let decls = declarations![&cfg;
        AppStatus,
        error::AppError,
        error::ErrorCode,
        app::DeviceStatus,
        app::InitRequest,
        app::UnlockRequest,
        app::OfficerInfo,
        app::OfficerRole,
        passphrase::PassphraseProblem,
        app::Prefs,
        app::Language,
        app::Theme,
        app::SetPurposeRequest,
        domain::Purpose,
        domain::PurposeCode,
        app::ListCasesRequest,
        app::CaseSummary,
        app::SummaryInfo,
        app::CaseView,
        app::NotOffered,
        app::CaseContent,
        app::SaveCaseDraftRequest,
        app::SaveDraftResponse,
        app::RecordCaseResponse,
        app::TimelineEvent,
        app::PersonHistoryRequest,
        app::PersonHistory,
        app::HistoryEntry,
        app::HistorySource,
        app::Unchecked,
        app::DecideMatchRequest,
        app::AcceptSuggestionRequest,
        app::ReportViolationRequest,
        app::ViolationRecorded,
        app::ViolationReportView,
        HistoryLookup,
        law::history::Trust,
        law::history::MatchDecision,
        law::history::Suggestion,
        law::history::SuggestionSource,
        law::history::InForceFlag,
        zastita_protocol::messages::MatchStrength,
        zastita_protocol::messages::HistoryMatch,
        zastita_protocol::messages::HistoryCase,
        zastita_protocol::messages::HistoryOrder,
        zastita_protocol::messages::HistoryFirearm,
        domain::assessment::AnswerSource,
        audit::Action,
        audit::Outcome,
        casefile::CaseFile,
        casefile::CaseStatus,
        domain::CaseId,
        domain::PersonId,
        domain::StatementId,
        domain::Badge,
        domain::Incident,
        domain::Reporter,
        domain::ReporterKind,
        domain::GeoPoint,
        domain::ViolenceForm,
        domain::NotificationMeans,
        domain::WelfareNotification,
        domain::Weapon,
        domain::WeaponKind,
        domain::Person,
        domain::Role,
        domain::Relationship,
        domain::Household,
        law::coverage::CoverageGap,
        law::coverage::CoverageWarning,
        domain::FieldError,
        domain::FieldErrorCode,
        domain::Statement,
        domain::StatementDraft,
        domain::Signature,
        domain::SignaturePoint,
        app::StartStatementRequest,
        app::SignStatementRequest,
        app::StatementView,
        zastita_core::keys::Passphrase,
        domain::WeaponLegality,
        domain::AssessmentId,
        domain::OrderId,
        domain::EventId,
        domain::DocumentId,
        domain::assessment::Assessment,
        domain::assessment::Completion,
        risk::RiskLevel,
        risk::Answer,
        risk::ItemAnswer,
        risk::Evaluation,
        risk::FiredRule,
        risk::AnswerProblem,
        risk::AnswerProblemCode,
        risk::Instrument,
        risk::Population,
        risk::InstrumentRef,
        risk::Item,
        risk::Judgement,
        risk::Localized,
        risk::NotePolicy,
        risk::Rule,
        risk::RuleBody,
        risk::Condition,
        risk::Score,
        risk::ScoreLevel,
        app::StartAssessmentRequest,
        app::SaveAssessmentRequest,
        app::CompleteAssessmentRequest,
        app::AssessmentView,
        domain::Measure,
        domain::LegalBasis,
        domain::OrderContent,
        domain::Issued,
        domain::EventSource,
        domain::CourtOutcome,
        domain::Party,
        domain::AppealOutcome,
        domain::OrderEventKind,
        domain::OrderEventName,
        domain::OrderNumber,
        domain::OrderEvent,
        domain::Order,
        law::OrderStatus,
        law::ClockWarning,
        law::DecisionReceipt,
        law::AppealClock,
        law::OrderDeadlines,
        law::TimelineEntry,
        law::welfare::CaseWarning,
        law::jurisdiction::Jurisdiction,
        law::OrderClocks,
        casefile::CaseOrder,
        app::SaveOrderDraftRequest,
        app::RecordOrderEventRequest,
        app::OrderView,
        app::OrderWizardStart,
        app::LegalSummary,
        app::OrderBadge,
        app::RiskBadge,
        templates::DocumentKind,
        app::GenerateDocumentRequest,
        app::DocumentInfo,
        app::GeneratedDocument,
        document::Document,
        document::Field,
        document::Block,
        document::SignatureLine,
        document::Translation,
        SyncState,
        SyncStatus,
        SyncIssue,
        AttachmentRefusal,
        SyncSummary,
        SyncProgress,
        SyncPhase,
    ];
    let mut out = String::from(
        "// Generated from the Rust types by src-tauri/src/bindings.rs. Do not edit by hand:\n\
         // run `ZASTITA_BLESS=1 cargo test -p zastita-app --test bindings` after changing them.\n\n",
    );
    for d in decls {
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}
