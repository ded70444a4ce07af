//! The bodies of the IPC commands listed in `command_list.rs` (`ipc.rs` wraps each in its
//! `#[tauri::command]` adapter): each one a call into `zastita_core::app`. Errors cross as
//! [`AppError`] (a code plus details) for the UI to translate.

// AppError is what crosses IPC, once per failed command; keeping it unboxed keeps the adapters
// one-liners, and its size does not matter at that rate.
#![allow(clippy::result_large_err)]

use tauri::State;
use zastita_core::app::{
    AcceptSuggestionRequest, AssessmentView, CaseSummary, CaseView, CompleteAssessmentRequest,
    DecideMatchRequest, Device, DocumentInfo, GenerateDocumentRequest, GeneratedDocument,
    InitRequest, ListCasesRequest, OfficerInfo, OrderView, OrderWizardStart, PersonHistory,
    PersonHistoryRequest, Prefs, RecordCaseResponse, RecordOrderEventRequest,
    ReportViolationRequest, SaveAssessmentRequest, SaveCaseDraftRequest, SaveDraftResponse,
    SaveOrderDraftRequest, SetPurposeRequest, SignStatementRequest, StartAssessmentRequest,
    StartStatementRequest, StatementView, TimelineEvent, UnlockRequest, ViolationRecorded,
    ViolationReportView,
};
use zastita_core::domain::{
    AssessmentId, CaseId, DocumentId, OrderId, Person, Role, StatementDraft, StatementId,
};
use zastita_core::error::{AppError, ErrorCode};
use zastita_core::keys::Passphrase;
use zastita_core::passphrase::{self, PassphraseProblem};
use zastita_core::risk::Instrument;

use crate::bindings::{AppStatus, HistoryLookup, SyncState};
use crate::state::AppState;

type Reply<T> = Result<T, AppError>;

/// Refuses with the reason when the store exists but could not be opened (the UI shows it).
pub async fn app_status(state: State<'_, AppState>) -> Reply<AppStatus> {
    if let Some(e) = state.open_error() {
        return Err(e);
    }
    state.with_store(|dir, _, s| Ok(s.status(dir)?)).await
}

pub async fn passphrase_problems(
    _: State<'_, AppState>,
    passphrase: Passphrase,
    badge: String,
) -> Reply<Vec<PassphraseProblem>> {
    Ok(passphrase::problems_as_typed(passphrase.as_str(), &badge))
}

pub async fn init_store(state: State<'_, AppState>, req: InitRequest) -> Reply<OfficerInfo> {
    state
        .with_store(|dir, config, s| {
            let session = Device::init(dir, req, config.clone())?;
            let officer = session.officer().clone();
            s.device = Some(Device::open(dir, config.clone())?);
            s.session = Some(session);
            Ok(officer)
        })
        .await
}

/// Unlocking is a reason to sync (the background task runs only while unlocked).
pub async fn unlock(state: State<'_, AppState>, req: UnlockRequest) -> Reply<OfficerInfo> {
    state
        .with_store(|_, _, s| {
            if s.session.is_some() {
                return Err(AppError::new(
                    ErrorCode::AlreadyUnlocked,
                    "the store is already unlocked",
                ));
            }
            let device = s.device.as_mut().ok_or_else(no_store)?;
            let session = device.unlock(req)?;
            let officer = session.officer().clone();
            s.session = Some(session);
            Ok(officer)
        })
        .await
        .inspect(|_| state.sync_nudge())
}

/// Locking stops background sync (a round in flight is dropped at its next network wait).
pub async fn lock(state: State<'_, AppState>) -> Reply<()> {
    state.sync_session_ended();
    state
        .with_store(|_, _, s| match s.session.take() {
            Some(session) => Ok(session.lock()?),
            None => Ok(()),
        })
        .await
}

pub async fn set_purpose(state: State<'_, AppState>, req: SetPurposeRequest) -> Reply<()> {
    state.with_session(|s| s.set_purpose(req)).await
}

pub async fn list_cases(
    state: State<'_, AppState>,
    req: ListCasesRequest,
) -> Reply<Vec<CaseSummary>> {
    state.with_session(|s| s.list_cases(req)).await
}

pub async fn new_person(_: State<'_, AppState>, role: Role) -> Reply<Person> {
    Ok(Person::new(role))
}

pub async fn save_case_draft(
    state: State<'_, AppState>,
    req: SaveCaseDraftRequest,
) -> Reply<SaveDraftResponse> {
    state.with_session(|s| s.save_case_draft(req)).await
}

pub async fn record_case(state: State<'_, AppState>, id: CaseId) -> Reply<RecordCaseResponse> {
    state.with_session(move |s| s.record_case(id)).await
}

pub async fn open_case(state: State<'_, AppState>, id: CaseId) -> Reply<CaseView> {
    state.with_session(move |s| s.open_case(id)).await
}

pub async fn case_timeline(state: State<'_, AppState>, id: CaseId) -> Reply<Vec<TimelineEvent>> {
    state.with_session(move |s| s.case_timeline(id)).await
}

pub async fn person_history(
    state: State<'_, AppState>,
    req: PersonHistoryRequest,
) -> Reply<PersonHistory> {
    state.with_session(|s| s.person_history(req)).await
}

/// The online lookup: a network call (the session is held only for the local steps before and
/// after it); without the central record the device's view, with the reason.
pub async fn lookup_history(
    state: State<'_, AppState>,
    req: PersonHistoryRequest,
) -> Reply<HistoryLookup> {
    state.lookup_history(req).await
}

pub async fn decide_match(
    state: State<'_, AppState>,
    req: DecideMatchRequest,
) -> Reply<PersonHistory> {
    state.with_session(|s| s.decide_match(req)).await
}

pub async fn report_violation(
    state: State<'_, AppState>,
    req: ReportViolationRequest,
) -> Reply<ViolationRecorded> {
    state.with_session(|s| s.report_violation(req)).await
}

pub async fn violation_reports(
    state: State<'_, AppState>,
    case_id: CaseId,
) -> Reply<Vec<ViolationReportView>> {
    state
        .with_session(move |s| s.violation_reports(case_id))
        .await
}

pub async fn start_statement(
    state: State<'_, AppState>,
    req: StartStatementRequest,
) -> Reply<StatementView> {
    state.with_session(|s| s.start_statement(req)).await
}

pub async fn save_statement_draft(
    state: State<'_, AppState>,
    id: StatementId,
    draft: StatementDraft,
) -> Reply<StatementView> {
    state
        .with_session(move |s| s.save_statement_draft(id, draft))
        .await
}

pub async fn sign_statement(
    state: State<'_, AppState>,
    req: SignStatementRequest,
) -> Reply<StatementView> {
    state.with_session(|s| s.sign_statement(req)).await
}

pub async fn get_prefs(state: State<'_, AppState>) -> Reply<Prefs> {
    state.with_store(|dir, _, _| Ok(Prefs::load(dir))).await
}

pub async fn set_prefs(state: State<'_, AppState>, prefs: Prefs) -> Reply<Prefs> {
    state
        .with_store(move |dir, _, _| {
            prefs.save(dir)?;
            Ok(prefs)
        })
        .await
}

pub async fn list_instruments(state: State<'_, AppState>) -> Reply<Vec<Instrument>> {
    state.with_session(|s| s.list_instruments()).await
}

pub async fn start_assessment(
    state: State<'_, AppState>,
    req: StartAssessmentRequest,
) -> Reply<AssessmentView> {
    state.with_session(|s| s.start_assessment(req)).await
}

pub async fn get_assessment(state: State<'_, AppState>, id: AssessmentId) -> Reply<AssessmentView> {
    state.with_session(move |s| s.get_assessment(id)).await
}

pub async fn save_assessment(
    state: State<'_, AppState>,
    req: SaveAssessmentRequest,
) -> Reply<AssessmentView> {
    state.with_session(|s| s.save_assessment(req)).await
}

pub async fn accept_suggestion(
    state: State<'_, AppState>,
    req: AcceptSuggestionRequest,
) -> Reply<AssessmentView> {
    state.with_session(|s| s.accept_suggestion(req)).await
}

pub async fn complete_assessment(
    state: State<'_, AppState>,
    req: CompleteAssessmentRequest,
) -> Reply<AssessmentView> {
    state.with_session(|s| s.complete_assessment(req)).await
}

pub async fn save_order_draft(
    state: State<'_, AppState>,
    req: SaveOrderDraftRequest,
) -> Reply<OrderView> {
    state.with_session(|s| s.save_order_draft(req)).await
}

pub async fn order_wizard(state: State<'_, AppState>, case_id: CaseId) -> Reply<OrderWizardStart> {
    state.with_session(move |s| s.order_wizard(case_id)).await
}

pub async fn get_order(state: State<'_, AppState>, id: OrderId) -> Reply<OrderView> {
    state.with_session(move |s| s.get_order(id)).await
}

pub async fn issue_order(state: State<'_, AppState>, id: OrderId) -> Reply<OrderView> {
    state.with_session(move |s| s.issue_order(id)).await
}

pub async fn record_order_event(
    state: State<'_, AppState>,
    req: RecordOrderEventRequest,
) -> Reply<OrderView> {
    state.with_session(|s| s.record_order_event(req)).await
}

/// Renders and stores the PDF; the UI gets the stored document's details and the preview model
/// (the bytes stay in the encrypted store).
pub async fn generate_document(
    state: State<'_, AppState>,
    req: GenerateDocumentRequest,
) -> Reply<GeneratedDocument> {
    state
        .with_session(|s| s.generate_document(req).map(|(doc, _)| doc))
        .await
}

pub async fn document_preview(
    state: State<'_, AppState>,
    id: DocumentId,
) -> Reply<GeneratedDocument> {
    state.with_session(move |s| s.document_preview(id)).await
}

pub async fn case_documents(state: State<'_, AppState>, id: CaseId) -> Reply<Vec<DocumentInfo>> {
    state.with_session(move |s| s.case_documents(id)).await
}

/// Core's sync status and the background task's live state (running, progress, next attempt).
pub async fn sync_status(state: State<'_, AppState>) -> Reply<SyncState> {
    state.sync_state().await
}

/// Starts a round unless one is running, and returns at once.
pub async fn sync_now(state: State<'_, AppState>) -> Reply<SyncState> {
    state.sync_now().await
}

/// Enrols the device with the code the station printed (a network call; the session is not held
/// during it).
pub async fn enroll_device(state: State<'_, AppState>, code: String) -> Reply<SyncState> {
    state.enroll(code).await
}

fn no_store() -> AppError {
    AppError::new(
        ErrorCode::NoStore,
        "there is no store on this device yet: create it with the first officer",
    )
}
