//! The TypeScript side of the IPC contract: [`AppStatus`] (the one type only the shell has) and
//! [`typescript`], which renders every type the UI exchanges into `ui/src/lib/bindings.ts`.
//! `tests/bindings.rs` fails when the checked-in file differs from what this produces.

use chrono::{DateTime, Utc};
use serde::Serialize;
use std::path::Path;
use ts_rs::{Config, TS};

use zastita_core::app::{self, DeviceStatus, OfficerInfo};
use zastita_core::sync::{
    AttachmentRefusal, SyncIssue, SyncPhase, SyncProgress, SyncStatus, SyncSummary,
};
use zastita_core::{audit, casefile, document, domain, error, law, passphrase, risk, templates};

use crate::state::Store;
use crate::sync::Live;

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

impl AppStatus {
    pub fn of(dir: &Path, store: &Store) -> Self {
        Self {
            store_dir: dir.display().to_string(),
            store_exists: store.device.is_some(),
            device: store.device.as_ref().map(app::Device::status),
            officer: store.session.as_ref().map(|s| s.officer().clone()),
        }
    }
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

impl SyncState {
    pub fn of(status: SyncStatus, live: Live) -> Self {
        Self {
            status,
            running: live.running,
            progress: live.progress,
            next_attempt_at: live.next_attempt_at,
            last_summary: live.last_summary,
        }
    }
}

/// Where the generated file lives, relative to the workspace root.
pub const BINDINGS_PATH: &str = "ui/src/lib/bindings.ts";

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
        app::DeviceStatus,
        app::InitRequest,
        app::UnlockRequest,
        app::OfficerInfo,
        app::OfficerRole,
        passphrase::PassphraseProblem,
        app::Prefs,
        app::Language,
        app::Theme,
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
