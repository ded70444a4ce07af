// Application state: which screen is shown, who is unlocked, preferences, auto-lock.
// A tiny state-driven router: `go(screen)` replaces the screen; there is no URL.
import { commands } from './commands';
import { toAppError } from './ipc';
import type { AppError, AppStatus, AssessmentId, CaseId, GeneratedDocument, OfficerInfo, OrderId, Prefs, PurposeCode, StatementId } from './bindings';
import { setLanguage } from './i18n.svelte';

export type Screen =
  | { name: 'loading' }
  | { name: 'setup' }
  | { name: 'unlock' }
  | { name: 'cases' }
  /** `focus`: the part of the form to bring into view (the case's warning about the
   *  social-welfare centre opens the form at its notification). */
  | { name: 'case-form'; id: CaseId | null; focus?: 'welfare' | null }
  | { name: 'case-view'; id: CaseId }
  | { name: 'statement'; caseId: CaseId; statementId: StatementId }
  | { name: 'risk'; caseId: CaseId; assessmentId: AssessmentId }
  | { name: 'order-wizard'; caseId: CaseId; orderId: OrderId | null }
  | { name: 'order'; caseId: CaseId; orderId: OrderId }
  /** A document just generated: its preview model lives only in memory, like the screen. */
  | { name: 'print'; caseId: CaseId; orderId: OrderId | null; doc: GeneratedDocument }
  | { name: 'settings' }
  | { name: 'sync' };

export const DEFAULT_PREFS: Prefs = { language: 'sr-Latn', auto_lock_minutes: 5, theme: 'system' };

export const app = $state({
  screen: { name: 'loading' } as Screen,
  status: null as AppStatus | null,
  officer: null as OfficerInfo | null,
  prefs: { ...DEFAULT_PREFS } as Prefs,
  /** Where the officer was when the device locked; restored after unlocking. */
  resume: null as Screen | null,
  /** Whose place `resume` is: another officer unlocking starts at the case list. */
  resumeBadge: null as string | null,
  /** The error that stopped start-up, if any. */
  fatal: null as AppError | null,
  /** The purpose the officer chose last in this session, offered first at the next question
   *  (core remembers the answers themselves; both are forgotten at lock). */
  lastPurpose: null as PurposeCode | null,
});

export function go(screen: Screen) {
  app.screen = screen;
}

/** Applies preferences to the document: language and theme. "system" is resolved here to light
 *  or dark (and follows the system's changes), so the stylesheet has one dark palette. */
export function applyPrefs(prefs: Prefs) {
  app.prefs = prefs;
  setLanguage(prefs.language);
  applyTheme();
}

const systemDark =
  typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia('(prefers-color-scheme: dark)')
    : null;
systemDark?.addEventListener?.('change', () => applyTheme());

function applyTheme() {
  if (typeof document === 'undefined') return;
  const theme = app.prefs.theme === 'system' ? (systemDark?.matches ? 'dark' : 'light') : app.prefs.theme;
  document.documentElement.dataset.theme = theme;
}

// Pending autosaves register here so that locking never loses a draft.
const flushers = new Set<() => Promise<void>>();

export function registerFlush(flush: () => Promise<void>): () => void {
  flushers.add(flush);
  return () => flushers.delete(flush);
}

export async function flushAll() {
  await Promise.allSettled([...flushers].map((f) => f()));
}

/** Loads preferences and status and decides the first screen. */
export async function start() {
  try {
    applyPrefs(await commands.getPrefs());
  } catch {
    applyPrefs({ ...DEFAULT_PREFS });
  }
  await refreshStatus();
}

export async function refreshStatus() {
  try {
    const status = await commands.appStatus();
    app.status = status;
    app.officer = status.officer;
    if (!status.store_exists) go({ name: 'setup' });
    else if (!status.officer) go({ name: 'unlock' });
    else if (app.screen.name === 'loading' || app.screen.name === 'unlock' || app.screen.name === 'setup')
      go({ name: 'cases' });
  } catch (e) {
    app.fatal = toAppError(e);
  }
}

/** The central record's roster can change the officer's role or rank while the store is
 *  unlocked (a sync round applies it): re-read them. The fields change in place, so nothing that
 *  follows the session itself (the auto-lock, sync polling) takes it for a new unlock. */
export async function refreshOfficer() {
  try {
    const fresh = (await commands.appStatus()).officer;
    if (fresh && app.officer && fresh.badge === app.officer.badge) {
      app.officer.role = fresh.role;
      app.officer.rank = fresh.rank;
      app.officer.name = fresh.name;
    }
  } catch {
    // The header keeps what it showed; the store decides at each act anyway.
  }
}

/** After a successful unlock or first run. */
export function unlocked(officer: OfficerInfo) {
  app.officer = officer;
  const back = app.resumeBadge === officer.badge ? app.resume : null;
  app.resume = null;
  app.resumeBadge = null;
  go(back ?? { name: 'cases' });
}

// What must be forgotten when the session ends (e.g. print previews held in memory).
const lockHooks = new Set<() => void>();

export function onLock(hook: () => void): () => void {
  lockHooks.add(hook);
  return () => lockHooks.delete(hook);
}

function forgetSession() {
  app.lastPurpose = null;
  for (const hook of lockHooks) hook();
}

function rememberScreen() {
  let s = app.screen;
  // A print preview is not kept over a lock: come back to where it was printed from.
  if (s.name === 'print') s = s.orderId ? { name: 'order', caseId: s.caseId, orderId: s.orderId } : { name: 'case-view', id: s.caseId };
  if (s.name !== 'unlock' && s.name !== 'setup' && s.name !== 'loading') {
    app.resume = s;
    app.resumeBadge = app.officer?.badge ?? null;
  }
}

/** Flushes autosaves, locks the store, and shows the unlock screen. */
export async function lockNow() {
  if (!app.officer) return;
  await flushAll();
  rememberScreen();
  try {
    await commands.lock();
  } catch {
    // Locked or not, the UI forgets the session.
  }
  app.officer = null;
  forgetSession();
  go({ name: 'unlock' });
  await refreshStatus();
}

/** A command said the session is gone (`not_unlocked`): go to unlock, keep the place. */
export function sessionLost() {
  if (app.screen.name === 'unlock') return;
  rememberScreen();
  app.officer = null;
  forgetSession();
  go({ name: 'unlock' });
  void refreshStatus();
}

// Auto-lock after inactivity.
let timer: ReturnType<typeof setTimeout> | null = null;

export function noteActivity() {
  if (timer) clearTimeout(timer);
  timer = null;
  if (!app.officer) return;
  const minutes = Math.min(30, Math.max(1, app.prefs.auto_lock_minutes || 5));
  timer = setTimeout(() => void lockNow(), minutes * 60_000);
}

export function stopAutoLock() {
  if (timer) clearTimeout(timer);
  timer = null;
}
