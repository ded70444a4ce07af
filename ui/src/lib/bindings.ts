// Generated from the Rust types by src-tauri/src/bindings.rs. Do not edit by hand:
// run `ZASTITA_BLESS=1 cargo test -p zastita-app --test bindings` after changing them.

export type AppStatus = { 
/**
 * Where the store lives (shown in small print on the first-run screen).
 */
store_dir: string, store_exists: boolean, device: DeviceStatus | null, 
/**
 * The officer of the unlocked session; `null` while locked.
 */
officer: OfficerInfo | null, };

export type AppError = { code: ErrorCode, message: string, attempts_before_lock?: number, attempts_before_wipe?: number, 
/**
 * When a lock-out ends.
 */
until?: string, 
/**
 * Every field problem, for `invalid`.
 */
fields?: Array<FieldError>, problem?: PassphraseProblem, badge?: Badge, 
/**
 * What completing an assessment still needs, for `assessment_incomplete`.
 */
answer_problems?: Array<AnswerProblem>, 
/**
 * For `risk_level_lowered`: the computed level.
 */
computed_level?: RiskLevel, 
/**
 * For `purpose_required`: the case a purpose is asked for (absent: the case list and search).
 */
case_id?: CaseId, };

export type ErrorCode = "wrong_passphrase" | "locked_out" | "wiped" | "device_revoked" | "unknown_officer" | "officer_exists" | "officer_not_competent" | "invalid_badge" | "weak_passphrase" | "invalid_officer_name" | "invalid_officer_rank" | "store_exists" | "database_missing" | "init_interrupted" | "case_not_found" | "case_exists" | "nothing_to_record" | "recorded_person_removed" | "person_not_found" | "history_person_not_recorded" | "history_match_not_found" | "history_suggestion_not_found" | "history_not_in_open_case" | "violation_order_not_in_force" | "violation_not_the_perpetrator" | "statement_not_found" | "statement_signed" | "amends_unsigned" | "invalid" | "purpose_required" | "case_file" | "disk_full" | "read_only" | "store_corrupt" | "store_damaged" | "store_not_found" | "store" | "keyring" | "keyring_lock" | "key" | "prefs_write" | "assessment_not_found" | "assessment_completed" | "instrument_not_found" | "instrument_not_offered" | "instrument_version_exists" | "instrument_invalid" | "risk_level_lowered" | "assessment_incomplete" | "document_not_found" | "document" | "order_not_found" | "order_already_issued" | "order_not_issued" | "order_needs_assessment" | "order_already_served" | "order_not_served" | "order_time_in_future" | "order_served_before_issued" | "order_event_before_issue" | "order_event_before_service" | "order_extension_end_invalid" | "order_refusal_with_end" | "order_lifted" | "order_ended" | "order_already_forwarded" | "order_already_received" | "order_central_only" | "order_decision_before_proposal" | "order_proposal_already_decided" | "order_evaluation_required" | "order_court_receipt_before_proposal" | "order_appeal_against_police_order" | "order_no_court_decision" | "order_appellant_required" | "order_no_pending_appeal" | "order_event_before_appeal" | "order_no_imminent_danger" | "order_minor_perpetrator" | "order_adulthood_unconfirmed" | "sync_not_enrolled" | "sync_already_enrolled" | "sync_locked" | "enrollment_code_not_a_code" | "enrollment_code_incomplete" | "enrollment_code_bad_token" | "enrollment_code_bad_fingerprint" | "enrollment_code_not_https" | "enrollment_token_refused" | "sync_offline" | "sync_timeout" | "sync_certificate" | "sync_revoked" | "sync_no_status_key" | "sync_status_key_damaged" | "sync_refused" | "sync_server" | "sync_busy" | "sync_protocol" | "not_unlocked" | "no_store" | "already_unlocked" | "internal" | "unknown";

export type DeviceStatus = { device_id: string, 
/**
 * Badges enrolled on this device (names are inside the encrypted store).
 */
officers: Array<Badge>, consecutive_failures: number, locked_until: string | null, 
/**
 * Set from the warning threshold on: wrong attempts left before the keys are destroyed.
 */
attempts_before_wipe: number | null, 
/**
 * The keys are destroyed (by wrong passphrases, or by a revocation).
 */
wiped: boolean, 
/**
 * The central record revoked this device: its keys and database are destroyed; it is to be
 * handed in at the station.
 */
revoked: boolean, };

export type InitRequest = { badge: string, name: string, passphrase: Passphrase, 
/**
 * The first officer's rank, printed with his name; may be empty and set later.
 */
rank: string, };

export type UnlockRequest = { badge: string, passphrase: Passphrase, };

export type OfficerInfo = { badge: Badge, name: string, 
/**
 * What the law lets them do here: the central record's roster decides when it has said,
 * else the station's setting on this device.
 */
role: OfficerRole, 
/**
 * The rank printed with the name on the documents ("policijski narednik"); empty until said.
 * The central record's roster decides when it has said, as with the role.
 */
rank: string, };

export type OfficerRole = "patrol" | "competent";

export type PassphraseProblem = { "code": "too_short", min: number, } | { "code": "one_character" } | { "code": "sequence" } | { "code": "is_badge" } | { "code": "too_common" };

export type Prefs = { language: Language, 
/**
 * Minutes without a touch or key press before the app locks itself.
 */
auto_lock_minutes: number, theme: Theme, };

export type Language = "sr-Latn" | "sr-Cyrl" | "hu" | "en";

export type Theme = "system" | "light" | "dark";

export type SetPurposeRequest = { case_id: CaseId | null, purpose: Purpose, };

export type Purpose = { code: PurposeCode, 
/**
 * The officer's own words (optional, one line, at most [`PURPOSE_TEXT_MAX_CHARS`]).
 */
text?: string, };

export type PurposeCode = "responding_to_call" | "follow_up" | "station_review" | "judicial_request" | "training";

export type ListCasesRequest = { 
/**
 * Words that must all occur in a name, the address or the municipality (any script,
 * diacritics optional).
 */
search: string | null, limit: number | null, offset: number | null, };

export type CaseSummary = { id: CaseId, status: CaseStatus, version: number, 
/**
 * Unrecorded changes are waiting in the draft.
 */
has_draft: boolean, sort_at: string, 
/**
 * Issued orders' deadlines and the latest risk level, for countdown badges.
 */
legal: LegalSummary, 
/**
 * The official case number from the central record, once assigned.
 */
official_number?: string, reported_at: string | null, address: string, municipality: string, victims: Array<string>, perpetrators: Array<string>, firearm: boolean, };

export type SummaryInfo = { reported_at: string | null, address: string, municipality: string, victims: Array<string>, perpetrators: Array<string>, firearm: boolean, };

export type CaseView = { 
/**
 * The case as recorded (or, before its first recording, as drafted).
 */
file: CaseFile, 
/**
 * Unrecorded work on top of a recorded case, if any.
 */
draft: CaseContent | null, 
/**
 * What recording the current content would still refuse.
 */
issues: Array<FieldError>, 
/**
 * What the recorded case still owes (the social-welfare centre's notification…).
 */
warnings: Array<CaseWarning>, 
/**
 * Perpetrators of the current content whose relationship to the victim the law may not
 * cover (Art. 3): warnings, never refusals.
 */
coverage: Array<CoverageWarning>, 
/**
 * Risk instruments not offered for this case (validated for another population); the
 * others may be started.
 */
instruments_not_offered: Array<NotOffered>, 
/**
 * Each issued order's number as shown (official, else provisional).
 */
order_numbers: { [key in OrderId]: OrderNumber }, };

export type NotOffered = { instrument: string, population: Population, };

export type CaseContent = { incident: Incident, people: Array<Person>, };

export type SaveCaseDraftRequest = { id: CaseId | null, content: CaseContent, };

export type SaveDraftResponse = { id: CaseId, saved_at: string, 
/**
 * What recording would still refuse (shown inline; never blocks the autosave).
 */
issues: Array<FieldError>, 
/**
 * Perpetrators whose relationship to the victim the law may not cover (Art. 3): warnings,
 * never refusals.
 */
coverage: Array<CoverageWarning>, };

export type RecordCaseResponse = { id: CaseId, version: number, 
/**
 * Record versions queued for the central record by this recording.
 */
queued: number, };

export type TimelineEvent = { at: string, officer: Badge | null, action: Action, outcome: Outcome, 
/**
 * What the event was about: `case:…`, `statement:…`, `order:…`, `assessment:…`,
 * `document:…` or `timeline:…`.
 */
target: string | null, 
/**
 * A consultation's purpose.
 */
purpose?: PurposeCode, 
/**
 * The officer's words with the purpose.
 */
purpose_text?: string, 
/**
 * An export's recipient.
 */
recipient?: string, };

export type PersonHistoryRequest = { case_id: CaseId, person_id: PersonId, purpose: Purpose | null, };

export type PersonHistory = { case_id: CaseId, person_id: PersonId, 
/**
 * What the person can be matched by (`None`: nothing, see `unchecked`).
 */
looked_up_by: MatchStrength | null, 
/**
 * Earlier cases, newest first (a case both on the device and in the central record's answer
 * is listed once, from the device).
 */
matches: Array<HistoryEntry>, 
/**
 * Orders in force against the person now (the offline list, the device's own orders, the
 * central record's answer): a possible violation (Art. 36).
 */
in_force: Array<InForceFlag>, repeat_perpetrator: boolean, 
/**
 * Suggested answers of the Art. 16 items, each with its source; never answers.
 */
suggestions: Array<Suggestion>, 
/**
 * When the central record last answered about this person in this case.
 */
central_answered_at: string | null, 
/**
 * When the offline list was last refreshed whole.
 */
list_refreshed_at: string | null, unchecked: Array<Unchecked>, };

export type HistoryEntry = { source: HistorySource, trust: Trust, match: HistoryMatch, };

export type HistorySource = "device" | "central_record";

export type Unchecked = "no_identity" | "offline_list_needs_jmbg" | "offline_list_never_refreshed" | "central_record_not_asked" | "family_law_measures_not_held";

export type DecideMatchRequest = { case_id: CaseId, person_id: PersonId, match_id: string, decision: MatchDecision, };

export type AcceptSuggestionRequest = { assessment_id: AssessmentId, 
/**
 * The person of the assessment's case whose history suggested it.
 */
person_id: PersonId, suggestion: Suggestion, };

export type ReportViolationRequest = { 
/**
 * The case of the new call.
 */
case_id: CaseId, 
/**
 * The order the person's history flags as in force.
 */
order_id: string, 
/**
 * When the violation took place.
 */
at: string, description: string, evidence: string, };

export type ViolationRecorded = { "kind": "own_order", order_id: string, } | { "kind": "reported", report: ViolationReportView, };

export type ViolationReportView = { report_id: string, case_id: CaseId, order_id: string, 
/**
 * The order's number as the flag gave it.
 */
number: string, at: string, description: string, evidence: string, reported_by: string, reported_at: string, 
/**
 * When the central record recorded it on the order (`None`: not sent yet, or refused).
 */
accepted_at: string | null, 
/**
 * The central record's refusal code, when it refused (it is not sent again).
 */
refused: string | null, };

export type HistoryLookup = { history: PersonHistory, 
/**
 * `sync_not_enrolled`, `sync_offline`, `sync_timeout`, `sync_refused`…; `null` when the
 * central record answered.
 */
unreached: AppError | null, };

export type Trust = "exact" | "confirmed" | "unconfirmed" | "rejected";

export type MatchDecision = "confirmed" | "rejected";

export type Suggestion = { item: string, source: SuggestionSource, };

export type SuggestionSource = { case_id: string, case_number: string | null, date: string, 
/**
 * The order's number, when an order is the fact.
 */
order_number: string | null, };

export type InForceFlag = { order_id: string, number: string, 
/**
 * The measures (`removal_from_dwelling`, `contact_ban`).
 */
measures: Array<string>, ends_at: string, 
/**
 * Always true while in force: the person's presence at a new call may be a violation.
 */
possible_violation: boolean, 
/**
 * The article a violation falls under ([`VIOLATION_ARTICLE`]).
 */
article: number, };

export type MatchStrength = "jmbg" | "name_and_birth";

export type HistoryMatch = { 
/**
 * The matching person record (another case's), for the officer's confirm or reject.
 */
match_id: string, strength: MatchStrength, case: HistoryCase, orders: Array<HistoryOrder>, firearms: Array<HistoryFirearm>, };

export type HistoryCase = { case_id: string, 
/**
 * The case's official number, once the central record gave one.
 */
number: string | null, 
/**
 * When the incident was reported (else the case was created).
 */
date: string, municipality: string, 
/**
 * The forms of violence recorded (`physical`, `psychological`…).
 */
forms_of_violence: Array<string>, 
/**
 * The person's role in it (`victim`, `perpetrator`, `witness`, `child`…).
 */
role: string, };

export type HistoryOrder = { order_id: string, 
/**
 * The official number, else the provisional one.
 */
number: string, 
/**
 * Whether the person was the order's perpetrator (else, e.g., its protected victim).
 */
against_person: boolean, 
/**
 * The measures (`removal_from_home`, `contact_ban`…).
 */
measures: Array<string>, served_at: string | null, 
/**
 * Extended by the court (its decision), until when.
 */
extended_until: string | null, 
/**
 * A violation recorded on the order (Art. 36).
 */
violated: boolean, 
/**
 * When its measures end (or ended) as the order stands now, if known.
 */
ends_at: string | null, 
/**
 * In force at the answer's instant.
 */
in_force: boolean, };

export type HistoryFirearm = { 
/**
 * The weapon's kind (`firearm`, …) as recorded.
 */
kind: string, in_household: boolean, 
/**
 * `licensed`, `unlicensed`, or absent when not answered.
 */
legality: string | null, seized: boolean, used_or_threatened: boolean, };

export type AnswerSource = { 
/**
 * The person of the case whose history it is.
 */
person_id: PersonId, source: SuggestionSource, accepted_by: Badge, accepted_at: string, };

export type Action = "init" | "unlock" | "failed_unlock" | "lockout" | "lock" | "officer_add" | "passphrase_change" | "create" | "view" | "update" | "record" | "sign" | "import" | "export" | "verify" | "assess" | "issue" | "serve" | "forward" | "prosecutor_received" | "prosecutor_evaluated" | "proposal_received" | "court_decision" | "lift" | "violation" | "appeal" | "escorted_visit" | "welfare_notified" | "official_number" | "extension_proposed" | "prosecutor_declined" | "decision_received" | "appeal_forwarded" | "higher_court_decision" | "print" | "enrol" | "sync" | "officer_remove" | "wipe";

export type Outcome = "ok" | "denied" | "failed";

export type CaseFile = { format: string, format_version: number, id: CaseId, status: CaseStatus, 
/**
 * Recorded version of the case header (0 while a draft never recorded).
 */
version: number, created_at: string, created_by: Badge, incident: Incident, people: Array<Person>, statements: Array<Statement>, 
/**
 * Risk assessments, oldest first (drafts included).
 */
assessments: Array<Assessment>, 
/**
 * Emergency-measure orders, oldest first, each with its computed deadlines.
 */
orders: Array<CaseOrder>, 
/**
 * The official case number the central record assigned, once it has. Optional and left out
 * while unknown, so a file without it is exactly the version-2 file it always was.
 */
official_number?: string, };

export type CaseStatus = "draft" | "recorded";

export type CaseId = string;

export type PersonId = string;

export type StatementId = string;

export type Badge = string;

export type Incident = { 
/**
 * When the report reached the police.
 */
reported_at: string | null, 
/**
 * When the patrol arrived at the scene.
 */
police_arrived_at: string | null, 
/**
 * Street, number, flat.
 */
address: string, 
/**
 * Municipality or city (local self-government unit).
 */
municipality: string, location: GeoPoint | null, reported_by: Reporter | null, forms_of_violence: Array<ViolenceForm>, 
/**
 * Imminent danger before any act (Art. 3: ready to commit violence "for the first time"):
 * why the danger is imminent though no act of violence has happened. Required when no form
 * of violence is recorded.
 */
danger_without_act: string, 
/**
 * Whether any weapon was present; `None` until the officer answers.
 */
weapons_present: boolean | null, weapons: Array<Weapon>, 
/**
 * Injuries observed or reported; empty when none.
 */
injuries: string, 
/**
 * Whether children were present; `None` until the officer answers.
 */
children_present: boolean | null, 
/**
 * The social-welfare centre's notification, owed when children are involved.
 */
welfare_notification: WelfareNotification | null, 
/**
 * The officer's account of what happened.
 */
narrative: string, };

export type Reporter = { kind: ReporterKind, name: string, phone: string, };

export type ReporterKind = "victim" | "family_member" | "neighbour" | "witness" | "institution" | "anonymous" | "other";

export type GeoPoint = { lat: number, lon: number, 
/**
 * Horizontal accuracy in metres, when the receiver gives one.
 */
accuracy_m?: number | null, };

export type ViolenceForm = "physical" | "sexual" | "psychological" | "economic";

export type NotificationMeans = "phone" | "in_person" | "email" | "written" | "other";

export type WelfareNotification = { at: string, centre: string, means: NotificationMeans, note: string, };

export type Weapon = { kind: WeaponKind, description: string, 
/**
 * Kept in the household (as opposed to only brought to the scene).
 */
in_household: boolean, 
/**
 * Licensed or not; `None` until the officer answers (firearms must be answered to record).
 */
legality: WeaponLegality | null, 
/**
 * Used against someone in this incident.
 */
used_in_incident: boolean, 
/**
 * Threatened with in this incident.
 */
threatened_in_incident: boolean, 
/**
 * Taken by the police at the scene.
 */
seized: boolean, 
/**
 * The number of the seizure receipt given for it (required once seized).
 */
seizure_receipt: string, };

export type WeaponKind = "firearm" | "cold_weapon" | "other";

export type Person = { id: PersonId, role: Role, given_name: string, family_name: string, 
/**
 * The 13-digit personal number as entered (validated, not normalised away).
 */
jmbg: string, date_of_birth: string | null, address: string, phone: string, 
/**
 * Relationship to the victim; `None` for a victim.
 */
relationship_to_victim: Relationship | null, 
/**
 * The degree of kinship where the relationship's kind does not fix it: a collateral blood
 * relative (2 = sibling, 3 = uncle, aunt, nephew, niece, 4 = first cousin), an in-law
 * (1 = parent-in-law, 2 = brother- or sister-in-law), a direct-line relative beyond
 * grandparents. Which degrees each kind admits: [`degrees`].
 */
kinship_degree?: number, 
/**
 * Whether the person lives or lived in a common household with the victim; `None` when not
 * asked (and for a victim).
 */
household_with_victim?: Household, 
/**
 * The language the person speaks (ISO 639 code, e.g. "sr", "hu", "rom").
 */
language: string, interpreter_needed: boolean, };

export type Role = "victim" | "perpetrator" | "witness" | "child";

export type Relationship = "spouse" | "former_spouse" | "cohabiting_partner" | "former_cohabiting_partner" | "intimate_partner" | "common_child_parent" | "parent" | "child" | "sibling" | "grandparent" | "grandchild" | "other_blood_relative" | "in_law" | "adoptive_or_foster" | "household_member" | "none";

export type Household = "yes" | "lived" | "no" | "unknown";

export type CoverageGap = "not_related" | "common_child_only" | "collateral_beyond_second" | "in_law_beyond_second" | "degree_unknown";

export type CoverageWarning = { person_id: PersonId, reason: CoverageGap, };

export type FieldError = { 
/**
 * Path of the field, e.g. `incident.police_arrived_at`, `people[1].jmbg`, `statements[0].text`.
 */
field: string, } & ({ "code": "required" } | { "code": "too_long", max_chars: number, } | { "code": "too_many", max: number, } | { "code": "control_character" } | { "code": "in_future" } | { "code": "before_reported" } | { "code": "before_taken" } | { "code": "jmbg_length" } | { "code": "jmbg_not_digits" } | { "code": "jmbg_date" } | { "code": "jmbg_checksum" } | { "code": "jmbg_birth_date_mismatch" } | { "code": "no_victim" } | { "code": "no_perpetrator" } | { "code": "relationship_required" } | { "code": "weapons_not_listed" } | { "code": "weapons_contradiction" } | { "code": "out_of_range" } | { "code": "duplicate_id" } | { "code": "unknown_person" } | { "code": "signature_required" } | { "code": "signature_empty" } | { "code": "unknown_statement" } | { "code": "amends_unsigned" } | { "code": "bad_digest" } | { "code": "not_a_perpetrator" } | { "code": "not_protectable" });

export type FieldErrorCode = { "code": "required" } | { "code": "too_long", max_chars: number, } | { "code": "too_many", max: number, } | { "code": "control_character" } | { "code": "in_future" } | { "code": "before_reported" } | { "code": "before_taken" } | { "code": "jmbg_length" } | { "code": "jmbg_not_digits" } | { "code": "jmbg_date" } | { "code": "jmbg_checksum" } | { "code": "jmbg_birth_date_mismatch" } | { "code": "no_victim" } | { "code": "no_perpetrator" } | { "code": "relationship_required" } | { "code": "weapons_not_listed" } | { "code": "weapons_contradiction" } | { "code": "out_of_range" } | { "code": "duplicate_id" } | { "code": "unknown_person" } | { "code": "signature_required" } | { "code": "signature_empty" } | { "code": "unknown_statement" } | { "code": "amends_unsigned" } | { "code": "bad_digest" } | { "code": "not_a_perpetrator" } | { "code": "not_protectable" };

export type Statement = { id: StatementId, 
/**
 * The person who gave the statement.
 */
person_id: PersonId, 
/**
 * The signed statement this one corrects or completes, if it is an addendum.
 */
amends: StatementId | null, taken_at: string, taken_by: Badge, place: string, language: string, interpreter: string | null, text: string, 
/**
 * The signature of the person giving the statement (victim, perpetrator, witness or child;
 * the name is kept for the frozen formats).
 */
victim_signature: Signature | null, 
/**
 * Why the person giving the statement did not sign (refused, unable), when there is no
 * signature of theirs.
 */
victim_not_signed_reason: string | null, officer_signature: Signature | null, 
/**
 * Set once, when the statement is signed; after that nothing in it changes.
 */
signed_at: string | null, 
/**
 * SHA-256 (hex) of the signed content, for the chain of custody.
 */
content_sha256: string | null, };

export type StatementDraft = { 
/**
 * Where the statement was taken (e.g. "the victim's flat", "PS Novi Sad").
 */
place: string, 
/**
 * The language the statement was given in (ISO 639 code).
 */
language: string, 
/**
 * The interpreter's name, when one interpreted.
 */
interpreter: string | null, text: string, };

export type Signature = { 
/**
 * Size of the pad the strokes were drawn on.
 */
width: number, height: number, strokes: Array<Array<SignaturePoint>>, };

export type SignaturePoint = { x: number, y: number, 
/**
 * Milliseconds since the stroke began.
 */
t: number, 
/**
 * Pen pressure 0–1 where the device reports it.
 */
p?: number | null, };

export type StartStatementRequest = { case_id: CaseId, person_id: PersonId, amends: StatementId | null, draft: StatementDraft, };

export type SignStatementRequest = { id: StatementId, 
/**
 * The signature of the person giving the statement.
 */
victim_signature: Signature | null, 
/**
 * Why the person giving the statement did not sign.
 */
victim_not_signed_reason: string | null, officer_signature: Signature | null, };

export type StatementView = { case_id: CaseId, statement: Statement, issues: Array<FieldError>, };

export type Passphrase = string;

export type WeaponLegality = "licensed" | "unlicensed" | "unknown";

export type AssessmentId = string;

export type OrderId = string;

export type EventId = string;

export type DocumentId = string;

export type Assessment = { id: AssessmentId, case_id: CaseId, instrument: InstrumentRef, started_at: string, started_by: Badge, answers: { [key in string]: ItemAnswer }, 
/**
 * The officer's judgement: is the victim in (imminent) danger? `None` until answered.
 */
officer_believes_in_danger: boolean | null, judgement_reasons: string, 
/**
 * Where a yes came from when the officer accepted it from the person's history (issue 16):
 * by item id. Left out while empty, so an assessment without one is the file it always was.
 */
sources?: { [key in string]: AnswerSource }, completed: Completion | null, };

export type Completion = { at: string, by: Badge, 
/**
 * What the instrument's rules gave for the answers.
 */
evaluation: Evaluation, 
/**
 * The level the officer settled on: the computed level or higher.
 */
final_level: RiskLevel, 
/**
 * Why the officer raised the level (present exactly when `final_level` is above the computed
 * one).
 */
raise_reason: string | null, 
/**
 * When the case must be assessed again (by the final level's interval).
 */
reassessment_due_at: string, };

export type RiskLevel = "low" | "medium" | "high" | "extreme";

export type Answer = "yes" | "no" | "unknown";

export type ItemAnswer = { answer: Answer, 
/**
 * What the answer rests on ("a hunting rifle in the wardrobe"); may be empty.
 */
note: string, };

export type Evaluation = { 
/**
 * The base level, raised to the highest level of any rule that fired.
 */
computed_level: RiskLevel, 
/**
 * Every rule that fired, in the instrument's order.
 */
fired: Array<FiredRule>, screened_in: boolean, };

export type FiredRule = { rule_id: string, level: RiskLevel, 
/**
 * For a score rule, the score (the sum of the weights of the items answered yes).
 */
score: number | null, };

export type AnswerProblem = { item: string | null, } & ({ "code": "unknown_item" } | { "code": "unanswered" } | { "code": "note_required" } | { "code": "note_not_taken" } | { "code": "note_too_long", max_chars: number, } | { "code": "control_character" } | { "code": "judgement_unanswered" } | { "code": "reasons_required" } | { "code": "reasons_too_long", max_chars: number, } | { "code": "no_judgement_question" });

export type AnswerProblemCode = { "code": "unknown_item" } | { "code": "unanswered" } | { "code": "note_required" } | { "code": "note_not_taken" } | { "code": "note_too_long", max_chars: number, } | { "code": "control_character" } | { "code": "judgement_unanswered" } | { "code": "reasons_required" } | { "code": "reasons_too_long", max_chars: number, } | { "code": "no_judgement_question" };

export type Instrument = { id: string, version: number, primary: boolean, 
/**
 * Whom it was validated for (the app offers it only for cases of that population).
 */
population: Population, title: Localized, description: Localized | null, items: Array<Item>, judgement: Judgement | null, base_level: RiskLevel, rules: Array<Rule>, };

export type Population = "any" | "intimate_partners";

export type InstrumentRef = { id: string, version: number, };

export type Item = { 
/**
 * Stable id (`[a-z0-9-]{1,40}`); answers are keyed by it.
 */
id: string, text: Localized, 
/**
 * A longer explanation shown on demand.
 */
help: Localized | null, 
/**
 * Shown prominently: the factors most tied to lethal violence (weapons, threats to kill,
 * earlier measures).
 */
highlight: boolean, note: NotePolicy, };

export type Judgement = { text: Localized, 
/**
 * A "yes" must say why.
 */
reasons_required: boolean, };

export type Localized = { "sr-Latn": string, "sr-Cyrl": string, hu: string, en: string, };

export type NotePolicy = "optional" | "required_if_yes" | "none";

export type Rule = { 
/**
 * Stable id (`[a-z0-9-]{1,40}`), unique in the instrument.
 */
id: string, 
/**
 * What the rule says, for the officer ("a threat to kill or a weapon").
 */
label: Localized, } & ({ if: Condition, level: RiskLevel, } | { score: Score, });

export type RuleBody = { if: Condition, level: RiskLevel, } | { score: Score, };

export type Condition = { "any_of": Array<string> } | { "all_of": Array<string> } | { "at_least": { n: number, of: Array<string>, } } | { "officer_believes_in_danger": boolean };

export type Score = { 
/**
 * Item id → weight (≥ 1).
 */
weights: { [key in string]: number }, 
/**
 * Thresholds, `min` and `level` both strictly ascending.
 */
levels: Array<ScoreLevel>, };

export type ScoreLevel = { min: number, level: RiskLevel, };

export type StartAssessmentRequest = { case_id: CaseId, instrument_id: string, };

export type SaveAssessmentRequest = { id: AssessmentId, answers: { [key in string]: ItemAnswer }, officer_believes_in_danger: boolean | null, judgement_reasons: string, };

export type CompleteAssessmentRequest = { id: AssessmentId, final_level: RiskLevel | null, raise_reason: string | null, };

export type AssessmentView = { assessment: Assessment, instrument: Instrument, evaluation: Evaluation, problems: Array<AnswerProblem>, 
/**
 * When the case is due for re-assessment if completed now at the computed level.
 */
reassessment_due_if_completed: string, };

export type Measure = "removal_from_dwelling" | "contact_ban";

export type LegalBasis = "zsnp2016_art17";

export type OrderContent = { measures: Array<Measure>, 
/**
 * The person the measures are imposed on (a perpetrator of the case).
 */
perpetrator: PersonId | null, 
/**
 * The people the measures protect (victims or children of the case).
 */
protected: Array<PersonId>, 
/**
 * The dwelling the removal measure names: the one the perpetrator must leave (which he
 * knows). The only address of the household the perpetrator's copy may show; required with
 * [`Measure::RemovalFromDwelling`].
 */
dwelling: string, 
/**
 * The municipality where the victim lives (Art. 19: the basic court of the victim's
 * residence decides, on the proposal of its basic public prosecutor's office). The wizard
 * starts from the incident's municipality; the officer changes it when she lives elsewhere.
 */
victim_municipality: string, 
/**
 * The officer confirms the perpetrator was an adult at the incident, when neither a date of
 * birth nor a JMBG tells (Art. 1: the law does not apply to minors).
 */
perpetrator_adult_confirmed: boolean, legal_basis: LegalBasis, 
/**
 * Why the danger is imminent and the measures are needed.
 */
reasons: string, 
/**
 * The risk assessment the order rests on (a completed assessment of the same case).
 */
assessment: AssessmentId | null, 
/**
 * The issuing police administration (e.g. "PU za Grad Novi Sad").
 */
police_administration: string, 
/**
 * The police station (e.g. "PS Novi Sad – Liman").
 */
police_station: string, };

export type Issued = { at: string, by: Badge, 
/**
 * Provisional number until the central record assigns the official one, e.g. `P-1A2B-2026-0007`.
 */
provisional_number: string, 
/**
 * When the risk assessment the order rests on was completed: forwarding to the prosecutor
 * "at once" (Art. 16) runs from here. Absent on orders issued before it was kept.
 */
assessment_completed_at: string | null, 
/**
 * The station's forwarding policy when the order was issued (minutes after the assessment
 * from which "not forwarded" is shown); absent means the default.
 */
forward_warning_minutes: number | null, };

export type EventSource = "device" | "central_record";

export type CourtOutcome = "extended" | "refused";

export type Party = "prosecutor" | "perpetrator";

export type AppealOutcome = "upheld" | "overturned";

export type OrderEventKind = { "kind": "served", at: string, place: string, 
/**
 * The officer who served it.
 */
served_by: Badge, 
/**
 * The perpetrator's signature on the receipt.
 */
signature: Signature | null, 
/**
 * Why there is no signature (refused to sign, unable to), when there is none.
 */
refused_to_sign: string | null, } | { "kind": "forwarded", at: string, prosecutor: string, } | { "kind": "prosecutor_received", at: string, office: string, } | { "kind": "prosecutor_evaluated", at: string, agrees: boolean, reasons: string, } | { "kind": "extension_proposed", at: string, 
/**
 * The basic court the proposal went to, when known (from the central record; absent
 * on proposals the officer entered and on those recorded before case-file version 4).
 */
court: string | null, } | { "kind": "proposal_received", at: string, court: string, } | { "kind": "court_decision", court: string, number: string, decided_on: string, outcome: CourtOutcome, 
/**
 * The new end of the measures (only when extended): the court's own instant, never
 * computed by the device.
 */
ends_at: string | null, } | { "kind": "prosecutor_declined", at: string, reason: string, } | { "kind": "decision_received", at: string, by: Party, } | { "kind": "appeal", at: string, note: string, by: Party | null, } | { "kind": "appeal_forwarded", at: string, } | { "kind": "higher_court_decision", court: string, number: string, decided_on: string, outcome: AppealOutcome, } | { "kind": "lifted", at: string, reason: string, } | { "kind": "violation", at: string, description: string, evidence: string, } | { "kind": "escorted_visit", at: string, note: string, } | { "kind": "social_welfare_notified", at: string, centre: string, note: string, } | { "kind": "official_number", number: string, };

export type OrderEventName = "served" | "forwarded" | "prosecutor_received" | "prosecutor_evaluated" | "extension_proposed" | "prosecutor_declined" | "proposal_received" | "court_decision" | "decision_received" | "appeal" | "appeal_forwarded" | "higher_court_decision" | "violation" | "escorted_visit" | "social_welfare_notified" | "lifted" | "official_number";

export type OrderNumber = { number: string, 
/**
 * Still the device's own number: the official one has not come down yet.
 */
provisional: boolean, };

export type OrderEvent = { id: EventId, recorded_at: string, 
/**
 * The officer who recorded it; `None` for events from the central record.
 */
recorded_by: Badge | null, source: EventSource, event: OrderEventKind, };

export type Order = { id: OrderId, case_id: CaseId, 
/**
 * Recorded version (0 while a draft never issued).
 */
version: number, created_at: string, created_by: Badge, content: OrderContent, issued: Issued | null, events: Array<OrderEvent>, };

export type OrderStatus = "draft" | "issued" | "in_force" | "expired" | "lifted";

export type ClockWarning = "expiring_without_decision" | "not_forwarded" | "no_proposal";

export type DecisionReceipt = { by: Party, received_at: string, appeal_due_at: string | null, };

export type AppealClock = { by: Party | null, lodged_at: string, 
/**
 * Lodged after the appellant's 3 days from receipt had run out (recorded, not refused).
 */
late: boolean, 
/**
 * The basic court forwards it to the higher court within 12 hours.
 */
forward_due_at: string | null, forwarded_at: string | null, 
/**
 * The higher court decides within 3 days of the forwarding.
 */
higher_court_due_at: string | null, higher_court_decided_on: string | null, outcome: AppealOutcome | null, };

export type OrderDeadlines = { served_at: string | null, 
/**
 * When the measures end now: the court's end instant once extended, else 48 h from service.
 */
expires_at: string | null, 
/**
 * 48 hours from service, whatever a court later decides.
 */
initial_expires_at: string | null, 
/**
 * 24 hours from service.
 */
prosecutor_proposal_due_at: string | null, 
/**
 * 24 hours from the court's receipt of the proposal (Art. 19); while no receipt is known,
 * from the proposal, and while the proposal's time is unknown, from its due time.
 */
court_decision_due_at: string | null, 
/**
 * The latest instant a court may extend the measures to (48 h + 30 days from service).
 */
latest_extension_end: string | null, 
/**
 * When the police recorded forwarding the order to the prosecutor.
 */
forwarded_at: string | null, 
/**
 * When the prosecutor's office received the order and assessment (from the central record):
 * the forwarding's confirmation, which also satisfies it.
 */
prosecutor_received_at: string | null, lifted_at: string | null, extended: boolean, 
/**
 * A court decision (either way) has been recorded.
 */
decided: boolean, 
/**
 * From this instant on, [`ClockWarning::ExpiringWithoutDecision`] applies (while no decision).
 */
expiry_warning_from: string | null, 
/**
 * From this instant on, [`ClockWarning::NotForwarded`] applies (while neither forwarded nor
 * received by the prosecutor's office): the station's delay after the completed risk
 * assessment.
 */
forward_warning_from: string | null, 
/**
 * When the prosecutor proposed an extension, if the police know.
 */
proposed_at: string | null, 
/**
 * When the prosecutor decided not to propose one.
 */
declined_at: string | null, 
/**
 * When the basic court received the proposal (from the central record): the court's 24
 * hours run from here.
 */
court_received_at: string | null, 
/**
 * From this instant on, [`ClockWarning::NoProposal`] applies: the prosecutor's 24 hours,
 * while neither a proposal nor a decision not to propose nor a court decision is recorded.
 */
no_proposal_warning_from: string | null, 
/**
 * The court's end lies outside the window the device expects (after the 48 hours and at
 * most 30 days beyond them). Applied all the same: the court's instant is authoritative.
 */
court_end_outside_window: boolean, 
/**
 * The 48 hours ran out before the court's extension was recorded: the instant they ran
 * out. The order shows the lapse and the later decision, both.
 */
lapsed_at: string | null, 
/**
 * When the extension that followed the lapse was recorded.
 */
decision_recorded_at: string | null, 
/**
 * Who received the court's decision when, and their appeal windows.
 */
decision_receipts: Array<DecisionReceipt>, appeals: Array<AppealClock>, };

export type TimelineEntry = { 
/**
 * When it happened. A court's decision is dated, not timed: it is placed at noon of its
 * day in Belgrade. The official number, which happens nowhere, at its recording.
 */
at: string, 
/**
 * `at` stands for a day (show the date only).
 */
dated: boolean, event: OrderEvent, };

export type CaseWarning = "welfare_not_notified";

export type Jurisdiction = { 
/**
 * The municipality as the table names it.
 */
municipality: string, basic_court: string, basic_public_prosecutor: string, higher_court: string, 
/**
 * `false` where the row was inferred, not seen in an official source: show it as such.
 */
verified: boolean, };

export type OrderClocks = { status: OrderStatus, 
/**
 * The warnings in force at the instant the clocks were computed.
 */
warnings: Array<ClockWarning>, served_at: string | null, 
/**
 * When the measures end now: the court's end instant once extended, else 48 h from service.
 */
expires_at: string | null, 
/**
 * 48 hours from service, whatever a court later decides.
 */
initial_expires_at: string | null, 
/**
 * 24 hours from service.
 */
prosecutor_proposal_due_at: string | null, 
/**
 * 24 hours from the court's receipt of the proposal (Art. 19); while no receipt is known,
 * from the proposal, and while the proposal's time is unknown, from its due time.
 */
court_decision_due_at: string | null, 
/**
 * The latest instant a court may extend the measures to (48 h + 30 days from service).
 */
latest_extension_end: string | null, 
/**
 * When the police recorded forwarding the order to the prosecutor.
 */
forwarded_at: string | null, 
/**
 * When the prosecutor's office received the order and assessment (from the central record):
 * the forwarding's confirmation, which also satisfies it.
 */
prosecutor_received_at: string | null, lifted_at: string | null, extended: boolean, 
/**
 * A court decision (either way) has been recorded.
 */
decided: boolean, 
/**
 * From this instant on, [`ClockWarning::ExpiringWithoutDecision`] applies (while no decision).
 */
expiry_warning_from: string | null, 
/**
 * From this instant on, [`ClockWarning::NotForwarded`] applies (while neither forwarded nor
 * received by the prosecutor's office): the station's delay after the completed risk
 * assessment.
 */
forward_warning_from: string | null, 
/**
 * When the prosecutor proposed an extension, if the police know.
 */
proposed_at: string | null, 
/**
 * When the prosecutor decided not to propose one.
 */
declined_at: string | null, 
/**
 * When the basic court received the proposal (from the central record): the court's 24
 * hours run from here.
 */
court_received_at: string | null, 
/**
 * From this instant on, [`ClockWarning::NoProposal`] applies: the prosecutor's 24 hours,
 * while neither a proposal nor a decision not to propose nor a court decision is recorded.
 */
no_proposal_warning_from: string | null, 
/**
 * The court's end lies outside the window the device expects (after the 48 hours and at
 * most 30 days beyond them). Applied all the same: the court's instant is authoritative.
 */
court_end_outside_window: boolean, 
/**
 * The 48 hours ran out before the court's extension was recorded: the instant they ran
 * out. The order shows the lapse and the later decision, both.
 */
lapsed_at: string | null, 
/**
 * When the extension that followed the lapse was recorded.
 */
decision_recorded_at: string | null, 
/**
 * Who received the court's decision when, and their appeal windows.
 */
decision_receipts: Array<DecisionReceipt>, appeals: Array<AppealClock>, };

export type CaseOrder = { order: Order, deadlines: OrderDeadlines, };

export type SaveOrderDraftRequest = { case_id: CaseId, id: OrderId | null, content: OrderContent, };

export type RecordOrderEventRequest = { id: OrderId, event: OrderEventKind, };

export type OrderView = { order: Order, clocks: OrderClocks, 
/**
 * For a draft: what issuing would refuse (empty once issued).
 */
issues: Array<FieldError>, 
/**
 * What the case still owes that concerns this order (the social-welfare centre's
 * notification where children are involved).
 */
case_warnings: Array<CaseWarning>, 
/**
 * The competent basic public prosecutor's office and courts, from the victim's
 * municipality (or, while that is not given, the incident's); `None` when the table does
 * not know the municipality.
 */
jurisdiction: Jurisdiction | null, 
/**
 * The number as shown (official, else provisional); `None` for a draft.
 */
number: OrderNumber | null, 
/**
 * The events the officer may record now, in the order to offer them ([`law::admissible`]).
 */
admissible_events: Array<OrderEventName>, 
/**
 * The events in the order they happened ([`law::timeline`]).
 */
timeline: Array<TimelineEntry>, };

export type OrderWizardStart = { 
/**
 * A new order's content: used when the officer starts one, ignored for a draft he goes on.
 */
defaults: OrderContent, 
/**
 * The police administrations, Belgrade's first, as the reference lists them.
 */
police_administrations: Array<string>, };

export type LegalSummary = { orders: Array<OrderBadge>, risk: RiskBadge | null, 
/**
 * A perpetrator of the case is a repeat perpetrator (`law::history`: two or more cases
 * within 24 months, or any violation), by the device's own cases and the central record's
 * answers kept with the case.
 */
repeat_perpetrator: boolean, };

export type OrderBadge = { id: OrderId, number: string, served_at: string | null, 
/**
 * When the measures end now: the court's end instant once extended, else 48 h from service.
 */
expires_at: string | null, 
/**
 * 48 hours from service, whatever a court later decides.
 */
initial_expires_at: string | null, 
/**
 * 24 hours from service.
 */
prosecutor_proposal_due_at: string | null, 
/**
 * 24 hours from the court's receipt of the proposal (Art. 19); while no receipt is known,
 * from the proposal, and while the proposal's time is unknown, from its due time.
 */
court_decision_due_at: string | null, 
/**
 * The latest instant a court may extend the measures to (48 h + 30 days from service).
 */
latest_extension_end: string | null, 
/**
 * When the police recorded forwarding the order to the prosecutor.
 */
forwarded_at: string | null, 
/**
 * When the prosecutor's office received the order and assessment (from the central record):
 * the forwarding's confirmation, which also satisfies it.
 */
prosecutor_received_at: string | null, lifted_at: string | null, extended: boolean, 
/**
 * A court decision (either way) has been recorded.
 */
decided: boolean, 
/**
 * From this instant on, [`ClockWarning::ExpiringWithoutDecision`] applies (while no decision).
 */
expiry_warning_from: string | null, 
/**
 * From this instant on, [`ClockWarning::NotForwarded`] applies (while neither forwarded nor
 * received by the prosecutor's office): the station's delay after the completed risk
 * assessment.
 */
forward_warning_from: string | null, 
/**
 * When the prosecutor proposed an extension, if the police know.
 */
proposed_at: string | null, 
/**
 * When the prosecutor decided not to propose one.
 */
declined_at: string | null, 
/**
 * When the basic court received the proposal (from the central record): the court's 24
 * hours run from here.
 */
court_received_at: string | null, 
/**
 * From this instant on, [`ClockWarning::NoProposal`] applies: the prosecutor's 24 hours,
 * while neither a proposal nor a decision not to propose nor a court decision is recorded.
 */
no_proposal_warning_from: string | null, 
/**
 * The court's end lies outside the window the device expects (after the 48 hours and at
 * most 30 days beyond them). Applied all the same: the court's instant is authoritative.
 */
court_end_outside_window: boolean, 
/**
 * The 48 hours ran out before the court's extension was recorded: the instant they ran
 * out. The order shows the lapse and the later decision, both.
 */
lapsed_at: string | null, 
/**
 * When the extension that followed the lapse was recorded.
 */
decision_recorded_at: string | null, 
/**
 * Who received the court's decision when, and their appeal windows.
 */
decision_receipts: Array<DecisionReceipt>, appeals: Array<AppealClock>, };

export type RiskBadge = { level: RiskLevel, assessed_at: string, reassessment_due_at: string, };

export type DocumentKind = "order" | "receipt" | "summary";

export type GenerateDocumentRequest = { case_id: CaseId, kind: DocumentKind, order_id: OrderId | null, language: Language, };

export type DocumentInfo = { id: DocumentId, case_id: CaseId, order_id: OrderId | null, kind: DocumentKind, language: Language, created_at: string, created_by: Badge, sha256: string, 
/**
 * Bytes of the PDF.
 */
size: number, };

export type GeneratedDocument = { info: DocumentInfo, preview: Document, };

export type Document = { 
/**
 * Printed bold and centred above the first block.
 */
title: string, 
/**
 * Issuer lines, top left of the first page: "Republika Srbija", "MUP", "PU za Grad Novi Sad".
 */
header: Array<string>, 
/**
 * Number, date… printed top right of the first page, as "label: value".
 */
reference: Array<Field>, blocks: Array<Block>, 
/**
 * Printed at the bottom left of every page (e.g. when and by which device it was generated).
 */
footer: string, 
/**
 * Printed at the bottom right of every page, with `{page}` and `{pages}` replaced by the page
 * number and the page count: "Strana {page} od {pages}". Empty: no page numbers.
 */
page_label: string, 
/**
 * The same document in other languages, each printed after it from a new page with its own
 * page numbering (e.g. the perpetrator's copy in the language he reads).
 */
translations: Array<Translation>, };

export type Field = { label: string, value: string, };

export type Block = { "kind": "heading", "content": string } | { "kind": "paragraph", "content": string } | { "kind": "fields", "content": Array<Field> } | { "kind": "table", "content": { columns: Array<string>, rows: Array<Array<string>>, } } | { "kind": "list", "content": Array<string> } | { "kind": "signatures", "content": Array<SignatureLine> } | { "kind": "notice", "content": string };

export type SignatureLine = { 
/**
 * The role, printed under the line: "Službeno lice".
 */
label: string, 
/**
 * The signer's name, printed under the label; may be empty.
 */
name: string, 
/**
 * A signature drawn on a pad (vector strokes in pad pixels), scaled into the box above the
 * line.
 */
strokes: Signature | null, 
/**
 * Why there is no signature, or any remark: "odbio da potpiše".
 */
note: string, };

export type Translation = { language: Language, document: Document, };

export type SyncState = { status: SyncStatus, 
/**
 * A round is running (or was just asked for with "sync now").
 */
running: boolean, 
/**
 * The running round's phase and counts.
 */
progress: SyncProgress | null, 
/**
 * When the background task tries next by itself (backoff after a failure, or the periodic
 * round); `null` while nothing is scheduled (locked, not enrolled, a failure that needs a
 * person).
 */
next_attempt_at: string | null, 
/**
 * What the last round of this session did.
 */
last_summary: SyncSummary | null, };

export type SyncStatus = { enrolled: boolean, 
/**
 * `https://host:port` of the central record.
 */
server: string | null, 
/**
 * The device's id at the central record.
 */
central_device_id: string | null, enrolled_at: string | null, 
/**
 * Record versions waiting to be acknowledged.
 */
pending: number, 
/**
 * The same, by record kind (`case`, `person`, `audit`, …).
 */
pending_by_kind: Record<string, number>, 
/**
 * Generated documents whose PDF the central record does not hold whole yet.
 */
attachments_pending: number, 
/**
 * Of those, the ones the central record refused at the last try, newest first. They are
 * offered again every round; the rest of the round goes on without them.
 */
attachments_refused: Array<AttachmentRefusal>, 
/**
 * The highest `seq` up to which the central record holds every version.
 */
acked_seq: number, last_attempt_at: string | null, last_success_at: string | null, 
/**
 * The last failure (cleared by a successful round): a [`SyncError::code`] and its English
 * detail.
 */
last_error_code: ErrorCode | null, last_error_detail: string | null, 
/**
 * Server clock − device clock at the last answer, in milliseconds.
 */
skew_ms: number | null, 
/**
 * |skew| is over two minutes: the device clock should be checked.
 */
skew_flagged: boolean, 
/**
 * Versions the central record refused as invalid, with its reasons, newest first.
 */
quarantined: Array<SyncIssue>, 
/**
 * Versions the central record holds with different content (kept there for review).
 */
conflicts: Array<SyncIssue>, 
/**
 * Central changes applied up to here.
 */
feed_cursor: number, };

export type SyncIssue = { seq: number, version_id: string, record_id: string, 
/**
 * The record kind (`case`, `statement`, …).
 */
kind: string, 
/**
 * The central record's reason, in English.
 */
reason: string, 
/**
 * When the central record received it.
 */
at: string, };

export type AttachmentRefusal = { 
/**
 * The document (its record id).
 */
record_id: string, case_id: string, 
/**
 * `order`, `receipt` or `summary`.
 */
document_kind: string, 
/**
 * The central record's refusal code (`unknown_record`, `hash_mismatch`, …) or
 * [`ATTACHMENT_INCONSISTENT`] when the device's own copy disagrees with its record.
 */
code: string, 
/**
 * The reason in English.
 */
detail: string, at: string, };

export type SyncSummary = { 
/**
 * Envelopes sent (a resent one counts again).
 */
pushed: number, accepted: number, conflicts: number, quarantined: number, 
/**
 * Attachments the central record now holds whole, and the bytes sent for them.
 */
attachments_uploaded: number, attachment_bytes: number, 
/**
 * Attachments the central record refused this round (the round went on without them).
 */
attachments_refused: number, 
/**
 * Central changes applied (skipped ones — already applied, refused by the law — not counted).
 */
changes_applied: number, 
/**
 * The offline list of orders in force was read to its end in this round (false: the central
 * record could not give it; the list kept is as of its last refresh).
 */
in_force_refreshed: boolean, 
/**
 * Entries of the offline list added, changed or removed this round.
 */
in_force_changes: number, 
/**
 * Entries in force on the device's clock after the round.
 */
in_force_entries: number, 
/**
 * Violations of other devices' orders the central record recorded this round.
 */
violations_reported: number, 
/**
 * Violation reports the central record refused this round (kept, shown, not sent again).
 */
violations_refused: number, pending_after: number, acked_seq: number, skew_ms: number | null, 
/**
 * Request and response bodies on the wire.
 */
bytes_sent: number, bytes_received: number, };

export type SyncProgress = { phase: SyncPhase, 
/**
 * Envelopes pushed, attachments finished, or changes applied so far in this phase.
 */
done: number, 
/**
 * How many there are, when known (the feed's length is not).
 */
total: number | null, };

export type SyncPhase = "push" | "attachments" | "feed";
