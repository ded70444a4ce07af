// The live side of an order's clocks. Core computes every legal instant (expiry, the warning
// thresholds); the UI only compares them with the current time so that a countdown and its
// warnings change by themselves while the screen is open. No rule is decided here.
import type { ClockWarning, OrderBadge, OrderDeadlines, OrderStatus } from './bindings';
import { t } from './i18n.svelte';

/** How often live countdowns re-render. */
export const TICK_MS = 30_000;

const at = (iso: string | null | undefined): number | null => {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
};

/** Where an order stands at `now` (ms): the comparison core's `law::clocks` makes. */
export function statusAt(issued: boolean, d: OrderDeadlines, now: number): OrderStatus {
  if (!issued) return 'draft';
  const lifted = at(d.lifted_at);
  if (lifted !== null && lifted <= now) return 'lifted';
  const end = at(d.expires_at);
  if (end === null) return 'issued';
  return now >= end ? 'expired' : 'in_force';
}

/**
 * The warnings in force at `now`, in core's order (`law::clocks`): each is on from its
 * `*_warning_from` instant. Core sets an instant to null once the fact that answers it is
 * recorded (a decision, the prosecutor's answer, the forwarding), so only the instants are read.
 * "Not forwarded" applies before service too: forwarding is owed from the risk assessment.
 */
export function warningsAt(status: OrderStatus, d: OrderDeadlines, now: number): ClockWarning[] {
  const out: ClockWarning[] = [];
  const on = (iso: string | null | undefined) => {
    const from = at(iso);
    return from !== null && now >= from;
  };
  const inForce = status === 'in_force';
  const live = inForce || status === 'issued';
  if (inForce && on(d.expiry_warning_from)) out.push('expiring_without_decision');
  if (live && on(d.forward_warning_from)) out.push('not_forwarded');
  if (inForce && on(d.no_proposal_warning_from)) out.push('no_proposal');
  return out;
}

export interface Remaining {
  /** Milliseconds until the instant; negative once it has passed. */
  ms: number;
  /** Whole hours left (all of them, not hours-of-the-day); 0 once passed. */
  hours: number;
  /** Whole minutes left beyond `hours`. */
  minutes: number;
  days: number;
  /** Hours left beyond `days`. */
  dayHours: number;
  passed: boolean;
}

/** Time left until `iso` at `now`, rounded down to the minute. */
export function remaining(iso: string, now: number): Remaining {
  const ms = (at(iso) ?? now) - now;
  const totalMinutes = Math.max(0, Math.floor(ms / 60_000));
  const hours = Math.floor(totalMinutes / 60);
  return {
    ms,
    hours,
    minutes: totalMinutes % 60,
    days: Math.floor(hours / 24),
    dayHours: hours % 24,
    passed: ms <= 0,
  };
}

/** "47 h 12 min", or "12 d 5 h" from three days on. */
export function durationText(r: Remaining): string {
  return r.hours >= 72 ? t('clock-duration-days', { days: r.days, hours: r.dayHours }) : t('clock-duration', { hours: r.hours, minutes: r.minutes });
}

/** "47 h 12 min left" (or "ended" once the instant has passed). */
export function leftText(iso: string, now: number): string {
  const r = remaining(iso, now);
  return r.passed ? t('clock-passed') : t('clock-left', { time: durationText(r) });
}

/** An order of the case list with its status and warnings at `now`. */
export interface LiveBadge {
  badge: OrderBadge;
  status: OrderStatus;
  warnings: ClockWarning[];
}

export function liveBadges(orders: OrderBadge[], now: number): LiveBadge[] {
  return orders.map((badge) => {
    const status = statusAt(true, badge, now);
    return { badge, status, warnings: warningsAt(status, badge, now) };
  });
}

/** The order in force that ends first, if any. */
export function soonestInForce(orders: OrderBadge[], now: number): LiveBadge | null {
  const live = liveBadges(orders, now).filter((b) => b.status === 'in_force' && b.badge.expires_at);
  live.sort((a, b) => Date.parse(a.badge.expires_at!) - Date.parse(b.badge.expires_at!));
  return live[0] ?? null;
}
