// Small readers over an order for the screens: the people it names, when an event happened.
// Core decides its number, the events it admits and their order on the timeline (OrderView).
import type { OrderEventKind, Person } from './bindings';
import { t } from './i18n.svelte';

export function personName(p: Person | undefined | null): string {
  if (!p) return '';
  return `${p.given_name} ${p.family_name}`.trim() || t(`role-${p.role}`);
}

/** When the event happened, for events that carry a time (a court decision carries a date). */
export function eventTime(e: OrderEventKind): string | null {
  switch (e.kind) {
    case 'court_decision':
    case 'higher_court_decision':
    case 'official_number':
      return null;
    default:
      return e.at;
  }
}
