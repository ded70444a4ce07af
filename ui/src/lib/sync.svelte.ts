// The sync state the header badge and the sync screen share: polled from `sync_status` while the
// store is unlocked — about once a second while a round runs, every 15 s otherwise. The shell
// runs the rounds (at unlock, on network changes, on its backoff timer, on "sync now"); the UI
// only asks and shows.
import { untrack } from 'svelte';
import { commands } from './commands';
import { toAppError } from './ipc';
import type { AppError, SyncState } from './bindings';
import { POLL_IDLE_MS, POLL_RUNNING_MS } from './sync';

export const sync = $state({
  state: null as SyncState | null,
  /** Why the last `sync_status` or `sync_now` call failed (not why a round failed: that is in
   *  `state.status.last_error`). */
  error: null as AppError | null,
  /** Rounds seen to finish since unlocking. */
  finished: 0,
  /** Rounds seen to finish that applied changes from the central record (official numbers,
   *  court decisions): screens showing those reload when this moves. */
  changed: 0,
});

let timer: ReturnType<typeof setTimeout> | null = null;
let polling = false;

function schedule() {
  if (timer) clearTimeout(timer);
  timer = null;
  if (!polling) return;
  timer = setTimeout(() => void refreshSync(), sync.state?.running ? POLL_RUNNING_MS : POLL_IDLE_MS);
}

function take(next: SyncState) {
  const wasRunning = sync.state?.running ?? false;
  sync.state = next;
  sync.error = null;
  if (wasRunning && !next.running) {
    sync.finished++;
    if ((next.last_summary?.changes_applied ?? 0) > 0) sync.changed++;
  }
}

export async function refreshSync() {
  try {
    take(await commands.syncStatus());
  } catch (e) {
    sync.error = toAppError(e);
  } finally {
    schedule();
  }
}

/** Start polling (after unlocking); the first answer comes at once. */
export function startSyncPolling() {
  if (polling) return;
  polling = true;
  void refreshSync();
}

/** Stop polling and forget the state (on lock: nothing of the session stays on screen). */
export function stopSyncPolling() {
  polling = false;
  if (timer) clearTimeout(timer);
  timer = null;
  sync.state = null;
  sync.error = null;
}

/** "Sync now": the shell starts a round (unless one runs) and answers at once. */
export async function syncNow() {
  try {
    take(await commands.syncNow());
  } catch (e) {
    sync.error = toAppError(e);
  } finally {
    schedule();
  }
}

/** Enrol with a code; rejects with the AppError the enrolment form shows. */
export async function enroll(code: string): Promise<void> {
  take(await commands.enrollDevice(code.trim()));
  schedule();
}

/** Run `reload` each time a sync round applies changes from the central record (an official
 *  number, a court decision, a roster change), from now on. Call while a component initialises:
 *  the effect lives as long as the component. */
export function onSyncChange(reload: () => void) {
  let seen = sync.changed;
  $effect(() => {
    if (sync.changed !== seen) {
      seen = sync.changed;
      untrack(reload);
    }
  });
}
