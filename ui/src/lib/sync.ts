// What the sync screen and the header badge show, derived from `sync_status` (core's status plus
// the shell's live state). Core decides what is pending, quarantined or skewed; this file only
// chooses how to say it: which badge, which message key, how long ago.
import type { AppError, SyncState } from './bindings';
import { hasMessage, t } from './i18n.svelte';

/** While a round runs the screen and the badge ask for the status about once a second. */
export const POLL_RUNNING_MS = 1_000;
/** Otherwise the badge refreshes now and then (pending counts change as the officer records). */
export const POLL_IDLE_MS = 15_000;

/** The header badge, most urgent first. */
export const BADGE_STATES = ['syncing', 'not-enrolled', 'error', 'quarantine', 'pending', 'synced'] as const;
export type BadgeState = (typeof BADGE_STATES)[number];

/** The record kinds of the wire protocol (`zastita_protocol::RecordKind`), as quarantined and
 *  conflicting records name them. */
export const RECORD_KINDS = ['case', 'person', 'statement', 'assessment', 'order', 'document', 'audit', 'unknown'] as const;

export function badgeState(s: SyncState | null): BadgeState | null {
  if (!s) return null;
  if (s.running) return 'syncing';
  if (!s.status.enrolled) return 'not-enrolled';
  if (s.status.last_error_code) return 'error';
  if (refusedCount(s) > 0) return 'quarantine';
  if (s.status.pending > 0) return 'pending';
  return 'synced';
}

/** The badge's text, e.g. "3 na čekanju" or "Sinhronizovano". */
export function badgeText(s: SyncState | null): string {
  const state = badgeState(s);
  if (!s || !state) return '';
  return t(`sync-badge-${state}`, { count: s.status.pending, quarantined: refusedCount(s) });
}

/** What the central record refused and the station must look at: quarantined records and
 *  documents whose PDF it would not take. */
export function refusedCount(s: SyncState): number {
  return s.status.quarantined.length + s.status.attachments_refused.length;
}

/** Why the central record refused a document's PDF, in plain language; an unknown code falls back
 *  to its English detail. */
export function refusalText(code: string, detail: string): string {
  const key = `sync-refused-${code}`;
  return hasMessage(key) ? t(key) : detail;
}

/** Percent of the current phase done (0–100), or null when the total is unknown. */
export function progressPercent(done: number, total: number | null): number | null {
  if (total === null || total <= 0) return null;
  return Math.max(0, Math.min(100, Math.round((done / total) * 100)));
}

/** The label of a progress phase; an unknown phase reads as "working". */
export function phaseLabel(phase: string): string {
  const key = `sync-phase-${phase}`;
  return hasMessage(key) ? t(key) : t('sync-phase-other');
}

/** An error of sync or enrolment in plain language: `error-<code>` from the catalogues (core's
 *  sync codes have their messages there), else the generic text naming the code. */
export function syncErrorText(code: string): string {
  const key = `error-${code}`;
  return code !== 'unknown' && hasMessage(key) ? t(key) : t('sync-error-other', { code });
}

export function appErrorText(e: AppError): string {
  return syncErrorText(e.code);
}

/** "just now", "5 min ago", "3 h ago", "2 days ago" — from the catalogues (Serbian plurals). */
export function agoText(iso: string | null | undefined, now: number): string {
  if (!iso) return '';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const s = Math.round((now - at) / 1000);
  if (s < 0) return t('sync-in-future');
  if (s < 60) return t('sync-ago-now');
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return t('sync-ago-minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('sync-ago-hours', { count: hours });
  return t('sync-ago-days', { count: Math.floor(hours / 24) });
}

/** "in 40 s", "in 3 min" — when the next automatic attempt is due. */
export function inText(iso: string | null | undefined, now: number): string {
  if (!iso) return '';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const s = Math.max(0, Math.round((at - now) / 1000));
  if (s < 60) return t('sync-in-seconds', { count: s });
  return t('sync-in-minutes', { count: Math.ceil(s / 60) });
}

/** The skew as the officer reads it: minutes (or seconds) and which way the device is off.
 *  `skew_ms` is core's: the server's clock minus the device's (negative: the device is ahead). */
export function skewText(skewMs: number): string {
  const abs = Math.abs(skewMs);
  const minutes = Math.floor(abs / 60_000);
  const amount = minutes >= 1 ? t('sync-skew-minutes', { count: minutes }) : t('sync-skew-seconds', { count: Math.round(abs / 1000) });
  return t(skewMs < 0 ? 'sync-skew-ahead' : 'sync-skew-behind', { amount });
}

/** The server's time at `deviceNow`, given the measured skew (server minus device). */
export function serverTimeAt(deviceNow: number, skewMs: number): number {
  return deviceNow + skewMs;
}

/** A record id shortened for a list line (the full id is in the title). */
export function shortId(id: string): string {
  return id.length > 13 ? `…${id.slice(-12)}` : id;
}

/** The label of a record kind (`case`, `order`, …). */
export function kindLabel(kind: string): string {
  const key = `sync-kind-${kind}`;
  return hasMessage(key) ? t(key) : kind;
}
