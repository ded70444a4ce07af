import { render, screen, fireEvent, waitFor } from '@testing-library/svelte';
import { expect, it, vi } from 'vitest';
import { mockCommands } from './mock';
vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
// Tauri runs the UI with Object.prototype frozen (security.freezePrototype); this file freezes it too.

it('starts in the saved language and theme, lists cases and opens a new case form, with a frozen Object.prototype as Tauri runs it', async () => {
  Object.freeze(Object.prototype);
  const { default: App } = await import('../App.svelte');
  mockCommands({
    get_prefs: () => ({ language: 'en', auto_lock_minutes: 5, theme: 'dark' }),
    app_status: () => ({ store_dir: '/x', store_exists: true, officer: { badge: '1', name: 'A', role: 'competent', rank: '' }, device: null }),
    list_cases: () => [{ id: 'c1', status: 'draft', version: 0, has_draft: true, sort_at: '2024-01-01T00:00:00Z', reported_at: '2024-01-01T00:00:00Z', address: 'A 1', municipality: 'NS', victims: ['V'], perpetrators: ['P'], firearm: true }],
    new_person: (a) => ({ id: 'p1', role: a?.role, given_name: '', family_name: '', jmbg: '', date_of_birth: null, address: '', phone: '', relationship_to_victim: null, language: 'sr', interpreter_needed: false }),
  });
  render(App);
  await screen.findByTestId('case-row');
  expect(document.documentElement.dataset.theme).toBe('dark');
  expect(document.documentElement.lang).toBe('en');
  await fireEvent.click(screen.getByTestId('case-new'));
  await fireEvent.click(await screen.findByTestId('person-add-perpetrator'));
  await waitFor(() => expect(screen.getByTestId('person').dataset.role).toBe('perpetrator'));
  await fireEvent.click(screen.getByTestId('incident-reported-at-now'));
  expect((screen.getByTestId('incident-reported-at') as HTMLInputElement).value).toMatch(/^\d\d\.\d\d\.\d{4}\. \d\d:\d\d$/);
});
