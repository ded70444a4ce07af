// Maps the field paths of validation issues ("incident.address", "people[1].jmbg") to the inputs
// that show them inline, and to a readable label for the ones shown in the summary.
import type { CaseContent, FieldError } from './bindings';
import { hasMessage, t } from './i18n.svelte';

export const INCIDENT_FIELDS = [
  'reported_at',
  'police_arrived_at',
  'address',
  'municipality',
  'reported_by',
  'reported_by.kind',
  'reported_by.name',
  'reported_by.phone',
  'forms_of_violence',
  'weapons_present',
  'weapons',
  'injuries',
  'children_present',
  'narrative',
];
/** Shown next to an input only while the input is there. */
const DANGER_WITHOUT_ACT = 'danger_without_act';
const WELFARE_FIELDS = ['welfare_notification.at', 'welfare_notification.centre', 'welfare_notification.note'];
export const PERSON_FIELDS = [
  'given_name',
  'family_name',
  'jmbg',
  'date_of_birth',
  'address',
  'phone',
  'relationship_to_victim',
  'language',
];

/** True when the case form shows this path next to an input. */
export function isInline(path: string, content: CaseContent): boolean {
  if (path === 'people') return true;
  let m = /^incident\.(.+)$/.exec(path);
  if (m) {
    if (INCIDENT_FIELDS.includes(m[1])) return true;
    if (m[1] === DANGER_WITHOUT_ACT) return content.incident.forms_of_violence.length === 0;
    if (WELFARE_FIELDS.includes(m[1])) return content.incident.welfare_notification !== null;
    const w = /^weapons\[(\d+)\]\.(kind|description|legality|seizure_receipt)$/.exec(m[1]);
    return !!w && Number(w[1]) < content.incident.weapons.length;
  }
  m = /^people\[(\d+)\]\.(.+)$/.exec(path);
  if (m) return Number(m[1]) < content.people.length && PERSON_FIELDS.includes(m[2]);
  return false;
}

/** A readable name for a path (for the summary list of issues not shown inline). */
export function pathLabel(path: string, content: CaseContent): string {
  const p = /^people\[(\d+)\]\.([a-z_]+)/.exec(path);
  if (p) {
    const i = Number(p[1]);
    const person = content.people[i];
    const key = `person-${p[2]}`;
    if (person) {
      const n = content.people.slice(0, i + 1).filter((q) => q.role === person.role).length;
      return t('issue-in-person', {
        role: t(`role-${person.role}`),
        n,
        field: hasMessage(key) ? t(key) : p[2],
      });
    }
  }
  const inc = /^incident\.([a-z_]+)/.exec(path);
  if (inc && hasMessage(`incident-${inc[1]}`)) return t(`incident-${inc[1]}`);
  return path;
}

export function summaryIssues(issues: FieldError[], content: CaseContent): FieldError[] {
  return issues.filter((i) => !isInline(i.field, content));
}
