// The values of the Rust enums, in the order the UI offers them. A test checks each has a label.
import type { Action, Outcome, Relationship, ReporterKind, Role, ViolenceForm, WeaponKind } from './bindings';

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
export const VIOLENCE_FORMS: ViolenceForm[] = ['physical', 'sexual', 'psychological', 'economic'];
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
];
/** Languages offered for people and statements (ISO 639 codes; core stores the code). */
export const PERSON_LANGUAGES = ['sr', 'hu', 'sk', 'ro', 'rue', 'sq', 'rom', 'bs', 'hr', 'en', 'de', 'ru', 'uk'];
export const OUTCOMES: Outcome[] = ['ok', 'denied', 'failed'];
