// Generated from src-tauri/src/command_list.rs by src-tauri/src/bindings.rs. Do not edit by
// hand: run `ZASTITA_BLESS=1 cargo test -p zastita-app --test bindings` after changing it.
// Every function rejects with an `AppError` (see ./ipc.ts).
import { call } from './ipc';
import type {
  AcceptSuggestionRequest,
  AppStatus,
  AssessmentId,
  AssessmentView,
  CaseId,
  CaseSummary,
  CaseView,
  CompleteAssessmentRequest,
  DecideMatchRequest,
  DocumentId,
  DocumentInfo,
  GenerateDocumentRequest,
  GeneratedDocument,
  HistoryLookup,
  InitRequest,
  Instrument,
  ListCasesRequest,
  OfficerInfo,
  OrderId,
  OrderView,
  OrderWizardStart,
  Passphrase,
  PassphraseProblem,
  Person,
  PersonHistory,
  PersonHistoryRequest,
  Prefs,
  RecordCaseResponse,
  RecordOrderEventRequest,
  ReportViolationRequest,
  Role,
  SaveAssessmentRequest,
  SaveCaseDraftRequest,
  SaveDraftResponse,
  SaveOrderDraftRequest,
  SetPurposeRequest,
  SignStatementRequest,
  StartAssessmentRequest,
  StartStatementRequest,
  StatementDraft,
  StatementId,
  StatementView,
  SyncState,
  TimelineEvent,
  UnlockRequest,
  ViolationRecorded,
  ViolationReportView,
} from './bindings';

export const commands = {
  /** What the UI needs at start to choose its first screen (`officer` is set while unlocked), from the keyring as it is on disk now (`device.revoked` after a revocation). Rejects with the reason when the store exists but could not be opened. */
  appStatus: () => call<AppStatus>('app_status'),
  /** What is wrong with a passphrase as it is typed (empty: acceptable). */
  passphraseProblems: (passphrase: Passphrase, badge: string) => call<Array<PassphraseProblem>>('passphrase_problems', { passphrase, badge }),
  /** Creates the store with its first officer (competent, Art. 15), unlocked. */
  initStore: (req: InitRequest) => call<OfficerInfo>('init_store', { req }),
  /** Unlocks the store; a reason to sync. Rejects `wrong_passphrase` (with the attempts left), `locked_out` (with `until`), `wiped`, `device_revoked`, `database_missing`, `keyring_lock`, `already_unlocked`, `no_store`. */
  unlock: (req: UnlockRequest) => call<OfficerInfo>('unlock', { req }),
  /** Locks the store (audited); background sync stops. */
  lock: () => call<null>('lock'),
  /** Gives the purpose (EU Directive 2016/680 logging) of the consultations that follow, for a case or (`case_id` absent) for the case list and search, until the session locks. Rejects `invalid` (`purpose.text` too long or with a control character), `case_not_found`. */
  setPurpose: (req: SetPurposeRequest) => call<null>('set_purpose', { req }),
  /** The case list, newest first, filtered by `search` (folded: Cyrillic or Latin, with or without diacritics). A consultation: rejects `purpose_required` (no `case_id`) until `set_purpose` gave one for the list in this session. */
  listCases: (req: ListCasesRequest) => call<Array<CaseSummary>>('list_cases', { req }),
  /** A new person of the given role, with a fresh id. */
  newPerson: (role: Role) => call<Person>('new_person', { role }),
  /** Saves a case draft (autosave). `coverage` lists perpetrators the law may not cover (Art. 3): warnings, never refusals. */
  saveCaseDraft: (req: SaveCaseDraftRequest) => call<SaveDraftResponse>('save_case_draft', { req }),
  /** Records the draft as the case's next version. Rejects `invalid` with `fields`. */
  recordCase: (id: CaseId) => call<RecordCaseResponse>('record_case', { id }),
  /** A case with its draft, issues, warnings, coverage, the instruments not offered for it and its orders' numbers. Like every consultation of a case (its orders, assessments, documents, timeline) it rejects `purpose_required` with `case_id` until `set_purpose` gave one for the case in this session (a case created in the session has "responding to the call"); each call is audited with the purpose. */
  openCase: (id: CaseId) => call<CaseView>('open_case', { id }),
  /** The case's history from the audit log, oldest first, consultations with their purpose. */
  caseTimeline: (id: CaseId) => call<Array<TimelineEvent>>('case_timeline', { id }),
  /** A person's history at the scene from what the device holds (its own earlier cases, the offline list of orders in force, the central record's last answer kept with the case): matches newest first with their strength, orders in force (a possible violation, Art. 36), the repeat-perpetrator flag, the Art. 16 suggestions and what could not be checked. A consultation of the case (purpose, audited). */
  personHistory: (req: PersonHistoryRequest) => call<PersonHistory>('person_history', { req }),
  /** Asks the central record about the person (a signed `POST /v1/history`, a network call: the session is held only for the local steps), keeps its answer with the case and returns the view; not enrolled, offline or refused, the view is the device's and `unreached` says why. Rejects what `person_history` rejects. */
  lookupHistory: (req: PersonHistoryRequest) => call<HistoryLookup>('lookup_history', { req }),
  /** Confirms or rejects a weak match (name and date of birth); nothing is merged. Rejects `history_match_not_found` for anything but a weak match of the view. */
  decideMatch: (req: DecideMatchRequest) => call<PersonHistory>('decide_match', { req }),
  /** Records that a person of the case was found breaking an order in force that the person's history flags (Art. 36): this device's own order takes its violation event; another device's gets a report, sent to the central record at the next sync. Rejects `violation_order_not_in_force`, `history_person_not_recorded`, `invalid`. */
  reportViolation: (req: ReportViolationRequest) => call<ViolationRecorded>('report_violation', { req }),
  /** The violations reported from a case on other devices' orders, oldest first, each with whether the central record accepted or refused it. */
  violationReports: (caseId: CaseId) => call<Array<ViolationReportView>>('violation_reports', { caseId }),
  /** Starts a statement by any person of the case (victim, perpetrator, witness, child); another rejects `person_not_found`. */
  startStatement: (req: StartStatementRequest) => call<StatementView>('start_statement', { req }),
  /** Saves a statement draft (autosave). */
  saveStatementDraft: (id: StatementId, draft: StatementDraft) => call<StatementView>('save_statement_draft', { id, draft }),
  /** Signs a statement (by the person giving it, whatever their role); further saves reject `statement_signed`. */
  signStatement: (req: SignStatementRequest) => call<StatementView>('sign_statement', { req }),
  /** The device's preferences (not secret: they live beside the store, so the unlock screen is already in the officer's language). */
  getPrefs: () => call<Prefs>('get_prefs'),
  /** Saves the preferences. Rejects `invalid` with `fields` for an out-of-range delay. */
  setPrefs: (prefs: Prefs) => call<Prefs>('set_prefs', { prefs }),
  /** The latest version of each risk instrument, the statutory one (Art. 16) first; texts in all four languages inside. */
  listInstruments: () => call<Array<Instrument>>('list_instruments'),
  /** Starts an assessment; rejects `instrument_not_offered` for an instrument not validated for the case's perpetrators. */
  startAssessment: (req: StartAssessmentRequest) => call<AssessmentView>('start_assessment', { req }),
  /** An assessment with its live evaluation. */
  getAssessment: (id: AssessmentId) => call<AssessmentView>('get_assessment', { id }),
  /** Saves answers and the officer's judgement (autosave; the evaluation is live). */
  saveAssessment: (req: SaveAssessmentRequest) => call<AssessmentView>('save_assessment', { req }),
  /** Accepts a suggestion of the person's history: the item's answer becomes yes and its source is recorded on the assessment. Rejects `history_suggestion_not_found`, `assessment_completed`. */
  acceptSuggestion: (req: AcceptSuggestionRequest) => call<AssessmentView>('accept_suggestion', { req }),
  /** Completes the finding. Rejects `risk_level_lowered`, `assessment_incomplete`, `officer_not_competent`, and `invalid` for a raise without a reason. */
  completeAssessment: (req: CompleteAssessmentRequest) => call<AssessmentView>('complete_assessment', { req }),
  /** Core's proposal for a new order of the case (legal basis, protected persons, assessment, police administration) and the administrations to choose from. */
  orderWizard: (caseId: CaseId) => call<OrderWizardStart>('order_wizard', { caseId }),
  /** Saves an order draft; the view carries the clocks, the number, the events the order admits now and its legal timeline. */
  saveOrderDraft: (req: SaveOrderDraftRequest) => call<OrderView>('save_order_draft', { req }),
  /** An order, its clocks computed now. */
  getOrder: (id: OrderId) => call<OrderView>('get_order', { id }),
  /** Issues the order. Rejects `order_needs_assessment`, `order_no_imminent_danger`, `order_minor_perpetrator`, `officer_not_competent`, `invalid`. */
  issueOrder: (id: OrderId) => call<OrderView>('issue_order', { id }),
  /** Records service, forwarding, a proposal, a decision, an appeal… Rejects the order refusals (`order_*`) and `invalid` with `event.*` fields. */
  recordOrderEvent: (req: RecordOrderEventRequest) => call<OrderView>('record_order_event', { req }),
  /** Renders the order, the receipt or the summary and stores the PDF in the case; the UI gets its details and the preview (the bytes stay in the encrypted store). */
  generateDocument: (req: GenerateDocumentRequest) => call<GeneratedDocument>('generate_document', { req }),
  /** The case's documents, newest first. */
  caseDocuments: (id: CaseId) => call<Array<DocumentInfo>>('case_documents', { id }),
  /** A stored document as it was generated (audited as a view). */
  documentPreview: (id: DocumentId) => call<GeneratedDocument>('document_preview', { id }),
  /** Core's persisted sync status and the background task's live state. */
  syncStatus: () => call<SyncState>('sync_status'),
  /** Starts a round unless one is running or the device is not enrolled, and returns at once (`running: true` when one started); poll `sync_status` about once a second while it runs. */
  syncNow: () => call<SyncState>('sync_now'),
  /** Enrols the device with the code the station printed (`zastita-enroll:v1:<token>:<ca sha256>:<https url>`); the first round starts. A network call: the session is held only for the local steps. Rejects `enrollment_code_*`, `enrollment_token_refused`, `sync_offline`, `sync_timeout`, `sync_certificate`, `sync_already_enrolled`. */
  enrollDevice: (code: string) => call<SyncState>('enroll_device', { code }),
} as const;
