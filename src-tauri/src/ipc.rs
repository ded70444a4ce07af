//! The `#[tauri::command]` adapters and the handler list, generated from the one list in
//! `command_list.rs`. Each adapter takes its arguments under the list's names (the keys the UI
//! sends, camelCased by Tauri) and calls the body of the same name in `commands.rs`; a body whose
//! arguments or result differ from the list does not compile.

// AppError is what crosses IPC, once per failed command; keeping it unboxed keeps the adapters
// one-liners, and its size does not matter at that rate.
#![allow(clippy::result_large_err)]

use tauri::State;
use zastita_core::app::{
    AcceptSuggestionRequest, AssessmentView, CaseSummary, CaseView, CompleteAssessmentRequest,
    DecideMatchRequest, DocumentInfo, GenerateDocumentRequest, GeneratedDocument, InitRequest,
    ListCasesRequest, OfficerInfo, OrderView, OrderWizardStart, PersonHistory,
    PersonHistoryRequest, Prefs, RecordCaseResponse, RecordOrderEventRequest,
    ReportViolationRequest, SaveAssessmentRequest, SaveCaseDraftRequest, SaveDraftResponse,
    SaveOrderDraftRequest, SetPurposeRequest, SignStatementRequest, StartAssessmentRequest,
    StartStatementRequest, StatementView, TimelineEvent, UnlockRequest, ViolationRecorded,
    ViolationReportView,
};
use zastita_core::domain::{
    AssessmentId, CaseId, DocumentId, OrderId, Person, Role, StatementDraft, StatementId,
};
use zastita_core::error::AppError;
use zastita_core::keys::Passphrase;
use zastita_core::passphrase::PassphraseProblem;
use zastita_core::risk::Instrument;

use crate::bindings::{AppStatus, HistoryLookup, SyncState};
use crate::commands;
use crate::state::AppState;

macro_rules! adapters {
    ($( $(#[doc = $doc:literal])* $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty ; )*) => {
        $(
            $(#[doc = $doc])*
            #[tauri::command]
            pub async fn $name(state: State<'_, AppState>, $($arg: $ty),*) -> Result<$ret, AppError> {
                commands::$name(state, $($arg),*).await
            }
        )*

        /// The invoke handler over every command of the list.
        pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }
    };
}

zastita_commands!(adapters);
