// A clock for live countdowns: `now` (ms) re-renders whatever reads it every `TICK_MS`.
import { onMount } from 'svelte';
import { TICK_MS } from './clocks';

/** Call during component initialisation; the interval stops with the component. */
export function ticker(ms = TICK_MS): { now: number } {
  const state = $state({ now: Date.now() });
  onMount(() => {
    state.now = Date.now();
    const timer = setInterval(() => (state.now = Date.now()), ms);
    return () => clearInterval(timer);
  });
  return state;
}
