// Instants are UTC RFC 3339 strings everywhere; the officer sees and types Belgrade local time.
export const ZONE = 'Europe/Belgrade';

function zoneParts(ms: number) {
  const f = new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(ms))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return p as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

/** Offset of Belgrade from UTC at instant `ms`, in milliseconds (+1 h or +2 h). */
export function belgradeOffset(ms: number): number {
  const p = zoneParts(ms);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** UTC instant (ms) of a Belgrade wall-clock time; DST-aware (the offset for that local time). */
export function belgradeToUtc(y: number, mo: number, d: number, h: number, mi: number): number {
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  let utc = wall - belgradeOffset(wall);
  // A second pass settles times near a DST switch.
  utc = wall - belgradeOffset(utc);
  return utc;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Parses "DD.MM.YYYY. HH:MM" leniently (also D.M.YYYY H:MM, YYYY-MM-DD HH:MM, YYYY-MM-DDTHH:MM). */
export function parseLocalDateTime(text: string): string | null {
  const s = text.trim();
  let m = /^(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4})\.?[\s,T]+(\d{1,2})[:.](\d{2})$/.exec(s);
  let y: number, mo: number, d: number, h: number, mi: number;
  if (m) {
    [d, mo, y, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  } else {
    m = /^(\d{4})-(\d{1,2})-(\d{1,2})[\sT]+(\d{1,2}):(\d{2})$/.exec(s);
    if (!m) return null;
    [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  }
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59) return null;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > daysInMonth) return null;
  return new Date(belgradeToUtc(y, mo, d, h, mi)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** An instant as the text the datetime inputs take: "DD.MM.YYYY. HH:MM" in Belgrade time. */
export function formatLocalDateTimeInput(iso: string | null): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const p = zoneParts(ms);
  return `${pad(p.day)}.${pad(p.month)}.${p.year}. ${pad(p.hour)}:${pad(p.minute)}`;
}

/** The current minute as a UTC RFC 3339 string. */
export function nowIso(): string {
  const ms = Math.floor(Date.now() / 60000) * 60000;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** This instant, to the millisecond: the default time of an order event, which must not fall
 *  before the issuing moments earlier in the same minute. */
export function nowExactIso(): string {
  return new Date().toISOString();
}

/** Parses a date "DD.MM.YYYY." (or YYYY-MM-DD) into "YYYY-MM-DD". */
export function parseLocalDate(text: string): string | null {
  const s = text.trim();
  let m = /^(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4})\.?$/.exec(s);
  let y: number, mo: number, d: number;
  if (m) [d, mo, y] = [m[1], m[2], m[3]].map(Number);
  else {
    m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
    if (!m) return null;
    [y, mo, d] = [m[1], m[2], m[3]].map(Number);
  }
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return null;
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
}

export function formatLocalDateInput(date: string | null): string {
  if (!date) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[3]}.${m[2]}.${m[1]}.` : date;
}

/** Date and time for display, in Belgrade time and the given locale. */
export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { timeZone: ZONE, dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** A date for display, in Belgrade time and the given locale ("14. 3. 2025."). */
export function formatDate(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { timeZone: ZONE, dateStyle: 'medium' }).format(d);
}

export function formatTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
}

/** "m:ss" (or "h:mm:ss") until `until`, for lockout countdowns. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** A legal deadline for display: weekday, date and time in Belgrade ("pon, 26. 10. 2026. 09:00"). */
export function formatDeadline(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(locale, {
    timeZone: ZONE,
    weekday: 'short',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d);
}
