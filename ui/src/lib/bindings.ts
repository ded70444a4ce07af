// TEMPORARY hand-written bindings, matching the Rust serde shapes. The generated (ts-rs) file
// replaces this one; every import of these types goes through this module.

export type CaseId = string;
export type PersonId = string;
export type StatementId = string;
export type Badge = string;

export type Role = "victim" | "perpetrator" | "witness" | "child";
export type Relationship =
  | "spouse"
  | "former_spouse"
  | "cohabiting_partner"
  | "former_cohabiting_partner"
  | "intimate_partner"
  | "common_child_parent"
  | "parent"
  | "child"
  | "sibling"
  | "grandparent"
  | "grandchild"
  | "other_blood_relative"
  | "in_law"
  | "adoptive_or_foster"
  | "household_member"
  | "none";
export type ViolenceForm = "physical" | "sexual" | "psychological" | "economic";
export type ReporterKind =
  | "victim"
  | "family_member"
  | "neighbour"
  | "witness"
  | "institution"
  | "anonymous"
  | "other";
export type WeaponKind = "firearm" | "cold_weapon" | "other";
export type CaseStatus = "draft" | "recorded";

export type Reporter = { kind: ReporterKind; name: string; phone: string };
export type GeoPoint = { lat: number; lon: number; accuracy_m?: number };
export type Weapon = { kind: WeaponKind; description: string; seized: boolean };

export type Incident = {
  reported_at: string | null;
  police_arrived_at: string | null;
  address: string;
  municipality: string;
  location: GeoPoint | null;
  reported_by: Reporter | null;
  forms_of_violence: Array<ViolenceForm>;
  weapons_present: boolean | null;
  weapons: Array<Weapon>;
  injuries: string;
  children_present: boolean | null;
  narrative: string;
};

export type Person = {
  id: PersonId;
  role: Role;
  given_name: string;
  family_name: string;
  jmbg: string;
  date_of_birth: string | null;
  address: string;
  phone: string;
  relationship_to_victim: Relationship | null;
  language: string;
  interpreter_needed: boolean;
};

export type SignaturePoint = { x: number; y: number; t: number; p?: number };
export type Signature = { width: number; height: number; strokes: Array<Array<SignaturePoint>> };

export type StatementDraft = {
  place: string;
  language: string;
  interpreter: string | null;
  text: string;
};

export type Statement = {
  id: StatementId;
  person_id: PersonId;
  amends: StatementId | null;
  taken_at: string;
  taken_by: Badge;
  place: string;
  language: string;
  interpreter: string | null;
  text: string;
  victim_signature: Signature | null;
  victim_not_signed_reason: string | null;
  officer_signature: Signature | null;
  signed_at: string | null;
  content_sha256: string | null;
};

export type FieldErrorCode =
  | { code: "required" }
  | { code: "too_long"; max_chars: number }
  | { code: "too_many"; max: number }
  | { code: "control_character" }
  | { code: "in_future" }
  | { code: "before_reported" }
  | { code: "before_taken" }
  | { code: "jmbg_length" }
  | { code: "jmbg_not_digits" }
  | { code: "jmbg_date" }
  | { code: "jmbg_checksum" }
  | { code: "jmbg_birth_date_mismatch" }
  | { code: "no_victim" }
  | { code: "no_perpetrator" }
  | { code: "relationship_required" }
  | { code: "relationship_not_family" }
  | { code: "weapons_not_listed" }
  | { code: "weapons_contradiction" }
  | { code: "out_of_range" }
  | { code: "duplicate_id" }
  | { code: "unknown_person" }
  | { code: "not_a_victim" }
  | { code: "signature_required" }
  | { code: "signature_empty" }
  | { code: "unknown_statement" }
  | { code: "amends_unsigned" }
  | { code: "bad_digest" };

export type FieldError = { field: string } & FieldErrorCode;

export type PassphraseProblem =
  | { code: "too_short"; min: number }
  | { code: "one_character" }
  | { code: "sequence" }
  | { code: "is_badge" }
  | { code: "too_common" };

export type DeviceStatus = {
  device_id: string;
  officers: Array<Badge>;
  consecutive_failures: number;
  locked_until: string | null;
  attempts_before_wipe: number | null;
  wiped: boolean;
};

export type InitRequest = { badge: string; name: string; passphrase: string };
export type UnlockRequest = { badge: string; passphrase: string };
export type OfficerInfo = { badge: Badge; name: string };

export type ListCasesRequest = { search?: string | null; limit?: number | null; offset?: number | null };

export type CaseSummary = {
  id: CaseId;
  status: CaseStatus;
  version: number;
  has_draft: boolean;
  sort_at: string;
  reported_at: string | null;
  address: string;
  municipality: string;
  victims: Array<string>;
  perpetrators: Array<string>;
  firearm: boolean;
};

export type CaseContent = { incident: Incident; people: Array<Person> };

export type CaseFile = {
  format: string;
  format_version: number;
  id: CaseId;
  status: CaseStatus;
  version: number;
  created_at: string;
  created_by: Badge;
  incident: Incident;
  people: Array<Person>;
  statements: Array<Statement>;
};

export type CaseView = { file: CaseFile; draft: CaseContent | null; issues: Array<FieldError> };

export type SaveCaseDraftRequest = { id: CaseId | null; content: CaseContent };
export type SaveDraftResponse = { id: CaseId; saved_at: string; issues: Array<FieldError> };
export type RecordCaseResponse = { id: CaseId; version: number; queued: number };

export type StartStatementRequest = {
  case_id: CaseId;
  person_id: PersonId;
  amends?: StatementId | null;
  draft: StatementDraft;
};
export type SignStatementRequest = {
  id: StatementId;
  victim_signature: Signature | null;
  victim_not_signed_reason: string | null;
  officer_signature: Signature | null;
};
export type StatementView = { case_id: CaseId; statement: Statement; issues: Array<FieldError> };

export type Action =
  | "init"
  | "unlock"
  | "failed_unlock"
  | "lockout"
  | "lock"
  | "officer_add"
  | "passphrase_change"
  | "create"
  | "view"
  | "update"
  | "record"
  | "sign"
  | "import"
  | "export"
  | "verify";
export type Outcome = "ok" | "denied" | "failed";

export type TimelineEvent = {
  at: string;
  officer: Badge | null;
  action: Action;
  outcome: Outcome;
  target: string | null;
};

export type Language = "sr-Latn" | "sr-Cyrl" | "hu" | "en";
export type Theme = "system" | "light" | "dark";
export type Prefs = { language: Language; auto_lock_minutes: number; theme: Theme };

export type AppStatus = {
  store_dir: string;
  store_exists: boolean;
  device: DeviceStatus | null;
  officer: OfficerInfo | null;
};

export type AppError = {
  code: string;
  message: string;
  attempts_before_lock?: number;
  attempts_before_wipe?: number;
  until?: string;
  fields?: Array<FieldError>;
  problem?: PassphraseProblem;
  badge?: string;
};
