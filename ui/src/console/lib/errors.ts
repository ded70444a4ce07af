// A refusal as the operator reads it, in the operator's language: the console's codes
// (`console-error-<code>`), a lock-out with the time it ends (Belgrade time).
import { currentLocale, hasMessage, t } from '$lib/i18n.svelte';
import { formatTime } from '$lib/time';
import { ApiError } from './api';

/** A refusal on the station's screens: another administration's officer or device said as such. */
export function stationErrorText(e: unknown): string {
  return e instanceof ApiError && e.code === 'outside_jurisdiction' ? t('console-station-outside') : errorText(e);
}

export function errorText(e: unknown, now = Date.now()): string {
  if (!(e instanceof ApiError)) return t('console-error-unknown');
  if (e.code === 'locked_out' && e.retryAfter) {
    const until = new Date(now + e.retryAfter * 1000).toISOString();
    return t('console-error-locked_out-until', { time: formatTime(until, currentLocale()) });
  }
  const key = `console-error-${e.code}`;
  return hasMessage(key) ? t(key) : t('console-error-unknown');
}
