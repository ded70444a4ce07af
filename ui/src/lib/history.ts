// A person's history at the scene as the UI words it: who can be looked up, a suggestion's
// source ("NS-2025-00412 (14. 3. 2025.)"), an order in force as a flag line, and the state of
// what was checked. Core decides everything; these only choose the words.
import type { CaseId, InForceFlag, Person, PersonHistory, PersonId, Suggestion, SuggestionSource } from './bindings';
import { commands } from './commands';
import { hasMessage, t } from './i18n.svelte';
import { formatDate, formatDateTime } from './time';

/** Whether core can match the person: a JMBG, or family name, given name and date of birth. */
export function identified(p: Person): boolean {
  return p.jmbg.trim() !== '' || (p.family_name.trim() !== '' && p.given_name.trim() !== '' && p.date_of_birth !== null);
}

/** A recorded value (`contact_ban`, `physical`…) in words, or the value itself when unknown. */
export function word(prefix: string, value: string): string {
  const key = `${prefix}-${value}`;
  return hasMessage(key) ? t(key) : value;
}

/** "NS-2025-00412 (14. 3. 2025.)", with the order's number when an order is the fact. */
export function sourceText(s: SuggestionSource, locale: string): string {
  const args = { case: s.case_number ?? s.case_id.slice(0, 8), date: formatDate(s.date, locale) };
  return s.order_number ? t('history-source-order', { ...args, order: s.order_number }) : t('history-source', args);
}

/** "contact ban until 12. 12. 2026. 21:15 — possible violation (Art. 36)". */
export function flagText(f: InForceFlag, locale: string): string {
  return t('history-flag-in-force', {
    measures: f.measures.map((m) => word('history-measure', m)).join(', '),
    until: formatDateTime(f.ends_at, locale),
    article: f.article,
  });
}

/** What was checked and what could not be, in one sentence. */
export function checkedText(h: PersonHistory, reached: boolean | null, locale: string): string {
  const where = h.list_refreshed_at
    ? t('history-checked-device-list', { time: formatDateTime(h.list_refreshed_at, locale) })
    : t('history-checked-device');
  if (reached === true && h.central_answered_at) return t('history-checked-central', { time: formatDateTime(h.central_answered_at, locale) });
  const last = h.central_answered_at ? t('history-central-last', { time: formatDateTime(h.central_answered_at, locale) }) : t('history-central-never');
  return reached === false ? t('history-central-unreached', { where, last }) : t('history-central-not-asked', { where, last });
}

/** A suggestion with the person whose history gave it (what `accept_suggestion` needs). */
export type PersonSuggestion = { person_id: PersonId; suggestion: Suggestion };

/** Every suggestion of the case's identifiable people's histories (the draft's people when
 *  there is one), one per item and source. */
export async function caseSuggestions(caseId: CaseId): Promise<PersonSuggestion[]> {
  const view = await commands.openCase(caseId);
  const people = (view.draft ?? view.file).people.filter(identified);
  const out: PersonSuggestion[] = [];
  for (const p of people) {
    const h = await commands.personHistory({ case_id: caseId, person_id: p.id, purpose: null });
    for (const s of h.suggestions) out.push({ person_id: p.id, suggestion: s });
  }
  return out;
}
