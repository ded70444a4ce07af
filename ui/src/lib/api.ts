// The one typed wrapper over the Tauri commands of docs/app-ipc.md. Components call these
// functions, never `invoke` directly. Every function rejects with an `AppError`.
import { invoke } from '@tauri-apps/api/core';
import type {
  AppError,
  AppStatus,
  AssessmentId,
  AssessmentView,
  CaseContent,
  CaseId,
  CompleteAssessmentRequest,
  DocumentId,
  DocumentInfo,
  GenerateDocumentRequest,
  GeneratedDocument,
  Instrument,
  OrderContent,
  OrderEventKind,
  OrderId,
  OrderView,
  OrderWizardStart,
  SaveAssessmentRequest,
  StartAssessmentRequest,
  CaseSummary,
  CaseView,
  InitRequest,
  ListCasesRequest,
  OfficerInfo,
  PassphraseProblem,
  Person,
  Prefs,
  RecordCaseResponse,
  Role,
  SaveDraftResponse,
  SignStatementRequest,
  StartStatementRequest,
  StatementDraft,
  StatementId,
  StatementView,
  TimelineEvent,
  SyncState,
  UnlockRequest,
} from './bindings';

type Listener = (e: AppError) => void;
const notUnlockedListeners = new Set<Listener>();

/** Called whenever a command rejects with `not_unlocked` (the router goes to the unlock screen). */
export function onNotUnlocked(listener: Listener): () => void {
  notUnlockedListeners.add(listener);
  return () => notUnlockedListeners.delete(listener);
}

/** Turns whatever a rejected invoke carries into an AppError (the shell may reject with a string). */
export function toAppError(raw: unknown): AppError {
  if (raw && typeof raw === 'object' && typeof (raw as { code?: unknown }).code === 'string') {
    return raw as AppError;
  }
  return { code: 'unknown', message: typeof raw === 'string' ? raw : String(raw) };
}

export function isAppError(e: unknown): e is AppError {
  return !!e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string';
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (raw) {
    const err = toAppError(raw);
    if (err.code === 'not_unlocked') for (const l of notUnlockedListeners) l(err);
    throw err;
  }
}

export const appStatus = () => call<AppStatus>('app_status');
export const passphraseProblems = (passphrase: string, badge: string) =>
  call<PassphraseProblem[]>('passphrase_problems', { passphrase, badge });
export const initStore = (req: InitRequest) => call<OfficerInfo>('init_store', { req });
export const unlock = (req: UnlockRequest) => call<OfficerInfo>('unlock', { req });
export const lock = () => call<null>('lock');
export const listCases = (req: ListCasesRequest) => call<CaseSummary[]>('list_cases', { req });
export const newPerson = (role: Role) => call<Person>('new_person', { role });
export const saveCaseDraft = (id: CaseId | null, content: CaseContent) =>
  call<SaveDraftResponse>('save_case_draft', { req: { id, content } });
export const recordCase = (id: CaseId) => call<RecordCaseResponse>('record_case', { id });
export const openCase = (id: CaseId) => call<CaseView>('open_case', { id });
export const caseTimeline = (id: CaseId) => call<TimelineEvent[]>('case_timeline', { id });
export const startStatement = (req: StartStatementRequest) =>
  call<StatementView>('start_statement', { req });
export const saveStatementDraft = (id: StatementId, draft: StatementDraft) =>
  call<StatementView>('save_statement_draft', { id, draft });
export const signStatement = (req: SignStatementRequest) =>
  call<StatementView>('sign_statement', { req });
export const getPrefs = () => call<Prefs>('get_prefs');
export const setPrefs = (prefs: Prefs) => call<Prefs>('set_prefs', { prefs });
export const listInstruments = () => call<Instrument[]>('list_instruments');
export const startAssessment = (req: StartAssessmentRequest) => call<AssessmentView>('start_assessment', { req });
export const getAssessment = (id: AssessmentId) => call<AssessmentView>('get_assessment', { id });
export const saveAssessment = (req: SaveAssessmentRequest) => call<AssessmentView>('save_assessment', { req });
export const completeAssessment = (req: CompleteAssessmentRequest) =>
  call<AssessmentView>('complete_assessment', { req });
export const saveOrderDraft = (case_id: CaseId, id: OrderId | null, content: OrderContent) =>
  call<OrderView>('save_order_draft', { req: { case_id, id, content } });
export const issueOrder = (id: OrderId) => call<OrderView>('issue_order', { id });
export const recordOrderEvent = (id: OrderId, event: OrderEventKind) =>
  call<OrderView>('record_order_event', { req: { id, event } });
export const orderWizard = (case_id: CaseId) => call<OrderWizardStart>('order_wizard', { caseId: case_id });
export const getOrder = (id: OrderId) => call<OrderView>('get_order', { id });
export const generateDocument = (req: GenerateDocumentRequest) =>
  call<GeneratedDocument>('generate_document', { req });
export const caseDocuments = (id: CaseId) => call<DocumentInfo[]>('case_documents', { id });
export const documentPreview = (id: DocumentId) => call<GeneratedDocument>('document_preview', { id });
export const syncStatus = () => call<SyncState>('sync_status');
/** Starts a round if none is running and returns at once; poll `syncStatus` for its progress. */
export const syncNow = () => call<SyncState>('sync_now');
/** Enrols this device with the central record named in the code (a network call). */
export const enrollDevice = (code: string) => call<SyncState>('enroll_device', { code });
