//! The IPC commands: each one a one-line adapter over `zastita_core::app` (see docs/app-ipc.md).
//! Errors cross as [`AppError`] (a code plus details) for the UI to translate.

// AppError is what crosses IPC, once per failed command; keeping it unboxed keeps the adapters
// one-liners, and its size does not matter at that rate.
#![allow(clippy::result_large_err)]

use tauri::State;
use zastita_core::app::{
    AssessmentView, CaseSummary, CaseView, CompleteAssessmentRequest, Device, DocumentInfo,
    GenerateDocumentRequest, GeneratedDocument, InitRequest, ListCasesRequest, OfficerInfo,
    OrderView, OrderWizardStart, Prefs, RecordCaseResponse, RecordOrderEventRequest,
    SaveAssessmentRequest, SaveCaseDraftRequest, SaveDraftResponse, SaveOrderDraftRequest,
    SignStatementRequest, StartAssessmentRequest, StartStatementRequest, StatementView,
    TimelineEvent, UnlockRequest,
};
use zastita_core::domain::{
    AssessmentId, CaseId, DocumentId, OrderId, Person, Role, StatementDraft, StatementId,
};
use zastita_core::error::AppError;
use zastita_core::keys::Passphrase;
use zastita_core::passphrase::{self, PassphraseProblem};
use zastita_core::risk::Instrument;

use crate::bindings::{AppStatus, SyncState};
use crate::state::AppState;

type Reply<T> = Result<T, AppError>;

/// Refuses with the reason when the store exists but could not be opened (the UI shows it).
#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> Reply<AppStatus> {
    if let Some(e) = state.open_error() {
        return Err(e);
    }
    state
        .with_store(|dir, _, s| Ok(AppStatus::of(dir, s)))
        .await
}

#[tauri::command]
pub fn passphrase_problems(passphrase: Passphrase, badge: String) -> Vec<PassphraseProblem> {
    passphrase::problems_as_typed(passphrase.as_str(), &badge)
}

#[tauri::command]
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
#[tauri::command]
pub async fn unlock(state: State<'_, AppState>, req: UnlockRequest) -> Reply<OfficerInfo> {
    state
        .with_store(|_, _, s| {
            if s.session.is_some() {
                return Err(AppError::new(
                    "already_unlocked",
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
#[tauri::command]
pub async fn lock(state: State<'_, AppState>) -> Reply<()> {
    state.sync_session_ended();
    state
        .with_store(|_, _, s| match s.session.take() {
            Some(session) => Ok(session.lock()?),
            None => Ok(()),
        })
        .await
}

#[tauri::command]
pub async fn list_cases(
    state: State<'_, AppState>,
    req: ListCasesRequest,
) -> Reply<Vec<CaseSummary>> {
    state.with_session(|s| s.list_cases(req)).await
}

#[tauri::command]
pub fn new_person(role: Role) -> Person {
    Person::new(role)
}

#[tauri::command]
pub async fn save_case_draft(
    state: State<'_, AppState>,
    req: SaveCaseDraftRequest,
) -> Reply<SaveDraftResponse> {
    state.with_session(|s| s.save_case_draft(req)).await
}

#[tauri::command]
pub async fn record_case(state: State<'_, AppState>, id: CaseId) -> Reply<RecordCaseResponse> {
    state.with_session(move |s| s.record_case(id)).await
}

#[tauri::command]
pub async fn open_case(state: State<'_, AppState>, id: CaseId) -> Reply<CaseView> {
    state.with_session(move |s| s.open_case(id)).await
}

#[tauri::command]
pub async fn case_timeline(state: State<'_, AppState>, id: CaseId) -> Reply<Vec<TimelineEvent>> {
    state.with_session(move |s| s.case_timeline(id)).await
}

#[tauri::command]
pub async fn start_statement(
    state: State<'_, AppState>,
    req: StartStatementRequest,
) -> Reply<StatementView> {
    state.with_session(|s| s.start_statement(req)).await
}

#[tauri::command]
pub async fn save_statement_draft(
    state: State<'_, AppState>,
    id: StatementId,
    draft: StatementDraft,
) -> Reply<StatementView> {
    state
        .with_session(move |s| s.save_statement_draft(id, draft))
        .await
}

#[tauri::command]
pub async fn sign_statement(
    state: State<'_, AppState>,
    req: SignStatementRequest,
) -> Reply<StatementView> {
    state.with_session(|s| s.sign_statement(req)).await
}

#[tauri::command]
pub async fn get_prefs(state: State<'_, AppState>) -> Reply<Prefs> {
    state.with_store(|dir, _, _| Ok(Prefs::load(dir))).await
}

#[tauri::command]
pub async fn set_prefs(state: State<'_, AppState>, prefs: Prefs) -> Reply<Prefs> {
    state
        .with_store(move |dir, _, _| {
            prefs.save(dir)?;
            Ok(prefs)
        })
        .await
}

#[tauri::command]
pub async fn list_instruments(state: State<'_, AppState>) -> Reply<Vec<Instrument>> {
    state.with_session(|s| s.list_instruments()).await
}

#[tauri::command]
pub async fn start_assessment(
    state: State<'_, AppState>,
    req: StartAssessmentRequest,
) -> Reply<AssessmentView> {
    state.with_session(|s| s.start_assessment(req)).await
}

#[tauri::command]
pub async fn get_assessment(state: State<'_, AppState>, id: AssessmentId) -> Reply<AssessmentView> {
    state.with_session(move |s| s.get_assessment(id)).await
}

#[tauri::command]
pub async fn save_assessment(
    state: State<'_, AppState>,
    req: SaveAssessmentRequest,
) -> Reply<AssessmentView> {
    state.with_session(|s| s.save_assessment(req)).await
}

#[tauri::command]
pub async fn complete_assessment(
    state: State<'_, AppState>,
    req: CompleteAssessmentRequest,
) -> Reply<AssessmentView> {
    state.with_session(|s| s.complete_assessment(req)).await
}

#[tauri::command]
pub async fn save_order_draft(
    state: State<'_, AppState>,
    req: SaveOrderDraftRequest,
) -> Reply<OrderView> {
    state.with_session(|s| s.save_order_draft(req)).await
}

#[tauri::command]
pub async fn order_wizard(state: State<'_, AppState>, case_id: CaseId) -> Reply<OrderWizardStart> {
    state.with_session(move |s| s.order_wizard(case_id)).await
}

#[tauri::command]
pub async fn get_order(state: State<'_, AppState>, id: OrderId) -> Reply<OrderView> {
    state.with_session(move |s| s.get_order(id)).await
}

#[tauri::command]
pub async fn issue_order(state: State<'_, AppState>, id: OrderId) -> Reply<OrderView> {
    state.with_session(move |s| s.issue_order(id)).await
}

#[tauri::command]
pub async fn record_order_event(
    state: State<'_, AppState>,
    req: RecordOrderEventRequest,
) -> Reply<OrderView> {
    state.with_session(|s| s.record_order_event(req)).await
}

/// Renders and stores the PDF; the UI gets the stored document's details and the preview model
/// (the bytes stay in the encrypted store).
#[tauri::command]
pub async fn generate_document(
    state: State<'_, AppState>,
    req: GenerateDocumentRequest,
) -> Reply<GeneratedDocument> {
    state
        .with_session(|s| s.generate_document(req).map(|(doc, _)| doc))
        .await
}

#[tauri::command]
pub async fn document_preview(
    state: State<'_, AppState>,
    id: DocumentId,
) -> Reply<GeneratedDocument> {
    state.with_session(move |s| s.document_preview(id)).await
}

#[tauri::command]
pub async fn case_documents(state: State<'_, AppState>, id: CaseId) -> Reply<Vec<DocumentInfo>> {
    state.with_session(move |s| s.case_documents(id)).await
}

/// Core's sync status and the background task's live state (running, progress, next attempt).
#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> Reply<SyncState> {
    state.sync_state().await
}

/// Starts a round unless one is running, and returns at once.
#[tauri::command]
pub async fn sync_now(state: State<'_, AppState>) -> Reply<SyncState> {
    state.sync_now().await
}

/// Enrols the device with the code the station printed (a network call; the session is not held
/// during it).
#[tauri::command]
pub async fn enroll_device(state: State<'_, AppState>, code: String) -> Reply<SyncState> {
    state.enroll(code).await
}

fn no_store() -> AppError {
    AppError::new(
        "no_store",
        "there is no store on this device yet: create it with the first officer",
    )
}
