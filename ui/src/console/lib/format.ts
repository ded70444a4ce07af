// Instants as the console shows them: Belgrade time in the operator's language.
import { currentLocale } from '$lib/i18n.svelte';
import { formatDateTime, formatDeadline, formatLocalDateInput } from '$lib/time';

export const when = (iso: string | null | undefined) => formatDateTime(iso, currentLocale());
export const deadline = (iso: string | null | undefined) => formatDeadline(iso, currentLocale());
export const day = (date: string | null | undefined) => formatLocalDateInput(date ?? null);
