// The values of the Rust enums, in the order the UI offers them. A test checks each has a label.
import type {
  Action,
  AppealOutcome,
  Answer,
  CaseWarning,
  ClockWarning,
  CourtOutcome,
  CoverageGap,
  DocumentKind,
  Household,
  Language,
  Measure,
  NotificationMeans,
  OrderEventKind,
  OrderEventName as BindingsEventName,
  OrderStatus,
  Outcome,
  Party,
  PurposeCode,
  Relationship,
  ReporterKind,
  RiskLevel,
  Role,
  ViolenceForm,
  WeaponKind,
  WeaponLegality,
} from './bindings';

export const ROLES: Role[] = ['victim', 'perpetrator', 'witness', 'child'];
export const RELATIONSHIPS: Relationship[] = [
  'spouse',
  'former_spouse',
  'cohabiting_partner',
  'former_cohabiting_partner',
  'intimate_partner',
  'common_child_parent',
  'parent',
  'child',
  'sibling',
  'grandparent',
  'grandchild',
  'other_blood_relative',
  'in_law',
  'adoptive_or_foster',
  'household_member',
  'none',
];
/**
 * The degrees of kinship the form offers for the relationships whose kind does not fix one (core's
 * `law::coverage::degrees` is the rule and refuses any other; these are the plausible ones).
 */
export const DEGREE_OPTIONS: Partial<Record<Relationship, number[]>> = {
  other_blood_relative: [2, 3, 4, 5, 6],
  in_law: [1, 2, 3, 4],
};
export const HOUSEHOLDS: Household[] = ['yes', 'lived', 'no', 'unknown'];
/** Why the law may not cover a perpetrator's relationship to the victim (core's CoverageGap). */
export const COVERAGE_GAPS: CoverageGap[] = [
  'not_related',
  'common_child_only',
  'collateral_beyond_second',
  'in_law_beyond_second',
  'degree_unknown',
];
export const VIOLENCE_FORMS: ViolenceForm[] = ['physical', 'sexual', 'psychological', 'economic'];
/** How the social-welfare centre was notified. */
export const NOTIFICATION_MEANS: NotificationMeans[] = ['phone', 'in_person', 'email', 'written', 'other'];
/** What a recorded case still owes (core's law::welfare::CaseWarning). */
export const CASE_WARNINGS: CaseWarning[] = ['welfare_not_notified'];
export const WEAPON_KINDS: WeaponKind[] = ['firearm', 'cold_weapon', 'other'];
export const REPORTER_KINDS: ReporterKind[] = [
  'victim',
  'family_member',
  'neighbour',
  'witness',
  'institution',
  'anonymous',
  'other',
];
/** Audit actions shown in a case timeline (core's audit::Action). */
export const TIMELINE_ACTIONS: Action[] = [
  'init',
  'unlock',
  'failed_unlock',
  'lockout',
  'lock',
  'officer_add',
  'passphrase_change',
  'create',
  'view',
  'update',
  'record',
  'sign',
  'import',
  'export',
  'verify',
  'assess',
  'issue',
  'serve',
  'forward',
  'prosecutor_received',
  'prosecutor_evaluated',
  'proposal_received',
  'extension_proposed',
  'prosecutor_declined',
  'court_decision',
  'decision_received',
  'appeal',
  'appeal_forwarded',
  'higher_court_decision',
  'violation',
  'escorted_visit',
  'welfare_notified',
  'lift',
  'official_number',
  'print',
  'enrol',
  'sync',
  'officer_remove',
  'wipe',
];
/** Languages offered for people and statements (ISO 639 codes; core stores the code). */
export const PERSON_LANGUAGES = ['sr', 'hu', 'sk', 'ro', 'rue', 'sq', 'rom', 'bs', 'hr', 'en', 'de', 'ru', 'uk'];
export const OUTCOMES: Outcome[] = ['ok', 'denied', 'failed'];
/** Why a case is consulted (EU Directive 2016/680 logging), in the order the purpose question offers them. */
export const PURPOSE_CODES: PurposeCode[] = ['responding_to_call', 'follow_up', 'station_review', 'judicial_request', 'training'];
/** The most characters of the purpose's words (core's `PURPOSE_TEXT_MAX_CHARS`). */
export const PURPOSE_TEXT_MAX = 200;
/** Risk levels from lowest to highest (core's RiskLevel is ordered the same way). */
export const RISK_LEVELS: RiskLevel[] = ['low', 'medium', 'high', 'extreme'];
export const ANSWERS: Answer[] = ['yes', 'no', 'unknown'];
export const MEASURES: Measure[] = ['removal_from_dwelling', 'contact_ban'];
export const ORDER_STATUSES: OrderStatus[] = ['draft', 'issued', 'in_force', 'expired', 'lifted'];
export const CLOCK_WARNINGS: ClockWarning[] = ['expiring_without_decision', 'not_forwarded', 'no_proposal'];
export const COURT_OUTCOMES: CourtOutcome[] = ['extended', 'refused'];
/** Who receives the court's decision and may appeal it. */
export const PARTIES: Party[] = ['prosecutor', 'perpetrator'];
export const APPEAL_OUTCOMES: AppealOutcome[] = ['upheld', 'overturned'];
export const WEAPON_LEGALITIES: WeaponLegality[] = ['licensed', 'unlicensed', 'unknown'];
export const DOCUMENT_KINDS: DocumentKind[] = ['order', 'receipt', 'summary'];
/** Languages a document can be printed in: the official languages at the scene. */
export const DOCUMENT_LANGUAGES: Language[] = ['sr-Latn', 'sr-Cyrl', 'hu'];
/** An event kind's name (core's `OrderEventName`, the `kind` tag of `OrderEventKind`). */
export type OrderEventName = OrderEventKind['kind'] & BindingsEventName;
/** Every kind of order event (the legal timeline). */
export const ORDER_EVENT_KINDS: OrderEventName[] = [
  'served',
  'forwarded',
  'prosecutor_received',
  'prosecutor_evaluated',
  'extension_proposed',
  'prosecutor_declined',
  'proposal_received',
  'court_decision',
  'decision_received',
  'appeal',
  'appeal_forwarded',
  'higher_court_decision',
  'lifted',
  'violation',
  'escorted_visit',
  'social_welfare_notified',
  'official_number',
];
/** The events an officer records on a served order, in the order the order view offers them. */
export const OFFICER_EVENT_KINDS: OrderEventName[] = [
  'forwarded',
  'extension_proposed',
  'prosecutor_declined',
  'court_decision',
  'decision_received',
  'appeal',
  'appeal_forwarded',
  'higher_court_decision',
  'violation',
  'escorted_visit',
  'social_welfare_notified',
  'lifted',
];
/** Officer events that carry a date (the court's) rather than an instant. */
export const DATED_EVENT_KINDS: OrderEventName[] = ['court_decision', 'higher_court_decision'];
export const ANSWER_PROBLEM_CODES = [
  'unknown_item',
  'unanswered',
  'note_required',
  'note_not_taken',
  'note_too_long',
  'control_character',
  'judgement_unanswered',
  'reasons_required',
  'reasons_too_long',
  'no_judgement_question',
] as const;
