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

export type AppError = { code: string, message: string, attempts_before_lock?: number, attempts_before_wipe?: number, 
/**
 * When a lock-out ends.
 */
until?: string, 
/**
 * Every field problem, for `invalid`.
 */
fields?: Array<FieldError>, problem?: PassphraseProblem, badge?: Badge, };

export type DeviceStatus = { device_id: string, 
/**
 * Badges enrolled on this device (names are inside the encrypted store).
 */
officers: Array<Badge>, consecutive_failures: number, locked_until: string | null, 
/**
 * Set from the warning threshold on: wrong attempts left before the keys are destroyed.
 */
attempts_before_wipe: number | null, wiped: boolean, };

export type InitRequest = { badge: string, name: string, passphrase: Passphrase, };

export type UnlockRequest = { badge: string, passphrase: Passphrase, };

export type OfficerInfo = { badge: Badge, name: string, };

export type PassphraseProblem = { "code": "too_short", min: number, } | { "code": "one_character" } | { "code": "sequence" } | { "code": "is_badge" } | { "code": "too_common" };

export type Prefs = { language: Language, 
/**
 * Minutes without a touch or key press before the app locks itself.
 */
auto_lock_minutes: number, theme: Theme, };

export type Language = "sr-Latn" | "sr-Cyrl" | "hu" | "en";

export type Theme = "system" | "light" | "dark";

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
has_draft: boolean, sort_at: string, reported_at: string | null, address: string, municipality: string, victims: Array<string>, perpetrators: Array<string>, firearm: boolean, };

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
issues: Array<FieldError>, };

export type CaseContent = { incident: Incident, people: Array<Person>, };

export type SaveCaseDraftRequest = { id: CaseId | null, content: CaseContent, };

export type SaveDraftResponse = { id: CaseId, saved_at: string, 
/**
 * What recording would still refuse (shown inline; never blocks the autosave).
 */
issues: Array<FieldError>, };

export type RecordCaseResponse = { id: CaseId, version: number, 
/**
 * Record versions queued for the central record by this recording.
 */
queued: number, };

export type TimelineEvent = { at: string, officer: Badge | null, action: Action, outcome: Outcome, 
/**
 * What the event was about: `case:…` or `statement:…`.
 */
target: string | null, };

export type Action = "init" | "unlock" | "failed_unlock" | "lockout" | "lock" | "officer_add" | "passphrase_change" | "create" | "view" | "update" | "record" | "sign" | "import" | "export" | "verify";

export type Outcome = "ok" | "denied" | "failed";

export type CaseFile = { format: string, format_version: number, id: CaseId, status: CaseStatus, 
/**
 * Recorded version of the case header (0 while a draft never recorded).
 */
version: number, created_at: string, created_by: Badge, incident: Incident, people: Array<Person>, statements: Array<Statement>, };

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

export type Weapon = { kind: WeaponKind, description: string, 
/**
 * Taken by the police at the scene.
 */
seized: boolean, };

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
 * The language the person speaks (ISO 639 code, e.g. "sr", "hu", "rom").
 */
language: string, interpreter_needed: boolean, };

export type Role = "victim" | "perpetrator" | "witness" | "child";

export type Relationship = "spouse" | "former_spouse" | "cohabiting_partner" | "former_cohabiting_partner" | "intimate_partner" | "common_child_parent" | "parent" | "child" | "sibling" | "grandparent" | "grandchild" | "other_blood_relative" | "in_law" | "adoptive_or_foster" | "household_member" | "none";

export type FieldError = { 
/**
 * Path of the field, e.g. `incident.police_arrived_at`, `people[1].jmbg`, `statements[0].text`.
 */
field: string, } & ({ "code": "required" } | { "code": "too_long", max_chars: number, } | { "code": "too_many", max: number, } | { "code": "control_character" } | { "code": "in_future" } | { "code": "before_reported" } | { "code": "before_taken" } | { "code": "jmbg_length" } | { "code": "jmbg_not_digits" } | { "code": "jmbg_date" } | { "code": "jmbg_checksum" } | { "code": "jmbg_birth_date_mismatch" } | { "code": "no_victim" } | { "code": "no_perpetrator" } | { "code": "relationship_required" } | { "code": "relationship_not_family" } | { "code": "weapons_not_listed" } | { "code": "weapons_contradiction" } | { "code": "out_of_range" } | { "code": "duplicate_id" } | { "code": "unknown_person" } | { "code": "not_a_victim" } | { "code": "signature_required" } | { "code": "signature_empty" } | { "code": "unknown_statement" } | { "code": "amends_unsigned" } | { "code": "bad_digest" });

export type FieldErrorCode = { "code": "required" } | { "code": "too_long", max_chars: number, } | { "code": "too_many", max: number, } | { "code": "control_character" } | { "code": "in_future" } | { "code": "before_reported" } | { "code": "before_taken" } | { "code": "jmbg_length" } | { "code": "jmbg_not_digits" } | { "code": "jmbg_date" } | { "code": "jmbg_checksum" } | { "code": "jmbg_birth_date_mismatch" } | { "code": "no_victim" } | { "code": "no_perpetrator" } | { "code": "relationship_required" } | { "code": "relationship_not_family" } | { "code": "weapons_not_listed" } | { "code": "weapons_contradiction" } | { "code": "out_of_range" } | { "code": "duplicate_id" } | { "code": "unknown_person" } | { "code": "not_a_victim" } | { "code": "signature_required" } | { "code": "signature_empty" } | { "code": "unknown_statement" } | { "code": "amends_unsigned" } | { "code": "bad_digest" };

export type Statement = { id: StatementId, 
/**
 * The person who gave the statement.
 */
person_id: PersonId, 
/**
 * The signed statement this one corrects or completes, if it is an addendum.
 */
amends: StatementId | null, taken_at: string, taken_by: Badge, place: string, language: string, interpreter: string | null, text: string, victim_signature: Signature | null, 
/**
 * Why the person did not sign (refused, unable), when there is no victim signature.
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

export type SignStatementRequest = { id: StatementId, victim_signature: Signature | null, victim_not_signed_reason: string | null, officer_signature: Signature | null, };

export type StatementView = { case_id: CaseId, statement: Statement, issues: Array<FieldError>, };

export type Passphrase = string;
