// Generated from protocol/src/console by protocol/src/console/bindings.rs. Do not edit by
// hand: run `ZASTITA_BLESS=1 cargo test -p zastita-protocol --test console_bindings`.
import type { Assessment, Incident, OfficerRole, Order, OrderClocks, OrderEventKind, Person, Statement } from '../lib/bindings';

export type OperatorRole = "station" | "prosecutor" | "court" | "institution_admin" | "auditor";

export type InstitutionKind = "police_administration" | "basic_prosecutor" | "basic_court" | "oversight";

export type Institution = { kind: InstitutionKind, key: string, };

export type Me = { id: string, login: string, name: string, role: OperatorRole, institution: Institution, 
/**
 * The municipalities the operator's jurisdiction covers (empty for roles with none).
 */
municipalities: Array<string>, 
/**
 * The operator's language for the console (`sr-Latn`, `sr-Cyrl`, `hu`, `en`).
 */
language: string, };

export type ConsolePurposeCode = "duty_review" | "acting_on_order" | "supervision" | "administration" | "audit";

export type ConsolePurpose = { code: ConsolePurposeCode, text?: string, };

export type AuditEntryView = { seq: number, at: string, 
/**
 * `admin_cli`, `console` or `system`.
 */
actor_kind: string, actor_id: string, actor_name: string, action: string, target: string | null, purpose: string | null, detail: unknown, };

export type AuditPage = { entries: Array<AuditEntryView>, 
/**
 * Pass as `before` for the next (older) page; absent on the last page.
 */
before: number | null, };

export type SetupRequest = { login: string, setup_code: string, passphrase: string, };

export type SetupResponse = { 
/**
 * `otpauth://totp/…`, for the QR code and for typing in.
 */
otpauth_uri: string, 
/**
 * The secret in base32, for an app that cannot scan.
 */
secret_base32: string, 
/**
 * The QR code of `otpauth_uri` as an SVG document.
 */
qr_svg: string, };

export type SetupConfirm = { login: string, setup_code: string, totp: string, };

export type SignInRequest = { login: string, passphrase: string, totp: string, };

export type SessionInfo = { operator: Me, csrf_token: string, 
/**
 * The session ends here unless used before: its idle limit (15 minutes) after the request
 * that last renewed it (a request renews it once the last renewal is a thirtieth of the
 * limit old, so this is at most 30 s earlier than the last request plus the limit).
 */
idle_expires_at: string, 
/**
 * The session ends here whatever happens.
 */
absolute_expires_at: string, server_time: string, };

export type OperatorSummary = { id: string, login: string, name: string, role: OperatorRole, institution: Institution, 
/**
 * `pending_setup`, `active`, `locked` or `disabled`.
 */
state: string, created_at: string, last_sign_in_at: string | null, };

export type NewOperator = { login: string, name: string, role: OperatorRole, language?: string, };

export type NewOperatorResponse = { operator: OperatorSummary, setup_code: string, setup_expires_at: string, };

export type BoardScope = "open" | "all";

export type Board = { entries: Array<BoardEntry>, 
/**
 * Orders in the scope, over all pages.
 */
total: number, page: number, page_size: number, server_time: string, };

export type ClockKind = "forwarding" | "prosecutor_proposal" | "court_decision" | "measures_end" | "appeal" | "appeal_forwarding" | "higher_court";

export type Clock = { kind: ClockKind, 
/**
 * For an appeal clock: whose (`prosecutor`, `perpetrator`).
 */
party: string | null, due_at: string, 
/**
 * When what the clock waits for happened; absent while it runs.
 */
met_at: string | null, 
/**
 * From here on the clock warns (the same instant the device warns at).
 */
warning_from: string | null, };

export type BoardStatus = "draft" | "issued" | "in_force" | "expired" | "lifted";

export type ChainStage = "awaiting_receipt" | "received" | "evaluated" | "proposed" | "declined" | "court_received" | "decided" | "appealed" | "closed";

export type BoardEntry = { order_id: string, case_id: string, 
/**
 * The official number, or the device's provisional one until it is assigned.
 */
number: string, provisional: boolean, police_administration: string, 
/**
 * The victim's municipality, which decides the prosecutor's office and court.
 */
municipality: string, prosecutor_office: string, basic_court: string, 
/**
 * `removal_from_dwelling`, `contact_ban`.
 */
measures: Array<string>, served_at: string | null, 
/**
 * Core's `OrderStatus` at `server_time`.
 */
status: BoardStatus, 
/**
 * Where the chain stands (core's `law::board`).
 */
stage: ChainStage, clocks: Array<Clock>, 
/**
 * The earliest clock still running or overdue: the board's order.
 */
next_due: string | null, 
/**
 * Core's `ClockWarning`s in force at `server_time` (`expiring_without_decision`,
 * `not_forwarded`, `no_proposal`).
 */
warnings: Array<string>, };

export type OpenOrder = { purpose: ConsolePurpose, };

export type Receipt = { at: string, 
/**
 * The office or court.
 */
by: string, 
/**
 * The operator who opened it.
 */
operator: string, };

export type EvaluationView = { at: string, agrees: boolean, reasons: string, operator: string, };

export type DocumentRef = { record_id: string, sha256: string, 
/**
 * `order`, `receipt`, `summary`, `proposal`.
 */
kind: string, created_at: string, };

export type ProposalView = { at: string, court: string, reasons: string, 
/**
 * The evidence the proposal lists.
 */
evidence: Array<string>, operator: string, document: DocumentRef, };

export type DeclinedView = { at: string, reasons: string, operator: string, };

export type ChainView = { prosecutor_received: Receipt | null, evaluation: EvaluationView | null, proposal: ProposalView | null, declined: DeclinedView | null, court_received: Receipt | null, 
/**
 * Every act recorded, oldest first, as core's order events (`OrderEventKind`).
 */
acts: Array<OrderEventKind>, 
/**
 * The acts this operator may record now: the law's admission (core) and the role.
 */
admissible: Array<ActKind>, };

export type OrderFile = { entry: BoardEntry, 
/**
 * Core's `Order` (content, issue, events) as the device recorded it.
 */
order: Order, 
/**
 * Core's `OrderClocks` at `server_time`.
 */
clocks: OrderClocks, 
/**
 * Core's `Incident`.
 */
incident: Incident | null, 
/**
 * Core's `Person`s of the case.
 */
people: Array<Person>, 
/**
 * Core's completed `Assessment`s (every answer and the officer's finding).
 */
assessments: Array<Assessment>, 
/**
 * Core's signed `Statement`s this role may read.
 */
statements: Array<Statement>, documents: Array<DocumentRef>, chain: ChainView, server_time: string, };

export type ActKind = "evaluate" | "propose" | "decline" | "decide" | "decision_received" | "appeal" | "appeal_forwarded" | "higher_court_decision";

export type ActParty = "prosecutor" | "perpetrator";

export type Act = { "act": "evaluate", agrees: boolean, reasons: string, } | { "act": "propose", reasons: string, evidence: Array<string>, } | { "act": "decline", reasons: string, } | { "act": "decide", number: string, decided_on: string, extended: boolean, 
/**
 * The end the court states (only when extended).
 */
ends_at: string | null, } | { "act": "decision_received", by: ActParty, at: string | null, } | { "act": "appeal", by: ActParty, at: string | null, note: string, } | { "act": "appeal_forwarded", at: string | null, } | { "act": "higher_court_decision", court: string, number: string, decided_on: string, upheld: boolean, };

export type ActRequest = { purpose: ConsolePurpose, act: Act, };

export type StationDevice = { id: string, 
/**
 * The station's inventory name (no person's name).
 */
label: string, enrolled_at: string, revoked_at: string | null, 
/**
 * The newest record the central record holds from it, by the device's own count.
 */
acked_seq: number, };

export type NewEnrolment = { label: string, 
/**
 * How long the code stays valid (1 to 168 hours; 24 when absent).
 */
valid_hours?: number, };

export type EnrolmentCodeView = { code: string, expires_at: string, 
/**
 * The code as a QR code, an SVG document.
 */
qr_svg: string, };

export type StationOfficer = { badge: string, name: string, 
/**
 * Absent for officers added before roles existed.
 */
role: OfficerRole | null, rank: string | null, added_at: string, removed_at: string | null, };

export type NewStationOfficer = { badge: string, name: string, role: OfficerRole, rank?: string, };

export type AssignOfficer = { administration: string, };

export type StationCase = { case_id: string, 
/**
 * The official number; absent while the case awaits one.
 */
number: string | null, numbered_at: string | null, 
/**
 * The Belgrade year the case is numbered in (its creation's).
 */
year: number, 
/**
 * When its first version reached the central record.
 */
received_at: string, 
/**
 * The device it came from (its inventory name), whose feed carries the number.
 */
device_id: string, device_label: string, };

export type AssignCaseNumber = { number: string, } | { auto: boolean, };

export type AssignedCaseNumber = { case_id: string, number: string, };
