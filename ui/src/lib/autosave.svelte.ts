// Autosave for forms: a save runs ~2 s after the last edit, and at least every few seconds while
// there are unsaved edits; `flush()` saves now (used before locking and when leaving a screen).
import { toAppError } from './ipc';
import type { AppError } from './bindings';

export type SaveState = 'idle' | 'dirty' | 'saving' | 'saved' | 'failed';

export interface AutosaveOptions {
  debounceMs?: number;
  intervalMs?: number;
}

export class Autosaver {
  state = $state<SaveState>('idle');
  savedAt = $state<string | null>(null);
  error = $state<AppError | null>(null);

  #save: () => Promise<string>;
  #debounceMs: number;
  #intervalMs: number;
  #dirty = false;
  #debounce: ReturnType<typeof setTimeout> | null = null;
  #interval: ReturnType<typeof setInterval> | null = null;
  #running: Promise<void> | null = null;
  #disposed = false;

  /** `save` stores a snapshot of the current form and resolves to the saved-at instant. */
  constructor(save: () => Promise<string>, opts: AutosaveOptions = {}) {
    this.#save = save;
    this.#debounceMs = opts.debounceMs ?? 2000;
    this.#intervalMs = opts.intervalMs ?? 5000;
  }

  get dirty() {
    return this.#dirty;
  }

  /** Marks the form edited. */
  touch() {
    if (this.#disposed) return;
    this.#dirty = true;
    if (this.state !== 'saving') this.state = 'dirty';
    if (this.#debounce) clearTimeout(this.#debounce);
    this.#debounce = setTimeout(() => void this.flush(), this.#debounceMs);
    if (!this.#interval) this.#interval = setInterval(() => void this.flush(), this.#intervalMs);
  }

  /** Saves now if there are unsaved edits; waits for a save already running. */
  async flush(): Promise<void> {
    if (this.#running) {
      await this.#running;
    }
    if (!this.#dirty) {
      this.#stopTimers();
      return;
    }
    this.#running = this.#run();
    try {
      await this.#running;
    } finally {
      this.#running = null;
    }
  }

  async #run() {
    this.#dirty = false;
    if (this.#debounce) clearTimeout(this.#debounce);
    this.#debounce = null;
    this.state = 'saving';
    try {
      this.savedAt = await this.#save();
      this.error = null;
      this.state = this.#dirty ? 'dirty' : 'saved';
      if (!this.#dirty) this.#stopTimers();
    } catch (e) {
      this.#dirty = true;
      this.error = toAppError(e);
      this.state = 'failed';
    }
  }

  #stopTimers() {
    if (this.#interval) clearInterval(this.#interval);
    this.#interval = null;
  }

  dispose() {
    this.#disposed = true;
    if (this.#debounce) clearTimeout(this.#debounce);
    this.#stopTimers();
  }
}
