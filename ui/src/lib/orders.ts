// Small readers over an order for the screens: its number, the people it names, its events.
import type { Order, OrderEvent, OrderEventKind, Person } from './bindings';
import { t } from './i18n.svelte';

/** The official number once the central record gave one, else the provisional number. */
export function orderNumber(order: Order): { number: string; provisional: boolean } | null {
  const official = [...order.events].reverse().find((e) => e.event.kind === 'official_number');
  if (official && official.event.kind === 'official_number') return { number: official.event.number, provisional: false };
  if (order.issued) return { number: order.issued.provisional_number, provisional: true };
  return null;
}

/** "P-…" numbers in the case list are provisional until the central record's number arrives. */
export function isProvisional(number: string): boolean {
  return /^P-/.test(number);
}

export function personName(p: Person | undefined | null): string {
  if (!p) return '';
  return `${p.given_name} ${p.family_name}`.trim() || t(`role-${p.role}`);
}

/** When the event happened, for events that carry a time (a court decision carries a date). */
export function eventTime(e: OrderEventKind): string | null {
  switch (e.kind) {
    case 'court_decision':
    case 'official_number':
      return null;
    default:
      return e.at;
  }
}

/** Events in the order they happened (recording order for those without a time). */
export function legalTimeline(events: OrderEvent[]): OrderEvent[] {
  return [...events].sort((a, b) => {
    const ta = eventTime(a.event) ?? (a.event.kind === 'court_decision' ? `${a.event.decided_on}T12:00:00Z` : a.recorded_at);
    const tb = eventTime(b.event) ?? (b.event.kind === 'court_decision' ? `${b.event.decided_on}T12:00:00Z` : b.recorded_at);
    return Date.parse(ta) - Date.parse(tb);
  });
}
