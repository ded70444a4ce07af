// How a command is called: `call` (used only by the generated client, ./commands.ts, which
// components use; never `invoke` directly), every rejection made an `AppError`, and the
// `not_unlocked` listeners the router uses to go to the unlock screen.
import { invoke } from '@tauri-apps/api/core';
import type { AppError } from './bindings';

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

export async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (raw) {
    const err = toAppError(raw);
    if (err.code === 'not_unlocked') for (const l of notUnlockedListeners) l(err);
    throw err;
  }
}
