// How a command is called: `call` (used only by the generated client, ./commands.ts, which
// components use; never `invoke` directly), every rejection made an `AppError`, the
// `not_unlocked` listeners the router uses to go to the unlock screen, and the purpose question:
// a consultation of a case refused with `purpose_required` asks the officer once (the shell's
// dialog, through the asker App.svelte registers), then the same call is made again.
import { invoke } from '@tauri-apps/api/core';
import type { AppError, CaseId } from './bindings';

type Listener = (e: AppError) => void;
const notUnlockedListeners = new Set<Listener>();

/** Called whenever a command rejects with `not_unlocked` (the router goes to the unlock screen). */
export function onNotUnlocked(listener: Listener): () => void {
  notUnlockedListeners.add(listener);
  return () => notUnlockedListeners.delete(listener);
}

/** Turns whatever a rejected invoke carries into an AppError (the shell may reject with a string). */
export function toAppError(raw: unknown): AppError {
  if (raw && typeof raw === 'object' && typeof (raw as { code?: unknown }).code === 'string') {
    return raw as AppError;
  }
  return { code: 'unknown', message: typeof raw === 'string' ? raw : String(raw) };
}

export function isAppError(e: unknown): e is AppError {
  return !!e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string';
}

/** Asks the officer the purpose for a case and gives it to core (`set_purpose`); resolves
 *  `true` when it was given, `false` when the officer cancelled. */
export type PurposeAsker = (caseId: CaseId) => Promise<boolean>;
let asker: PurposeAsker | null = null;
/** One question per case at a time: the case view's calls that fail together wait for it. */
const asking = new Map<CaseId, Promise<boolean>>();

/** Registers the shell's purpose question (one at a time; returns the unregister). */
export function setPurposeAsker(a: PurposeAsker): () => void {
  asker = a;
  return () => {
    if (asker === a) asker = null;
  };
}

function askPurpose(caseId: CaseId): Promise<boolean> {
  const ask = asker;
  if (!ask) return Promise.resolve(false);
  let pending = asking.get(caseId);
  if (!pending) {
    pending = ask(caseId).finally(() => asking.delete(caseId));
    asking.set(caseId, pending);
  }
  return pending;
}

/** How often one call asks again after a purpose was given (core forgets purposes only at lock,
 *  so once is the rule; the bound keeps a confused store from looping). */
const PURPOSE_RETRIES = 2;

export async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await invoke<T>(cmd, args);
    } catch (raw) {
      const err = toAppError(raw);
      if (err.code === 'not_unlocked') for (const l of notUnlockedListeners) l(err);
      // The list's purpose is asked by the list itself (inline, so "new case" stays at hand).
      if (err.code === 'purpose_required' && err.case_id && attempt < PURPOSE_RETRIES && (await askPurpose(err.case_id))) continue;
      throw err;
    }
  }
}
