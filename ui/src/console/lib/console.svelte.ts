// The console's state: the session (who, the CSRF token, its limits), the purpose given for this
// session, the current view (a path under /console/), the language and the theme. The session's
// idle and absolute limits are watched here: past either, the console drops the session and shows
// sign-in with the reason, as it does when the server refuses with `session_expired`.
import type { Language } from '$lib/bindings';
import { DEFAULT_LANGUAGE, LANGUAGES, setLanguage } from '$lib/i18n.svelte';
import type { ConsolePurpose, ConsolePurposeCode, OperatorRole, SessionInfo, SignInRequest } from '../bindings';
import { api, onSessionEvents, setCsrfToken } from './api';

export const BASE = '/console/';

export type View =
  | { name: 'board' }
  | { name: 'order'; id: string }
  | { name: 'operators' }
  | { name: 'audit' }
  | { name: 'devices' }
  | { name: 'officers' }
  | { name: 'cases' }
  | { name: 'setup' };

export type Theme = 'system' | 'light' | 'dark';
export const THEMES: Theme[] = ['system', 'light', 'dark'];

/** Why sign-in is shown again (a catalogue key). */
export type Notice = 'console-notice-expired' | 'console-notice-signed-out' | 'console-notice-setup-done' | null;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The view a path under /console/ names; anything else is the board. */
export function viewOf(path: string): View {
  const rest = path.startsWith(BASE) ? path.slice(BASE.length) : '';
  const parts = rest.split('/').filter(Boolean);
  if (parts[0] === 'orders' && parts[1] && UUID.test(parts[1])) return { name: 'order', id: parts[1].toLowerCase() };
  if (parts[0] === 'operators') return { name: 'operators' };
  if (parts[0] === 'audit') return { name: 'audit' };
  if (parts[0] === 'devices') return { name: 'devices' };
  if (parts[0] === 'officers') return { name: 'officers' };
  if (parts[0] === 'cases') return { name: 'cases' };
  if (parts[0] === 'setup') return { name: 'setup' };
  return { name: 'board' };
}

export function pathOf(v: View): string {
  switch (v.name) {
    case 'order':
      return `${BASE}orders/${v.id}`;
    case 'board':
      return BASE;
    default:
      return `${BASE}${v.name}`;
  }
}

/** The views a role may open (the server refuses the rest anyway). */
export function viewsFor(role: OperatorRole): View['name'][] {
  switch (role) {
    case 'station':
      return ['board', 'order', 'devices', 'officers', 'cases'];
    case 'prosecutor':
    case 'court':
      return ['board', 'order'];
    case 'institution_admin':
      return ['operators'];
    case 'auditor':
      return ['audit'];
  }
}

/** Whether a view is a consultation the server audits with a purpose (asked first, once per
 *  session). The auditor's search is audited with the purpose `audit` by itself. */
export function needsPurpose(v: View): boolean {
  return v.name === 'board' || v.name === 'order' || v.name === 'operators' || v.name === 'devices' || v.name === 'officers' || v.name === 'cases';
}

/** The purpose the prompt offers first for a role. */
export function defaultPurpose(role: OperatorRole | undefined): ConsolePurposeCode {
  switch (role) {
    case 'institution_admin':
      return 'administration';
    case 'station':
      return 'supervision';
    case 'auditor':
      return 'audit';
    default:
      return 'duty_review';
  }
}

function systemDark(): boolean {
  return typeof window !== 'undefined' && !!window.matchMedia?.('(prefers-color-scheme: dark)').matches;
}

export const consoleState = $state({
  session: null as SessionInfo | null,
  /** Checked with the server at start. */
  ready: false,
  view: viewOf(typeof location === 'undefined' ? BASE : location.pathname) as View,
  purpose: null as ConsolePurpose | null,
  notice: null as Notice,
  theme: 'system' as Theme,
  /** When the session ends unless used (ms), and whatever happens. */
  idleEndsAt: 0,
  absoluteEndsAt: 0,
});

let idleWindowMs = 15 * 60_000;
let skewMs = 0;
let timer: ReturnType<typeof setInterval> | null = null;

export function applyTheme(theme: Theme = consoleState.theme) {
  consoleState.theme = theme;
  if (typeof document === 'undefined') return;
  document.documentElement.dataset.theme = theme === 'system' ? (systemDark() ? 'dark' : 'light') : theme;
  try {
    localStorage.setItem('zastita-console-theme', theme);
  } catch {
    // Storage refused: the choice lasts for this page.
  }
}

export function initialTheme(): Theme {
  try {
    const t = localStorage.getItem('zastita-console-theme');
    if (t && (THEMES as string[]).includes(t)) return t as Theme;
  } catch {
    // no storage
  }
  return 'system';
}

export function chooseLanguage(lang: string) {
  const l = (LANGUAGES as string[]).includes(lang) ? (lang as Language) : DEFAULT_LANGUAGE;
  setLanguage(l);
  try {
    localStorage.setItem('zastita-console-language', l);
  } catch {
    // no storage
  }
}

export function initialLanguage(): Language {
  try {
    const l = localStorage.getItem('zastita-console-language');
    if (l && (LANGUAGES as string[]).includes(l)) return l as Language;
  } catch {
    // no storage
  }
  return DEFAULT_LANGUAGE;
}

export function navigate(v: View, replace = false) {
  consoleState.view = v;
  if (typeof history !== 'undefined') {
    const path = pathOf(v);
    if (location.pathname !== path) (replace ? history.replaceState : history.pushState).call(history, null, '', path);
  }
}

function adopt(s: SessionInfo) {
  consoleState.session = s;
  setCsrfToken(s.csrf_token);
  const server = Date.parse(s.server_time);
  skewMs = Number.isNaN(server) ? 0 : Date.now() - server;
  const idle = Date.parse(s.idle_expires_at);
  idleWindowMs = Math.max(1_000, idle - server);
  consoleState.idleEndsAt = idle + skewMs;
  consoleState.absoluteEndsAt = Date.parse(s.absolute_expires_at) + skewMs;
  chooseLanguage(s.operator.language);
  const allowed = viewsFor(s.operator.role);
  if (!allowed.includes(consoleState.view.name)) navigate({ name: allowed[0] } as View, true);
  startWatch();
}

/** Ends the session on this side: back to sign-in, with why. */
export function endSession(notice: Notice) {
  consoleState.session = null;
  consoleState.purpose = null;
  consoleState.notice = notice;
  setCsrfToken(null);
  if (timer) clearInterval(timer);
  timer = null;
}

/** Checks the limits now (also called by the watch every few seconds). */
export function checkExpiry(now = Date.now()) {
  if (!consoleState.session) return;
  if (now >= consoleState.idleEndsAt || now >= consoleState.absoluteEndsAt) endSession('console-notice-expired');
}

function startWatch() {
  if (timer) clearInterval(timer);
  timer = setInterval(() => checkExpiry(), 5_000);
}

onSessionEvents(
  () => {
    if (consoleState.session) endSession('console-notice-expired');
  },
  () => {
    if (consoleState.session) consoleState.idleEndsAt = Math.min(Date.now() + idleWindowMs, consoleState.absoluteEndsAt);
  },
);

/** At start: a session the browser still holds (its cookie), or sign-in. */
export async function restore() {
  try {
    adopt(await api<SessionInfo>('GET', '/session'));
  } catch {
    consoleState.session = null;
  }
  consoleState.ready = true;
}

export async function signIn(req: SignInRequest) {
  const s = await api<SessionInfo>('POST', '/session', req);
  consoleState.notice = null;
  consoleState.purpose = null;
  adopt(s);
}

export async function signOut(everywhere = false) {
  try {
    if (everywhere) await api<void>('POST', '/session/everywhere');
    else await api<void>('DELETE', '/session');
  } catch {
    // Already ended on the server: this side ends it too.
  }
  endSession('console-notice-signed-out');
}

export function setPurpose(p: ConsolePurpose | null) {
  consoleState.purpose = p;
}

/** The purpose as the board's and documents' query parameters. */
export function purposeParams(p: ConsolePurpose | null): Record<string, string | undefined> {
  return { purpose: p?.code, purpose_text: p?.text };
}
