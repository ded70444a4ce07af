// Small readers over an order for the screens: its number, the people it names, its events.
import type { Order, OrderDeadlines, OrderEvent, OrderEventKind, OrderStatus, Person } from './bindings';
import { OFFICER_EVENT_KINDS, type OrderEventName } from './enums';
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
    case 'higher_court_decision':
    case 'official_number':
      return null;
    default:
      return e.at;
  }
}

/** When a dated event (a court's decision) is placed on the timeline: noon of its day. */
function sortTime(e: OrderEvent): string {
  const k = e.event;
  if (k.kind === 'court_decision' || k.kind === 'higher_court_decision') return `${k.decided_on}T12:00:00Z`;
  return eventTime(k) ?? e.recorded_at;
}

/** Events in the order they happened (recording order for those without a time). */
export function legalTimeline(events: OrderEvent[]): OrderEvent[] {
  return [...events].sort((a, b) => Date.parse(sortTime(a)) - Date.parse(sortTime(b)));
}

/** Events that belong to the measures' running time (not to the court stage). */
const WHILE_IN_FORCE: OrderEventName[] = ['violation', 'escorted_visit', 'lifted'];

/**
 * The events the order view offers at `status`, from the facts core computed. Core judges every
 * event again when it is recorded (and refuses the wrong ones with its own codes); this only keeps
 * the officer's choice short.
 */
export function offeredEvents(status: OrderStatus, d: OrderDeadlines): OrderEventName[] {
  const base: OrderEventName[] =
    status === 'in_force'
      ? OFFICER_EVENT_KINDS
      : status === 'issued'
        ? ['forwarded', 'social_welfare_notified']
        : status === 'expired'
          ? OFFICER_EVENT_KINDS.filter((k) => !WHILE_IN_FORCE.includes(k))
          : [];
  const appeals = d.appeals ?? [];
  return base.filter((k) => {
    switch (k) {
      case 'forwarded':
        return !d.forwarded_at;
      case 'extension_proposed':
      case 'prosecutor_declined':
        return !d.proposed_at && !d.declined_at;
      case 'court_decision':
        return !!d.proposed_at;
      case 'decision_received':
      case 'appeal':
        return d.decided;
      case 'appeal_forwarded':
        return appeals.some((a) => !a.forwarded_at);
      case 'higher_court_decision':
        return appeals.some((a) => !!a.forwarded_at && !a.outcome);
      default:
        return true;
    }
  });
}
