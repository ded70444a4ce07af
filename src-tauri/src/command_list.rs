//! The one list of the app's IPC commands: name, arguments (as the UI passes them), what each
//! returns, and what it does. Everything else is generated from it, so a command is written
//! once here and once in `commands.rs` (its body):
//! - `ipc.rs`: the `#[tauri::command]` adapters (argument names from here, so the UI's keys are
//!   these) calling the bodies (a body whose signature differs does not compile), and the
//!   `generate_handler!` list;
//! - `build.rs` (which has this file as a module too): the app manifest and `capabilities/main.json`;
//! - `bindings.rs`: the typed TypeScript client `ui/src/lib/commands.ts` and the table in
//!   `docs/app-ipc.md` (a test fails when either drifts; `ZASTITA_BLESS=1` rewrites them).
//!
//! Every command is `async fn(state, args…) -> Result<T, AppError>` in `commands.rs`, where `T`
//! is what the entry here returns.
//!
//! This file is also compiled inside the build script: keep it to the macro below.

/// Calls `$callback!` with every command as `/// doc  name(arg: Type, …) -> Returns;`.
macro_rules! zastita_commands {
    ($callback:ident) => {
        $callback! {
            /// What the UI needs at start to choose its first screen (`officer` is set while
            /// unlocked), from the keyring as it is on disk now (`device.revoked` after a
            /// revocation). Rejects with the reason when the store exists but could not be opened.
            app_status() -> AppStatus;
            /// What is wrong with a passphrase as it is typed (empty: acceptable).
            passphrase_problems(passphrase: Passphrase, badge: String) -> Vec<PassphraseProblem>;
            /// Creates the store with its first officer (competent, Art. 15), unlocked.
            init_store(req: InitRequest) -> OfficerInfo;
            /// Unlocks the store; a reason to sync. Rejects `wrong_passphrase` (with the attempts
            /// left), `locked_out` (with `until`), `wiped`, `device_revoked`, `database_missing`,
            /// `keyring_lock`, `already_unlocked`, `no_store`.
            unlock(req: UnlockRequest) -> OfficerInfo;
            /// Locks the store (audited); background sync stops.
            lock() -> ();
            /// Gives the purpose (EU Directive 2016/680 logging) of the consultations that follow, for a case or
            /// (`case_id` absent) for the case list and search, until the session locks. Rejects
            /// `invalid` (`purpose.text` too long or with a control character), `case_not_found`.
            set_purpose(req: SetPurposeRequest) -> ();
            /// The case list, newest first, filtered by `search` (folded: Cyrillic or Latin, with
            /// or without diacritics). A consultation: rejects `purpose_required` (no `case_id`)
            /// until `set_purpose` gave one for the list in this session.
            list_cases(req: ListCasesRequest) -> Vec<CaseSummary>;
            /// A new person of the given role, with a fresh id.
            new_person(role: Role) -> Person;
            /// Saves a case draft (autosave). `coverage` lists perpetrators the law may not
            /// cover (Art. 3): warnings, never refusals.
            save_case_draft(req: SaveCaseDraftRequest) -> SaveDraftResponse;
            /// Records the draft as the case's next version. Rejects `invalid` with `fields`.
            record_case(id: CaseId) -> RecordCaseResponse;
            /// A case with its draft, issues, warnings, coverage, the instruments not offered
            /// for it and its orders' numbers. Like every consultation of a case (its orders,
            /// assessments, documents, timeline) it rejects `purpose_required` with `case_id`
            /// until `set_purpose` gave one for the case in this session (a case created in the
            /// session has "responding to the call"); each call is audited with the purpose.
            open_case(id: CaseId) -> CaseView;
            /// The case's history from the audit log, oldest first, consultations with their
            /// purpose.
            case_timeline(id: CaseId) -> Vec<TimelineEvent>;
            /// A person's history at the scene from what the device holds (its own earlier cases,
            /// the offline list of orders in force, the central record's last answer kept with the
            /// case): matches newest first with their strength, orders in force (a possible
            /// violation, Art. 36), the repeat-perpetrator flag, the Art. 16 suggestions and what
            /// could not be checked. A consultation of the case (purpose, audited).
            person_history(req: PersonHistoryRequest) -> PersonHistory;
            /// Asks the central record about the person (a signed `POST /v1/history`, a network
            /// call: the session is held only for the local steps), keeps its answer with the case
            /// and returns the view; not enrolled, offline or refused, the view is the device's and
            /// `unreached` says why. Rejects what `person_history` rejects.
            lookup_history(req: PersonHistoryRequest) -> HistoryLookup;
            /// Confirms or rejects a weak match (name and date of birth); nothing is merged.
            /// Rejects `history_match_not_found` for anything but a weak match of the view.
            decide_match(req: DecideMatchRequest) -> PersonHistory;
            /// Records that a person of the case was found breaking an order in force that the
            /// person's history flags (Art. 36): this device's own order takes its violation event;
            /// another device's gets a report, sent to the central record at the next sync. Rejects
            /// `violation_order_not_in_force`, `history_person_not_recorded`, `invalid`.
            report_violation(req: ReportViolationRequest) -> ViolationRecorded;
            /// The violations reported from a case on other devices' orders, oldest first, each
            /// with whether the central record accepted or refused it.
            violation_reports(case_id: CaseId) -> Vec<ViolationReportView>;
            /// Starts a statement by any person of the case (victim, perpetrator, witness,
            /// child); another rejects `person_not_found`.
            start_statement(req: StartStatementRequest) -> StatementView;
            /// Saves a statement draft (autosave).
            save_statement_draft(id: StatementId, draft: StatementDraft) -> StatementView;
            /// Signs a statement (by the person giving it, whatever their role); further saves
            /// reject `statement_signed`.
            sign_statement(req: SignStatementRequest) -> StatementView;
            /// The device's preferences (not secret: they live beside the store, so the unlock
            /// screen is already in the officer's language).
            get_prefs() -> Prefs;
            /// Saves the preferences. Rejects `invalid` with `fields` for an out-of-range delay.
            set_prefs(prefs: Prefs) -> Prefs;
            /// The latest version of each risk instrument, the statutory one (Art. 16) first;
            /// texts in all four languages inside.
            list_instruments() -> Vec<Instrument>;
            /// Starts an assessment; rejects `instrument_not_offered` for an instrument not
            /// validated for the case's perpetrators.
            start_assessment(req: StartAssessmentRequest) -> AssessmentView;
            /// An assessment with its live evaluation.
            get_assessment(id: AssessmentId) -> AssessmentView;
            /// Saves answers and the officer's judgement (autosave; the evaluation is live).
            save_assessment(req: SaveAssessmentRequest) -> AssessmentView;
            /// Accepts a suggestion of the person's history: the item's answer becomes yes and its
            /// source is recorded on the assessment. Rejects `history_suggestion_not_found`,
            /// `assessment_completed`.
            accept_suggestion(req: AcceptSuggestionRequest) -> AssessmentView;
            /// Completes the finding. Rejects `risk_level_lowered`, `assessment_incomplete`,
            /// `officer_not_competent`, and `invalid` for a raise without a reason.
            complete_assessment(req: CompleteAssessmentRequest) -> AssessmentView;
            /// Core's proposal for a new order of the case (legal basis, protected persons,
            /// assessment, police administration) and the administrations to choose from.
            order_wizard(case_id: CaseId) -> OrderWizardStart;
            /// Saves an order draft; the view carries the clocks, the number, the events the
            /// order admits now and its legal timeline.
            save_order_draft(req: SaveOrderDraftRequest) -> OrderView;
            /// An order, its clocks computed now.
            get_order(id: OrderId) -> OrderView;
            /// Issues the order. Rejects `order_needs_assessment`, `order_no_imminent_danger`,
            /// `order_minor_perpetrator`, `officer_not_competent`, `invalid`.
            issue_order(id: OrderId) -> OrderView;
            /// Records service, forwarding, a proposal, a decision, an appeal… Rejects the
            /// order refusals (`order_*`) and `invalid` with `event.*` fields.
            record_order_event(req: RecordOrderEventRequest) -> OrderView;
            /// Renders the order, the receipt or the summary and stores the PDF in the case; the
            /// UI gets its details and the preview (the bytes stay in the encrypted store).
            generate_document(req: GenerateDocumentRequest) -> GeneratedDocument;
            /// The case's documents, newest first.
            case_documents(id: CaseId) -> Vec<DocumentInfo>;
            /// A stored document as it was generated (audited as a view).
            document_preview(id: DocumentId) -> GeneratedDocument;
            /// Core's persisted sync status and the background task's live state.
            sync_status() -> SyncState;
            /// Starts a round unless one is running or the device is not enrolled, and returns
            /// at once (`running: true` when one started); poll `sync_status` about once a second
            /// while it runs.
            sync_now() -> SyncState;
            /// Enrols the device with the code the station printed
            /// (`zastita-enroll:v1:<token>:<ca sha256>:<https url>`); the first round starts. A
            /// network call: the session is held only for the local steps. Rejects
            /// `enrollment_code_*`, `enrollment_token_refused`, `sync_offline`, `sync_timeout`,
            /// `sync_certificate`, `sync_already_enrolled`.
            enroll_device(code: String) -> SyncState;
        }
    };
}
